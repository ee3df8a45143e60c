"""Disputes in Chromium: the coordinator records a family's disagreement from the decision
notice to the tribunal's order and its compliance, with root causes and a cost; the manager
reads the list and the tribunal outcomes review; the parent reads their own child's dispute.
axe runs on every page, at desktop and at 375 px (and the list and review at 320 px)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine

from sendpath.accounts.roles import Role
from sendpath.accounts.services import create_account
from sendpath.demo.generator import DEMO_PASSWORD
from sendpath.disputes.codes import Stage
from sendpath.disputes.models import Dispute
from tests import factories as f
from tests.e2e.conftest import DESKTOP, PHONE, check_accessibility, check_fits, one_h1
from tests.e2e.test_whole_path import KEY, fill_date, moment, sign_in

NARROW = {"width": 320, "height": 700}
TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def area(transactional_db: Any) -> Any:
    la = f.LocalAuthorityFactory(name="Riverside Council")
    school = f.SettingFactory(local_authority=la, name="Brook Primary School")

    def account(role: Role, email: str, name: str, **org: Any) -> Any:
        return create_account(
            email=email, full_name=name, role=role, password=DEMO_PASSWORD, totp_key=KEY, **org
        )

    coordinator = account(Role.COORDINATOR, "amira@example.org", "Amira Khan", local_authority=la)
    parent = account(Role.PARENT, "mrs.okafor@example.org", "Ada Okafor")
    child = f.ChildFactory(local_authority=la, setting=school, first_name="Tobi", last_name="Okafor")
    carer = f.CarerFactory(first_name="Ada", last_name="Okafor", user=parent, email=parent.email)
    f.RelationshipFactory(child=child, carer=carer)
    plan = f.PlanFactory(child=child, coordinator=coordinator, first_issued_on=dt.date(2025, 9, 1))
    return {
        "child": child,
        "plan": plan,
        "coordinator": coordinator,
        "manager": account(Role.MANAGER, "manny@example.org", "Manny Ager", local_authority=la),
        "parent": parent,
    }


def sizes(page: Any, where: str, *extra: dict[str, int]) -> None:
    for size in (DESKTOP, PHONE, *extra):
        page.set_viewport_size(size)
        page.wait_for_load_state()
        one_h1(page, where)
        check_accessibility(page, f"{where} at {size['width']} px")
        if size is not DESKTOP:
            check_fits(page, f"{where} at {size['width']} px")
    page.set_viewport_size(DESKTOP)


def step(page: Any, link: str, where: str) -> None:
    page.get_by_role("link", name=link).click()
    page.wait_for_url(re.compile(r"/disputes/\d+/[a-z]+/$"))
    sizes(page, where)


def save(page: Any) -> None:
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/disputes/\d+/$"))


def test_a_dispute_from_the_decision_notice_to_the_order(
    area: dict[str, Any], live_server: Any, page: Any
) -> None:
    base = live_server.url
    with time_machine.travel(moment(TODAY), tick=True):
        sign_in(page, base, area["coordinator"])
        page.get_by_role("link", name="Disputes").first.click()
        sizes(page, "the empty disputes list", NARROW)
        page.get_by_role("link", name="Record a new dispute").click()
        page.get_by_label("Name, UPN or NHS number").fill("Okafor")
        page.get_by_role("button", name="Search").click()
        sizes(page, "the child search")
        page.get_by_role("link", name=re.compile("Tobi Okafor")).click()
        sizes(page, "the new dispute form")

        # Nothing chosen: every problem at once, nothing lost.
        fill_date(page, "Date the decision notice was sent", dt.date(2026, 1, 12))
        page.get_by_role("button", name="Save").click()
        assert "Select the decision" in page.locator(".govuk-error-summary").inner_text()
        sizes(page, "the new dispute form with an error")
        page.get_by_label("Plan content (sections B, F or I)").check()
        page.get_by_label("F: Special educational provision").check()
        page.get_by_label("I: Placement").check()
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(re.compile(r"/disputes/\d+/$"))
        sizes(page, "the new dispute")
        dispute = Dispute.objects.get(child=area["child"])
        assert dispute.sections == "F,I"

        step(page, "Record contact with the mediation adviser", "the mediation contact form")
        fill_date(page, "Date the family contacted the mediation adviser", dt.date(2026, 1, 20))
        page.get_by_label("No, they want the certificate only").check()
        save(page)
        step(page, "Record the mediation certificate", "the certificate form")
        fill_date(page, "Date the certificate was issued", dt.date(2026, 1, 19))  # before the contact
        page.get_by_role("button", name="Save").click()
        assert (
            "on or after the family contacted the adviser"
            in page.locator(".govuk-error-summary").inner_text()
        )
        sizes(page, "the certificate form with an error")
        fill_date(page, "Date the certificate was issued", dt.date(2026, 1, 22))
        save(page)
        step(page, "Record the appeal", "the appeal form")
        fill_date(page, "Date the appeal was registered", dt.date(2026, 2, 10))
        page.get_by_label("Tribunal reference (optional)").fill("EH999/26/00042")
        save(page)
        # The response (30 working days, due 24 March) was never sent: breached, visibly.
        assert "Breached: Council" in page.locator("main").inner_text()
        sizes(page, "the dispute with a breach")

        step(page, "Record the hearing date", "the hearing form")
        fill_date(page, "Date of the hearing", dt.date(2026, 5, 12))
        save(page)
        step(page, "Record the outcome", "the outcome form")
        page.get_by_label("Upheld by the tribunal", exact=True).check()
        fill_date(page, "Date of the decision, order or withdrawal", dt.date(2026, 5, 20))
        page.get_by_label("What must the council do?").select_option("amend_plan")
        save(page)
        dispute.refresh_from_db()
        assert dispute.stage == Stage.COMPLYING
        assert "Issue the amended plan: by 24 June 2026" in page.locator("main").inner_text()

        step(page, "Record the root causes", "the root causes form")
        page.get_by_label("Provision vague or not quantified").check()
        page.get_by_label("More about the causes (optional)").fill("Therapy hours were not specified.")
        save(page)
        step(page, "Record a cost", "the cost form")
        page.get_by_label("Expert evidence or witness fees").check()
        fill_date(page, "Date of the cost", dt.date(2026, 5, 5))
        page.get_by_label("Amount in pounds").fill("1450")
        page.get_by_label("Who was paid").fill("Speech Matters Ltd")
        save(page)
        assert "£1,450.00" in page.locator("main").inner_text()

        step(page, "Record a step of the order as done", "the order step form")
        page.get_by_label(re.compile("Issue the amended plan")).check()
        fill_date(page, "Date it was done", dt.date(2026, 5, 29))
        save(page)
        dispute.refresh_from_db()
        assert dispute.stage == Stage.CLOSED
        sizes(page, "the closed dispute")

        sign_in(page, base, area["manager"])
        page.goto(f"{base}/disputes/?status=all")
        sizes(page, "the manager's disputes list", NARROW)
        page.goto(f"{base}/disputes/review/")
        assert page.locator("svg[role=img] title").count() == 4
        sizes(page, "the tribunal outcomes review", NARROW)

        sign_in(page, base, area["parent"])
        page.get_by_role("link", name=re.compile("Plan content")).click()
        sizes(page, "the family's dispute page")
        text = page.locator("main").inner_text()
        assert "Speech Matters" not in text and "Root causes" not in text
