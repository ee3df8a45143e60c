"""Annual reviews (reg 20): where each stands and its clocks.

Readers are those of the review page: the council, the SENCO of the child's setting and
the child's family.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Router, Schema

from sendpath.api.endpoints.cases import ClockOut
from sendpath.api.problems import ERRORS, MAX_ID
from sendpath.audit.services import record_child_list, record_child_read
from sendpath.common.http import refuse_unseen
from sendpath.plans.models import Plan
from sendpath.plans.selectors import visible_plans
from sendpath.reviews import selectors
from sendpath.reviews.models import AnnualReview

router = Router(tags=["Reviews"])


class ReviewOut(Schema):
    id: int
    plan_id: int
    due_on: dt.date
    stage: str
    meeting_on: dt.date | None
    held_on: dt.date | None
    report_due: dt.date | None
    report_sent_on: dt.date | None
    decision_due: dt.date | None
    decided_on: dt.date | None
    decision: str
    final_amended_due: dt.date | None


class ReviewDetailOut(ReviewOut):
    clocks: list[ClockOut]


@router.get(
    "/plans/{plan_id}/reviews", response={200: list[ReviewOut], **ERRORS}, summary="A plan's annual reviews"
)
def plan_reviews(request: HttpRequest, plan_id: int = Path(..., ge=0, le=MAX_ID)) -> Any:
    """Every annual review of the plan, newest first, for those who may view its reviews."""
    plan = visible_plans(request.user).select_related("child").filter(pk=plan_id).first()
    if plan is None:
        refuse_unseen(request, Plan, plan_id)
    if not selectors.may_view(request.user, AnnualReview(plan=plan)):
        refuse_unseen(request, Plan, plan_id)
    reviews = list(plan.reviews.order_by("-due_on", "-pk"))
    record_child_list(request, [plan.child_id], "API reviews of a plan")
    return reviews


@router.get(
    "/reviews/{review_id}",
    response={200: ReviewDetailOut, **ERRORS},
    summary="One annual review, with its clocks",
)
def get_review(request: HttpRequest, review_id: int = Path(..., ge=0, le=MAX_ID)) -> Any:
    """The review and its reg 20 clocks: notice, report, decision and amended plan."""
    review = selectors.review_for(request.user, review_id)
    if review is None or not selectors.may_view(request.user, review):
        refuse_unseen(
            request, AnnualReview, review_id, child="plan__child_id", area="plan__local_authority_id"
        )
    record_child_read(request, review.plan.child, "API annual review", obj=review)
    review.clocks = selectors.clock_panel(review, timezone.localdate())
    return review
