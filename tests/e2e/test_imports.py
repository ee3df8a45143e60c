"""A data officer imports a legacy export with some bad rows: first refused, then the valid
rows loaded, the report read page by page; axe on each page, at desktop width and at 375
and 320 px."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sendpath.accounts.roles import Role
from sendpath.accounts.services import create_account
from sendpath.demo.generator import DEMO_PASSWORD
from sendpath.imports.models import ImportRun, RunStatus
from sendpath.imports.synthetic import legacy_export
from tests import factories as f
from tests.e2e.conftest import PHONE, check_fits
from tests.e2e.test_whole_path import KEY, checked, sign_in


@pytest.fixture
def officer(transactional_db: Any) -> Any:
    la = f.LocalAuthorityFactory(name="Riverside Council")
    settings = [f.SettingFactory(local_authority=la) for _ in range(3)]
    user = create_account(
        email="data@example.org",
        full_name="Priya Shah",
        role=Role.DATA_OFFICER,
        password=DEMO_PASSWORD,
        totp_key=KEY,
        local_authority=la,
    )
    user.urns = [s.urn for s in settings]
    return user


def test_a_data_officer_imports_a_legacy_export(
    officer: Any, live_server: Any, page: Any, tmp_path: Path
) -> None:
    base = live_server.url
    export = legacy_export(600, 0.1, 11, officer.urns)
    name, data = export.zip_file()
    upload = tmp_path / name
    upload.write_bytes(data)

    sign_in(page, base, officer)
    page.get_by_role("link", name="Legacy import").first.click()
    checked(page, "the import page")
    assert page.get_by_role("heading", name="Column layout").is_visible()

    # Without a file: the error summary says what to do.
    page.get_by_role("button", name="Check and import").click()
    checked(page, "the import page with an error")
    assert page.get_by_role("link", name="Choose the files to import").is_visible()

    # All or nothing: refused, with every bad row listed.
    page.get_by_label("Files to import").set_input_files(str(upload))
    page.get_by_role("button", name="Check and import").click()
    checked(page, "a refused import")
    refused = ImportRun.objects.get()
    assert refused.status == RunStatus.REFUSED
    assert page.get_by_text("Nothing was loaded, because some rows or files were rejected").is_visible()
    page.get_by_role("link", name="Next").click()
    checked(page, "the second page of problems")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download every problem as CSV").click()
    assert download.value.suggested_filename == f"import-{refused.pk}-report.csv"

    # Only the valid rows, on a phone.
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="All imports").click()
    checked(page, "the import page on a phone")
    page.get_by_label("Files to import").set_input_files(str(upload))
    page.get_by_label("Load the valid rows and report the rest").check()
    page.get_by_role("button", name="Check and import").click()
    checked(page, "a loaded import on a phone")
    loaded = ImportRun.objects.exclude(pk=refused.pk).get()
    assert (loaded.status, loaded.rows_loaded, loaded.rows_rejected) == (RunStatus.LOADED, 540, 60)
    assert page.get_by_text("540 of 600 rows were loaded.").is_visible()
    page.set_viewport_size({"width": 320, "height": 640})
    check_fits(page, "a loaded import at 320 px")

    page.goto(f"{base}/")
    checked(page, "the data officer's home")
    assert page.get_by_role("link", name=f"import {loaded.pk}").is_visible()
