"""How a statutory limit reads on a clock panel: met, due, at risk, breached, and the rest.

Shared by every process with legal clocks (the assessment, the annual review), so a limit
has one meaning and one colour everywhere. Pure: no database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sendpath.law.clocks import LIMITS

AT_RISK_DAYS = 14  # "at risk" 2 weeks before a limit, as coordinators plan their fortnight


@dataclass(frozen=True)
class Clock:
    label: str
    citation: str
    due: dt.date
    status: str  # met | late | due | at_risk | breached | exception | not_needed | ended
    detail: str = ""

    @property
    def tag(self) -> tuple[str, str]:
        return {
            "met": ("Met", "green"),
            "late": ("Met late", "orange"),
            "due": ("Due", "blue"),
            "at_risk": ("At risk", "yellow"),
            "breached": ("Breached", "red"),
            "exception": ("Exception applies", "purple"),
            "not_needed": ("Not needed", "grey"),
            "ended": ("Case ended first", "grey"),
        }[self.status]


def limit_status(
    due: dt.date,
    done_on: dt.date | None,
    today: dt.date,
    excepted: bool = False,
    closed_on: dt.date | None = None,
) -> str:
    """The state of one limit. A limit that fell after the case closed was never missed."""
    if done_on is not None:
        return "met" if done_on <= due else ("exception" if excepted else "late")
    if closed_on is not None:
        if closed_on <= due:
            return "ended"
        return "exception" if excepted else "breached"
    if today > due:
        return "exception" if excepted else "breached"
    if (due - today).days <= AT_RISK_DAYS:
        return "at_risk"
    return "due"


def clock(name: str, due: dt.date, done_on: dt.date | None, today: dt.date, **kw: object) -> Clock:
    """A clock for the limit ``name`` of ``law.clocks.LIMITS``, with its label and citation."""
    info = LIMITS[name]
    return Clock(info.label, info.citation, due, limit_status(due, done_on, today, **kw))  # type: ignore[arg-type]
