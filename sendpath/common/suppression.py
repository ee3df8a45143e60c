"""Small-number suppression: the project's ONE rule for every public or councillor-facing table.

This module implements funding.md §6.2. It is pure Python (no Django), so the rule can be
tested on its own and every app calls the same code. Suppression runs here, in the layer that
builds a public table, never in a template: what comes out of :func:`publish` holds only the
figures that may be shown, so a template or a CSV built from it cannot reveal more.

The rule, in the order it is applied:

1. **Primary.** A count of children from 1 to ``threshold - 1`` is shown as ``c``. A true zero
   is shown as ``0``. The threshold defaults to 10 and can never be set below 5.
2. **Derived.** Any average, percentage, rate or £ figure computed from fewer than ``threshold``
   children is ``c`` (a figure names the counts it comes from in ``children``). A figure that
   names other figures in ``depends_on`` is ``c`` whenever one of them is (an average of a
   suppressed total, a percentage of a suppressed count).
3. **Dominance.** A £ figure where one child's cost is more than half the figure's total is
   ``c``, whatever the count. The figure must say how big its largest single child's cost is.
4. **Secondary (complementary).** Figures that add up to another figure form *sum groups*
   (a row, a column, a table's total, a total published elsewhere such as the s251 LA total).
   After 1-3, if any suppressed figure can be worked out from what is published, by subtraction
   within one group or by combining several groups across every table published together, the
   next-smallest non-zero published figure in one of its groups is suppressed too, and the
   check repeats until nothing can be worked out. "Worked out" is tested exactly: a suppressed
   value is recoverable when its unit vector lies in the row space of the published equations
   (exact rational arithmetic, no floating point).
7. **Rounding for display.** £ totals to the nearest £1,000, averages to the nearest £100
   (half up). Exact figures stay in audited exports to authorised users, not here.
8. **Symbols.** ``c`` suppressed, ``x`` not available, ``z`` not applicable, with the footnote
   text in :data:`FOOTNOTES`.

Items 5 (differencing over time) and 6 (provider-level money) are publication decisions: the
caller must publish both versions of a table from one :func:`publish` call, and must not put
per-child fees of named providers in a table at all.

Money is in pence (integers), as everywhere in the ledger; published money is whole pounds.
"""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

__all__ = [
    "DEFAULT_RULE",
    "FOOTNOTES",
    "TOTAL",
    "Cell",
    "Column",
    "Figure",
    "Kind",
    "Publication",
    "Reason",
    "Rule",
    "SumGroup",
    "SuppressedTable",
    "SuppressionError",
    "Table",
    "publish",
    "suppress",
]

THRESHOLD_FLOOR = 5
TOTAL = "_total"  # the row key of a table's total row

FOOTNOTES: dict[str, str] = {
    "c": (
        "c = suppressed: fewer than {threshold} children, a figure worked out from fewer than "
        "{threshold} children, one child's cost making up more than half of the amount, or a figure "
        "hidden so that another suppressed figure cannot be worked out by subtraction."
    ),
    "x": "x = not available.",
    "z": "z = not applicable.",
}


class SuppressionError(ValueError):
    """The suppression rule or a figure given to it is not valid; the message says what to fix."""


class Kind(enum.Enum):
    """What a figure measures, which decides its rounding and its display."""

    COUNT = "count"  # a number of children (its value is ``children``)
    MONEY = "money"  # a £ total, in pence; rounded to the nearest £1,000
    MONEY_AVERAGE = "money_average"  # a £ average per child, in pence; rounded to the nearest £100
    PERCENT = "percent"  # a percentage 0-100, shown to one decimal place
    NUMBER = "number"  # any other figure (a median of days, a rate), shown with ``decimals``
    TEXT = "text"  # words in a table (a supplier's name, a purpose): shown as they are, never summed


class Reason(enum.Enum):
    """Why a figure is ``c``; kept for tests and for staff-only explanations, never shown publicly."""

    PRIMARY = "primary"
    DERIVED = "derived"
    DOMINANCE = "dominance"
    SECONDARY = "secondary"


