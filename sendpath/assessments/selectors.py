"""Reading assessment cases, advice requests and consultations, scoped to the user."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from sendpath.accounts.models import User
from sendpath.accounts.roles import Role
from sendpath.assessments.models import (
    AdviceRequest,
    AssessmentRequest,
    Consultation,
    ConsultationResponse,
)
from sendpath.assessments.workflow import OPEN_STAGES, Stage
from sendpath.people.models import Child
from sendpath.people.selectors import visible_children


def visible_requests(user: Any) -> QuerySet[AssessmentRequest]:
    """Requests about children this user may see."""
    return AssessmentRequest.objects.filter(child__in=visible_children(user))


def coordinator_open_cases(user: User) -> QuerySet[AssessmentRequest]:
    """A coordinator's open assessments, the next legal deadline first."""
    return (
        AssessmentRequest.objects.filter(
            coordinator=user, stage__in=OPEN_STAGES, local_authority_id=user.local_authority_id
        )
        .select_related("child")
        .order_by("next_due", "received_on")
    )


def requests_for_child(child: Child) -> QuerySet[AssessmentRequest]:
    """A child's requests, newest first (the caller has been allowed to see the child)."""
    return child.requests.select_related("coordinator").order_by("-received_on")


def professional_advice_requests(user: User) -> QuerySet[AdviceRequest]:
    """Advice asked of this professional (or their service, while unassigned), by due date."""
    return (
        AdviceRequest.objects.filter(
            Q(professional=user) | Q(professional__isnull=True, service_id=user.service_id),
            received_on__isnull=True,
        )
        .select_related("request__child", "service")
        .order_by("due_on")
    )


def consultations_awaiting(user: User) -> QuerySet[Consultation]:
    """Consultations sent to a SENCO's setting that still need an answer."""
    return (
        Consultation.objects.filter(setting_id=user.setting_id, response=ConsultationResponse.AWAITING)
        .select_related("child")
        .order_by("due_on")
    )


def stage_counts(local_authority_id: int) -> dict[str, int]:
    """Open requests by stage, for the manager's overview."""
    rows = (
        AssessmentRequest.objects.filter(local_authority_id=local_authority_id, stage__in=OPEN_STAGES)
        .values("stage")
        .annotate(n=Count("pk"))
    )
    counts = {str(s): 0 for s in Stage if s in OPEN_STAGES}
    counts.update({r["stage"]: r["n"] for r in rows})
    return counts


def overdue_requests(local_authority_id: int, today: dt.date) -> QuerySet[AssessmentRequest]:
    """Open requests whose next legal deadline has passed."""
    return AssessmentRequest.objects.filter(
        local_authority_id=local_authority_id, stage__in=OPEN_STAGES, next_due__lt=today
    )


def workload(local_authority_id: int, today: dt.date) -> list[dict[str, Any]]:
    """Open cases and overdue cases per coordinator."""
    return list(
        User.objects.filter(local_authority_id=local_authority_id, role=Role.COORDINATOR)
        .annotate(
            open_cases=Count("assessment_cases", filter=Q(assessment_cases__stage__in=OPEN_STAGES)),
            overdue=Count(
                "assessment_cases",
                filter=Q(assessment_cases__stage__in=OPEN_STAGES, assessment_cases__next_due__lt=today),
            ),
        )
        .order_by("-open_cases")
        .values("pk", "full_name", "open_cases", "overdue")
    )


def decided_in_time(local_authority_id: int, since: dt.date, until: dt.date) -> tuple[int, int]:
    """Final plans issued in the period, and how many within 20 weeks: (within, all)."""
    issued = AssessmentRequest.objects.filter(
        local_authority_id=local_authority_id, final_issued_on__gte=since, final_issued_on__lte=until
    )
    total = issued.count()
    within = issued.filter(final_issued_on__lte=F("final_due")).count()
    return within, total
