"""``python manage.py recompute_clocks``: bring every stored due date back in line with the law module."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from sendpath.assessments.recompute import recompute_all


class Command(BaseCommand):
    help = "Recompute every case's stored statutory dates; writes only the ones that changed."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        result = recompute_all()
        self.stdout.write(
            f"Checked {result.checked:,} cases, corrected {result.changed:,}, "
            f"in {time.perf_counter() - started:.1f} s."
        )