@dataclass(frozen=True)
class Rule:
    """The publication rule (funding.md §8 ``PublicationRule``). Defaults are LA settings whose
    floors cannot be lowered: a threshold below 5, a dominance share above 50%, or rounding finer
    than £1,000 / £100 is refused."""

    threshold: int = 10
    dominance: Fraction = Fraction(1, 2)
    money_rounding_pounds: int = 1000
    average_rounding_pounds: int = 100
    percent_decimals: int = 1

    def __post_init__(self) -> None:
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, int):
            raise SuppressionError("The suppression threshold must be a whole number of children.")
        if self.threshold < THRESHOLD_FLOOR:
            raise SuppressionError(
                f"The suppression threshold cannot be set below {THRESHOLD_FLOOR} children "
                f"(it was {self.threshold}). "
                f"Counts of 1 to {THRESHOLD_FLOOR - 1} children are never published."
            )
        share = Fraction(self.dominance)
        if not (0 < share <= Fraction(1, 2)):
            raise SuppressionError("The dominance share must be more than 0 and at most 50%.")
        object.__setattr__(self, "dominance", share)
        if self.money_rounding_pounds < 1000:
            raise SuppressionError("£ totals cannot be rounded more finely than to the nearest £1,000.")
        if self.average_rounding_pounds < 100:
            raise SuppressionError("£ averages cannot be rounded more finely than to the nearest £100.")

    def footnotes(self, symbols: Iterable[str] = ("c", "x", "z")) -> list[str]:
        """The footnote sentence for each symbol, in c, x, z order."""
        wanted = set(symbols)
        return [FOOTNOTES[s].format(threshold=self.threshold) for s in ("c", "x", "z") if s in wanted]


DEFAULT_RULE = Rule()


@dataclass(frozen=True)
class Figure:
    """One figure before suppression.

    ``children``: the count(s) of children the figure is computed from. For a COUNT it is the
    count itself. For an average it is the number of children averaged; for a percentage of
    children give ``(numerator, denominator)``. The figure is ``c`` if any of them is 1 to
    threshold-1. ``None`` means the figure is not about children at all (a service team's cost,
    a consultant's fee, the budget): use it only then.

    ``value``: pence for MONEY and MONEY_AVERAGE, a number for PERCENT and NUMBER; ignored for
    COUNT. ``largest``: the largest single child's share of a £ figure, in pence (required for a
    £ figure about children, so that dominance is always checked).

    ``missing``: ``"x"`` (not available) or ``"z"`` (not applicable) instead of a value.
    ``depends_on``: keys of figures this one is worked out from; if any is ``c`` so is this.
    ``published_elsewhere``: a total already public (e.g. the s251 LA total); it takes part in
    sum groups, is never suppressed and is not returned.
    """

    key: Hashable = None
    children: int | tuple[int, ...] | None = None
    value: int | Decimal | float | Fraction | None = None
    kind: Kind = Kind.COUNT
    largest: int | None = None
    missing: str | None = None
    depends_on: tuple[Hashable, ...] = ()
    published_elsewhere: bool = False
    decimals: int = 0

    def child_counts(self) -> tuple[int, ...]:
        if self.children is None:
            return ()
        if isinstance(self.children, int):
            return (self.children,)
        return tuple(self.children)

    def amount(self) -> Fraction:
        """The figure's exact value, used to add figures up and to pick the smallest."""
        if self.kind is Kind.TEXT:
            return Fraction(0)
        if self.kind is Kind.COUNT:
            return Fraction(self.children if isinstance(self.children, int) else 0)
        return Fraction(self.value if self.value is not None else 0)


@dataclass(frozen=True)
class SumGroup:
    """Published figures that add up: ``sum(parts) == total``. ``total`` is a key of a figure in
    the same publication or of one published elsewhere. Parts and total must measure the same
    thing (children, or pence)."""

    total: Hashable
    parts: tuple[Hashable, ...]


