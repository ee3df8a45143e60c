"""Build a synthetic local area: ``python manage.py make_demo_area --plans N --seed S [--like LA]``."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sendpath.demo.calibration import load_profile
from sendpath.demo.generator import build_area
from sendpath.demo.logins import print_logins
from sendpath.organisations.models import LocalAuthority


class Command(BaseCommand):
    help = "Build a synthetic local area with children at every stage of the EHC process."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plans", type=int, default=1500, help="EHC plans to maintain")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: same seed, same area")
        parser.add_argument("--like", help="DfE LA number whose published figures to follow, e.g. 856")
        parser.add_argument("--code", help="LA number for the synthetic area (default: --like or 999)")
        parser.add_argument("--today", help="Build as if today were this date (YYYY-MM-DD)")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if a local authority already exists"
        )
        parser.add_argument(
            "--data-dir",
            default=str(settings.SHARED_DATA_DIR),
            help="Folder holding DfE's published EHC plan figures",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and LocalAuthority.objects.exists():
            self.stdout.write("A local area already exists; not building another.")
            print_logins(self.stdout)
            return
        if options["plans"] < 10:
            raise CommandError("--plans must be at least 10")
        try:
            profile = load_profile(Path(options["data_dir"]), options["like"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        code = options["code"] or options["like"] or "999"
        if LocalAuthority.objects.filter(code=code).exists():
            raise CommandError(f"A local authority with code {code} already exists. Use --code.")
        today = dt.date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        started = time.perf_counter()
        area = build_area(
            plans=options["plans"], seed=options["seed"], profile=profile, today=today, la_code=code
        )
        took = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Built {area.local_authority.name} ({code}) in {took:.1f} s, following {profile.source}."
            )
        )
        for name, count in sorted(area.counts.items()):
            self.stdout.write(f"  {name}: {count:,}")
        print_logins(self.stdout, la_code=code)
