"""The forecasting model: plans as a stock-and-flow Markov chain, and their cost.

Pure Python and numpy; no Django. The design follows funding.md §5 (after MastodonC's
witan.send, written afresh): a child with a plan is in a state (national curriculum year,
primary need, type of setting). One step is one year, January census to January census. In
a step a child stays, moves to another setting, or leaves (plan ceased or moved away);
children who stay or move go up exactly one curriculum year. New children join from the
population through requests and the share of requests that become plans.

Why the transition tensor is per (NCY, need) and setting to setting rather than one big
state-to-state matrix: NCY always goes up by one and need-only changes are deliberately not
modelled (§5.1), so the only free choice is the next setting. The tensor is small (tens of
kilobytes) and every step is a handful of broadcast multiplications.

Two modes share the same arithmetic:
- ``project`` gives the expected values. With ``exact=True`` every array holds
  ``fractions.Fraction`` objects, so the worked example in §5.8 comes out exactly.
- ``simulate`` runs the chain stochastically (Monte Carlo): multinomial flows out of every
  state (drawn as a chain of binomials, which vectorises over simulations), a beta-binomial
  number of joiners, and a multinomial split of joiners over states. Seeded, so the same
  inputs and seed always give the same output.

Costs are counts times unit costs per (need, setting), uprated by an inflation rate per
year (optionally per setting). Costs are per academic year (counts at January); the
financial year spanning AY y and y+1 is 5/12 of the first and 7/12 of the second (§0).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

import numpy as np

MODEL_VERSION = "forecast-1"
COUNT = np.int32  # counts per state and run: ample, and half the memory of int64
TOLERANCE = 1e-9


class ModelError(ValueError):
    """Inputs that the model cannot run on. ``errors`` maps a field to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Redirect:
    """Send a share of the children who would go into ``sources`` to ``target`` instead.

    Joiners and/or movers (not stayers) into the source settings are redirected, from model
    year ``from_year`` (1 = the first projected year). With ``places`` set, the target takes
    at most that many extra children on top of its count in the year before the lever
    starts: the "more DSP or resourced places" lever. Without it, it is the "less
    independent-school use" lever (share = the reduction).
    """

    sources: tuple[int, ...]
    target: int
    share: float = 1.0
    from_year: int = 1
    joiners: bool = True
    movers: bool = True
    places: int | None = None
    label: str = ""


@dataclass(frozen=True)
class Capacity:
    """A ceiling on the number of children in ``setting`` from ``from_year``; the children
    over it go to ``fallback`` (DBV-style overflow, §5.4)."""

    setting: int
    places: int
    fallback: int
    from_year: int = 1


@dataclass
class Inputs:
    """Everything the model needs. Shapes use A ages (NCYs), N needs and S settings.

    - ``stock``: (A, N, S) opening count at the January census.
    - ``transitions``: (A, N, S, S+1) probability of going from a setting to each setting or
      (last column) leaving. Each row sums to 1.
    - ``population``: (Y+1,) population aged 0 to 25 in each model year (index 0 = base).
    - ``request_rate``: requests for assessment per head of population per year.
    - ``conversion_rate``: share of requests that become new plans.
    - ``joiner_split``: (A, N, S) where joiners go; sums to 1.
    - ``unit_costs``: (N, S) annual cost per child at base-year prices, in pounds.
    - ``inflation``: (Y+1,) or (Y+1, S): price rise in each year (index 0 ignored).
    - ``ncy``: the NCY label of each age index (only for labelling and checks).
    - ``valid``: (A, S) whether a child of that age may be in that setting.
    - ``ageing``: children go up one age index a year (False only for the age-free worked
      example); at the last age everyone leaves.
    - ``joiner_dispersion``: beta-binomial concentration for the joiner rate in Monte Carlo
      (larger = less spread; ``None`` = plain binomial).
    """

    stock: Any
    transitions: Any
    population: Any
    request_rate: Any
    conversion_rate: Any
    joiner_split: Any
    unit_costs: Any
    inflation: Any
    years: int
    ncy: tuple[int, ...] = (0,)
    needs: tuple[str, ...] = ("all",)
    settings: tuple[str, ...] = ()
    valid: Any = None
    ageing: bool = True
    joiner_dispersion: float | None = 2000.0
    redirects: tuple[Redirect, ...] = ()
    capacities: tuple[Capacity, ...] = ()
    request_multiplier: Any = None  # (Y+1,) factor on the request rate per year
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def shape(self) -> tuple[int, int, int]:
        return tuple(np.shape(self.stock))  # type: ignore[return-value]


