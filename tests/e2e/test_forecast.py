"""Ms Shah, a finance officer, runs a baseline forecast and two scenarios against it, then
checks the sufficiency of specialist places; Mr Cole, an EHC coordinator, opens the list of
children waiting for a place. Every page passes axe, and fits a 375 px and a 320 px phone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sendpath.accounts.roles import Role
from sendpath.accounts.services import create_account
from sendpath.demo.generator import DEMO_PASSWORD
from sendpath.forecast.models import CapacityRecord, Forecast, ForecastKind, WaitingEntry
from sendpath.forecast.selectors import academic_year_of
from sendpath.funding.models import Placement
from sendpath.organisations.models import Phase, SettingKind
from sendpath.plans.codes import NeedType
from tests import factories as f
from tests.e2e.conftest import PHONE
from tests.e2e.test_whole_path import KEY, checked, sign_in

NARROW = {"width": 320, "height": 700}


@pytest.fixture
def area(transactional_db: Any) -> dict[str, Any]:
    la = f.LocalAuthorityFactory(name="Riverside Council")
    school = f.SettingFactory(local_authority=la, name="Brook Primary School")
    special = f.SettingFactory(
        local_authority=la, name="Willow Special School", kind=SettingKind.SPECIAL, phase=Phase.ALL_THROUGH
    )
    independent = f.SettingFactory(
        local_authority=la,
        name="Heron Independent School",
        kind=SettingKind.INDEPENDENT_SPECIAL,
        phase=Phase.ALL_THROUGH,
    )
    today = f.today()
    needs = [NeedType.ASD, NeedType.SEMH, NeedType.SLCN, NeedType.MLD]
    for i in range(36):
        setting = (school, special, independent)[i % 3]
        child = f.ChildFactory(
            local_authority=la, setting=setting, date_of_birth=dt.date(2012 + i % 8, 1 + i % 12, 10)
        )
        issued = dt.date(2022 + i % 4, 3, 1)
        plan = f.PlanFactory(child=child, first_issued_on=issued, primary_need=needs[i % 4])
        Placement.objects.create(plan=plan, setting=setting, start_on=issued)
        f.AssessmentRequestFactory(child=child, received_on=issued - dt.timedelta(days=140))
    waiting_child = f.ChildFactory(local_authority=la, setting=school, first_name="Ravi", last_name="Kumar")
    waiting_plan = f.PlanFactory(child=waiting_child, first_issued_on=today - dt.timedelta(days=300))
    WaitingEntry.objects.create(
        child=waiting_child,
        plan=waiting_plan,
        local_authority=la,
        trigger="panel",
        opened_on=today - dt.timedelta(days=64),
        provision_sought="special",
        need=NeedType.ASD,
        phase=Phase.PRIMARY,
        interim="reduced",
        interim_setting=school,
    )
    CapacityRecord.objects.create(
        setting=special,
        provision="special",
        academic_year=academic_year_of(today),
        phase=Phase.SECONDARY,
        places_10k=8,
        physical=10,
    )
    finance = create_account(
        email="ms.shah@example.org",
        full_name="Priya Shah",
        role=Role.FINANCE,
        password=DEMO_PASSWORD,
        totp_key=KEY,
        local_authority=la,
    )
    coordinator = create_account(
        email="mr.cole@example.org",
        full_name="Dan Cole",
        role=Role.COORDINATOR,
        password=DEMO_PASSWORD,
        totp_key=KEY,
        local_authority=la,
    )
    return {"finance": finance, "coordinator": coordinator, "special": special}


def fill(page: Any, values: dict[str, str]) -> None:
    for label, value in values.items():
        page.get_by_label(label, exact=True).fill(value)


def test_a_finance_officer_runs_a_baseline_and_two_scenarios(
    area: dict[str, Any], live_server: Any, page: Any
) -> None:
    base = live_server.url
    sign_in(page, base, area["finance"])
    page.get_by_role("link", name="Forecasts").first.click()
    checked(page, "forecasts, none yet")
    page.get_by_role("button", name="Run a baseline forecast").click()
    checked(page, "the baseline form")
    # A mistake first: too many years. The message says what to fix; nothing typed is lost.
    fill(
        page,
        {
            "Years to forecast": "12",
            "Population aged 0 to 25": "30000",
            "High Needs Block allocation, £": "900000",
            "Cumulative DSG deficit at 31 March, £": "400000",
            "Simulations": "200",
        },
    )
    page.get_by_role("button", name="Run the forecast").click()
    checked(page, "the baseline form with an error")
    assert page.locator(".govuk-error-summary").get_by_text("The years to forecast is too large").is_visible()
    assert page.get_by_label("Population aged 0 to 25", exact=True).input_value() == "30000"
    fill(page, {"Years to forecast": "8"})
    page.get_by_role("button", name="Run the forecast").click()
    checked(page, "the baseline forecast")
    assert page.get_by_text("Forecast run: 200 simulations").is_visible()
    assert page.locator("svg[role=img]").count() == 3
    assert page.get_by_role("heading", name="What the model leaves out").is_visible()
    baseline = Forecast.objects.get(kind=ForecastKind.BASELINE)

    for name, levers in (
        ("Fewer independent places", {"Fewer independent school placements, %": "50"}),
        (
            "Twenty DSP places in 2027",
            {
                "New DSP or resourced places": "20",
                "Year the new places open": "2027",
                "Requests for assessment, % of today's rate": "90",
            },
        ),
    ):
        page.goto(f"{base}/forecast/{baseline.pk}/")
        page.get_by_role("link", name="Make a scenario from this baseline").click()
        checked(page, "the scenario form")
        fill(page, {"Scenario name": name, **levers})
        page.get_by_role("button", name="Run the scenario").click()
        checked(page, f"the scenario {name}")
        assert page.get_by_role("heading", name="Scenario against baseline, year by year").is_visible()
        assert page.get_by_text("against the baseline").first.is_visible()
    assert Forecast.objects.filter(kind=ForecastKind.SCENARIO, baseline=baseline).count() == 2

    with page.expect_download() as download:
        page.get_by_role("link", name="Download every figure (CSV)").click()
    assert download.value.suggested_filename.startswith("forecast-")

    page.goto(f"{base}/forecast/")
    checked(page, "forecasts with a baseline and two scenarios")
    for size, label in ((PHONE, "375"), (NARROW, "320")):
        page.set_viewport_size(size)
        page.goto(f"{base}/forecast/{baseline.pk}/")
        checked(page, f"the baseline at {label} px")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{base}/sufficiency/")
    checked(page, "sufficiency")
    assert page.get_by_role("rowheader", name="Willow Special School").is_visible()
    page.get_by_role("link", name="Add a capacity record").click()
    checked(page, "the capacity form")
    page.get_by_label("Setting", exact=True).select_option(label="Willow Special School")
    page.get_by_label("Special school", exact=True).check()
    page.get_by_label("Phase", exact=True).select_option(label="Primary")
    fill(page, {"Commissioned places at £10,000": "12"})
    page.get_by_role("button", name="Save").click()
    checked(page, "sufficiency after adding a record")
    assert page.get_by_text("Capacity record saved.").is_visible()
    page.set_viewport_size(NARROW)
    page.reload()
    checked(page, "sufficiency at 320 px")


def test_a_coordinator_sees_the_children_waiting(area: dict[str, Any], live_server: Any, page: Any) -> None:
    base = live_server.url
    page.set_viewport_size(PHONE)
    sign_in(page, base, area["coordinator"])
    page.goto(f"{base}/sufficiency/waiting/")
    checked(page, "children waiting on a phone")
    assert page.get_by_role("link", name="Ravi Kumar").is_visible()
    assert page.get_by_role("cell", name="64", exact=True).is_visible()
    page.set_viewport_size(NARROW)
    page.reload()
    checked(page, "children waiting at 320 px")
