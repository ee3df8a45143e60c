"""Recompute every stored clock from the facts, in batches.

Run after the law module changes (a new bank holiday, a corrected rule) so that every case's
stored due dates agree with ``sendpath.law`` again. Only rows whose dates changed are written.
"""

from __future__ import annotations

from dataclasses import dataclass

from sendpath.assessments.models import AssessmentRequest
from sendpath.assessments.services import CLOCK_FIELDS, refresh_clocks

FACTS = ["pk", "received_on", "stage", *CLOCK_FIELDS]


@dataclass
class Recomputed:
    checked: int = 0
    changed: int = 0


def recompute_cases(cases: list[AssessmentRequest]) -> list[AssessmentRequest]:
    """Refresh each case's clocks in memory; return the ones whose stored dates were wrong."""
    changed = []
    for case in cases:
        before = tuple(getattr(case, f) for f in CLOCK_FIELDS)
        refresh_clocks(case)
        if tuple(getattr(case, f) for f in CLOCK_FIELDS) != before:
            changed.append(case)
    return changed


def recompute_all(batch_size: int = 5000) -> Recomputed:
    """Walk every case by primary key and write back only what changed."""
    result = Recomputed()
    last = 0
    while True:
        cases = list(AssessmentRequest.objects.filter(pk__gt=last).order_by("pk").only(*FACTS)[:batch_size])
        if not cases:
            return result
        last = cases[-1].pk
        changed = recompute_cases(cases)
        if changed:
            AssessmentRequest.objects.bulk_update(changed, CLOCK_FIELDS, batch_size=1000)
        result.checked += len(cases)
        result.changed += len(changed)
