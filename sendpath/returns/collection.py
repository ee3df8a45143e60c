"""The collection calendar: which days a SEN2 return covers.

A return for collection year YYYY reports activity in the previous calendar year (1 January
to 31 December of YYYY-1) and the position on census (survey) day in January of YYYY
(domain/sen2.md section 1 and 2). The census days are DfE's published dates; a year not
listed falls back to the third Thursday of January, DfE's usual pattern, until the guide for
that year is published and added here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: DfE's census (survey) days, from "Special educational needs survey: guide to submitting
#: data" (gov.uk, 2025 update). Re-check 2027 when DfE publishes the 2027 guide.
CENSUS_DAYS = {
    2024: dt.date(2024, 1, 18),
    2025: dt.date(2025, 1, 16),
    2026: dt.date(2026, 1, 15),
    2027: dt.date(2027, 1, 21),
}


def third_thursday_of_january(year: int) -> dt.date:
    first = dt.date(year, 1, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 14)


@dataclass(frozen=True)
class Collection:
    """One collection year's dates. ``reference_date`` is the header's ReferenceDate, a
    per-collection setting that defaults to the census day (sen2.md section 2, unverified)."""

    year: int
    census: dt.date
    period_start: dt.date
    period_end: dt.date
    reference_date: dt.date

    @property
    def spec(self) -> int:
        """Which specification's element order and schema apply: 2026 from 2026 on."""
        return 2026 if self.year >= 2026 else 2025


def collection(year: int, reference_date: dt.date | None = None) -> Collection:
    census = CENSUS_DAYS.get(year) or third_thursday_of_january(year)
    return Collection(
        year=year,
        census=census,
        period_start=dt.date(year - 1, 1, 1),
        period_end=dt.date(year - 1, 12, 31),
        reference_date=reference_date or census,
    )
