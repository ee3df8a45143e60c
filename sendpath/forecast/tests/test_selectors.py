"""Sufficiency (places against children placed and forecast demand) and the waiting summary."""

from __future__ import annotations

import datetime as dt

from sendpath.forecast import selectors
from sendpath.forecast.models import CapacityRecord, Forecast, ForecastKind, WaitingEntry
from sendpath.funding.models import Placement
from sendpath.organisations.models import Phase, Setting, SettingKind
from tests.helpers import world_fixture

world = world_fixture()
TODAY = dt.date.today()
YEAR = selectors.academic_year_of(TODAY)


def special(world) -> Setting:  # noqa: ANN001
    return Setting.objects.create(
        local_authority=world.a.la,
        name="Ash Special School",
        urn="199003",
        kind=SettingKind.SPECIAL,
        phase=Phase.ALL_THROUGH,
        postcode="AB1 2CD",
    )


def baseline_with_demand(world, p50: float) -> Forecast:  # noqa: ANN001
    return Forecast.objects.create(
        local_authority=world.a.la,
        kind=ForecastKind.BASELINE,
        name="B",
        census_date=dt.date(YEAR, 1, 15),
        model_version="test",
        inputs_hash="0" * 64,
        population=1000,
        hnb_allocation=1,
        inputs_blob=b"",
        parameters={"unit_costs": {"special": {"amount": 24_000}, "independent_special": {"amount": 60_000}}},
        results={
            "demand": {
                "census_years": [YEAR + 1],
                "cells": {"special|primary|": {"p50": [p50], "p90": [p50 + 2]}},
            }
        },
    )


def test_sufficiency_counts_places_placed_children_demand_gap_and_its_cost(world, db) -> None:  # noqa: ANN001
    school = special(world)
    for plan in (world.a.plan1, world.a.plan2):
        Placement.objects.create(plan=plan, setting=school, start_on=TODAY - dt.timedelta(days=30))
    CapacityRecord.objects.create(
        setting=school, provision="special", academic_year=YEAR, phase=Phase.PRIMARY, places_10k=1
    )
    baseline_with_demand(world, p50=4.0)
    data = selectors.sufficiency(world.a.finance, TODAY)
    (row,) = data["institutions"]
    assert (row["commissioned"], row["placed"], row["free"]) == (1, 2, -1)
    # One row for the type and phase: the record is for any need, so both children count.
    (cell,) = data["cells"]
    assert (cell["capacity"], cell["placed"], cell["p50"], cell["gap"]) == (1, 2, 4.0, 3)
    assert cell["extra_cost"] == 3 * (60_000 - 24_000)


def test_sufficiency_of_another_area_shows_nothing_of_this_one(world, db) -> None:  # noqa: ANN001
    school = special(world)
    CapacityRecord.objects.create(
        setting=school, provision="special", academic_year=YEAR, phase=Phase.PRIMARY, places_10k=9
    )
    data = selectors.sufficiency(world.b.finance, TODAY)
    assert data["institutions"] == [] and data["cells"] == []


def test_waiting_summary_median_longest_and_bands(world, db) -> None:  # noqa: ANN001
    for child, days in ((world.a.child1, 10), (world.a.child2, 95), (world.a.child3, 200)):
        WaitingEntry.objects.create(
            child=child,
            local_authority=world.a.la,
            trigger="panel",
            opened_on=TODAY - dt.timedelta(days=days),
            provision_sought="special",
            need="ASD",
            phase=Phase.PRIMARY,
            interim="mainstream",
        )
    data = selectors.waiting(world.a.manager, TODAY)
    assert [e.days for e in data["entries"]] == [200, 95, 10]
    assert (data["median"], data["longest"]) == (95, 200)
    assert [b["n"] for b in data["bands"]] == [1, 0, 1, 1]
    assert selectors.waiting(world.b.manager, TODAY)["entries"] == []
