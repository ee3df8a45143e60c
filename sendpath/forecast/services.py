"""Running forecasts and scenarios, and keeping capacity records.

A run estimates (baseline) or reuses (scenario) the model inputs, runs the Monte Carlo
model, summarises it into the figures the pages show, and stores everything with its seed
and an input hash, audited, in one transaction. A scenario always reuses its baseline's
exact inputs, seed and number of runs, so the difference between the two is the levers
and nothing else.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from sendpath.accounts.roles import Role
from sendpath.audit.models import AuditAction
from sendpath.audit.services import diff, record
from sendpath.common.concurrency import changed_by
from sendpath.common.errors import DomainError, NotAllowed, StaleRecord
from sendpath.forecast import model, parameters
from sendpath.forecast.deficit import deficit_path, exposure_when_override_ends
from sendpath.forecast.models import CapacityRecord, Forecast, ForecastKind
from sendpath.forecast.parameters import NCYS, NEEDS, SETTING_LABELS, SETTINGS

RUNNERS = frozenset({Role.FINANCE})
S = {kind: i for i, kind in enumerate(SETTINGS)}
PHASES = (("nursery", -99, -1), ("primary", 0, 6), ("secondary", 7, 11), ("post16", 12, 99))
SPECIALIST = ("special", "resourced", "independent_special", "alternative")
DEMAND_YEARS = 5
BAND_KEYS = ("mean", "p2_5", "p10", "p50", "p90", "p97_5")


@dataclass(frozen=True)
class Baseline:
    """What a finance officer gives for a baseline run (money in £, rates in %)."""

    name: str
    census_date: dt.date
    years: int
    population: int
    population_growth: Decimal
    hnb_allocation: int
    allocation_growth: Decimal
    other_spend: int
    opening_deficit: int
    write_off_share: Decimal
    inflation: Decimal
    runs: int = 1000
    seed: int = 1


@dataclass(frozen=True)
class Levers:
    """A scenario's levers. Years are the academic year a change starts (2027 = 2027/28)."""

    name: str
    description: str = ""
    request_factor: Decimal = Decimal(100)
    request_from: int | None = None
    inflation: Decimal | None = None
    dsp_places: int = 0
    dsp_from: int | None = None
    iss_reduction: Decimal = Decimal(0)
    iss_to: str = "special"
    iss_from: int | None = None


def _check_runner(user: Any) -> None:
    if getattr(user, "role", None) not in RUNNERS:
        raise NotAllowed("Only a finance officer can run forecasts and scenarios.")


def model_year(census_year: int, academic_year: int | None) -> int:
    """The model step in which a change from the academic year starting September
    ``academic_year`` first shows: the January census inside that academic year."""
    if academic_year is None:
        return 1
    return max(1, academic_year + 1 - census_year)


def validate_baseline(b: Baseline) -> None:
    errors: dict[str, str] = {}
    if not b.name.strip():
        errors["name"] = "Enter a name for the forecast"
    if not 5 <= b.years <= 10:
        errors["years"] = "Forecast between 5 and 10 years"
    if b.population < 1000:
        errors["population"] = "Enter the population aged 0 to 25, at least 1,000"
    if not -10 <= b.population_growth <= 10:
        errors["population_growth"] = "Population growth must be between -10% and 10% a year"
    if b.hnb_allocation <= 0:
        errors["hnb_allocation"] = "Enter the High Needs Block allocation for the first financial year"
    if not -20 <= b.allocation_growth <= 20:
        errors["allocation_growth"] = "Allocation growth must be between -20% and 20% a year"
    if not 0 <= b.write_off_share <= 100:
        errors["write_off_share"] = "The write-off share is between 0% and 100%"
    if not -5 <= b.inflation <= 25:
        errors["inflation"] = "Inflation must be between -5% and 25% a year"
    if not 100 <= b.runs <= 5000:
        errors["runs"] = "Run between 100 and 5,000 simulations"
    if errors:
        raise DomainError("Check the forecast inputs", errors=errors)


