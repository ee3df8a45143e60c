"""Print the demo logins for the areas already built."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sendpath.demo.logins import print_logins


class Command(BaseCommand):
    help = "Print one demo login per role."

    def handle(self, *args: Any, **options: Any) -> None:
        print_logins(self.stdout)
