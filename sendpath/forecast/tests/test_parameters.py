"""Estimating the model's inputs from an area's records."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from sendpath.demo.calibration import ENGLAND
from sendpath.demo.generator import build_area
from sendpath.forecast import model, parameters
from sendpath.forecast.parameters import NCYS, SETTINGS, census_day, ncy_on, pooled_transitions, valid_states
from sendpath.plans.models import Plan, PlanStatus

TODAY = dt.date(2026, 11, 20)


def test_census_day_is_the_third_thursday_of_january() -> None:
    assert census_day(2026) == dt.date(2026, 1, 15)
    assert census_day(2025) == dt.date(2025, 1, 16)
    assert census_day(2026).weekday() == 3


@pytest.mark.parametrize(
    ("dob", "day", "ncy"),
    [
        (dt.date(2020, 9, 1), dt.date(2026, 1, 15), 0),  # oldest in reception
        (dt.date(2021, 8, 31), dt.date(2026, 1, 15), 0),  # youngest in reception
        (dt.date(2020, 8, 31), dt.date(2026, 1, 15), 1),
        (dt.date(2014, 3, 1), dt.date(2025, 10, 1), 7),  # after September: the new year
        (dt.date(2008, 10, 10), dt.date(2026, 1, 15), 12),
    ],
)
def test_ncy_from_date_of_birth(dob: dt.date, day: dt.date, ncy: int) -> None:
    assert ncy_on(dob, day) == ncy


def test_pooled_transitions_are_probabilities_and_respect_valid_states() -> None:
    rng = np.random.default_rng(0)
    valid = valid_states()
    a, s = len(NCYS), len(SETTINGS)
    flows = rng.integers(0, 3, size=(a, 13, s, s + 1)).astype(float)
    p = pooled_transitions(flows, valid)
    assert np.allclose(p.sum(axis=-1), 1)
    assert (p >= 0).all()
    # Nobody moves into an FE college at NCY 5 (from NCY 4), and everyone at NCY 20 leaves.
    fe = SETTINGS.index("fe_college")
    assert (p[NCYS.index(4), :, :, fe] == 0).all()
    assert np.allclose(p[-1, :, :, -1], 1)
    # Every allowed move has some probability: no zero from sparse data.
    assert (p[NCYS.index(8), :, :, SETTINGS.index("special")] > 0).all()


@pytest.mark.django_db
def test_estimate_from_a_demo_area_matches_its_plans_and_runs() -> None:
    area = build_area(plans=300, seed=3, profile=ENGLAND, today=TODAY, la_code="999")
    la = area.local_authority
    census = census_day(2026)
    inputs, summary = parameters.estimate(
        la.pk, census, years=5, population=60_000, population_growth=0.005, inflation=0.03
    )
    in_force = (
        Plan.objects.filter(local_authority=la, first_issued_on__lte=census)
        .exclude(status=PlanStatus.DRAFT)
        .exclude(ceased_on__lte=census)
        .count()
    )
    assert summary["plans"] == in_force == int(inputs.stock.sum())
    assert summary["transitions_observed"] == summary["stayed"] + summary["moved"] + summary["left"]
    assert 0 < inputs.request_rate < 0.05
    assert 0 < inputs.conversion_rate <= 1
    model.validate(inputs)
    out = model.simulate(inputs, runs=50, seed=1)
    assert out.counts.shape[:2] == (50, 6)
    blob = parameters.pack(inputs)
    again = parameters.unpack(blob)
    assert parameters.inputs_hash(again) == parameters.inputs_hash(inputs)
    assert set(summary["unit_costs"]) == set(SETTINGS)
