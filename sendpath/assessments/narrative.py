"""What is happening with a request, in plain English, for the family.

Parents told Ofsted they were exasperated that nobody said where the assessment stood.
These sentences answer three questions whenever they look: what has happened, what happens
next, and by when. Dates are the legal dates, never moved for weekends.
"""

from __future__ import annotations

import datetime as dt

from sendpath.assessments.models import AdviceRequest, AssessmentRequest
from sendpath.assessments.workflow import Stage


def _d(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def family_story(case: AssessmentRequest, advice: list[AdviceRequest] | None = None) -> list[str]:
    """Sentences for the family about one request, oldest event first."""
    lines = [f"We received your request on {_d(case.received_on)}."]
    stage = Stage(case.stage)
    if stage == Stage.RECEIVED:
        lines.append(f"We will tell you by {_d(case.decision_due)} whether we will assess.")
        return lines
    if case.decided_not_to_assess_on:
        lines.append(
            f"On {_d(case.decided_not_to_assess_on)} we decided not to carry out an assessment. "
            "Our letter explains why, and how to ask for mediation or appeal."
        )
        return lines
    if case.decided_to_assess_on:
        lines.append(f"On {_d(case.decided_to_assess_on)} we decided to carry out an assessment.")
    if advice:
        received = sum(1 for a in advice if a.received_on)
        waiting = [a for a in advice if not a.received_on]
        line = f"We have asked {len(advice)} professionals for advice. {received} have replied."
        if waiting:
            line += f" The rest are due by {_d(max(a.due_on for a in waiting))}."
        lines.append(line)
    if stage == Stage.ASSESSING:
        lines.append(
            f"We will tell you by {_d(case.no_plan_due)} if we decide not to issue a plan. "
            f"If we issue one, the final plan is due by {_d(case.final_due)}."
        )
    elif stage in (Stage.DRAFTING, Stage.DRAFT_SENT):
        if case.draft_sent_on:
            lines.append(f"We sent you the draft plan on {_d(case.draft_sent_on)}.")
        else:
            lines.append("We decided to issue a plan and are writing the draft.")
        lines.append(f"The final plan is due by {_d(case.final_due)}.")
    elif stage == Stage.PLAN_ISSUED and case.final_issued_on:
        lines.append(f"We issued the final plan on {_d(case.final_issued_on)}.")
    elif stage == Stage.NO_PLAN and case.decided_not_to_issue_on:
        lines.append(
            f"On {_d(case.decided_not_to_issue_on)} we decided not to issue a plan. Our letter "
            "explains why, and how to ask for mediation or appeal."
        )
    elif stage == Stage.WITHDRAWN:
        lines.append("The request was withdrawn.")
    return lines
