"""Memory of large pulls: what the process holds while ``iter_metric_data`` streams, what each
result of ``get_metric_data`` costs, and what holding the pending queries costs.

Run: ``python benchmarks/memory.py [--queries 100000] [--held 10000] [--pending 1000000]``

Each measurement runs in a fresh process of its own, against an emulator in another process
with its rate limits off (so a pull of 100,000 queries takes a minute, not ten) and pacing off
in the client: what is measured is memory, not pacing.

* Streaming: peak RSS during ``iter_metric_data`` over ``--queries`` queries of 30 daily
  points, the consumer dropping every item, over the RSS just before the pull (the queries
  already built).
* Held: RSS added by a ``get_metric_data`` answer of ``--held`` results of 30 points, per
  result.
* Pending: bytes per ``BatchGetMetricDataQuery`` held before a pull (tracemalloc), and for
  ``--pending`` queries in all; and the streaming pull again, its queries fed by a generator
  (made as batches go out) instead of held in a list.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import textwrap

from metricsdk.testing import Emulator

SERVER = textwrap.dedent(
    """
    import sys
    from metricsdk.testing import Emulator
    with Emulator(ses_calls_per_second=None, ses_queries_per_second=None) as emulator:
        print(emulator.url, flush=True)
        sys.stdin.read()
    """
)

CLIENT = textwrap.dedent(
    """
    import json, resource, sys
    from datetime import date, timedelta
    from metricsdk.sesv2 import BatchGetMetricDataQuery, SESv2Client

    def rss_mib():
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * resource.getpagesize() / 2**20

    def peak_mib():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    mode, count, url, key, secret = sys.argv[1], int(sys.argv[2]), *sys.argv[3:6]
    start = date(2026, 1, 1)
    made = (
        BatchGetMetricDataQuery(
            id=f"q{n}", metric="SEND", start_date=start, end_date=start + timedelta(days=30),
            dimensions={"EMAIL_IDENTITY": f"sender{n % 500}.example.com"},
        )
        for n in range(count)
    )
    queries = made if mode == "generator" else list(made)
    from metricsdk import AwsCredentials
    ses = SESv2Client(region="us-east-1", credentials=AwsCredentials(key, secret),
                      endpoint_url=url, rate_limiter=None)
    first = BatchGetMetricDataQuery(id="warm", metric="SEND", start_date=start,
                                    end_date=start + timedelta(days=30))
    ses.batch_get_metric_data(queries=[first])  # everything loaded and built once
    before = rss_mib()
    if mode in ("stream", "generator"):
        points = 0
        for item in ses.iter_metric_data(queries=queries):
            points += len(getattr(item, "values", ()))
        print(json.dumps({"before": before, "peak": peak_mib(), "points": points}))
    else:
        answer = ses.get_metric_data(queries=queries)
        after = rss_mib()
        print(json.dumps({"before": before, "after": after, "results": len(answer.results)}))
    """
)

PENDING = textwrap.dedent(
    """
    import json, sys, tracemalloc
    from datetime import date, timedelta
    from metricsdk.sesv2 import BatchGetMetricDataQuery
    count = int(sys.argv[1])
    tracemalloc.start()
    start = date(2026, 1, 1)
    queries = [
        BatchGetMetricDataQuery(
            id=f"q{n}", metric="SEND", start_date=start, end_date=start + timedelta(days=30),
            dimensions={"EMAIL_IDENTITY": f"sender{n}.example.com"},
        )
        for n in range(count)
    ]
    current, _ = tracemalloc.get_traced_memory()
    print(json.dumps({"bytes": current, "count": len(queries)}))
    """
)


def run(code: str, *args: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    answer: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--queries", type=int, default=100_000)
    parser.add_argument("--held", type=int, default=10_000)
    parser.add_argument("--pending", type=int, default=1_000_000)
    arguments = parser.parse_args()
    key = Emulator.aws_credentials
    with subprocess.Popen(
        [sys.executable, "-c", SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as server:
        assert server.stdout is not None
        assert server.stdin is not None
        url = server.stdout.readline().strip()
        credentials = (url, key.access_key_id, key.secret_access_key)
        stream = run(CLIENT, "stream", str(arguments.queries), *credentials)
        fed = run(CLIENT, "generator", str(arguments.queries), *credentials)
        held = run(CLIENT, "hold", str(arguments.held), *credentials)
        server.stdin.close()
    pending = run(PENDING, str(min(arguments.pending, 200_000)))
    per_query = pending["bytes"] / pending["count"]
    print("| measure | result |\n|---|---|")
    print(
        f"| iter_metric_data over {arguments.queries:,} queries ({stream['points']:,} points), "
        f"consumer dropping each item | peak RSS {stream['peak'] - stream['before']:.1f} MiB "
        f"over the {stream['before']:.1f} MiB before the pull |"
    )
    print(
        f"| the same, the queries fed by a generator | peak RSS "
        f"{fed['peak'] - fed['before']:.1f} MiB over the {fed['before']:.1f} MiB before the pull |"
    )
    added = (held["after"] - held["before"]) * 2**20 / held["results"]
    print(
        f"| get_metric_data holding {held['results']:,} results of 30 points | "
        f"{added / 1024:.2f} KiB per result |"
    )
    print(
        f"| a pending BatchGetMetricDataQuery | {per_query:,.0f} bytes; "
        f"{per_query * arguments.pending / 2**20:,.0f} MiB for {arguments.pending:,} |"
    )


if __name__ == "__main__":
    main()
