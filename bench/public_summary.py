"""Issue 7's figure: the public High Needs Block summary page for each financial year of
ledger in the area (three in the demo), p50 and p95. Prints JSON. Called by bench/run.py after
the area is built.

Two figures per year: "cold" clears the cache before every request, so each one reads the
ledger, builds and suppresses every table (the first visitor after the ledger changes);
"warm" is every later visitor, served the computed tables from the cache (keyed on a
fingerprint of the ledger, so a change shows at once). Also the CSV of the largest table and
the JSON of the whole page, warm.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendpath.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from sendpath.funding import public_data  # noqa: E402
from sendpath.funding.models import LedgerLine  # noqa: E402
from sendpath.funding.public_tables import fy_label  # noqa: E402


def timed(client: Client, path: str, requests: int, *, cold: bool) -> dict[str, float | int]:
    client.get(path)
    times = []
    for _ in range(requests):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 1),
        "queries": len(queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=40, help="warm requests per year")
    parser.add_argument("--cold", type=int, default=10, help="cold requests per year")
    args = parser.parse_args()
    la = public_data.public_authorities().first()
    if la is None:
        print(json.dumps([]))
        return
    client = Client()
    rows = []
    for year in sorted(public_data.years_with_ledger(la.pk)):
        base = f"/public/high-needs/{la.code}/{fy_label(year)}/"
        lines = LedgerLine.objects.filter(local_authority=la, financial_year=year).count()
        cold = timed(client, base, args.cold, cold=True)
        warm = timed(client, base, args.requests, cold=False)
        csv = timed(client, base + "placements.csv", args.requests, cold=False)
        data = timed(client, base + "data.json", args.requests, cold=False)
        rows.append(
            {
                "year": fy_label(year),
                "ledger_lines": lines,
                "cold": cold,
                "warm": warm,
                "csv_warm": csv,
                "json_warm": data,
            }
        )
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
