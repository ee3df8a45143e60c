"""Reading reviews, scoped to the user, and the clock panel of one review."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from sendpath.accounts.roles import FAMILY_ROLES, LA_ROLES, Role
from sendpath.common.clock_panel import Clock, clock
from sendpath.law.clocks import devon_final_amended_cap
from sendpath.people.selectors import visible_children
from sendpath.plans.models import Plan, PlanStatus
from sendpath.reviews.models import INVITEES, AnnualReview

WINDOW_DAYS = 56  # the coordinator's 8-week look-ahead


def review_for(user: Any, pk: int) -> AnnualReview | None:
    """The review, if the user may see its child at all (page access is checked apart)."""
    return (
        AnnualReview.objects.filter(pk=pk, plan__child__in=visible_children(user))
        .select_related("plan__child__setting", "plan__coordinator", "convened_by_user", "updated_by")
        .first()
    )


def may_view(user: Any, review: AnnualReview) -> bool:
    """The council's staff, the SENCO of the child's setting, and the child's family."""
    role = getattr(user, "role", None)
    child = review.plan.child
    if role in LA_ROLES:
        return user.local_authority_id == review.plan.local_authority_id
    if role == Role.SENCO:
        return child.setting_id is not None and child.setting_id == user.setting_id
    if role == Role.PARENT:
        return child.relationships.filter(carer__user=user).exists()
    if role == Role.YOUNG_PERSON:
        return child.user_id == user.pk
    return False


def is_family(user: Any) -> bool:
    return getattr(user, "role", None) in FAMILY_ROLES


def reviews_due(local_authority_id: int, today: dt.date, show: str = "all") -> QuerySet[Plan]:
    """Maintained plans whose review is overdue or due in the next 8 weeks, overdue first.

    One query on the (local_authority, status, review_due) index: ``show="overdue"`` is the
    list of every plan whose review is overdue."""
    plans = Plan.objects.filter(local_authority_id=local_authority_id, status=PlanStatus.ACTIVE)
    if show == "overdue":
        plans = plans.filter(review_due__lt=today)
    elif show == "soon":
        plans = plans.filter(review_due__gte=today, review_due__lte=today + dt.timedelta(days=WINDOW_DAYS))
    else:
        plans = plans.filter(review_due__lte=today + dt.timedelta(days=WINDOW_DAYS))
    return plans.select_related("child", "coordinator").order_by("review_due", "pk")


def clock_panel(review: AnnualReview, today: dt.date) -> list[Clock]:
    """Every limit on the review, in the order the process meets them."""
    clocks = [clock("annual_review_due", review.due_on, review.decided_on, today)]
    if review.notice_latest:
        clocks.append(clock("review_notice_latest", review.notice_latest, review.convened_on, today))
    if review.report_due:
        clocks.append(clock("review_report_due", review.report_due, review.report_sent_on, today))
    if review.decision_due:
        clocks.append(clock("review_decision_due_within_s44", review.decision_due, review.decided_on, today))
    if review.final_amended_due:
        clocks.append(clock("final_amended_plan_due", review.final_amended_due, None, today))
    return clocks


def devon_cap(review: AnnualReview) -> dt.date | None:
    return devon_final_amended_cap(review.meeting_date) if review.meeting_date else None


def timeline(review: AnnualReview) -> list[dict[str, Any]]:
    """What happened, in order, in plain words."""
    events = []
    if review.convened_on:
        who = review.convened_by.name if review.convened_by else "the council"
        events.append(
            {"on": review.convened_on, "text": f"Meeting arranged by {who} for {review.meeting_on:%-d %B %Y}"}
        )
    if review.held_on:
        events.append({"on": review.held_on, "text": "Meeting held; views gathered"})
    if review.report_sent_on:
        events.append(
            {
                "on": review.report_sent_on,
                "text": f"Report sent, recommending: {review.get_recommendation_display().lower()}",
            }
        )
    if review.decided_on:
        events.append(
            {"on": review.decided_on, "text": f"The council decided: {review.get_decision_display().lower()}"}
        )
    return events


def invitee_labels(review: AnnualReview) -> list[str]:
    return [INVITEES[k] for k in review.invited if k in INVITEES]
