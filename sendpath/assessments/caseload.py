"""The caseload: open cases sorted by the next legal deadline, with filters and search.

A coordinator sees their own cases by default; a manager sees everyone's. Each count on the
manager's home page links here with the filter that reproduces it.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sendpath.accounts.decorators import roles_only
from sendpath.accounts.models import User
from sendpath.accounts.roles import Role
from sendpath.assessments.clocks import next_limit
from sendpath.assessments.selectors import caseload, settings_with_open_cases
from sendpath.assessments.workflow import OPEN_STAGES, Stage
from sendpath.audit.services import record_child_list
from sendpath.common.deadlines import due_state
from sendpath.plans.codes import NeedType

CASELOAD_ROLES = {Role.COORDINATOR, Role.MANAGER, Role.DATA_OFFICER}
STATES = {
    "breached": "Past a legal deadline",
    "breached_this_month": "Missed a deadline this month",
    "at_risk": "Deadline in the next 2 weeks",
    "advice_late": "Advice late",
}


@roles_only(CASELOAD_ROLES)
def caseload_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    today = timezone.localdate()
    default_coordinator = "me" if user.role == Role.COORDINATOR else "all"
    filters = {
        "stage": request.GET.get("stage", ""),
        "setting": request.GET.get("setting", ""),
        "need": request.GET.get("need", ""),
        "coordinator": request.GET.get("coordinator", default_coordinator),
        "state": request.GET.get("state", ""),
        "query": request.GET.get("q", "")[:100],
    }
    page = Paginator(caseload(user, today, **filters), 50).get_page(request.GET.get("page"))
    rows = [
        {"case": c, "limit": next_limit(c), "state": due_state(c.next_due, today)} for c in page.object_list
    ]
    record_child_list(request, [c.child_id for c in page.object_list], "Caseload")
    coordinators = User.objects.filter(
        local_authority_id=user.local_authority_id, role__in=[Role.COORDINATOR, Role.MANAGER]
    ).order_by("full_name")
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "assessments/caseload.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "stages": [(str(s), s.label) for s in Stage if s in OPEN_STAGES],
            "settings": settings_with_open_cases(user, filters["coordinator"]),
            "needs": NeedType.choices,
            "coordinators": [(str(c.pk), c.full_name) for c in coordinators],
            "states": list(STATES.items()),
            "query_string": query_string.urlencode(),
        },
    )
