"""Server-rendered SVG charts: no JavaScript, readable by screen readers, fit a phone.

Each chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>`` (the one-sentence
summary), drawn in a ``viewBox`` so it scales to the column it sits in (375 px and 320 px
included). It never stands alone: the page puts the data table beside it. Values that are
suppressed (``c``) or not available (``x``) are drawn as no bar and labelled with the symbol,
so the chart cannot show more than the table.

Colours are GOV.UK's, each at least 3:1 against white (WCAG 1.4.11); the second line of a
line chart is also dashed, so colour is never the only difference.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

BLUE = "#1d70b8"
DARK = "#0b0c0c"
GREY = "#505a5f"
ORANGE = "#b94b00"
LINE_COLOURS = (BLUE, ORANGE, "#00703c", DARK)
DASHES = ("", "8 5", "2 4", "12 4 2 4")
_ids = itertools.count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: not drawn (suppressed or not available)
    text: str  # what is written at the end of the bar: "55.8%", "c"
    marker: float | None = None  # an optional target line across the bar


def _fmt(n: float) -> str:
    return f"{n:.1f}".rstrip("0").rstrip(".")


def bar_chart(title: str, summary: str, bars: Sequence[Bar], *, maximum: float | None = None) -> Markup:
    """Horizontal bars, one row per item, with the value written beside each bar."""
    uid = next(_ids)
    width, label_w, row_h, top = 600, 230, 34, 8
    plot_w = width - label_w - 70
    top_value = maximum or max([b.value or 0 for b in bars] + [b.marker or 0 for b in bars] + [1])
    height = top + row_h * len(bars) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="chart-title-{uid} chart-desc-{uid}" focusable="false">',
        f'<title id="chart-title-{uid}">{escape(title)}</title>',
        f'<desc id="chart-desc-{uid}">{escape(summary)}</desc>',
    ]
    for i, b in enumerate(bars):
        y = top + i * row_h
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 21}" text-anchor="end" font-size="15" fill="{DARK}">'
            f"{escape(_short(b.label, 30))}</text>"
        )
        length = 0.0
        if b.value is not None and top_value > 0:
            length = max(0.0, min(1.0, b.value / top_value)) * plot_w
            parts.append(
                f'<rect x="{label_w}" y="{y + 6}" width="{_fmt(length)}" height="22" fill="{BLUE}"/>'
            )
        parts.append(
            f'<text x="{label_w + length + 6:.1f}" y="{y + 22}" font-size="15" font-weight="bold" '
            f'fill="{DARK}">{escape(b.text)}</text>'
        )
        if b.marker is not None and top_value > 0:
            mx = label_w + max(0.0, min(1.0, b.marker / top_value)) * plot_w
            parts.append(
                f'<line x1="{mx:.1f}" x2="{mx:.1f}" y1="{y + 2}" y2="{y + 32}" stroke="{DARK}" '
                'stroke-width="3" stroke-dasharray="4 3"/>'
            )
    parts.append(
        f'<line x1="{label_w}" x2="{label_w}" y1="{top}" y2="{height - 8}" stroke="{GREY}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it went through escape()


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]  # None: a gap (suppressed or no data that month)


def line_chart(
    title: str, summary: str, x_labels: Sequence[str], series: Sequence[Series], *, maximum: float = 100.0
) -> Markup:
    """Lines over months on a 0-``maximum`` scale, with a legend; gaps where a value is None."""
    uid = next(_ids)
    width, height = 600, 300
    left, right, top, bottom = 44, 12, 34 + 20 * ((len(series) - 1) // 2), 40
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(1, len(x_labels) - 1)

    def x(i: int) -> float:
        return left + plot_w * i / n

    def y(v: float) -> float:
        return top + plot_h * (1 - max(0.0, min(v, maximum)) / maximum)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="chart-title-{uid} chart-desc-{uid}" focusable="false">',
        f'<title id="chart-title-{uid}">{escape(title)}</title>',
        f'<desc id="chart-desc-{uid}">{escape(summary)}</desc>',
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1):
        v = maximum * tick
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#b1b4b6" '
            'stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y(v) + 5:.1f}" text-anchor="end" font-size="13" fill="{DARK}">'
            f"{_fmt(v)}{'%' if maximum == 100 else ''}</text>"
        )
    step = max(1, len(x_labels) // 6)
    for i, label in enumerate(x_labels):
        if i % step == 0 or i == len(x_labels) - 1:
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - bottom + 20}" text-anchor="middle" font-size="13" '
                f'fill="{DARK}">{escape(label)}</text>'
            )
    for k, s in enumerate(series):
        colour, dash = LINE_COLOURS[k % len(LINE_COLOURS)], DASHES[k % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        run: list[str] = []
        for i, v in enumerate(s.values):
            if v is None:
                if len(run) > 1:
                    parts.append(_polyline(run, colour, dash_attr))
                run = []
                continue
            run.append(f"{x(i):.1f},{y(v):.1f}")
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="4" fill="{colour}"/>')
        if len(run) > 1:
            parts.append(_polyline(run, colour, dash_attr))
        lx, ly = 10 + (k % 2) * 300, 14 + 20 * (k // 2)
        parts.append(
            f'<line x1="{lx}" x2="{lx + 34}" y1="{ly}" y2="{ly}" stroke="{colour}" '
            f'stroke-width="3"{dash_attr}/>'
            f'<text x="{lx + 40}" y="{ly + 5}" font-size="14" fill="{DARK}">'
            f"{escape(_short(s.name, 34))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it went through escape()


def _polyline(points: list[str], colour: str, dash_attr: str) -> str:
    return (
        f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" stroke-width="3"{dash_attr}/>'
    )


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
