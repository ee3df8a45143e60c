"""From a placement and the dated rate tables to ledger lines (place, top-up or fee,
residential, extras), for one financial year.

``RateBook`` loads every band rate and tariff of an area once, so costing 20,000
placements is a loop in memory, not 20,000 queries. The arithmetic is ``annualise``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sendpath.funding.annualise import Rate, ay_bounds, cost_in_year, fy_bounds, fy_cost, to_pence
from sendpath.funding.codes import (
    DEFAULT_REASON,
    Component,
    FundingSource,
    LedgerKind,
    PlaceFundedBy,
    S251Line,
    TopUpBasis,
)
from sendpath.funding.models import BandRate, Placement, ProviderTariff

#: The placement fields costing needs, read as tuples (no model objects for 20,000 rows).
ROW_FIELDS = (
    "pk",
    "plan_id",
    "plan__child_id",
    "plan__local_authority_id",
    "setting_id",
    "start_on",
    "end_on",
    "commissioning_la_id",
    "provider_la_id",
    "place_funded_by",
    "place_pence",
    "top_up_basis",
    "band_scheme_id",
    "band_code",
    "bespoke_annual_pence",
    "residential_annual_pence",
    "extras_annual_pence",
    "education_percent",
    "category",
    "s251_line",
    "s251_column",
)


@dataclass(slots=True)
class PlacementRow:
    """What costing reads of a placement: a plain record, cheap to make by the thousand."""

    pk: int
    plan_id: int
    child_id: int
    plan_la_id: int
    setting_id: int
    start_on: dt.date
    end_on: dt.date | None
    commissioning_la_id: int | None
    provider_la_id: int | None
    place_funded_by: str
    place_pence: int
    top_up_basis: str
    band_scheme_id: int | None
    band_code: str
    bespoke_annual_pence: int | None
    residential_annual_pence: int
    extras_annual_pence: int
    education_percent: int
    category: str
    s251_line: str
    s251_column: str

    @classmethod
    def of(cls, p: Placement) -> PlacementRow:
        """From a model instance (its plan is read for the child and the LA)."""
        plan = p.plan
        return cls(
            *(getattr(p, f) for f in ROW_FIELDS[:2]),
            plan.child_id,
            plan.local_authority_id,
            *(getattr(p, f) for f in ROW_FIELDS[4:]),
        )


def placement_rows(queryset: Any) -> Iterator[PlacementRow]:
    """Placements of a queryset as ``PlacementRow``s, read as tuples."""
    for values in queryset.values_list(*ROW_FIELDS).iterator(chunk_size=5000):
        yield PlacementRow(*values)


class RateBook:
    """Every band rate and tariff that placements may refer to, grouped for lookup."""

    def __init__(self, band_rates: Iterable[BandRate], tariffs: Iterable[ProviderTariff]) -> None:
        self.bands: dict[tuple[int, str], list[Rate]] = defaultdict(list)
        self.tariffs: dict[int, list[Rate]] = defaultdict(list)
        for b in band_rates:
            self.bands[(b.scheme_id, b.code)].append(Rate(b.valid_from, b.valid_to, Decimal(b.annual_pence)))
        for t in tariffs:
            self.tariffs[t.setting_id].append(Rate(t.valid_from, t.valid_to, Decimal(t.annual_pence)))

    @classmethod
    def load(cls, setting_ids: Iterable[int] | None = None) -> RateBook:
        """All band rates, and the tariffs of these settings (all settings if None)."""
        tariffs = ProviderTariff.objects.all()
        if setting_ids is not None:
            tariffs = tariffs.filter(setting_id__in=list(setting_ids))
        return cls(BandRate.objects.all(), tariffs)

    def top_up_rates(self, p: PlacementRow) -> list[Rate]:
        """The dated annual top-up (or fee) of this placement."""
        if p.top_up_basis == TopUpBasis.BAND and p.band_scheme_id:
            return self.bands.get((p.band_scheme_id, p.band_code), [])
        if p.top_up_basis == TopUpBasis.TARIFF:
            return self.tariffs.get(p.setting_id, [])
        if p.top_up_basis == TopUpBasis.BESPOKE and p.bespoke_annual_pence:
            return [Rate(p.start_on, p.end_on, Decimal(p.bespoke_annual_pence))]
        return []


@dataclass(frozen=True)
class CostPart:
    """One component of one placement's cost in one FY, split into spent and committed."""

    component: str
    s251_line: str
    actual: Decimal
    committed: Decimal


def _flat(p: PlacementRow, pence: int) -> list[Rate]:
    return [Rate(p.start_on, p.end_on, Decimal(pence))] if pence else []


