"""England's and an authority's own published figures, read from DfE's release files.

The files are DfE's "Education, health and care plans" release (reporting year 2025), kept
in the folder named by the ``SENDPATH_DFE_DATA_DIR`` setting. Values are parsed and setting
columns grouped as the demo calibration does (``sendpath.demo.calibration``), so the project
reads these files one way. Each value says which published year it is: a figure for 2025 is shown beside DfE's
latest, 2024, and says so.

When the folder is missing, or the authority has no row (a synthetic area's code), every
published value is ``x`` (DfE's "not available"), and nothing fails.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

from sendpath.demo.calibration import SETTING_COLUMNS, _num
from sendpath.figures import definitions as d

NOT_AVAILABLE = "x"
#: The latest calendar year in the release; academic-year files are a January later.
LATEST_CALENDAR_YEAR = 2024
NATIONAL, LOCAL = "National", "Local authority"


def data_dir() -> Path | None:
    folder = getattr(settings, "SENDPATH_DFE_DATA_DIR", None)
    if not folder:
        return None
    path = Path(folder)
    return path if path.is_dir() else None


def period_code(year: int, calendar: bool) -> str:
    """DfE's time_period: ``2024`` for a calendar year; ``202425`` for January 2025."""
    return str(year) if calendar else f"{year}{(year + 1) % 100:02d}"


def year_label(year: int, calendar: bool) -> str:
    return str(year) if calendar else f"January {year + 1}"


#: The only topics read: each file's total row, and the caseload by age.
TOPICS = frozenset(
    {
        d._REQ_TOPIC,
        d._ASSESS_TOPIC,
        d._TIME_TOPIC,
        d._REVIEWS_TOPIC,
        "All ceased EHC plans",
        "All EHC plans",
        "Child or young persons age",
    }
)


@lru_cache(maxsize=32)
def _index(folder: str, file: str) -> dict[tuple[str, str, str], tuple[dict[str, str], ...]]:
    """One pass over a file, keeping the rows of the topics used, by (level, period, topic).
    The files do not change while the service runs, so each is read once per process.

    This is the calibration reader's filter (``sendpath.demo.calibration._rows``) done for
    every level and period in one pass: ``_rows`` reads the whole file per question, and the
    figures ask about a dozen questions per file."""
    path = Path(folder) / file
    if not path.exists():
        return {}
    found: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        level_at, period_at, topic_at = (
            header.index("geographic_level"),
            header.index("time_period"),
            header.index("breakdown_topic"),
        )
        for row in reader:
            if row[topic_at] in TOPICS:
                key = (row[level_at], row[period_at], row[topic_at])
                found.setdefault(key, []).append(dict(zip(header, row, strict=False)))
    return {k: tuple(v) for k, v in found.items()}


def _table(folder: str, file: str, level: str, period: str, topic: str) -> tuple[dict[str, str], ...]:
    """Every row of one file for a level, period and topic (all authorities at once)."""
    return _index(folder, file).get((level, period, topic), ())


def _row(source: d.Source, la_code: str | None, year: int) -> tuple[dict[str, str] | None, int]:
    """The total row for England (``la_code`` None) or one authority, for ``year`` if DfE
    published it, else for the release's latest year. Returns (row or None, year used)."""
    folder = data_dir()
    if folder is None:
        return None, year
    level = LOCAL if la_code else NATIONAL
    for candidate in dict.fromkeys([min(year, LATEST_CALENDAR_YEAR), LATEST_CALENDAR_YEAR]):
        rows = _table(str(folder), source.file, level, period_code(candidate, source.calendar), source.topic)
        if not rows:
            continue
        match = [r for r in rows if la_code is None or r["old_la_code"] == la_code]
        return (match[0] if match else None), candidate
    return None, LATEST_CALENDAR_YEAR


def _value(row: dict[str, str] | None, column: str) -> int | float | str:
    raw = (row or {}).get(column, "")
    if raw in ("", "x", "z", None):
        return NOT_AVAILABLE
    number = _num(raw)
    return int(number) if number == int(number) else number


