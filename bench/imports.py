"""Issue 6's figure: importing 100,000 legacy rows, in rows per second. Prints JSON.

Builds a synthetic legacy export from a fixed seed (``sendpath.imports.synthetic``: the seven
SEN2-shaped tables, 10% of rows bad), then imports it with ``--only-valid`` semantics into a
local authority of its own, so the area's other figures are not disturbed. Reported:
the time to read and check every row, the time for the whole import (read, check, write in
one transaction, record the run), rows per second, and the process's peak memory.

Run alone (``python bench/imports.py --rows 100000``) against the database in DATABASE_URL
(or the SQLite file), or from bench/run.py after the area is built.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendpath.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from sendpath.imports.readers import read_files  # noqa: E402
from sendpath.imports.services import run_import  # noqa: E402
from sendpath.imports.synthetic import legacy_export  # noqa: E402
from sendpath.imports.validation import validate  # noqa: E402
from sendpath.organisations.models import LocalAuthority, Phase, Setting, SettingKind  # noqa: E402


def bench_area() -> tuple[LocalAuthority, list[str]]:
    """A local authority for the imported rows, with 40 settings for the placements."""
    la, _ = LocalAuthority.objects.get_or_create(code="998", defaults={"name": "Legacy import bench"})
    settings = list(Setting.objects.filter(local_authority=la))
    if not settings:
        settings = Setting.objects.bulk_create(
            Setting(
                local_authority=la,
                name=f"Bench school {n}",
                urn=f"{990000 + n:06d}",
                kind=SettingKind.MAINSTREAM,
                phase=Phase.PRIMARY,
                postcode="LE1 6ZG",
            )
            for n in range(40)
        )
    return la, [s.urn for s in settings]


def remove_import(la: LocalAuthority) -> None:
    """Take the imported rows out again, so the figures measured after this one (the load
    test) see the area as it was built. Not timed. The audit trail keeps its one event for
    the run, as it must."""
    from sendpath.assessments.models import AssessmentRequest, StageChange
    from sendpath.funding.models import Placement
    from sendpath.imports.models import ImportRun, LegacyRecord
    from sendpath.people.models import Child
    from sendpath.plans.models import Plan, PlanVersion

    with transaction.atomic():
        LegacyRecord.objects.filter(local_authority=la).delete()
        Placement.objects.filter(plan__local_authority=la).delete()
        PlanVersion.objects.filter(plan__local_authority=la).delete()
        Plan.objects.filter(local_authority=la).delete()
        StageChange.objects.filter(request__local_authority=la).delete()
        AssessmentRequest.objects.filter(local_authority=la).delete()
        Child.objects.filter(local_authority=la).delete()
        ImportRun.objects.filter(local_authority=la).delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--bad", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--keep", action="store_true", help="keep the imported rows afterwards")
    args = parser.parse_args()
    la, urns = bench_area()
    started = time.perf_counter()
    export = legacy_export(args.rows, args.bad, args.seed, urns)
    files = export.csv_files()
    made = time.perf_counter() - started

    started = time.perf_counter()
    batch = validate(read_files(files), la, dt.date.today())
    checked = time.perf_counter() - started
    del batch

    started = time.perf_counter()
    run = run_import(files=files, local_authority=la, only_valid=True, today=dt.date.today())
    seconds = time.perf_counter() - started
    if run.status != "loaded":
        raise SystemExit(f"the bench import did not load: {run.status} {run.error}")
    if not args.keep:
        remove_import(la)
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "rows": run.rows_read,
                "loaded": run.rows_loaded,
                "rejected": run.rows_rejected,
                "megabytes_of_csv": round(sum(len(d) for _, d in files) / 1e6, 1),
                "export_built_seconds": round(made, 1),
                "check_seconds": round(checked, 2),
                "import_seconds": round(seconds, 2),
                "rows_per_second": round(run.rows_read / seconds),
                "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            }
        )
    )


if __name__ == "__main__":
    main()