@dataclass
class Projection:
    """Counts (Y+1, A, N, S) per year, leavers and joiners per year, and AY costs (Y+1, N, S).

    In Monte Carlo mode every array has a leading simulation axis.
    """

    counts: Any
    leavers: Any
    joiners: Any
    costs: Any
    redirected: Any
    overflow: Any


# -- validation -----------------------------------------------------------------------------
def validate(inputs: Inputs) -> None:
    """Refuse inputs that would give a meaningless answer, with a message per field."""
    errors: dict[str, str] = {}
    a, n, s = inputs.shape
    p = np.asarray(inputs.transitions, dtype=float)
    if p.shape != (a, n, s, s + 1):
        errors["transitions"] = f"expected shape {(a, n, s, s + 1)}, got {p.shape}"
    else:
        if (p < -TOLERANCE).any():
            errors["transitions"] = "a transition probability is negative"
        elif not np.allclose(p.sum(axis=-1), 1.0, atol=1e-6):
            errors["transitions"] = "each row of the transition matrix must sum to 1"
    split = np.asarray(inputs.joiner_split, dtype=float)
    if split.shape != (a, n, s):
        errors["joiner_split"] = f"expected shape {(a, n, s)}, got {split.shape}"
    elif (split < -TOLERANCE).any() or not np.isclose(split.sum(), 1.0, atol=1e-6):
        errors["joiner_split"] = "the joiner split must be non-negative and sum to 1"
    if np.shape(inputs.population) != (inputs.years + 1,):
        errors["population"] = f"expected one figure per year ({inputs.years + 1})"
    elif (np.asarray(inputs.population, dtype=float) < 0).any():
        errors["population"] = "population cannot be negative"
    if not 0 <= float(inputs.request_rate) <= 1:
        errors["request_rate"] = "the request rate is a share of the population, from 0 to 1"
    if not 0 <= float(inputs.conversion_rate) <= 1:
        errors["conversion_rate"] = "the conversion rate is a share of requests, from 0 to 1"
    if np.shape(inputs.unit_costs) != (n, s):
        errors["unit_costs"] = f"expected shape {(n, s)}"
    infl = np.asarray(inputs.inflation, dtype=float)
    if infl.shape not in {(inputs.years + 1,), (inputs.years + 1, s)}:
        errors["inflation"] = f"expected one rate per year ({inputs.years + 1})"
    elif (infl <= -1).any():
        errors["inflation"] = "inflation must be above -100%"
    if (np.asarray(inputs.stock, dtype=float) < 0).any():
        errors["stock"] = "opening counts cannot be negative"
    if inputs.valid is not None and "transitions" not in errors:
        valid = np.asarray(inputs.valid, dtype=bool)
        if inputs.ageing:
            into = p[:-1, :, :, :s] * ~valid[1:, None, None, :]
        else:
            into = p[:, :, :, :s] * ~valid[:, None, None, :]
        if (into > TOLERANCE).any():
            errors["transitions"] = "a transition leads into a setting not open to that age"
        if (split * ~valid[:, None, :] > TOLERANCE).any():
            errors["joiner_split"] = "joiners are placed in a setting not open to their age"
    for r in inputs.redirects:
        if not 0 <= r.share <= 1:
            errors["redirects"] = "a redirected share is between 0% and 100%"
        if r.target in r.sources or not (0 <= r.target < s) or any(not 0 <= x < s for x in r.sources):
            errors["redirects"] = "a lever must move children between two different settings"
    if inputs.years < 1:
        errors["years"] = "forecast at least one year"
    if errors:
        raise ModelError(errors)


