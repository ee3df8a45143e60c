"""Reading plans, scoped to the user."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from sendpath.accounts.models import User
from sendpath.people.models import Child
from sendpath.people.selectors import visible_children
from sendpath.plans.models import Plan, PlanStatus


def visible_plans(user: Any) -> QuerySet[Plan]:
    """Plans of children this user may see."""
    return Plan.objects.filter(child__in=visible_children(user))


def active_plan(child: Child) -> Plan | None:
    """The child's maintained plan, if any."""
    return child.plans.filter(status=PlanStatus.ACTIVE).order_by("-first_issued_on").first()


def plans_for_child(child: Child) -> QuerySet[Plan]:
    return child.plans.select_related("coordinator").order_by("-first_issued_on")


def coordinator_reviews_due(user: User, until: dt.date) -> QuerySet[Plan]:
    """Active plans this coordinator looks after whose review is due by ``until``."""
    return (
        Plan.objects.filter(
            coordinator=user,
            status=PlanStatus.ACTIVE,
            review_due__lte=until,
            local_authority_id=user.local_authority_id,
        )
        .select_related("child")
        .order_by("review_due")
    )


def setting_reviews_due(user: User, until: dt.date) -> QuerySet[Plan]:
    """Active plans of pupils on the SENCO's roll with a review due by ``until``."""
    return (
        Plan.objects.filter(
            child__setting_id=user.setting_id, status=PlanStatus.ACTIVE, review_due__lte=until
        )
        .select_related("child")
        .order_by("review_due")
    )


def overdue_reviews(local_authority_id: int, today: dt.date) -> QuerySet[Plan]:
    """Active plans whose annual review is past its legal last day."""
    return Plan.objects.filter(
        local_authority_id=local_authority_id, status=PlanStatus.ACTIVE, review_due__lt=today
    )


def active_plan_count(local_authority_id: int) -> int:
    return Plan.objects.filter(local_authority_id=local_authority_id, status=PlanStatus.ACTIVE).count()
