"""From a placement and the dated rate tables to ledger lines (place, top-up or fee,
residential, extras), for one financial year.

``RateBook`` loads every band rate and tariff of an area once, so costing 20,000
placements is a loop in memory, not 20,000 queries. The arithmetic is ``annualise``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

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

    def top_up_rates(self, p: Placement) -> list[Rate]:
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


def _flat(p: Placement, pence: int) -> list[Rate]:
    return [Rate(p.start_on, p.end_on, Decimal(pence))] if pence else []


def _components(
    p: Placement, book: RateBook, local_authority_id: int
) -> list[tuple[str, str, list[Rate], Decimal]]:
    """(component, s251 line, dated annual rates, share paid by this LA's HNB) of a placement.

    Place funding is charged only to the provider LA, and only when it funds the place;
    the top-up or fee, and the education share of residential costs and extras, go to
    the commissioning LA (funding.md §2.3: different ledgers when the two LAs differ).
    """
    commissioning = p.commissioning_la_id or p.plan.local_authority_id
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
    p: Placement, book: RateBook, year: int, local_authority_id: int, basis: str = "fy"
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


def placement_parts(
    p: Placement, book: RateBook, year: int, today: dt.date, local_authority_id: int
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
    p: Placement, parts: list[CostPart], year: int, today: dt.date, local_authority_id: int
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
                    "child_id": p.plan.child_id,
                    "plan_id": p.plan_id,
                    "placement_id": p.pk,
                    "setting_id": p.setting_id,
                    "source_type": "placement",
                    "source_id": str(p.pk),
                }
            )
    return rows