# -- shared arithmetic ---------------------------------------------------------------------
def price_index(inputs: Inputs, exact: bool = False) -> Any:
    """(Y+1, S) cumulative price index: 1 in the base year, times (1 + rate) each year."""
    s = inputs.shape[2]
    infl = np.asarray(inputs.inflation, dtype=object if exact else float)
    if exact:
        infl = np.vectorize(Fraction, otypes=[object])(np.asarray(inputs.inflation, dtype=object))
    if infl.ndim == 1:
        infl = np.repeat(infl[:, None], s, axis=1)
    index = np.empty_like(infl)
    index[0] = Fraction(1) if exact else 1.0
    for y in range(1, infl.shape[0]):
        index[y] = index[y - 1] * (1 + infl[y])
    return index


def expected_joiners(inputs: Inputs, exact: bool = False) -> Any:
    """(Y+1,) expected joiners each year: population × request rate × conversion rate."""
    conv = _num(inputs.conversion_rate, exact)
    rate = _num(inputs.request_rate, exact)
    pop = _arr(inputs.population, exact)
    mult = _multiplier(inputs, exact)
    return pop * rate * conv * mult


def _multiplier(inputs: Inputs, exact: bool) -> Any:
    if inputs.request_multiplier is None:
        return _arr(np.ones(inputs.years + 1, dtype=int), exact)
    return _arr(inputs.request_multiplier, exact)


def _num(x: Any, exact: bool) -> Any:
    return Fraction(str(x)) if exact and not isinstance(x, Fraction) else (x if exact else float(x))


def _arr(x: Any, exact: bool) -> Any:
    if exact:
        return np.vectorize(lambda v: v if isinstance(v, Fraction) else Fraction(str(v)), otypes=[object])(
            np.asarray(x, dtype=object)
        )
    return np.asarray(x, dtype=float)


def _age(inflow: Any, ageing: bool) -> Any:
    """Move everyone up one age index (axis -3 of (..., A, N, S)); the last age has left."""
    if not ageing:
        return inflow
    out = np.zeros_like(inflow)
    out[..., 1:, :, :] = inflow[..., :-1, :, :]
    return out


def _leaving_at_top(p: Any, ageing: bool) -> Any:
    """At the last age nobody can go up a year, so everyone leaves."""
    if not ageing:
        return p
    p = p.copy()
    p[-1, :, :, :-1] = 0
    p[-1, :, :, -1] = 1
    return p


def costs_of(counts: Any, inputs: Inputs, exact: bool = False) -> Any:
    """(..., Y+1, N, S) AY costs: counts summed over ages × unit cost × price index."""
    unit = _arr(inputs.unit_costs, exact)
    index = price_index(inputs, exact)  # (Y+1, S)
    by_need = counts.sum(axis=-3)  # (..., Y+1, N, S); integer counts stay exact here
    return by_need * unit[None, :, :] * index[:, None, :]


def financial_years(ay_costs: Any) -> Any:
    """Financial-year amounts from academic-year amounts along the year axis (first axis
    after any simulation axis is the year): FY y→y+1 = 5/12 AY y + 7/12 AY y+1 (§0)."""
    a = np.asarray(ay_costs)
    if a.dtype == object:
        return a[..., :-1] * Fraction(5, 12) + a[..., 1:] * Fraction(7, 12)
    return a[..., :-1] * (5 / 12) + a[..., 1:] * (7 / 12)