def _sum(row: dict[str, str] | None, columns: tuple[str, ...] | list[str]) -> int | str:
    values = [_value(row, c) for c in columns]
    if not values or any(v == NOT_AVAILABLE for v in values):
        return NOT_AVAILABLE
    return int(sum(values))  # type: ignore[arg-type]


def _rate(figure: d.Figure, row: dict[str, str] | None) -> dict[str, Any]:
    source = figure.source
    assert source is not None
    numerator = _value(row, source.numerator)
    denominator = _sum(row, source.denominator)
    if source.percentage:
        percentage = _value(row, source.percentage)
    elif isinstance(numerator, int) and isinstance(denominator, int) and denominator:
        percentage = d.ar.rate(numerator, denominator).percentage
    else:
        percentage = NOT_AVAILABLE
    return {"numerator": numerator, "denominator": denominator, "percentage": percentage}


def _breakdown(
    figure: d.Figure, row: dict[str, str] | None, la_code: str | None, year: int
) -> dict[str, Any]:
    source = figure.source
    assert source is not None
    labels = figure.labels
    if figure.id == "caseload_by_setting":
        counts: dict[str, Any] = {k: _sum(row, cols) for k, cols in SETTING_COLUMNS.items()}
        counts[d.NO_PLACEMENT] = _value(row, "placement_unknown")
        total = _value(row, "ehcplans")
    elif figure.id == "caseload_by_age":
        counts = _ages(source, la_code, year)
        total = _sum_known(counts.values())
    else:
        counts = {k: _value(row, col) for k, col in source.columns.items()}
        total = _sum_known(counts.values())
        if figure.id == "plans_ceased":
            total = _value(row, "total_ceased")
    rows = [{"key": k, "label": labels.get(k, k), "count": counts.get(k, NOT_AVAILABLE)} for k in labels]
    return {"rows": rows, "total": total}


def _sum_known(values: Any) -> int | str:
    values = list(values)
    if not values or any(v == NOT_AVAILABLE for v in values):
        return NOT_AVAILABLE
    return int(sum(values))


def _ages(source: d.Source, la_code: str | None, year: int) -> dict[str, Any]:
    folder = data_dir()
    if folder is None:
        return {}
    level = LOCAL if la_code else NATIONAL
    rows = _table(str(folder), source.file, level, period_code(year, source.calendar), source.topic)
    counts: dict[str, Any] = {}
    for r in rows:
        if la_code is None or r["old_la_code"] == la_code:
            counts[r["breakdown"].strip().lower()] = _value(r, "ehcplans")
    return counts


def published_figure(figure: d.Figure, la_code: str | None, year: int) -> dict[str, Any]:
    """DfE's published value of one figure, shaped like ours, with the year it is for."""
    if figure.source is None:
        return {"available": False, "year": None, "value": NOT_AVAILABLE}
    row, used = _row(figure.source, la_code, year)
    label = year_label(used, figure.source.calendar)
    if figure.id == "reviews_held" and used != 2024:
        row = None  # review_meeting_24 is a 2024 column: no other year is published
    if figure.kind == d.RATE:
        value: Any = _rate(figure, row)
    elif figure.kind == d.COUNT:
        value = {"count": _value(row, figure.source.columns["count"])}
    else:
        value = _breakdown(figure, row, la_code, used)
    return {"available": row is not None, "year": label, **value}


def published_figures(la_code: str | None, year: int) -> dict[str, dict[str, Any]]:
    """Every figure's published value for England (``la_code`` None) or one authority."""
    return {fid: published_figure(f, la_code, year) for fid, f in d.FIGURES.items()}


def authority_name(la_code: str) -> str | None:
    """The authority's name as DfE publishes it, or None if the release has no such code."""
    folder = data_dir()
    if folder is None:
        return None
    for r in _table(
        str(folder), "caseload.csv", LOCAL, period_code(LATEST_CALENDAR_YEAR, False), "All EHC plans"
    ):
        if r["old_la_code"] == la_code:
            return r["la_name"]
    return None
