"""Reading assessment cases, advice requests and consultations, scoped to the user."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

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


def case_for(user: Any, pk: int) -> AssessmentRequest | None:
    """One case, if the user may see its child; None otherwise."""
    return (
        visible_requests(user)
        .select_related(
            "child", "child__setting", "coordinator", "named_setting", "local_authority", "updated_by"
        )
        .filter(pk=pk)
        .first()
    )


def advice_for_case(case: AssessmentRequest) -> list[AdviceRequest]:
    return list(
        case.advice_requests.select_related("service", "setting", "professional").order_by("due_on", "pk")
    )


def timeline(case: AssessmentRequest) -> list[dict[str, Any]]:
    """Everything that happened on the case, oldest first, with who did it."""
    events: list[dict[str, Any]] = []
    for change in case.stage_changes.select_related("by"):
        events.append(
            {
                "on": change.on,
                "text": change.get_to_stage_display(),
                "note": change.note,
                "who": change.by.full_name if change.by else "",
                "order": 0,
            }
        )
    for a in case.advice_requests.select_related("service", "setting", "professional"):
        source = a.service.name if a.service_id else (a.setting.name if a.setting_id else "the family")
        events.append(
            {
                "on": a.requested_on,
                "text": f"Asked {source} for {a.get_kind_display().lower()}",
                "note": f"Due {a.due_on.day} {a.due_on:%B %Y}",
                "who": "",
                "order": 1,
            }
        )
        if a.received_on:
            events.append(
                {
                    "on": a.received_on,
                    "text": f"{a.get_kind_display()} received from {source}",
                    "note": "",
                    "who": a.professional.full_name if a.professional_id else "",
                    "order": 2,
                }
            )
    for c in case.consultations.select_related("setting", "responded_by"):
        events.append(
            {"on": c.sent_on, "text": f"Consulted {c.setting.name}", "note": "", "who": "", "order": 1}
        )
        if c.responded_on:
            events.append(
                {
                    "on": c.responded_on,
                    "text": f"{c.setting.name}: {c.get_response_display().lower()}",
                    "note": c.reason,
                    "who": c.responded_by.full_name if c.responded_by else "",
                    "order": 2,
                }
            )
    for e in case.exceptions.select_related("recorded_by"):
        events.append(
            {
                "on": e.start_on,
                "text": f"Exception: {e.get_kind_display()}",
                "note": f"Until {e.end_on.day} {e.end_on:%B %Y}",
                "who": e.recorded_by.full_name if e.recorded_by else "",
                "order": 3,
            }
        )
    for v in case.contributions.select_related("author"):
        events.append(
            {
                "on": timezone.localtime(v.created_at).date(),
                "text": "The family added their views",
                "note": "",
                "who": v.author.full_name if v.author else "",
                "order": 3,
            }
        )
    for d in case.documents.select_related("uploaded_by"):
        events.append(
            {
                "on": timezone.localtime(d.uploaded_at).date(),
                "text": f"Document added: {d.title}",
                "note": "",
                "who": d.uploaded_by.full_name if d.uploaded_by else "",
                "order": 3,
            }
        )
    events.sort(key=lambda e: (e["on"], e["order"]))
    return events


def open_requests_for_child(case: AssessmentRequest) -> QuerySet[AssessmentRequest]:
    """Other open requests for the same child: a possible duplicate to flag."""
    return case.child.requests.filter(stage__in=OPEN_STAGES).exclude(pk=case.pk)


AT_RISK_WITHIN = 14  # "at risk": the next legal deadline is within two weeks


def caseload(
    user: User,
    today: dt.date,
    *,
    stage: str = "",
    setting: str = "",
    need: str = "",
    coordinator: str = "me",
    state: str = "",
    query: str = "",
) -> QuerySet[AssessmentRequest]:
    """Open cases in the user's local authority, the next legal deadline first, filtered.

    ``coordinator`` is "me" (the default for a coordinator), "all", "none" (unassigned) or a
    user id. ``state`` is "breached" or "at_risk". One indexed query, whatever the filters.
    """
    cases = AssessmentRequest.objects.filter(
        local_authority_id=user.local_authority_id, stage__in=OPEN_STAGES
    )
    if coordinator == "me":
        cases = cases.filter(coordinator_id=user.pk)
    elif coordinator == "none":
        cases = cases.filter(coordinator__isnull=True)
    elif coordinator.isdigit():
        cases = cases.filter(coordinator_id=int(coordinator))
    if stage in {str(s) for s in OPEN_STAGES}:
        cases = cases.filter(stage=stage)
    if setting.isdigit():
        cases = cases.filter(child__setting_id=int(setting))
    if need:
        cases = cases.filter(primary_need=need)
    if state == "breached":
        cases = cases.filter(next_due__lt=today)
    elif state == "breached_this_month":
        cases = cases.filter(next_due__lt=today, next_due__gte=today.replace(day=1))
    elif state == "at_risk":
        cases = cases.filter(next_due__gte=today, next_due__lte=today + dt.timedelta(days=AT_RISK_WITHIN))
    elif state == "advice_late":
        late = AdviceRequest.objects.filter(received_on__isnull=True, due_on__lt=today).values("request_id")
        cases = cases.filter(pk__in=late)
    query = query.strip()
    if query:
        compact = query.replace(" ", "").upper()
        words = query.split()
        terms = Q(reference__iexact=query) | Q(child__upn=compact)
        if len(words) >= 2:
            terms |= Q(child__first_name__istartswith=words[0], child__last_name__istartswith=words[-1])
        else:
            terms |= Q(child__last_name__istartswith=words[0]) | Q(child__first_name__istartswith=words[0])
        cases = cases.filter(terms)
    return cases.select_related("child", "child__setting", "coordinator").order_by(
        "next_due", "received_on", "pk"
    )


def at_risk_requests(local_authority_id: int, today: dt.date) -> QuerySet[AssessmentRequest]:
    """Open requests whose next legal deadline falls in the next two weeks."""
    return AssessmentRequest.objects.filter(
        local_authority_id=local_authority_id,
        stage__in=OPEN_STAGES,
        next_due__gte=today,
        next_due__lte=today + dt.timedelta(days=AT_RISK_WITHIN),
    )


def late_advice_by_service(user: User, today: dt.date) -> list[dict[str, Any]]:
    """How many advice reports each service owes on this coordinator's open cases."""
    rows = (
        AdviceRequest.objects.filter(
            request__coordinator=user,
            request__stage__in=OPEN_STAGES,
            received_on__isnull=True,
            due_on__lt=today,
        )
        .values("service__name", "setting__name")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    return [{"who": r["service__name"] or r["setting__name"] or "The family", "n": r["n"]} for r in rows]


def settings_with_open_cases(user: User, coordinator: str) -> list[tuple[int, str]]:
    """The settings worth offering in the caseload's filter: those with an open case in the
    list being filtered (a county has nearly a thousand settings; a coordinator's cases
    touch a few dozen)."""
    cases = caseload(user, timezone.localdate(), coordinator=coordinator).filter(child__setting__isnull=False)
    rows = cases.order_by().values_list("child__setting_id", "child__setting__name").distinct()
    return sorted(rows, key=lambda r: r[1])


def setting_advice_requests(user: User) -> QuerySet[AdviceRequest]:
    """Educational advice asked of a SENCO's setting and not yet given, by due date."""
    return (
        AdviceRequest.objects.filter(setting_id=user.setting_id, received_on__isnull=True)
        .select_related("request__child")
        .order_by("due_on")
    )
