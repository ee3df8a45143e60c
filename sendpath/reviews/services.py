"""The reg 20 annual review: convene, hold the meeting, report, and the council's decision.

Each service checks who is acting, that the move fits the review's stage and that the dates
are in order; then, in one transaction, it saves the review against the version the person
saw (a stale version is refused, never overwritten) and writes the audit event. The family
is emailed when a meeting is arranged and when the council decides.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from sendpath.accounts.roles import Role
from sendpath.audit.models import AuditAction
from sendpath.audit.services import record
from sendpath.common.concurrency import changed_by
from sendpath.common.dates import check_past_date
from sendpath.common.errors import DomainError, NotAllowed, StaleRecord
from sendpath.law.clocks import (
    annual_review_due,
    final_amended_plan_due,
    review_decision_due_within_s44,
    review_notice_latest,
    review_report_due,
)
from sendpath.notifications.services import notify
from sendpath.plans.models import Plan, PlanStatus, PlanVersion
from sendpath.reviews.models import INVITEES, AnnualReview, ReviewDecision, ReviewStage

LA_DECIDERS = frozenset({Role.COORDINATOR, Role.MANAGER})
NOTICE_DAYS = 14


def today() -> dt.date:
    return timezone.localdate()


def _d(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def is_la_decider(user: Any, plan: Plan) -> bool:
    """The council's coordinators and managers of the plan's local authority."""
    return getattr(user, "role", None) in LA_DECIDERS and user.local_authority_id == plan.local_authority_id


def is_setting_senco(user: Any, plan: Plan) -> bool:
    """The SENCO of the setting the child attends (whose roll the child is on)."""
    setting_id = plan.child.setting_id
    return (
        getattr(user, "role", None) == Role.SENCO and setting_id is not None and user.setting_id == setting_id
    )


def regulation_for(plan: Plan) -> int:
    """Reg 20 for a child or young person who attends a school or other institution (reg
    20(ZA)); reg 21 for one who does not, whose review the council convenes and reports."""
    return 20 if plan.child.setting_id is not None else 21


def invitees_for(plan: Plan) -> dict[str, str]:
    """Who must be invited: reg 20(2), or under reg 21(2) everyone but the setting."""
    if regulation_for(plan) == 21:
        return {k: v for k, v in INVITEES.items() if k != "setting"}
    return dict(INVITEES)


def may_arrange(user: Any, plan: Plan) -> bool:
    """Convene, hold and report: the setting's SENCO or the council (reg 20: the head teacher
    or the LA arranges the meeting; reg 21: the council, as there is no setting)."""
    return is_setting_senco(user, plan) or is_la_decider(user, plan)


def _require_arranger(user: Any, plan: Plan) -> None:
    if not may_arrange(user, plan):
        raise NotAllowed("Only the SENCO of the child's school or the council's SEND team can do this.")


def _require_stage(review: AnnualReview, *stages: str) -> None:
    if review.stage not in stages:
        raise DomainError(f"That cannot be done now: the review is at '{review.get_stage_display()}'.")


def _check_past(
    on: dt.date | None, what: str, field: str, after: Iterable[tuple[dt.date | None, str]]
) -> dt.date:
    return check_past_date(on, what, after=after, field=field)


def _audit(
    user: Any, review: AnnualReview, action: str, summary: str, request: HttpRequest | None, **changes: Any
) -> None:
    record(
        user=user,
        action=action,
        obj=review,
        child_id=review.plan.child_id,
        local_authority_id=review.plan.local_authority_id,
        summary=summary,
        changes={k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in changes.items()},
        request=request,
    )


def refresh_clocks(review: AnnualReview) -> None:
    """Recompute the stored due dates from the facts (the law module does the counting)."""
    meeting = review.meeting_date
    review.notice_latest = review_notice_latest(review.meeting_on) if review.meeting_on else None
    review.report_due = review_report_due(meeting) if meeting else None
    review.decision_due = review_decision_due_within_s44(meeting, review.due_on) if meeting else None
    if review.decision == ReviewDecision.AMEND and meeting and review.proposals_sent_on:
        review.final_amended_due = final_amended_plan_due(meeting, review.proposals_sent_on)
    else:
        review.final_amended_due = None


CLOCK_FIELDS = ["notice_latest", "report_due", "decision_due", "final_amended_due"]


def _save(
    review: AnnualReview,
    *,
    user: Any,
    expected_version: int,
    fields: list[str],
    summary: str,
    request: HttpRequest | None,
    **changes: Any,
) -> AnnualReview:
    refresh_clocks(review)
    values = {f: getattr(review, f) for f in [*fields, *CLOCK_FIELDS]}
    updated = AnnualReview.objects.filter(pk=review.pk, version=expected_version).update(
        **values, version=F("version") + 1, updated_by=user, updated_at=timezone.now()
    )
    if not updated:
        current = AnnualReview.objects.select_related("updated_by").get(pk=review.pk)
        by = changed_by(current)
        raise StaleRecord(
            f"This review was changed by {by}, after you opened it. Nothing has been "
            "saved: what you entered is kept below. Check the review, then save again.",
            current_version=current.version,
        )
    review.version = expected_version + 1
    _audit(user, review, AuditAction.UPDATE, summary, request, **changes)
    return review


# -- telling the family ------------------------------------------------------------------------
def family_addresses(plan: Plan) -> list[tuple[str, Any]]:
    """(email, user) for the people with parental responsibility and the young person."""
    found: dict[str, Any] = {}
    child = plan.child
    for rel in child.relationships.filter(parental_responsibility=True).select_related("carer__user"):
        email = (rel.carer.user.email if rel.carer.user_id else rel.carer.email or "").lower()
        if email:
            found.setdefault(email, rel.carer.user)
    if child.user_id:
        found.setdefault(child.user.email.lower(), child.user)
    return sorted(found.items())


def _tell_family(review: AnnualReview, event: str, subject: str, body: str) -> int:
    sent = 0
    for email, user in family_addresses(review.plan):
        sent += notify(
            key=f"review:{review.pk}:{event}:{email}",
            email=email,
            subject=subject,
            body=f"Annual review reference: R{review.pk}\n\n{body}",
            user=user,
            child_id=review.plan.child_id,
        )
    return sent


# -- the steps ---------------------------------------------------------------------------------
def open_review(plan: Plan) -> AnnualReview | None:
    return plan.reviews.exclude(stage=ReviewStage.DECIDED).order_by("-pk").first()


def convene(
    *,
    user: Any,
    plan: Plan,
    meeting_on: dt.date | None,
    invited: Iterable[str],
    request: HttpRequest | None = None,
) -> AnnualReview:
    """Arrange the review meeting and record the reg 20(2) invitations. The invitations and
    the advice must go out at least 2 weeks before the meeting (reg 20(3)-(4)), so a meeting
    less than 2 weeks away is refused."""
    _require_arranger(user, plan)
    if plan.status != PlanStatus.ACTIVE:
        raise DomainError("Only a maintained plan is reviewed.")
    if open_review(plan) is not None:
        raise DomainError("A review of this plan is already under way.")
    if meeting_on is None:
        raise DomainError("Enter the date of the meeting", field="meeting_on")
    now = today()
    if review_notice_latest(meeting_on) < now:
        earliest = now + dt.timedelta(days=NOTICE_DAYS)
        raise DomainError(
            "The meeting must be at least 2 weeks away: the law requires 2 weeks' notice of the "
            "meeting and of the advice (reg 20(3) and (4), or reg 21(3) and (4)). "
            f"The earliest date is {_d(earliest)}.",
            field="meeting_on",
        )
    regulation = regulation_for(plan)
    required = invitees_for(plan)
    chosen = [k for k in invited if k in required]
    missing = [k for k in required if k not in chosen]
    if missing:
        raise DomainError(
            f"Invite everyone regulation {regulation}(2) lists: "
            + "; ".join(required[k].lower() for k in missing),
            field="invited",
        )
    if plan.review_due is None:
        raise DomainError("The plan has no annual review date: it has not been issued yet.")
    with transaction.atomic():
        review = AnnualReview(
            plan=plan,
            due_on=plan.review_due,
            convened_by=user.setting if getattr(user, "role", None) == Role.SENCO else None,
            convened_by_user=user,
            convened_on=now,
            meeting_on=meeting_on,
            invited=chosen,
            regulation=regulation,
            stage=ReviewStage.CONVENED,
            updated_by=user,
            updated_at=timezone.now(),
        )
        refresh_clocks(review)
        review.save()
        _audit(
            user, review, AuditAction.CREATE, "Annual review meeting arranged", request, meeting_on=meeting_on
        )
        late = (
            " The meeting is after the last day for this year's review, so the review will be late."
            if meeting_on > review.due_on
            else ""
        )
        _tell_family(
            review,
            "convened",
            "You are invited to an annual review meeting",
            f"The annual review meeting about the EHC plan will be on {_d(meeting_on)}. You are invited. "
            f"The advice for the meeting will be sent to you by {_d(review.notice_latest)}, at least 2 "
            f"weeks before it.{late}",
        )
    return review


def record_meeting(
    *,
    user: Any,
    review: AnnualReview,
    expected_version: int,
    held_on: dt.date | None,
    child_views: str,
    family_views: str,
    professional_views: str,
    request: HttpRequest | None = None,
) -> AnnualReview:
    """The meeting was held: its date and the views gathered."""
    _require_arranger(user, review.plan)
    _require_stage(review, ReviewStage.CONVENED)
    _check_past(held_on, "the meeting was held", "held_on", [(review.convened_on, "the day it was arranged")])
    if not any(v.strip() for v in (child_views, family_views, professional_views)):
        raise DomainError("Record the views gathered at the meeting", field="child_views")
    with transaction.atomic():
        review.held_on = held_on
        review.child_views, review.family_views = child_views, family_views
        review.professional_views = professional_views
        review.stage = ReviewStage.HELD
        return _save(
            review,
            user=user,
            expected_version=expected_version,
            fields=["held_on", "child_views", "family_views", "professional_views", "stage"],
            summary="Annual review meeting held",
            request=request,
            held_on=held_on,
        )


def outcome_progress(plan: Plan) -> list[dict[str, str]]:
    """Each outcome's progress summary, if the progress module provides one (it is being
    built in parallel, so it is imported only if it exists)."""
    try:
        from sendpath.progress.selectors import outcome_summaries  # type: ignore[import-not-found]
    except ImportError:
        return []
    rows = []
    for item in outcome_summaries(plan) or []:
        if isinstance(item, Mapping):
            data = dict(item)
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            data = dataclasses.asdict(item)
        else:
            data = {"summary": item}
        rows.append({str(k): str(v) for k, v in data.items() if not str(k).startswith("_")})
    return rows


def write_report(
    *,
    user: Any,
    review: AnnualReview,
    expected_version: int,
    recommendation: str,
    text: str,
    sent_on: dt.date | None,
    request: HttpRequest | None = None,
) -> AnnualReview:
    """The report of the meeting with its recommendation, within 2 weeks of the meeting."""
    _require_arranger(user, review.plan)
    _require_stage(review, ReviewStage.HELD)
    _check_past(sent_on, "the report was sent", "sent_on", [(review.held_on, "the meeting")])
    if recommendation not in ReviewDecision.values:
        raise DomainError("Select what the meeting recommends", field="recommendation")
    if not text.strip():
        raise DomainError("Write the report", field="text")
    with transaction.atomic():
        review.recommendation, review.report_text, review.report_sent_on = recommendation, text, sent_on
        review.progress = outcome_progress(review.plan)
        review.stage = ReviewStage.REPORTED
        return _save(
            review,
            user=user,
            expected_version=expected_version,
            fields=["recommendation", "report_text", "report_sent_on", "progress", "stage"],
            summary="Annual review report sent",
            request=request,
            report_sent_on=sent_on,
            recommendation=recommendation,
        )


def decide(
    *,
    user: Any,
    review: AnnualReview,
    expected_version: int,
    decision: str,
    on: dt.date | None,
    notes: str = "",
    request: HttpRequest | None = None,
) -> AnnualReview:
    """The council's decision: maintain, amend or cease (reg 20(10)), within 4 weeks of the
    meeting and within the s44 period. The plan counts as reviewed on the decision date, so
    the next review is due 12 months from it. Amending opens a draft with the proposals sent
    with the notice; ceasing is recorded as a proposal only (regs 31 and 32 follow)."""
    plan = review.plan
    if not is_la_decider(user, plan):
        raise NotAllowed("Only the council's EHC coordinators and SEND managers decide after a review.")
    _require_stage(review, ReviewStage.HELD, ReviewStage.REPORTED)
    _check_past(
        on,
        "of the decision",
        "on",
        [(review.held_on, "the meeting"), (review.report_sent_on, "the report")],
    )
    if decision not in ReviewDecision.values:
        raise DomainError("Select the decision", field="decision")
    assert on is not None
    with transaction.atomic():
        review.decision, review.decided_on, review.decision_notes = decision, on, notes
        review.proposals_sent_on = on if decision == ReviewDecision.AMEND else None
        review.stage = ReviewStage.DECIDED
        _save(
            review,
            user=user,
            expected_version=expected_version,
            fields=["decision", "decided_on", "decision_notes", "proposals_sent_on", "stage"],
            summary=f"Annual review decision: {review.get_decision_display().lower()}",
            request=request,
            decision=decision,
            decided_on=on,
        )
        next_due = annual_review_due(on)
        Plan.objects.filter(pk=plan.pk).update(
            last_reviewed_on=on, review_due=next_due, version=F("version") + 1
        )
        plan.last_reviewed_on, plan.review_due = on, next_due
        if decision == ReviewDecision.AMEND:
            from sendpath.plans.services import start_amendment

            draft = start_amendment(
                user=user,
                plan=plan,
                reason=f"Amendment after the annual review of {_d(review.held_on or on)}",
                request=request,
            )
            # The proposed amendments go with the decision notice (reg 22(2)): the family's
            # 15 days to comment start that day.
            PlanVersion.objects.filter(pk=draft.pk).update(draft_sent_on=on)
        what = {
            ReviewDecision.MAINTAIN: "We have decided to keep the EHC plan as it is.",
            ReviewDecision.AMEND: (
                "We have decided to amend the EHC plan. The changes we propose come with this notice; "
                "you have 15 days to comment on them. The final amended plan will be sent by "
                f"{_d(review.final_amended_due)}."
                if review.final_amended_due
                else ""
            ),
            ReviewDecision.CEASE: (
                "We propose to stop maintaining the EHC plan. Nothing changes yet: we will write to you "
                "about the proposal, and you will be able to give your views and to appeal."
            ),
        }[ReviewDecision(decision)]
        _tell_family(
            review,
            "decided",
            "Our decision after the annual review",
            f"After the annual review meeting on {_d(review.held_on or on)}: {what} "
            f"The next annual review must happen by {_d(next_due)}.",
        )
    return review
