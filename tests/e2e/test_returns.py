"""The SEN2 return in Chromium: the data officer builds it, follows its progress, reads the
figures and the problems found, follows a link to fix one, and downloads the XML; a manager
reads the figures. axe runs on each page at desktop and 375 px; pages fit 320 px."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import time_machine

from sendpath.accounts.roles import Role
from sendpath.accounts.services import create_account
from sendpath.audit.models import AuditAction, AuditEvent
from sendpath.demo.generator import DEMO_PASSWORD
from sendpath.returns.models import ReturnRun, RunStatus
from sendpath.returns.tests import area as golden_area
from tests.e2e.conftest import DESKTOP, PHONE, check_accessibility, check_fits, one_h1
from tests.e2e.test_whole_path import KEY, moment, sign_in


@pytest.fixture
def area(transactional_db: Any, settings: Any, tmp_path: Path) -> Any:
    settings.SEN2_RUN_MODE = "inline"  # the run's thread shares the test database
    settings.SEN2_OUTPUT_DIR = tmp_path
    built = golden_area.build()
    child = built.children[0]
    child.upn, child.upn_unknown = "", ""  # one error to fix: V-06
    child.save()
    built.missing = child

    def account(role: Role, email: str, name: str) -> Any:
        return create_account(
            email=email,
            full_name=name,
            role=role,
            password=DEMO_PASSWORD,
            totp_key=KEY,
            local_authority=built.la,
        )

    built.data = account(Role.DATA_OFFICER, "sam@example.org", "Sam Data")
    built.manager = account(Role.MANAGER, "mo@example.org", "Mo Manager")
    return built


def sizes(page: Any, where: str, phone_width: int = 375) -> None:
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.wait_for_load_state()
        one_h1(page, where)
        check_accessibility(page, f"{where} at {size['width']} px")
        if size is PHONE:
            check_fits(page, where)
            page.set_viewport_size({"width": 320, "height": 700})
            check_fits(page, f"{where} at 320 px")
    page.set_viewport_size(DESKTOP)


def test_a_data_officer_builds_checks_and_downloads_the_return(
    area: Any, live_server: Any, page: Any
) -> None:
    base = live_server.url
    with time_machine.travel(moment(dt.date(2026, 1, 20)), tick=True):
        sign_in(page, base, area.data)
        page.get_by_role("link", name="SEN2 return").first.click()
        page.wait_for_url(re.compile(r"/returns/sen2/$"))
        sizes(page, "the SEN2 start page")
        page.get_by_role("group", name=re.compile("Designated Clinical Officer")).get_by_label(
            "Recruitment in progress"
        ).check()
        page.get_by_role("button", name="Build the return").click()
        page.wait_for_url(re.compile(r"/returns/sen2/runs/\d+/$"))
        run = ReturnRun.objects.get()
        # While it runs the page says how far it has got and refreshes itself (no script).
        if not ReturnRun.objects.get(pk=run.pk).is_finished:
            assert page.locator('meta[http-equiv="refresh"]').count() <= 1
        page.get_by_text("People in the return").wait_for(timeout=60_000)
        run.refresh_from_db()
        assert run.status == RunStatus.DONE and run.dco == "R"
        sizes(page, "the SEN2 figures and findings")
        assert page.locator('meta[http-equiv="refresh"]').count() == 0
        table = page.get_by_role("region", name="Records per module (scrolls sideways)")
        assert "Requests for assessment" in table.inner_text()
        page.get_by_text(re.compile(r"V-06 \(error\)")).click()
        problem = page.get_by_role("link", name=re.compile(r"Fix V-06 problem 1"))
        with page.expect_download() as download:
            page.get_by_role("link", name="Download the XML").click()
        saved = Path(download.value.path())
        assert saved.read_text().startswith("<?xml") and "<DCO>R</DCO>" in saved.read_text()
        assert AuditEvent.objects.filter(action=AuditAction.EXPORT, user=area.data).count() == 1
        problem.click()
        page.wait_for_url(re.compile(rf"/children/{area.missing.pk}/edit/$"))
        one_h1(page, "the child's details, to fix the UPN")


def test_a_manager_reads_the_figures(area: Any, live_server: Any, page: Any) -> None:
    from django.core.management import call_command

    base = live_server.url
    with time_machine.travel(moment(dt.date(2026, 1, 20)), tick=True):
        run = ReturnRun.objects.create(
            local_authority=area.la, year=2026, reference_date=dt.date(2026, 1, 15)
        )
        call_command("sen2_export", "--run-id", str(run.pk), "--quiet")
        sign_in(page, base, area.manager)
        page.goto(f"{base}/returns/sen2/")
        sizes(page, "the SEN2 page for a manager")
        assert page.get_by_role("button", name="Build the return").count() == 0
        page.get_by_role("link", name=re.compile("SEN2 2026")).click()
        page.wait_for_url(re.compile(r"/returns/sen2/runs/\d+/$"))
        sizes(page, "the SEN2 figures for a manager")
        assert page.get_by_role("link", name="Download the XML").count() == 0
