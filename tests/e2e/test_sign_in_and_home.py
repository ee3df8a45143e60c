"""Every role signs in with both factors in a real browser, reaches its home page, and the
page passes axe with zero violations at desktop width and at 375 px (and fits 320 px)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendpath.accounts.roles import EMAIL_CODE_ROLES, Role
from sendpath.demo.calibration import ENGLAND
from sendpath.demo.generator import DEMO_PASSWORD, build_area, demo_email
from tests.e2e.conftest import PHONE, check_accessibility, check_fits

HEADINGS = {
    Role.COORDINATOR: "My cases",
    Role.MANAGER: "SEND team overview",
    Role.FINANCE: "High Needs placements",
    Role.DATA_OFFICER: "Data quality",
    Role.SENCO: None,  # the school's name
    Role.TEACHER: "My pupils",
    Role.EP: "My advice requests",
    Role.HEALTH: "My advice requests",
    Role.SOCIAL_CARE: "My advice requests",
    Role.PARENT: "Your children",
    Role.YOUNG_PERSON: "Your plan",
    Role.COUNCILLOR: "SEND performance",
    Role.ADMIN: "System administration",
}


@pytest.fixture
def area(transactional_db: Any) -> Any:
    return build_area(plans=60, seed=7, profile=ENGLAND, today=timezone.localdate(), la_code="999")


def sign_in(page: Any, base: str, email: str, role: str) -> None:
    page.goto(f"{base}/sign-in/")
    check_accessibility(page, "the sign-in page")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/sign-in/code/"))
    check_accessibility(page, "the security code page")
    if role in EMAIL_CODE_ROLES:
        code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    else:
        device = TOTPDevice.objects.get(user__email=email)
        code = f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_each_role_signs_in_and_home_page_is_accessible(
    role: Role, area: Any, live_server: Any, page: Any
) -> None:
    email = demo_email(role, "999")
    sign_in(page, live_server.url, email, role)
    page.wait_for_url(f"{live_server.url}/")
    heading = page.locator("h1")
    assert heading.count() == 1, "each page has exactly one h1"
    expected = HEADINGS[role]
    if expected:
        assert expected in heading.inner_text()
    check_accessibility(page, f"the {role.label} home page at desktop width")
    page.set_viewport_size(PHONE)
    check_accessibility(page, f"the {role.label} home page at 375 px")
    check_fits(page, f"the {role.label} home page at 375 px")
    page.set_viewport_size({"width": 320, "height": 700})
    check_fits(page, f"the {role.label} home page at 320 px")
    assert not [p for p in page.problems if "Content Security Policy" in p], page.problems
