"""Print the current authenticator code for a demo account: ``python manage.py demo_code EMAIL``.

Only for synthetic demo accounts, whose authenticator secrets are derived from the seed.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendpath.demo.generator import DEMO_DOMAIN


class Command(BaseCommand):
    help = "Print the current 6-number authenticator code for a demo account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].lower()
        if not email.endswith(f".{DEMO_DOMAIN}"):
            raise CommandError("Codes can only be printed for synthetic demo accounts.")
        device = TOTPDevice.objects.filter(user__email=email, confirmed=True).first()
        if device is None:
            raise CommandError(
                f"{email} has no authenticator. Families and professionals get "
                "their code by email: it is printed in the server console."
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
