"""Forecast, scenario and sufficiency pages: who sees what, forms, charts, CSV and audit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from sendpath.audit.models import AuditAction, AuditEvent
from sendpath.forecast import services
from sendpath.forecast.models import CapacityRecord, Forecast, ForecastKind, WaitingEntry
from sendpath.organisations.models import Phase, Setting, SettingKind
from tests.helpers import sign_in, world_fixture

world = world_fixture()


def client_for(user) -> Client:  # noqa: ANN001
    return sign_in(Client(), user)


def run_baseline(world) -> Forecast:  # noqa: ANN001
    return services.run_baseline(
        user=world.a.finance,
        b=services.Baseline(
            name="Baseline 2026",
            census_date=dt.date(2026, 1, 15),
            years=6,
            population=40_000,
            population_growth=Decimal(0),
            hnb_allocation=1_000_000,
            allocation_growth=Decimal(1),
            other_spend=100_000,
            opening_deficit=500_000,
            write_off_share=Decimal(90),
            inflation=Decimal(3),
            runs=100,
        ),
    )


BASELINE_FORM = {
    "name": "My baseline",
    "census_date-day": "15",
    "census_date-month": "1",
    "census_date-year": "2026",
    "years": "5",
    "population": "40000",
    "population_growth": "0.5",
    "hnb_allocation": "2000000",
    "allocation_growth": "2",
    "other_spend": "0",
    "opening_deficit": "300000",
    "write_off_share": "90",
    "inflation": "3",
    "runs": "100",
}


def test_a_finance_officer_runs_a_baseline_from_the_form(world, db) -> None:  # noqa: ANN001
    response = client_for(world.a.finance).post("/forecast/baseline/", BASELINE_FORM)
    f = Forecast.objects.get(name="My baseline")
    assert response.status_code == 302 and response["Location"] == f"/forecast/{f.pk}/"
    assert f.local_authority == world.a.la and f.created_by == world.a.finance and f.runs == 100


def test_bad_form_input_is_shown_with_every_message_and_kept(world, db) -> None:  # noqa: ANN001
    data = {**BASELINE_FORM, "years": "15", "population": "lots", "census_date-month": "13"}
    response = client_for(world.a.finance).post("/forecast/baseline/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "The population aged 0 to 25 must be a whole number" in page
    assert "The census date must be a real date" in page
    assert 'value="lots"' in page and 'value="My baseline"' in page
    assert not Forecast.objects.exists()


def test_the_forecast_page_has_charts_tables_summaries_and_what_is_left_out(world, db) -> None:  # noqa: ANN001
    f = run_baseline(world)
    page = client_for(world.a.manager).get(f"/forecast/{f.pk}/").content.decode()
    assert page.count('role="img"') == 3
    assert "<title" in page and "Plans are expected to go from" in page
    assert "when the statutory override ends on 31 March 2028" in page
    assert "What the model leaves out" in page and "Changes of primary need" in page
    assert "after override" in page
    # Managers read forecasts but cannot make scenarios.
    assert "Make a scenario" not in page
    assert "Make a scenario" in client_for(world.a.finance).get(f"/forecast/{f.pk}/").content.decode()


def test_a_scenario_from_the_form_is_compared_with_its_baseline(world, db) -> None:  # noqa: ANN001
    base = run_baseline(world)
    response = client_for(world.a.finance).post(
        f"/forecast/{base.pk}/scenario/",
        {
            "name": "Fewer ISS",
            "request_factor": "90",
            "request_from": "2026",
            "dsp_places": "10",
            "dsp_from": "2027",
            "iss_reduction": "50",
            "iss_to": "special",
            "iss_from": "2026",
            "inflation": "",
        },
    )
    s = Forecast.objects.get(kind=ForecastKind.SCENARIO)
    assert response["Location"] == f"/forecast/{s.pk}/"
    assert s.baseline == base and s.inflation == base.inflation
    page = client_for(world.a.manager).get(f"/forecast/{s.pk}/").content.decode()
    assert "Scenario against baseline, year by year" in page
    assert "10 new DSP or resourced places opening in 2027" in page
    assert "against the baseline" in page


def test_forecasts_of_another_area_are_not_found(world, db) -> None:  # noqa: ANN001
    f = run_baseline(world)
    assert client_for(world.b.finance).get(f"/forecast/{f.pk}/").status_code == 404
    assert client_for(world.b.finance).get(f"/forecast/{f.pk}/csv/").status_code == 404
    assert client_for(world.b.finance).post(f"/forecast/{f.pk}/scenario/", {"name": "x"}).status_code == 404


def test_csv_download_has_every_band_and_is_audited(world, db) -> None:  # noqa: ANN001
    f = run_baseline(world)
    response = client_for(world.a.manager).get(f"/forecast/{f.pk}/csv/")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "measure,period,mean,p2.5,p10,p50,p90,p97.5" in text
    assert "cumulative DSG deficit at 31 March (£),2027-28" in text
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(f.pk)).count() == 1


def make_special(world) -> Setting:  # noqa: ANN001
    return Setting.objects.create(
        local_authority=world.a.la,
        name="Birch Special School",
        urn="199002",
        kind=SettingKind.SPECIAL,
        phase=Phase.ALL_THROUGH,
        postcode="AB1 2CD",
    )


def test_capacity_form_adds_a_record_and_the_sufficiency_page_shows_it(world, db) -> None:  # noqa: ANN001
    setting = make_special(world)
    c = client_for(world.a.manager)
    response = c.post(
        "/sufficiency/capacity/new/",
        {
            "setting_id": setting.pk,
            "provision": "special",
            "academic_year": "2026",
            "phase": "primary",
            "need": "",
            "places_10k": "40",
            "places_6k": "0",
            "physical": "45",
            "planned_change": "0",
            "confidence": "confirmed",
        },
    )
    assert response.status_code == 302
    rec = CapacityRecord.objects.get()
    page = c.get("/sufficiency/?year=2026").content.decode()
    assert "Birch Special School" in page and ">40<" in page
    # Changing it with a stale version is refused, keeping what was typed.
    services.save_capacity(
        user=world.a.finance,
        data={**{k: getattr(rec, k) for k in services.CAPACITY_FIELDS}, "places_10k": 42},
        record_obj=rec,
        version=1,
    )
    response = c.post(
        f"/sufficiency/capacity/{rec.pk}/",
        {
            "version": "1",
            "setting_id": setting.pk,
            "provision": "special",
            "academic_year": "2026",
            "phase": "primary",
            "need": "",
            "places_10k": "44",
            "places_6k": "0",
            "physical": "45",
            "planned_change": "0",
            "confidence": "confirmed",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "This record was changed by" in page and 'value="44"' in page


def test_waiting_list_names_only_visible_children_and_is_audited(world, db) -> None:  # noqa: ANN001
    today = dt.date.today()
    WaitingEntry.objects.create(
        child=world.a.child1,
        plan=world.a.plan1,
        local_authority=world.a.la,
        trigger="panel",
        opened_on=today - dt.timedelta(days=95),
        provision_sought="special",
        need="ASD",
        phase=Phase.PRIMARY,
        interim="reduced",
    )
    WaitingEntry.objects.create(
        child=world.a.child2,
        plan=world.a.plan2,
        local_authority=world.a.la,
        trigger="plan",
        opened_on=today - dt.timedelta(days=20),
        provision_sought="dsp",
        need="SEMH",
        phase=Phase.PRIMARY,
        interim="mainstream",
        closed_on=today - dt.timedelta(days=2),
    )
    response = client_for(world.a.coordinator).get("/sufficiency/waiting/")
    page = response.content.decode()
    assert world.a.child1.full_name in page and world.a.child2.full_name not in page  # closed
    assert ">95<" in page and "Reduced timetable" in page
    event = AuditEvent.objects.get(action=AuditAction.LIST, summary="Children waiting for a specialist place")
    assert event.changes["child_ids"] == [world.a.child1.pk]
    # Another area's staff see no child of this area.
    other = client_for(world.b.coordinator).get("/sufficiency/waiting/").content.decode()
    assert world.a.child1.full_name not in other


@pytest.mark.parametrize("role", ["councillor", "admin", "senco_a", "parent1"])
def test_people_outside_the_council_send_team_see_no_forecast_or_waiting_list(world, db, role) -> None:  # noqa: ANN001
    c = client_for(getattr(world.a, role))
    for path in ("/forecast/", "/sufficiency/", "/sufficiency/waiting/"):
        assert c.get(path).status_code == 403
