"""Signed-in sessions and the pages each will visit, for the load test (bench/load.py).

Each simulated person is a real demo account with a real session (password and second
factor taken as given, as a browser would hold after signing in), so every request goes
through the same middleware, selectors, permission checks and audit writes as in use.
Prints JSON: [{"role", "cookie", "paths": [...]}, ...].
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendpath.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user  # noqa: E402

from sendpath.accounts.models import User  # noqa: E402
from sendpath.accounts.roles import Role  # noqa: E402
from sendpath.assessments.selectors import coordinator_open_cases  # noqa: E402
from sendpath.people.selectors import visible_children  # noqa: E402
from sendpath.plans.selectors import visible_plans  # noqa: E402
from sendpath.progress.models import Target  # noqa: E402

PEOPLE = {Role.COORDINATOR: 30, Role.SENCO: 60, Role.TEACHER: 80, Role.PARENT: 80}


def session_cookie(user: User) -> str | None:
    device = next(iter(devices_for_user(user, confirmed=True)), None)
    if device is None:
        return None
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return session.session_key


def paths_for(user: User) -> list[str]:
    """The pages this person would open in a working day."""
    children = list(visible_children(user).values_list("pk", flat=True)[:4])
    paths = ["/"]
    if user.role == Role.COORDINATOR:
        paths += ["/cases/", "/reviews/due/", "/cases/?breached=1"]
        paths += [f"/cases/{pk}/" for pk in coordinator_open_cases(user).values_list("pk", flat=True)[:4]]
        paths += [f"/children/{pk}/" for pk in children[:2]]
    elif user.role == Role.SENCO:
        paths += ["/children/"] + [f"/children/{pk}/" for pk in children]
        paths += [f"/progress/pupils/{pk}/" for pk in children[:2]]
    elif user.role == Role.TEACHER:
        taught = Target.objects.filter(teachers=user, active=True).values_list("plan__child_id", flat=True)
        paths += [f"/progress/pupils/{pk}/" for pk in list(dict.fromkeys(taught))[:4]]
    elif user.role == Role.PARENT:
        paths += [f"/children/{pk}/" for pk in children]
        paths += [f"/plans/{pk}/" for pk in visible_plans(user).values_list("pk", flat=True)[:2]]
    return paths


def main() -> None:
    people: list[dict[str, Any]] = []
    for role, wanted in PEOPLE.items():
        users = User.objects.filter(role=role, is_active=True).order_by("pk")
        if role == Role.TEACHER:
            users = users.filter(targets__isnull=False).distinct()
        for user in users[:wanted]:
            cookie = session_cookie(user)
            if cookie:
                people.append({"role": str(role), "cookie": cookie, "paths": paths_for(user)})
    json.dump({"cookie_name": settings.SESSION_COOKIE_NAME, "people": people}, sys.stdout)


if __name__ == "__main__":
    main()
