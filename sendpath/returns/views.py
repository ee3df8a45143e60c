"""The data officer's SEN2 pages: start a run, follow it, read its figures and findings, and
download the file. Thin: the work is in ``runs``; reads go through ``selectors``."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sendpath.accounts.decorators import roles_only
from sendpath.accounts.roles import Role
from sendpath.audit.models import AuditAction
from sendpath.audit.services import record
from sendpath.common.errors import DomainError
from sendpath.common.forms import govuk_error_summary
from sendpath.returns import figures, runs, selectors
from sendpath.returns.collect import NOT_RECORDED
from sendpath.returns.collection import collection
from sendpath.returns.forms import StartForm
from sendpath.returns.models import ReturnRun

VIEWERS = (Role.DATA_OFFICER, Role.MANAGER)
REFRESH_SECONDS = 3


def _years() -> list[int]:
    this = timezone.localdate().year
    # In January the return due is this year's; later in the year, next January's comes next.
    first = this if timezone.localdate().month <= 3 else this + 1
    return [y for y in (first, first - 1, first - 2) if y >= runs.FIRST_YEAR]


@roles_only(VIEWERS)
def home(request: HttpRequest) -> HttpResponse:
    """Start a run (data officers) and see the runs so far."""
    years = _years()
    form = StartForm(
        request.POST or None, years=years, initial={"year": years[0], "dmo": "Y", "dco": "Y", "dsco": "Y"}
    )
    if request.method == "POST":
        if request.user.role != Role.DATA_OFFICER:
            raise PermissionDenied("Only data officers build the SEN2 return.")
        if form.is_valid():
            try:
                run = runs.start(user=request.user, request=request, **form.cleaned_data)
            except DomainError as exc:
                for field, message in exc.errors.items():
                    form.add_error(field if field in form.fields else None, message)
            else:
                runs.launch(run)
                return redirect("returns:run", pk=run.pk)
    return render(
        request,
        "returns/home.html",
        {
            "form": form,
            "errors": govuk_error_summary(form),
            "runs": list(selectors.runs_for(request.user).select_related("started_by")[:20]),
            "may_start": request.user.role == Role.DATA_OFFICER,
            "census": {y: collection(y).census for y in years},
        },
    )


def _run_or_404(request: HttpRequest, pk: int) -> ReturnRun:
    run = selectors.run_for(request.user, pk)
    if run is None:
        raise Http404("No such run")
    return run


@roles_only(VIEWERS)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress while it runs; then the figures beside last year's, and the findings."""
    run = _run_or_404(request, pk)
    if run.is_finished:
        record(
            user=request.user,
            action=AuditAction.VIEW,
            obj=run,
            local_authority_id=run.local_authority_id,
            summary=f"Viewed the SEN2 {run.year} figures and findings",
            request=request,
        )
    findings = sorted(run.findings.items(), key=lambda kv: (kv[1]["severity"] != "error", kv[0]))
    return render(
        request,
        "returns/run.html",
        {
            "run": run,
            "refresh": None if run.is_finished else REFRESH_SECONDS,
            "c": collection(run.year, run.reference_date),
            "modules": figures.module_rows(run.counts, run.previous_counts),
            "codes": figures.code_tables(run.counts, run.previous_counts),
            "has_previous": bool(run.previous_counts.get("modules")),
            "first_year": runs.FIRST_YEAR,
            "findings": findings,
            "not_recorded": NOT_RECORDED,
            "may_download": request.user.role == Role.DATA_OFFICER,
        },
    )


@roles_only([Role.DATA_OFFICER])
def download(request: HttpRequest, pk: int) -> HttpResponse:
    """The XML file. Every download is audited: it holds every child in the return."""
    run = _run_or_404(request, pk)
    path = Path(run.file_path) if run.file_path else None
    if not run.is_finished or path is None or not path.exists():
        raise Http404("The file is not ready")
    record(
        user=request.user,
        action=AuditAction.EXPORT,
        obj=run,
        local_authority_id=run.local_authority_id,
        summary=f"Downloaded the SEN2 {run.year} return ({run.persons} people)",
        changes={"file": path.name, "bytes": run.file_size},
        request=request,
    )
    name = f"SEN2_{run.year}_{run.local_authority.code}_{run.pk}.xml"
    return FileResponse(open(path, "rb"), as_attachment=True, filename=name, content_type="application/xml")  # noqa: SIM115
