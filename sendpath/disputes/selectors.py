"""Reading disputes, always scoped to the person asking.

- The council's coordinators and managers see every dispute of their local authority and
  record its steps; finance officers see them too, for the costs (funding.md 3.1).
- A parent or carer sees their own child's disputes, a young person their own, read-only.
- Schools, professionals, data officers, councillors and administrators see none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from sendpath.accounts.roles import FAMILY_ROLES, Role
from sendpath.common.clock_panel import AT_RISK_DAYS
from sendpath.disputes.codes import CONCEDED_OUTCOMES, OPEN_STAGES, Stage
from sendpath.disputes.deadlines import STEP_LABELS, DisputeClock, dispute_clocks
from sendpath.disputes.models import Dispute, OrderStep
from sendpath.people.selectors import visible_children

#: LA roles that see disputes (data officers do not: disputes are casework and money).
LA_READERS = frozenset({Role.COORDINATOR, Role.MANAGER, Role.FINANCE})


def pending_appeals(plan: Any) -> QuerySet[Dispute]:
    """Appeals about this plan (or about its child with no plan named) that are registered and
    not yet over: no outcome yet, or conceded by the council and not yet complied with.

    CFA 2014 s45 and timescales.md 5: a plan is maintained while an appeal against ceasing
    it is pending, so the cease workflow asks this before it lets a plan end.
    """
    about = Q(plan_id=plan.pk) | Q(child_id=plan.child_id, plan__isnull=True)
    undecided = Q(outcome="")
    conceded_not_complied = Q(outcome__in=list(CONCEDED_OUTCOMES)) & ~Q(stage=Stage.CLOSED)
    return Dispute.objects.filter(about, appeal_lodged_on__isnull=False).filter(
        undecided | conceded_not_complied
    )


def has_pending_appeal(plan: Any) -> bool:
    """True when an appeal against this plan (or its child) is lodged and not yet decided,
    withdrawn or conceded-and-complied."""
    return pending_appeals(plan).exists()


def is_family(user: Any) -> bool:
    return getattr(user, "role", None) in FAMILY_ROLES


def visible_disputes(user: Any) -> QuerySet[Dispute]:
    """Every dispute this person may see."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Dispute.objects.none()
    if user.role in LA_READERS:
        return Dispute.objects.filter(local_authority_id=user.local_authority_id)
    if user.role in FAMILY_ROLES:
        return Dispute.objects.filter(child__in=visible_children(user))
    return Dispute.objects.none()


def dispute_for(user: Any, pk: int) -> Dispute | None:
    return (
        visible_disputes(user)
        .select_related("child", "plan", "request", "coordinator", "updated_by")
        .filter(pk=pk)
        .first()
    )


def disputes_of_child(user: Any, child: Any) -> QuerySet[Dispute]:
    return visible_disputes(user).filter(child_id=child.pk).order_by("-decision_sent_on", "-pk")


def decision_links(child: Any) -> tuple[Any, Any]:
    """The plan (the maintained one, else the latest) and the latest assessment case a new
    dispute about this child is linked to; either may be None."""
    from sendpath.plans.selectors import active_plan

    plan = active_plan(child) or child.plans.order_by("-pk").first()
    return plan, child.requests.order_by("-pk").first()


def steps_of(dispute: Dispute) -> list[OrderStep]:
    return list(OrderStep.objects.filter(dispute_id=dispute.pk).order_by("order", "pk"))


def clock_panel(dispute: Dispute, today: dt.date) -> list[DisputeClock]:
    return dispute_clocks(dispute, steps_of(dispute), today)


# -- the list --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Filters:
    kind: str = ""
    decision: str = ""
    status: str = "open"  # open | closed | all
    breached: bool = False
    mine: bool = False


def dispute_list(user: Any, filters: Filters, today: dt.date) -> QuerySet[Dispute]:
    """The council's disputes, filtered; the most urgent council deadline first, breached at
    the top, then those with no open council deadline, newest decision first."""
    qs = visible_disputes(user).select_related("child", "coordinator")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.decision:
        qs = qs.filter(decision_appealed=filters.decision)
    if filters.status == "open":
        qs = qs.filter(stage__in=list(OPEN_STAGES))
    elif filters.status == "closed":
        qs = qs.filter(stage=Stage.CLOSED)
    if filters.breached:
        qs = qs.filter(next_due__lt=today).exclude(stage=Stage.CLOSED)
    if filters.mine:
        qs = qs.filter(coordinator_id=user.pk)
    return qs.order_by(F("next_due").asc(nulls_last=True), "-decision_sent_on", "pk")


