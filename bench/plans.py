"""Issue 5's figures: the plan page and the comparison of two versions for a plan with 12
outcomes and 40 provision lines, its PDF, a teacher's "My pupils" with 30 pupils, and the
list of every overdue review. Prints JSON. Called by bench/run.py after the area is built."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendpath.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from bench.home_pages import signed_in_client, time_page  # noqa: E402
from sendpath.accounts.models import User  # noqa: E402
from sendpath.accounts.roles import Role  # noqa: E402
from sendpath.demo.logins import demo_accounts  # noqa: E402
from sendpath.people.models import Child, TeachingAssignment  # noqa: E402
from sendpath.plans import services  # noqa: E402
from sendpath.plans.models import Plan, PlanStatus, PlanVersion, VersionStatus  # noqa: E402


def big_plan(coordinator: User) -> Plan:
    """A maintained plan whose version 1 has 12 outcomes and 40 provision lines, and a
    version 2 amending a quarter of them."""
    plan = Plan.objects.filter(
        local_authority_id=coordinator.local_authority_id, status=PlanStatus.ACTIVE
    ).first()
    PlanVersion.objects.filter(plan=plan).delete()
    v1 = PlanVersion.objects.create(plan=plan, number=1, status=VersionStatus.DRAFT, reason="Bench")
    needs = [
        services.save_need(user=coordinator, version=v1, area="cognition", description=f"Need {i}")
        for i in range(6)
    ]
    outcomes = [
        services.save_outcome(
            user=coordinator,
            version=v1,
            text=f"Outcome {i}: reads and writes a short paragraph",
            timeframe="By July 2027",
            need_ids=[needs[i % 6].pk],
        )
        for i in range(12)
    ]
    for i in range(40):
        services.save_provision(
            user=coordinator,
            version=v1,
            what=f"Provision {i}: structured literacy teaching",
            who="Trained teaching assistant",
            frequency="Daily, 20 minutes",
            duration="For one year",
            where="In class",
            outcome_ids=[outcomes[i % 12].pk],
        )
    services.issue_version(user=coordinator, version=v1, on=timezone.localdate())
    v2 = services.start_amendment(user=coordinator, plan=plan, reason="Bench amendment")
    for line in list(v2.provision.all())[:10]:
        services.save_provision(
            user=coordinator,
            version=v2,
            provision=line,
            what=line.what,
            who=line.who,
            frequency="Twice daily, 20 minutes",
            duration=line.duration,
            where=line.where,
        )
    services.issue_version(user=coordinator, version=v2, on=timezone.localdate())
    return plan


def main() -> None:
    accounts = {Role(u.role): u for u in demo_accounts()}
    coordinator, teacher, manager = accounts[Role.COORDINATOR], accounts[Role.TEACHER], accounts[Role.MANAGER]
    plan = big_plan(coordinator)
    pupils = Child.objects.filter(setting_id=teacher.setting_id, plans__status=PlanStatus.ACTIVE).distinct()[
        :30
    ]
    TeachingAssignment.objects.bulk_create(
        [TeachingAssignment(child=c, teacher=teacher) for c in pupils], ignore_conflicts=True
    )
    rows = []
    client = signed_in_client(coordinator)
    for label, path in (
        ("plan page, 12 outcomes, 40 lines", f"/plans/{plan.pk}/"),
        ("compare versions 1 and 2", f"/plans/{plan.pk}/compare/?from=1&to=2"),
    ):
        rows.append({"what": label, **time_page(client, path, 30)})
    started = time.perf_counter()
    pdf = client.get(f"/plans/{plan.pk}/versions/2/pdf/")
    rows.append(
        {
            "what": "PDF of that plan (one render)",
            "p50_ms": (time.perf_counter() - started) * 1000,
            "p95_ms": None,
            "queries": None,
            "status": pdf.status_code,
        }
    )
    n = TeachingAssignment.objects.filter(teacher=teacher).count()
    rows.append(
        {"what": f"teacher's My pupils ({n} pupils)", **time_page(signed_in_client(teacher), "/", 30)}
    )
    rows.append(
        {
            "what": "every overdue review in the area",
            **time_page(signed_in_client(manager), "/reviews/due/?show=overdue", 30),
        }
    )
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
