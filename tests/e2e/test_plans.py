"""The living plan in Chromium: a coordinator fixes a quality flag on an amendment, issues
it and compares the versions; a parent reads the plan on a 375 px phone and downloads the
PDF. axe runs on every page, at desktop width and on the phone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from sendpath.accounts.roles import Role
from sendpath.accounts.services import create_account
from sendpath.demo.generator import DEMO_PASSWORD
from sendpath.plans import services
from sendpath.plans.models import TEXT_SECTIONS, PlanVersion, SectionText, VersionStatus
from tests import factories as f
from tests.e2e.conftest import DESKTOP, PHONE, check_accessibility, check_fits, one_h1
from tests.e2e.test_whole_path import KEY, sign_in


@pytest.fixture
def area(transactional_db: Any) -> dict[str, Any]:
    la = f.LocalAuthorityFactory(name="Riverside Council")
    school = f.SettingFactory(local_authority=la, name="Brook Primary School")
    coordinator = create_account(
        email="amira@example.org",
        full_name="Amira Khan",
        role=Role.COORDINATOR,
        password=DEMO_PASSWORD,
        totp_key=KEY,
        local_authority=la,
    )
    parent = create_account(
        email="ada.okafor@example.org", full_name="Ada Okafor", role=Role.PARENT, password=DEMO_PASSWORD
    )
    carer = f.CarerFactory(first_name="Ada", last_name="Okafor", user=parent)
    child = f.ChildFactory(local_authority=la, setting=school, first_name="Tobi", last_name="Okafor")
    f.RelationshipFactory(child=child, carer=carer)
    plan = f.PlanFactory(child=child, coordinator=coordinator)
    v1 = PlanVersion.objects.create(plan=plan, number=1, status=VersionStatus.DRAFT, named_setting=school)
    SectionText.objects.bulk_create(SectionText(version=v1, section=s) for s in TEXT_SECTIONS)
    for section, text in (("A", "Tobi loves football."), ("C", "No health needs."), ("D", "None.")):
        services.save_section_text(
            user=coordinator, version=v1, section=section, text=text, expected_revision=1
        )
    need = services.save_need(user=coordinator, version=v1, area="cognition", description="Reading")
    outcome = services.save_outcome(
        user=coordinator, version=v1, text="Tobi reads a short book", timeframe="By July", need_ids=[need.pk]
    )
    services.save_provision(
        user=coordinator,
        version=v1,
        what="Precision teaching",
        who="A trained teaching assistant",
        duration="15 minutes",
        where="Brook Primary School",
        outcome_ids=[outcome.pk],
    )
    services.issue_version(user=coordinator, version=v1, on=timezone.localdate() - dt.timedelta(days=60))
    return {"coordinator": coordinator, "parent": parent, "plan": plan}


def checked(page: Any, where: str) -> None:
    """axe at desktop width and on a 375 px phone, and nothing wider than the phone."""
    size = page.viewport_size
    page.locator("h1").first.wait_for()
    one_h1(page, where)
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        check_accessibility(page, f"{where} at {viewport['width']} px")
    check_fits(page, where)
    page.set_viewport_size(size)


def test_amend_fix_a_flag_issue_compare_and_the_family_reads_it(
    area: dict[str, Any], live_server: Any, page: Any
) -> None:
    base, plan = live_server.url, area["plan"]
    sign_in(page, base, area["coordinator"])
    page.goto(f"{base}/plans/{plan.pk}/")
    checked(page, "the plan page")
    page.get_by_role("link", name="Draft and amendments").click()
    checked(page, "the draft page with no draft")
    page.get_by_label("Why is the plan being amended?").fill("Annual review")
    page.get_by_role("button", name="Start an amendment").click()
    checked(page, "the amendment's draft")
    flags = page.locator(".app-flags")
    assert "no how often" in flags.inner_text()
    flags.get_by_role("link", name="no how often").click()
    page.get_by_role("link", name="Change provision: Precision teaching").click()
    checked(page, "the provision form")
    page.get_by_label("How often").fill("Every school day")
    page.get_by_role("button", name="Save").click()
    page.locator("h1").wait_for()
    assert "no how often" not in page.locator("main").inner_text()
    page.get_by_role("link", name="Issue this version").click()
    checked(page, "the issue form")
    page.get_by_role("button", name="Issue this version").click()
    page.locator("h1").wait_for()
    assert "Version 2 has been issued." in page.locator(".govuk-notification-banner").inner_text()
    page.get_by_role("link", name="Compare versions").click()
    checked(page, "the comparison")
    changed = page.locator("main").inner_text().split("Sections with no changes")[0]
    assert "F: Special educational provision" in changed
    assert page.locator("ins", has_text="Every school day").count() == 1

    # The mother reads the plan on her phone and downloads the PDF.
    page.set_viewport_size(PHONE)
    sign_in(page, base, area["parent"])
    page.goto(f"{base}/plans/{plan.pk}/")
    checked(page, "the plan on a phone")
    assert "Every school day" in page.locator("main").inner_text()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download version 2 as a PDF").click()
    path = download_info.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
