"""``python manage.py import_legacy FILE [FILE...] [--only-valid] [--la CODE]``: load a legacy
system's export (docs/legacy-import.md) and print every rejected row with its reason."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sendpath.imports.models import RunStatus
from sendpath.imports.report import Problem, describe
from sendpath.imports.services import run_import
from sendpath.organisations.models import LocalAuthority


class Command(BaseCommand):
    help = (
        "Import persons, requests, assessments, named plans, active plans, placements and needs "
        "from CSV files, a zip of them or an Excel workbook. By default a file with any bad row "
        "writes nothing; --only-valid loads the good rows and reports the rest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "files", nargs="+", help="CSV files named after their tables, a zip of them, or a .xlsx"
        )
        parser.add_argument("--only-valid", action="store_true", help="Load the valid rows; report the rest.")
        parser.add_argument(
            "--la", help="The local authority's 3-digit DfE code (needed when there are several)."
        )
        parser.add_argument("--limit", type=int, default=0, help="Print at most this many problems (0: all).")

    def handle(self, *args: Any, **options: Any) -> None:
        la = self._authority(options["la"])
        files = []
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name} is not a file")
            files.append((path.name, path.read_bytes()))
        started = time.perf_counter()

        def progress(table: str, n: int) -> None:
            self.stdout.write(f"  wrote {table}: {n:,}")

        run = run_import(files=files, local_authority=la, only_valid=options["only_valid"], progress=progress)
        seconds = time.perf_counter() - started
        limit = options["limit"] or len(run.report)
        for row in run.report[:limit]:
            self.stdout.write(describe(Problem.from_list(row)))
        if len(run.report) > limit:
            self.stdout.write(
                f"... and {len(run.report) - limit:,} more problems (see import {run.pk} on the import page)"
            )
        self.stdout.write(
            f"Import {run.pk}: {run.get_status_display()}. {run.rows_read:,} rows read, "
            f"{run.rows_loaded:,} loaded, {run.rows_rejected:,} rejected, in {seconds:.1f} s."
        )
        if run.status == RunStatus.FAILED:
            raise CommandError(f"The import failed and nothing was written: {run.error}")
        if run.status == RunStatus.REFUSED:
            raise CommandError(
                "Nothing was written: fix the rows above, "
                "or run again with --only-valid to load the good rows."
            )

    @staticmethod
    def _authority(code: str | None) -> LocalAuthority:
        if code:
            la = LocalAuthority.objects.filter(code=code).first()
            if la is None:
                raise CommandError(f"No local authority has the code {code}")
            return la
        authorities = list(LocalAuthority.objects.all()[:2])
        if len(authorities) != 1:
            raise CommandError("Say which local authority to import into: --la CODE")
        return authorities[0]
