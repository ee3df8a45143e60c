"""Tests for the counting rules in timescales.md part 1 (sendpath.law.calendar)."""

from __future__ import annotations

import ast
import time
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendpath.law.calendar import (
    Rule,
    add_days,
    add_months,
    add_weeks,
    add_working_days,
    at_least_before,
    bank_holidays,
    before,
    days_beginning_with,
    is_working_day,
    months_beginning_with,
    practical_deadline,
    working_days_beginning_with,
)

D = date
DAYS = st.dates(min_value=D(1995, 1, 1), max_value=D(2095, 12, 31))
ONE = timedelta(days=1)


@pytest.fixture(autouse=True)
def _fast_settings() -> None:
    """Shadow the root conftest's Django-settings fixture: this library is pure Python, and its
    tests must also run with ``-p no:django`` (no settings, no database)."""


def wd(day: date) -> str:
    """Weekday as in timescales.md ("Mon"), so every expected date also pins its weekday."""
    return day.strftime("%a")


def weekday_holidays(year: int) -> list[tuple[date, str]]:
    return sorted((d, wd(d)) for d in bank_holidays(year) if d.weekday() < 5)


# --- 1.5: the bank-holiday tables, exactly -----------------------------------------------------


def test_bank_holidays_2026_match_timescales_table() -> None:
    assert weekday_holidays(2026) == [
        (D(2026, 1, 1), "Thu"),
        (D(2026, 4, 3), "Fri"),
        (D(2026, 4, 6), "Mon"),
        (D(2026, 5, 4), "Mon"),
        (D(2026, 5, 25), "Mon"),
        (D(2026, 8, 31), "Mon"),
        (D(2026, 12, 25), "Fri"),
        (D(2026, 12, 28), "Mon"),
    ]


def test_bank_holidays_2027_match_timescales_table() -> None:
    assert weekday_holidays(2027) == [
        (D(2027, 1, 1), "Fri"),
        (D(2027, 3, 26), "Fri"),
        (D(2027, 3, 29), "Mon"),
        (D(2027, 5, 3), "Mon"),
        (D(2027, 5, 31), "Mon"),
        (D(2027, 8, 30), "Mon"),
        (D(2027, 12, 27), "Mon"),
        (D(2027, 12, 28), "Tue"),
    ]


def test_weekend_originals_are_harmless() -> None:
    # The library lists Sat 26 Dec 2026 as well as the Monday substitute; weekends never count.
    assert D(2026, 12, 26) in bank_holidays(2026)
    assert not is_working_day(D(2026, 12, 26))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 12, 24), True),
        (D(2026, 12, 25), False),  # Christmas Day, Friday
        (D(2026, 12, 28), False),  # Boxing Day substitute
        (D(2026, 12, 29), True),
        (D(2027, 1, 1), False),
        (D(2027, 12, 24), True),
        (D(2027, 12, 27), False),  # Christmas Day substitute
        (D(2027, 12, 28), False),  # Boxing Day substitute
        (D(2027, 12, 29), True),
        (D(2028, 1, 3), False),  # New Year's Day substitute (1 Jan 2028 is a Saturday)
        (D(2026, 4, 2), True),
        (D(2026, 4, 3), False),  # Good Friday 2026
        (D(2026, 4, 6), False),  # Easter Monday 2026
        (D(2026, 4, 7), True),
        (D(2027, 3, 26), False),  # Good Friday 2027
        (D(2027, 3, 29), False),  # Easter Monday 2027
        (D(2026, 3, 14), False),  # Saturday
        (D(2026, 3, 15), False),  # Sunday
        (D(2026, 3, 16), True),
    ],
)
def test_is_working_day(day: date, expected: bool) -> None:
    assert is_working_day(day) is expected


def test_closures_accept_any_iterable() -> None:
    day = D(2026, 12, 29)
    closure_forms: list[Iterable[date]] = [[day], {day}, frozenset({day}), (d for d in [day])]
    for closures in closure_forms:
        assert not is_working_day(day, closures)
    assert is_working_day(day, [D(2026, 12, 30)])


def test_datetimes_are_rejected() -> None:
    # datetime(2026, 12, 25) != date(2026, 12, 25), so it would slip past the holiday table.
    with pytest.raises(TypeError):
        is_working_day(datetime(2026, 12, 25, 9, 0))
    with pytest.raises(TypeError):
        add_weeks(datetime(2026, 1, 5), 6)


def test_holiday_table_is_cached_per_year() -> None:
    bank_holidays(2031)
    before_hits = bank_holidays.cache_info().hits
    for day in range(1, 29):
        is_working_day(D(2031, 2, day))
    assert bank_holidays.cache_info().hits >= before_hits + 20
    assert isinstance(bank_holidays(2031), frozenset)


