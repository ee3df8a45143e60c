"""Issue 7's dispute figures: the council's dispute list (first page, all, breached only), the
busiest dispute's page, the tribunal outcomes review with its charts and a CSV, and
recomputing every open dispute's stored deadlines. Prints JSON. Called by bench/run.py after
the area is built (its demo disputes are calibrated to the published appeal rate)."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def describe(r: dict) -> str:
    """One line for bench/run.py's report."""
    pages = "; ".join(
        f"{row['what']} p50 {row['p50_ms']:.1f} ms p95 {row['p95_ms']:.1f} ms" for row in r["pages"]
    )
    return (
        f"Disputes: {r['disputes']:,} ({r['appeals']:,} appeals); {pages}; "
        f"recompute {r['recompute_checked']:,} open in {r['recompute_seconds']} s"
    )


def main(requests: int = 30) -> None:
    # Django is set up here, not on import, so bench/run.py can import ``describe``.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendpath.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()

    from django.db.models import Count

    from bench.home_pages import signed_in_client, time_page
    from sendpath.accounts.roles import Role
    from sendpath.demo.logins import demo_accounts
    from sendpath.disputes.models import Dispute
    from sendpath.disputes.recompute import recompute_all

    accounts = {Role(u.role): u for u in demo_accounts()}
    manager = accounts[Role.MANAGER]
    la = manager.local_authority_id
    busiest = (
        Dispute.objects.filter(local_authority_id=la)
        .annotate(n=Count("steps"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    client = signed_in_client(manager)
    rows = []
    for label, path in (
        ("dispute list, open", "/disputes/"),
        ("dispute list, all, breached", "/disputes/?status=all&breached=yes"),
        ("busiest dispute's page", f"/disputes/{busiest}/"),
        ("tribunal outcomes review", "/disputes/review/"),
        ("review CSV (decisions)", "/disputes/review/decisions.csv"),
    ):
        rows.append({"what": label, **time_page(client, path, requests)})
    started = time.perf_counter()
    result = recompute_all()
    print(
        json.dumps(
            {
                "disputes": Dispute.objects.filter(local_authority_id=la).count(),
                "appeals": Dispute.objects.filter(local_authority_id=la, kind="tribunal").count(),
                "pages": rows,
                "recompute_checked": result.checked,
                "recompute_seconds": round(time.perf_counter() - started, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
