"""Plain SVG charts for the benchmark figures: a few lines of markup each, no plotting library
(nothing to install, and the same bytes from the same numbers).

`line_panels` draws time series in stacked panels sharing one time axis, with a dashed limit
line; `bar_groups` draws labelled horizontal bars in groups. Both end with a footer line (what
was measured, when, on which machine: one line per line of the ``footer`` text).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif"
INK = "#333"
GRID = "#e0e0e0"
MUTED = "#757575"
BLUE = "#3f51b5"
RED = "#e53935"
ORANGE = "#fb8c00"
GREY = "#9e9e9e"
WIDTH = 760
LEFT = 64  # room for the y axis labels
RIGHT = 24


@dataclass
class Series:
    label: str
    color: str
    points: Sequence[tuple[float, float]]


@dataclass
class Panel:
    title: str
    series: Sequence[Series]


@dataclass
class Bar:
    label: str
    value: float
    color: str


def nice_step(span: float, ticks: int = 5) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving about ``ticks`` ticks."""
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= raw)


def _text(x: float, y: float, content: str, *, size: int = 12, anchor: str = "start",
          color: str = INK, weight: str = "normal") -> str:  # fmt: skip
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{color}" font-weight="{weight}">{escape(content)}</text>'
    )


def _line(
    x1: float, y1: float, x2: float, y2: float, color: str, *, dash: str = "", width: float = 1
) -> str:
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
        f'stroke="{color}" stroke-width="{width}"{dashed}/>'
    )


def _document(content_height: float, title: str, body: list[str], footer: str) -> str:
    """The whole picture: ``body`` under ``title``, then the footer's lines."""
    lines = [
        part
        for line in footer.splitlines()
        for part in textwrap.wrap(line, 105, break_on_hyphens=False)
    ]
    height = content_height + 17 * len(lines) + 6
    notes = [
        _text(LEFT, content_height + 17 * (number + 1) - 4, line, size=12, color=MUTED)
        for number, line in enumerate(lines)
    ]
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}" '
            f'viewBox="0 0 {WIDTH} {height:.0f}" font-family="{FONT}" role="img">',
            f"<title>{escape(title)}</title>",
            f'<rect width="{WIDTH}" height="{height:.0f}" fill="#fff"/>',
            _text(LEFT, 22, title, size=16, weight="bold"),
            *body,
            *notes,
            "</svg>",
            "",
        ]
    )


def line_panels(
    panels: Sequence[Panel],
    *,
    title: str,
    x_label: str,
    y_label: str,
    limit: float,
    limit_label: str,
    footer: str,
    panel_height: int = 120,
) -> str:
    """Stacked panels of lines over a shared x axis from 0, each with the dashed ``limit``."""
    x_max = max((x for p in panels for s in p.series for x, _ in s.points), default=1.0)
    y_top = max([limit, *(y for p in panels for s in p.series for _, y in s.points)]) * 1.15
    y_step = nice_step(y_top, 4)
    x_step = nice_step(x_max, 8)
    plot_width = WIDTH - LEFT - RIGHT
    body = [_legend(panels)]
    top = 44
    for panel in panels:
        top += 20
        body.append(_text(LEFT, top - 6, panel.title, size=14, weight="bold"))
        bottom = top + panel_height

        def at(x: float, y: float, bottom: float = bottom) -> tuple[float, float]:
            return LEFT + x / x_max * plot_width, bottom - y / y_top * panel_height

        tick = 0.0
        while tick <= y_top:
            _, y = at(0, tick)
            body.append(_line(LEFT, y, LEFT + plot_width, y, GRID))
            body.append(_text(LEFT - 6, y + 4, f"{tick:g}", size=12, anchor="end", color=MUTED))
            tick += y_step
        tick = 0.0
        while tick <= x_max + 1e-9:
            x, _ = at(tick, 0)
            body.append(_line(x, bottom, x, bottom + 4, MUTED))
            body.append(_text(x, bottom + 16, f"{tick:g}", size=12, anchor="middle", color=MUTED))
            tick += x_step
        _, limit_y = at(0, limit)
        body.append(_line(LEFT, limit_y, LEFT + plot_width, limit_y, INK, dash="5 4"))
        body.append(_text(LEFT + plot_width - 4, limit_y - 5, limit_label, size=12, anchor="end"))
        for series in panel.series:
            if series.points:
                scaled = (at(x, y) for x, y in series.points)
                coordinates = " ".join(f"{x:.1f},{y:.1f}" for x, y in scaled)
                body.append(
                    f'<polyline points="{coordinates}" fill="none" stroke="{series.color}" '
                    'stroke-width="1.8" stroke-linejoin="round"/>'
                )
        body.append(_line(LEFT, bottom, LEFT + plot_width, bottom, MUTED))
        top = bottom + 30
    body.append(_text(LEFT + plot_width / 2, top - 2, x_label, size=13, anchor="middle"))
    body.append(
        f'<text transform="translate(16 {44 + (top - 44) / 2:.0f}) rotate(-90)" font-size="13" '
        f'text-anchor="middle" fill="{INK}">{escape(y_label)}</text>'
    )
    return _document(top + 8, title, body, footer)


def _legend(panels: Sequence[Panel]) -> str:
    seen: dict[str, str] = {}
    for panel in panels:
        for series in panel.series:
            seen.setdefault(series.label, series.color)
    items = []
    x = WIDTH - RIGHT
    for label, color in reversed(list(seen.items())):
        x -= 7.5 * len(label) + 34
        items.append(_line(x, 36, x + 20, 36, color, width=3))
        items.append(_text(x + 26, 40, label, size=13))
    return "\n".join(items)


def bar_groups(
    groups: Sequence[tuple[str, Sequence[Bar]]],
    *,
    title: str,
    unit: str,
    footer: str,
    label_width: int = 170,
) -> str:
    """Horizontal bars in titled groups, each bar labelled with its value and ``unit``."""
    value_max = max(bar.value for _, bars in groups for bar in bars) * 1.18
    bar_left = LEFT + label_width
    plot_width = WIDTH - bar_left - RIGHT
    body = []
    top = 40
    for heading, bars in groups:
        top += 22
        body.append(_text(LEFT, top, heading, size=14, weight="bold"))
        top += 8
        for bar in bars:
            length = bar.value / value_max * plot_width
            body.append(_text(bar_left - 8, top + 15, bar.label, size=13, anchor="end"))
            body.append(
                f'<rect x="{bar_left}" y="{top}" width="{max(length, 1):.1f}" height="20" '
                f'fill="{bar.color}"/>'
            )
            body.append(
                _text(bar_left + length + 6, top + 15, f"{_value(bar.value)} {unit}", size=13)
            )
            top += 26
    return _document(top + 12, title, body, footer)


def _value(value: float) -> str:
    return f"{value:.0f}" if value >= 100 else f"{value:.2g}" if value < 1 else f"{value:.3g}"
