"""Running a legacy import: read, check every row, write in one transaction, record the run.

WHY all-or-nothing by default: a legacy system's export is fixed and run again until it is
clean, and half an import is harder to put right than none. ``only_valid`` is the data
officer's choice to load what is good now and fix the rest later. Either way the import is
one database transaction, so one that dies midway (a database error, a clash with another
import) leaves the database as it was, and the run is recorded as failed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction
from django.http import HttpRequest
from django.utils import timezone

from sendpath.audit.models import AuditAction
from sendpath.audit.services import record
from sendpath.common.errors import DomainError
from sendpath.common.uploads import display_name, sniff
from sendpath.imports.models import ImportRun, RunStatus
from sendpath.imports.readers import kind_of, read_files
from sendpath.imports.report import Problem
from sendpath.imports.validation import validate
from sendpath.imports.writer import Progress, write
from sendpath.organisations.models import LocalAuthority

#: Legacy exports are bigger than the documents other pages take (100,000 rows of CSV are
#: about 8 MB), so the import page takes up to 50 MB a file.
MAX_IMPORT_SIZE = 50 * 1024 * 1024


def check_upload(upload: UploadedFile) -> tuple[str, bytes]:
    """The file's name and content, if it is a CSV file, a zip of them or a workbook,
    judged by content as every upload is; otherwise a message naming the file."""
    name = display_name(upload.name or "The file")
    if not upload.size:
        raise DomainError(f"{name} is empty: choose another file", field="files")
    if upload.size > MAX_IMPORT_SIZE:
        raise DomainError(
            f"{name} must be smaller than 50 MB: split it into one file per table", field="files"
        )
    document = sniff(upload)  # a PDF, Word file or image, whatever its name says
    upload.seek(0)
    data = upload.read()
    if document is not None or kind_of(data) is None:
        raise DomainError(
            f"{name} must be a CSV file, a zip of CSV files or an Excel workbook (.xlsx)", field="files"
        )
    return name, data


def _sorted(problems: list[Problem]) -> list[list[Any]]:
    return [p.as_list() for p in sorted(problems, key=lambda p: (p.file, p.line, p.column))]


def run_import(
    *,
    files: list[tuple[str, bytes]],
    local_authority: LocalAuthority,
    user: Any = None,
    only_valid: bool = False,
    source: str = "command",
    request: HttpRequest | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> ImportRun:
    """Import these files into ``local_authority`` and return the recorded run.

    A file that cannot be read at all (not CSV or Excel, an unknown table, a wrong header)
    stops the import even with ``only_valid``: nothing can be said about its rows.
    """
    today = today or timezone.localdate()
    read = read_files(files)
    batch = validate(read, local_authority, today)
    counts = batch.counts()
    file_problems = read.problems
    row_problems = batch.problems()
    # Files first; then rows table by table in the layout's order, each in line order.
    report = _sorted(file_problems) + [p.as_list() for p in row_problems]
    totals = {
        "rows_read": sum(c["read"] for c in counts.values()),
        "rows_rejected": sum(c["rejected"] for c in counts.values()),
    }
    base = {
        "local_authority": local_authority,
        "started_by": user if getattr(user, "is_authenticated", False) else None,
        "source": source,
        "file_names": [name for name, _ in files],
        "only_valid": only_valid,
        "counts": counts,
        "report": report,
        **totals,
    }
    if file_problems or (row_problems and not only_valid):
        run = ImportRun.objects.create(status=RunStatus.REFUSED, finished_at=timezone.now(), **base)
        _audit(run, user, request, [])
        return run
    try:
        with transaction.atomic():
            run = ImportRun.objects.create(status=RunStatus.LOADED, **base)
            made = write(batch, local_authority, run, progress)
            run.rows_loaded = totals["rows_read"] - totals["rows_rejected"]
            run.finished_at = timezone.now()
            run.save(update_fields=["rows_loaded", "finished_at"])
            _audit(run, user, request, made["children"])
    except DatabaseError as exc:
        for table in counts.values():
            table["loaded"] = 0
        run = ImportRun.objects.create(
            status=RunStatus.FAILED,
            finished_at=timezone.now(),
            error=f"{type(exc).__name__}: {exc}"[:2000],
            **base,
        )
        _audit(run, user, request, [])
    return run


def _audit(run: ImportRun, user: Any, request: HttpRequest | None, child_ids: list[int]) -> None:
    """One event for the run, holding the ids of every child record it made (as a list
    page's event holds the ids it showed)."""
    record(
        user=user,
        action=AuditAction.CREATE,
        obj=run,
        local_authority_id=run.local_authority_id,
        summary=f"Legacy import {run.get_status_display().lower()}: {run.rows_loaded} rows loaded, "
        f"{run.rows_rejected} rejected",
        changes={
            "files": run.file_names,
            "status": run.status,
            "only_valid": run.only_valid,
            "counts": run.counts,
            "child_ids": child_ids,
        },
        request=request,
    )
