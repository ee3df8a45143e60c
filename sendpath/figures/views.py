"""The scrutiny dashboard, its CSV downloads, and changing the targets.

Managers and councillors only. Councillors always get the suppressed figures (they see
aggregates only, with small numbers hidden by the project's one rule); managers see exact
figures and can switch to the councillors' version (``?view=councillor``) to check what the
committee will see. Nothing here shows a child, so there is no child audit; CSV downloads
are recorded as exports.
"""

from __future__ import annotations

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
