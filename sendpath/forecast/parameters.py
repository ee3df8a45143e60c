"""Estimating the model's parameters from an area's records (funding.md §5.2).

Everything comes from the same case records the SEN2 return is built from:
- the opening stock: plans in force at the January census, by the child's national
  curriculum year (from date of birth), the plan's primary need, and the type of setting
  of the placement running that day;
- transitions: each plan's state at consecutive January censuses over the last
  ``history`` years. In force at both: stayed or moved; in force at the first only: left;
- joiners: plans in force at a census that were not at the one before, by state;
- requests: assessment requests received in the years before the census;
- unit costs: the average annual cost of a placement of each type, from the funding app's
  dated rate tables, otherwise the dated benchmarks of funding.md §1.10, labelled as such.

Sparse cells are pooled (beta / Dirichlet style, as witan.send does): a cell's
probabilities are its own counts plus a prior drawn from the same setting at the same age
over all needs, which is in turn pooled towards the setting over all ages. No probability
is ever exactly zero where the move is possible, and none is positive where it is not.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from typing import Any

import numpy as np

from sendpath.forecast.model import Inputs
from sendpath.organisations.models import SettingKind
from sendpath.plans.codes import NeedType

NCY_MIN, NCY_MAX = -1, 20
NCYS = tuple(range(NCY_MIN, NCY_MAX + 1))
NEEDS = tuple(NeedType.values)
NONE = "none"
SETTINGS = (*SettingKind.values, NONE)
SETTING_LABELS = {**dict(SettingKind.choices), NONE: "No setting recorded"}
#: Which NCYs each type of setting takes (witan.send's valid states, for English settings).
NCY_RANGE = {
    "early_years": (-1, 0),
    "mainstream": (0, 14),
    "resourced": (0, 14),
    "special": (0, 15),
    "independent_special": (0, 15),
    "fe_college": (12, 20),
    "alternative": (0, 11),
    NONE: (-1, 20),
}
#: Dated benchmark costs, £ a year (funding.md §1.10), used only when the ledger has no
#: placements of a type. Never constants in the sense of truth: shown on the page as such.
BENCHMARK_COSTS = {
    "mainstream": (4_500, "Devon mainstream top-up band 3, 2023/24 (FOI)"),
    "resourced": (18_000, "Estimate from £6k/£10k place + top-up, funding.md §1.10 [unverified]"),
    "special": (23_907, "Schools Week FOI of 51 councils, FY 2025-26 forecast"),
    "independent_special": (61_000, "Schools Week FOI of 51 councils, FY 2025-26 (in and out of area)"),
    "fe_college": (11_900, "witan.send demo costs, illustrative [unverified]"),
    "early_years": (4_500, "As mainstream top-up [unverified]"),
    "alternative": (18_000, "£10k place + top-up estimate [unverified]"),
    NONE: (0, "No placement: no placement cost"),
}
MIN_COSTED = 5  # placements of a type needed before its own average replaces the benchmark
PRIOR_AGE = 4.0  # strength of the pooled prior for a (NCY, setting) cell
PRIOR_NEED = 4.0  # strength of the (NCY, setting) prior for a (NCY, need, setting) cell


def census_day(year: int) -> dt.date:
    """The January census: the third Thursday of January."""
    first = dt.date(year, 1, 1)
    thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7)
    return thursday + dt.timedelta(days=14)


def ncy_on(dob: dt.date, day: dt.date) -> int:
    """National curriculum year on ``day``: age on 31 August before the academic year, less 4."""
    start = day.year if day.month >= 9 else day.year - 1
    age = start - dob.year - ((dob.month, dob.day) > (8, 31))
    return age - 4


def valid_states() -> np.ndarray:
    valid = np.zeros((len(NCYS), len(SETTINGS)), dtype=bool)
    for s, kind in enumerate(SETTINGS):
        low, high = NCY_RANGE[kind]
        for a, ncy in enumerate(NCYS):
            valid[a, s] = low <= ncy <= high
    return valid


@dataclass
class History:
    """The counts parameters are estimated from."""

    stock: np.ndarray  # (A, N, S)
    flows: np.ndarray  # (A, N, S, S+1) summed over the history years
    joiners: np.ndarray  # (A, N, S) summed over the history years
    joiners_per_year: list[int]
    requests_per_year: list[int]
    years: int


def _index(ncy: int) -> int:
    return min(max(ncy, NCY_MIN), NCY_MAX) - NCY_MIN


def read_history(local_authority_id: int, census: dt.date, history: int = 3) -> History:
    """Every plan's state at each of the last ``history`` + 1 January censuses, in one pass."""
    from sendpath.assessments.models import AssessmentRequest
    from sendpath.funding.models import Placement
    from sendpath.plans.models import Plan, PlanStatus

    days = [census_day(census.year - k) for k in range(history, -1, -1)]
    days[-1] = census
    need_ix = {n: i for i, n in enumerate(NEEDS)}
    set_ix = {s: i for i, s in enumerate(SETTINGS)}
    plans = list(
        Plan.objects.filter(local_authority_id=local_authority_id, first_issued_on__isnull=False)
        .exclude(status=PlanStatus.DRAFT)
        .values_list("pk", "child__date_of_birth", "primary_need", "first_issued_on", "ceased_on")
    )
    placements: dict[int, list[tuple[dt.date, dt.date | None, str]]] = {}
    for plan_id, start, end, kind in Placement.objects.filter(
        plan__local_authority_id=local_authority_id
    ).values_list("plan_id", "start_on", "end_on", "setting__kind"):
        placements.setdefault(plan_id, []).append((start, end, kind))
    a, n, s = len(NCYS), len(NEEDS), len(SETTINGS)
    stock = np.zeros((a, n, s))
    flows = np.zeros((a, n, s, s + 1))
    joiners = np.zeros((a, n, s))
    joiners_per_year = [0] * history
    for pk, dob, need, issued, ceased in plans:
        states: list[tuple[int, int, int] | None] = []
        mine = placements.get(pk, [])
        for day in days:
            if issued > day or (ceased is not None and ceased <= day):
                states.append(None)
                continue
            kind = next((k for st, en, k in mine if st <= day and (en is None or en >= day)), NONE)
            states.append((_index(ncy_on(dob, day)), need_ix.get(need, need_ix["OTH"]), set_ix[kind]))
        if states[-1] is not None:
            stock[states[-1]] += 1
        for k in range(1, len(days)):
            before, after = states[k - 1], states[k]
            if before is not None:
                flows[(*before, after[2] if after is not None else s)] += 1
            elif after is not None:
                joiners[after] += 1
                joiners_per_year[k - 1] += 1
    requests_per_year = []
    for k in range(1, len(days)):
        requests_per_year.append(
            AssessmentRequest.objects.filter(
                local_authority_id=local_authority_id, received_on__gt=days[k - 1], received_on__lte=days[k]
            ).count()
        )
    return History(stock, flows, joiners, joiners_per_year, requests_per_year, history)


