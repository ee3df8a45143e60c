"""EHC plans: each plan's issued version, section by section, with its outcomes and provision.

Readers are those of the plan page: the council, the family, the named setting and the
professionals involved. Drafts are not served here; the API reads what has been issued.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Path, Router, Schema

from sendpath.api.problems import ERRORS, MAX_ID
from sendpath.audit.services import record_child_list, record_child_read
from sendpath.common.http import refuse_unseen
from sendpath.people.selectors import visible_children
from sendpath.people.views import visible_child_or_404
from sendpath.plans.document import load
from sendpath.plans.models import Plan, Section
from sendpath.plans.selectors import reads_plan, visible_plans

router = Router(tags=["Plans"])


class PlanSummaryOut(Schema):
    id: int
    child_id: int
    status: str
    primary_need: str
    first_issued_on: dt.date | None
    last_reviewed_on: dt.date | None
    review_due: dt.date | None
    ceased_on: dt.date | None
    cease_reason: str


class SectionOut(Schema):
    section: str
    title: str
    text: str


class NeedOut(Schema):
    key: str
    area: str
    description: str


class OutcomeOut(Schema):
    key: str
    text: str
    timeframe: str
    needs: list[str]


class ProvisionOut(Schema):
    key: str
    section: str
    what: str
    who: str
    frequency: str
    duration: str
    where: str
    outcomes: list[str]


class IssuedVersionOut(Schema):
    number: int
    issued_on: dt.date | None
    named_setting: str
    sections: list[SectionOut]
    needs: list[NeedOut]
    outcomes: list[OutcomeOut]
    provision: list[ProvisionOut]


class PlanOut(PlanSummaryOut):
    issued_version: IssuedVersionOut | None


@router.get(
    "/children/{child_id}/plans", response={200: list[PlanSummaryOut], **ERRORS}, summary="A child's plans"
)
def child_plans(request: HttpRequest, child_id: int = Path(..., ge=0, le=MAX_ID)) -> Any:
    """The plans of one child that the caller may read, newest first."""
    child = visible_child_or_404(request, child_id, visible_children(request.user))
    plans = child.plans.select_related("child").order_by("-first_issued_on", "-pk")
    plans = [p for p in plans if reads_plan(request.user, p)]
    record_child_list(request, [child.pk], "API plans of a child")
    return plans


@router.get("/plans/{plan_id}", response={200: PlanOut, **ERRORS}, summary="A plan and its issued version")
def get_plan(request: HttpRequest, plan_id: int = Path(..., ge=0, le=MAX_ID)) -> Any:
    """The plan in force as last issued: sections A to K, needs, outcomes and provision."""
    plan = visible_plans(request.user).select_related("child").filter(pk=plan_id).first()
    if plan is None:
        refuse_unseen(request, Plan, plan_id)
    if not reads_plan(request.user, plan):
        refuse_unseen(request, Plan, plan_id)
    record_child_read(request, plan.child, "API plan", obj=plan)
    version = (
        plan.versions.filter(status="issued").select_related("named_setting").order_by("-number").first()
    )
    plan.issued_version = None
    if version is not None:
        doc = load(version)
        plan.issued_version = {
            "number": version.number,
            "issued_on": version.issued_on,
            "named_setting": doc.named_setting,
            "sections": [
                {"section": s.value, "title": s.label, "text": doc.text(s.value)}
                for s in Section
                if doc.text(s.value)
            ],
            "needs": doc.needs,
            "outcomes": doc.outcomes,
            "provision": doc.provision,
        }
    return plan
