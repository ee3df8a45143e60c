"""The arithmetic of annual costs: FY and AY, pro rata by days, leap years, rate changes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendpath.funding.annualise import (
    Rate,
    academic_year_of,
    ay_bounds,
    ay_cost,
    clip_rates,
    cost_in_year,
    days_between,
    financial_year_of,
    fy_bounds,
    fy_cost,
    fy_from_ay_rates,
    fy_label,
    to_pence,
)

D = dt.date
TEN_K = Decimal(1_000_000)  # £10,000 in pence


def flat(annual: Decimal = TEN_K) -> list[Rate]:
    return [Rate(D(2000, 1, 1), None, annual)]


def test_year_names_and_bounds() -> None:
    assert financial_year_of(D(2026, 3, 31)) == 2025
    assert financial_year_of(D(2026, 4, 1)) == 2026
    assert academic_year_of(D(2026, 8, 31)) == 2025
    assert academic_year_of(D(2026, 9, 1)) == 2026
    assert fy_bounds(2025) == (D(2025, 4, 1), D(2026, 3, 31))
    assert ay_bounds(2025) == (D(2025, 9, 1), D(2026, 8, 31))
    assert fy_label(2025) == "2025-26" and fy_label(2099) == "2099-00"


def test_a_whole_year_costs_the_annual_rate_in_leap_and_ordinary_years() -> None:
    # FY 2023-24 holds 29 February 2024 (366 days); FY 2024-25 does not.
    assert days_between(*fy_bounds(2023)) == 366
    assert days_between(*fy_bounds(2024)) == 365
    for year in (2023, 2024, 2027):
        assert fy_cost(flat(), D(2020, 1, 1), None, year) == TEN_K
        assert ay_cost(flat(), D(2020, 1, 1), None, year) == TEN_K


def test_part_year_is_pro_rata_by_days_with_the_leap_day_counted() -> None:
    # Starts 1 January 2024: 91 days of FY 2023-24 (Jan 31 + Feb 29 + Mar 31), out of 366.
    cost = fy_cost(flat(), D(2024, 1, 1), None, 2023)
    assert cost == TEN_K * 91 / 366
    assert to_pence(cost) == 248_634  # £2,486.34
    # The same dates a year later: 90 days out of 365.
    assert fy_cost(flat(), D(2025, 1, 1), None, 2024) == TEN_K * 90 / 365
    # AY 2023-24 (Sep 2023 – Aug 2024) is the leap one for academic years.
    assert days_between(*ay_bounds(2023)) == 366
    assert ay_cost(flat(), D(2024, 2, 29), D(2024, 2, 29), 2023) == TEN_K / 366


def test_one_day_and_no_days() -> None:
    assert fy_cost(flat(), D(2025, 6, 1), D(2025, 6, 1), 2025) == TEN_K / 365
    assert fy_cost(flat(), D(2026, 6, 1), None, 2025) == 0  # starts after the year
    assert fy_cost(flat(), D(2020, 6, 1), D(2025, 3, 31), 2025) == 0  # ended before it


def test_band_change_on_1_april_applies_from_that_day_not_backwards() -> None:
    rates = [
        Rate(D(2024, 4, 1), D(2025, 3, 31), Decimal(300_000)),  # £3,000
        Rate(D(2025, 4, 1), None, Decimal(450_000)),  # £4,500 from 1 April 2025
    ]
    assert fy_cost(rates, D(2024, 9, 1), None, 2024) == Decimal(300_000) * 212 / 365
    assert fy_cost(rates, D(2024, 9, 1), None, 2025) == Decimal(450_000)
    # The academic year 2024-25 straddles the change: 212 days old rate, 153 new.
    assert ay_cost(rates, D(2024, 9, 1), None, 2024) == (
        (Decimal(300_000) * 212 + Decimal(450_000) * 153) / 365
    )


def test_rate_change_mid_year_in_a_leap_year() -> None:
    rates = [
        Rate(D(2023, 4, 1), D(2024, 1, 31), Decimal(1_200_000)),
        Rate(D(2024, 2, 1), None, Decimal(1_800_000)),
    ]
    # FY 2023-24: Apr–Jan = 306 days at £12k, Feb–Mar = 60 days (29 + 31) at £18k, over 366.
    expected = (Decimal(1_200_000) * 306 + Decimal(1_800_000) * 60) / 366
    assert fy_cost(rates, D(2023, 4, 1), None, 2023) == expected
    assert to_pence(expected) == 1_298_361


def test_days_with_no_rate_cost_nothing() -> None:
    rates = [Rate(D(2025, 9, 1), None, TEN_K)]
    assert fy_cost(rates, D(2025, 4, 1), None, 2025) == TEN_K * 212 / 365


def test_spent_so_far_and_committed_add_up_to_the_year() -> None:
    today = D(2025, 11, 15)
    spent = fy_cost(flat(), D(2025, 6, 1), None, 2025, until=today)
    committed = fy_cost(flat(), D(2025, 6, 1), None, 2025, since=today + dt.timedelta(days=1))
    assert spent + committed == fy_cost(flat(), D(2025, 6, 1), None, 2025)
    assert spent == TEN_K * 168 / 365


def test_fy_from_academic_year_rates_is_five_and_seven_twelfths() -> None:
    # funding.md §5.8: 5/12 × 16,600,000 + 7/12 × 20,332,200 = 56,331,350 / 3 exactly.
    value = fy_from_ay_rates(Decimal(16_600_000), Decimal(20_332_200))
    assert value == Fraction(56_331_350, 3)
    assert to_pence(value) == 18_777_117  # 18,777,116.67 rounded half-up to a whole unit


def test_rounding_is_half_up_at_output_only() -> None:
    assert to_pence(Decimal("2.5")) == 3
    assert to_pence(Decimal("-2.5")) == -3
    assert to_pence(Fraction(1, 2)) == 1


def test_a_rate_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError):
        Rate(D(2025, 4, 2), D(2025, 4, 1), TEN_K)


def test_clip_rates_keeps_the_ones_that_touch_the_dates_in_order() -> None:
    a = Rate(D(2023, 4, 1), D(2024, 3, 31), TEN_K)
    b = Rate(D(2024, 4, 1), D(2025, 3, 31), TEN_K)
    c = Rate(D(2025, 4, 1), None, TEN_K)
    assert clip_rates([c, a, b], D(2024, 6, 1), D(2025, 6, 1)) == [b, c]


@given(
    start=st.dates(D(2019, 1, 1), D(2030, 12, 31)),
    length=st.integers(0, 900),
    split=st.integers(0, 900),
    year=st.integers(2019, 2030),
)
def test_the_year_split_at_any_day_adds_up(start: dt.date, length: int, split: int, year: int) -> None:
    end = start + dt.timedelta(days=length)
    day = start + dt.timedelta(days=split)
    rates = [Rate(D(2018, 1, 1), D(2024, 3, 31), TEN_K), Rate(D(2024, 4, 1), None, Decimal(1_234_567))]
    whole = fy_cost(rates, start, end, year)
    parts = fy_cost(rates, start, end, year, until=day) + fy_cost(
        rates, start, end, year, since=day + dt.timedelta(days=1)
    )
    assert abs(parts - whole) < Decimal("1e-18")  # Decimal's 28 digits, far below a penny
    assert 0 <= whole <= Decimal(1_234_567)


def test_cost_in_year_over_any_bounds() -> None:
    assert cost_in_year(flat(), D(2025, 1, 1), None, D(2025, 1, 1), D(2025, 12, 31)) == TEN_K
