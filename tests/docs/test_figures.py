"""The docs' figures: drawn by benchmarks/figures.py from benchmark runs (not by hand), each
footed with its date and machine, and shown on a page; and the small SVG writer behind them."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from metricsdk.testing import RecordedRequest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import figures  # noqa: E402
import svg_charts  # noqa: E402

SVG = "{http://www.w3.org/2000/svg}"
FIGURES = ["pacing-sesv2", "pacing-redis", "per-call-cpu", "startup"]


def _texts(svg: str) -> list[str]:
    return [element.text or "" for element in ET.fromstring(svg).iter(f"{SVG}text")]


def test_nice_steps_are_round() -> None:
    assert svg_charts.nice_step(18.4, 4) == 5
    assert svg_charts.nice_step(9.7, 8) == 2
    assert svg_charts.nice_step(0.9, 5) == 0.2


def test_line_panels_draw_each_series_and_the_limit() -> None:
    panels = [
        svg_charts.Panel("first", [svg_charts.Series("a", "#000", [(0, 1), (1, 16), (2, 15)])]),
        svg_charts.Panel("second", [svg_charts.Series("a", "#000", [(0, 0), (1, 30)])]),
    ]
    svg = svg_charts.line_panels(
        panels,
        title="T <&>",
        x_label="seconds",
        y_label="calls",
        limit=16,
        limit_label="quota",
        footer="what\nwhen and where",
    )
    root = ET.fromstring(svg)
    assert len(list(root.iter(f"{SVG}polyline"))) == 2
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert len(dashed) == 2  # one limit line per panel
    texts = _texts(svg)
    assert {"T <&>", "first", "second", "quota", "what", "when and where"} <= set(texts)


def test_bar_groups_label_every_bar_with_its_value() -> None:
    svg = svg_charts.bar_groups(
        [("group", [svg_charts.Bar("small", 0.46, "#00f"), svg_charts.Bar("big", 3.97, "#f00")])],
        title="CPU",
        unit="ms",
        footer="measured",
    )
    root = ET.fromstring(svg)
    widths = [float(rect.get("width", 0)) for rect in root.iter(f"{SVG}rect")][1:]  # not the page
    assert len(widths) == 2 and widths[1] / widths[0] == pytest.approx(3.97 / 0.46, rel=0.01)
    assert {"0.46 ms", "3.97 ms", "small", "big"} <= set(_texts(svg))


def _request(arrival: float, status: int) -> RecordedRequest:
    return RecordedRequest(
        service="sesv2",
        operation="BatchGetMetricData",
        arrival=arrival,
        status=status,
        identity="",
        weight=10,
        headers={},
        fault=None,
    )


def test_calls_are_counted_per_sliding_second() -> None:
    requests = [_request(t, 200) for t in (10.0, 10.2, 10.4)] + [_request(10.5, 429)]
    answered, throttled = figures.per_sliding_second(requests, start=10.0, step=0.5)
    # Up to a second after the last arrival; each count covers (t - 1, t].
    assert answered == [(0.0, 1), (0.5, 3), (1.0, 2), (1.5, 0)]
    assert throttled == [(0.0, 0), (0.5, 1), (1.0, 1), (1.5, 0)]


@pytest.mark.parametrize("name", FIGURES)
def test_each_figure_is_committed_with_its_date_and_machine(name: str) -> None:
    svg = (ROOT / "docs" / "images" / f"{name}.svg").read_text(encoding="utf-8")
    ET.fromstring(svg)  # well-formed
    footer = " ".join(_texts(svg))
    assert re.search(r"Measured \d{4}-\d{2}-\d{2} by benchmarks/figures\.py on \d+ cores", footer)


@pytest.mark.parametrize("name", FIGURES)
def test_each_figure_is_shown_on_a_page(name: str) -> None:
    pages = " ".join(page.read_text(encoding="utf-8") for page in (ROOT / "docs").glob("*.md"))
    assert f"(images/{name}.svg)" in pages


# Pictures drawn by another script than benchmarks/figures.py, and which script.
OTHER_PICTURES = {"sends-per-day": "benchmarks/plot_sends.py"}


def test_the_script_writes_exactly_these_figures() -> None:
    committed = sorted(path.stem for path in (ROOT / "docs" / "images").glob("*.svg"))
    assert sorted(FIGURES) == sorted(figures.FIGURES)
    assert committed == sorted([*FIGURES, *OTHER_PICTURES])
    assert all((ROOT / script).is_file() for script in OTHER_PICTURES.values())