# -- deterministic --------------------------------------------------------------------------
def project(inputs: Inputs, exact: bool = False) -> Projection:
    """Expected counts and costs, year by year (Y+1 years including the base year)."""
    validate(inputs)
    a, n, s = inputs.shape
    y_count = inputs.years + 1
    p = _leaving_at_top(_arr(inputs.transitions, exact), inputs.ageing)
    split = _arr(inputs.joiner_split, exact)
    stock = _arr(inputs.stock, exact)
    zero = Fraction(0) if exact else 0.0
    counts = np.full((y_count, a, n, s), zero, dtype=object if exact else float)
    leavers = np.full(y_count, zero, dtype=object if exact else float)
    joiners_total = expected_joiners(inputs, exact)
    joiners = np.full(y_count, zero, dtype=object if exact else float)
    redirected = np.full(y_count, zero, dtype=object if exact else float)
    overflow = np.full(y_count, zero, dtype=object if exact else float)
    counts[0] = stock
    lever_base: dict[int, Any] = {}
    for y in range(1, y_count):
        flows = counts[y - 1][..., None] * p  # (A, N, S, S+1)
        leavers[y] = flows[..., s].sum()
        movers = flows[..., :s].copy()
        stayers = np.zeros_like(movers)
        for k in range(s):
            stayers[:, :, k, k] = movers[:, :, k, k]
            movers[:, :, k, k] = zero
        mover_in = movers.sum(axis=2)  # (A, N, S) by destination, before ageing
        stay_in = stayers.sum(axis=2)
        join_in = split * joiners_total[y]
        joiners[y] = joiners_total[y]
        mover_in = _age(mover_in, inputs.ageing)
        stay_in = _age(stay_in, inputs.ageing)
        moved = 0
        for i, r in enumerate(inputs.redirects):
            if y < r.from_year:
                continue
            if i not in lever_base:
                lever_base[i] = counts[y - 1][..., r.target].sum()
            room = None
            if r.places is not None:
                current = (stay_in + mover_in + join_in)[..., r.target].sum()
                room = max(zero, lever_base[i] + r.places - current)
            mover_in, join_in, m = _redirect(mover_in, join_in, r, room, exact)
            moved = moved + m
        redirected[y] = moved
        nxt = stay_in + mover_in + join_in
        over = 0
        for c in inputs.capacities:
            if y < c.from_year:
                continue
            nxt, o = _overflow(nxt, c, exact)
            over = over + o
        overflow[y] = over
        counts[y] = nxt
    return Projection(
        counts=counts,
        leavers=leavers,
        joiners=joiners,
        costs=costs_of(counts, inputs, exact),
        redirected=redirected,
        overflow=overflow,
    )


def _redirect(mover_in: Any, join_in: Any, r: Redirect, room: Any, exact: bool) -> tuple[Any, Any, Any]:
    """Expected-value redirection of joiners and movers from the sources to the target."""
    share = Fraction(str(r.share)) if exact else r.share
    src = list(r.sources)
    wanted = 0
    if r.joiners:
        wanted = wanted + join_in[..., src].sum() * share
    if r.movers:
        wanted = wanted + mover_in[..., src].sum() * share
    frac = share * min(1, room / wanted) if room is not None and wanted > 0 else share
    moved = 0
    for arr, on in ((join_in, r.joiners), (mover_in, r.movers)):
        if not on:
            continue
        take = arr[..., src] * frac
        arr[..., src] = arr[..., src] - take
        arr[..., r.target] = arr[..., r.target] + take.sum(axis=-1)
        moved = moved + take.sum()
    return mover_in, join_in, moved


def _overflow(nxt: Any, c: Capacity, exact: bool) -> tuple[Any, Any]:
    total = nxt[..., c.setting].sum()
    if total <= c.places:
        return nxt, 0
    excess = total - c.places
    frac = excess / total
    take = nxt[..., c.setting] * frac
    nxt[..., c.setting] = nxt[..., c.setting] - take
    nxt[..., c.fallback] = nxt[..., c.fallback] + take
    return nxt, excess


