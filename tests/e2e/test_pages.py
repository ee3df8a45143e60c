"""Every other page, in the browser, with axe at desktop and phone widths.

The home pages are covered role by role in test_sign_in_and_home.py. Here: the children
list, a child's record, the edit form (with its error summary), the audit trail, and the
public pages.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from sendpath.accounts.roles import Role
from sendpath.demo.calibration import ENGLAND
from sendpath.demo.generator import build_area, demo_email
from sendpath.people.models import Child
from tests.e2e.conftest import PHONE, check_accessibility, check_fits
from tests.e2e.test_sign_in_and_home import sign_in


@pytest.fixture
def area(transactional_db: Any) -> Any:
    return build_area(plans=40, seed=11, profile=ENGLAND, today=timezone.localdate(), la_code="999")


def both_widths(page: Any, where: str) -> None:
    check_accessibility(page, f"{where} at desktop width")
    page.set_viewport_size(PHONE)
    check_accessibility(page, f"{where} at 375 px")
    check_fits(page, f"{where} at 375 px")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_public_pages(live_server: Any, page: Any, transactional_db: Any) -> None:
    for path, heading in (
        ("/accessibility/", "Accessibility statement"),
        ("/cookies/", "Cookies"),
        ("/privacy/", "How we use your information"),
        ("/sign-in/signed-out/", "You have signed out"),
        ("/no-such-page/", "Page not found"),
    ):
        page.goto(f"{live_server.url}{path}")
        assert heading in page.locator("h1").inner_text()
        both_widths(page, path)


def test_coordinator_pages(area: Any, live_server: Any, page: Any) -> None:
    sign_in(page, live_server.url, demo_email(Role.COORDINATOR, "999"), Role.COORDINATOR)
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Children").first.click()
    assert page.locator("h1").inner_text() == "Children"
    both_widths(page, "the children list")
    child = Child.objects.filter(upn__gt="").order_by("pk").first()
    page.get_by_label("Search by name, UPN, ULN or NHS number").fill(child.upn)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=child.full_name).click()
    assert child.full_name in page.locator("h1").inner_text()
    both_widths(page, "a child's record")
    page.get_by_role("link", name="Change the child's details").click()
    both_widths(page, "the child's details form")
    page.get_by_label("Unique pupil number (UPN)").fill("A801200005001")
    page.get_by_label("Postcode").fill("not a postcode")
    page.get_by_role("button", name="Save changes").click()
    summary = page.locator(".govuk-error-summary")
    assert "check letter" in summary.inner_text()
    assert page.get_by_label("Postcode").input_value() == "not a postcode", "the input is kept"
    both_widths(page, "the details form with errors")


def test_phase_transfers_page(area: Any, live_server: Any, page: Any) -> None:
    sign_in(page, live_server.url, demo_email(Role.COORDINATOR, "999"), Role.COORDINATOR)
    page.wait_for_url(f"{live_server.url}/")
    for phase in ("early_years", "primary", "post16"):
        page.goto(f"{live_server.url}/reviews/phase-transfers/?phase={phase}")
        assert "Phase transfers" in page.locator(".govuk-caption-l").inner_text()
        both_widths(page, f"phase transfers ({phase})")


def test_manager_reads_audit_trail(area: Any, live_server: Any, page: Any) -> None:
    child = Child.objects.order_by("pk").first()
    sign_in(page, live_server.url, demo_email(Role.MANAGER, "999"), Role.MANAGER)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/children/{child.pk}/")
    page.get_by_role("link", name="See who has opened or changed this record").click()
    assert "Who has opened or changed this record" in page.locator("h1").inner_text()
    assert "Viewed" in page.locator("table").inner_text()
    both_widths(page, "a child's audit trail")
