"""The public High Needs Block summary's tables, built once and suppressed together.

Every table on the page (and so every CSV and the JSON) comes from one call to
``sendpath.common.suppression.publish``: the tables share totals (the HNB total appears in
four of them, the budget and outturn in two), and the suppression service has to see every
one of those relations to stop a hidden figure being worked out by subtraction. Relations
that hold by construction are declared as sum groups; relations that merely happen to hold
(a category that is all on one s251 line, so the two figures are equal) are found by value
and declared too (``_link_equal_money``), which can only ever hide more.

The page's sentences and charts are written from the suppressed cells only.

The result is cached per council and year under a key that includes a fingerprint of the
ledger, the budget and the engagements (``public_data.fingerprint``): any new, changed or
recomputed line changes the key, so nothing needs to invalidate it.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.core.cache import cache
from markupsafe import Markup

from sendpath.common.suppression import (
    DEFAULT_RULE,
    TOTAL,
    Cell,
    Column,
    Figure,
    Kind,
    Publication,
    Rule,
    SumGroup,
    SuppressedTable,
    Table,
    publish,
)
from sendpath.funding import public_data
from sendpath.funding.codes import HNB_LINES, TRIBUNAL_COMPONENTS, Category, Component, S251Line
from sendpath.funding.public_charts import bar_chart
from sendpath.funding.public_data import SHARE_OTHER, SHARE_PLACEMENTS, SHARE_SUPPORT, YearLedger
from sendpath.organisations.models import SettingKind

CACHE_SECONDS = 60 * 60

#: DfE's benchmark groups of s251 lines (funding.md §2.4, FBIT); 1.2.10 is in none of them.
FBIT_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("place", "Place funding", ("1.0.2",)),
    (
        "state_top_ups",
        "Top-ups to state providers, and direct payments",
        ("1.2.1", "1.2.2", "1.2.4", "1.2.11"),
    ),
    ("independent", "Independent and non-maintained providers", ("1.2.3",)),
    ("support", "Support services and inclusion", ("1.2.5", "1.2.8", "1.2.9")),
    ("hospital", "Hospital education", ("1.2.6",)),
    ("other_ap", "Other alternative provision", ("1.2.7",)),
    ("therapies", "Therapies", ("1.2.13",)),
    ("pfi", "PFI and BSF costs (in no DfE group)", ("1.2.10",)),
)

#: Which category a type of setting's placements are counted under (for linking equal figures).
KIND_CATEGORY = {
    "mainstream": Category.MAINSTREAM,
    "resourced": Category.RESOURCED,
    "special": Category.SPECIAL,
    "independent_special": Category.INDEPENDENT,
    "fe_college": Category.POST16,
    "early_years": Category.EARLY_YEARS,
    "alternative": Category.ALTERNATIVE,
}

SECTION_ORDER = ("categories", "s251", "groups", "share", "tribunal", "consultants", "placements", "dsg")


@dataclass
class Section:
    """One table of the page: its suppressed table, chart, sentence and CSV name."""

    key: str
    table: SuppressedTable
    summary: str
    chart: Markup | None = None
    note: str = ""

    @property
    def csv_name(self) -> str:
        return self.key


@dataclass
class PublicSummary:
    la_code: str
    la_name: str
    year: int
    label: str
    sections: dict[str, Section]
    headlines: dict[str, Cell]
    footnotes: list[str]
    rule: Rule
    consultant_threshold_pounds: int
    support_lines: tuple[str, ...]
    tribunal_cases: Cell | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def ordered(self) -> list[Section]:
        return [self.sections[k] for k in SECTION_ORDER if k in self.sections]

    def as_json(self) -> dict[str, Any]:
        """Every published figure, as the page and its CSVs show them (money in whole pounds)."""
        tables = {}
        for s in self.ordered():
            t = s.table
            tables[s.key] = {
                "title": t.title,
                "summary": s.summary,
                "columns": [{"key": c.key, "label": c.label, "kind": c.kind.value} for c in t.columns],
                "rows": [
                    {
                        "key": r.key,
                        "label": r.label,
                        "total": r.is_total,
                        "cells": {
                            c.key: None if cell is None else (cell.symbol or _json_value(cell))
                            for c, cell in zip(t.columns, r.cells, strict=True)
                        },
                    }
                    for r in t.rows
                ],
            }
        return {
            "local_authority": {"code": self.la_code, "name": self.la_name},
            "financial_year": self.label,
            "suppression": {"threshold": self.rule.threshold, "footnotes": self.rule.footnotes()},
            "tables": tables,
        }


def _json_value(cell: Cell) -> Any:
    if cell.kind is Kind.TEXT:
        return cell.text
    if cell.kind in (Kind.PERCENT, Kind.NUMBER):
        return str(cell.value)
    return cell.value


def rule() -> Rule:
    """The LA's publication rule: the threshold is a setting (never below 5; see Rule)."""
    threshold = getattr(settings, "SENDPATH_SUPPRESSION_THRESHOLD", DEFAULT_RULE.threshold)
    return Rule(threshold=threshold) if threshold != DEFAULT_RULE.threshold else DEFAULT_RULE


