"""Phase transfers (SEND Regulations 2014 reg 18): the children with plans who move to a new
phase of education next September, each with the last day by which the plan must be
reviewed and amended to name the new setting.

A child's phase follows their school year, worked out from the date of birth (England: the
school year starts on 1 September): Reception at 4, Year 7 at 11, Year 12 at 16. An infant
to junior move (Year 3) applies only to children at an infant school; sendpath does not yet
record infant schools, so that cohort is not listed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from sendpath.assessments.models import Consultation, ConsultationResponse
from sendpath.law.clocks import phase_transfer_due
from sendpath.plans.models import Plan, PlanStatus

WARN_WITHIN = 56  # days: a deadline this close with no setting agreed is flagged


@dataclass(frozen=True)
class Phase:
    key: str
    label: str
    age_on_31_august: int  # age reached by 31 August before the September transfer
    to_post16: bool = False


PHASES = (
    Phase("early_years", "Early years to school (Reception)", 4),
    Phase("primary", "Primary to secondary (Year 7)", 11),
    Phase("post16", "Secondary to post-16 (Year 12)", 16, to_post16=True),
)


def transfer_year(today: dt.date) -> int:
    """The calendar year of the next September transfer."""
    return today.year if today.month < 9 else today.year + 1


def birth_window(year: int, phase: Phase) -> tuple[dt.date, dt.date]:
    """Children who are ``age_on_31_august`` on 31 August of ``year``."""
    latest = dt.date(year - phase.age_on_31_august, 8, 31)
    earliest = dt.date(year - phase.age_on_31_august - 1, 9, 1)
    return earliest, latest


@dataclass
class Transfer:
    plan: Plan
    due: dt.date
    consultations: list[Consultation]
    warning: str


def cohort(local_authority_id: int, year: int, phase: Phase, today: dt.date) -> list[Transfer]:
    """Every maintained plan whose child transfers in ``phase`` in September ``year``."""
    earliest, latest = birth_window(year, phase)
    due = phase_transfer_due(year, phase.to_post16)
    plans = (
        Plan.objects.filter(
            local_authority_id=local_authority_id,
            status=PlanStatus.ACTIVE,
            child__date_of_birth__gte=earliest,
            child__date_of_birth__lte=latest,
        )
        .select_related("child", "child__setting")
        .prefetch_related(
            Prefetch(
                "child__consultations",
                queryset=Consultation.objects.select_related("setting").order_by("-sent_on"),
            )
        )
        .order_by("child__last_name", "child__first_name")
    )
    rows = []
    for plan in plans:
        consultations = list(plan.child.consultations.all())
        agreed = any(c.response == ConsultationResponse.CAN_MEET for c in consultations)
        warning = ""
        if not agreed and (due - today).days <= WARN_WITHIN:
            warning = ("The deadline has passed" if due < today else "The deadline is close") + (
                " and no new setting has agreed to take the child"
            )
        rows.append(Transfer(plan, due, consultations, warning))
    return rows


def summary(rows: list[Transfer]) -> dict[str, Any]:
    return {"total": len(rows), "warnings": sum(1 for r in rows if r.warning)}
