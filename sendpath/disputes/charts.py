"""Server-rendered SVG bar charts: no JavaScript, no inline styles (the CSP allows neither),
each drawn beside a table holding the same figures, as the design asks."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

BAR = "#1d70b8"
TEXT = "#0b0c0c"


def bar_chart(
    title: str,
    rows: Sequence[tuple[str, float]],
    fmt: Callable[[float], str] = lambda v: f"{v:,.0f}",
    *,
    label_width: int = 260,
    width: int = 640,
) -> Markup:
    """A horizontal bar chart of ``rows`` (label, value). ``role="img"`` with a <title> names
    it for screen readers; the table beside it carries the figures themselves."""
    bar_h, gap, top = 22, 10, 6
    height = top + len(rows) * (bar_h + gap) + 4
    plot = width - label_width - 90
    biggest = max((v for _, v in rows), default=0) or 1
    parts = [
        f'<svg class="app-chart" viewBox="0 0 {width} {max(height, 30)}" width="100%" role="img" '
        f'aria-labelledby="chart-{_slug(title)}" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg" focusable="false">',
        f'<title id="chart-{_slug(title)}">{escape(title)}</title>',
    ]
    for i, (label, value) in enumerate(rows):
        y = top + i * (bar_h + gap)
        w = max(0.0, plot * value / biggest)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_h * 0.7:.1f}" text-anchor="end" font-size="15" '
            f'fill="{TEXT}">{escape(_short(label))}</text>'
        )
        parts.append(f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{BAR}"></rect>')
        parts.append(
            f'<text x="{label_width + w + 6:.1f}" y="{y + bar_h * 0.7:.1f}" font-size="15" '
            f'fill="{TEXT}">{escape(fmt(value))}</text>'
        )
    parts.append("</svg>")
    # Every piece of text above went through escape(); the rest is our own markup.
    return Markup("".join(parts))  # noqa: S704


def _short(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower())[:40]