def pooled_transitions(flows: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """(A, N, S, S+1) probabilities, pooled from setting to (age, setting) to (age, need,
    setting), with moves into settings closed to the next age removed."""
    a, n, s, _ = flows.shape
    allowed = np.ones((a, s, s + 1), dtype=bool)
    allowed[:-1, :, :s] = valid[1:, None, :]
    allowed[-1, :, :s] = False
    # Level 0: each setting over all ages and needs, with a light prior: mostly stay.
    base = flows.sum(axis=(0, 1))  # (S, S+1)
    prior0 = np.full((s, s + 1), 0.1)
    prior0[np.arange(s), np.arange(s)] = 8.0
    prior0[:, s] = 1.0
    level0 = base + prior0
    level0 /= level0.sum(axis=-1, keepdims=True)
    # Level 1: (age, setting), pooled towards level 0, masked to allowed moves.
    by_age = flows.sum(axis=1)  # (A, S, S+1)
    p1 = (by_age + PRIOR_AGE * level0[None]) * allowed
    p1 = _normalise(p1)
    # Level 2: (age, need, setting), pooled towards level 1.
    p2 = (flows + PRIOR_NEED * p1[:, None]) * allowed[:, None]
    return _normalise(p2)


def _normalise(p: np.ndarray) -> np.ndarray:
    total = p.sum(axis=-1, keepdims=True)
    out = np.where(total > 0, p / np.where(total > 0, total, 1), 0.0)
    # A row with nothing allowed at all leaves.
    empty = total[..., 0] == 0
    out[empty, -1] = 1.0
    return out


def joiner_split(joiners: np.ndarray, stock: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Where joiners go: observed joiners, pooled lightly towards the current stock's shape
    so a state seen in the stock but not among recent joiners is possible, never certain."""
    weights = joiners + 0.05 * stock / max(stock.sum(), 1) * max(joiners.sum(), 1)
    weights = weights * valid[:, None, :]
    if weights.sum() == 0:
        weights = valid[:, None, :] * np.ones_like(stock)
    return weights / weights.sum()


def unit_costs(local_authority_id: int, census: dt.date) -> tuple[np.ndarray, dict[str, dict[str, Any]]]:
    """(N, S) annual £ per child, and where each setting's figure came from."""
    ledger = _ledger_costs(local_authority_id, census)
    costs = np.zeros((len(NEEDS), len(SETTINGS)))
    sources: dict[str, dict[str, Any]] = {}
    for s, kind in enumerate(SETTINGS):
        if kind in ledger:
            amount, n = ledger[kind]
            costs[:, s] = amount
            sources[kind] = {
                "amount": round(amount),
                "source": f"Average of {n:,} placements running all year, from the rate tables",
                "benchmark": False,
            }
        else:
            amount, name = BENCHMARK_COSTS[kind]
            costs[:, s] = amount
            sources[kind] = {"amount": amount, "source": name, "benchmark": True}
    return costs, sources


def _ledger_costs(local_authority_id: int, census: dt.date) -> dict[str, tuple[float, int]]:
    """Average annual cost per placement, by type of setting, from the funding app's rate
    tables (``funding.selectors.annual_costs``): placements that ran the whole academic
    year the census falls in, so a part-year placement does not pull the average down.
    Types with fewer than ``MIN_COSTED`` such placements, or no cost at all, are left to
    the benchmarks."""
    from django.db.models import Q

    from sendpath.funding import selectors as funding
    from sendpath.funding.models import Placement

    ay = census.year - 1 if census.month < 9 else census.year
    start, end = dt.date(ay, 9, 1), dt.date(ay + 1, 8, 31)
    running = Placement.objects.filter(
        Q(end_on__isnull=True) | Q(end_on__gte=end),
        start_on__lte=start,
        plan__local_authority_id=local_authority_id,
    ).select_related("plan", "setting")
    totals: dict[str, float] = {}
    counts: dict[str, int] = {}
    for placement, components in funding.annual_costs(local_authority_id, ay, basis="ay", placements=running):
        kind = placement.setting.kind
        totals[kind] = totals.get(kind, 0.0) + sum(components.values()) / 100
        counts[kind] = counts.get(kind, 0) + 1
    return {kind: (totals[kind] / n, n) for kind, n in counts.items() if n >= MIN_COSTED and totals[kind] > 0}


def estimate(
    local_authority_id: int,
    census: dt.date,
    *,
    years: int,
    population: int,
    population_growth: float,
    inflation: float,
    history: int = 3,
) -> tuple[Inputs, dict[str, Any]]:
    """Baseline model inputs for an area, and a summary of them for the page."""
    h = read_history(local_authority_id, census, history)
    valid = valid_states()
    p = pooled_transitions(h.flows, valid)
    split = joiner_split(h.joiners, h.stock, valid)
    joiners_year = float(np.mean(h.joiners_per_year)) if h.joiners_per_year else 0.0
    requests_year = float(np.mean(h.requests_per_year)) if h.requests_per_year else 0.0
    pop = max(population, 1)
    if requests_year >= joiners_year and requests_year > 0:
        request_rate, conversion = requests_year / pop, joiners_year / requests_year
    else:
        request_rate, conversion = joiners_year / pop, 1.0
    request_rate = min(request_rate, 1.0)
    costs, cost_sources = unit_costs(local_authority_id, census)
    inputs = Inputs(
        stock=h.stock,
        transitions=p,
        population=population * (1 + population_growth) ** np.arange(years + 1),
        request_rate=request_rate,
        conversion_rate=conversion,
        joiner_split=split,
        unit_costs=costs,
        inflation=np.full(years + 1, inflation),
        years=years,
        ncy=NCYS,
        needs=NEEDS,
        settings=SETTINGS,
        valid=valid,
    )
    stay = h.flows[..., np.arange(len(SETTINGS)), np.arange(len(SETTINGS))].sum()
    observed = h.flows.sum()
    summary = {
        "plans": int(h.stock.sum()),
        "history_years": history,
        "transitions_observed": int(observed),
        "stayed": int(stay),
        "left": int(h.flows[..., -1].sum()),
        "moved": int(observed - stay - h.flows[..., -1].sum()),
        "joiners_per_year": h.joiners_per_year,
        "requests_per_year": h.requests_per_year,
        "request_rate": request_rate,
        "conversion_rate": conversion,
        "unit_costs": cost_sources,
        "leave_rate_by_ncy": _leave_by_ncy(h.flows),
    }
    return inputs, summary


def _leave_by_ncy(flows: np.ndarray) -> dict[str, float | None]:
    by = flows.sum(axis=(1, 2))  # (A, S+1)
    out: dict[str, float | None] = {}
    for a, ncy in enumerate(NCYS):
        total = by[a].sum()
        out[str(ncy)] = round(float(by[a, -1] / total), 4) if total >= 10 else None
    return out


ARRAYS = ("stock", "transitions", "population", "joiner_split", "unit_costs", "inflation", "valid")


def pack(inputs: Inputs) -> bytes:
    """The inputs as a compressed npz, stored with a baseline so scenarios reuse them exactly."""
    buf = io.BytesIO()
    np.savez_compressed(
        buf,
        **{k: np.asarray(getattr(inputs, k)) for k in ARRAYS},
        scalars=np.array([inputs.request_rate, inputs.conversion_rate, inputs.years], dtype=float),
    )
    return buf.getvalue()


def unpack(blob: bytes) -> Inputs:
    data = np.load(io.BytesIO(bytes(blob)))
    request_rate, conversion, years = data["scalars"]
    return Inputs(
        **{k: data[k] for k in ARRAYS},
        request_rate=float(request_rate),
        conversion_rate=float(conversion),
        years=int(years),
        ncy=NCYS,
        needs=NEEDS,
        settings=SETTINGS,
    )


def inputs_hash(inputs: Inputs) -> str:
    """One hash over every input table, stored with the run (§5.3 reproducibility)."""
    h = hashlib.sha256()
    for k in ARRAYS:
        h.update(np.ascontiguousarray(np.asarray(getattr(inputs, k), dtype=float)).tobytes())
    h.update(repr((inputs.request_rate, inputs.conversion_rate, inputs.years)).encode())
    for r in inputs.redirects:
        h.update(repr(r).encode())
    mult = inputs.request_multiplier
    if mult is not None and not np.allclose(np.asarray(mult, dtype=float), 1.0):
        h.update(np.asarray(mult, dtype=float).tobytes())
    return h.hexdigest()
