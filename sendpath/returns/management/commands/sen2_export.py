"""Build the SEN2 return: ``python manage.py sen2_export --year 2026 --out sen2.xml``.

Prints the counts per module and the rule results. ``--run-id N`` does the work of a run
started from the data officer's page, writing its progress to that run.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sendpath.organisations.models import LocalAuthority
from sendpath.returns import runs
from sendpath.returns.collection import collection
from sendpath.returns.models import Officer, ReturnRun, RunStatus


class Command(BaseCommand):
    help = "Build the SEN2 person-level return for a collection year, validate it and print its figures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="Collection year, e.g. 2026 (activity in 2025)")
        parser.add_argument("--out", help="Where to write the XML")
        parser.add_argument("--la", help="DfE LA number (needed when there are several areas)")
        parser.add_argument("--reference-date", help="Header ReferenceDate (default: census day)")
        for name in ("dmo", "dco", "dsco"):
            parser.add_argument(f"--{name}", default="Y", choices=Officer.values)
        parser.add_argument("--run-id", type=int, help="Do the work of this run (from the page)")
        parser.add_argument("--quiet", action="store_true", help="Print nothing (background runs)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["run_id"]:
            run = ReturnRun.objects.select_related("local_authority").filter(pk=options["run_id"]).first()
            if run is None:
                raise CommandError(f"There is no run {options['run_id']}")
            if run.status != RunStatus.QUEUED:
                raise CommandError(f"Run {run.pk} has already started ({run.get_status_display()})")
        else:
            run = self._new_run(options)
        out = Path(options["out"]) if options["out"] else None
        try:
            result = runs.execute(run, out)
        except Exception as exc:
            raise CommandError(f"The SEN2 return failed: {exc}") from exc
        if options["quiet"]:
            return
        run.refresh_from_db()
        self._report(run, result)

    def _new_run(self, options: dict[str, Any]) -> ReturnRun:
        if not options["year"] or not options["out"]:
            raise CommandError("Give --year YYYY and --out FILE.xml (or --run-id N)")
        if options["la"]:
            la = LocalAuthority.objects.filter(code=options["la"]).first()
            if la is None:
                raise CommandError(f"No local authority with code {options['la']}")
        else:
            areas = list(LocalAuthority.objects.all()[:2])
            if len(areas) != 1:
                raise CommandError("Say which local authority with --la CODE")
            la = areas[0]
        try:
            reference = (
                dt.date.fromisoformat(options["reference_date"]) if options["reference_date"] else None
            )
        except ValueError as exc:
            raise CommandError("--reference-date must be YYYY-MM-DD") from exc
        c = collection(options["year"], reference)
        return ReturnRun.objects.create(
            local_authority=la,
            year=c.year,
            reference_date=c.reference_date,
            dmo=options["dmo"],
            dco=options["dco"],
            dsco=options["dsco"],
        )

    def _report(self, run: ReturnRun, result: Any) -> None:
        w = self.stdout.write
        w(f"SEN2 {run.year} for {run.local_authority.name} ({run.local_authority.code})")
        w(f"Written to {run.file_path} ({run.file_size:,} bytes) in {run.seconds} s")
        w("Records per module:")
        for name, count in run.counts.get("modules", {}).items():
            w(f"  {name:<18}{count:>10,}")
        w("Codes:")
        for name, values in run.counts.get("codes", {}).items():
            w(f"  {name}: " + ", ".join(f"{code or 'blank'} {n:,}" for code, n in values.items()))
        schema = "valid" if not run.schema_error_count else f"{run.schema_error_count:,} errors"
        w(f"Schema (sen2-{collection(run.year).spec}.xsd): {schema}")
        for e in run.schema_errors[:10]:
            w(f"  {e['message']}")
        w(f"Rules: {run.error_count:,} errors, {run.query_count:,} queries")
        for rule_id, group in sorted(run.findings.items()):
            w(f"  {rule_id} {group['severity']:<5} {group['count']:>8,}  {group['title']}")
            for example in group["examples"][:3]:
                w(f"      {example['message']}")
