"""School terms, roughly: what "this term" means on a SENCO's home page.

Term dates differ by council and year; these are the usual English boundaries and are only
used to group work, never for a legal deadline.
"""

from __future__ import annotations

import datetime as dt


def term_end(today: dt.date) -> dt.date:
    """The last day of the school term containing ``today`` (summer runs to 31 July)."""
    if today.month >= 9:
        return dt.date(today.year, 12, 31)
    if today.month <= 3:
        return dt.date(today.year, 3, 31)
    if today.month <= 7:
        return dt.date(today.year, 7, 31)
    return dt.date(today.year, 12, 31)


def term_name(today: dt.date) -> str:
    if today.month >= 8:
        return "autumn term"
    if today.month <= 3:
        return "spring term"
    return "summer term"
