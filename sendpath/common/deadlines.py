"""How a deadline reads to a person: overdue, due soon, or on track."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

SOON_DAYS = 7


@dataclass(frozen=True)
class DueState:
    state: str  # "overdue" | "soon" | "ok" | "met"
    text: str

    @property
    def tag_colour(self) -> str:
        return {"overdue": "red", "soon": "yellow", "ok": "green", "met": "grey"}[self.state]


def due_state(due: dt.date | None, today: dt.date, done: bool = False) -> DueState:
    """Plain-English status of a legal deadline on ``today``.

    The statutory date never moves (timescales.md 1.1): a deadline on a bank holiday is
    still that day. Overdue means the last day in time has passed.
    """
    if done:
        return DueState("met", "Done")
    if due is None:
        return DueState("ok", "No deadline")
    days = (due - today).days
    if days < 0:
        late = -days
        return DueState("overdue", f"Overdue by {late} day{'s' if late != 1 else ''}")
    if days == 0:
        return DueState("soon", "Due today")
    if days <= SOON_DAYS:
        return DueState("soon", f"Due in {days} day{'s' if days != 1 else ''}")
    return DueState("ok", f"Due in {days} days")
