"""Our SES v2 wire format against botocore's, over many generated inputs."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import httpx
import respx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metricsdk import AwsCredentials, RetryPolicy
from metricsdk.sesv2 import (
    BatchGetMetricDataQuery,
    BatchGetMetricDataRequest,
    Metric,
    MetricDimensionName,
    SESv2Client,
)
from metricsdk.sesv2.operations import build_batch_get_metric_data, parse_batch_get_metric_data
from tests.parity import botocore_oracle as oracle

EPOCH = datetime(2020, 1, 1, tzinfo=timezone.utc)

ids = st.text(min_size=1, max_size=40)
moments = st.integers(min_value=0, max_value=10**8).map(lambda s: EPOCH + timedelta(seconds=s))
micro_moments = st.builds(lambda m, us: m.replace(microsecond=us), moments, st.integers(0, 999_999))
# Any string: the model's MetricDimensionValue has no constraint, so commas, "*" and empty
# values are sent as given, as botocore sends them.
dimension_values = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30
) | st.sampled_from(["*", "a,b", ",".join(f"v{n}" for n in range(11)), ""])


@st.composite
def queries(draw: st.DrawFn) -> list[BatchGetMetricDataQuery]:
    count = draw(st.integers(1, 10))
    # Ids may repeat and an interval may be empty or reversed: the model forbids neither.
    names = draw(st.lists(ids, min_size=count, max_size=count))
    out = []
    for name in names:
        start = draw(st.one_of(moments, micro_moments))
        length = draw(st.integers(-(10**7), 10**7))
        dims = draw(
            st.one_of(
                st.none(),
                st.dictionaries(
                    st.sampled_from(list(MetricDimensionName)),
                    dimension_values,
                    min_size=1,
                    max_size=3,
                ),
            )
        )
        out.append(
            BatchGetMetricDataQuery(
                id=name,
                metric=draw(st.sampled_from(list(Metric))),
                start_date=start,
                end_date=start + timedelta(seconds=length),
                dimensions=dims,
            )
        )
    return out


def wire_params(qs: list[BatchGetMetricDataQuery]) -> dict[str, object]:
    """The same input as boto3 users would write it."""
    return {
        "Queries": [
            {
                "Id": q.id,
                "Namespace": q.namespace.value,
                "Metric": q.metric.value,
                "StartDate": q.start_date,
                "EndDate": q.end_date,
                **(
                    {"Dimensions": {k.value: v for k, v in q.dimensions.items()}}
                    if q.dimensions
                    else {}
                ),
            }
            for q in qs
        ]
    }


@settings(max_examples=150, deadline=None)
@given(queries())
def test_request_matches_botocore_serialization(qs: list[BatchGetMetricDataQuery]) -> None:
    ours = build_batch_get_metric_data(BatchGetMetricDataRequest(queries=qs))
    theirs = oracle.serialize("sesv2", "BatchGetMetricData", wire_params(qs))
    assert ours.method == theirs["method"]
    assert ours.path == theirs["url_path"]
    assert dict(ours.headers)["content-type"] == theirs["headers"]["Content-Type"]
    assert json.loads(ours.body) == oracle.json_body(theirs["body"])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    qs=queries(),
    token=st.one_of(st.none(), st.text("abcdef0123456789/+=", min_size=8)),
    region=st.sampled_from(["us-east-1", "eu-west-1", "ap-southeast-2"]),
)
def test_signature_verifies_with_botocore(
    qs: list[BatchGetMetricDataQuery], token: str | None, region: str
) -> None:
    credentials = AwsCredentials("AKIDPARITY", "parity/secret+key", token)
    with respx.mock:
        route = respx.post(f"https://email.{region}.amazonaws.com/v2/email/metrics/batch").respond(
            200, json={}
        )
        with SESv2Client(
            region=region, credentials=credentials, retry=RetryPolicy(max_attempts=1)
        ) as ses:
            ses.batch_get_metric_data(queries=qs)
    sent: httpx.Request = route.calls.last.request
    expected = oracle.botocore_signature(
        sent,
        access_key="AKIDPARITY",
        secret_key="parity/secret+key",
        token=token,
        region=region,
        signing_name="ses",
    )
    assert oracle.our_signature(sent) == expected


answers = st.fixed_dictionaries(
    {},
    optional={
        "Results": st.lists(
            st.fixed_dictionaries({"Id": ids}, optional={}).flatmap(
                lambda base: st.integers(0, 30).flatmap(
                    lambda n: st.fixed_dictionaries(
                        {
                            "Id": st.just(base["Id"]),
                            "Timestamps": st.lists(
                                st.integers(0, 4 * 10**9), min_size=n, max_size=n
                            ),
                            "Values": st.lists(st.integers(0, 2**53), min_size=n, max_size=n),
                        }
                    )
                )
            ),
            max_size=10,
        ),
        "Errors": st.lists(
            st.fixed_dictionaries(
                {
                    "Id": ids,
                    "Code": st.sampled_from(["INTERNAL_FAILURE", "ACCESS_DENIED", "NEW_CODE"]),
                    "Message": st.text(max_size=50),
                }
            ),
            max_size=10,
        ),
    },
)


@settings(max_examples=150, deadline=None)
@given(answers)
def test_parse_matches_botocore(answer: dict[str, object]) -> None:
    body = json.dumps(answer).encode()
    ours = parse_batch_get_metric_data(body)
    theirs = oracle.parse("sesv2", "BatchGetMetricData", 200, body)
    assert [r.id for r in ours.results] == [r["Id"] for r in theirs.get("Results", [])]
    for mine, ref in zip(ours.results, theirs.get("Results", [])):
        assert mine.values == ref.get("Values", [])
        assert [t.timestamp() for t in mine.timestamps] == [
            t.timestamp() for t in ref.get("Timestamps", [])
        ]
        assert all(t.tzinfo is not None and t.utcoffset() == timedelta(0) for t in mine.timestamps)
    assert [(e.id, str(e.code), e.message) for e in ours.errors] == [
        (e["Id"], e["Code"], e["Message"]) for e in theirs.get("Errors", [])
    ]
