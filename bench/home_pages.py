"""Time each role's home page, and the caseload with filters (p50, p95), against the database
in the environment.

Prints JSON. Called by bench/run.py after the area is built.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendpath.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402

from sendpath.accounts.models import User  # noqa: E402
from sendpath.accounts.roles import Role  # noqa: E402
from sendpath.demo.logins import demo_accounts  # noqa: E402


def signed_in_client(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device = user.totpdevice_set.first() or user.emaildevice_set.first()
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def time_page(client: Client, path: str, requests: int) -> dict[str, float | int]:
    """p50 and p95 of ``requests`` GETs of ``path`` after one warm-up, and its query count."""
    client.get(path)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    times.sort()
    return {
        "p50_ms": statistics.median(times),
        "p95_ms": times[max(0, int(len(times) * 0.95) - 1)],
        "queries": len(queries),
    }


# The caseload, first page, sorted by next deadline, with and without filters (issue 4).
CASELOAD_PAGES = {
    Role.COORDINATOR: ["/cases/", "/cases/?state=at_risk", "/cases/?q=smith"],
    Role.MANAGER: ["/cases/?coordinator=all", "/cases/?coordinator=all&state=breached&stage=assessing"],
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    rows = []
    for user in demo_accounts():
        client = signed_in_client(user)
        role = Role(user.role)
        for path in ["/", *CASELOAD_PAGES.get(role, [])]:
            rows.append({"role": role.label, "page": path, **time_page(client, path, args.requests)})
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
