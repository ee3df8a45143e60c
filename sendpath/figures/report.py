"""DfE's figures for a year as page tables: ours beside England's and the authority's
published figures, through the suppression rule for councillors.

The values come from ``selectors.figures_for_year`` (the same dict the command prints and
the API returns). Our counts are about children, so they are figures the suppression rule
judges; DfE's published numbers are public already and pass through as they are (DfE's own
``x`` kept). The 20-week bands add up to their denominator, and each breakdown to its
total: those sums are given to the rule so a hidden band cannot be worked out.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from sendpath.common import suppression as sup
from sendpath.figures import definitions as d
from sendpath.figures import tables

PC, COUNT, NUMBER = sup.Kind.PERCENT, sup.Kind.COUNT, sup.Kind.NUMBER
BANDS = {
    "including": (
        "issued_within_20_weeks_including_exceptions",
        "issued_20_to_52_weeks_including_exceptions",
        "issued_over_52_weeks_including_exceptions",
    ),
    "excluding": (
        "issued_within_20_weeks_excluding_exceptions",
        "issued_20_to_52_weeks_excluding_exceptions",
        "issued_over_52_weeks_excluding_exceptions",
    ),
}


def _published(value: Any, kind: sup.Kind, children: Any = None) -> sup.Figure:
    """A published DfE number; ``x`` when DfE has none. DfE publishes LA figures without
    suppression, but a councillor's page applies the project's rule to them too (a count of
    1 to 9 children is ``c`` whoever published it): pass ``children`` to have it judged."""
    if value in (None, "x", "z", ""):
        return sup.Figure(kind=kind if kind is not COUNT else NUMBER, missing="x")
    if kind is COUNT and children is not None:
        return sup.Figure(kind=COUNT, children=int(value))
    if kind is PC and children is not None:
        return sup.Figure(kind=PC, children=children, value=Fraction(str(value)))
    return sup.Figure(kind=kind if kind is not COUNT else NUMBER, value=Fraction(str(value)))


def _counts_of(value: dict[str, Any]) -> tuple[int, ...] | None:
    num, den = value.get("numerator"), value.get("denominator")
    if isinstance(num, int) and isinstance(den, int):
        return (num, den)
    return None


def _year(value: dict[str, Any]) -> str:
    return value.get("year") or "not published"


def build_tables(
    result: dict[str, Any], *, public: bool = False
) -> tuple[list[sup.Table], list[sup.SumGroup]]:
    """``public``: also judge the authority's own published counts by the rule."""
    figures = result["figures"]
    rates = sup.Table(
        "rates",
        "Rates: ours beside DfE's published figures",
        [
            sup.Column("num", "Ours: number", COUNT),
            sup.Column("den", "Ours: out of", COUNT),
            sup.Column("pc", "Ours: %", PC),
            sup.Column("england", "England, published %", PC),
            sup.Column("authority", "This authority, published %", PC),
        ],
        row_header="Measure",
    )
    counts = sup.Table(
        "counts",
        "Counts and averages: ours beside DfE's published figures",
        [
            sup.Column("ours", "Ours", NUMBER),
            sup.Column("england", "England, published", NUMBER),
            sup.Column("authority", "This authority, published", NUMBER),
        ],
        row_header="Measure",
    )
    breakdowns: list[sup.Table] = []
    groups: list[sup.SumGroup] = []
    for fid, f in figures.items():
        ours, england, own = f["ours"], f["england"], f["authority"]
        label = f"{f['title']} (DfE {_year(england)})" if england.get("year") else f["title"]
        if f["kind"] == d.RATE:
            num, den = ours["numerator"], ours["denominator"]
            pc = (
                sup.Figure(
                    kind=PC, children=(num, den), value=Fraction(100 * num, den), depends_on=("num", "den")
                )
                if den
                else sup.Figure(kind=PC, children=(num, den), missing="z")
            )
            rates.add_row(
                fid,
                label,
                num=sup.Figure(children=num),
                den=sup.Figure(children=den),
                pc=pc,
                england=_published(england.get("percentage"), PC),
                authority=_published(own.get("percentage"), PC, _counts_of(own) if public else None),
            )
        elif f["kind"] == d.COUNT:
            counts.add_row(
                fid,
                label,
                ours=sup.Figure(kind=COUNT, children=ours["count"]),
                england=_published(england.get("count"), COUNT),
                authority=_published(own.get("count"), COUNT, public or None),
            )
        elif f["kind"] == d.AVERAGE:
            weeks = ours["weeks"]
            counts.add_row(
                fid,
                f"{f['title']} (weeks)",
                ours=sup.Figure(kind=NUMBER, decimals=1, children=ours["count"], value=Fraction(str(weeks)))
                if weeks is not None
                else sup.Figure(kind=NUMBER, missing="z"),
                england=_published(None, NUMBER),
                authority=_published(None, NUMBER),
            )
        else:
            table = sup.Table(
                fid,
                f["title"],
                [
                    sup.Column("ours", "Ours", COUNT),
                    sup.Column("england", f"England, published {_year(england)}", NUMBER),
                    sup.Column("authority", f"This authority, published {_year(own)}", NUMBER),
                ],
                row_header="",
            )
            published_e = {r["key"]: r["count"] for r in england.get("rows", [])}
            published_a = {r["key"]: r["count"] for r in own.get("rows", [])}
            for row in ours["rows"]:
                table.add_row(
                    row["key"],
                    row["label"] or "Not recorded",
                    ours=sup.Figure(children=row["count"]),
                    england=_published(published_e.get(row["key"]), COUNT),
                    authority=_published(published_a.get(row["key"]), COUNT, public or None),
                )
            table.set_total(
                "Total",
                ours=sup.Figure(children=ours["total"]),
                england=_published(england.get("total"), COUNT),
                authority=_published(own.get("total"), COUNT, public or None),
            )
            breakdowns.append(table)
    # Only our counts form sum groups (published numbers are public and never hidden).
    groups = [g for t in breakdowns for g in t.groups() if g.total[2] == "ours"]
    for within, middle, over in BANDS.values():
        groups.append(
            sup.SumGroup(
                ("rates", within, "den"),
                (("rates", within, "num"), ("rates", middle, "num"), ("rates", over, "num")),
            )
        )
    return [rates, counts, *breakdowns], groups


def publish(result: dict[str, Any], *, public: bool) -> sup.Publication:
    """The tables for a page: suppressed for councillors, exact for council staff. The
    tables' own total rows would also sum DfE's published columns, which are public and
    never hidden, so the rule gets only the sum groups of our counts."""
    built, groups = build_tables(result, public=public)
    if not public:
        return tables.exact(built)
    return tables.assemble(built, sup.suppress([f for t in built for f in t.figures()], groups))
