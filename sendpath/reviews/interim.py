"""Interim reviews for under-fives: a reminder, not a legal limit.

The SEND Code of Practice (9.178) says local authorities should consider reviewing the plan of
a child under 5 at least every 3 to 6 months, because young children change quickly. This is
guidance only (timescales.md 4.1: "not enforced; optional reminders"), so nothing here is
ever shown as breached: a suggestion is "suggested from" one date and "suggested by" another,
counted from the plan's last review (or the date it was made), and it goes away once the plan
is reviewed again or the child turns 5.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from sendpath.law.calendar import add_months
from sendpath.plans.models import Plan, PlanStatus

CODE = "SEND Code of Practice 9.178 (guidance)"
FROM_MONTHS, BY_MONTHS = 3, 6
LOOK_AHEAD = 56  # days: the coordinator's 8-week look-ahead


def fifth_birthday(born: dt.date) -> dt.date:
    return add_months(born, 60)


def is_under_five(born: dt.date, today: dt.date) -> bool:
    return today < fifth_birthday(born)


@dataclass(frozen=True)
class Interim:
    """An interim review suggested between ``start`` and ``end``."""

    start: dt.date
    end: dt.date
    state: str  # "later" | "open" | "past"

    @property
    def text(self) -> str:
        if self.state == "later":
            return f"An interim review is suggested from {self.start.day} {self.start:%B %Y}"
        if self.state == "open":
            return f"An interim review is suggested now, by {self.end.day} {self.end:%B %Y}"
        return f"An interim review was suggested by {self.end.day} {self.end:%B %Y}"

    @property
    def tag(self) -> tuple[str, str]:
        """Text and colour: a reminder's colours, never red (it is not a breach)."""
        return {
            "later": ("Suggested later", "grey"),
            "open": ("Suggested now", "blue"),
            "past": ("Suggestion passed", "yellow"),
        }[self.state]


def suggestion(plan: Plan, born: dt.date, today: dt.date) -> Interim | None:
    """The interim review suggested for a maintained plan of a child under 5, or None."""
    if plan.status != PlanStatus.ACTIVE or not is_under_five(born, today):
        return None
    since = plan.last_reviewed_on or plan.first_issued_on
    if since is None:
        return None
    start, end = add_months(since, FROM_MONTHS), add_months(since, BY_MONTHS)
    if plan.review_due is not None and start >= plan.review_due:
        return None  # the annual review comes first
    state = "later" if today < start else ("open" if today <= end else "past")
    return Interim(start, end, state)


def under_fives(local_authority_id: int, today: dt.date) -> QuerySet[Plan]:
    """Maintained plans of children under 5 (on the ``(local_authority, status)`` index; a
    county has a few hundred)."""
    youngest_born_after = add_months(today, -60)
    return (
        Plan.objects.filter(
            local_authority_id=local_authority_id,
            status=PlanStatus.ACTIVE,
            child__date_of_birth__gt=youngest_born_after,
        )
        .select_related("child", "coordinator")
        .order_by("pk")
    )


def interim_due(local_authority_id: int, today: dt.date) -> list[dict[str, Any]]:
    """Under-fives whose suggested interim review is open, passed, or opens in 8 weeks,
    those whose suggested window ends first at the top."""
    rows = []
    soon = today + dt.timedelta(days=LOOK_AHEAD)
    for plan in under_fives(local_authority_id, today):
        found = suggestion(plan, plan.child.date_of_birth, today)
        if found is not None and found.start <= soon:
            rows.append({"plan": plan, "interim": found})
    return sorted(rows, key=lambda r: (r["interim"].end, r["plan"].pk))
