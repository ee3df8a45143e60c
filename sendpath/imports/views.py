"""The data officer's legacy import: upload, see what was loaded and every rejected row.

Only data officers of the authority may use these pages (403 for any other role); a run of
another authority is 404. The import runs while the browser waits: about 20,000 rows take
well under a web server's request timeout (bench/imports.py). Larger exports go through the
``import_legacy`` command, and an import cut short writes nothing.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from sendpath.accounts.decorators import roles_only
from sendpath.accounts.roles import Role
from sendpath.audit.models import AuditAction
from sendpath.audit.services import record
from sendpath.common.errors import DomainError
from sendpath.imports import selectors
from sendpath.imports.layout import TABLES
from sendpath.imports.report import to_csv
from sendpath.imports.services import check_upload, run_import

IMPORTERS = (Role.DATA_OFFICER,)
PAGE_SIZE = 50


@roles_only(IMPORTERS)
def start(request: HttpRequest) -> HttpResponse:
    """Upload the files; below, the runs so far and the column layout."""
    errors = None
    only_valid = False
    if request.method == "POST":
        only_valid = request.POST.get("only_valid") == "yes"
        uploads = request.FILES.getlist("files")
        try:
            if not uploads:
                raise DomainError("Choose the files to import", field="files")
            files, problems = [], []
            for upload in uploads:
                try:
                    files.append(check_upload(upload))
                except DomainError as exc:
                    problems.append(exc.message)
            if problems:
                raise DomainError(". ".join(problems), field="files")
        except DomainError as exc:
            errors = {
                "titleText": "There is a problem",
                "errorList": [{"text": exc.message, "href": "#files"}],
            }
        else:
            run = run_import(
                files=files,
                local_authority=request.user.local_authority,  # type: ignore[union-attr]
                user=request.user,
                only_valid=only_valid,
                source="page",
                request=request,
            )
            return redirect("imports:run", pk=run.pk)
    runs = list(selectors.runs_for(request.user)[:20])
    return render(
        request,
        "imports/start.html",
        {"errors": errors, "only_valid": only_valid, "runs": runs, "tables": TABLES},
        status=400 if errors else 200,
    )


@roles_only(IMPORTERS)
def run(request: HttpRequest, pk: int) -> HttpResponse:
    """What one run did, table by table, and its rejected rows, 50 to a page."""
    import_run = selectors.run_for(request.user, pk)
    page = Paginator(import_run.report, PAGE_SIZE).get_page(request.GET.get("page"))
    record(
        user=request.user,
        action=AuditAction.VIEW,
        obj=import_run,
        local_authority_id=import_run.local_authority_id,
        summary="Import report",
        request=request,
    )
    return render(
        request,
        "imports/run.html",
        {
            "run": import_run,
            "page": page,
            "tables": TABLES,
            "csv_href": reverse("imports:report_csv", args=[pk]),
        },
    )


@roles_only(IMPORTERS)
def report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """Every problem of a run as CSV, to fix the legacy rows in a spreadsheet."""
    import_run = selectors.run_for(request.user, pk)
    record(
        user=request.user,
        action=AuditAction.EXPORT,
        obj=import_run,
        local_authority_id=import_run.local_authority_id,
        summary="Import report downloaded",
        request=request,
    )
    response = HttpResponse(to_csv(import_run.report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{pk}-report.csv"'
    return response