@dataclass(frozen=True)
class Cell:
    """One figure as it may be published. A suppressed cell carries no value at all."""

    key: Hashable
    kind: Kind
    value: int | Decimal | None  # whole pounds for money; None when shown as a symbol
    text: str  # for a page: "1,234", "£125,000", "12.3%", or a symbol
    csv: str  # for a CSV: "1234", "125000", "12.3", or a symbol
    symbol: str | None = None  # "c", "x", "z" or None
    reason: Reason | None = None

    @property
    def suppressed(self) -> bool:
        return self.symbol == "c"


# ---------------------------------------------------------------------------------------------
# The core: figures and sum groups in, published cells out.
# ---------------------------------------------------------------------------------------------


def suppress(
    figures: Iterable[Figure], groups: Iterable[SumGroup] = (), rule: Rule = DEFAULT_RULE
) -> dict[Hashable, Cell]:
    """Apply §6.2 to every figure published together and return the publishable cells by key
    (figures published elsewhere are used in the checks but not returned)."""
    figs = _index(figures)
    grps = _check_groups(groups, figs)
    reasons: dict[Hashable, Reason] = {}

    for f in figs.values():
        if f.published_elsewhere or f.missing:
            continue
        reason = _primary_reason(f, rule)
        if reason:
            reasons[f.key] = reason
    _spread_dependents(figs, reasons)

    unprotectable: set[Hashable] = set()
    order = {k: i for i, k in enumerate(figs)}
    while True:
        found = _recoverable(figs, grps, reasons)
        exposed = [k for k in found if k not in unprotectable]
        if not exposed:
            break
        target = min(exposed, key=order.__getitem__)
        extra = _complement_for(target, found[target], figs, grps, reasons, order)
        if extra is None:
            # Nothing left to hide in its groups: its value is public through a total published
            # elsewhere. Record it and move on rather than loop for ever.
            unprotectable.add(target)
            continue
        reasons[extra] = Reason.SECONDARY
        _spread_dependents(figs, reasons)

    return {f.key: _cell(f, reasons.get(f.key), rule) for f in figs.values() if not f.published_elsewhere}


def _index(figures: Iterable[Figure]) -> dict[Hashable, Figure]:
    figs: dict[Hashable, Figure] = {}
    for f in figures:
        if f.key is None:
            raise SuppressionError("Every figure needs a key.")
        if f.key in figs:
            raise SuppressionError(f"Two figures have the same key {f.key!r}.")
        if f.missing not in (None, "x", "z"):
            raise SuppressionError(f"Figure {f.key!r}: missing must be 'x' or 'z'.")
        counts = f.child_counts()
        if any((not isinstance(n, int)) or n < 0 for n in counts):
            raise SuppressionError(f"Figure {f.key!r}: counts of children must be whole numbers, 0 or more.")
        if f.kind is Kind.COUNT and not f.missing and not isinstance(f.children, int):
            raise SuppressionError(f"Figure {f.key!r}: a count needs children= the count.")
        if f.kind is Kind.TEXT and (f.children is not None or not isinstance(f.value, str)):
            raise SuppressionError(f"Figure {f.key!r}: a text figure needs value= a string and no children.")
        if f.kind is not Kind.COUNT and not f.missing and f.value is None:
            raise SuppressionError(f"Figure {f.key!r}: give a value or missing='x'/'z'.")
        if (
            f.kind in (Kind.MONEY, Kind.MONEY_AVERAGE)
            and not f.missing
            and not f.published_elsewhere
            and counts
            and max(counts) > 0
            and f.largest is None
        ):
            raise SuppressionError(
                f"Figure {f.key!r}: a £ figure about children needs largest= (the largest single "
                "child's cost) so that dominance can be checked."
            )
        figs[f.key] = f
    for f in figs.values():
        for d in f.depends_on:
            if d not in figs:
                raise SuppressionError(f"Figure {f.key!r} depends on {d!r}, which is not in the publication.")
    return figs


