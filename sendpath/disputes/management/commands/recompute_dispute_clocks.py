"""Recompute every open dispute's stored deadlines (run after the law module changes)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from sendpath.disputes.recompute import recompute_all


class Command(BaseCommand):
    help = "Recompute the stored reg 44/45 step deadlines and next council deadline of every open dispute."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        result = recompute_all()
        self.stdout.write(
            f"Checked {result.checked:,} open disputes, corrected {result.changed:,}, "
            f"in {time.perf_counter() - started:.1f} s."
        )
