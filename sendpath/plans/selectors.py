"""Reading plans, scoped to the user."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from sendpath.accounts.models import User
from sendpath.accounts.roles import FAMILY_ROLES, LA_ROLES, SERVICE_ROLES, SETTING_ROLES
from sendpath.people.models import Child
from sendpath.people.selectors import visible_children
from sendpath.plans.models import Plan, PlanStatus, PlanVersion


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


def named_setting_id(plan: Plan) -> int | None:
    """The setting named in the plan in force (section I); for a plan recorded before plans
    were written in sendpath (no issued version), the setting whose roll the child is on."""
    version = plan.versions.filter(status="issued").order_by("-number").first()
    if version is not None and version.named_setting_id:
        return version.named_setting_id
    return plan.child.setting_id


def is_family_of(user: Any, plan: Plan) -> bool:
    """The child's own family, or the young person themselves."""
    if getattr(user, "role", None) == "young_person":
        return plan.child.user_id == user.pk
    if getattr(user, "role", None) == "parent":
        return plan.child.relationships.filter(carer__user_id=user.pk).exists()
    return False


def reads_plan(user: Any, plan: Plan) -> bool:
    """Who may read a plan, among those who may see the child (``visible_plans``): the
    council's staff, the family, staff of the setting the plan names, and the professionals
    involved (whose advice was asked for, which is why they can see the child)."""
    role = getattr(user, "role", None)
    if role in LA_ROLES:
        return user.local_authority_id == plan.local_authority_id
    if role in FAMILY_ROLES:
        return is_family_of(user, plan)
    if role in SETTING_ROLES:
        return user.setting_id is not None and user.setting_id == named_setting_id(plan)
    return role in SERVICE_ROLES


def readable_versions(user: Any, plan: Plan) -> list[PlanVersion]:
    """The versions this reader may open: every issued version; drafts for the council's
    staff, and for the family once the draft was sent to them."""
    role = getattr(user, "role", None)
    versions = list(plan.versions.select_related("issued_by", "named_setting").order_by("number"))
    if role in LA_ROLES:
        return versions
    family = role in FAMILY_ROLES
    return [
        v
        for v in versions
        if v.status == "issued" or (family and v.status == "draft" and v.draft_sent_on is not None)
    ]


def line_of(version: Any, model: Any, pk: int) -> Any:
    """A need, outcome or provision line of this version (the caller may edit the plan)."""
    return model.objects.filter(version=version, pk=pk).first()