def _check_groups(groups: Iterable[SumGroup], figs: Mapping[Hashable, Figure]) -> list[SumGroup]:
    out = []
    for g in groups:
        for k in (g.total, *g.parts):
            if k not in figs:
                raise SuppressionError(f"A sum group names {k!r}, which is not in the publication.")
            if figs[k].kind is Kind.TEXT:
                raise SuppressionError(f"A sum group names {k!r}, which is text.")
        out.append(SumGroup(g.total, tuple(g.parts)))
    return out


def _primary_reason(f: Figure, rule: Rule) -> Reason | None:
    counts = f.child_counts()
    if any(0 < n < rule.threshold for n in counts):
        return Reason.PRIMARY if f.kind is Kind.COUNT else Reason.DERIVED
    if f.kind in (Kind.MONEY, Kind.MONEY_AVERAGE) and f.largest is not None and counts:
        total = Fraction(f.value or 0)
        if f.kind is Kind.MONEY_AVERAGE:
            total *= max(counts)
        if total > 0 and Fraction(f.largest) > rule.dominance * total:
            return Reason.DOMINANCE
    return None


def _spread_dependents(figs: Mapping[Hashable, Figure], reasons: dict[Hashable, Reason]) -> None:
    changed = True
    while changed:
        changed = False
        for f in figs.values():
            if f.key in reasons or f.missing or f.published_elsewhere:
                continue
            if any(d in reasons for d in f.depends_on):
                reasons[f.key] = Reason.DERIVED
                changed = True


def _unknowns(figs: Mapping[Hashable, Figure], reasons: Mapping[Hashable, Reason]) -> set[Hashable]:
    """Figures a reader does not see: those suppressed, and those not available (``x``), which
    nobody can read anywhere. ``z`` (not applicable) counts as known: there is nothing to hide."""
    hidden = {k for k in reasons if not figs[k].published_elsewhere}
    return hidden | {k for k, f in figs.items() if f.missing == "x"}


def _recoverable(
    figs: Mapping[Hashable, Figure], groups: Sequence[SumGroup], reasons: Mapping[Hashable, Reason]
) -> dict[Hashable, set[int]]:
    """Suppressed figures whose exact value follows from the published sum groups, each with the
    groups (by index) whose combination gives it away."""
    hidden = _unknowns(figs, reasons)
    rows = []
    index = []
    for n, g in enumerate(groups):
        row: dict[Hashable, Fraction] = {}
        for p in g.parts:
            if p in hidden:
                row[p] = row.get(p, Fraction(0)) + 1
        if g.total in hidden:
            row[g.total] = row.get(g.total, Fraction(0)) - 1
        row = {k: v for k, v in row.items() if v != 0}
        if row:
            rows.append(row)
            index.append(n)
    found = _solve(rows)
    return {k: {index[r] for r in src} for k, src in found.items() if k in reasons}


def determined(rows: Sequence[Mapping[Hashable, Fraction]]) -> set[Hashable]:
    """Unknowns fixed by the linear equations ``rows`` (each a sparse row of coefficients; the
    right-hand sides do not matter)."""
    return set(_solve(rows))


def _axpy(row: dict[Hashable, Fraction], c: Fraction, other: Mapping[Hashable, Fraction]) -> None:
    """row -= c * other, dropping zeros."""
    for k, v in other.items():
        nv = row.get(k, Fraction(0)) - c * v
        if nv:
            row[k] = nv
        else:
            row.pop(k, None)