def test_is_working_day_is_fast() -> None:
    days = [D(2026, 1, 1) + timedelta(days=i % 730) for i in range(100_000)]
    started = time.perf_counter()
    for day in days:
        is_working_day(day)
    assert time.perf_counter() - started < 2.0  # ~0.05 s in practice; generous for slow CI


# --- Working days (rule WD) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected", "weekday"),
    [
        (D(2026, 4, 2), 3, D(2026, 4, 9), "Thu"),  # over Easter 2026
        (D(2027, 3, 25), 1, D(2027, 3, 30), "Tue"),  # over Easter 2027
        (D(2026, 12, 24), 1, D(2026, 12, 29), "Tue"),  # 25 Dec and substitute 28 Dec skipped
        (D(2027, 12, 24), 1, D(2027, 12, 29), "Wed"),  # substitutes 27 and 28 Dec skipped
        (D(2027, 12, 31), 1, D(2028, 1, 4), "Tue"),  # 3 Jan 2028 substitute skipped
        (D(2026, 3, 13), 1, D(2026, 3, 16), "Mon"),
        (D(2026, 3, 14), 0, D(2026, 3, 14), "Sat"),  # n=0 returns start, even on a weekend
    ],
)
def test_add_working_days(start: date, n: int, expected: date, weekday: str) -> None:
    assert add_working_days(start, n) == expected
    assert wd(expected) == weekday


def test_add_working_days_with_closures() -> None:
    la_closures = [D(2026, 12, 29), D(2026, 12, 30), D(2026, 12, 31)]
    assert add_working_days(D(2026, 12, 24), 1, la_closures) == D(2027, 1, 4)
    assert add_working_days(D(2026, 12, 24), 1) == D(2026, 12, 29)


def test_add_working_days_rejects_negative() -> None:
    with pytest.raises(ValueError):
        add_working_days(D(2026, 1, 5), -1)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 3, 16), 1, D(2026, 3, 16)),  # working day is day 1
        (D(2026, 3, 16), 5, D(2026, 3, 20)),
        (D(2026, 3, 14), 1, D(2026, 3, 16)),  # Saturday: Monday is day 1
        (D(2026, 12, 18), 15, D(2027, 1, 12)),
        (D(2026, 4, 3), 1, D(2026, 4, 7)),  # Good Friday: Tuesday is day 1
    ],
)
def test_working_days_beginning_with(start: date, n: int, expected: date) -> None:
    assert working_days_beginning_with(start, n) == expected


def test_working_days_beginning_with_needs_a_day() -> None:
    with pytest.raises(ValueError):
        working_days_beginning_with(D(2026, 3, 16), 0)


# --- W, D, B, M, MB, BEFORE, ATLEAST -----------------------------------------------------------


def test_weeks_and_days() -> None:
    assert add_weeks(D(2026, 1, 5), 6) == D(2026, 2, 16)  # 1.1 example
    assert add_weeks(D(2026, 1, 5), 20) == D(2026, 5, 25)  # lands on a bank holiday; stays
    assert add_days(D(2026, 12, 1), 30) == D(2026, 12, 31)
    assert add_days(D(2028, 2, 28), 1) == D(2028, 2, 29)
    assert days_beginning_with(D(2026, 3, 2), 15) == D(2026, 3, 16)
    assert days_beginning_with(D(2026, 3, 2), 1) == D(2026, 3, 2)
    with pytest.raises(ValueError):
        days_beginning_with(D(2026, 3, 2), 0)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 7, 31), 2, D(2026, 9, 30)),
        (D(2028, 2, 29), 12, D(2029, 2, 28)),
        (D(2028, 2, 29), 48, D(2032, 2, 29)),
        (D(2026, 3, 15), 12, D(2027, 3, 15)),
        (D(2026, 12, 31), 2, D(2027, 2, 28)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2027, 7, 29), -5, D(2027, 2, 28)),  # backwards, clamped
        (D(2028, 3, 31), -1, D(2028, 2, 29)),
        (D(2026, 1, 15), -1, D(2025, 12, 15)),
        (D(2026, 1, 15), -25, D(2023, 12, 15)),
        (D(2026, 1, 15), 0, D(2026, 1, 15)),
    ],
)
def test_add_months(start: date, n: int, expected: date) -> None:
    assert add_months(start, n) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 3, 15), 12, D(2027, 3, 14)),
        (D(2028, 2, 29), 12, D(2029, 2, 27)),  # conservative edge-case reading (1.3)
        (D(2026, 11, 30), 3, D(2027, 2, 27)),
        (D(2026, 3, 31), 1, D(2026, 4, 29)),
        (D(2026, 1, 1), 12, D(2026, 12, 31)),
    ],
)
def test_months_beginning_with(start: date, n: int, expected: date) -> None:
    assert months_beginning_with(start, n) == expected


def test_months_beginning_with_needs_a_month() -> None:
    with pytest.raises(ValueError):
        months_beginning_with(D(2026, 3, 15), 0)


