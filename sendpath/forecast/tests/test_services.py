"""Running baselines and scenarios, and keeping capacity records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sendpath.audit.models import AuditAction, AuditEvent
from sendpath.common.errors import DomainError, NotAllowed, StaleRecord
from sendpath.forecast import services
from sendpath.forecast.models import Forecast, ForecastKind
from sendpath.forecast.services import Baseline, Levers
from sendpath.organisations.models import Phase, Setting, SettingKind
from tests.helpers import world_fixture

world = world_fixture()
CENSUS = dt.date(2026, 1, 15)


def baseline_inputs(**changes: object) -> Baseline:
    values = dict(
        name="Baseline January 2026",
        census_date=CENSUS,
        years=6,
        population=40_000,
        population_growth=Decimal("0.5"),
        hnb_allocation=30_000_000,
        allocation_growth=Decimal(2),
        other_spend=2_000_000,
        opening_deficit=20_000_000,
        write_off_share=Decimal(90),
        inflation=Decimal(3),
        runs=200,
        seed=4,
    )
    values.update(changes)
    return Baseline(**values)  # type: ignore[arg-type]


@pytest.fixture
def baseline(world, db) -> Forecast:  # noqa: ANN001
    return services.run_baseline(user=world.a.finance, b=baseline_inputs())


def test_a_baseline_is_saved_with_its_seed_hash_results_and_audit(world, baseline) -> None:  # noqa: ANN001
    assert baseline.kind == ForecastKind.BASELINE
    assert len(baseline.inputs_hash) == 64
    r = baseline.results
    assert r["census_years"] == list(range(2026, 2033))
    assert r["fy_labels"][0] == "2026-27" and len(r["fy_labels"]) == 6
    assert r["plans"]["p2_5"][3] <= r["plans"]["p50"][3] <= r["plans"]["p97_5"][3]
    # The opening deficit less the 90% write-off is the historic balance every year.
    assert r["deficit"][0]["historic_residual"] == 2_000_000
    # The override ends on 31 March 2028: the end of 2027-28.
    assert r["exposure_at_override_end"] == r["deficit"][1]["cumulative"]
    assert [d["after_override"] for d in r["deficit"]][:3] == [False, False, True]
    event = AuditEvent.objects.get(object_type="forecast.forecast", object_id=str(baseline.pk))
    assert event.action == AuditAction.CREATE and event.changes["seed"] == 4


def test_the_same_inputs_and_seed_give_the_same_figures(world, baseline) -> None:  # noqa: ANN001
    again = services.run_baseline(user=world.a.finance, b=baseline_inputs())
    assert again.inputs_hash == baseline.inputs_hash
    assert again.results == baseline.results


def test_only_a_finance_officer_runs_forecasts(world, db) -> None:  # noqa: ANN001
    with pytest.raises(NotAllowed):
        services.run_baseline(user=world.a.manager, b=baseline_inputs())
    assert not Forecast.objects.exists()


def test_bad_inputs_are_refused_with_a_message_per_field(world, db) -> None:  # noqa: ANN001
    with pytest.raises(DomainError) as err:
        services.run_baseline(
            user=world.a.finance,
            b=baseline_inputs(name=" ", years=12, population=5, write_off_share=Decimal(120)),
        )
    assert set(err.value.errors) == {"name", "years", "population", "write_off_share"}


def test_a_scenario_with_no_levers_equals_its_baseline(world, baseline) -> None:  # noqa: ANN001
    same = services.run_scenario(user=world.a.finance, baseline=baseline, lv=Levers(name="Nothing moved"))
    assert same.results["plans"] == baseline.results["plans"]
    assert same.results["cost_fy"] == baseline.results["cost_fy"]
    assert same.inputs_hash == baseline.inputs_hash


def test_fewer_requests_mean_fewer_plans_and_a_smaller_deficit(world, baseline) -> None:  # noqa: ANN001
    fewer = services.run_scenario(
        user=world.a.finance,
        baseline=baseline,
        lv=Levers(name="A fifth fewer requests", request_factor=Decimal(80), request_from=2026),
    )
    assert fewer.results["plans"]["mean"][-1] < baseline.results["plans"]["mean"][-1]
    assert fewer.results["deficit"][-1]["cumulative"] < baseline.results["deficit"][-1]["cumulative"]
    assert fewer.baseline_id == baseline.pk and fewer.kind == ForecastKind.SCENARIO


def test_higher_inflation_raises_cost_not_plans(world, baseline) -> None:  # noqa: ANN001
    dearer = services.run_scenario(
        user=world.a.finance, baseline=baseline, lv=Levers(name="Dearer", inflation=Decimal(6))
    )
    assert dearer.results["plans"] == baseline.results["plans"]
    assert dearer.results["cost_fy"]["mean"][-1] > baseline.results["cost_fy"]["mean"][-1]


def test_lever_years_outside_the_forecast_are_refused(world, baseline) -> None:  # noqa: ANN001
    with pytest.raises(DomainError) as err:
        services.run_scenario(
            user=world.a.finance,
            baseline=baseline,
            lv=Levers(name="Too late", dsp_places=20, dsp_from=2040, iss_reduction=Decimal(150)),
        )
    assert set(err.value.errors) == {"dsp_from", "iss_reduction"}


def test_scenarios_only_from_your_own_areas_baseline(world, baseline) -> None:  # noqa: ANN001
    with pytest.raises(NotAllowed):
        services.run_scenario(user=world.b.finance, baseline=baseline, lv=Levers(name="Not mine"))


def test_model_year_of_an_academic_year() -> None:
    # A January 2026 census: the 2026/27 academic year first shows at the January 2027 census.
    assert services.model_year(2026, 2026) == 1
    assert services.model_year(2026, 2028) == 3
    assert services.model_year(2026, None) == 1
    assert services.model_year(2026, 2020) == 1


def test_decomposition_of_the_worked_example_adds_up() -> None:
    import numpy as np

    counts = np.array([[400, 300, 50], [380, 340, 90], [364, 378, 123]], dtype=float)
    unit = np.array([[8000, 24000, 60000], [8000, 24000, 60000], [8400, 25200, 63000]], dtype=float)
    rows = services.decomposition(counts, counts * unit)
    assert rows[0] == {"caseload": 1_072_000, "mix": 2_128_000, "price": 0}
    assert rows[1]["price"] == 968_200
    assert rows[1]["caseload"] + rows[1]["mix"] == 2_764_000


def special_school(world) -> Setting:  # noqa: ANN001
    return Setting.objects.create(
        local_authority=world.a.la,
        name="Oak Special School",
        urn="199001",
        kind=SettingKind.SPECIAL,
        phase=Phase.ALL_THROUGH,
        postcode="AB1 2CD",
    )


def capacity(setting: Setting, **changes: object) -> dict[str, object]:
    data = dict(
        setting_id=setting.pk,
        provision="special",
        academic_year=2026,
        need="",
        phase=Phase.PRIMARY,
        physical=120,
        places_10k=100,
        places_6k=0,
        planned_change=0,
        confidence="confirmed",
        note="",
    )
    data.update(changes)
    return data


def test_capacity_records_are_added_changed_and_audited(world, db) -> None:  # noqa: ANN001
    setting = special_school(world)
    rec = services.save_capacity(user=world.a.finance, data=capacity(setting))
    assert rec.commissioned == 100 and rec.version == 1
    rec = services.save_capacity(
        user=world.a.manager, data=capacity(setting, places_10k=110), record_obj=rec, version=1
    )
    assert rec.version == 2
    events = AuditEvent.objects.filter(object_type="forecast.capacityrecord", object_id=str(rec.pk))
    assert {e.action for e in events} == {AuditAction.CREATE, AuditAction.UPDATE}
    assert events.get(action=AuditAction.UPDATE).changes["places_10k"] == ["100", "110"]


def test_a_stale_capacity_form_is_refused_saying_who_saved(world, db) -> None:  # noqa: ANN001
    setting = special_school(world)
    rec = services.save_capacity(user=world.a.finance, data=capacity(setting))
    services.save_capacity(
        user=world.a.manager, data=capacity(setting, places_10k=90), record_obj=rec, version=1
    )
    with pytest.raises(StaleRecord) as err:
        services.save_capacity(
            user=world.a.finance, data=capacity(setting, places_10k=95), record_obj=rec, version=1
        )
    assert world.a.manager.full_name in err.value.message


def test_capacity_checks_setting_duplicates_and_physical_space(world, db) -> None:  # noqa: ANN001
    setting = special_school(world)
    services.save_capacity(user=world.a.finance, data=capacity(setting))
    with pytest.raises(DomainError) as err:
        services.save_capacity(user=world.a.finance, data=capacity(setting, physical=50))
    assert set(err.value.errors) == {"academic_year", "physical"}
    with pytest.raises(DomainError) as err:
        services.save_capacity(user=world.b.finance, data=capacity(setting, phase=Phase.SECONDARY))
    assert "setting_id" in err.value.errors
    with pytest.raises(NotAllowed):
        services.save_capacity(user=world.a.coordinator, data=capacity(setting, phase=Phase.SECONDARY))
