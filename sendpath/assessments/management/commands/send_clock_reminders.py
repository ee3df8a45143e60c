"""Send the day's reminders about the assessment clocks: ``python manage.py send_clock_reminders``.

Run once a day from cron (periodic work without a broker, like healthchecks' ``sendalerts``)::

    15 7 * * *  cd /srv/sendpath && .venv/bin/python manage.py send_clock_reminders

It is idempotent: every message is keyed by its event, so a second run on the same day, or
a run after a missed day, sends only what has not been sent. ``--today`` replays a given
day (for testing, or to catch up after an outage). The rules are in
``sendpath.assessments.reminders``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sendpath.assessments.reminders import send_reminders


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            f"--today must be a date written YYYY-MM-DD, like 2026-03-26, not {value!r}"
        ) from exc


class Command(BaseCommand):
    help = "Email reminders about advice due, late advice and case deadlines; each is sent once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", type=str, default=None, help="Run as if it were this day (YYYY-MM-DD)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = _day(options["today"]) if options["today"] else timezone.localdate()
        counts = send_reminders(today)
        self.stdout.write(f"Clock reminders for {today.isoformat()}:")
        for line in counts.lines():
            self.stdout.write(f"  {line}")
        self.stdout.write(f"{counts.total} new message{'s' if counts.total != 1 else ''} in all.")