# -- Monte Carlo ---------------------------------------------------------------------------
def simulate(inputs: Inputs, runs: int = 1000, seed: int = 0) -> Projection:
    """``runs`` stochastic projections; arrays carry a leading simulation axis.

    Flows out of each state are multinomial, drawn as successive binomials on the remaining
    children (one vectorised call per destination). The yearly number of joiners is
    beta-binomial on the population, so it varies more than a plain binomial (most of the
    model's variance comes from joiners, §5.1), and joiners are spread over states by one
    multinomial draw per simulation.
    """
    validate(inputs)
    rng = np.random.default_rng(seed)
    a, n, s = inputs.shape
    y_count = inputs.years + 1
    p = _leaving_at_top(np.asarray(inputs.transitions, dtype=float), inputs.ageing)
    # Conditional probabilities for the chain of binomials: p_k / (1 - sum_{j<k} p_j).
    remaining = 1.0 - np.cumsum(p, axis=-1) + p
    with np.errstate(divide="ignore", invalid="ignore"):
        cond = np.where(remaining > 0, p / remaining, 0.0)
    cond = np.clip(cond, 0.0, 1.0)
    cond_flat = cond.reshape(-1, s + 1)
    split = np.asarray(inputs.joiner_split, dtype=float).ravel()
    split = split / split.sum()
    pop = np.asarray(inputs.population, dtype=float)
    mult = np.asarray(
        inputs.request_multiplier if inputs.request_multiplier is not None else np.ones(y_count), dtype=float
    )
    rate = float(inputs.request_rate) * float(inputs.conversion_rate)
    stock0 = np.rint(np.asarray(inputs.stock, dtype=float)).astype(np.int64)
    counts = np.zeros((runs, y_count, a, n, s), dtype=COUNT)
    counts[:, 0] = stock0
    leavers = np.zeros((runs, y_count), dtype=np.int64)
    joiners = np.zeros((runs, y_count), dtype=np.int64)
    redirected = np.zeros((runs, y_count), dtype=np.int64)
    overflow = np.zeros((runs, y_count), dtype=np.int64)
    lever_base: dict[int, Any] = {}
    for y in range(1, y_count):
        # Draw only for states someone is in, and only where the outcome is uncertain.
        left = counts[:, y - 1].reshape(runs, -1).astype(np.int64)  # (R, M)
        occupied = left.any(axis=0)
        dest = np.zeros((runs, a * n * s, s + 1), dtype=COUNT)
        for k in range(s):
            ck = cond_flat[:, k]
            some = occupied & (ck > 0) & (ck < 1)
            every = occupied & (ck >= 1)
            drawn = np.zeros_like(left)
            if some.any():
                drawn[:, some] = rng.binomial(left[:, some], ck[some])
            drawn[:, every] = left[:, every]
            dest[..., k] = drawn
            left -= drawn
        dest[..., s] = left  # whoever is left leaves (the last conditional is 1)
        dest = dest.reshape(runs, a, n, s, s + 1)
        leavers[:, y] = dest[..., s].sum(axis=(1, 2, 3))
        flows = dest[..., :s]
        stay_in = np.zeros((runs, a, n, s), dtype=COUNT)
        for k in range(s):
            stay_in[..., k] = flows[..., k, k]
        mover_in = flows.sum(axis=3) - stay_in
        stay_in = _age(stay_in, inputs.ageing)
        mover_in = _age(mover_in, inputs.ageing)
        mean_rate = rate * mult[y]
        n_pop = int(round(pop[y]))
        if inputs.joiner_dispersion and 0 < mean_rate < 1:
            k_conc = inputs.joiner_dispersion
            draws = rng.beta(mean_rate * k_conc, (1 - mean_rate) * k_conc, size=runs)
        else:
            draws = np.full(runs, min(max(mean_rate, 0.0), 1.0))
        j_total = rng.binomial(n_pop, draws)
        joiners[:, y] = j_total
        join_in = rng.multinomial(j_total, split).reshape(runs, a, n, s)
        for i, r in enumerate(inputs.redirects):
            if y < r.from_year:
                continue
            if i not in lever_base:
                lever_base[i] = counts[:, y - 1][..., r.target].sum(axis=(1, 2))
            room = None
            if r.places is not None:
                current = (stay_in + mover_in + join_in)[..., r.target].sum(axis=(1, 2))
                room = np.maximum(0, lever_base[i] + r.places - current)
            moved = _redirect_mc(rng, mover_in, join_in, r, room)
            redirected[:, y] += moved
        nxt = stay_in + mover_in + join_in
        for c in inputs.capacities:
            if y < c.from_year:
                continue
            overflow[:, y] += _overflow_mc(nxt, c)
        counts[:, y] = nxt
    costs = costs_of(counts, inputs)  # sums over ages in integers, then prices in floats
    return Projection(
        counts=counts, leavers=leavers, joiners=joiners, costs=costs, redirected=redirected, overflow=overflow
    )