def _solve(rows: Sequence[Mapping[Hashable, Fraction]]) -> dict[Hashable, dict[int, Fraction]]:
    """Gauss-Jordan elimination in exact arithmetic. An unknown is fixed exactly when a row of the
    reduced row echelon form is its unit vector; that row's provenance (which input rows, with
    which coefficients, add up to it) says which published groups give the unknown away."""
    pivots: list[tuple[Hashable, dict[Hashable, Fraction], dict[int, Fraction]]] = []
    for n, raw in enumerate(rows):
        row = dict(raw)
        src: dict[int, Fraction] = {n: Fraction(1)}
        for col, prow, psrc in pivots:
            c = row.get(col)
            if c:
                _axpy(row, c, prow)
                _axpy(src, c, psrc)  # type: ignore[arg-type]
        if not row:
            continue
        col = min(row, key=repr)
        lead = row[col]
        row = {k: v / lead for k, v in row.items()}
        src = {k: v / lead for k, v in src.items()}
        # Keep every stored pivot row reduced against the new pivot (full RREF).
        for i, (pcol, prow, psrc) in enumerate(pivots):
            c = prow.get(col)
            if c:
                new, newsrc = dict(prow), dict(psrc)
                _axpy(new, c, row)
                _axpy(newsrc, c, src)  # type: ignore[arg-type]
                pivots[i] = (pcol, new, newsrc)
        pivots.append((col, row, src))
    return {col: src for col, row, src in pivots if len(row) == 1}


def _complement_for(
    target: Hashable,
    involved: set[int],
    figs: Mapping[Hashable, Figure],
    groups: Sequence[SumGroup],
    reasons: Mapping[Hashable, Reason],
    order: Mapping[Hashable, int],
) -> Hashable | None:
    """The next figure to hide so that ``target`` stops being recoverable: the smallest non-zero
    published part of a row, column or total that gives it away (``involved``); a group's total
    only when no part is left; failing those, any group holding ``target``."""
    hidden = _unknowns(figs, reasons)

    def can_hide(k: Hashable) -> bool:
        f = figs[k]
        return not (k in hidden or f.published_elsewhere or f.missing or f.amount() == 0)

    mine = [g for g in groups if target == g.total or target in g.parts]
    used = [groups[i] for i in sorted(involved)]
    for pool in (used, mine):
        parts = {k for g in pool for k in g.parts if can_hide(k)}
        if parts:
            return min(parts, key=lambda k: (abs(figs[k].amount()), order[k]))
        totals = {g.total for g in pool if can_hide(g.total)}
        if totals:
            return min(totals, key=lambda k: (abs(figs[k].amount()), order[k]))
    return None


# ---------------------------------------------------------------------------------------------
# Rounding and display
# ---------------------------------------------------------------------------------------------


def _round_to(pence: Fraction | Decimal | int | float, pounds: int) -> int:
    """Pence to whole pounds rounded half up to the nearest ``pounds``."""
    step = Decimal(pounds) * 100
    units = (Decimal(str(pence)) if not isinstance(pence, Fraction) else _dec(pence)) / step
    return int(units.quantize(Decimal(1), rounding=ROUND_HALF_UP) * pounds)


def _dec(x: Fraction) -> Decimal:
    return Decimal(x.numerator) / Decimal(x.denominator)


def _cell(f: Figure, reason: Reason | None, rule: Rule) -> Cell:
    if reason is not None:
        return Cell(f.key, f.kind, None, "c", "c", "c", reason)
    if f.missing:
        return Cell(f.key, f.kind, None, f.missing, f.missing, f.missing)
    if f.kind is Kind.TEXT:
        return Cell(f.key, f.kind, None, str(f.value), str(f.value))
    if f.kind is Kind.COUNT:
        n = int(f.children)  # type: ignore[arg-type]
        return Cell(f.key, f.kind, n, f"{n:,}", str(n))
    if f.kind is Kind.MONEY:
        v = _round_to(Fraction(f.value), rule.money_rounding_pounds)  # type: ignore[arg-type]
        return Cell(f.key, f.kind, v, _pounds(v), str(v))
    if f.kind is Kind.MONEY_AVERAGE:
        v = _round_to(Fraction(f.value), rule.average_rounding_pounds)  # type: ignore[arg-type]
        return Cell(f.key, f.kind, v, _pounds(v), str(v))
    places = rule.percent_decimals if f.kind is Kind.PERCENT else f.decimals
    q = Decimal(1).scaleb(-places)
    d = _dec(Fraction(f.value)).quantize(q, rounding=ROUND_HALF_UP)  # type: ignore[arg-type]
    text = f"{d:,.{places}f}" + ("%" if f.kind is Kind.PERCENT else "")
    return Cell(f.key, f.kind, d, text, f"{d:.{places}f}")


