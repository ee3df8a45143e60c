"""The assessment's legal dates, from the law module, and which one comes next.

Stored on the request as indexed columns (``decision_due``, ``no_plan_due``, ``final_due``,
``next_due``) and recomputed here whenever the facts change, so lists sort by the next
legal deadline without computing anything per row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sendpath.assessments.workflow import Stage
from sendpath.law.clocks import (
    LIMITS,
    LimitInfo,
    decision_to_assess_due,
    final_plan_due,
    no_plan_notice_due,
)


def request_due_dates(received_on: dt.date) -> dict[str, dt.date]:
    """The three clocks that start when a request is received (regs 5(1), 10(1), 13(2))."""
    return {
        "decision_due": decision_to_assess_due(received_on),
        "no_plan_due": no_plan_notice_due(received_on),
        "final_due": final_plan_due(received_on),
    }


def next_due(case: Any) -> dt.date | None:
    """The next legal deadline for an open request; None once it is closed.

    Received: the 6-week decision. Assessing: the 16-week point by which a decision not to
    issue must be notified (the 20-week limit follows). Drafting or draft sent: 20 weeks.
    """
    stage = Stage(case.stage)
    if stage == Stage.RECEIVED:
        return case.decision_due
    if stage == Stage.ASSESSING:
        return case.no_plan_due
    if stage in (Stage.DRAFTING, Stage.DRAFT_SENT):
        return case.final_due
    return None


NEXT_LIMIT = {
    Stage.RECEIVED: "decision_to_assess_due",
    Stage.ASSESSING: "no_plan_notice_due",
    Stage.DRAFTING: "final_plan_due",
    Stage.DRAFT_SENT: "final_plan_due",
}


def next_limit(case: Any) -> LimitInfo | None:
    """Which statutory limit ``next_due`` is, with its citation, for saying what was missed."""
    name = NEXT_LIMIT.get(Stage(case.stage))
    return LIMITS[name] if name else None