def validate_levers(lv: Levers, baseline: Forecast) -> None:
    errors: dict[str, str] = {}
    first, last = baseline.first_year - 1, baseline.first_year + baseline.years - 1
    if not lv.name.strip():
        errors["name"] = "Enter a name for the scenario"
    if not 0 <= lv.request_factor <= 300:
        errors["request_factor"] = "The request rate must be between 0% and 300% of today's"
    if lv.inflation is not None and not -5 <= lv.inflation <= 25:
        errors["inflation"] = "Inflation must be between -5% and 25% a year"
    if lv.dsp_places > 5000:
        errors["dsp_places"] = "Enter 5,000 new places or fewer"
    if lv.dsp_places and lv.dsp_from is None:
        errors["dsp_from"] = "Enter the academic year the new places open"
    if not 0 <= lv.iss_reduction <= 100:
        errors["iss_reduction"] = "The reduction is between 0% and 100%"
    if lv.iss_to not in {"special", "resourced", "mainstream"}:
        errors["iss_to"] = "Choose where the children go instead"
    for key in ("request_from", "dsp_from", "iss_from"):
        year = getattr(lv, key)
        if year is not None and not first <= year <= last:
            errors[key] = f"Enter an academic year from {first} to {last}"
    if errors:
        raise DomainError("Check the scenario's levers", errors=errors)


