"""Annual costs of placements, by financial year and by academic year (no Django).

The rules (domain/funding.md §0):

- A financial year (FY) runs 1 April to 31 March and is named by the year it starts
  (2025 = 2025-26). An academic year (AY) runs 1 September to 31 August, named the same way.
- A placement with real dates is pro-rated **by calendar days**: each day costs the annual
  rate in force that day divided by the number of days in the year being measured (365, or
  366 when that FY or AY contains 29 February). So a placement running the whole of a year
  costs exactly its annual rate, leap year or not, and half a year costs half.
- Rates are dated: a band change on 1 April applies from that day, never backwards.
- Where only annual AY rates are known (forecasts), FY = 5/12 × the AY ending in August
  + 7/12 × the AY starting in September (``fy_from_ay_rates``).

All arithmetic is ``Decimal`` in pence, exact until ``to_pence`` rounds half-up at output.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Rate:
    """An annual amount (pence) valid from ``start`` to ``end`` inclusive (``end`` None: open)."""

    start: dt.date
    end: dt.date | None
    annual: Decimal

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError("A rate cannot end before it starts")


def financial_year_of(day: dt.date) -> int:
    """The FY a day falls in, named by its starting year: 31 Mar 2026 → 2025."""
    return day.year if day.month >= 4 else day.year - 1


def academic_year_of(day: dt.date) -> int:
    """The AY a day falls in, named by its starting year: 31 Aug 2026 → 2025."""
    return day.year if day.month >= 9 else day.year - 1


def fy_bounds(year: int) -> tuple[dt.date, dt.date]:
    """First and last day of FY ``year``."""
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def ay_bounds(year: int) -> tuple[dt.date, dt.date]:
    """First and last day of AY ``year``."""
    return dt.date(year, 9, 1), dt.date(year + 1, 8, 31)


def days_between(start: dt.date, end: dt.date) -> int:
    """Days from ``start`` to ``end`` inclusive; 0 if ``end`` is before ``start``."""
    return max(0, (end - start).days + 1)


def fy_label(year: int) -> str:
    """2025 → '2025-26'."""
    return f"{year}-{(year + 1) % 100:02d}"


def cost_in_year(
    rates: Sequence[Rate],
    start: dt.date,
    end: dt.date | None,
    year_start: dt.date,
    year_end: dt.date,
    *,
    until: dt.date | None = None,
    since: dt.date | None = None,
) -> Decimal:
    """The cost, in exact pence, of a placement from ``start`` to ``end`` (None: open) within
    the year ``year_start``..``year_end``, at the dated annual ``rates``.

    ``until``/``since`` narrow the counted days further without changing the divisor: a
    finance officer's "spent so far" (until today) and "committed" (since tomorrow) add up
    to the year's cost exactly. Days with no rate in force cost nothing.
    """
    year_days = days_between(year_start, year_end)
    lo = max(start, year_start, since or year_start)
    hi = min(end or year_end, year_end, until or year_end)
    if hi < lo:
        return Decimal(0)
    day_pence = Decimal(0)  # exact: annual amounts have finite digits, days are whole
    for rate in rates:
        days = days_between(max(lo, rate.start), min(hi, rate.end or hi))
        if days:
            day_pence += rate.annual * days
    return day_pence / year_days  # one division, so the only inexactness is at 28 digits


def fy_cost(
    rates: Sequence[Rate], start: dt.date, end: dt.date | None, year: int, **narrow: dt.date | None
) -> Decimal:
    """``cost_in_year`` over financial year ``year``."""
    return cost_in_year(rates, start, end, *fy_bounds(year), **narrow)


def ay_cost(
    rates: Sequence[Rate], start: dt.date, end: dt.date | None, year: int, **narrow: dt.date | None
) -> Decimal:
    """``cost_in_year`` over academic year ``year``."""
    return cost_in_year(rates, start, end, *ay_bounds(year), **narrow)


def fy_from_ay_rates(rate_ay_ending: Decimal | Fraction, rate_ay_starting: Decimal | Fraction) -> Fraction:
    """FY amount from two annual AY rates: 5/12 of the AY ending in August plus 7/12 of the
    AY starting in September (funding.md §0). Exact, as a Fraction."""
    return Fraction(5, 12) * Fraction(rate_ay_ending) + Fraction(7, 12) * Fraction(rate_ay_starting)


def to_pence(amount: Decimal | Fraction) -> int:
    """Round exact pence half-up to whole pence, at output only."""
    if isinstance(amount, Fraction):
        amount = Decimal(amount.numerator) / Decimal(amount.denominator)
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def clip_rates(rates: Iterable[Rate], start: dt.date, end: dt.date | None) -> list[Rate]:
    """The rates that touch ``start``..``end``, in date order (for showing a breakdown)."""
    out = []
    for rate in sorted(rates, key=lambda r: r.start):
        if (end is None or rate.start <= end) and (rate.end is None or rate.end >= start):
            out.append(rate)
    return out
