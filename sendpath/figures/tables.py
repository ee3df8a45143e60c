"""Publishing the figures' tables: through the suppression rule, or exact for staff.

``sendpath.common.suppression`` is the one rule for anything a councillor or the public
sees. Council staff entitled to exact numbers (managers, data officers) get the same tables
and the same formatting with nothing hidden, so the two versions never drift apart.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

from sendpath.common import suppression as sup


def assemble(tables: Sequence[sup.Table], cells: dict[Hashable, sup.Cell]) -> sup.Publication:
    """Tables of published cells, in the shape ``suppression.publish`` returns."""
    out = {}
    for t in tables:
        rows = tuple(
            sup.SuppressedRow(
                r.key,
                r.label,
                tuple(cells[r.cells[c.key].key] if c.key in r.cells else None for c in t.columns),
                r.is_total,
            )
            for r in t.rows
        )
        out[t.key] = sup.SuppressedTable(
            t.key, t.title, t.row_header, tuple(t.columns), rows, sup.DEFAULT_RULE
        )
    return sup.Publication(out, cells, sup.DEFAULT_RULE)


def exact(tables: Sequence[sup.Table], figures: Iterable[sup.Figure] = ()) -> sup.Publication:
    """Every figure as it is (formatted by the suppression module's own display rules)."""
    every = [f for t in tables for f in t.figures()] + list(figures)
    return assemble(tables, {f.key: sup._cell(f, None, sup.DEFAULT_RULE) for f in every})
