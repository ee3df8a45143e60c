"""Server-rendered SVG line charts with uncertainty bands. No JavaScript.

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>``; the page puts
the same figures in a table beside it and a one-sentence summary above it, so nothing is
only in the picture. Lines differ by dash pattern as well as colour (WCAG 1.4.1).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 70, 16, 16, 40
COLOURS = ("#1d70b8", "#d4351c", "#00703c", "#4c2c92")
DASHES = ("", "8 4", "2 3", "12 3 3 3")


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float]
    low95: list[float] | None = None
    high95: list[float] | None = None
    low80: list[float] | None = None
    high80: list[float] | None = None


def _ticks(low: float, high: float, n: int = 5) -> list[float]:
    if high <= low:
        high = low + 1
    raw = (high - low) / n
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    step = max(magnitude, round(raw / magnitude) * magnitude) if raw >= 1 else raw
    start = (low // step) * step
    ticks, t = [], start
    while t <= high + step * 0.01:
        ticks.append(t)
        t += step
    return ticks


def money_short(v: float) -> str:
    """£12.3m, £450k, £900."""
    a = abs(v)
    sign = "-" if v < 0 else ""
    if a >= 1_000_000:
        return f"{sign}£{a / 1_000_000:.1f}m"
    if a >= 1_000:
        return f"{sign}£{a / 1_000:.0f}k"
    return f"{sign}£{a:.0f}"


def count_short(v: float) -> str:
    return f"{v:,.0f}"


def line_chart(
    *,
    title: str,
    description: str,
    labels: list[str],
    series: list[Series],
    money: bool = False,
    marker: int | None = None,
    marker_label: str = "",
) -> Markup:
    """A line per series over ``labels``, with 95% (light) and 80% (darker) bands where
    given, and an optional dashed vertical marker before label index ``marker``."""
    values = [v for s in series for v in s.values]
    for s in series:
        for band in (s.low95, s.high95):
            if band:
                values += band
    low, high = min([0.0, *values]), max([1.0, *values])
    ticks = _ticks(low, high)
    low, high = min(low, ticks[0]), max(high, ticks[-1])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = max(len(labels) - 1, 1)

    def x(i: float) -> float:
        return LEFT + plot_w * i / n

    def y(v: float) -> float:
        return TOP + plot_h * (1 - (v - low) / (high - low))

    fmt = money_short if money else count_short
    parts = [
        f'<svg class="app-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{_id(title)}-t {_id(title)}-d" xmlns="http://www.w3.org/2000/svg" '
        f'preserveAspectRatio="xMidYMid meet" width="100%">',
        f'<title id="{_id(title)}-t">{escape(title)}</title>',
        f'<desc id="{_id(title)}-d">{escape(description)}</desc>',
    ]
    for t in ticks:
        parts.append(_line(LEFT, WIDTH - RIGHT, y(t), y(t), "#b1b4b6"))
        parts.append(_text(LEFT - 6, y(t) + 4, fmt(t), anchor="end"))
    step = max(1, len(labels) // 6)
    for i, label in enumerate(labels):
        if i % step == 0 or i == len(labels) - 1:
            parts.append(_text(x(i), HEIGHT - BOTTOM + 18, label, anchor="middle"))
    if marker is not None and 0 <= marker < len(labels):
        mx = x(marker - 0.5) if marker > 0 else x(0)
        parts.append(_line(mx, mx, TOP, HEIGHT - BOTTOM, "#505a5f", ' stroke-dasharray="4 4"'))
        parts.append(_text(mx + 4, TOP + 12, marker_label, fill="#505a5f"))
    for k, s in enumerate(series):
        colour = COLOURS[k % len(COLOURS)]
        for lo, hi, opacity in ((s.low95, s.high95, 0.12), (s.low80, s.high80, 0.22)):
            if lo and hi:
                points = [f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(hi)]
                points += [f"{x(i):.1f},{y(v):.1f}" for i, v in reversed(list(enumerate(lo)))]
                parts.append(
                    f'<polygon points="{" ".join(points)}" fill="{colour}" '
                    f'fill-opacity="{opacity}" stroke="none"/>'
                )
        path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(s.values))
        dash = f' stroke-dasharray="{DASHES[k % len(DASHES)]}"' if DASHES[k % len(DASHES)] else ""
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="3"{dash}/>')
    if low < 0 < high:
        parts.append(_line(LEFT, WIDTH - RIGHT, y(0), y(0), "#0b0c0c", ' stroke-width="1.5"'))
    parts.append("</svg>")
    # Every piece of text in ``parts`` went through ``escape``; the rest is numbers.
    return Markup("".join(parts))  # noqa: S704


def _line(x1: float, x2: float, y1: float, y2: float, stroke: str, extra: str = "") -> str:
    return f'<line x1="{x1:.1f}" x2="{x2:.1f}" y1="{y1:.1f}" y2="{y2:.1f}" stroke="{stroke}"{extra}/>'


def _text(x: float, y: float, text: str, anchor: str = "start", fill: str = "#0b0c0c") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="12" fill="{fill}">'
        f"{escape(text)}</text>"
    )


def _id(title: str) -> str:
    return "chart-" + "".join(c if c.isalnum() else "-" for c in title.lower())[:40]


def legend(series: list[Series]) -> Markup:
    """A key for the lines: colour and dash pattern, as text."""
    items = []
    for k, s in enumerate(series):
        colour = COLOURS[k % len(COLOURS)]
        dash = DASHES[k % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        swatch = (
            '<svg width="36" height="12" aria-hidden="true" focusable="false">'
            f"{_line(0, 36, 6, 6, colour, ' stroke-width=' + chr(34) + '3' + chr(34) + dash_attr)}</svg>"
        )
        items.append(f'<li class="app-chart-key__item">{swatch} {escape(s.label)}</li>')
    return Markup(f'<ul class="govuk-list app-chart-key">{"".join(items)}</ul>')  # noqa: S704 (labels escaped)
