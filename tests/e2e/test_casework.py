"""The coordinator takes one request from receipt to the final plan in Chromium, with axe on
the case page and every action form (one of them with an error) at desktop and 375 px; then
the parent signs in on a phone and reads what happened in plain English.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from sendpath.accounts.models import User
from sendpath.accounts.roles import Role
from sendpath.assessments import services
from sendpath.assessments.models import AdviceRequest, AssessmentRequest, RequestSource
from sendpath.assessments.workflow import Stage
from sendpath.demo.calibration import ENGLAND
from sendpath.demo.generator import build_area, demo_email
from sendpath.organisations.models import Service, ServiceKind, Setting
from sendpath.plans.models import Plan
from tests.e2e.conftest import DESKTOP, PHONE, check_accessibility, check_fits
from tests.e2e.test_sign_in_and_home import sign_in
from tests.factories import ChildFactory, RelationshipFactory


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@pytest.fixture
def casework(transactional_db: Any) -> Any:
    """A small demo area, plus one fresh request received about 10 weeks ago for a child of
    the demo parent, in the demo coordinator's caseload."""
    today = timezone.localdate()
    area = build_area(plans=30, seed=5, profile=ENGLAND, today=today, la_code="999")
    la = area.local_authority
    coordinator = User.objects.get(email=demo_email(Role.COORDINATOR, "999"))
    parent = User.objects.get(email=demo_email(Role.PARENT, "999"))
    child = ChildFactory(
        local_authority=la,
        setting=Setting.objects.filter(local_authority=la, kind="mainstream").order_by("pk").first(),
        first_name="Rosa",
        last_name="Casework",
        date_of_birth=today.replace(day=1) - dt.timedelta(days=365 * 8),
    )
    RelationshipFactory(child=child, carer=parent.carer)
    case, _ = services.receive_request(
        user=coordinator,
        child=child,
        received_on=today - dt.timedelta(days=70),
        source=RequestSource.FAMILY,
        reasons="Rosa is not making progress in reading despite support.",
        coordinator=coordinator,
    )
    return {
        "today": today,
        "case": case,
        "child": child,
        "coordinator": coordinator,
        "parent": parent,
        "la": la,
    }


def both_widths(page: Any, where: str) -> None:
    check_accessibility(page, f"{where} at desktop width")
    page.set_viewport_size(PHONE)
    check_accessibility(page, f"{where} at 375 px")
    check_fits(page, f"{where} at 375 px")
    page.set_viewport_size(DESKTOP)