def test_before_and_at_least_before() -> None:
    assert before(D(2027, 2, 15)) == D(2027, 2, 14)
    assert before(D(2028, 3, 1)) == D(2028, 2, 29)
    assert at_least_before(D(2026, 6, 17), 14) == D(2026, 6, 3)
    assert at_least_before(D(2026, 3, 1), 14) == D(2026, 2, 15)
    with pytest.raises(ValueError):
        at_least_before(D(2026, 3, 1), -1)


@pytest.mark.parametrize(
    ("statutory", "closures", "expected"),
    [
        (D(2026, 5, 25), (), D(2026, 5, 22)),  # Spring bank holiday -> Friday
        (D(2026, 5, 26), (), D(2026, 5, 26)),  # working day: unchanged
        (D(2027, 3, 14), (), D(2027, 3, 12)),  # Sunday -> Friday
        (D(2026, 12, 28), (), D(2026, 12, 24)),  # substitute + Christmas + weekend
        (D(2027, 12, 28), (), D(2027, 12, 24)),  # both 2027 substitutes
        (D(2026, 4, 6), (), D(2026, 4, 2)),  # Easter Monday -> Maundy Thursday
        (D(2026, 12, 31), (D(2026, 12, 29), D(2026, 12, 30), D(2026, 12, 31)), D(2026, 12, 24)),
    ],
)
def test_practical_deadline(statutory: date, closures: tuple[date, ...], expected: date) -> None:
    assert practical_deadline(statutory, closures) == expected


def test_rule_enum() -> None:
    assert [r.value for r in Rule] == ["W", "B", "M", "MB", "D", "WD", "BEFORE", "ATLEAST", "LATER"]
    assert all(r.meaning for r in Rule)


def test_law_package_has_no_django_imports() -> None:
    for path in Path(__file__).resolve().parents[1].glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "django" for n in names), path


# --- Properties --------------------------------------------------------------------------------


@given(DAYS, st.integers(min_value=0, max_value=300))
def test_add_working_days_lands_on_working_day_and_counts_n(start: date, n: int) -> None:
    due = add_working_days(start, n)
    if n == 0:
        assert due == start
        return
    assert due > start
    assert is_working_day(due)
    span = (due - start).days
    assert sum(is_working_day(start + timedelta(days=i)) for i in range(1, span + 1)) == n


@given(DAYS, st.integers(min_value=0, max_value=100))
def test_add_working_days_strictly_monotonic(start: date, n: int) -> None:
    assert add_working_days(start, n) < add_working_days(start, n + 1)


@given(DAYS, st.integers(min_value=1, max_value=40), st.sets(DAYS, max_size=10))
def test_closures_only_push_later(start: date, n: int, closures: set[date]) -> None:
    due = add_working_days(start, n, closures)
    assert due not in closures
    assert due >= add_working_days(start, n)


@given(DAYS, st.integers(min_value=1, max_value=40))
def test_beginning_with_is_one_earlier_on_working_days(start: date, n: int) -> None:
    shift = 1 if is_working_day(start) else 0
    assert working_days_beginning_with(start, n) == add_working_days(start, n - shift)


@given(DAYS, st.integers(min_value=-600, max_value=600))
def test_add_months_round_trip_within_clamp(start: date, n: int) -> None:
    back = add_months(add_months(start, n), -n)
    assert back <= start
    assert (start - back).days <= 3  # clamping loses at most 31 -> 28


@given(DAYS, st.integers(min_value=-600, max_value=600))
def test_add_months_is_corresponding_date(start: date, n: int) -> None:
    out = add_months(start, n)
    assert (out.year * 12 + out.month) - (start.year * 12 + start.month) == n
    assert out.day == start.day or (out.day < start.day and (out + ONE).day == 1)


@given(DAYS, st.integers(min_value=-60, max_value=60), st.integers(min_value=-60, max_value=60))
def test_add_months_composition_never_later(start: date, a: int, b: int) -> None:
    assert add_months(add_months(start, a), b) <= add_months(start, a + b)


@given(DAYS, st.integers(min_value=1, max_value=120))
def test_mb_is_one_day_before_m_and_b_before_d(start: date, n: int) -> None:
    assert months_beginning_with(start, n) == add_months(start, n) - ONE
    assert days_beginning_with(start, n) == add_days(start, n) - ONE


@given(DAYS, st.integers(min_value=0, max_value=60))
def test_weeks_keep_weekday(start: date, n: int) -> None:
    assert add_weeks(start, n).weekday() == start.weekday()


@given(DAYS)
def test_practical_deadline_is_last_working_day_on_or_before(statutory: date) -> None:
    practical = practical_deadline(statutory)
    assert practical <= statutory
    assert is_working_day(practical)
    assert (practical == statutory) is is_working_day(statutory)
    assert add_working_days(practical, 1) > statutory
