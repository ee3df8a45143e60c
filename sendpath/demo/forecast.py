"""Demo data for forecasting and sufficiency: capacity records for every special school,
resource base and alternative provision (this academic year and next), children waiting
for a specialist place, and one saved baseline forecast.

Fast at 20,000 plans: a handful of queries, ``bulk_create``, and a baseline of 200
simulations (a finance officer's own run uses 1,000).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal
from typing import Any

from django.db.models import Q

from sendpath.accounts.roles import Role
from sendpath.forecast import parameters, services
from sendpath.forecast.models import (
    CapacityRecord,
    Confidence,
    Interim,
    ProvisionType,
    WaitingEntry,
    WaitTrigger,
)
from sendpath.forecast.selectors import academic_year_of, phase_of_ncy
from sendpath.funding.models import Placement
from sendpath.organisations.models import LocalAuthority, Phase, SettingKind
from sendpath.plans.models import Plan, PlanStatus

PROVISION = {
    SettingKind.SPECIAL: ProvisionType.SPECIAL,
    SettingKind.RESOURCED: ProvisionType.DSP,
    SettingKind.ALTERNATIVE: ProvisionType.AP,
}
WAITING_SHARE = 0.012
DEMO_RUNS = 200


def make_forecast_demo(b: Any, la: LocalAuthority, staff: dict[str, list[Any]]) -> None:
    """Capacity, waiting children and a baseline for the demo area ``la``."""
    rng = random.Random(b.seed * 7 + 1)
    today = b.today
    _capacity(b, rng, la, today)
    _waiting(b, rng, la, today)
    _baseline(la, today, staff[Role.FINANCE][0])


def _capacity(b: Any, rng: random.Random, la: LocalAuthority, today: dt.date) -> None:
    year = academic_year_of(today)
    placed: Counter[tuple[int, str]] = Counter()
    kinds: dict[int, str] = {}
    for setting_id, kind, dob in Placement.objects.filter(
        Q(end_on__isnull=True) | Q(end_on__gte=today),
        start_on__lte=today,
        setting__local_authority=la,
        setting__kind__in=list(PROVISION),
    ).values_list("setting_id", "setting__kind", "plan__child__date_of_birth"):
        phase = phase_of_ncy(parameters.ncy_on(dob, today))
        phase = (
            Phase.SECONDARY if phase == Phase.POST_16 else Phase.PRIMARY if phase == Phase.NURSERY else phase
        )
        placed[(setting_id, phase)] += 1
        kinds[setting_id] = kind
    records = []
    expanding = None
    for (setting_id, phase), n in sorted(placed.items()):
        kind = kinds[setting_id]
        places = max(4, round(n * rng.uniform(0.85, 1.08)))
        six_k = kind == SettingKind.RESOURCED
        need = "ASD" if kind == SettingKind.RESOURCED and rng.random() < 0.6 else ""
        if expanding is None and kind == SettingKind.RESOURCED:
            expanding = setting_id
        for ay in (year, year + 1):
            change = 10 if (ay == year + 1 and setting_id == expanding) else 0
            records.append(
                CapacityRecord(
                    setting_id=setting_id,
                    provision=PROVISION[kind],
                    academic_year=ay,
                    need=need,
                    phase=phase,
                    physical=places + rng.randint(0, 6),
                    places_10k=0 if six_k else places,
                    places_6k=places if six_k else 0,
                    planned_change=change,
                    confidence=Confidence.LIKELY if change else Confidence.CONFIRMED,
                    note="New classroom (capital programme)" if change else "",
                )
            )
    b.bulk(CapacityRecord, records)


def _waiting(b: Any, rng: random.Random, la: LocalAuthority, today: dt.date) -> None:
    plans = list(
        Plan.objects.filter(
            local_authority=la,
            status=PlanStatus.ACTIVE,
            child__setting__kind=SettingKind.MAINSTREAM,
            primary_need__in=["ASD", "SEMH", "SLD", "MLD", "SLCN"],
        )
        .order_by("pk")
        .values_list("pk", "child_id", "primary_need", "child__date_of_birth", "child__setting_id")
    )
    wanted = max(3, round(b.n_plans * WAITING_SHARE))
    chosen = rng.sample(plans, min(wanted, len(plans)))
    entries = []
    for i, (plan_id, child_id, need, dob, setting_id) in enumerate(chosen):
        opened = today - dt.timedelta(
            days=rng.choice([rng.randint(3, 60), rng.randint(30, 200), rng.randint(150, 420)])
        )
        phase = phase_of_ncy(parameters.ncy_on(dob, today))
        closed = i % 6 == 5  # some waits have ended: kept for the history of waiting times
        entries.append(
            WaitingEntry(
                child_id=child_id,
                plan_id=plan_id,
                local_authority=la,
                trigger=rng.choice([WaitTrigger.PANEL, WaitTrigger.PLAN]),
                opened_on=opened,
                provision_sought=rng.choice(
                    [ProvisionType.SPECIAL, ProvisionType.SPECIAL, ProvisionType.DSP]
                ),
                need=need,
                phase=Phase.PRIMARY if phase == Phase.NURSERY else phase,
                interim=rng.choice(list(Interim)),
                interim_setting_id=setting_id,
                closed_on=min(today, opened + dt.timedelta(days=rng.randint(20, 200))) if closed else None,
            )
        )
    b.bulk(WaitingEntry, entries)


def _baseline(la: LocalAuthority, today: dt.date, finance: Any) -> None:
    """One baseline from the latest January census, with money inputs sized to the area so
    the deficit path looks like a typical council's: spending a little above allocation."""
    census = parameters.census_day(today.year)
    if census > today:
        census = parameters.census_day(today.year - 1)
    costs, _ = parameters.unit_costs(la.pk, census)
    by_kind = Counter(
        Placement.objects.filter(
            Q(end_on__isnull=True) | Q(end_on__gte=census), start_on__lte=census, plan__local_authority=la
        ).values_list("setting__kind", flat=True)
    )
    placement_cost = sum(costs[0, parameters.SETTINGS.index(k)] * n for k, n in by_kind.items())
    plans = sum(by_kind.values()) or 1
    other = round(plans * 2_500)
    services.run_baseline(
        user=finance,
        b=services.Baseline(
            name=f"Baseline from January {census.year}",
            census_date=census,
            years=10,
            population=max(plans * 27, 1_000),
            population_growth=Decimal("0.4"),
            hnb_allocation=max(1, round((placement_cost + other) * 0.9)),
            allocation_growth=Decimal(2),
            other_spend=other,
            opening_deficit=round(plans * 4_000),
            write_off_share=Decimal(90),
            inflation=Decimal(3),
            runs=DEMO_RUNS,
            seed=1,
        ),
    )
