"""Phase transfers (SEND Regulations 2014 reg 18): the children with plans who move to a new
phase of education next September, each with the last day by which the plan must be
reviewed and amended to name the new setting.

A child's phase follows their school year, worked out from the date of birth (England: the
school year starts on 1 September): Reception at 4, Year 3 at 7, Year 7 at 11, Year 12 at 16.

An infant to junior move (Year 3) applies only to children at an infant school. sendpath
does not store a school's age range (GIAS's statutory low and high ages), so an infant school
is recognised by its name ("Infant" or "Infants'"), as GIAS names them; a primary school
teaching Years 3 to 6 itself is not a transfer.

Moves between post-16 institutions at other times of year (reg 18(2)) have no cohort: the
council records each planned move (``PlannedMove``) and the plan must be reviewed at least
five months before it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from sendpath.assessments.models import Consultation, ConsultationResponse
from sendpath.audit.models import AuditAction
from sendpath.audit.services import record
from sendpath.common.errors import DomainError, NotAllowed
from sendpath.law.clocks import phase_transfer_due, post16_transfer_review_due
from sendpath.plans.models import Plan, PlanStatus
from sendpath.reviews.models import PlannedMove
from sendpath.reviews.services import is_la_decider

WARN_WITHIN = 56  # days: a deadline this close with no setting agreed is flagged


@dataclass(frozen=True)
class Phase:
    key: str
    label: str
    age_on_31_august: int  # age reached by 31 August before the September transfer
    to_post16: bool = False
    infant_school_only: bool = False


PHASES = (
    Phase("early_years", "Early years to school (Reception)", 4),
    Phase("infant", "Infant to junior (Year 3)", 7, infant_school_only=True),
    Phase("primary", "Primary to secondary (Year 7)", 11),
    Phase("post16", "Secondary to post-16 (Year 12)", 16, to_post16=True),
)
MID_YEAR = "post16_mid_year"
MID_YEAR_LABEL = "Post-16 moves at other times (reg 18(2))"
INFANT_NAME = "infant"  # matches "Infant School" and "Infants' School"


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
        .filter(**({"child__setting__name__icontains": INFANT_NAME} if phase.infant_school_only else {}))
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
        rows.append(Transfer(plan, due, consultations, _warning(due, consultations, today)))
    return rows


def _warning(due: dt.date, consultations: list[Consultation], today: dt.date, named: bool = False) -> str:
    agreed = named or any(c.response == ConsultationResponse.CAN_MEET for c in consultations)
    if agreed or (due - today).days > WARN_WITHIN:
        return ""
    return ("The deadline has passed" if due < today else "The deadline is close") + (
        " and no new setting has agreed to take the child"
    )


@dataclass
class Move(Transfer):
    move: PlannedMove | None = None


def mid_year_moves(local_authority_id: int, today: dt.date) -> list[Move]:
    """Planned post-16 moves at other times of year (reg 18(2)) that have not happened yet,
    the earliest review deadline first. A move whose new institution is recorded, or agreed
    in a consultation, is not warned about."""
    moves = (
        PlannedMove.objects.filter(
            plan__local_authority_id=local_authority_id,
            plan__status=PlanStatus.ACTIVE,
            move_on__gte=today,
        )
        .select_related("plan__child__setting", "to_setting")
        .prefetch_related(
            Prefetch(
                "plan__child__consultations",
                queryset=Consultation.objects.select_related("setting").order_by("-sent_on"),
            )
        )
        .order_by("review_by", "pk")
    )
    rows = []
    for move in moves:
        consultations = list(move.plan.child.consultations.all())
        warning = _warning(move.review_by, consultations, today, named=move.to_setting_id is not None)
        rows.append(Move(move.plan, move.review_by, consultations, warning, move))
    return rows


def record_move(
    *,
    user: Any,
    plan: Plan,
    move_on: dt.date | None,
    to_setting: Any = None,
    notes: str = "",
    request: Any = None,
) -> PlannedMove:
    """Record a planned mid-year post-16 move, with its reg 18(2) review deadline. Only the
    council's coordinators and managers; the young person must be over compulsory school age."""
    if not is_la_decider(user, plan):
        raise NotAllowed("Only the council's EHC coordinators and SEND managers record planned moves.")
    if plan.status != PlanStatus.ACTIVE:
        raise DomainError("Only a maintained plan has transfers.")
    if move_on is None:
        raise DomainError("Enter the date of the move", field="move_on")
    if move_on <= today_date():
        raise DomainError("The date of the move must be in the future", field="move_on")
    if to_setting is not None and to_setting.local_authority_id != plan.local_authority_id:
        raise DomainError("Select a setting from the list", field="to_setting")
    move = PlannedMove.objects.create(
        plan=plan,
        move_on=move_on,
        review_by=post16_transfer_review_due(move_on),
        to_setting=to_setting,
        notes=notes[:300],
        recorded_by=user,
        recorded_on=today_date(),
    )
    record(
        user=user,
        action=AuditAction.CREATE,
        obj=move,
        child_id=plan.child_id,
        local_authority_id=plan.local_authority_id,
        summary="Planned post-16 move recorded (reg 18(2))",
        changes={"move_on": move_on.isoformat(), "review_by": move.review_by.isoformat()},
        request=request,
    )
    return move


def today_date() -> dt.date:
    return timezone.localdate()


def summary(rows: list[Transfer]) -> dict[str, Any]:
    return {"total": len(rows), "warnings": sum(1 for r in rows if r.warning)}
