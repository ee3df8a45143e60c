"""The clock panel of a case: every statutory limit, its date, and whether it was met, is
due, was breached, or is disapplied by a recorded exception.

Pure reading of the case's facts; dates come from the law module through the stored
columns, and the citation of each limit from ``law.clocks.LIMITS``.
"""

from __future__ import annotations

import datetime as dt

from sendpath.assessments.models import AdviceRequest, AssessmentRequest, ClockException
from sendpath.common.clock_panel import Clock, limit_status
from sendpath.law.clocks import LIMITS, draft_representations_close


def advice_status(advice: AdviceRequest, today: dt.date, closed_on: dt.date | None = None) -> str:
    """received, late, at risk (2 weeks before due), waiting, or ended with the case."""
    if advice.received_on:
        return "met" if advice.received_on <= advice.due_on else "late"
    return limit_status(advice.due_on, None, today, closed_on=closed_on)


def clock_panel(
    case: AssessmentRequest,
    advice: list[AdviceRequest],
    exceptions: list[ClockException],
    today: dt.date,
) -> list[Clock]:
    """Every limit that applies to the case, in the order the process meets them."""
    excepted = bool(exceptions)  # reg 5(4), 10(4), 13(3): a recorded exception disapplies them
    info = LIMITS["decision_to_assess_due"]
    decided = case.decided_to_assess_on or case.decided_not_to_assess_on
    clocks = [
        Clock(
            info.label,
            info.citation,
            case.decision_due,
            limit_status(case.decision_due, decided, today, excepted, case.closed_on),
            info.description,
        )
    ]
    for a in advice:
        who = a.service.name if a.service_id else (a.setting.name if a.setting_id else "The family")
        label = LIMITS["advice_due"].label
        clocks.append(
            Clock(
                f"{label}: {a.get_kind_display().lower()}",
                LIMITS["advice_due"].citation,
                a.due_on,
                advice_status(a, today, case.closed_on),
                who,
            )
        )
    if case.decided_not_to_assess_on or case.stage == "withdrawn":
        return clocks
    info = LIMITS["no_plan_notice_due"]
    if case.decided_to_issue_on:
        clocks.append(
            Clock(
                info.label,
                info.citation,
                case.no_plan_due,
                "not_needed",
                "We decided to issue a plan, so no notice is needed",
            )
        )
    else:
        clocks.append(
            Clock(
                info.label,
                info.citation,
                case.no_plan_due,
                limit_status(case.no_plan_due, case.decided_not_to_issue_on, today, excepted, case.closed_on),
                info.description,
            )
        )
    if case.draft_sent_on:
        info = LIMITS["draft_representations_close"]
        closes = draft_representations_close(case.draft_sent_on)
        clocks.append(
            Clock(
                info.label,
                info.citation,
                closes,
                "met" if today > closes else "due",
                "The family's comments and choice of setting",
            )
        )
    if not case.decided_not_to_issue_on:
        info = LIMITS["final_plan_due"]
        clocks.append(
            Clock(
                info.label,
                info.citation,
                case.final_due,
                limit_status(case.final_due, case.final_issued_on, today, excepted, case.closed_on),
                info.description,
            )
        )
    return clocks
