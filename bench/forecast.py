"""Issue 7's forecast figure: the 10-year forecast with 1,000 Monte Carlo runs for a
20,000-plan area (goal: under 30 s). Prints JSON. Called by bench/run.py after the area is
built; the timed steps are the ones a finance officer's "Run the forecast" button takes:
reading the area's history and estimating the parameters, the simulations, and the
summary the page shows (the save of one row is left out).

Run alone with ``--synthetic`` to time the model on synthetic inputs shaped like a
20,000-plan area, without a database:

    .venv/bin/python bench/forecast.py --synthetic
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendpath.settings")

import numpy as np  # noqa: E402


def synthetic_inputs(plans: int, years: int) -> object:
    """Inputs with the real state space (22 NCYs x 13 needs x 8 settings) and ``plans``
    children spread over the valid states, mostly staying put each year."""
    from sendpath.forecast import model
    from sendpath.forecast.parameters import NCYS, NEEDS, SETTINGS, pooled_transitions, valid_states

    rng = np.random.default_rng(0)
    valid = valid_states()
    a, n, s = len(NCYS), len(NEEDS), len(SETTINGS)
    flows = rng.integers(0, 4, size=(a, n, s, s + 1)).astype(float)
    flows[..., np.arange(s), np.arange(s)] += 40
    p = pooled_transitions(flows, valid)
    weights = (valid[:, None, :] * rng.random((a, n, s))).ravel()
    stock = rng.multinomial(plans, weights / weights.sum()).reshape(a, n, s)
    split = valid[:, None, :] * rng.random((a, n, s))
    return model.Inputs(
        stock=stock,
        transitions=p,
        population=np.full(years + 1, plans * 27.0),
        request_rate=0.0075,
        conversion_rate=0.65,
        joiner_split=split / split.sum(),
        unit_costs=rng.integers(4_000, 60_000, size=(n, s)).astype(float),
        inflation=np.full(years + 1, 0.03),
        years=years,
        valid=valid,
    )


def fake_forecast(census: dt.date, years: int, runs: int) -> SimpleNamespace:
    return SimpleNamespace(
        first_year=census.year,
        years=years,
        runs=runs,
        inflation=Decimal(3),
        hnb_allocation=120_000_000,
        allocation_growth=Decimal(2),
        other_spend=15_000_000,
        opening_deficit=40_000_000,
        write_off_share=Decimal(90),
        override_end=dt.date(2028, 3, 31),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--plans", type=int, default=20_000, help="for --synthetic")
    parser.add_argument("--synthetic", action="store_true")
    args = parser.parse_args()
    import django

    django.setup()
    from sendpath.forecast import model, parameters, services

    census = parameters.census_day(dt.date.today().year)
    estimate_s = 0.0
    if args.synthetic:
        inputs = synthetic_inputs(args.plans, args.years)
        plans = args.plans
    else:
        from django.db.models import Count

        from sendpath.organisations.models import LocalAuthority

        la = LocalAuthority.objects.annotate(n=Count("plans")).order_by("-n").first()
        started = time.perf_counter()
        inputs, summary = parameters.estimate(
            la.pk, census, years=args.years, population=la.n * 27, population_growth=0.005, inflation=0.03
        )
        estimate_s = time.perf_counter() - started
        plans = summary["plans"]
    started = time.perf_counter()
    out = model.simulate(inputs, runs=args.runs, seed=1)
    simulate_s = time.perf_counter() - started
    started = time.perf_counter()
    results = services.summarise(out, inputs, fake_forecast(census, args.years, args.runs))
    summarise_s = time.perf_counter() - started
    figures = {
        "plans_at_census": int(plans),
        "runs": args.runs,
        "years": args.years,
        "estimate_seconds": round(estimate_s, 2),
        "simulate_seconds": round(simulate_s, 2),
        "summarise_seconds": round(summarise_s, 2),
        "total_seconds": round(estimate_s + simulate_s + summarise_s, 2),
        "plans_last_year_mean": round(results["plans"]["mean"][-1]),
        "source": "synthetic inputs" if args.synthetic else "estimated from the area",
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
