"""The import page: upload, the run's report (paginated and as CSV), and who may see what."""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sendpath.audit.models import AuditAction, AuditEvent
from sendpath.imports.models import ImportRun, RunStatus
from sendpath.imports.tests.conftest import export_for
from sendpath.people.models import Child
from tests import factories as f
from tests.helpers import new_client, sign_in

pytestmark = pytest.mark.django_db


def _upload(area: SimpleNamespace, files: list[tuple[str, bytes]], only_valid: bool = False):  # noqa: ANN202
    client = sign_in(new_client(), area.officer)
    data = {"files": [SimpleUploadedFile(name, content) for name, content in files]}
    if only_valid:
        data["only_valid"] = "yes"
    return client, client.post("/imports/", data)


def test_the_page_shows_the_form_and_the_column_layout(area: SimpleNamespace) -> None:
    client = sign_in(new_client(), area.officer)
    page = client.get("/imports/").content.decode()
    assert "Import from a legacy system" in page
    for column in (
        "person_id",
        "request_outcome_date",
        "assessment_outcome",
        "sen_type_rank",
        "leaving_date",
    ):
        assert f"<code>{column}</code>" in page
    assert "Nothing has been imported yet." in page


def test_uploading_a_good_export_loads_it_and_shows_the_counts(area: SimpleNamespace) -> None:
    export = export_for(area, 200)
    client, response = _upload(area, [export.zip_file()])
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{run.pk}/"
    assert (run.status, run.rows_loaded, run.started_by, run.source) == (
        RunStatus.LOADED,
        200,
        area.officer,
        "page",
    )
    page = client.get(f"/imports/{run.pk}/").content.decode()
    assert f"Import {run.pk}: loaded" in page
    assert "200 of 200 rows were loaded." in page
    assert "No rows or files were rejected." in page
    assert AuditEvent.objects.filter(object_id=str(run.pk), action=AuditAction.VIEW).count() == 1
    home = client.get("/").content.decode()
    assert f"import {run.pk}</a>" in home


def test_a_workbook_with_bad_rows_loads_nothing_and_lists_them_page_by_page(area: SimpleNamespace) -> None:
    export = export_for(area, 1_000, 0.1)
    children = Child.objects.count()
    client, response = _upload(area, [export.workbook()])
    run = ImportRun.objects.get()
    assert run.status == RunStatus.REFUSED and Child.objects.count() == children
    assert run.rows_rejected == 100 and len(run.report) > 50
    first = client.get(response["Location"]).content.decode()
    assert "Nothing was loaded" in first
    assert f"Problems 1 to 50 of {len(run.report)}" in first
    second = client.get(f"/imports/{run.pk}/?page=2").content.decode()
    assert "Problems 51 to" in second
    assert "legacy.xlsx: persons" in first + second

    download = client.get(f"/imports/{run.pk}/report.csv")
    assert download["Content-Type"].startswith("text/csv")
    assert download["Content-Disposition"] == f'attachment; filename="import-{run.pk}-report.csv"'
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0] == ["file", "line", "column", "reason"] and len(rows) == len(run.report) + 1
    assert AuditEvent.objects.filter(object_id=str(run.pk), action=AuditAction.EXPORT).exists()


def test_only_valid_rows_can_be_chosen_on_the_page(area: SimpleNamespace) -> None:
    export = export_for(area, 300, 0.1)
    _, response = _upload(area, export.csv_files(), only_valid=True)
    run = ImportRun.objects.get()
    assert (run.status, run.only_valid, run.rows_loaded, run.rows_rejected) == (
        RunStatus.LOADED,
        True,
        270,
        30,
    )


def test_files_that_are_not_csv_or_excel_are_refused_with_a_message(area: SimpleNamespace) -> None:
    client, response = _upload(area, [("scan.pdf", b"%PDF-1.7\n"), ("empty.csv", b"")])
    assert response.status_code == 400
    page = response.content.decode()
    assert "scan.pdf must be a CSV file, a zip of CSV files or an Excel workbook (.xlsx)" in page
    assert "empty.csv is empty" in page
    assert ImportRun.objects.count() == 0
    response = sign_in(new_client(), area.officer).post("/imports/", {})
    assert "Choose the files to import" in response.content.decode()


def test_another_authoritys_run_is_not_found(area: SimpleNamespace) -> None:
    export = export_for(area, 50)
    _upload(area, export.csv_files())
    run = ImportRun.objects.get()
    other = sign_in(new_client(), f.DataOfficerFactory())
    assert other.get(f"/imports/{run.pk}/").status_code == 404
    assert other.get(f"/imports/{run.pk}/report.csv").status_code == 404
    assert f"Import {run.pk}" not in other.get("/imports/").content.decode()
    coordinator = sign_in(new_client(), f.CoordinatorFactory(local_authority=area.la))
    assert coordinator.get(f"/imports/{run.pk}/").status_code == 403


def test_a_failed_run_says_nothing_was_loaded_and_why(area: SimpleNamespace) -> None:
    run = ImportRun.objects.create(
        local_authority=area.la,
        started_by=area.officer,
        source="page",
        file_names=["persons.csv"],
        status=RunStatus.FAILED,
        rows_read=10,
        rows_rejected=0,
        counts={"persons": {"read": 10, "loaded": 0, "rejected": 0}},
        error="IntegrityError: UNIQUE constraint failed",
    )
    page = sign_in(new_client(), area.officer).get(f"/imports/{run.pk}/").content.decode()
    assert "The import stopped part-way and nothing was loaded" in page
    assert "Why it stopped" in page and "IntegrityError: UNIQUE constraint failed" in page
    assert "No rows or files were rejected." in page
