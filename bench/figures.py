"""Issue 6's figures: every DfE figure for a calendar year (the sen2_figures command and the
API's /figures/{year}) for the area just built, and the scrutiny dashboard. Prints JSON.
Called by bench/run.py after the area is built; goal: all figures under 2 s at 20,000 plans.

"cold" includes reading DfE's published CSVs the first time (they are cached per process)
and the database's first reads;
"warm" is the steady state. "ours" is the database's part alone (d.compute).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendpath.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from sendpath.figures import arithmetic as ar  # noqa: E402
from sendpath.figures import dashboard  # noqa: E402
from sendpath.figures import definitions as d  # noqa: E402
from sendpath.figures.selectors import figures_for_year  # noqa: E402
from sendpath.organisations.models import LocalAuthority  # noqa: E402
from sendpath.plans.models import Plan, PlanStatus  # noqa: E402


def timed(fn, runs: int = 5) -> tuple[float, list[float]]:  # noqa: ANN001
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times


def main() -> None:
    if connection.vendor == "postgresql":
        # The area was just bulk-loaded: without statistics PostgreSQL's planner guesses a
        # few dozen rows per table and picks nested loops (12 s instead of 1 s here). In
        # production autovacuum analyses after large writes; the bench does it at once.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    la = LocalAuthority.objects.order_by("pk").first()
    today = timezone.localdate()
    year = today.year - 1
    started = time.perf_counter()
    figures_for_year(la, year, today)
    cold = time.perf_counter() - started
    warm, _ = timed(lambda: figures_for_year(la, year, today))
    period = ar.Period.calendar_year(year)
    ours, _ = timed(lambda: d.compute(la.pk, period, ar.census_day(year + 1), today))
    with CaptureQueriesContext(connection) as queries:
        figures_for_year(la, year, today)
    board, _ = timed(lambda: dashboard.sections(*_board(la.pk, today)), runs=3)
    print(
        json.dumps(
            {
                "plans": Plan.objects.filter(local_authority=la, status=PlanStatus.ACTIVE).count(),
                "year": year,
                "figures_cold_seconds": round(cold, 3),
                "figures_warm_seconds": round(warm, 3),
                "ours_seconds": round(ours, 3),
                "figures_queries": len(queries),
                "dashboard_seconds": round(board, 3),
            }
        )
    )


def _board(la_id: int, today):  # noqa: ANN001, ANN202
    raw = dashboard.collect(la_id, today)
    return raw, dashboard.public(raw)


if __name__ == "__main__":
    main()
