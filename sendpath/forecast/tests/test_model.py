"""The model against funding.md §5.8 (exactly, with fractions) and its properties."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from sendpath.forecast import model
from sendpath.forecast.model import Capacity, Inputs, ModelError, Redirect

MS, SS, ISS = 0, 1, 2


def worked_example(**changes: object) -> Inputs:
    """§5.8: three settings, no NCY or need, two projected years."""
    base = dict(
        stock=[[[400, 300, 50]]],
        transitions=[
            [
                [
                    ["0.80", "0.10", "0.05", "0.05"],
                    ["0.00", "0.90", "0.05", "0.05"],
                    ["0.00", "0.10", "0.80", "0.10"],
                ]
            ]
        ],
        population=[50_000, 50_000, 50_000],
        request_rate="0.002",
        conversion_rate=1,
        joiner_split=[[["0.60", "0.25", "0.15"]]],
        unit_costs=[[8_000, 24_000, 60_000]],
        inflation=[0, 0, "0.05"],
        years=2,
        settings=("MS", "SS", "ISS"),
        ageing=False,
    )
    base.update(changes)
    # Validation works on floats; the exact path converts every figure to a Fraction.
    base["transitions"] = np.array(base["transitions"], dtype=object)
    base["joiner_split"] = np.array(base["joiner_split"], dtype=object)
    base["inflation"] = np.array(base["inflation"], dtype=object)
    return Inputs(**base)  # type: ignore[arg-type]


def stocks(projection: model.Projection, year: int) -> list[Fraction]:
    return list(projection.counts[year].sum(axis=(0, 1)))


def test_worked_example_stocks_leavers_and_costs_exactly() -> None:
    out = model.project(worked_example(), exact=True)
    assert stocks(out, 0) == [400, 300, 50]
    assert stocks(out, 1) == [380, 340, 90]
    assert stocks(out, 2) == [364, 378, 123]
    assert list(out.leavers[1:]) == [40, 45]
    assert list(out.joiners[1:]) == [100, 100]
    totals = [out.costs[y].sum() for y in range(3)]
    assert totals == [13_400_000, 16_600_000, 20_332_200]
    assert list(out.costs[2].sum(axis=0)) == [3_057_600, 9_525_600, 7_749_000]
    assert all(isinstance(v, Fraction) for v in totals)


def test_worked_example_financial_year_is_five_twelfths_and_seven_twelfths() -> None:
    out = model.project(worked_example(), exact=True)
    fy = model.financial_years(np.array([out.costs[y].sum() for y in range(3)], dtype=object))
    assert fy[1] == Fraction(56_331_350, 3)
    assert round(float(fy[1]), 2) == 18_777_116.67


def test_worked_example_children_are_conserved_each_year() -> None:
    out = model.project(worked_example(), exact=True)
    for y in (1, 2):
        assert out.counts[y].sum() == out.counts[y - 1].sum() - out.leavers[y] + out.joiners[y]


def test_lever_redirecting_iss_joiners_from_year_two() -> None:
    lever = Redirect(sources=(ISS,), target=SS, share=1.0, from_year=2, joiners=True, movers=False)
    out = model.project(worked_example(redirects=(lever,)), exact=True)
    assert stocks(out, 1) == [380, 340, 90]
    assert stocks(out, 2) == [364, 393, 108]
    assert out.leavers[2] == 45
    assert out.costs[2].sum() == 19_765_200
    baseline = model.project(worked_example(), exact=True)
    assert baseline.costs[2].sum() - out.costs[2].sum() == 567_000
    assert out.redirected[2] == 15


def test_capacity_overflow_to_iss() -> None:
    cap = Capacity(setting=SS, places=360, fallback=ISS, from_year=2)
    out = model.project(worked_example(capacities=(cap,)), exact=True)
    assert stocks(out, 2) == [364, 360, 141]
    assert out.costs[2].sum() == 21_012_600
    assert out.costs[2].sum() - model.project(worked_example(), exact=True).costs[2].sum() == 680_400
    assert out.overflow[2] == 18


def test_rows_that_do_not_sum_to_one_are_refused() -> None:
    bad = worked_example(
        transitions=[
            [[["0.8", "0.1", "0.05", "0.10"], ["0", "0.9", "0.05", "0.05"], ["0", "0.1", "0.8", "0.1"]]]
        ]
    )
    with pytest.raises(ModelError) as err:
        model.project(bad)
    assert "sum to 1" in err.value.errors["transitions"]


def test_negative_population_and_bad_rates_are_refused_with_a_message_each() -> None:
    with pytest.raises(ModelError) as err:
        model.project(worked_example(population=[50_000, -1, 50_000], request_rate=2))
    assert set(err.value.errors) == {"population", "request_rate"}


def test_monte_carlo_mean_converges_on_the_expectation() -> None:
    out = model.simulate(worked_example(), runs=10_000, seed=7)
    mean = out.counts[:, 2].sum(axis=(1, 2)).mean(axis=0)
    for got, want in zip(mean, [364, 378, 123], strict=True):
        assert abs(got - want) / want < 0.01


def test_monte_carlo_is_reproducible_with_a_seed_and_differs_without_it() -> None:
    a = model.simulate(worked_example(), runs=200, seed=3)
    b = model.simulate(worked_example(), runs=200, seed=3)
    c = model.simulate(worked_example(), runs=200, seed=4)
    assert np.array_equal(a.counts, b.counts)
    assert not np.array_equal(a.counts, c.counts)


def test_monte_carlo_bands_are_ordered() -> None:
    out = model.simulate(worked_example(), runs=500, seed=1)
    b = model.bands(out.costs.sum(axis=(2, 3)))
    for y in (1, 2):
        assert b["p2_5"][y] <= b["p10"][y] <= b["p50"][y] <= b["p90"][y] <= b["p97_5"][y]
    assert b["p2_5"][2] < b["p97_5"][2]


def test_capacity_in_monte_carlo_is_a_hard_ceiling() -> None:
    cap = Capacity(setting=SS, places=360, fallback=ISS, from_year=2)
    out = model.simulate(worked_example(capacities=(cap,)), runs=300, seed=2)
    assert (out.counts[:, 2, ..., SS].sum(axis=(1, 2)) <= 360).all()
    assert np.array_equal(
        out.counts[:, 2].sum(axis=(1, 2, 3)),
        out.counts[:, 1].sum(axis=(1, 2, 3)) - out.leavers[:, 2] + out.joiners[:, 2],
    )


# -- properties on random aged inputs ------------------------------------------------------
def random_inputs(seed: int, years: int = 6) -> Inputs:
    """A random aged model: 8 NCYs, 3 needs, 4 settings, one setting closed to the youngest."""
    rng = np.random.default_rng(seed)
    a, n, s = 8, 3, 4
    valid = np.ones((a, s), dtype=bool)
    valid[:3, 3] = False  # setting 3 (say FE) opens at age index 3
    p = rng.random((a, n, s, s + 1))
    p[:-1, :, :, :s] *= valid[1:, None, None, :]
    p /= p.sum(axis=-1, keepdims=True)
    stock = rng.integers(0, 40, size=(a, n, s)) * valid[:, None, :]
    split = rng.random((a, n, s)) * valid[:, None, :]
    split /= split.sum()
    return Inputs(
        stock=stock,
        transitions=p,
        population=np.full(years + 1, 30_000),
        request_rate=0.004,
        conversion_rate=0.7,
        joiner_split=split,
        unit_costs=rng.integers(5_000, 60_000, size=(n, s)),
        inflation=np.full(years + 1, 0.03),
        years=years,
        ncy=tuple(range(a)),
        valid=valid,
    )


@pytest.mark.parametrize("seed", range(8))
def test_properties_counts_non_negative_and_mass_balance(seed: int) -> None:
    inputs = random_inputs(seed)
    det = model.project(inputs)
    mc = model.simulate(inputs, runs=50, seed=seed)
    assert (det.counts >= -1e-9).all()
    assert (mc.counts >= 0).all()
    for y in range(1, inputs.years + 1):
        assert det.counts[y].sum() == pytest.approx(det.counts[y - 1].sum() - det.leavers[y] + det.joiners[y])
        assert np.array_equal(
            mc.counts[:, y].sum(axis=(1, 2, 3)),
            mc.counts[:, y - 1].sum(axis=(1, 2, 3)) - mc.leavers[:, y] + mc.joiners[:, y],
        )


@pytest.mark.parametrize("seed", range(4))
def test_properties_ncy_goes_up_by_one_and_no_child_in_an_invalid_state(seed: int) -> None:
    inputs = random_inputs(seed)
    inputs.request_rate = 0  # no joiners: everyone in year y+1 came from age-1 in year y
    mc = model.simulate(inputs, runs=30, seed=seed)
    det = model.project(inputs)
    assert (mc.counts[:, 1:, 0] == 0).all()  # nobody ages into the first NCY
    for y in range(1, inputs.years + 1):
        by_age_before = mc.counts[:, y - 1].sum(axis=(2, 3))
        by_age_after = mc.counts[:, y].sum(axis=(2, 3))
        assert (by_age_after[:, 1:] <= by_age_before[:, :-1]).all()
    invalid = ~np.asarray(inputs.valid)
    assert (mc.counts[..., invalid.nonzero()[0], :, invalid.nonzero()[1]] == 0).all()
    assert np.allclose(det.counts[..., invalid.nonzero()[0], :, invalid.nonzero()[1]], 0)


def test_everyone_at_the_last_ncy_leaves() -> None:
    inputs = random_inputs(1)
    inputs.request_rate = 0
    det = model.project(inputs)
    assert det.leavers[1] == pytest.approx(det.counts[0].sum() - det.counts[1].sum())
    assert det.leavers[1] >= det.counts[0][-1].sum() - 1e-9


def test_joiner_lever_and_inflation_lever_move_plans_and_costs_the_right_way() -> None:
    inputs = random_inputs(2)
    base = model.project(inputs)
    fewer = model.project(model.with_levers(inputs, request_factor=0.8, request_from_year=2))
    assert fewer.counts[1].sum() == pytest.approx(base.counts[1].sum())
    assert fewer.counts[3].sum() < base.counts[3].sum()
    dearer = model.project(model.with_levers(inputs, inflation=np.full(inputs.years + 1, 0.06)))
    assert dearer.costs[3].sum() > base.costs[3].sum()
    assert dearer.counts[3].sum() == pytest.approx(base.counts[3].sum())


def test_more_places_lever_fills_at_most_the_new_places() -> None:
    inputs = random_inputs(3)
    lever = Redirect(sources=(1, 2), target=0, places=25, from_year=1)
    base = model.project(inputs)
    out = model.project(model.with_levers(inputs, redirects=(lever,)))
    start = base.counts[0][..., 0].sum()
    for y in range(1, inputs.years + 1):
        assert out.counts[y][..., 0].sum() <= max(start + 25, base.counts[y][..., 0].sum()) + 1e-6
    assert out.redirected[1:].sum() > 0
    assert out.counts[inputs.years].sum() == pytest.approx(base.counts[inputs.years].sum(), rel=0.05)
