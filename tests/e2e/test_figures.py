"""The scrutiny dashboard in Chromium: a manager opens it from the navigation, changes a
target and sees the councillors' version; a councillor opens it from their home page and
downloads a table. axe runs on each page at desktop and 375 px, which must not scroll sideways."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sendpath.accounts.roles import Role
from sendpath.accounts.services import create_account
from sendpath.assessments.workflow import Stage
from sendpath.demo.generator import DEMO_PASSWORD
from sendpath.organisations.models import SettingKind
from tests import factories as f
from tests.e2e.conftest import DESKTOP, PHONE, check_accessibility, check_fits, one_h1
from tests.e2e.test_whole_path import KEY, sign_in


@pytest.fixture
def area(transactional_db: Any) -> Any:
    la = f.LocalAuthorityFactory(name="Riverside Council")
    today = dt.date.today()
    special = f.SettingFactory(local_authority=la, kind=SettingKind.SPECIAL, name="Oak Special School")
    f.ServiceFactory(local_authority=la, name="Educational Psychology Service")
    for i in range(30):
        child = f.ChildFactory(local_authority=la)
        received = today - dt.timedelta(days=160 + 9 * i)
        f.AssessmentRequestFactory(
            child=child,
            received_on=received,
            stage=Stage.PLAN_ISSUED,
            decided_to_assess_on=received + dt.timedelta(days=35),
            final_issued_on=received + dt.timedelta(days=120 + 2 * i),
        )
        f.PlanFactory(child=child, first_issued_on=received + dt.timedelta(days=120 + 2 * i))
    f.ConsultationFactory(child=child, setting=special, sent_on=today - dt.timedelta(days=20))

    def account(role: Role, email: str, name: str) -> Any:
        return create_account(
            email=email, full_name=name, role=role, password=DEMO_PASSWORD, totp_key=KEY, local_authority=la
        )

    return {
        "manager": account(Role.MANAGER, "manny@example.org", "Manny Ager"),
        "councillor": account(Role.COUNCILLOR, "cllr.shah@example.org", "Cllr Shah"),
    }


def both_sizes(page: Any, where: str) -> None:
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.wait_for_load_state()
        one_h1(page, where)
        check_accessibility(page, f"{where} at {size['width']} px")
        if size is PHONE:
            check_fits(page, where)
    page.set_viewport_size(DESKTOP)


def test_a_manager_and_a_councillor_use_the_scrutiny_dashboard(
    area: dict[str, Any], live_server: Any, page: Any
) -> None:
    base = live_server.url
    sign_in(page, base, area["manager"])
    page.get_by_role("link", name="Scrutiny", exact=True).click()
    both_sizes(page, "the scrutiny dashboard (manager)")
    assert page.locator("svg[role=img]").count() == 5
    assert (
        page.get_by_role(
            "img", name="Timeliness: baseline and last 12 months, with the target marked"
        ).count()
        == 1
    )

    page.get_by_role("link", name="Change the target for EHCP initial timeliness").click()
    both_sizes(page, "changing a target")
    page.get_by_label("How much better").fill("lots")
    page.get_by_role("button", name="Save the target").click()
    one_h1(page, "the target form with an error")
    assert page.get_by_text("How much better must be a number").count() >= 1
    check_accessibility(page, "the target form with an error")
    page.get_by_label("How much better").fill("15")
    page.get_by_label("Published baseline (%) (optional)").fill("51.5")
    page.get_by_label("Percentage points: add this many points to the baseline (+ 15 for 15)").check()
    page.get_by_role("button", name="Save the target").click()
    one_h1(page, "the dashboard after saving")
    assert page.get_by_role("cell", name="66.5%").count() == 1

    page.get_by_role("link", name="DfE's figures for a calendar year").click()
    both_sizes(page, "DfE's figures (manager)")
    page.get_by_label("Calendar year").select_option(str(dt.date.today().year - 1))
    page.get_by_role("button", name="Show the figures").click()
    one_h1(page, "DfE's figures for last year")
    assert page.get_by_role("heading", name=f"DfE figures for {dt.date.today().year - 1}").count() == 1

    page.goto(f"{base}/figures/scrutiny/")
    page.get_by_role("link", name="See the page as councillors see it, with small numbers hidden").click()
    both_sizes(page, "the scrutiny dashboard (councillors' version)")

    sign_in(page, base, area["councillor"])
    page.get_by_role("link", name="See the scrutiny dashboard").click()
    both_sizes(page, "the scrutiny dashboard (councillor)")
    assert page.get_by_text("c = suppressed").count() == 1
    page.goto(f"{base}/figures/dfe/")
    both_sizes(page, "DfE's figures (councillor)")
    page.goto(f"{base}/figures/scrutiny/")
    with page.expect_download() as download:
        page.locator("a[href$='/figures/scrutiny/waits.csv']").click()
    assert download.value.suggested_filename.startswith("scrutiny-waits-")
    assert page.problems == []
