"""The scrutiny dashboard, its CSV downloads, and changing the targets.

Managers and councillors only. Councillors always get the suppressed figures (they see
aggregates only, with small numbers hidden by the project's one rule); managers see exact
figures and can switch to the councillors' version (``?view=councillor``) to check what the
committee will see. Nothing here shows a child, so there is no child audit; CSV downloads
are recorded as exports.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sendpath.accounts.decorators import roles_only
from sendpath.accounts.roles import Role
from sendpath.audit.models import AuditAction
from sendpath.audit.services import record
from sendpath.common.errors import DomainError, StaleRecord
from sendpath.common.forms import govuk_error_summary
from sendpath.figures import selectors, services
from sendpath.figures.forms import TargetForm

SCRUTINY_ROLES = (Role.MANAGER, Role.COUNCILLOR)


def _wants_public(request: HttpRequest) -> bool:
    return request.user.role == Role.COUNCILLOR or request.GET.get("view") == "councillor"


@roles_only(SCRUTINY_ROLES)
def scrutiny(request: HttpRequest) -> HttpResponse:
    public = _wants_public(request)
    page = selectors.scrutiny_page(request.user, timezone.localdate(), public=public)
    return render(request, "figures/scrutiny.html", {**page, "public": public})


@roles_only(SCRUTINY_ROLES)
def scrutiny_csv(request: HttpRequest, table: str) -> HttpResponse:
    public = _wants_public(request)
    page = selectors.scrutiny_page(request.user, timezone.localdate(), public=public)
    section = next((s for s in page["sections"] if s.key == table), None)
    if section is None:
        raise Http404("No such table")
    record(
        user=request.user,
        action=AuditAction.EXPORT,
        object_type="figures.scrutiny",
        object_id=table,
        local_authority_id=request.user.local_authority_id,
        summary=f"Downloaded the scrutiny table {table} ({'suppressed' if public else 'exact'})",
        request=request,
    )
    response = HttpResponse(section.table.csv_text(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="scrutiny-{table}-{page["today"]:%Y-%m-%d}.csv"'
    return response


@roles_only([Role.MANAGER])
def edit_target(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.target_for(request.user, pk)
    if target is None:
        raise Http404("No such target")
    initial: dict[str, Any] = {
        f: getattr(target, f)
        for f in (
            "version",
            "name",
            "baseline_label",
            "baseline_start",
            "baseline_end",
            "baseline_value",
            "kind",
            "change",
            "due_on",
            "source",
        )
    }
    form = TargetForm(request.POST or None, initial=initial)
    errors = None
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_target(
                    user=request.user,
                    target=target,
                    version=form.cleaned_data["version"],
                    data=form.cleaned_data,
                )
            except StaleRecord as exc:
                form.add_error(None, exc.message)
                form.data = form.data.copy()
                form.data["version"] = str(exc.current_version)
            except DomainError as exc:
                for field, message in exc.errors.items():
                    form.add_error(field, message)
            else:
                return redirect("figures:scrutiny")
        errors = govuk_error_summary(form)
    return render(request, "figures/target.html", {"form": form, "target": target, "errors": errors})


DFE_ROLES = (Role.MANAGER, Role.DATA_OFFICER, Role.COUNCILLOR)
FIRST_YEAR = 2014  # the first year of EHC plans (Children and Families Act 2014)


def _year(request: HttpRequest) -> tuple[int, dict[str, Any] | None]:
    """The calendar year asked for (default: last year), or last year and an error."""
    this_year = timezone.localdate().year
    default = this_year - 1
    raw = request.GET.get("year", "").strip()
    if not raw:
        return default, None
    if raw.isdigit() and FIRST_YEAR <= int(raw) <= this_year:
        return int(raw), None
    message = f"Choose a year from {FIRST_YEAR} to {this_year}"
    return default, {"titleText": "There is a problem", "errorList": [{"text": message, "href": "#year"}]}


def _dfe(request: HttpRequest) -> dict[str, Any]:
    from sendpath.figures import report

    year, errors = _year(request)
    public = request.user.role == Role.COUNCILLOR
    result = selectors.figures_for_year(request.user.local_authority, year)
    publication = report.publish(result, public=public)
    return {
        "year": year,
        "errors": errors,
        "public": public,
        "result": result,
        "census": dt.date.fromisoformat(result["census_day"]),
        "tables": list(publication.tables.values()),
        "footnotes": publication.rule.footnotes(),
        "years": list(range(timezone.localdate().year, FIRST_YEAR - 1, -1)),
    }


@roles_only(DFE_ROLES)
def dfe_figures(request: HttpRequest) -> HttpResponse:
    """DfE's figures for a calendar year from our records, beside England's and the
    authority's own published figures."""
    return render(request, "figures/dfe.html", _dfe(request))


@roles_only(DFE_ROLES)
def dfe_csv(request: HttpRequest, table: str) -> HttpResponse:
    page = _dfe(request)
    found = next((t for t in page["tables"] if t.key == table), None)
    if found is None:
        raise Http404("No such table")
    record(
        user=request.user,
        action=AuditAction.EXPORT,
        object_type="figures.dfe",
        object_id=f"{page['year']}:{table}",
        local_authority_id=request.user.local_authority_id,
        summary=f"Downloaded DfE figures {table} for {page['year']} "
        f"({'suppressed' if page['public'] else 'exact'})",
        request=request,
    )
    response = HttpResponse(found.csv_text(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dfe-figures-{page["year"]}-{table}.csv"'
    return response