def _components(
    p: PlacementRow, book: RateBook, local_authority_id: int
) -> list[tuple[str, str, list[Rate], Decimal]]:
    """(component, s251 line, dated annual rates, share paid by this LA's HNB) of a placement.

    Place funding is charged only to the provider LA, and only when it funds the place;
    the top-up or fee, and the education share of residential costs and extras, go to
    the commissioning LA (funding.md §2.3: different ledgers when the two LAs differ).
    """
    commissioning = p.commissioning_la_id or p.plan_la_id
    share = Decimal(p.education_percent) / 100
    parts: list[tuple[str, str, list[Rate], Decimal]] = []
    if p.place_funded_by == PlaceFundedBy.PROVIDER_LA and p.provider_la_id == local_authority_id:
        parts.append((Component.PLACE, S251Line.PLACES, _flat(p, p.place_pence), Decimal(1)))
    if commissioning == local_authority_id:
        line = p.s251_line or S251Line.TOP_UP_MAINTAINED
        fee = line == S251Line.INDEPENDENT
        parts.append(
            (
                Component.FEE if fee else Component.TOP_UP,
                line,
                book.top_up_rates(p),
                share if fee else Decimal(1),
            )
        )
        parts.append((Component.RESIDENTIAL, line, _flat(p, p.residential_annual_pence), share))
        parts.append((Component.EXTRAS, line, _flat(p, p.extras_annual_pence), share))
    return [part for part in parts if part[2]]


def year_costs(
    p: PlacementRow, book: RateBook, year: int, local_authority_id: int, basis: str = "fy"
) -> dict[str, Decimal]:
    """Exact pence this LA pays for ``p`` in financial (``basis='fy'``) or academic
    (``'ay'``) year ``year``, by component."""
    bounds = fy_bounds(year) if basis == "fy" else ay_bounds(year)
    out: dict[str, Decimal] = {}
    for component, _line, rates, fraction in _components(p, book, local_authority_id):
        amount = cost_in_year(rates, p.start_on, p.end_on, *bounds) * fraction
        if amount:
            out[component] = out.get(component, Decimal(0)) + amount
    return out


def annual_rate_on(
    p: PlacementRow, book: RateBook, day: dt.date, local_authority_id: int
) -> dict[str, Decimal]:
    """The annual amounts (pence) in force on ``day``, by component: what a full year
    would cost at that day's rates."""
    out: dict[str, Decimal] = {}
    for component, _line, rates, fraction in _components(p, book, local_authority_id):
        for rate in rates:
            if rate.start <= day and (rate.end is None or rate.end >= day):
                out[component] = out.get(component, Decimal(0)) + rate.annual * fraction
    return out


def placement_parts(
    p: PlacementRow, book: RateBook, year: int, today: dt.date, local_authority_id: int
) -> list[CostPart]:
    """What ``local_authority_id`` pays for placement ``p`` in FY ``year``: spent up to
    ``today`` and committed from tomorrow to 31 March (or the placement's end)."""
    first, last = fy_bounds(year)
    out = []
    for component, line, rates, fraction in _components(p, book, local_authority_id):
        spent = (
            fy_cost(rates, p.start_on, p.end_on, year, until=min(today, last))
            if today >= first
            else Decimal(0)
        )
        committed = (
            fy_cost(rates, p.start_on, p.end_on, year, since=max(today + dt.timedelta(days=1), first))
            if today < last
            else Decimal(0)
        )
        if spent or committed:
            out.append(CostPart(component, line, spent * fraction, committed * fraction))
    return out


def ledger_rows(
    p: PlacementRow, parts: list[CostPart], year: int, today: dt.date, local_authority_id: int
) -> list[dict]:
    """The ledger lines (as field dicts) for one placement's parts in one FY."""
    first, last = fy_bounds(year)
    start = max(p.start_on, first)
    end = min(p.end_on or last, last)
    rows = []
    for part in parts:
        # Rounded so that spent + committed is the year's cost rounded once, to the penny.
        spent = to_pence(part.actual)
        for kind, pence, lo, hi in (
            (LedgerKind.ACTUAL, spent, start, min(end, today)),
            (
                LedgerKind.COMMITMENT,
                to_pence(part.actual + part.committed) - spent,
                max(start, today + dt.timedelta(days=1)),
                end,
            ),
        ):
            if not pence or hi < lo:
                continue
            rows.append(
                {
                    "local_authority_id": local_authority_id,
                    "financial_year": year,
                    "period_start": lo,
                    "period_end": hi,
                    "kind": kind,
                    "amount_pence": pence,
                    "category": p.category,
                    "component": part.component,
                    "s251_line": part.s251_line,
                    "s251_column": p.s251_column,
                    "funding_source": FundingSource.HNB,
                    "eligibility_reason": DEFAULT_REASON.get(part.s251_line, ""),
                    "child_id": p.child_id,
                    "plan_id": p.plan_id,
                    "placement_id": p.pk,
                    "setting_id": p.setting_id,
                    "source_type": "placement",
                    "source_id": str(p.pk),
                }
            )
    return rows