def consultant_threshold_pounds() -> int:
    """Engagements listed one by one above this spend in the year (an LA setting; §6.1 item 3)."""
    return int(getattr(settings, "SENDPATH_CONSULTANT_LISTING_POUNDS", 10_000))


def fy_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def public_summary(la: Any, year: int, *, use_cache: bool = True) -> PublicSummary:
    """The page's content for one council and FY, from the cache when the ledger is unchanged."""
    key = None
    if use_cache:
        state = (
            la.code,
            la.name,
            rule(),
            consultant_threshold_pounds(),
            public_data.fingerprint(la.pk, year),
        )
        key = f"public-hnb:v1:{la.pk}:{year}:{hashlib.sha256(repr(state).encode()).hexdigest()}"
        hit = cache.get(key)
        if hit is not None:
            return hit
    summary = build_summary(la, public_data.year_ledger(la.pk, year))
    if key:
        cache.set(key, summary, CACHE_SECONDS)
    return summary


def build_summary(la: Any, ledger: YearLedger, the_rule: Rule | None = None) -> PublicSummary:
    the_rule = the_rule or rule()
    built = Builder(ledger, the_rule)
    pub = built.publish()
    sections = built.sections(pub)
    headlines = {
        "outturn": pub["s251"].cell(TOTAL, "outturn"),
        "budget": pub["s251"].cell(TOTAL, "budget"),
        "support_share": pub["share"].cell(SHARE_SUPPORT, "share"),
        "tribunal": pub["tribunal"].cell(TOTAL, "spend") if _has_row(pub["tribunal"], TOTAL) else None,
    }
    return PublicSummary(
        la_code=la.code,
        la_name=la.name,
        year=ledger.year,
        label=fy_label(ledger.year),
        sections=sections,
        headlines={k: v for k, v in headlines.items() if v is not None},
        footnotes=pub.footnotes() or the_rule.footnotes(["c"]),
        rule=the_rule,
        consultant_threshold_pounds=consultant_threshold_pounds(),
        support_lines=public_data.support_lines(),
        tribunal_cases=pub.cells.get(("headline", "tribunal_cases", "n")),
    )


def _has_row(t: SuppressedTable, key: str) -> bool:
    return any(r.key == key for r in t.rows)


# ---------------------------------------------------------------------------------------------
# Building the tables
# ---------------------------------------------------------------------------------------------


def money(c: public_data.Cell) -> Figure:
    """A £ figure: about children (count and largest share) when any child's cost is in it."""
    if c.by_child and c.children:
        return Figure(children=c.children, value=c.pence, kind=Kind.MONEY, largest=c.largest)
    return Figure(value=c.pence, kind=Kind.MONEY)


def children(c: public_data.Cell) -> Figure:
    """How many children a £ figure is about; ``z`` where it is paid for no child."""
    if not c.by_child:
        return Figure(kind=Kind.COUNT, missing="z")
    return Figure(children=c.children)


def share(part: int, whole: int, *on: str) -> Figure:
    if not whole:
        return Figure(kind=Kind.PERCENT, missing="z")
    return Figure(value=Fraction(part * 100, whole), kind=Kind.PERCENT, depends_on=on)


def merged(cells: Iterable[public_data.Cell]) -> public_data.Cell:
    out = public_data.Cell()
    for c in cells:
        out.pence += c.pence
        for k, v in c.by_child.items():
            out.by_child[k] = out.by_child.get(k, 0) + v
    return out


SPEND = Column("spend", "Spend", Kind.MONEY)
SHARE = Column("share", "Share of High Needs spending", Kind.PERCENT)


