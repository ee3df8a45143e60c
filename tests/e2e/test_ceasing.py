"""Ceasing a plan in Chromium: the coordinator proposes, records the consultation, sends the
decision with appeal rights, and ceases the plan once the appeal window has closed; the
mother follows it on the plan page on her phone. axe runs on every page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine

from sendpath.accounts.roles import Role
from sendpath.accounts.services import create_account
from sendpath.demo.generator import DEMO_PASSWORD
from sendpath.plans.models import PlanStatus, PlanVersion, VersionStatus
from tests import factories as f
from tests.e2e.conftest import PHONE
from tests.e2e.test_whole_path import KEY, checked, fill_date, moment, sign_in


@pytest.fixture
def area(transactional_db: Any) -> dict[str, Any]:
    la = f.LocalAuthorityFactory(name="Riverside Council")
    college = f.SettingFactory(local_authority=la, name="Riverside College")
    child = f.ChildFactory(local_authority=la, setting=college, first_name="Tobi", last_name="Okafor")
    parent = create_account(
        email="ada.okafor@example.org", full_name="Ada Okafor", role=Role.PARENT, password=DEMO_PASSWORD
    )
    f.RelationshipFactory(
        child=child, carer=f.CarerFactory(first_name="Ada", last_name="Okafor", user=parent)
    )
    plan = f.PlanFactory(child=child, first_issued_on=dt.date(2025, 3, 31))
    PlanVersion.objects.create(
        plan=plan,
        number=1,
        status=VersionStatus.ISSUED,
        issued_on=plan.first_issued_on,
        named_setting=college,
    )
    coordinator = create_account(
        email="amira@example.org",
        full_name="Amira Khan",
        role=Role.COORDINATOR,
        password=DEMO_PASSWORD,
        totp_key=KEY,
        local_authority=la,
    )
    return {"plan": plan, "coordinator": coordinator, "parent": parent}


def test_a_coordinator_ceases_a_plan_after_the_appeal_window(
    area: dict[str, Any], live_server: Any, page: Any
) -> None:
    base, plan = live_server.url, area["plan"]
    with time_machine.travel(moment(dt.date(2026, 3, 2)), tick=True) as clock:
        sign_in(page, base, area["coordinator"])
        page.goto(f"{base}/plans/{plan.pk}/")
        page.get_by_role("link", name="Ceasing the plan").click()
        checked(page, "the ceasing page, nothing under way")
        page.get_by_role("link", name="Propose to cease the plan").click()
        checked(page, "the proposal form")
        page.get_by_role("button", name="Save").click()
        checked(page, "the proposal form with errors")
        page.get_by_label("Reason for ceasing (SEN2 cease reason)").select_option("4")
        page.get_by_label("Why the council is considering ceasing the plan").fill(
            "Tobi has started full-time paid work."
        )
        fill_date(page, "Date the family was told", dt.date(2026, 3, 2))
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(re.compile(rf"/reviews/ceasing/{plan.pk}/$"))
        checked(page, "the ceasing page, proposed")

        clock.move_to(moment(dt.date(2026, 3, 20)))
        sign_in(page, base, area["coordinator"])
        page.goto(f"{base}/reviews/ceasing/{plan.pk}/")
        page.get_by_role("link", name="Record the consultation").click()
        checked(page, "the consultation form")
        fill_date(page, "Date the family gave their views", dt.date(2026, 3, 16))
        page.get_by_label("The family's views").fill("We agree: Tobi is happy at work.")
        fill_date(page, "Date the school or college gave its views", dt.date(2026, 3, 18))
        page.get_by_label("The head teacher's or principal's views").fill("The college agrees.")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(re.compile(rf"/reviews/ceasing/{plan.pk}/$"))

        page.get_by_role("link", name="Record the decision").click()
        checked(page, "the decision form")
        page.get_by_label("Cease the plan").check()
        fill_date(page, "Date of the decision", dt.date(2026, 3, 20))
        fill_date(page, "Date the notice with appeal rights was sent", dt.date(2026, 3, 20))
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(re.compile(rf"/reviews/ceasing/{plan.pk}/$"))
        checked(page, "the ceasing page, notice sent")
        assert "20 May 2026" in page.locator("main").inner_text()  # the last day to appeal

        page.goto(f"{base}/reviews/ceasing/")
        checked(page, "plans being ceased")

        # The mother follows it on her phone.
        page.set_viewport_size(PHONE)
        sign_in(page, base, area["parent"])
        page.goto(f"{base}/plans/{plan.pk}/")
        checked(page, "the plan on a phone, being ceased")
        assert "can appeal until 20 May 2026" in page.locator("main").inner_text()

        clock.move_to(moment(dt.date(2026, 5, 21)))
        sign_in(page, base, area["coordinator"])
        page.goto(f"{base}/reviews/ceasing/{plan.pk}/cease/")
        checked(page, "the cease form on a phone")
        fill_date(page, "Date the plan ceases", dt.date(2026, 5, 21))
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(re.compile(rf"/reviews/ceasing/{plan.pk}/$"))
        checked(page, "the ceasing page, ceased")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CEASED and plan.cease_reason == "4"
    assert not page.problems  # type: ignore[attr-defined]
