"""Ceasing a plan (CFA 2014 s45; SEND Regulations 2014 regs 29 to 32).

The steps follow regulation 31: tell the family the council is considering ceasing (the
proposal), consult the family and the head or principal of the named setting, decide, and
send the decision with the appeal rights regulation 32 requires. None of these steps has a
statutory time limit (timescales.md 5), so they are states, not deadlines. The plan stays in
force until the time for appealing has passed with no appeal registered, or any appeal is
over: only then does :func:`cease` stop it, with the SEN2 cease reason (item 4.6).

Each service checks who is acting and the stage, checks the dates, then saves against the
version the person saw (a stale save is refused, never overwritten), audits, and emails the
family once per event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from sendpath.audit.models import AuditAction
from sendpath.audit.services import record
from sendpath.common.concurrency import changed_by
from sendpath.common.dates import check_past_date, long_date
from sendpath.common.errors import DomainError, NotAllowed, StaleRecord
from sendpath.law.clocks import appeal_deadline, appeal_deadline_with_extension, mediation_contact_due
from sendpath.notifications.services import notify
from sendpath.plans.codes import CeaseReason
from sendpath.plans.models import Plan, PlanStatus
from sendpath.plans.selectors import named_setting_id
from sendpath.reviews.models import AnnualReview, CeaseDecision, CeaseStage, Cessation
from sendpath.reviews.services import family_addresses, is_la_decider

OPEN_STAGES = (CeaseStage.PROPOSED, CeaseStage.CONSULTED, CeaseStage.NOTICE_SENT)


def today() -> dt.date:
    return timezone.localdate()


def appeal_pending(plan: Plan) -> bool:
    """Whether an appeal about this plan is registered and not yet over. The disputes app
    owns appeals and answers this; a plan with an appeal pending is never ceased."""
    from sendpath.disputes.selectors import has_pending_appeal

    return bool(has_pending_appeal(plan))


def open_cessation(plan: Plan) -> Cessation | None:
    return plan.cessations.filter(stage__in=OPEN_STAGES).order_by("-pk").first()


def in_progress(local_authority_id: int) -> QuerySet[Cessation]:
    """Every open proposal to cease in the area, those whose appeal window closes first at
    the top (a plan can be ceased the day after)."""
    return (
        Cessation.objects.filter(plan__local_authority_id=local_authority_id, stage__in=OPEN_STAGES)
        .select_related("plan__child", "plan__coordinator")
        .order_by(F("appeal_window_ends").asc(nulls_last=True), "proposed_on", "pk")
    )


def _require_la(user: Any, plan: Plan) -> None:
    if not is_la_decider(user, plan):
        raise NotAllowed("Only the council's EHC coordinators and SEND managers can cease a plan.")


def _require_stage(cessation: Cessation, *stages: str) -> None:
    if cessation.stage not in stages:
        raise DomainError(f"That cannot be done now: the plan is at '{cessation.get_stage_display()}'.")


def _audit(
    user: Any, cessation: Cessation, action: str, summary: str, request: HttpRequest | None, **changes: Any
) -> None:
    record(
        user=user,
        action=action,
        obj=cessation,
        child_id=cessation.plan.child_id,
        local_authority_id=cessation.plan.local_authority_id,
        summary=summary,
        changes={k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in changes.items()},
        request=request,
    )


def _tell_family(cessation: Cessation, event: str, subject: str, body: str) -> int:
    sent = 0
    for email, user in family_addresses(cessation.plan):
        sent += notify(
            key=f"cease:{cessation.pk}:{event}:{email}",
            email=email,
            subject=subject,
            body=f"Plan reference: P{cessation.plan_id}\n\n{body}",
            user=user,
            child_id=cessation.plan.child_id,
        )
    return sent


def _save(
    cessation: Cessation,
    *,
    user: Any,
    expected_version: int,
    fields: list[str],
    summary: str,
    request: HttpRequest | None,
    **changes: Any,
) -> Cessation:
    values = {f: getattr(cessation, f) for f in fields}
    updated = Cessation.objects.filter(pk=cessation.pk, version=expected_version).update(
        **values, version=F("version") + 1, updated_by=user, updated_at=timezone.now()
    )
    if not updated:
        current = Cessation.objects.select_related("updated_by").get(pk=cessation.pk)
        raise StaleRecord(
            f"This was changed by {changed_by(current)}, after you opened it. Nothing has been "
            "saved: what you entered is kept below. Check the page, then save again.",
            current_version=current.version,
        )
    cessation.version = expected_version + 1
    _audit(user, cessation, AuditAction.UPDATE, summary, request, **changes)
    return cessation


def appeal_rights(notice_on: dt.date) -> str:
    """What regulation 32 says the notice must carry, with the dates the law gives."""
    last_day = long_date(appeal_deadline(notice_on))
    mediation = long_date(mediation_contact_due(notice_on))
    return (
        "You can appeal against this decision to the First-tier Tribunal (Special Educational "
        f"Needs and Disability). The last day to register an appeal is {last_day} "
        "(2 months from this notice), or 1 month from the date of a mediation certificate if that is later. "
        "Before you appeal you must contact a mediation adviser, and say whether you want mediation, by "
        f"{mediation}. You do not have to go to mediation, but you need the "
        "certificate the adviser gives you to appeal. Your local SEND information, advice and support "
        "service (SENDIASS) gives free, impartial advice, and a disagreement resolution service is there "
        "to help settle disagreements. The plan stays in force while you can appeal, and while an appeal "
        "is being heard."
    )


# -- the steps ---------------------------------------------------------------------------------
def propose(
    *,
    user: Any,
    plan: Plan,
    reason: str,
    grounds: str,
    on: dt.date | None,
    review: AnnualReview | None = None,
    request: HttpRequest | None = None,
) -> Cessation:
    """Tell the family the council is considering ceasing the plan (reg 31(1)(a))."""
    _require_la(user, plan)
    if plan.status != PlanStatus.ACTIVE:
        raise DomainError("Only a maintained plan can be ceased.")
    if open_cessation(plan) is not None:
        raise DomainError("Ceasing this plan is already under way.")
    errors = {}
    if reason not in CeaseReason.values:
        errors["reason"] = "Select the reason for ceasing the plan"
    if not grounds.strip():
        errors["grounds"] = "Say why the council is considering ceasing the plan"
    if errors:
        raise DomainError(next(iter(errors.values())), field=next(iter(errors)), errors=errors)
    check_past_date(
        on, "the family was told", field="on", after=[(plan.first_issued_on, "the plan was made")]
    )
    assert on is not None
    with transaction.atomic():
        cessation = Cessation.objects.create(
            plan=plan,
            review=review,
            reason=reason,
            grounds=grounds,
            proposed_on=on,
            created_by=user,
            updated_by=user,
            updated_at=timezone.now(),
        )
        _audit(
            user, cessation, AuditAction.CREATE, "Proposal to cease the plan", request, reason=reason, on=on
        )
        _tell_family(
            cessation,
            "proposed",
            "We are considering ceasing the EHC plan",
            "We are considering whether to stop maintaining the EHC plan. Nothing has changed yet: the plan "
            f"stays in force. Our reason: {CeaseReason(reason).label.lower()}. {grounds.strip()}\n\n"
            "We want to hear your views before we decide. We are also asking the school or college named "
            "in the plan. Reply to your EHC coordinator.",
        )
    return cessation


def consult(
    *,
    user: Any,
    cessation: Cessation,
    expected_version: int,
    family_on: dt.date | None,
    family_views: str,
    setting_on: dt.date | None = None,
    setting_views: str = "",
    request: HttpRequest | None = None,
) -> Cessation:
    """The family's views and, where the plan names a setting, its head's or principal's
    (reg 31(1)(b)). Both are needed before a decision."""
    plan = cessation.plan
    _require_la(user, plan)
    _require_stage(cessation, CeaseStage.PROPOSED, CeaseStage.CONSULTED)
    check_past_date(
        family_on,
        "the family gave their views",
        field="family_on",
        after=[(cessation.proposed_on, "the proposal")],
    )
    if not family_views.strip():
        raise DomainError("Record the family's views (or that they gave none)", field="family_views")
    if named_setting_id(plan) is not None or setting_on or setting_views.strip():
        check_past_date(
            setting_on,
            "the setting gave its views",
            field="setting_on",
            after=[(cessation.proposed_on, "the proposal")],
        )
        if not setting_views.strip():
            raise DomainError("Record the setting's views (or that it gave none)", field="setting_views")
    with transaction.atomic():
        cessation.family_consulted_on, cessation.family_views = family_on, family_views
        cessation.setting_consulted_on, cessation.setting_views = setting_on, setting_views
        cessation.stage = CeaseStage.CONSULTED
        return _save(
            cessation,
            user=user,
            expected_version=expected_version,
            fields=["family_consulted_on", "family_views", "setting_consulted_on", "setting_views", "stage"],
            summary="Consultation on ceasing the plan recorded",
            request=request,
        )


def decide(
    *,
    user: Any,
    cessation: Cessation,
    expected_version: int,
    decision: str,
    on: dt.date | None,
    notice_on: dt.date | None,
    notes: str = "",
    request: HttpRequest | None = None,
) -> Cessation:
    """The decision after consulting. To cease: the notice goes to the family with their
    appeal rights (reg 31(2), reg 32), and the appeal window runs from the notice. The plan
    is not ceased yet. To keep: the proposal ends and the family is told."""
    plan = cessation.plan
    _require_la(user, plan)
    _require_stage(cessation, CeaseStage.CONSULTED)
    if decision not in CeaseDecision.values:
        raise DomainError("Select the decision", field="decision")
    consulted = [
        (cessation.family_consulted_on, "the family gave their views"),
        (cessation.setting_consulted_on, "the setting gave its views"),
    ]
    check_past_date(on, "of the decision", field="on", after=consulted)
    assert on is not None
    with transaction.atomic():
        cessation.decision, cessation.decided_on, cessation.decision_notes = decision, on, notes
        if decision == CeaseDecision.KEEP:
            cessation.stage = CeaseStage.KEPT
            _save(
                cessation,
                user=user,
                expected_version=expected_version,
                fields=["decision", "decided_on", "decision_notes", "stage"],
                summary="Decided to keep the plan",
                request=request,
                decision=decision,
                decided_on=on,
            )
            _tell_family(
                cessation,
                "kept",
                "We will keep the EHC plan",
                "We have decided to keep maintaining the EHC plan, after hearing your views. "
                "Nothing changes.",
            )
            return cessation
        if appeal_pending(plan):
            raise DomainError(
                "An appeal about this plan is waiting to be heard by the tribunal. The plan cannot be "
                "ceased while it is pending.",
                field="decision",
            )
        check_past_date(notice_on, "the notice was sent", field="notice_on", after=[(on, "the decision")])
        assert notice_on is not None
        cessation.notice_sent_on = notice_on
        cessation.appeal_deadline = appeal_deadline(notice_on)
        cessation.appeal_window_ends = appeal_deadline_with_extension(notice_on)
        cessation.stage = CeaseStage.NOTICE_SENT
        _save(
            cessation,
            user=user,
            expected_version=expected_version,
            fields=[
                "decision",
                "decided_on",
                "decision_notes",
                "notice_sent_on",
                "appeal_deadline",
                "appeal_window_ends",
                "stage",
            ],
            summary="Decided to cease the plan; notice sent with appeal rights",
            request=request,
            decision=decision,
            decided_on=on,
            notice_sent_on=notice_on,
            appeal_deadline=cessation.appeal_deadline,
        )
        _tell_family(
            cessation,
            "notice",
            "Our decision to cease the EHC plan, and your right to appeal",
            f"We have decided to stop maintaining the EHC plan. Our reason: "
            f"{cessation.get_reason_display().lower()}.\n\n{appeal_rights(notice_on)}",
        )
    return cessation


def earliest_cease_date(cessation: Cessation) -> dt.date | None:
    """The day after the appeal window (with its extensions) closes."""
    if cessation.appeal_window_ends is None:
        return None
    return cessation.appeal_window_ends + dt.timedelta(days=1)


def cease(
    *,
    user: Any,
    cessation: Cessation,
    expected_version: int,
    on: dt.date | None,
    request: HttpRequest | None = None,
) -> Cessation:
    """Stop maintaining the plan, once the time for appealing has passed and no appeal is
    pending (CFA s45; timescales.md 1.7). Records SEN2's CeaseDate and CeaseReason."""
    plan = cessation.plan
    _require_la(user, plan)
    _require_stage(cessation, CeaseStage.NOTICE_SENT)
    check_past_date(on, "the plan ceased", field="on", after=[(cessation.notice_sent_on, "the notice")])
    assert on is not None
    earliest = earliest_cease_date(cessation)
    if earliest is not None and on < earliest:
        raise DomainError(
            "The family can still appeal: the plan stays in force until the appeal window closes on "
            f"{long_date(cessation.appeal_window_ends)}. "
            f"The earliest date it can cease is {long_date(earliest)}.",
            field="on",
        )
    if appeal_pending(plan):
        raise DomainError(
            "An appeal about this plan is waiting to be heard by the tribunal. The plan cannot be "
            "ceased while it is pending.",
            field="on",
        )
    with transaction.atomic():
        cessation.ceased_on, cessation.stage = on, CeaseStage.CEASED
        _save(
            cessation,
            user=user,
            expected_version=expected_version,
            fields=["ceased_on", "stage"],
            summary="Plan ceased",
            request=request,
            ceased_on=on,
            cease_reason=cessation.reason,
        )
        Plan.objects.filter(pk=plan.pk).update(
            status=PlanStatus.CEASED, ceased_on=on, cease_reason=cessation.reason, version=F("version") + 1
        )
        plan.status, plan.ceased_on, plan.cease_reason = PlanStatus.CEASED, on, cessation.reason
        _tell_family(
            cessation,
            "ceased",
            "The EHC plan has ceased",
            f"The time for appealing has passed, so the EHC plan stopped on {long_date(on)}. "
            "If things change, you can ask for a new assessment at any time.",
        )
    return cessation


def timeline(cessation: Cessation) -> list[dict[str, Any]]:
    """What happened, in order, in plain words (for the council and the family alike)."""
    c = cessation
    events = [{"on": c.proposed_on, "text": "The council told the family it is considering ceasing the plan"}]
    if c.family_consulted_on:
        events.append({"on": c.family_consulted_on, "text": "The family gave their views"})
    if c.setting_consulted_on:
        events.append({"on": c.setting_consulted_on, "text": "The school or college gave its views"})
    if c.decided_on and c.decision == CeaseDecision.KEEP:
        events.append({"on": c.decided_on, "text": "The council decided to keep the plan"})
    if c.notice_sent_on:
        events.append(
            {
                "on": c.notice_sent_on,
                "text": "The council sent its decision to cease the plan, with the right to appeal "
                f"by {long_date(c.appeal_deadline)}",
            }
        )
    if c.ceased_on:
        events.append({"on": c.ceased_on, "text": "The plan ceased"})
    return sorted(events, key=lambda e: e["on"])
