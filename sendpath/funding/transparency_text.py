"""One plain-English sentence per public table, written from the suppressed cells only.

A sentence may only repeat a figure the table shows: it reads ``Cell.text``, never the ledger,
so a suppressed figure cannot leak through the words around it.
"""

from __future__ import annotations

from typing import Any

from sendpath.common.suppression import TOTAL, Cell, Publication, SuppressedTable


def _cells(table: SuppressedTable, column: str) -> list[tuple[str, Cell]]:
    i = [c.key for c in table.columns].index(column)
    return [(r.label, r.cells[i]) for r in table.rows if not r.is_total and r.cells[i] is not None]


def _total(table: SuppressedTable, column: str) -> Cell | None:
    try:
        return table.cell(TOTAL, column)
    except KeyError:
        return None


def _largest(table: SuppressedTable, column: str) -> tuple[str, Cell] | None:
    shown = [(label, c) for label, c in _cells(table, column) if c.value is not None]
    return max(shown, key=lambda lc: lc[1].value, default=None)  # type: ignore[arg-type, return-value]


def _smallest(table: SuppressedTable, column: str) -> tuple[str, Cell] | None:
    shown = [(label, c) for label, c in _cells(table, column) if c.value is not None]
    return min(shown, key=lambda lc: lc[1].value, default=None)  # type: ignore[arg-type, return-value]


def _partial(table: SuppressedTable, column: str) -> bool:
    """Some figure in the column is hidden: "the largest" may only mean "the largest shown"."""
    return any(c.symbol for _, c in _cells(table, column))


def _shown(c: Cell | None) -> bool:
    return c is not None and c.value is not None


HIDDEN = "is not shown, because it could identify a child"


def summary(key: str, table: SuppressedTable, pub: Publication, builder: Any) -> str:
    return {
        "categories": _categories,
        "s251": _s251,
        "groups": _groups,
        "share": _share,
        "tribunal": _tribunal,
        "consultants": _consultants,
        "placements": _placements,
        "dsg": _dsg,
    }[key](table, pub, builder)


def _categories(t: SuppressedTable, pub: Publication, b: Any) -> str:
    total = _total(t, "spend")
    top = _largest(t, "spend")
    if not _shown(total):
        return f"The High Needs Block total {HIDDEN}."
    if top is None:
        return f"High Needs Block spending came to {total.text}."  # type: ignore[union-attr]
    pct = t.cell(next(r.key for r in t.rows if r.label == top[0]), "share")
    pct_text = f" ({pct.text})" if _shown(pct) else ""
    which = "of the categories shown, the largest" if _partial(t, "spend") else "the largest category"
    return (
        f"High Needs Block spending came to {total.text}; {which} was "  # type: ignore[union-attr]
        f"{top[0].lower()} at {top[1].text}{pct_text}."
    )


def _s251(t: SuppressedTable, pub: Publication, b: Any) -> str:
    outturn, budget, variance = (_total(t, c) for c in ("outturn", "budget", "variance"))
    if not _shown(outturn):
        return f"The forecast outturn {HIDDEN}."
    if not _shown(budget) or not _shown(variance):
        return f"The forecast outturn is {outturn.text}; no budget has been set for the year."  # type: ignore[union-attr]
    v = variance.value  # type: ignore[union-attr]
    gap = (
        f"an overspend of {variance.text}"  # type: ignore[union-attr]
        if v > 0
        else f"an underspend of £{-v:,}"
        if v < 0
        else "on budget"
    )
    return f"The forecast outturn is {outturn.text} against a budget of {budget.text}: {gap}."  # type: ignore[union-attr]


def _groups(t: SuppressedTable, pub: Publication, b: Any) -> str:
    top = _largest(t, "spend")
    if top is None:
        return "No spending is recorded in DfE's benchmark groups for this year."
    if _partial(t, "spend"):
        return f"Of DfE's benchmark groups shown, {top[0].lower()} took the most, at {top[1].text}."
    return f"In DfE's benchmark groups, {top[0].lower()} took the most, at {top[1].text}."


def _share(t: SuppressedTable, pub: Publication, b: Any) -> str:
    support, placements = t.cell("support", "share"), t.cell("placements", "share")
    if _shown(support) and _shown(placements):
        return (
            f"Support services took {support.text} of High Needs Block spending, "  # type: ignore[union-attr]
            f"and placements {placements.text}."  # type: ignore[union-attr]
        )
    if _shown(support):
        return f"Support services took {support.text} of High Needs Block spending."  # type: ignore[union-attr]
    return f"The support services share {HIDDEN}."


def _tribunal(t: SuppressedTable, pub: Publication, b: Any) -> str:
    total = _total(t, "spend")
    cases = pub.cells.get(("headline", "tribunal_cases", "n"))
    if total is None:
        return "No tribunal costs are recorded for this year."
    if not _shown(total):
        return f"The total of tribunal costs {HIDDEN}."
    case_text = ""
    if cases is not None and cases.value:
        case_text = f", across {cases.text} appeals with costs recorded"
    elif cases is not None and cases.symbol == "c":
        case_text = f", across fewer than {b.rule.threshold} appeals"
    return f"Tribunal costs recorded for the year come to {total.text}{case_text}."  # type: ignore[union-attr]


def _consultants(t: SuppressedTable, pub: Publication, b: Any) -> str:
    total = _total(t, "spend")
    if total is None:
        return "No spending on consultants or agency staff is recorded for this year."
    n = getattr(b, "consultant_count", 0)
    listed = (
        f"; {n} engagement{'s' if n != 1 else ''} over the listing threshold "
        f"{'are' if n != 1 else 'is'} listed"
        if n
        else ""
    )
    return f"Consultants and agency staff cost {total.text} this year{listed}."


def _placements(t: SuppressedTable, pub: Publication, b: Any) -> str:
    hi, lo = _largest(t, "average"), _smallest(t, "average")
    if hi is None:
        return "Average costs per child are not shown for any type of setting this year."
    if _partial(t, "average"):
        return (
            f"Of the averages shown, the highest cost per child was in {hi[0].lower()} ({hi[1].text}); "
            "some types of setting are hidden because they could identify a child."
        )
    if lo is None or lo[0] == hi[0]:
        return f"The average cost per child placed was {hi[1].text} in {hi[0].lower()}."
    return (
        f"The average cost per child was highest in {hi[0].lower()} ({hi[1].text}) "
        f"and lowest in {lo[0].lower()} ({lo[1].text})."
    )


def _dsg(t: SuppressedTable, pub: Publication, b: Any) -> str:
    variance = t.cell("variance", "amount")
    if not _shown(variance):
        return (
            "The in-year position is not available until a budget is set; "
            "the DSG deficit ledger is not yet recorded."
        )
    v = variance.value  # type: ignore[union-attr]
    position = (
        f"an in-year overspend of {variance.text}"  # type: ignore[union-attr]
        if v > 0
        else f"an in-year underspend of £{-v:,}"
        if v < 0
        else "spending on budget"
    )
    return f"The forecast shows {position}; the cumulative DSG deficit is not yet recorded in this system."