def fill_date(page: Any, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def open_action(page: Any, title: str, where: str) -> None:
    page.get_by_role("link", name=title).click()
    assert page.locator("h1").inner_text() == title
    both_widths(page, where)


def save_and_expect(page: Any, base: str, case: AssessmentRequest, message: str) -> None:
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{base}/cases/{case.pk}/")
    assert message in page.locator(".govuk-notification-banner").inner_text()


def test_coordinator_takes_a_request_to_the_final_plan_and_the_parent_reads_it(
    casework: Any, live_server: Any, page: Any, browser: Any
) -> None:
    base = live_server.url
    today, case = casework["today"], casework["case"]
    received = case.received_on
    sign_in(page, base, demo_email(Role.COORDINATOR, "999"), Role.COORDINATOR)
    page.wait_for_url(f"{base}/")

    # The case is in the coordinator's list, past its 6-week date.
    page.get_by_role("link", name=f"case {case.reference}").click()
    page.wait_for_url(f"{base}/cases/{case.pk}/")
    assert page.locator("h1").inner_text() == "Rosa Casework: Request received"
    clocks = page.get_by_role("region", name="Legal clocks (scrolls sideways)")
    assert "6-week decision" in clocks.inner_text()
    assert "Breached" in clocks.inner_text()
    both_widths(page, "the case page")

    # The decision to assess: first dated before the request arrived, which is refused.
    open_action(page, "Record the decision whether to assess", "the decision to assess form")
    page.get_by_label("Yes, we will assess").check()
    fill_date(page, "Date of the decision", received - dt.timedelta(days=1))
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    assert (
        "The date of the decision must be on or after the date the request was received "
        f"({long_date(received)})" in summary.inner_text()
    )
    assert page.get_by_label("Yes, we will assess").is_checked(), "the answer is kept"
    both_widths(page, "the decision to assess form with an error")
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "on-day", "the error links to its field"
    fill_date(page, "Date of the decision", received + dt.timedelta(days=7))
    save_and_expect(page, base, case, "The decision has been recorded.")
    assert page.locator("h1").inner_text() == "Rosa Casework: Assessing"
    both_widths(page, "the case page while assessing")

    # Advice from the educational psychology service.
    ep_service = Service.objects.filter(
        local_authority=casework["la"], kind=ServiceKind.EDUCATIONAL_PSYCHOLOGY
    ).order_by("pk")[0]
    open_action(page, "Ask for advice", "the advice request form")
    page.get_by_label("Advice needed").select_option("psychological")
    page.get_by_label("Service to ask").select_option(label=ep_service.name)
    fill_date(page, "Date asked", received + dt.timedelta(days=10))
    save_and_expect(page, base, case, "The advice request has been sent.")
    assert AdviceRequest.objects.filter(request=case, service=ep_service).exists()
    timeline = page.locator(".app-timeline").inner_text()
    assert f"Asked {ep_service.name} for psychological advice" in timeline

    # The decision to issue a plan.
    open_action(page, "Record the decision whether to issue a plan", "the decision to issue form")
    page.get_by_label("Yes, we will write a draft plan").check()
    fill_date(page, "Date of the decision", today - dt.timedelta(days=30))
    save_and_expect(page, base, case, "The decision has been recorded.")

    # The draft, sent 20 days ago: the family's 15 days are over.
    draft_on = today - dt.timedelta(days=20)
    open_action(page, "Record that the draft plan was sent", "the draft sent form")
    fill_date(page, "Date", draft_on)
    save_and_expect(page, base, case, "The family's 15 days for comments have begun.")
    assert (
        "15-day comment window"
        in page.get_by_role("region", name="Legal clocks (scrolls sideways)").inner_text()
    )

    # The final plan, naming a special school.
    school = Setting.objects.filter(local_authority=casework["la"], kind="special").order_by("name")[0]
    open_action(page, "Issue the final plan", "the final plan form")
    fill_date(page, "Date the final plan is issued", today)
    page.get_by_label("Setting named in section I").select_option(label=school.name)
    page.get_by_label("Primary type of need").select_option("SLCN")
    save_and_expect(page, base, case, "The final plan has been issued.")
    assert page.locator("h1").inner_text() == "Rosa Casework: Final plan issued"
    assert "The case is closed." in page.locator("main").inner_text()
    both_widths(page, "the closed case page")

    case.refresh_from_db()
    assert (case.stage, case.final_issued_on, case.named_setting) == (Stage.PLAN_ISSUED, today, school)
    plan = Plan.objects.get(request=case)
    assert plan.placements.get().setting == school
    assert not [p for p in page.problems if "Content Security Policy" in p], page.problems

    # The parent, on a phone, reads the story in plain English.
    phone = browser.new_context(viewport=PHONE).new_page()
    try:
        sign_in(phone, base, demo_email(Role.PARENT, "999"), Role.PARENT)
        phone.wait_for_url(f"{base}/")
        assert "Rosa Casework" in phone.locator("main").inner_text()
        phone.goto(f"{base}/cases/{case.pk}/")
        assert phone.locator("h1").inner_text() == "Rosa Casework's assessment"
        story = phone.locator("main").inner_text()
        assert f"We received your request on {long_date(received)}." in story
        assert f"We issued the final plan on {long_date(today)}." in story
        assert "Record the decision" not in story, "the family has no casework actions"
        assert not re.search(r"Legal clocks|Breached", story)
        check_accessibility(phone, "the family's case page at 375 px")
        check_fits(phone, "the family's case page at 375 px")
    finally:
        phone.context.close()
