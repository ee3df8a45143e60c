"""The pure arithmetic behind DfE's figures: rates, medians, timeliness bands, periods.

No Django here, so every edge case (an empty denominator, a plan issued on exactly day 140)
is tested in plain Python. The database counts; this module turns counts into the numbers
DfE publishes, the way DfE rounds them.

Day counting follows timescales.md rule W and sen2.md section 8: a step taken on day
``X + 7N`` is within N weeks (``elapsed_days <= 7 * N``). DfE's own operator is unverified
(sen2.md section 12, item 9); if an authority's figures differ slightly from DfE's, look here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

#: Days in the week counts DfE uses.
SIX_WEEKS = 6 * 7
SIXTEEN_WEEKS = 16 * 7
TWENTY_WEEKS = 20 * 7
FIFTY_TWO_WEEKS = 52 * 7
FOUR_WEEKS = 4 * 7

WITHIN_20 = "within_20_weeks"
BETWEEN_20_AND_52 = "20_to_52_weeks"
OVER_52 = "over_52_weeks"
BANDS = (WITHIN_20, BETWEEN_20_AND_52, OVER_52)


def round_half_up(value: float | Decimal, places: int = 1) -> float:
    """Round as DfE does in its tables (half up, not Python's half-to-even): 46.45 -> 46.5."""
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Rate:
    """A rate as DfE publishes it: numerator, denominator and percentage (1 dp).

    ``percentage`` is None when the denominator is 0: DfE prints ``x`` there (Dorset's
    2024 20-week figure, where every plan was an exception), never 0% or 100%.
    """

    numerator: int
    denominator: int

    def __post_init__(self) -> None:
        if self.numerator < 0 or self.denominator < 0:
            raise ValueError("A rate's counts cannot be negative.")
        if self.numerator > self.denominator:
            raise ValueError(f"Numerator {self.numerator} is larger than denominator {self.denominator}.")

    @property
    def percentage(self) -> float | None:
        if self.denominator == 0:
            return None
        return round_half_up(Decimal(100 * self.numerator) / Decimal(self.denominator))

    def as_dict(self) -> dict[str, int | float | None]:
        return {"numerator": self.numerator, "denominator": self.denominator, "percentage": self.percentage}


def rate(numerator: int | None, denominator: int | None) -> Rate:
    """A Rate from counts that may come back from the database as None (no rows)."""
    return Rate(int(numerator or 0), int(denominator or 0))


def within_weeks(elapsed_days: int, weeks: int) -> bool:
    """In time under rule W: done on or before day ``7 * weeks`` (day 0 is the trigger)."""
    if elapsed_days < 0:
        raise ValueError("A step cannot come before the day its clock started.")
    return elapsed_days <= 7 * weeks


def timeliness_band(elapsed_days: int) -> str:
    """DfE's three bands for new plans (timeliness_20_week.csv): within 20 weeks; over 20
    and up to 52 weeks (``gt20weeks_ltYear``); after 52 weeks (``gt_1_year``). Day 140 is
    within 20 weeks; day 364 is still in the 20-52 band; day 365 is after 52 weeks."""
    if within_weeks(elapsed_days, 20):
        return WITHIN_20
    if elapsed_days <= FIFTY_TWO_WEEKS:
        return BETWEEN_20_AND_52
    return OVER_52


def band_counts(elapsed: Iterable[int]) -> dict[str, int]:
    """How many of these waits fall in each band (for tests and small in-memory checks)."""
    counts = dict.fromkeys(BANDS, 0)
    for days in elapsed:
        counts[timeliness_band(days)] += 1
    return counts


def median(values: Sequence[float]) -> float | None:
    """The median, or None for no values (a median of nothing is not 0)."""
    if not values:
        return None
    return float(statistics.median(values))


def average_weeks(total_days: float | None, count: int) -> float | None:
    """Average weeks to issue, to 1 dp, from the sum of days and the number of plans.
    DfE's ``avg_weeks_issue_plan`` (2026 release) is not yet to hand; this is the plain mean."""
    if not count or total_days is None:
        return None
    return round_half_up(Decimal(str(total_days)) / Decimal(7 * count))


def percentage_change_target(baseline: float, change: float, kind: str) -> float:
    """A target from a baseline: ``relative`` (improve by 15% = x 1.15) or ``points``
    (improve by 15 = + 15 percentage points). Capped at 100, as a share cannot pass it.
    funding.md 6.3 asks for the kind to be stored because "improve by 15%" is ambiguous."""
    if kind == "relative":
        value = baseline * (1 + change / 100)
    elif kind == "points":
        value = baseline + change
    else:
        raise ValueError(f"Unknown target type {kind!r}: use 'relative' or 'points'.")
    return min(100.0, round_half_up(value))


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included."""

    start: dt.date
    end: dt.date
    label: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("A period cannot end before it starts.")

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @classmethod
    def calendar_year(cls, year: int) -> Period:
        """SEN2's activity year: 1 January to 31 December (sen2.md section 1)."""
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), str(year))

    @classmethod
    def financial_year(cls, first_year: int) -> Period:
        """1 April to 31 March, labelled like "2024-25"."""
        return cls(
            dt.date(first_year, 4, 1),
            dt.date(first_year + 1, 3, 31),
            f"{first_year}-{(first_year + 1) % 100:02d}",
        )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = calendar.monthrange(year, month)[1]
        return cls(
            dt.date(year, month, 1), dt.date(year, month, last), f"{calendar.month_abbr[month]} {year}"
        )


def census_day(year: int) -> dt.date:
    """SEN2's survey day in January of ``year``: the third Thursday (18 Jan 2024, 16 Jan 2025,
    15 Jan 2026, 21 Jan 2027: sen2.md section 2). Re-check each year's DfE guide."""
    first = dt.date(year, 1, 1)
    first_thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7)
    return first_thursday + dt.timedelta(days=14)


def age_on(born: dt.date, day: dt.date) -> int:
    """Age in whole years on ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def birth_range_for_age(age: int, day: dt.date) -> tuple[dt.date, dt.date]:
    """The dates of birth of everyone aged exactly ``age`` on ``day``: (earliest, latest),
    both included. Lets the database count ages with date ranges instead of per-row sums."""
    latest = years_before(day, age)
    earliest = years_before(day, age + 1) + dt.timedelta(days=1)
    return earliest, latest


def years_before(day: dt.date, years: int) -> dt.date:
    year = day.year - years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        # 29 February does not exist that year: 28 February is the last day on or before it.
        return dt.date(year, 2, 28)
    return day.replace(year=year)


def monthly_periods(end: dt.date, months: int) -> list[Period]:
    """The last ``months`` calendar months up to and including the one holding ``end``."""
    out: list[Period] = []
    year, month = end.year, end.month
    for _ in range(months):
        out.append(Period.month(year, month))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(out))
