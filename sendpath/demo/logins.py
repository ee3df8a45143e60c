"""Printing the demo logins, for `make run` and the README."""

from __future__ import annotations

from typing import Any

from sendpath.accounts.models import User
from sendpath.accounts.roles import EMAIL_CODE_ROLES, Role
from sendpath.demo.generator import DEMO_DOMAIN, DEMO_LOGINS, DEMO_PASSWORD


def demo_accounts(la_code: str | None = None) -> list[User]:
    """The one memorable demo account per role, in role order."""
    users = User.objects.filter(email__endswith=f".{DEMO_DOMAIN}").select_related(
        "setting", "service", "local_authority"
    )
    wanted = {f"{local}@" for local in DEMO_LOGINS.values()}
    found = [
        u
        for u in users.filter(email__regex=r"^[a-z]+@[0-9]{3}\.")
        if u.email.split("@")[0] + "@" in wanted and (la_code is None or f"@{la_code}." in u.email)
    ]
    order = list(DEMO_LOGINS)
    return sorted(found, key=lambda u: (u.email.split("@")[1], order.index(Role(u.role))))


def print_logins(out: Any, la_code: str | None = None) -> None:
    accounts = demo_accounts(la_code)
    if not accounts:
        return
    out.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})\n")
    width = max(len(u.email) for u in accounts)
    for user in accounts:
        how = (
            "code is emailed: it appears in this console"
            if user.role in EMAIL_CODE_ROLES
            else f"code: .venv/bin/python manage.py demo_code {user.email}"
        )
        out.write(f"  {Role(user.role).label:<26} {user.email:<{width}}  {how}\n")
    out.write("\n")
