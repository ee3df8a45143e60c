"""One problem found in an import: where it is (file, line, column) and what is wrong.

The same list is stored on the import run, printed by the command, shown on the page and
downloaded as CSV, so a data officer can fix the legacy rows and try again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

HEADER = ("file", "line", "column", "reason")


@dataclass(frozen=True)
class Problem:
    """``line`` counts from 1 as a spreadsheet does (the header is line 1); 0 means the
    problem is with the whole file. ``column`` is empty when no one column is to blame."""

    file: str
    line: int
    column: str
    reason: str

    def as_list(self) -> list[str | int]:
        return [self.file, self.line, self.column, self.reason]

    @classmethod
    def from_list(cls, row: list) -> Problem:
        return cls(str(row[0]), int(row[1]), str(row[2]), str(row[3]))


def to_csv(problems: Iterable[Problem | list]) -> str:
    """The report as CSV text, with a header row. Cells a spreadsheet would run as a formula
    are prefixed with a quote (CSV injection)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for p in problems:
        row = p.as_list() if isinstance(p, Problem) else list(p)
        writer.writerow([_safe(v) for v in row])
    return out.getvalue()


def _safe(value: str | int) -> str | int:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def describe(problem: Problem) -> str:
    """One line for the command's output: ``persons.csv line 12, upn: reason``."""
    where = problem.file
    if problem.line:
        where += f" line {problem.line}"
    if problem.column:
        where += f", {problem.column}"
    return f"{where}: {problem.reason}"