class Builder:
    """Builds the page's tables and the relations between them, then publishes them at once."""

    def __init__(self, ledger: YearLedger, the_rule: Rule) -> None:
        self.l = ledger
        self.rule = the_rule
        self.tables: dict[str, Table] = {}
        self.groups: list[SumGroup] = []
        self.extra_figures: list[Figure] = []
        self.raw: dict[Hashable, int] = {}  # pence of every £ figure, to link equal ones
        self.total = ledger.hnb_total.pence
        self._categories()
        self._s251()
        self._groups()
        self._share()
        self._tribunal()
        self._consultants()
        self._placements()
        self._dsg()

    # -- helpers -----------------------------------------------------------------------------
    def _table(self, key: str, title: str, columns: Sequence[Column], row_header: str) -> Table:
        t = Table(key, title, columns, row_header=row_header)
        self.tables[key] = t
        return t

    def _row(self, t: Table, key: str, label: str, **cells: Figure) -> None:
        if key == TOTAL:
            t.set_total(label, **cells)
        else:
            t.add_row(key, label, **cells)
        for ck, f in cells.items():
            if f.kind is Kind.MONEY and not f.missing and f.value and f.children:
                self.raw[t.figure_key(key, ck)] = int(f.value)

    def _sum(self, total: Hashable, parts: Sequence[Hashable]) -> None:
        parts = tuple(p for p in parts if p in self._all_keys())
        if parts:
            self.groups.append(SumGroup(total, parts))

    def _all_keys(self) -> set[Hashable]:
        return {f.key for t in self.tables.values() for f in t.figures()}

    # -- tables ------------------------------------------------------------------------------
    def _categories(self) -> None:
        t = self._table(
            "categories",
            "High Needs Block spending by category",
            [Column("children", "Children"), SPEND, SHARE],
            "Category",
        )
        for cat in Category:
            c = self.l.by_category.get(cat.value)
            if c is None or (not c.pence and not c.by_child):
                continue
            self._row(
                t,
                cat.value,
                cat.label,
                children=children(c),
                spend=money(c),
                share=share(c.pence, self.total, "spend"),
            )
        n = sum(c.children for c in self.l.by_category.values())
        self._row(
            t,
            TOTAL,
            "All categories",
            children=Figure(children=n),
            spend=money(self.l.hnb_total),
        )

    def _s251(self) -> None:
        t = self._table(
            "s251",
            "High Needs Block by s251 line: budget and forecast outturn",
            [
                Column("budget", "Budget", Kind.MONEY),
                Column("outturn", "Forecast outturn", Kind.MONEY, sum_of=("budget", "variance")),
                Column("variance", "Overspend (underspend shown negative)", Kind.MONEY),
            ],
            "s251 line",
        )
        budget_total = 0
        any_budget = False
        for line in S251Line:
            if line not in HNB_LINES:
                continue
            c = self.l.by_line.get(line.value)
            b = self.l.budget_by_line.get(line.value)
            if (c is None or not c.pence) and not b:
                continue
            c = c or public_data.Cell()
            cells = {"outturn": money(c)}
            if b is not None:
                any_budget = True
                budget_total += b
                cells["budget"] = Figure(value=b, kind=Kind.MONEY)
                cells["variance"] = Figure(value=c.pence - b, kind=Kind.MONEY)
            else:
                cells["budget"] = Figure(kind=Kind.MONEY, missing="x")
                cells["variance"] = Figure(kind=Kind.MONEY, missing="x")
            self._row(t, line.value, line.label, **cells)
        total = {"outturn": money(self.l.hnb_total)}
        if any_budget:
            total["budget"] = Figure(value=budget_total, kind=Kind.MONEY)
            total["variance"] = Figure(value=self.l.hnb_total.pence - budget_total, kind=Kind.MONEY)
        else:
            total["budget"] = Figure(kind=Kind.MONEY, missing="x")
            total["variance"] = Figure(kind=Kind.MONEY, missing="x")
        self._row(t, TOTAL, "All High Needs Block lines", **total)
        self.budget_total = budget_total if any_budget else None

    def _groups(self) -> None:
        t = self._table(
            "groups", "High Needs Block spending in DfE's benchmark groups", [SPEND, SHARE], "Group"
        )
        s251 = self.tables["s251"]
        for key, label, lines in FBIT_GROUPS:
            cells = [self.l.by_line[x] for x in lines if x in self.l.by_line]
            c = merged(cells)
            if not c.pence and not c.by_child:
                continue
            self._row(t, key, label, spend=money(c), share=share(c.pence, self.total, "spend"))
            self._sum(t.figure_key(key, "spend"), [s251.figure_key(x, "outturn") for x in lines])
        self._row(t, TOTAL, "All groups", spend=money(self.l.hnb_total))

    def _share(self) -> None:
        t = self._table("share", "Support services against placements", [SPEND, SHARE], "Spending on")
        labels = {
            SHARE_SUPPORT: "Support services (s251 lines " + " and ".join(public_data.support_lines()) + ")",
            SHARE_PLACEMENTS: "Placements in schools, colleges and other settings",
            SHARE_OTHER: "Everything else",
        }
        for key in (SHARE_SUPPORT, SHARE_PLACEMENTS, SHARE_OTHER):
            c = self.l.by_share.get(key) or public_data.Cell()
            self._row(t, key, labels[key], spend=money(c), share=share(c.pence, self.total, "spend"))
        self._row(t, TOTAL, "All High Needs Block spending", spend=money(self.l.hnb_total))
        s251 = self.tables["s251"]
        self._sum(
            t.figure_key(SHARE_SUPPORT, "spend"),
            [s251.figure_key(x, "outturn") for x in public_data.support_lines()],
        )

    def _tribunal(self) -> None:
        t = self._table("tribunal", "Tribunal costs by item (all funding sources)", [SPEND], "Item")
        parts = []
        for comp in TRIBUNAL_COMPONENTS:
            c = self.l.tribunal_by_component.get(comp.value)
            if c is None or not c.pence:
                continue
            parts.append(c)
            self._row(t, comp.value, Component(comp.value).label, spend=money(c))
        for comp, c in self.l.tribunal_by_component.items():
            if comp not in {x.value for x in TRIBUNAL_COMPONENTS} and c.pence:
                parts.append(c)
                self._row(
                    t, comp, Component(comp).label if comp in Component.values else comp, spend=money(c)
                )
        if parts:
            self._row(t, TOTAL, "All tribunal costs", spend=money(merged(parts)))
        self.extra_figures.append(Figure(("headline", "tribunal_cases", "n"), children=self.l.tribunal_cases))

    def _consultants(self) -> None:
        t = self._table(
            "consultants",
            "Consultants and agency staff",
            [
                Column("purpose", "Purpose", Kind.TEXT, numeric=False),
                Column("kind", "Category", Kind.TEXT, numeric=False),
                Column("funding", "Paid from", Kind.TEXT, numeric=False),
                Column("spend", "Spend this year", Kind.MONEY),
                Column("contract", "Contract value", Kind.MONEY),
                Column("impact", "Impact", Kind.TEXT, numeric=False),
            ],
            "Supplier",
        )
        floor = consultant_threshold_pounds() * 100
        small = 0
        count = 0
        total = 0
        for e in self.l.engagements:
            if e.get("pk") is None:
                small += e["loose_pence"]
                total += e["loose_pence"]
                continue
            total += e["spend_pence"]
            if e["spend_pence"] < floor:
                small += e["spend_pence"]
                continue
            count += 1
            detail = e["purpose"] + (f": {e['purpose_detail']}" if e["purpose_detail"] else "")
            self._row(
                t,
                f"e{e['pk']}",
                e["supplier"],
                purpose=Figure(value=detail, kind=Kind.TEXT),
                kind=Figure(value=e["category_label"], kind=Kind.TEXT),
                funding=Figure(value=e["funding"], kind=Kind.TEXT),
                spend=Figure(value=e["spend_pence"], kind=Kind.MONEY),
                contract=Figure(value=e["contract_pence"], kind=Kind.MONEY),
                impact=Figure(value=e["impact"] or "Not yet assessed", kind=Kind.TEXT),
            )
        if small:
            self._row(
                t,
                "smaller",
                f"Engagements under £{consultant_threshold_pounds():,} this year, and other spending",
                spend=Figure(value=small, kind=Kind.MONEY),
            )
        if total:
            self._row(
                t, TOTAL, "All consultants and agency staff", spend=Figure(value=total, kind=Kind.MONEY)
            )
        self.consultant_count = count

    def _placements(self) -> None:
        t = self._table(
            "placements",
            "Placements by type of setting, with average cost per child",
            [
                Column("children", "Children placed"),
                Column("spend", "Spend", Kind.MONEY),
                Column("average", "Average cost per child", Kind.MONEY_AVERAGE),
            ],
            "Type of setting",
        )
        cells_seen = []
        for kind in SettingKind:
            c = self.l.by_setting_kind.get(kind.value)
            if c is None or not c.by_child:
                continue
            cells_seen.append(c)
            self._row(t, kind.value, kind.label, **self._placement_cells(c))
        if cells_seen:
            n = sum(c.children for c in cells_seen)
            tot = merged(cells_seen)
            cells = self._placement_cells(tot)
            cells["children"] = Figure(children=n)
            if n:
                cells["average"] = Figure(
                    children=n,
                    value=Fraction(tot.pence, n),
                    kind=Kind.MONEY_AVERAGE,
                    largest=tot.largest,
                    depends_on=("children", "spend"),
                )
            self._row(t, TOTAL, "All placements", **cells)
        # The same children in the category table, when the counts are equal (the money is
        # linked by value in _link_equal_money).
        keys = self._all_keys()
        cat = self.tables["categories"]
        for kind, category in KIND_CATEGORY.items():
            a, b = self.l.by_setting_kind.get(kind), self.l.by_category.get(category.value)
            mine, theirs = t.figure_key(kind, "children"), cat.figure_key(category.value, "children")
            if a and b and a.children == b.children and mine in keys and theirs in keys:
                self.groups.append(SumGroup(theirs, (mine,)))

    @staticmethod
    def _placement_cells(c: public_data.Cell) -> dict[str, Figure]:
        n = c.children
        out = {"children": Figure(children=n), "spend": money(c)}
        if n:
            out["average"] = Figure(
                children=n,
                value=Fraction(c.pence, n),
                kind=Kind.MONEY_AVERAGE,
                largest=c.largest,
                depends_on=("children", "spend"),
            )
        else:
            out["average"] = Figure(kind=Kind.MONEY_AVERAGE, missing="z")
        return out

    def _dsg(self) -> None:
        t = self._table(
            "dsg",
            "Budget, forecast outturn and the DSG deficit",
            [Column("amount", "Amount", Kind.MONEY)],
            "Item",
        )
        if self.budget_total is None:
            self._row(t, "budget", "High Needs Block budget", amount=Figure(kind=Kind.MONEY, missing="x"))
        else:
            self._row(
                t,
                "budget",
                "High Needs Block budget",
                amount=Figure(value=self.budget_total, kind=Kind.MONEY),
            )
        self._row(t, "outturn", "Forecast outturn", amount=money(self.l.hnb_total))
        if self.budget_total is None:
            variance = Figure(kind=Kind.MONEY, missing="x")
        else:
            variance = Figure(value=self.l.hnb_total.pence - self.budget_total, kind=Kind.MONEY)
        self._row(t, "variance", "In-year overspend (underspend shown negative)", amount=variance)
        # The DSG deficit ledger (funding.md §4.1) is not in the funding app yet: not available.
        self._row(
            t,
            "deficit_bf",
            "Cumulative DSG deficit brought forward",
            amount=Figure(kind=Kind.MONEY, missing="x"),
        )
        self._row(
            t,
            "deficit_cf",
            "Cumulative DSG deficit carried forward",
            amount=Figure(kind=Kind.MONEY, missing="x"),
        )
        self._sum(
            t.figure_key("outturn", "amount"),
            [t.figure_key("budget", "amount"), t.figure_key("variance", "amount")],
        )
        # The same budget, outturn and variance as the s251 table's total row.
        s251 = self.tables["s251"]
        for mine, theirs in (("budget", "budget"), ("outturn", "outturn"), ("variance", "variance")):
            self._sum(s251.figure_key(TOTAL, theirs), [t.figure_key(mine, "amount")])

    # -- publishing ----------------------------------------------------------------------------
    def _link_equal_money(self) -> list[SumGroup]:
        """Any two £ figures about children of exactly the same value are taken to be the same
        figure (a category that is all on one s251 line; a type of setting that is its whole
        category): a reader would, and hiding one while showing the other would hide nothing.
        Figures about no child (budgets, contracts) are linked only where the page says so."""
        by_value: dict[int, list[Hashable]] = defaultdict(list)
        for k, v in self.raw.items():
            by_value[v].append(k)
        out = []
        for keys in by_value.values():
            for a, b in zip(keys, keys[1:], strict=False):
                out.append(SumGroup(a, (b,)))
        return out

    def publish(self) -> Publication:
        tables = list(self.tables.values())
        return publish(
            tables,
            groups=self.groups + self._link_equal_money(),
            figures=self.extra_figures,
            rule=self.rule,
        )

    def sections(self, pub: Publication) -> dict[str, Section]:
        from sendpath.funding import transparency_text as text

        out = {}
        for key in self.tables:
            table = pub[key]
            out[key] = Section(key, table, text.summary(key, table, pub, self))
        charts = {
            "categories": ("spend", "Spending by category"),
            "s251": ("outturn", "Forecast outturn by s251 line"),
            "groups": ("spend", "Spending in DfE's benchmark groups"),
            "share": ("share", "Share of High Needs spending"),
            "tribunal": ("spend", "Tribunal costs by item"),
            "placements": ("average", "Average cost per child by type of setting"),
        }
        for key, (column, title) in charts.items():
            if key in out and any(not r.is_total for r in out[key].table.rows):
                out[key].chart = bar_chart(f"chart-{key}", title, out[key].table, column)
        return out
