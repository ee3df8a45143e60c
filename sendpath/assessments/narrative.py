"""What is happening with a request, in plain English, for the family.

Parents told Ofsted they were exasperated that nobody said where the assessment stood.
These sentences answer three questions whenever they look: what has happened, what happens
next, and by when. Dates are the legal dates, never moved for weekends. When the council
has missed a date, the family is told so plainly rather than shown a date in the past.
"""

from __future__ import annotations

import datetime as dt

from sendpath.assessments.models import AdviceRequest, AssessmentRequest
from sendpath.assessments.workflow import Stage
from sendpath.law.clocks import appeal_deadline, mediation_contact_due

LATE = "We are late. We are sorry: your coordinator will tell you when to expect it."


def rights(decided_on: dt.date) -> str:
    """What a family can do about a refusal, with the dates the law gives them (CFA 2014
    s51; SEND Regulations 2014 reg 33; HESC Tribunal Rules 2008 r20)."""
    return (
        "If you disagree, you can appeal to the First-tier Tribunal (Special Educational Needs "
        "and Disability). Before appealing, you must contact a mediation adviser: you can then "
        f"choose whether to try mediation. Contact them by {_d(mediation_contact_due(decided_on))}. "
        f"The last day to appeal is {_d(appeal_deadline(decided_on))}, or one month after the "
        "date on your mediation certificate if that is later. Independent advice is free from "
        "your local SEND information, advice and support service (SENDIASS)."
    )


def _d(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _by(day: dt.date, today: dt.date, will: str, should: str) -> str:
    """'We will <will>.', or once the date has passed, 'We should have <should>.' and an
    apology. Each template holds ``{date}`` where the legal date goes."""
    if day < today:
        return f"We should have {should.format(date=_d(day))}. {LATE}"
    return f"We will {will.format(date=_d(day))}."


def family_story(
    case: AssessmentRequest, advice: list[AdviceRequest] | None = None, today: dt.date | None = None
) -> list[str]:
    """Sentences for the family about one request, oldest event first."""
    today = today or dt.date.today()
    lines = [f"We received your request on {_d(case.received_on)}."]
    stage = Stage(case.stage)
    if stage == Stage.RECEIVED:
        lines.append(
            _by(
                case.decision_due,
                today,
                "tell you by {date} whether we will assess",
                "told you by {date} whether we will assess",
            )
        )
        return lines
    if case.decided_not_to_assess_on:
        lines.append(
            f"On {_d(case.decided_not_to_assess_on)} we decided not to carry out an assessment. "
            "Our letter explains why."
        )
        lines.append(rights(case.decided_not_to_assess_on))
        return lines
    if case.decided_to_assess_on:
        lines.append(f"On {_d(case.decided_to_assess_on)} we decided to carry out an assessment.")
    if advice:
        received = sum(1 for a in advice if a.received_on)
        waiting = [a for a in advice if not a.received_on]
        asked = f"We have asked {len(advice)} professional{'s' if len(advice) != 1 else ''} for advice."
        replied = f"{received} {'has' if received == 1 else 'have'} replied."
        line = f"{asked} {replied}"
        if waiting:
            last = max(a.due_on for a in waiting)
            if last < today:
                line += f" The rest were due by {_d(last)}. We are chasing them."
            else:
                line += f" The rest are due by {_d(last)}."
        lines.append(line)
    if stage == Stage.ASSESSING:
        lines.append(
            _by(
                case.no_plan_due,
                today,
                "tell you by {date} whether we will issue a plan",
                "told you by {date} whether we will issue a plan",
            )
        )
        if case.final_due >= today:
            lines.append(f"If we issue one, the final plan is due by {_d(case.final_due)}.")
    elif stage in (Stage.DRAFTING, Stage.DRAFT_SENT):
        if case.draft_sent_on:
            lines.append(f"We sent you the draft plan on {_d(case.draft_sent_on)}.")
        else:
            lines.append("We decided to issue a plan and are writing the draft.")
        lines.append(
            _by(
                case.final_due,
                today,
                "send you the final plan by {date}",
                "sent you the final plan by {date}",
            )
        )
    elif stage == Stage.PLAN_ISSUED and case.final_issued_on:
        lines.append(f"We issued the final plan on {_d(case.final_issued_on)}.")
    elif stage == Stage.NO_PLAN and case.decided_not_to_issue_on:
        lines.append(
            f"On {_d(case.decided_not_to_issue_on)} we decided not to issue a plan. Our letter explains why."
        )
        lines.append(rights(case.decided_not_to_issue_on))
    elif stage == Stage.WITHDRAWN:
        lines.append("The request was withdrawn.")
    return lines
