"""Ms Shah, a finance officer, changes a band from 1 April, sets the year's budget, costs a
placement, recomputes and sees actual against budget; Mr Hale, a SEND manager, reads the
same figures and a child's costs without forms. Every page passes axe and fits a 375 px and
a 320 px phone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sendpath.accounts.roles import Role
from sendpath.accounts.services import create_account
from sendpath.demo.generator import DEMO_PASSWORD
from sendpath.funding import services
from sendpath.funding.annualise import financial_year_of, fy_bounds, fy_label
from sendpath.funding.models import BandScheme, Placement, Supplier
from sendpath.organisations.models import Phase, SettingKind
from tests import factories as f
from tests.e2e.conftest import PHONE
from tests.e2e.test_whole_path import KEY, checked, sign_in

NARROW = {"width": 320, "height": 700}


@pytest.fixture
def area(transactional_db: Any) -> dict[str, Any]:
    la = f.LocalAuthorityFactory(name="Riverside Council")
    school = f.SettingFactory(local_authority=la, name="Brook Primary School", kind=SettingKind.MAINSTREAM)
    special = f.SettingFactory(
        local_authority=la, name="Willow Special School", kind=SettingKind.SPECIAL, phase=Phase.ALL_THROUGH
    )
    year = financial_year_of(f.today())
    first, _ = fy_bounds(year)
    finance = create_account(
        email="ms.shah@example.org",
        full_name="Priya Shah",
        role=Role.FINANCE,
        password=DEMO_PASSWORD,
        totp_key=KEY,
        local_authority=la,
    )
    manager = create_account(
        email="mr.hale@example.org",
        full_name="Tom Hale",
        role=Role.MANAGER,
        password=DEMO_PASSWORD,
        totp_key=KEY,
        local_authority=la,
    )
    scheme = BandScheme.objects.create(local_authority=la, name="Riverside mainstream bands")
    services.add_band_rate(
        user=finance,
        scheme=scheme,
        code="B3",
        annual_pence=450_000,
        valid_from=first.replace(year=first.year - 1),
        descriptor="Band 3",
    )
    child = f.ChildFactory(local_authority=la, setting=school, first_name="Lena", last_name="Marsh")
    plan = f.PlanFactory(child=child)
    placement = Placement.objects.create(
        plan=plan, setting=school, start_on=first.replace(year=first.year - 1)
    )
    other = f.PlanFactory(child=f.ChildFactory(local_authority=la, setting=special))
    Placement.objects.create(plan=other, setting=special, start_on=first)
    team = Supplier.objects.create(local_authority=la, name="Vision Support Team", kind="support_service")
    services.record_cost(
        user=finance,
        local_authority_id=la.pk,
        category="support_services",
        component="sensory",
        amount_pence=2_400_000,
        period_start=first,
        period_end=first + dt.timedelta(days=29),
        supplier=team,
    )
    return {
        "finance": finance,
        "manager": manager,
        "scheme": scheme,
        "year": year,
        "placement": placement,
        "child": child,
    }


def test_a_finance_officer_sets_bands_and_a_budget_and_sees_actual_against_it(
    area: dict[str, Any], live_server: Any, page: Any
) -> None:
    base = live_server.url
    year, label = area["year"], fy_label(area["year"])
    sign_in(page, base, area["finance"])
    page.get_by_role("link", name="Budget and spending").first.click()
    checked(page, "budget and spending")

    # Band 3 goes up from 1 April next year; the first try overlaps the open rate.
    page.goto(f"{base}/finance/bands/")
    checked(page, "band tables")
    page.get_by_role("link", name="Add a rate").click()
    checked(page, "the band rate form")
    page.get_by_label("Band code").fill("B3")
    page.get_by_label("Annual top-up").fill("4,700")
    page.locator("#valid_from-day").fill("1")
    page.locator("#valid_from-month").fill("4")
    page.locator("#valid_from-year").fill(str(year + 1))
    page.get_by_role("button", name="Save rate").click()
    checked(page, "the band rate form with an overlap")
    assert page.locator(".govuk-error-summary").get_by_text("cannot overlap").is_visible()
    assert page.get_by_label("Annual top-up").input_value() == "4,700"
    page.get_by_label("Yes, end the current rate the day before").check()
    page.get_by_role("button", name="Save rate").click()
    checked(page, "band tables with the new rate")
    assert page.get_by_text(f"Band B3 rate saved from 1 April {year + 1}.").is_visible()
    assert page.get_by_role("cell", name="£4,700.00").is_visible()

    # The placement's top-up is band 3.
    page.goto(f"{base}/finance/placements/{area['placement'].pk}/")
    checked(page, "the placement's funding")
    page.get_by_label("The LA's band").check()
    page.get_by_label("Band (if the top-up is a band)").select_option(label="Riverside mainstream bands: B3")
    page.get_by_role("button", name="Save funding").click()
    checked(page, "the placement after saving")
    assert page.get_by_text("Placement funding saved.").is_visible()

    # The year's budget for support services, then recompute and compare.
    page.goto(f"{base}/finance/budget/{year}/")
    checked(page, "the budget form")
    page.get_by_label("Section 251 line").select_option("1.2.5")
    page.get_by_label("Category").select_option("support_services")
    page.get_by_label("Budget for the year").fill("20,000")
    page.get_by_role("button", name="Save budget").click()
    checked(page, "budget and spending after setting a budget")
    assert page.get_by_text(f"Budget saved for {label}.").is_visible()
    page.get_by_role("button", name=f"Work out placement costs again for {label}").click()
    checked(page, "budget and spending after recomputing")
    support = page.get_by_role("row").filter(has_text="SEN support services")
    assert support.get_by_role("cell", name="(£4,000) over").is_visible()
    assert page.get_by_role("row").filter(has_text="Top-up funding – maintained schools").is_visible()

    page.goto(f"{base}/finance/ledger/?year={year}")
    checked(page, "the ledger")
    page.get_by_role("link", name="Record a cost").click()
    checked(page, "the cost form")
    for size, width in ((PHONE, "375"), (NARROW, "320")):
        page.set_viewport_size(size)
        for path in (f"/finance/?year={year}", f"/finance/ledger/?year={year}", "/finance/bands/"):
            page.goto(base + path)
            checked(page, f"{path} at {width} px")


def test_a_manager_reads_the_figures_and_a_childs_costs(
    area: dict[str, Any], live_server: Any, page: Any
) -> None:
    base = live_server.url
    services.recompute_placement_costs(area["placement"].plan.local_authority_id, area["year"])
    sign_in(page, base, area["manager"])
    page.get_by_role("link", name="High Needs money").first.click()
    checked(page, "budget and spending for a manager")
    assert page.get_by_role("link", name="Set a budget for another line or category").count() == 0
    page.set_viewport_size(PHONE)
    page.goto(f"{base}/children/{area['child'].pk}/costs/")
    checked(page, "a child's costs on a phone")
    assert page.get_by_role("link", name="Brook Primary School").is_visible()
    page.set_viewport_size(NARROW)
    page.goto(f"{base}/finance/placements/{area['placement'].pk}/")
    checked(page, "a placement for a manager at 320 px")
    assert page.get_by_role("button", name="Save funding").count() == 0
