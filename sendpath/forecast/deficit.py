"""The DSG deficit path under a forecast (funding.md §4.3 and §4.6). Pure Python.

The three balances of §4.3 are kept apart and never netted:
1. the historic cumulative deficit at 31 March of the census year (for a January 2026
   census, 31 March 2026: exactly the deficit the 90% write-off covers);
2. the write-off (high needs stability grant) and the council's residual share;
3. new deficits from 1 April of the census year.

Each financial year's spending is the forecast placement cost (academic years converted
by 5/12 + 7/12) plus the HNB spending that is not on placements (support services,
hospital education...), uprated by the same inflation. The allocation grows by its own
rate. After ``override_end`` the statutory override no longer holds the balance off the
general fund: those years are flagged so the page can say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class DeficitYear:
    fy_start: int  # the financial year starting 1 April of this calendar year
    allocation: float
    spend: float
    in_year: float  # allocation − spend: negative is an overspend
    historic_residual: float  # what is left of the historic deficit after the write-off
    new_cumulative: float  # cumulative new deficit (positive = deficit)
    cumulative: float  # historic residual + new cumulative
    after_override: bool

    @property
    def label(self) -> str:
        return f"{self.fy_start}-{str(self.fy_start + 1)[-2:]}"


def deficit_path(
    *,
    first_fy: int,
    placement_spend: list[float],
    other_spend: float,
    allocation: float,
    allocation_growth: float,
    inflation: float,
    opening_deficit: float,
    write_off_share: float,
    override_end: dt.date,
) -> list[DeficitYear]:
    """One row per financial year. ``placement_spend`` is £ per FY from the forecast;
    rates are fractions (0.03 = 3%). The write-off is paid in the first year."""
    rows: list[DeficitYear] = []
    historic = opening_deficit * (1 - write_off_share)
    new = 0.0
    for k, placements in enumerate(placement_spend):
        fy = first_fy + k
        alloc = allocation * (1 + allocation_growth) ** k
        spend = placements + other_spend * (1 + inflation) ** k
        in_year = alloc - spend
        new -= in_year
        rows.append(
            DeficitYear(
                fy_start=fy,
                allocation=alloc,
                spend=spend,
                in_year=in_year,
                historic_residual=historic,
                new_cumulative=new,
                cumulative=historic + new,
                after_override=dt.date(fy, 4, 1) > override_end,
            )
        )
    return rows


def exposure_when_override_ends(rows: list[DeficitYear], override_end: dt.date) -> float | None:
    """The cumulative deficit at the override's end date (31 March 2028 now): what would
    fall on the general fund the day after, unless government decides otherwise."""
    for row in rows:
        if dt.date(row.fy_start + 1, 3, 31) == override_end:
            return row.cumulative
    return None
