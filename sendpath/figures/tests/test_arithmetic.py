"""The pure arithmetic: rates with empty denominators, DfE's rounding, the 6/16/20/52-week
boundaries, medians, targets, census days and ages."""

from __future__ import annotations

import datetime as dt

import pytest

from sendpath.figures import arithmetic as ar


def test_a_rate_is_numerator_denominator_and_a_percentage_to_one_place() -> None:
    r = ar.Rate(39407, 84866)
    assert r.as_dict() == {"numerator": 39407, "denominator": 84866, "percentage": 46.4}


def test_an_empty_denominator_gives_no_percentage_not_zero() -> None:
    assert ar.Rate(0, 0).percentage is None
    assert ar.rate(None, None).as_dict() == {"numerator": 0, "denominator": 0, "percentage": None}


def test_rates_round_half_up_like_dfe() -> None:
    # 1/8 = 12.5% exactly; 1/16 = 6.25% -> 6.3 (half up), where round() would give 6.2.
    assert ar.Rate(1, 8).percentage == 12.5
    assert ar.Rate(1, 16).percentage == 6.3
    assert ar.round_half_up(46.45) == 46.5
    assert ar.Rate(294, 571).percentage == 51.5  # Leicester 2024, as published


def test_a_rate_refuses_impossible_counts() -> None:
    with pytest.raises(ValueError):
        ar.Rate(5, 4)
    with pytest.raises(ValueError):
        ar.Rate(-1, 4)


@pytest.mark.parametrize(
    ("days", "weeks", "expected"),
    [
        (42, 6, True),  # exactly 6 weeks: in time (rule W)
        (43, 6, False),
        (112, 16, True),  # exactly 16 weeks
        (113, 16, False),
        (140, 20, True),  # exactly 20 weeks
        (141, 20, False),
        (28, 4, True),  # review decision on day 28
        (29, 4, False),
        (0, 6, True),
    ],
)
def test_within_weeks_at_the_boundaries(days: int, weeks: int, expected: bool) -> None:
    assert ar.within_weeks(days, weeks) is expected


def test_a_step_before_its_clock_started_is_an_error() -> None:
    with pytest.raises(ValueError):
        ar.within_weeks(-1, 6)


@pytest.mark.parametrize(
    ("days", "band"),
    [
        (0, ar.WITHIN_20),
        (140, ar.WITHIN_20),
        (141, ar.BETWEEN_20_AND_52),
        (364, ar.BETWEEN_20_AND_52),  # exactly 52 weeks: still "within a year"
        (365, ar.OVER_52),
        (700, ar.OVER_52),
    ],
)
def test_timeliness_bands_at_20_and_52_weeks(days: int, band: str) -> None:
    assert ar.timeliness_band(days) == band


def test_band_counts_cover_every_band() -> None:
    assert ar.band_counts([140, 141, 364, 365]) == {
        ar.WITHIN_20: 1,
        ar.BETWEEN_20_AND_52: 2,
        ar.OVER_52: 1,
    }
    assert ar.band_counts([]) == dict.fromkeys(ar.BANDS, 0)


def test_median_of_nothing_is_none_and_of_an_even_count_is_the_middle() -> None:
    assert ar.median([]) is None
    assert ar.median([5]) == 5
    assert ar.median([1, 2, 3, 10]) == 2.5


def test_average_weeks() -> None:
    assert ar.average_weeks(None, 0) is None
    assert ar.average_weeks(0, 0) is None
    assert ar.average_weeks(140 + 147, 2) == 20.5


@pytest.mark.parametrize(
    ("baseline", "change", "kind", "target"),
    [
        (51.5, 15, "relative", 59.2),  # funding.md 6.3: Leicester's 2024 figure x 1.15
        (51.5, 15, "points", 66.5),
        (15.6, 25, "relative", 19.5),
        (15.6, 25, "points", 40.6),
        (90.0, 25, "relative", 100.0),  # a share cannot pass 100%
    ],
)
def test_targets_from_a_baseline(baseline: float, change: float, kind: str, target: float) -> None:
    assert ar.percentage_change_target(baseline, change, kind) == target


def test_an_unknown_target_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        ar.percentage_change_target(50, 10, "double")


def test_periods() -> None:
    year = ar.Period.calendar_year(2025)
    assert (year.start, year.end, year.label) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31), "2025")
    fy = ar.Period.financial_year(2024)
    assert (fy.start, fy.end, fy.label) == (dt.date(2024, 4, 1), dt.date(2025, 3, 31), "2024-25")
    assert dt.date(2025, 3, 31) in fy and dt.date(2025, 4, 1) not in fy
    feb = ar.Period.month(2028, 2)
    assert feb.end == dt.date(2028, 2, 29)
    with pytest.raises(ValueError):
        ar.Period(dt.date(2025, 2, 1), dt.date(2025, 1, 1))


def test_monthly_periods_run_across_a_year_end() -> None:
    months = ar.monthly_periods(dt.date(2026, 2, 10), 3)
    assert [m.start for m in months] == [dt.date(2025, 12, 1), dt.date(2026, 1, 1), dt.date(2026, 2, 1)]


@pytest.mark.parametrize(
    ("year", "day"),
    [
        (2024, dt.date(2024, 1, 18)),
        (2025, dt.date(2025, 1, 16)),
        (2026, dt.date(2026, 1, 15)),
        (2027, dt.date(2027, 1, 21)),
    ],
)
def test_census_day_is_the_third_thursday_of_january(year: int, day: dt.date) -> None:
    assert ar.census_day(year) == day


def test_birth_ranges_match_ages_including_leap_days() -> None:
    census = dt.date(2026, 1, 15)
    earliest, latest = ar.birth_range_for_age(10, census)
    assert ar.age_on(earliest, census) == 10 and ar.age_on(latest, census) == 10
    assert ar.age_on(earliest - dt.timedelta(days=1), census) == 11
    assert ar.age_on(latest + dt.timedelta(days=1), census) == 9
    leap = dt.date(2028, 2, 29)
    earliest, latest = ar.birth_range_for_age(1, leap)
    assert latest == dt.date(2027, 2, 28)
    assert ar.age_on(dt.date(2027, 2, 28), leap) == 1
    assert ar.age_on(dt.date(2027, 3, 1), leap) == 0
