"""Reading forecasts, capacity and the children waiting for a specialist place, scoped to
the user's local authority (and, for children, to ``visible_children``)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet

from sendpath.forecast.models import CapacityRecord, Forecast, ForecastKind, ProvisionType, WaitingEntry
from sendpath.forecast.parameters import ncy_on
from sendpath.organisations.models import Phase, Setting, SettingKind
from sendpath.people.selectors import visible_children
from sendpath.plans.codes import NeedType

#: Which kind of setting each provision type is counted under in the forecast.
PROVISION_KIND = {
    ProvisionType.SPECIAL: SettingKind.SPECIAL,
    ProvisionType.DSP: SettingKind.RESOURCED,
    ProvisionType.SEN_UNIT: SettingKind.RESOURCED,
    ProvisionType.AP: SettingKind.ALTERNATIVE,
    ProvisionType.INTERNAL: SettingKind.ALTERNATIVE,
}
KIND_PROVISION = {
    SettingKind.SPECIAL: ProvisionType.SPECIAL,
    SettingKind.RESOURCED: ProvisionType.DSP,
    SettingKind.ALTERNATIVE: ProvisionType.AP,
}
WAIT_BANDS = (
    ("Under 30 days", 0, 29),
    ("30 to 89 days", 30, 89),
    ("90 to 179 days", 90, 179),
    ("180 days or more", 180, 10**6),
)


def forecasts(user: Any) -> QuerySet[Forecast]:
    return Forecast.objects.filter(local_authority_id=user.local_authority_id).defer("inputs_blob", "results")


def forecast(user: Any, pk: int) -> Forecast | None:
    return (
        Forecast.objects.filter(local_authority_id=user.local_authority_id, pk=pk)
        .select_related("baseline")
        .first()
    )


def baselines(user: Any) -> QuerySet[Forecast]:
    return forecasts(user).filter(kind=ForecastKind.BASELINE)


def latest_baseline(user: Any) -> Forecast | None:
    return (
        Forecast.objects.filter(local_authority_id=user.local_authority_id, kind=ForecastKind.BASELINE)
        .defer("inputs_blob")
        .order_by("-created_at")
        .first()
    )


def phase_of_ncy(ncy: int) -> str:
    if ncy < 0:
        return Phase.NURSERY
    if ncy <= 6:
        return Phase.PRIMARY
    if ncy <= 11:
        return Phase.SECONDARY
    return Phase.POST_16


def capacity_records(user: Any, academic_year: int | None = None) -> QuerySet[CapacityRecord]:
    qs = CapacityRecord.objects.filter(setting__local_authority_id=user.local_authority_id).select_related(
        "setting"
    )
    if academic_year is not None:
        qs = qs.filter(academic_year=academic_year)
    return qs.order_by("setting__name", "phase", "need")


def capacity_record(user: Any, pk: int) -> CapacityRecord | None:
    return capacity_records(user).filter(pk=pk).first()


def specialist_settings(user: Any) -> QuerySet[Setting]:
    return Setting.objects.filter(
        local_authority_id=user.local_authority_id,
        kind__in=[SettingKind.SPECIAL, SettingKind.RESOURCED, SettingKind.ALTERNATIVE],
    ).order_by("name")


def academic_year_of(day: dt.date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def sufficiency(user: Any, today: dt.date, academic_year: int | None = None) -> dict[str, Any]:
    """Places commissioned against children placed today, per special school, DSP and
    resource base (and AP), and per type × phase × need against forecast demand."""
    from sendpath.funding.models import Placement

    year = academic_year if academic_year is not None else academic_year_of(today)
    records = list(capacity_records(user, year))
    placed_rows = Placement.objects.filter(
        Q(end_on__isnull=True) | Q(end_on__gte=today),
        start_on__lte=today,
        plan__local_authority_id=user.local_authority_id,
        setting__kind__in=[SettingKind.SPECIAL, SettingKind.RESOURCED, SettingKind.ALTERNATIVE],
    ).values_list("setting_id", "setting__kind", "plan__primary_need", "plan__child__date_of_birth")
    placed_setting: Counter[int] = Counter()
    placed_cell: Counter[tuple[str, str, str]] = Counter()
    for setting_id, kind, need, dob in placed_rows:
        placed_setting[setting_id] += 1
        placed_cell[(kind, phase_of_ncy(ncy_on(dob, today)), need)] += 1
    per_setting: dict[int, dict[str, Any]] = {}
    for r in records:
        row = per_setting.setdefault(
            r.setting_id,
            {
                "setting": r.setting,
                "provision": r.get_provision_display(),
                "commissioned": 0,
                "physical": 0,
                "planned": 0,
                "needs": set(),
            },
        )
        row["commissioned"] += r.commissioned
        row["physical"] += r.physical or 0
        row["planned"] += r.planned_change
        if r.need:
            row["needs"].add(r.get_need_display())
    for setting in specialist_settings(user):
        if setting.pk not in per_setting and placed_setting.get(setting.pk):
            per_setting[setting.pk] = {
                "setting": setting,
                "provision": KIND_PROVISION[setting.kind].label,
                "commissioned": 0,
                "physical": 0,
                "planned": 0,
                "needs": set(),
            }
    institutions = []
    for sid, row in per_setting.items():
        placed = placed_setting.get(sid, 0)
        institutions.append(
            {
                **row,
                "needs": ", ".join(sorted(row["needs"])) or "Any",
                "placed": placed,
                "free": row["commissioned"] - placed,
            }
        )
    institutions.sort(key=lambda r: (r["setting"].name, r["setting"].pk))
    # Type × phase × need: capacity (commissioned + planned) against placed and forecast.
    cap_cell: Counter[tuple[str, str, str]] = Counter()
    for r in records:
        kind = PROVISION_KIND[ProvisionType(r.provision)]
        cap_cell[(kind, r.phase, r.need)] += r.commissioned + r.planned_change
    base = latest_baseline(user)
    demand = (base.results.get("demand") if base else None) or {"census_years": [], "cells": {}}
    # The forecast's census in January of (year + 1) is inside academic year ``year``.
    years = demand["census_years"]
    col = years.index(year + 1) if (year + 1) in years else None
    # Where a type and phase has a record for any need, its needs are counted together.
    any_need = {(k, p) for (k, p, n) in cap_cell if n == ""}
    keys = {(k, p, "" if (k, p) in any_need else n) for (k, p, n) in set(cap_cell) | set(placed_cell)}
    unit = {k: v["amount"] for k, v in (base.parameters.get("unit_costs", {}) if base else {}).items()}
    cells = []
    for kind, phase, need in sorted(keys):
        same = [(n, v) for (k, p, n), v in cap_cell.items() if k == kind and p == phase]
        cap = sum(v for n, v in same) if need == "" else cap_cell.get((kind, phase, need), 0)
        if need == "":
            placed = sum(v for (k, p, _), v in placed_cell.items() if k == kind and p == phase)
        else:
            placed = placed_cell.get((kind, phase, need), 0)
        f = demand["cells"].get(f"{kind}|{phase}|{need}") if col is not None else None
        p50 = f["p50"][col] if f else None
        p90 = f["p90"][col] if f else None
        gap = None if p50 is None else round(p50 - cap)
        # The overflow rule (funding.md §5.4): children without a place go independent.
        extra = None
        if gap is not None and kind in unit and "independent_special" in unit:
            extra = max(gap, 0) * max(unit["independent_special"] - unit[kind], 0)
        cells.append(
            {
                "kind": SettingKind(kind).label,
                "phase": Phase(phase).label,
                "need": NeedType(need).label if need else "Any need",
                "capacity": cap,
                "placed": placed,
                "p50": p50,
                "p90": p90,
                "gap": gap,
                "extra_cost": extra,
            }
        )
    return {"academic_year": year, "institutions": institutions, "cells": cells, "baseline": base}


def waiting(user: Any, today: dt.date) -> dict[str, Any]:
    """Children waiting for a specialist place now, longest first, with the summary of
    funding.md §7.2. Only children the user may see are listed."""
    entries = list(
        WaitingEntry.objects.filter(
            local_authority_id=user.local_authority_id,
            closed_on__isnull=True,
            child__in=visible_children(user),
        ).select_related("child", "interim_setting")
    )
    for e in entries:
        e.days = e.days_waiting(today)
    entries.sort(key=lambda e: (-e.days, e.pk))
    days = [e.days for e in entries]
    bands = [
        {"label": label, "n": sum(1 for d in days if low <= d <= high)} for label, low, high in WAIT_BANDS
    ]
    by: dict[str, Counter[str]] = defaultdict(Counter)
    for e in entries:
        by["phase"][e.get_phase_display()] += 1
        by["need"][e.get_need_display()] += 1
        by["provision"][e.get_provision_sought_display()] += 1
        by["interim"][e.get_interim_display()] += 1
    return {
        "entries": entries,
        "median": statistics.median(days) if days else None,
        "longest": max(days) if days else None,
        "bands": bands,
        "by": {k: sorted(v.items(), key=lambda kv: (-kv[1], kv[0])) for k, v in by.items()},
    }


def waiting_count(user: Any) -> int:
    return WaitingEntry.objects.filter(
        local_authority_id=user.local_authority_id, closed_on__isnull=True
    ).aggregate(n=Count("pk"))["n"]