@dataclass(frozen=True)
class Counts:
    open: int
    breached: int
    at_risk: int
    appeals_open: int


def counts(local_authority_id: int, today: dt.date, coordinator_id: int | None = None) -> Counts:
    """Open disputes, those with a council deadline breached, and those due in 14 days, for
    home pages. One query."""
    qs = Dispute.objects.filter(local_authority_id=local_authority_id, stage__in=list(OPEN_STAGES))
    if coordinator_id is not None:
        qs = qs.filter(coordinator_id=coordinator_id)
    soon = today + dt.timedelta(days=AT_RISK_DAYS)
    row = qs.aggregate(
        open=Count("pk"),
        breached=Count("pk", filter=Q(next_due__lt=today)),
        at_risk=Count("pk", filter=Q(next_due__gte=today, next_due__lte=soon)),
        appeals_open=Count("pk", filter=Q(stage=Stage.APPEAL)),
    )
    return Counts(**row)


# -- the timeline ----------------------------------------------------------------------------------
def timeline(dispute: Dispute, steps: list[OrderStep] | None = None) -> list[dict[str, Any]]:
    """What happened, in order, in plain words (no names: the audit trail says who)."""
    d = dispute
    events: list[dict[str, Any]] = [
        {
            "on": d.decision_sent_on,
            "text": f"Decision notice sent: {d.get_decision_appealed_display().lower()}",
        }
    ]
    if d.mediation_contacted_on:
        wanted = {True: "wants mediation", False: "wants a certificate only"}.get(d.mediation_wanted, "")
        events.append(
            {"on": d.mediation_contacted_on, "text": f"Family contacted the mediation adviser: {wanted}"}
        )
    if d.mediation_held_on:
        events.append({"on": d.mediation_held_on, "text": "Mediation held"})
    if d.certificate_issued_on:
        events.append({"on": d.certificate_issued_on, "text": "Mediation certificate issued"})
    if d.appeal_lodged_on:
        ref = f" ({d.tribunal_reference})" if d.tribunal_reference else ""
        events.append({"on": d.appeal_lodged_on, "text": f"Appeal registered with the tribunal{ref}"})
    if d.response_sent_on:
        events.append({"on": d.response_sent_on, "text": "Council's response sent to the tribunal"})
    if d.unopposed_notified_on:
        events.append({"on": d.unopposed_notified_on, "text": "Council told the tribunal it will not oppose"})
    if d.hearing_on:
        verb = "Hearing" if d.hearing_on <= (d.decided_on or d.hearing_on) else "Hearing listed"
        events.append({"on": d.hearing_on, "text": verb})
    if d.decided_on and d.outcome and not d.unopposed_notified_on:
        order = f"; order: {d.get_order_made_display().lower()}" if d.order_made else ""
        events.append({"on": d.decided_on, "text": f"{d.get_outcome_display()}{order}"})
    for s in steps if steps is not None else steps_of(d):
        if s.done_on:
            events.append({"on": s.done_on, "text": f"Done: {STEP_LABELS.get(s.step, s.step).lower()}"})
    if d.closed_on and d.stage == Stage.CLOSED:
        events.append({"on": d.closed_on, "text": "Dispute closed"})
    return sorted(events, key=lambda e: e["on"])


# -- costs (lines in the funding ledger that name this dispute) -------------------------------------
def costs_of(dispute: Dispute) -> list[Any]:
    """The ledger lines recorded against this dispute, oldest first."""
    from sendpath.funding.models import LedgerLine

    return list(
        LedgerLine.objects.filter(
            local_authority_id=dispute.local_authority_id, source_type="tribunal", source_id=str(dispute.pk)
        )
        .select_related("supplier")
        .order_by("period_start", "pk")
    )


def cost_totals(lines: list[Any]) -> dict[str, int]:
    """Pence by component, and the total."""
    totals: dict[str, int] = {}
    for line in lines:
        totals[line.component] = totals.get(line.component, 0) + line.amount_pence
    totals["total"] = sum(line.amount_pence for line in lines)
    return totals