def _pounds(v: int) -> str:
    return f"-£{-v:,}" if v < 0 else f"£{v:,}"


# ---------------------------------------------------------------------------------------------
# Tables: rows × columns with totals, and a set of tables published together.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of a table. ``sum_of`` makes the column a row total of other columns (each row's
    cell = the sum of that row's cells in ``sum_of``), which becomes a sum group per row."""

    key: str
    label: str
    kind: Kind = Kind.COUNT
    sum_of: tuple[str, ...] = ()
    numeric: bool = True


@dataclass
class _Row:
    key: str
    label: str
    cells: dict[str, Figure]
    is_total: bool = False


@dataclass
class Table:
    """A table being built for publication. Keys of its figures are ``(table.key, row, column)``.

    ``add_row`` adds a row of figures (given without keys); ``set_total`` adds the total row, and
    every column present in it becomes a sum group over the table's rows (those rows must add up
    to it: only give a total for a column whose rows partition the whole)."""

    key: str
    title: str
    columns: Sequence[Column]
    row_header: str = ""
    rows: list[_Row] = field(default_factory=list)

    def figure_key(self, row: str, column: str) -> tuple[str, str, str]:
        return (self.key, row, column)

    def add_row(self, key: str, label: str, **cells: Figure) -> None:
        self._add(key, label, cells, is_total=False)

    def set_total(self, label: str = "Total", **cells: Figure) -> None:
        self._add(TOTAL, label, cells, is_total=True)

    def _add(self, key: str, label: str, cells: Mapping[str, Figure], *, is_total: bool) -> None:
        cols = {c.key for c in self.columns}
        unknown = set(cells) - cols
        if unknown:
            raise SuppressionError(f"Table {self.key!r} has no column {sorted(unknown)!r}.")
        if any(r.key == key for r in self.rows):
            raise SuppressionError(f"Table {self.key!r} already has a row {key!r}.")
        keyed = {}
        for ck, f in cells.items():
            deps = tuple(d if isinstance(d, tuple) else self.figure_key(key, d) for d in f.depends_on)
            keyed[ck] = _with(f, key=self.figure_key(key, ck), depends_on=deps)
        self.rows.append(_Row(key, label, keyed, is_total))

    def figures(self) -> list[Figure]:
        return [f for r in self.rows for f in r.cells.values()]

    def groups(self) -> list[SumGroup]:
        out = []
        total = next((r for r in self.rows if r.is_total), None)
        if total is not None:
            body = [r for r in self.rows if not r.is_total]
            for ck in total.cells:
                parts = tuple(r.cells[ck].key for r in body if ck in r.cells)
                if parts and total.cells[ck].kind is not Kind.TEXT:
                    out.append(SumGroup(total.cells[ck].key, parts))
        for col in self.columns:
            if not col.sum_of:
                continue
            for r in self.rows:
                if col.key in r.cells:
                    parts = tuple(r.cells[p].key for p in col.sum_of if p in r.cells)
                    if parts:
                        out.append(SumGroup(r.cells[col.key].key, parts))
        return out


def _with(f: Figure, **changes: object) -> Figure:
    data = {name: getattr(f, name) for name in f.__dataclass_fields__}
    data.update(changes)
    return Figure(**data)  # type: ignore[arg-type]


@dataclass(frozen=True)
class SuppressedRow:
    key: str
    label: str
    cells: tuple[Cell | None, ...]  # in column order; None where the row has no figure
    is_total: bool


