"""The authority's performance figures, as DfE defines them, for one calendar year.

Aggregates only. The council's staff read them whole; they are the same figures the
``sen2_figures`` command prints and the scrutiny dashboard shows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Path, Router

from sendpath.accounts.roles import LA_ROLES
from sendpath.api.problems import ERRORS
from sendpath.audit.models import AuditAction
from sendpath.audit.services import record
from sendpath.common.errors import DomainError

router = Router(tags=["Figures"])
FIRST_YEAR = 2014  # the first year of EHC plans (Children and Families Act 2014)


@router.get(
    "/figures/{year}", response={200: dict[str, Any], **ERRORS}, summary="DfE's figures for a calendar year"
)
def get_figures(request: HttpRequest, year: int = Path(..., ge=FIRST_YEAR, le=2100)) -> Any:
    """Requests, assessments, plans issued and their timeliness, reviews, ceased plans and the
    January caseload, each rate with its numerator and denominator."""
    user = request.user
    if getattr(user, "role", None) not in LA_ROLES:
        raise PermissionDenied("Your role does not read the authority's figures here.")
    if not FIRST_YEAR <= year <= dt.date.today().year:
        raise DomainError(f"year must be from {FIRST_YEAR} to this year", field="year")
    from sendpath.figures.selectors import figures_for_year

    figures = figures_for_year(user.local_authority, year)
    record(
        user=user,
        action=AuditAction.VIEW,
        object_type="figures",
        object_id=year,
        local_authority_id=user.local_authority_id,
        summary=f"API figures for {year}",
        request=request,
    )
    return figures
