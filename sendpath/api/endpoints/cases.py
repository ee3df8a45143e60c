"""EHC needs assessment cases and their statutory clocks.

The same people as the case page: the council's staff, and the child's own family.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Router, Schema

from sendpath.accounts.roles import FAMILY_ROLES, LA_ROLES
from sendpath.api.paging import page
from sendpath.api.problems import ERRORS, MAX_ID
from sendpath.assessments import selectors
from sendpath.assessments.models import AssessmentRequest
from sendpath.assessments.panel import clock_panel
from sendpath.assessments.workflow import Stage
from sendpath.audit.services import record_child_list, record_child_read
from sendpath.common.errors import DomainError
from sendpath.common.http import refuse_unseen

router = Router(tags=["Cases"])
CASE_ROLES = LA_ROLES | FAMILY_ROLES


class ClockOut(Schema):
    label: str
    citation: str
    due: dt.date
    status: str
    detail: str


class CaseSummaryOut(Schema):
    id: int
    reference: str
    child_id: int
    stage: str
    received_on: dt.date
    decision_due: dt.date
    no_plan_due: dt.date
    final_due: dt.date
    next_due: dt.date | None
    next_due_for: str
    final_issued_on: dt.date | None
    closed_on: dt.date | None


class CaseOut(CaseSummaryOut):
    clocks: list[ClockOut]


def _allowed(request: HttpRequest) -> None:
    if getattr(request.user, "role", None) not in CASE_ROLES:
        raise PermissionDenied("Your role does not use assessment cases.")


@router.get("/cases", response={200: list[CaseSummaryOut], **ERRORS}, summary="Assessment cases you may see")
def list_cases(request: HttpRequest, stage: str = "", limit: int = 50, offset: int = 0) -> Any:
    """Cases, oldest request first; ``stage`` narrows to one stage of the process."""
    _allowed(request)
    cases = selectors.visible_requests(request.user).order_by("received_on", "pk")
    if stage:
        if stage not in Stage.values:
            raise DomainError(f"stage must be one of: {', '.join(Stage.values)}", field="stage")
        cases = cases.filter(stage=stage)
    found = page(cases, limit, offset)
    record_child_list(request, sorted({c.child_id for c in found}), "API cases list")
    return found


@router.get(
    "/cases/{case_id}", response={200: CaseOut, **ERRORS}, summary="One case, with every statutory clock"
)
def get_case(request: HttpRequest, case_id: int = Path(..., ge=0, le=MAX_ID)) -> Any:
    """The case and its clocks: met, due, at risk, breached, exception applies, or ended."""
    _allowed(request)
    case: AssessmentRequest | None = selectors.case_for(request.user, case_id)
    if case is None:
        refuse_unseen(request, AssessmentRequest, case_id)
    record_child_read(request, case.child, "API assessment case", obj=case)
    advice = selectors.advice_for_case(case)
    case.clocks = clock_panel(case, advice, list(case.exceptions.all()), timezone.localdate())
    return case
