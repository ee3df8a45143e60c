"""Phase transfers in Chromium: each phase's list, including infant to junior, and a planned
mid-year post-16 move recorded from the young person's plan. axe runs on every page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine

from sendpath.accounts.roles import Role
from sendpath.accounts.services import create_account
from sendpath.demo.generator import DEMO_PASSWORD
from sendpath.plans.models import PlanVersion, VersionStatus
from tests import factories as f
from tests.e2e.conftest import PHONE
from tests.e2e.test_whole_path import KEY, checked, fill_date, moment, sign_in


@pytest.fixture
def area(transactional_db: Any) -> dict[str, Any]:
    la = f.LocalAuthorityFactory(name="Riverside Council")
    infant = f.SettingFactory(local_authority=la, name="Brook Infant School")
    college = f.SettingFactory(local_authority=la, name="Riverside College")
    f.SettingFactory(local_authority=la, name="Hill College")
    f.PlanFactory(
        child=f.ChildFactory(
            local_authority=la, setting=infant, first_name="Ines", date_of_birth=dt.date(2019, 10, 1)
        )
    )
    student = f.ChildFactory(
        local_authority=la,
        setting=college,
        first_name="Mo",
        last_name="Okafor",
        date_of_birth=dt.date(2008, 5, 1),
    )
    plan = f.PlanFactory(child=student, first_issued_on=dt.date(2026, 5, 1))
    PlanVersion.objects.create(
        plan=plan, number=1, status=VersionStatus.ISSUED, issued_on=plan.first_issued_on
    )
    coordinator = create_account(
        email="amira@example.org",
        full_name="Amira Khan",
        role=Role.COORDINATOR,
        password=DEMO_PASSWORD,
        totp_key=KEY,
        local_authority=la,
    )
    return {"plan": plan, "coordinator": coordinator}


def test_phase_transfers_and_a_mid_year_move(area: dict[str, Any], live_server: Any, page: Any) -> None:
    base, plan = live_server.url, area["plan"]
    with time_machine.travel(moment(dt.date(2027, 1, 10)), tick=True):
        sign_in(page, base, area["coordinator"])
        page.goto(f"{base}/reviews/phase-transfers/")
        checked(page, "phase transfers")
        page.get_by_role("link", name="Infant to junior (Year 3)").click()
        checked(page, "infant to junior")
        assert "Ines" in page.locator("main").inner_text()
        page.goto(f"{base}/plans/{plan.pk}/")
        page.get_by_role("link", name="Record a planned post-16 move").click()
        checked(page, "the planned move form")
        fill_date(page, "Date of the move", dt.date(2027, 7, 29))
        page.get_by_label("New school or college (if known)").select_option(label="Hill College")
        page.get_by_role("button", name="Record the move").click()
        page.wait_for_url(re.compile(r"phase=post16_mid_year"))
        checked(page, "post-16 moves at other times")
        body = page.locator("main").inner_text()
        assert "28 Feb 2027" in body and "Hill College" in body
        page.set_viewport_size(PHONE)
        checked(page, "post-16 moves at other times on a phone")
    assert not page.problems  # type: ignore[attr-defined]
