"""Server-rendered SVG bar charts for public tables (no JavaScript, no canvas).

A chart is drawn from a *suppressed* table only: a suppressed figure has no value to draw, so
its bar is left out and the symbol is written instead. Every chart carries ``role="img"``, a
``<title>`` and a ``<desc>``, and the page puts the same figures in a table beside it.
"""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup, escape

from sendpath.common.suppression import SuppressedTable

WIDTH = 640
LABEL_W = 250
BAR_X = LABEL_W + 10
BAR_MAX = WIDTH - BAR_X - 110
ROW_H = 30
BAR_H = 18
MAX_LABEL = 38


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def bar_chart(chart_id: str, title: str, table: SuppressedTable, column: str) -> Markup:
    """A horizontal bar chart of one column of ``table`` (total row left out)."""
    index = [c.key for c in table.columns].index(column)
    rows = [(r.label, r.cells[index]) for r in table.rows if not r.is_total and r.cells[index] is not None]
    values = [abs(Decimal(c.value)) for _, c in rows if c is not None and c.value is not None]
    top = max(values, default=Decimal(0)) or Decimal(1)
    height = ROW_H * len(rows) + 10
    shown = sum(1 for _, c in rows if c.value is not None)
    desc = (
        f"{len(rows)} bars; {shown} shown, {len(rows) - shown} suppressed or not available. "
        "The same figures are in the table below the chart."
    )
    parts = [
        f'<svg class="app-chart" id="{chart_id}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    for i, (label, cell) in enumerate(rows):
        y = 5 + i * ROW_H
        mid = y + BAR_H / 2 + 5
        parts.append(
            f'<text x="{LABEL_W}" y="{mid:.0f}" text-anchor="end" class="app-chart__label">'
            f"{escape(_short(label))}</text>"
        )
        if cell.value is None:
            parts.append(
                f'<text x="{BAR_X}" y="{mid:.0f}" class="app-chart__value">{escape(cell.text)}</text>'
            )
            continue
        w = float(abs(Decimal(cell.value)) / top) * BAR_MAX
        cls = "app-chart__bar app-chart__bar--negative" if Decimal(cell.value) < 0 else "app-chart__bar"
        parts.append(
            f'<rect x="{BAR_X}" y="{y}" width="{max(w, 1):.1f}" height="{BAR_H}" class="{cls}"></rect>'
        )
        parts.append(
            f'<text x="{BAR_X + max(w, 1) + 6:.1f}" y="{mid:.0f}" class="app-chart__value">'
            f"{escape(cell.text)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every piece of text above is escaped
