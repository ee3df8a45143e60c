"""Recording a dispute step by step: mediation, the certificate, the appeal, the response, a
concession (reg 45), the outcome and order (reg 44), and the council carrying it out.

Every service checks who is acting, that the step is allowed at the dispute's stage (the
``ALLOWED`` table) and that its date is in order with the steps before it; then, in one
transaction, it saves against the version the person saw (a stale version is refused, never
overwritten), recomputes the stored deadlines from the law module and writes the audit event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from sendpath.accounts.roles import Role
from sendpath.audit.models import AuditAction
from sendpath.audit.services import record
from sendpath.common.concurrency import changed_by
from sendpath.common.dates import check_past_date, long_date
from sendpath.common.errors import DomainError, NotAllowed, StaleRecord
from sendpath.disputes import deadlines
from sendpath.disputes.codes import (
    APPEAL_OUTCOMES,
    HEARING_OUTCOMES,
    NO_CERTIFICATE_NEEDED,
    PLAN_DECISIONS,
    DecisionAppealed,
    DisputeKind,
    OrderMade,
    Outcome,
    PlanSection,
    RootCause,
    Stage,
)
from sendpath.disputes.models import Dispute, OrderStep, StepStatus
from sendpath.law import clocks as law

CASEWORKERS = frozenset({Role.COORDINATOR, Role.MANAGER})
#: Who may see a dispute's costs and record them (finance owns the money, funding.md 3.1).
COST_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER, Role.FINANCE})

#: Which steps each stage allows. "causes" (root causes) and "cost" are allowed at any stage.
ALLOWED: dict[str, frozenset[str]] = {
    Stage.DECISION_NOTIFIED: frozenset({"mediation", "appeal", "close"}),
    Stage.MEDIATION: frozenset({"held", "certificate", "agreement", "appeal", "close"}),
    Stage.CERTIFICATE: frozenset({"appeal", "close"}),
    Stage.APPEAL: frozenset({"hearing", "response", "unopposed", "outcome"}),
    Stage.COMPLYING: frozenset({"step"}),
    Stage.CLOSED: frozenset(),
}
ANY_STAGE = frozenset({"causes", "cost"})

#: Reg 45: the appeal the council does not oppose, by the decision appealed.
APPEAL_KIND: dict[str, law.AppealKind] = {
    DecisionAppealed.REFUSAL_TO_ASSESS: law.AppealKind.REFUSAL_TO_ASSESS,
    DecisionAppealed.REFUSAL_TO_REASSESS: law.AppealKind.REFUSAL_TO_ASSESS,
    DecisionAppealed.REFUSAL_TO_ISSUE: law.AppealKind.REFUSAL_TO_MAKE_PLAN,
    DecisionAppealed.PLAN_CONTENT: law.AppealKind.PLAN_CONTENT,
    DecisionAppealed.REFUSAL_TO_AMEND: law.AppealKind.PLAN_CONTENT,
    DecisionAppealed.PLACEMENT: law.AppealKind.SCHOOL_ONLY,
}
#: What a reg 45 concession commits the council to, in the words of an order.
UNOPPOSED_ORDER: dict[str, str] = {
    law.AppealKind.REFUSAL_TO_ASSESS: OrderMade.ASSESS,
    law.AppealKind.REFUSAL_TO_MAKE_PLAN: OrderMade.MAKE_PLAN,
    law.AppealKind.PLAN_CONTENT: OrderMade.AMEND_PLAN,
    law.AppealKind.SCHOOL_ONLY: OrderMade.AMEND_SECTION_I,
}


def today() -> dt.date:
    return timezone.localdate()


# -- who may do what -----------------------------------------------------------------------------
def is_caseworker(user: Any, dispute_or_la_id: Any) -> bool:
    """The council's coordinators and managers, of the dispute's local authority."""
    la_id = getattr(dispute_or_la_id, "local_authority_id", dispute_or_la_id)
    return getattr(user, "role", None) in CASEWORKERS and user.local_authority_id == la_id


def may_see_costs(user: Any, dispute: Dispute) -> bool:
    return getattr(user, "role", None) in COST_ROLES and user.local_authority_id == dispute.local_authority_id


def allowed_actions(user: Any, dispute: Dispute) -> list[str]:
    """The steps this person may record now, in the order a page lists them."""
    if not is_caseworker(user, dispute):
        return ["cost"] if may_see_costs(user, dispute) else []
    names = set(ALLOWED[dispute.stage]) | ANY_STAGE
    if dispute.stage == Stage.MEDIATION:
        if dispute.mediation_wanted is not True or dispute.mediation_held_on is not None:
            names.discard("held")
        if dispute.mediation_wanted is True and dispute.mediation_held_on is None:
            names.discard("certificate")
            names.discard("agreement")
        if dispute.mediation_wanted is False:
            names.discard("agreement")
        if dispute.decision_appealed not in NO_CERTIFICATE_NEEDED:
            names.discard("appeal")
    if dispute.stage == Stage.APPEAL and dispute.response_sent_on is not None:
        names.discard("unopposed")
    order = [
        "mediation",
        "held",
        "certificate",
        "agreement",
        "appeal",
        "response",
        "unopposed",
        "hearing",
        "outcome",
        "step",
        "close",
        "causes",
        "cost",
    ]
    return [n for n in order if n in names]


def _require_caseworker(user: Any, dispute: Dispute) -> None:
    if not is_caseworker(user, dispute):
        raise NotAllowed("Only the council's EHC coordinators and SEND managers record disputes.")


def _require_action(user: Any, dispute: Dispute, action: str) -> None:
    _require_caseworker(user, dispute)
    if action not in allowed_actions(user, dispute):
        raise DomainError(f"That cannot be done now: the dispute is at '{dispute.get_stage_display()}'.")


# -- saving ----------------------------------------------------------------------------------
def _iso(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.date) else v


def _audit(
    user: Any, dispute: Dispute, action: str, summary: str, request: HttpRequest | None, **changes: Any
) -> None:
    record(
        user=user,
        action=action,
        obj=dispute,
        child_id=dispute.child_id,
        local_authority_id=dispute.local_authority_id,
        summary=summary,
        changes={k: _iso(v) for k, v in changes.items()},
        request=request,
    )


def refresh_deadlines(dispute: Dispute, steps: Iterable[OrderStep] | None = None) -> None:
    """Store the earliest open council deadline (the law module does the counting)."""
    if steps is not None:
        rows = list(steps)
    else:
        rows = list(OrderStep.objects.filter(dispute_id=dispute.pk)) if dispute.pk else []
    clocks = deadlines.dispute_clocks(dispute, rows, today())
    dispute.next_due, dispute.next_due_label = deadlines.next_council_due(clocks)


DEADLINE_FIELDS = ["next_due", "next_due_label"]


def _save(
    dispute: Dispute,
    *,
    user: Any,
    expected_version: int,
    fields: list[str],
    summary: str,
    request: HttpRequest | None,
    **changes: Any,
) -> Dispute:
    refresh_deadlines(dispute)
    values = {f: getattr(dispute, f) for f in [*fields, *DEADLINE_FIELDS]}
    updated = Dispute.objects.filter(pk=dispute.pk, version=expected_version).update(
        **values, version=F("version") + 1, updated_by=user, updated_at=timezone.now()
    )
    if not updated:
        current = Dispute.objects.select_related("updated_by").get(pk=dispute.pk)
        raise StaleRecord(
            f"This dispute was changed by {changed_by(current)}, after you opened it. Nothing has been "
            "saved: what you entered is kept below. Check the dispute, then save again.",
            current_version=current.version,
        )
    dispute.version = expected_version + 1
    _audit(user, dispute, AuditAction.UPDATE, summary, request, **changes)
    return dispute


def _stale_guard(dispute: Dispute, expected_version: int) -> None:
    """Refuse early (before any rows are written) when the form was opened on an old version."""
    if dispute.version != expected_version:
        current = Dispute.objects.select_related("updated_by").get(pk=dispute.pk)
        raise StaleRecord(
            f"This dispute was changed by {changed_by(current)}, after you opened it. Nothing has been "
            "saved: what you entered is kept below. Check the dispute, then save again.",
            current_version=current.version,
        )


# -- opening ------------------------------------------------------------------------------------
def _clean_sections(decision: str, sections: Iterable[str]) -> str:
    chosen = [s for s in PlanSection.values if s in set(sections)]
    unknown = set(sections) - set(PlanSection.values)
    if unknown:
        raise DomainError("Select sections from the list", field="sections")
    if decision == DecisionAppealed.PLACEMENT:
        return "I"
    if decision == DecisionAppealed.PLAN_CONTENT and not chosen:
        raise DomainError("Select the sections of the plan the family disagrees with", field="sections")
    return ",".join(chosen)


def open_dispute(
    *,
    user: Any,
    child: Any,
    decision_appealed: str,
    decision_sent_on: dt.date | None,
    plan: Any = None,
    case: Any = None,
    sections: Iterable[str] = (),
    request: HttpRequest | None = None,
) -> Dispute:
    """A family disagrees with a decision: start its record from the written notice of the
    decision, from which the mediation and appeal limits run (reg 33; HESC r20)."""
    if not is_caseworker(user, child.local_authority_id):
        raise NotAllowed("Only the council's EHC coordinators and SEND managers record disputes.")
    errors: dict[str, str] = {}
    if decision_appealed not in DecisionAppealed.values:
        errors["decision_appealed"] = "Select the decision the family disagrees with"
    try:
        check_past_date(decision_sent_on, "the decision notice was sent", field="decision_sent_on")
    except DomainError as exc:
        errors.update(exc.errors)
    if plan is not None and plan.child_id != child.pk:
        errors["plan"] = "That plan is not this child's"
    if case is not None and case.child_id != child.pk:
        errors["case"] = "That assessment is not this child's"
    if decision_appealed in PLAN_DECISIONS and plan is None and not errors.get("decision_appealed"):
        errors["decision_appealed"] = "This decision is about a plan, and the child has no plan to link it to"
    try:
        section_text = _clean_sections(decision_appealed, sections)
    except DomainError as exc:
        errors.update(exc.errors)
    if errors:
        raise DomainError(next(iter(errors.values())), errors=errors)
    assert decision_sent_on is not None
    duplicate = Dispute.objects.filter(
        child_id=child.pk, decision_appealed=decision_appealed, decision_sent_on=decision_sent_on
    ).exclude(stage=Stage.CLOSED)
    if duplicate.exists():
        raise DomainError(
            "This child already has an open dispute about the same decision: add to that one instead.",
            field="decision_appealed",
        )
    with transaction.atomic():
        dispute = Dispute(
            local_authority_id=child.local_authority_id,
            child=child,
            plan=plan,
            request=case,
            coordinator=user if user.role == Role.COORDINATOR else getattr(plan, "coordinator", None),
            decision_appealed=decision_appealed,
            sections=section_text,
            decision_sent_on=decision_sent_on,
            stage=Stage.DECISION_NOTIFIED,
            created_by=user,
            updated_by=user,
        )
        refresh_deadlines(dispute, [])
        dispute.save()
        _audit(
            user,
            dispute,
            AuditAction.CREATE,
            f"Dispute opened: {dispute.get_decision_appealed_display().lower()}",
            request,
            decision_appealed=decision_appealed,
            decision_sent_on=decision_sent_on,
        )
    return dispute


# -- mediation ----------------------------------------------------------------------------------
def record_mediation_contact(
    *,
    user: Any,
    dispute: Dispute,
    expected_version: int,
    contacted_on: dt.date | None,
    wanted: bool | None,
    request: HttpRequest | None = None,
) -> Dispute:
    """The family contacted the mediation adviser (reg 33), wanting mediation or only the
    certificate. The certificate is due 3 working days after (reg 34(1)) if they do not want
    it; mediation must be held within 30 days if they do."""
    _require_action(user, dispute, "mediation")
    check_past_date(
        contacted_on,
        "the family contacted the mediation adviser",
        after=[(dispute.decision_sent_on, "the decision notice")],
        field="contacted_on",
    )
    if wanted is None:
        raise DomainError("Say whether the family wants mediation", field="wanted")
    with transaction.atomic():
        dispute.mediation_contacted_on, dispute.mediation_wanted = contacted_on, wanted
        dispute.stage = Stage.MEDIATION
        return _save(
            dispute,
            user=user,
            expected_version=expected_version,
            fields=["mediation_contacted_on", "mediation_wanted", "stage"],
            summary="Mediation adviser contacted"
            + ("; mediation wanted" if wanted else "; certificate only"),
            request=request,
            mediation_contacted_on=contacted_on,
            mediation_wanted=wanted,
        )


def record_mediation_held(
    *,
    user: Any,
    dispute: Dispute,
    expected_version: int,
    held_on: dt.date | None,
    request: HttpRequest | None = None,
) -> Dispute:
    """Mediation took place (due within 30 days of the council being told it was wanted)."""
    _require_action(user, dispute, "held")
    check_past_date(
        held_on,
        "mediation was held",
        after=[(dispute.mediation_contacted_on, "the family contacted the adviser")],
        field="held_on",
    )
    with transaction.atomic():
        dispute.mediation_held_on = held_on
        return _save(
            dispute,
            user=user,
            expected_version=expected_version,
            fields=["mediation_held_on"],
            summary="Mediation held",
            request=request,
            mediation_held_on=held_on,
        )


def record_certificate(
    *,
    user: Any,
    dispute: Dispute,
    expected_version: int,
    issued_on: dt.date | None,
    request: HttpRequest | None = None,
) -> Dispute:
    """The mediation certificate was issued: the family may now appeal, up to the later of 2
    months from the decision and 1 month from the certificate (HESC r20(1)(c))."""
    _require_action(user, dispute, "certificate")
    check_past_date(
        issued_on,
        "the certificate was issued",
        after=[
            (dispute.mediation_contacted_on, "the family contacted the adviser"),
            (dispute.mediation_held_on, "mediation"),
        ],
        field="issued_on",
    )
    with transaction.atomic():
        dispute.certificate_issued_on = issued_on
        dispute.stage = Stage.CERTIFICATE
        return _save(
            dispute,
            user=user,
            expected_version=expected_version,
            fields=["certificate_issued_on", "stage"],
            summary="Mediation certificate issued",
            request=request,
            certificate_issued_on=issued_on,
        )


def _steps_for_order(dispute: Dispute, start: dt.date, order: str) -> list[OrderStep]:
    """Reg 44(2) steps for an order, from the day of the order (or a mediation agreement on
    appealable matters, reg 42(2))."""
    if not order:
        return []
    kind = law.OrderKind(order)
    limits = law.TRIBUNAL_ORDER_STEPS[kind]
    return [
        OrderStep(dispute=dispute, step=step, due=due, citation=limits[step].citation, order=i)
        for i, (step, due) in enumerate(law.tribunal_order_steps(start, kind).items())
    ]


def _steps_for_concession(dispute: Dispute, notified: dt.date, kind: law.AppealKind) -> list[OrderStep]:
    limits = law.UNOPPOSED_APPEAL_STEPS[kind]
    return [
        OrderStep(dispute=dispute, step=step, due=due, citation=limits[step].citation, order=i)
        for i, (step, due) in enumerate(law.unopposed_appeal_steps(notified, kind).items())
    ]


def _finish(dispute: Dispute, steps: list[OrderStep], on: dt.date) -> list[str]:
    """Create the compliance steps; with none to do, the dispute closes on ``on``."""
    dispute.steps.all().delete()
    OrderStep.objects.bulk_create(steps)
    if steps:
        dispute.stage, dispute.closed_on = Stage.COMPLYING, None
    else:
        dispute.stage, dispute.closed_on = Stage.CLOSED, on
    return ["stage", "closed_on"]


def record_mediation_agreement(
    *,
    user: Any,
    dispute: Dispute,
    expected_version: int,
    agreed_on: dt.date | None,
    order_made: str,
    details: str,
    request: HttpRequest | None = None,
) -> Dispute:
    """Agreement at mediation ends the dispute. On appealable matters the council carries it
    out within the reg 44 limits as if it were a tribunal order (reg 42(2)); on anything else
    within 2 weeks (reg 42(3))."""
    _require_action(user, dispute, "agreement")
    check_past_date(
        agreed_on,
        "of the agreement",
        after=[(dispute.mediation_held_on, "mediation"), (dispute.mediation_contacted_on, "the contact")],
        field="agreed_on",
    )
    if order_made not in OrderMade.values:
        raise DomainError("Select what the council agreed to do", field="order_made")
    if not details.strip():
        raise DomainError("Say what was agreed", field="details")
    assert agreed_on is not None
    _stale_guard(dispute, expected_version)
    with transaction.atomic():
        if order_made:
            steps = _steps_for_order(dispute, agreed_on, order_made)
        else:
            steps = [
                OrderStep(
                    dispute=dispute,
                    step="agreement",
                    due=law.mediation_agreement_due(agreed_on),
                    citation=law.LIMITS["mediation_agreement_due"].citation,
                )
            ]
        dispute.outcome, dispute.decided_on = Outcome.MEDIATION_AGREED, agreed_on
        dispute.order_made, dispute.order_details = order_made, details
        extra = _finish(dispute, steps, agreed_on)
        return _save(
            dispute,
            user=user,
            expected_version=expected_version,
            fields=["outcome", "decided_on", "order_made", "order_details", *extra],
            summary="Agreed at mediation",
            request=request,
            decided_on=agreed_on,
            order_made=order_made,
        )


# -- the appeal ----------------------------------------------------------------------------------
def record_appeal(
    *,
    user: Any,
    dispute: Dispute,
    expected_version: int,
    lodged_on: dt.date | None,
    reference: str = "",
    request: HttpRequest | None = None,
) -> Dispute:
    """The family registered an appeal with the First-tier Tribunal (SEND). Without a
    certificate only an appeal about section I alone may be registered (timescales.md 6)."""
    _require_action(user, dispute, "appeal")
    check_past_date(
        lodged_on,
        "the appeal was registered",
        after=[
            (dispute.decision_sent_on, "the decision notice"),
            (dispute.certificate_issued_on, "the certificate"),
        ],
        field="lodged_on",
    )
    if dispute.certificate_issued_on is None and dispute.decision_appealed not in NO_CERTIFICATE_NEEDED:
        raise DomainError(
            "An appeal about this decision needs a mediation certificate: record the certificate first.",
            field="lodged_on",
        )
    with transaction.atomic():
        dispute.appeal_lodged_on, dispute.tribunal_reference = lodged_on, reference.strip()
        dispute.kind, dispute.stage = DisputeKind.TRIBUNAL, Stage.APPEAL
        window = law.appeal_deadline_with_extension(dispute.decision_sent_on, dispute.certificate_issued_on)
        late = " (after the appeal window: admitted late)" if lodged_on and lodged_on > window else ""
        return _save(
            dispute,
            user=user,
            expected_version=expected_version,
            fields=["appeal_lodged_on", "tribunal_reference", "kind", "stage"],
            summary="Appeal registered" + late,
            request=request,
            appeal_lodged_on=lodged_on,
        )


def record_hearing(
    *,
    user: Any,
    dispute: Dispute,
    expected_version: int,
    hearing_on: dt.date | None,
    request: HttpRequest | None = None,
) -> Dispute:
    """The hearing date the tribunal listed (it may be in the future, and it may change)."""
    _require_action(user, dispute, "hearing")
    if hearing_on is None:
        raise DomainError("Enter the date of the hearing", field="hearing_on")
    if dispute.appeal_lodged_on and hearing_on < dispute.appeal_lodged_on:
        raise DomainError(
            "The date of the hearing must be on or after the appeal was registered "
            f"({long_date(dispute.appeal_lodged_on)})",
            field="hearing_on",
        )
    with transaction.atomic():
        dispute.hearing_on = hearing_on
        return _save(
            dispute,
            user=user,
            expected_version=expected_version,
            fields=["hearing_on"],
            summary="Hearing date recorded",
            request=request,
            hearing_on=hearing_on,
        )


def record_response(
    *,
    user: Any,
    dispute: Dispute,
    expected_version: int,
    sent_on: dt.date | None,
    request: HttpRequest | None = None,
) -> Dispute:
    """The council sent its response to the tribunal (30 working days, HESC r21)."""
    _require_action(user, dispute, "response")
    check_past_date(
        sent_on,
        "the response was sent",
        after=[(dispute.appeal_lodged_on, "the appeal was registered")],
        field="sent_on",
    )
    with transaction.atomic():
        dispute.response_sent_on = sent_on
        return _save(
            dispute,
            user=user,
            expected_version=expected_version,
            fields=["response_sent_on"],
            summary="Response to the appeal sent",
            request=request,
            response_sent_on=sent_on,
        )


def record_unopposed(
    *,
    user: Any,
    dispute: Dispute,
    expected_version: int,
    notified_on: dt.date | None,
    details: str = "",
    request: HttpRequest | None = None,
) -> Dispute:
    """The council told the tribunal, before its response, that it will not oppose the appeal
    (reg 45): the appeal is treated as decided for the family, and the reg 45 limits run from
    the day the tribunal was told."""
    _require_action(user, dispute, "unopposed")
    check_past_date(
        notified_on,
        "the tribunal was told",
        after=[(dispute.appeal_lodged_on, "the appeal was registered")],
        field="notified_on",
    )
    assert notified_on is not None
    if dispute.response_sent_on is not None:
        raise DomainError(
            "Regulation 45 applies only before the council's response. After it, record the outcome "
            "'Conceded' with the order the tribunal made: the reg 44 limits apply.",
            field="notified_on",
        )
    kind = APPEAL_KIND.get(dispute.decision_appealed)
    _stale_guard(dispute, expected_version)
    with transaction.atomic():
        steps = _steps_for_concession(dispute, notified_on, kind) if kind else []
        dispute.unopposed_notified_on, dispute.decided_on = notified_on, notified_on
        dispute.outcome = Outcome.UNOPPOSED
        dispute.order_made = (
            UNOPPOSED_ORDER[kind]
            if kind
            else (OrderMade.CONTINUE if dispute.decision_appealed == "ceasing" else "")
        )
        dispute.order_details = details
        extra = _finish(dispute, steps, notified_on)
        return _save(
            dispute,
            user=user,
            expected_version=expected_version,
            fields=["unopposed_notified_on", "decided_on", "outcome", "order_made", "order_details", *extra],
            summary="Appeal not opposed (reg 45)",
            request=request,
            unopposed_notified_on=notified_on,
        )


def record_outcome(
    *,
    user: Any,
    dispute: Dispute,
    expected_version: int,
    outcome: str,
    decided_on: dt.date | None,
    order_made: str = "",
    details: str = "",
    request: HttpRequest | None = None,
) -> Dispute:
    """How the appeal ended: withdrawn, conceded by consent order, or decided at a hearing.
    An order starts the reg 44(2) limits from its date; a dismissed appeal against ceasing
    means the plan ceases immediately (reg 44(2)(a))."""
    _require_action(user, dispute, "outcome")
    choices = APPEAL_OUTCOMES - {Outcome.UNOPPOSED}
    errors: dict[str, str] = {}
    if outcome not in choices:
        errors["outcome"] = "Select how the appeal ended"
    after = [(dispute.appeal_lodged_on, "the appeal was registered")]
    if outcome in HEARING_OUTCOMES:
        if dispute.hearing_on is None or dispute.hearing_on > today():
            errors["outcome"] = "Record the hearing date first: a decision at a hearing follows the hearing"
        after.append((dispute.hearing_on, "the hearing"))
    try:
        check_past_date(decided_on, "of the outcome", after=after, field="decided_on")
    except DomainError as exc:
        errors.update(exc.errors)
    if order_made not in OrderMade.values:
        errors["order_made"] = "Select what the council must do"
    recommendations_only = dispute.decision_appealed == DecisionAppealed.HEALTH_SOCIAL_CARE
    if outcome == Outcome.DISMISSED:
        order_made = OrderMade.DISMISS_CEASE_APPEAL if dispute.decision_appealed == "ceasing" else ""
    elif outcome == Outcome.WITHDRAWN:
        order_made = ""
    elif outcome in choices and not order_made and not recommendations_only:
        errors["order_made"] = "Select what the council must do"
    if errors:
        raise DomainError(next(iter(errors.values())), errors=errors)
    assert decided_on is not None
    _stale_guard(dispute, expected_version)
    with transaction.atomic():
        dispute.outcome, dispute.decided_on = outcome, decided_on
        dispute.order_made, dispute.order_details = order_made, details
        extra = _finish(dispute, _steps_for_order(dispute, decided_on, order_made), decided_on)
        return _save(
            dispute,
            user=user,
            expected_version=expected_version,
            fields=["outcome", "decided_on", "order_made", "order_details", *extra],
            summary=f"Appeal outcome: {Outcome(outcome).label.lower()}",
            request=request,
            outcome=outcome,
            decided_on=decided_on,
            order_made=order_made,
        )


def close_without_appeal(
    *,
    user: Any,
    dispute: Dispute,
    expected_version: int,
    closed_on: dt.date | None,
    request: HttpRequest | None = None,
) -> Dispute:
    """The family did not take it further (or the appeal window closed)."""
    _require_action(user, dispute, "close")
    check_past_date(
        closed_on,
        "the dispute ended",
        after=[
            (dispute.decision_sent_on, "the decision notice"),
            (dispute.mediation_contacted_on, "the contact with the adviser"),
            (dispute.mediation_held_on, "mediation"),
            (dispute.certificate_issued_on, "the certificate"),
        ],
        field="closed_on",
    )
    with transaction.atomic():
        dispute.outcome, dispute.decided_on = Outcome.NOT_PURSUED, closed_on
        dispute.stage, dispute.closed_on = Stage.CLOSED, closed_on
        return _save(
            dispute,
            user=user,
            expected_version=expected_version,
            fields=["outcome", "decided_on", "stage", "closed_on"],
            summary="Dispute closed: not taken to appeal",
            request=request,
            closed_on=closed_on,
        )


# -- carrying out the order ------------------------------------------------------------------------
def complete_step(
    *,
    user: Any,
    dispute: Dispute,
    expected_version: int,
    step_id: int | None,
    done_on: dt.date | None,
    request: HttpRequest | None = None,
) -> Dispute:
    """One thing the order required is done. Steps go in order (a draft before the final
    plan); after an order to assess, a no-plan decision and a final plan are alternatives,
    so doing one makes the other not needed. When nothing is left, the dispute closes."""
    _require_action(user, dispute, "step")
    steps = list(dispute.steps.all())
    step = next((s for s in steps if s.pk == step_id), None)
    if step is None or step.status != StepStatus.OPEN:
        raise DomainError("Select a step that is still to do", field="step_id")
    other = deadlines.ALTERNATIVES.get(step.step)
    before = [s for s in steps if s.order < step.order and s.step != other]
    pending = [s for s in before if s.status == StepStatus.OPEN]
    if pending:
        raise DomainError(
            f"Record '{deadlines.STEP_LABELS.get(pending[0].step, pending[0].step)}' first.", field="step_id"
        )
    start = dispute.unopposed_notified_on or dispute.decided_on
    after = [(start, "the order")] + [(s.done_on, "the step before") for s in before if s.done_on]
    check_past_date(done_on, "the step was done", after=after, field="done_on")
    _stale_guard(dispute, expected_version)
    with transaction.atomic():
        step.status, step.done_on = StepStatus.DONE, done_on
        step.save(update_fields=["status", "done_on"])
        for s in steps:
            if other and s.step == other and s.status == StepStatus.OPEN:
                s.status = StepStatus.NOT_NEEDED
                s.save(update_fields=["status"])
        fields = []
        if all(s.status != StepStatus.OPEN for s in steps):
            dispute.stage = Stage.CLOSED
            dispute.closed_on = max(s.done_on for s in steps if s.done_on)
            fields = ["stage", "closed_on"]
        late = " (late)" if done_on and done_on > step.due else ""
        return _save(
            dispute,
            user=user,
            expected_version=expected_version,
            fields=fields,
            summary=f"Order carried out: {deadlines.STEP_LABELS.get(step.step, step.step).lower()}{late}",
            request=request,
            step=step.step,
            done_on=done_on,
        )


def record_root_causes(
    *,
    user: Any,
    dispute: Dispute,
    expected_version: int,
    causes: Iterable[str],
    notes: str,
    request: HttpRequest | None = None,
) -> Dispute:
    """Why the dispute happened, for the outcomes review: a few codes and words."""
    _require_action(user, dispute, "causes")
    chosen = [c for c in RootCause.values if c in set(causes)]
    if set(causes) - set(RootCause.values):
        raise DomainError("Select causes from the list", field="causes")
    if not chosen and not notes.strip():
        raise DomainError("Select at least one cause, or describe it", field="causes")
    if RootCause.OTHER in chosen and not notes.strip():
        raise DomainError("Describe the other cause", field="notes")
    with transaction.atomic():
        dispute.root_causes, dispute.root_cause_notes = chosen, notes.strip()
        return _save(
            dispute,
            user=user,
            expected_version=expected_version,
            fields=["root_causes", "root_cause_notes"],
            summary="Root causes recorded",
            request=request,
            root_causes=chosen,
        )


def recompute(dispute: Dispute) -> None:
    """Recompute the stored deadline after the law module changes (no version bump: nothing
    a person entered changes)."""
    refresh_deadlines(dispute)
    Dispute.objects.filter(pk=dispute.pk).update(
        next_due=dispute.next_due, next_due_label=dispute.next_due_label
    )
