"""Recompute the statutory clocks of 640,000 cases (England's scale) in memory, and every
case of the loaded area through the database. Prints JSON. Called by bench/run.py."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendpath.settings")

import django  # noqa: E402

django.setup()

from sendpath.assessments.models import AssessmentRequest  # noqa: E402
from sendpath.assessments.recompute import recompute_all, recompute_cases  # noqa: E402
from sendpath.assessments.workflow import OPEN_STAGES  # noqa: E402

ENGLAND_CASES = 640_000


def main() -> None:
    rng = random.Random(1)
    start = dt.date(2020, 1, 1)
    stages = [str(s) for s in OPEN_STAGES] + ["plan_issued"]
    cases = [
        AssessmentRequest(
            received_on=start + dt.timedelta(days=rng.randint(0, 2500)), stage=rng.choice(stages)
        )
        for _ in range(ENGLAND_CASES)
    ]
    started = time.perf_counter()
    changed = recompute_cases(cases)
    in_memory = time.perf_counter() - started
    started = time.perf_counter()
    result = recompute_all()
    database = time.perf_counter() - started
    print(
        json.dumps(
            {
                "cases_in_memory": ENGLAND_CASES,
                "in_memory_seconds": round(in_memory, 2),
                "computed": len(changed),
                "cases_in_database": result.checked,
                "database_seconds": round(database, 2),
                "database_corrected": result.changed,
            }
        )
    )


if __name__ == "__main__":
    main()