@dataclass(frozen=True)
class SuppressedTable:
    """A table after suppression: everything a page or a CSV may show, and nothing more."""

    key: str
    title: str
    row_header: str
    columns: tuple[Column, ...]
    rows: tuple[SuppressedRow, ...]
    rule: Rule

    def symbols(self) -> set[str]:
        return {c.symbol for r in self.rows for c in r.cells if c is not None and c.symbol}

    def footnotes(self) -> list[str]:
        return self.rule.footnotes(self.symbols())

    def template_rows(self) -> list[dict[str, object]]:
        """Rows for a template: ``{"key", "label", "is_total", "cells": [{"text", "symbol",
        "numeric"}]}``. Only display text is present: templates never see a raw figure."""
        out = []
        for r in self.rows:
            cells = []
            for col, c in zip(self.columns, r.cells, strict=True):
                cells.append(
                    {
                        "text": "" if c is None else c.text,
                        "symbol": None if c is None else c.symbol,
                        "numeric": col.numeric,
                    }
                )
            out.append({"key": r.key, "label": r.label, "is_total": r.is_total, "cells": cells})
        return out

    def header(self) -> list[str]:
        return [self.row_header or "", *(_csv_label(c) for c in self.columns)]

    def csv_rows(self) -> list[list[str]]:
        """Header then one list of strings per row; money in whole pounds, symbols as they are."""
        rows = [self.header()]
        for r in self.rows:
            rows.append([r.label, *("" if c is None else c.csv for c in r.cells)])
        return rows

    def csv_text(self, *, notes: bool = True) -> str:
        """The CSV file for this table, with the symbol footnotes after a blank line."""
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerows(self.csv_rows())
        if notes:
            w.writerow([])
            for line in self.rule.footnotes():
                w.writerow([line])
        return buf.getvalue()

    def cell(self, row: str, column: str) -> Cell | None:
        i = [c.key for c in self.columns].index(column)
        for r in self.rows:
            if r.key == row:
                return r.cells[i]
        raise KeyError((row, column))


def _csv_label(c: Column) -> str:
    if c.kind in (Kind.MONEY, Kind.MONEY_AVERAGE) and "£" not in c.label:
        return f"{c.label} (£)"
    if c.kind is Kind.PERCENT and "%" not in c.label:
        return f"{c.label} (%)"
    return c.label


@dataclass(frozen=True)
class Publication:
    """Every table published together, suppressed as one."""

    tables: dict[str, SuppressedTable]
    cells: dict[Hashable, Cell]
    rule: Rule

    def __getitem__(self, key: str) -> SuppressedTable:
        return self.tables[key]

    def symbols(self) -> set[str]:
        return {c.symbol for c in self.cells.values() if c.symbol}

    def footnotes(self) -> list[str]:
        return self.rule.footnotes(self.symbols())


def publish(
    tables: Sequence[Table],
    *,
    groups: Iterable[SumGroup] = (),
    elsewhere: Iterable[Figure] = (),
    figures: Iterable[Figure] = (),
    rule: Rule = DEFAULT_RULE,
) -> Publication:
    """Suppress a set of tables published together (the same page, its CSVs and its API).

    ``groups``: sum groups across tables (e.g. a table's total equals another table's total,
    or a category's £ equals the sum of its s251 lines). ``elsewhere``: totals published
    somewhere else, each a :class:`Figure` with ``published_elsewhere=True`` whose key the groups
    name. ``figures``: single figures shown outside any table (a headline number)."""
    keys = [t.key for t in tables]
    if len(set(keys)) != len(keys):
        raise SuppressionError("Two tables in one publication have the same key.")
    all_figs: list[Figure] = [f for t in tables for f in t.figures()]
    all_figs += list(figures)
    for f in elsewhere:
        all_figs.append(f if f.published_elsewhere else _with(f, published_elsewhere=True))
    all_groups = [g for t in tables for g in t.groups()] + list(groups)
    cells = suppress(all_figs, all_groups, rule)
    out = {}
    for t in tables:
        rows = tuple(
            SuppressedRow(
                r.key,
                r.label,
                tuple(cells[r.cells[c.key].key] if c.key in r.cells else None for c in t.columns),
                r.is_total,
            )
            for r in t.rows
        )
        out[t.key] = SuppressedTable(t.key, t.title, t.row_header, tuple(t.columns), rows, rule)
    return Publication(out, cells, rule)