def _redirect_mc(rng: np.random.Generator, mover_in: Any, join_in: Any, r: Redirect, room: Any) -> Any:
    """Redirect whole children: each child into a source goes with probability = share
    (capped so that the expected number fits the room), drawn per cell."""
    runs = join_in.shape[0]
    src = list(r.sources)
    wanted = np.zeros(runs)
    if r.joiners:
        wanted += join_in[..., src].sum(axis=(1, 2, 3)) * r.share
    if r.movers:
        wanted += mover_in[..., src].sum(axis=(1, 2, 3)) * r.share
    frac = np.full(runs, r.share)
    if room is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            frac = np.where(wanted > 0, r.share * np.minimum(1.0, room / wanted), 0.0)
    moved = np.zeros(runs, dtype=np.int64)
    for arr, on in ((join_in, r.joiners), (mover_in, r.movers)):
        if not on:
            continue
        cells = arr[..., src]
        take = rng.binomial(cells, np.broadcast_to(frac[:, None, None, None], cells.shape))
        arr[..., src] = cells - take
        arr[..., r.target] += take.sum(axis=-1)
        moved += take.sum(axis=(1, 2, 3))
    # With a room cap the binomial draws meet the cap on average, not exactly, in each run.
    return moved


def _overflow_mc(nxt: Any, c: Capacity) -> Any:
    """Move whole children over capacity to the fallback, largest remainders first."""
    cells = nxt[..., c.setting]  # (R, A, N)
    runs = cells.shape[0]
    flat = cells.reshape(runs, -1)
    total = flat.sum(axis=1)
    excess = np.maximum(0, total - c.places)
    if not excess.any():
        return excess
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total[:, None] > 0, flat * (excess / np.maximum(total, 1))[:, None], 0.0)
    take = np.floor(share).astype(np.int64)
    short = excess - take.sum(axis=1)
    order = np.argsort(-(share - take), axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(flat.shape[1])[None, :].repeat(runs, 0), axis=1)
    take += (ranks < short[:, None]) & (flat - take > 0)
    take = np.minimum(take, flat)
    moved = take.reshape(cells.shape)
    nxt[..., c.setting] -= moved
    nxt[..., c.fallback] += moved
    return take.sum(axis=1)


# -- summaries -----------------------------------------------------------------------------
def bands(values: Any, percentiles: tuple[float, ...] = (2.5, 10, 50, 90, 97.5)) -> dict[str, Any]:
    """Mean and percentiles over the simulation axis (axis 0): P10–P90 is the 80% band and
    P2.5–P97.5 the 95% band."""
    v = np.asarray(values, dtype=float)
    out = {"mean": v.mean(axis=0)}
    for q, arr in zip(percentiles, np.percentile(v, percentiles, axis=0), strict=True):
        out[f"p{q:g}".replace(".", "_")] = arr
    return out


def with_levers(
    inputs: Inputs,
    *,
    redirects: tuple[Redirect, ...] = (),
    request_factor: float = 1.0,
    request_from_year: int = 1,
    inflation: Any = None,
) -> Inputs:
    """A copy of the baseline inputs with a scenario's levers applied."""
    mult = np.ones(inputs.years + 1)
    mult[request_from_year:] = request_factor
    if inputs.request_multiplier is not None:
        mult = mult * np.asarray(inputs.request_multiplier, dtype=float)
    return replace(
        inputs,
        redirects=tuple(inputs.redirects) + tuple(redirects),
        request_multiplier=mult,
        inflation=inputs.inflation if inflation is None else inflation,
    )
