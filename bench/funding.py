"""Issue 7's "annual cost recomputation for all placements": for the demo area (20,000 plans
under bench/run.py), every placement's annual cost

1. in memory, by financial year and by academic year, from the dated band and tariff tables
   (``selectors.annual_costs``: read the placements, cost each one, no writes); and
2. through the database, for each of the ledger's financial years: the placement lines of
   the year deleted and rewritten as spent and committed (``recompute_placement_costs``,
   what the finance officer's button and a nightly run do).

Prints JSON (seconds and placements per second). Run on its own against a built area:
``.venv/bin/python bench/funding.py``."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def describe(r: dict) -> str:
    """One line for bench/run.py's report."""
    memory = "; ".join(
        f"{m['basis']} {m['year']}: {m['placements']:,} in {m['seconds']} s ({m['per_second']:,}/s)"
        for m in r["in_memory"]
    )
    db = "; ".join(
        f"FY {d['year']}: {d['placements']:,} placements, {d['lines']:,} lines in {d['seconds']} s "
        f"({d['per_second']:,}/s)"
        for d in r["database"]
    )
    return f"Placement annual costs in memory: {memory}. Recompute through the database: {db}"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendpath.settings")
    import django

    django.setup()

    from django.utils import timezone

    from sendpath.accounts.roles import Role
    from sendpath.demo.logins import demo_accounts
    from sendpath.funding import selectors
    from sendpath.funding.annualise import academic_year_of, financial_year_of
    from sendpath.funding.models import Placement
    from sendpath.funding.services import recompute_placement_costs

    finance = next(u for u in demo_accounts() if u.role == Role.FINANCE)
    la = finance.local_authority_id
    today = timezone.localdate()
    out: dict = {"placements_in_area": Placement.objects.filter(plan__local_authority_id=la).count()}
    memory = []
    for basis, year in (("FY", financial_year_of(today)), ("AY", academic_year_of(today))):
        started = time.perf_counter()
        n = total = 0
        for _row, costs in selectors.annual_cost_rows(la, year, basis.lower()):
            n += 1
            total += sum(costs.values())
        seconds = time.perf_counter() - started
        memory.append(
            {
                "basis": basis,
                "year": year,
                "placements": n,
                "total_pounds": total // 100,
                "seconds": round(seconds, 2),
                "per_second": round(n / seconds) if seconds else 0,
            }
        )
    out["in_memory"] = memory
    database = []
    years = sorted(selectors.financial_years(la))[-3:] or [financial_year_of(today)]
    for year in years:
        started = time.perf_counter()
        done = recompute_placement_costs(la, year, on=today)
        seconds = time.perf_counter() - started
        database.append(
            {
                "year": year,
                "placements": done["placements"],
                "lines": done["lines"],
                "seconds": round(seconds, 2),
                "per_second": round(done["placements"] / seconds) if seconds else 0,
            }
        )
    out["database"] = database
    print(json.dumps(out))


if __name__ == "__main__":
    main()
