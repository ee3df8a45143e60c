"""DfE's EHC plan figures from our records: ``python manage.py sen2_figures --year YYYY --json``."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sendpath.figures.selectors import figures_for_year
from sendpath.organisations.models import LocalAuthority


def _show(value: dict[str, Any]) -> str:
    if "percentage" in value:
        pc = value["percentage"]
        return f"{value['numerator']} / {value['denominator']} = {pc if pc is not None else 'x'}%"
    if "weeks" in value:
        return f"{value['weeks'] if value['weeks'] is not None else 'x'} weeks ({value['count']} plans)"
    if "rows" in value:
        return f"total {value['total']}"
    return str(value.get("count", "x"))


class Command(BaseCommand):
    help = (
        "Print DfE's EHC plan figures for a calendar year, computed from our records, beside "
        "England's and the authority's published figures."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="Calendar year, e.g. 2025")
        parser.add_argument("--la", help="DfE LA number of the authority (needed if there are several)")
        parser.add_argument("--json", action="store_true", help="Print JSON (otherwise a short table)")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError("--year must be a calendar year such as 2025.")
        if options["la"]:
            la = LocalAuthority.objects.filter(code=options["la"]).first()
            if la is None:
                raise CommandError(f"No local authority with LA number {options['la']}.")
        else:
            authorities = list(LocalAuthority.objects.all()[:2])
            if len(authorities) != 1:
                raise CommandError(
                    "Say which authority with --la CODE." if authorities else "There is no local authority."
                )
            la = authorities[0]
        figures = figures_for_year(la, year)
        if options["json"]:
            self.stdout.write(json.dumps(figures, indent=1))
            return
        self.stdout.write(f"{la.name} ({la.code}), calendar year {year}; {figures['publication']}")
        for f in figures["figures"].values():
            england, own = f["england"], f["authority"]
            self.stdout.write(
                f"- {f['title']}: {_show(f['ours'])}  | England {england['year']}: {_show(england)}"
                f"  | published for this LA {own['year']}: {_show(own)}"
            )
