"""Draw docs/images/sends-per-day.svg, the plotted series on the "Getting data out" page.

The data is the emulator's: two identities' daily SEND counts for January 2026, pulled with
`get_metric_data` and flattened with `to_rows()`, as the page shows. The chart is plain SVG
written here, so that making it needs nothing beyond metricsdk itself. Rerun after a change to
the emulator's data:

    python benchmarks/plot_sends.py
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

from metricsdk.sesv2 import BatchGetMetricDataQuery, SESv2Client
from metricsdk.testing import Emulator

OUTPUT = Path(__file__).resolve().parents[1] / "docs" / "images" / "sends-per-day.svg"
IDENTITIES = ("shop1.example.com", "shop2.example.com")
COLOURS = ("#1f6fb2", "#d9822b")
WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 180, 40, 48


def pull() -> dict[str, list[tuple[datetime, int]]]:
    """Each identity's (day, value) points, from the emulator."""
    queries = [
        BatchGetMetricDataQuery(
            id=f"sends-{n}",
            metric="SEND",
            start_date=date(2026, 1, 1),
            end_date=date(2026, 2, 1),
            dimensions={"EMAIL_IDENTITY": identity},
        )
        for n, identity in enumerate(IDENTITIES, start=1)
    ]
    with (
        Emulator() as emulator,
        SESv2Client(
            region="us-east-1", credentials=Emulator.aws_credentials, endpoint_url=emulator.url
        ) as ses,
    ):
        answer = ses.get_metric_data(queries=queries)
    series: dict[str, list[tuple[datetime, int]]] = defaultdict(list)
    for row in answer.to_rows(queries):
        # Every query was given and every answer is whole: no cell is missing.
        assert row.dimensions is not None
        assert row.timestamp is not None
        assert row.value is not None
        series[row.dimensions["EMAIL_IDENTITY"]].append((row.timestamp, row.value))
    return series


def line_chart(series: dict[str, list[tuple[datetime, int]]], title: str) -> str:
    """An SVG line chart of several series sharing their days, with axes and a legend."""
    days = sorted({day for points in series.values() for day, _ in points})
    top_value = max(value for points in series.values() for _, value in points)
    ceiling = -(-top_value // 2000) * 2000  # the next multiple of 2,000
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: datetime) -> float:
        return LEFT + plot_w * days.index(day) / max(len(days) - 1, 1)

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / ceiling)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{LEFT}" y="22" font-size="14" font-weight="bold">{title}</text>',
    ]
    for tick in range(0, ceiling + 1, 2000):
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            'stroke="#e3e3e3"/>'
        )
        parts.append(
            f'<text x="{LEFT - 8}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:,}</text>'
        )
    for day in days[::5]:
        parts.append(
            f'<text x="{x(day):.1f}" y="{TOP + plot_h + 20}" text-anchor="middle">'
            f"{day:%b %d}</text>"
        )
    parts.append(
        f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" '
        'stroke="#444"/>'
    )
    for number, (name, points) in enumerate(sorted(series.items())):
        colour = COLOURS[number % len(COLOURS)]
        path = " ".join(f"{x(day):.1f},{y(value):.1f}" for day, value in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        legend_y = TOP + 10 + 22 * number
        parts.append(
            f'<line x1="{WIDTH - RIGHT + 16}" x2="{WIDTH - RIGHT + 36}" y1="{legend_y}" '
            f'y2="{legend_y}" stroke="{colour}" stroke-width="2"/>'
        )
        parts.append(f'<text x="{WIDTH - RIGHT + 42}" y="{legend_y + 4}">{name}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main() -> None:
    OUTPUT.write_text(line_chart(pull(), "SEND per day, January 2026 (emulator data)"))
    print("wrote", OUTPUT)


if __name__ == "__main__":
    main()