@transaction.atomic
def run_baseline(*, user: Any, b: Baseline, request: Any = None) -> Forecast:
    """Estimate the parameters from the area's records, run the model and save it."""
    _check_runner(user)
    validate_baseline(b)
    inputs, summary = parameters.estimate(
        user.local_authority_id,
        b.census_date,
        years=b.years,
        population=b.population,
        population_growth=float(b.population_growth) / 100,
        inflation=float(b.inflation) / 100,
    )
    forecast = Forecast(
        local_authority_id=user.local_authority_id,
        kind=ForecastKind.BASELINE,
        name=b.name.strip(),
        census_date=b.census_date,
        years=b.years,
        runs=b.runs,
        seed=b.seed,
        population=b.population,
        population_growth=b.population_growth,
        hnb_allocation=b.hnb_allocation,
        allocation_growth=b.allocation_growth,
        other_spend=b.other_spend,
        opening_deficit=b.opening_deficit,
        write_off_share=b.write_off_share,
        inflation=b.inflation,
        parameters=summary,
        inputs_blob=parameters.pack(inputs),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    return _run_and_save(forecast, inputs, user, request)


@transaction.atomic
def run_scenario(*, user: Any, baseline: Forecast, lv: Levers, request: Any = None) -> Forecast:
    """The baseline's inputs with the levers applied, run with the same seed."""
    _check_runner(user)
    if baseline.kind != ForecastKind.BASELINE or baseline.local_authority_id != user.local_authority_id:
        raise NotAllowed("Scenarios are compared with one of your area's baselines.")
    validate_levers(lv, baseline)
    inflation = baseline.inflation if lv.inflation is None else lv.inflation
    forecast = Forecast(
        local_authority_id=baseline.local_authority_id,
        kind=ForecastKind.SCENARIO,
        baseline=baseline,
        name=lv.name.strip(),
        description=lv.description.strip(),
        census_date=baseline.census_date,
        years=baseline.years,
        runs=baseline.runs,
        seed=baseline.seed,
        population=baseline.population,
        population_growth=baseline.population_growth,
        hnb_allocation=baseline.hnb_allocation,
        allocation_growth=baseline.allocation_growth,
        other_spend=baseline.other_spend,
        opening_deficit=baseline.opening_deficit,
        write_off_share=baseline.write_off_share,
        override_end=baseline.override_end,
        request_factor=lv.request_factor,
        request_from=lv.request_from,
        inflation=inflation,
        dsp_places=lv.dsp_places,
        dsp_from=lv.dsp_from,
        iss_reduction=lv.iss_reduction,
        iss_to=lv.iss_to,
        iss_from=lv.iss_from,
        parameters=baseline.parameters,
        inputs_blob=bytes(baseline.inputs_blob),
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    return _run_and_save(forecast, scenario_inputs(forecast), user, request)


def scenario_inputs(f: Forecast) -> model.Inputs:
    """The stored baseline inputs with this forecast's levers applied."""
    inputs = parameters.unpack(f.inputs_blob)
    y0 = f.first_year
    redirects: list[model.Redirect] = []
    if f.dsp_places:
        redirects.append(
            model.Redirect(
                sources=(S["special"], S["independent_special"]),
                target=S["resourced"],
                places=f.dsp_places,
                from_year=model_year(y0, f.dsp_from),
                label="More DSP or resourced places",
            )
        )
    if f.iss_reduction:
        redirects.append(
            model.Redirect(
                sources=(S["independent_special"],),
                target=S[f.iss_to],
                share=float(f.iss_reduction) / 100,
                from_year=model_year(y0, f.iss_from),
                label="Less independent-school use",
            )
        )
    return model.with_levers(
        inputs,
        redirects=tuple(redirects),
        request_factor=float(f.request_factor) / 100,
        request_from_year=model_year(y0, f.request_from),
        inflation=np.full(f.years + 1, float(f.inflation) / 100),
    )


def _run_and_save(forecast: Forecast, inputs: model.Inputs, user: Any, request: Any) -> Forecast:
    started = time.perf_counter()
    try:
        out = model.simulate(inputs, runs=forecast.runs, seed=forecast.seed)
    except model.ModelError as exc:
        raise DomainError("The model cannot run on these inputs", errors=exc.errors) from exc
    forecast.results = summarise(out, inputs, forecast)
    forecast.seconds = round(time.perf_counter() - started, 2)
    forecast.model_version = model.MODEL_VERSION
    forecast.inputs_hash = parameters.inputs_hash(inputs)
    forecast.save()
    record(
        user=user,
        action=AuditAction.CREATE,
        obj=forecast,
        local_authority_id=forecast.local_authority_id,
        summary=f"Ran {forecast.get_kind_display().lower()} forecast",
        changes=lever_values(forecast),
        request=request,
    )
    return forecast


def lever_values(f: Forecast) -> dict[str, Any]:
    """The run's settings as plain values, for the audit trail and the page."""
    return {
        "years": f.years,
        "runs": f.runs,
        "seed": f.seed,
        "census_date": f.census_date.isoformat(),
        "request_factor": str(f.request_factor),
        "request_from": f.request_from,
        "inflation": str(f.inflation),
        "dsp_places": f.dsp_places,
        "dsp_from": f.dsp_from,
        "iss_reduction": str(f.iss_reduction),
        "iss_to": f.iss_to,
        "iss_from": f.iss_from,
        "baseline": f.baseline_id,
    }


def _bands(values: np.ndarray) -> dict[str, list[float]]:
    b = model.bands(values)
    return {k: [round(float(x), 1) for x in b[k]] for k in BAND_KEYS}


def summarise(out: model.Projection, inputs: model.Inputs, f: Forecast) -> dict[str, Any]:
    """The figures the pages and the CSV show, from a Monte Carlo projection."""
    y0, years = f.first_year, f.years
    counts = out.counts  # (R, Y+1, A, N, S)
    plans = counts.sum(axis=(2, 3, 4))
    ay = out.costs.sum(axis=(2, 3))  # (R, Y+1)
    fy = model.financial_years(ay)  # (R, Y)
    infl = float(f.inflation) / 100
    alloc = float(f.hnb_allocation) * (1 + float(f.allocation_growth) / 100) ** np.arange(years)
    other = float(f.other_spend) * (1 + infl) ** np.arange(years)
    historic = float(f.opening_deficit) * (1 - float(f.write_off_share) / 100)
    cumulative = historic + np.cumsum(fy + other - alloc, axis=1)
    mean_fy = fy.mean(axis=0)
    rows = deficit_path(
        first_fy=y0,
        placement_spend=[float(x) for x in mean_fy],
        other_spend=float(f.other_spend),
        allocation=float(f.hnb_allocation),
        allocation_growth=float(f.allocation_growth) / 100,
        inflation=infl,
        opening_deficit=float(f.opening_deficit),
        write_off_share=float(f.write_off_share) / 100,
        override_end=f.override_end,
    )
    mean_counts = counts.mean(axis=0)  # (Y+1, A, N, S)
    by_setting = mean_counts.sum(axis=(1, 2))  # (Y+1, S)
    cost_setting = out.costs.mean(axis=0).sum(axis=1)  # (Y+1, S)
    by_need = mean_counts.sum(axis=(1, 3))  # (Y+1, N)
    return {
        "census_years": [y0 + y for y in range(years + 1)],
        "fy_labels": [f"{y0 + k}-{str(y0 + k + 1)[-2:]}" for k in range(years)],
        "plans": _bands(plans),
        "cost_ay": _bands(ay),
        "cost_fy": _bands(fy),
        "cumulative": _bands(cumulative),
        "deficit": [
            {
                "fy": r.label,
                "allocation": round(r.allocation),
                "spend": round(r.spend),
                "in_year": round(r.in_year),
                "historic_residual": round(r.historic_residual),
                "new_cumulative": round(r.new_cumulative),
                "cumulative": round(r.cumulative),
                "after_override": r.after_override,
            }
            for r in rows
        ],
        "exposure_at_override_end": _round(exposure_when_override_ends(rows, f.override_end)),
        "settings": [{"kind": k, "label": SETTING_LABELS[k]} for k in SETTINGS],
        "plans_by_setting": [[round(float(v), 1) for v in by_setting[:, s]] for s in range(len(SETTINGS))],
        "cost_by_setting": [[round(float(v)) for v in cost_setting[:, s]] for s in range(len(SETTINGS))],
        "needs": list(NEEDS),
        "plans_by_need": [[round(float(v), 1) for v in by_need[:, n]] for n in range(len(NEEDS))],
        "leavers": [round(float(v), 1) for v in out.leavers.mean(axis=0)],
        "joiners": [round(float(v), 1) for v in out.joiners.mean(axis=0)],
        "redirected": [round(float(v), 1) for v in out.redirected.mean(axis=0)],
        "decomposition": decomposition(by_setting, cost_setting),
        "demand": specialist_demand(counts, y0),
    }


def _round(x: float | None) -> int | None:
    return None if x is None else round(x)


def decomposition(counts: np.ndarray, costs: np.ndarray) -> list[dict[str, int]]:
    """§5.9, year on year by type of setting: caseload, mix and price effects (they add up
    to the change in cost; the interaction is given to price)."""
    rows = []
    with np.errstate(divide="ignore", invalid="ignore"):
        unit = np.where(counts > 0, costs / np.where(counts > 0, counts, 1), 0.0)
    for y in range(1, counts.shape[0]):
        n0, n1, c0, c1 = counts[y - 1], counts[y], unit[y - 1], unit[y]
        old_total = float((n0 * c0).sum())
        avg = old_total / n0.sum() if n0.sum() else 0.0
        caseload = (n1.sum() - n0.sum()) * avg
        mix = float(((n1 - n0) * c0).sum()) - caseload
        price = float((n1 * (c1 - c0)).sum())
        rows.append({"caseload": round(caseload), "mix": round(mix), "price": round(price)})
    return rows


def specialist_demand(counts: np.ndarray, y0: int) -> dict[str, Any]:
    """Forecast children per specialist setting type × phase × need for the next few
    academic years: P50 and P90 over the simulations (§7.3 uses P50, shows P90)."""
    ncys = np.array(NCYS)
    out: dict[str, Any] = {"census_years": [], "cells": {}}
    horizon = min(DEMAND_YEARS, counts.shape[1] - 1)
    out["census_years"] = [y0 + y for y in range(1, horizon + 1)]
    for kind in SPECIALIST:
        s = S[kind]
        for phase, low, high in PHASES:
            ages = (ncys >= low) & (ncys <= high)
            sub = counts[:, 1 : horizon + 1][:, :, ages, :, s].sum(axis=2)  # (R, H, N)
            total = sub.sum(axis=2)
            if not total.any():
                continue
            p50, p90 = np.percentile(sub, [50, 90], axis=0)
            t50, t90 = np.percentile(total, [50, 90], axis=0)
            out["cells"][f"{kind}|{phase}|"] = {
                "p50": [round(float(v), 1) for v in t50],
                "p90": [round(float(v), 1) for v in t90],
            }
            for n, need in enumerate(NEEDS):
                if p90[:, n].any():
                    out["cells"][f"{kind}|{phase}|{need}"] = {
                        "p50": [round(float(v), 1) for v in p50[:, n]],
                        "p90": [round(float(v), 1) for v in p90[:, n]],
                    }
    return out


# -- capacity records -----------------------------------------------------------------------
CAPACITY_EDITORS = frozenset({Role.FINANCE, Role.MANAGER})
CAPACITY_FIELDS = (
    "setting_id",
    "provision",
    "academic_year",
    "need",
    "phase",
    "physical",
    "places_10k",
    "places_6k",
    "planned_change",
    "confidence",
    "note",
)


@transaction.atomic
def save_capacity(
    *,
    user: Any,
    data: dict[str, Any],
    record_obj: CapacityRecord | None = None,
    version: int | None = None,
    request: Any = None,
) -> CapacityRecord:
    """Add or change a capacity record. A stale form is refused, saying who saved first."""
    if getattr(user, "role", None) not in CAPACITY_EDITORS:
        raise NotAllowed("Only finance officers and SEND managers keep capacity records.")
    from sendpath.organisations.models import Setting

    setting = Setting.objects.filter(
        pk=data.get("setting_id"), local_authority_id=user.local_authority_id
    ).first()
    errors: dict[str, str] = {}
    if setting is None:
        errors["setting_id"] = "Choose one of your area's settings"
    year = data.get("academic_year") or 0
    if not 2000 <= year <= 2100:
        errors["academic_year"] = "Enter the year the academic year starts, for example 2026"
    if data.get("physical") is not None and data["physical"] < (
        data.get("places_10k", 0) + data.get("places_6k", 0)
    ):
        errors["physical"] = "Physical capacity cannot be below the places commissioned"
    clash = CapacityRecord.objects.filter(
        setting_id=data.get("setting_id"),
        academic_year=year,
        need=data.get("need", ""),
        phase=data.get("phase"),
    )
    if record_obj is not None:
        clash = clash.exclude(pk=record_obj.pk)
    if clash.exists():
        errors["academic_year"] = (
            "This setting already has a record for that year, need and phase: change that one"
        )
    if errors:
        raise DomainError("Check the capacity record", errors=errors)
    before: dict[str, Any] = {}
    if record_obj is None:
        record_obj = CapacityRecord()
    else:
        locked = CapacityRecord.objects.select_for_update().get(pk=record_obj.pk)
        if version is not None and locked.version != version:
            raise StaleRecord(
                f"This record was changed by {changed_by(locked)}. "
                "Your changes are below: check them and save again.",
                current_version=locked.version,
            )
        record_obj = locked
        before = {k: getattr(record_obj, k) for k in CAPACITY_FIELDS}
    for k in CAPACITY_FIELDS:
        setattr(record_obj, k, data.get(k, getattr(record_obj, k)))
    record_obj.version = (record_obj.version or 0) + (1 if before else 0)
    record_obj.updated_by = user
    record_obj.updated_at = timezone.now()
    record_obj.save()
    after = {k: getattr(record_obj, k) for k in CAPACITY_FIELDS}
    record(
        user=user,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        obj=record_obj,
        local_authority_id=user.local_authority_id,
        summary="Changed capacity record" if before else "Added capacity record",
        changes={
            k: [str(a) if a is not None else None, str(b) if b is not None else None]
            for k, (a, b) in diff(before, after).items()
        },
        request=request,
    )
    return record_obj
