"""Fast inserts and updates: defaults filled like the ORM, dates adapted on both databases."""

from __future__ import annotations

import datetime as dt

import pytest

from sendpath.funding.bulk import insert_rows, update_rows
from sendpath.funding.models import LedgerLine, Placement, Supplier
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_insert_rows_fills_defaults_and_reads_back_like_the_orm() -> None:
    la = f.LocalAuthorityFactory()
    team = Supplier.objects.create(local_authority=la, name="Vision Support", kind="support_service")
    rows = [
        {
            "local_authority_id": la.pk,
            "financial_year": 2025,
            "period_start": dt.date(2025, 4, 1) + dt.timedelta(days=n),
            "period_end": dt.date(2025, 4, 30),
            "amount_pence": 1000 + n,
            "category": "support_services",
            "component": "sensory",
            "s251_line": "1.2.5",
            "funding_source": "hnb",
            "supplier_id": team.pk,
        }
        for n in range(7)
    ]
    assert insert_rows(LedgerLine, rows, batch=3) == 7
    lines = list(LedgerLine.objects.order_by("period_start"))
    assert [line.amount_pence for line in lines] == [1000 + n for n in range(7)]
    first = lines[0]
    assert (first.kind, first.description, first.child_id) == ("actual", "", None)
    assert first.period_start == dt.date(2025, 4, 1) and first.created_at is not None


def test_update_rows_writes_each_objects_fields() -> None:
    plan = f.PlanFactory()
    setting = f.SettingFactory(local_authority=plan.local_authority)
    a = Placement.objects.create(plan=plan, setting=setting, start_on=dt.date(2025, 4, 1))
    b = Placement.objects.create(plan=plan, setting=setting, start_on=dt.date(2025, 5, 1))
    a.end_on, a.band_code = dt.date(2025, 7, 31), "B2"
    b.end_on, b.band_code = None, "B5"
    assert update_rows(Placement, [a, b], ["end_on", "band_code"]) == 2
    assert {(p.pk, p.end_on, p.band_code) for p in Placement.objects.all()} == {
        (a.pk, dt.date(2025, 7, 31), "B2"),
        (b.pk, None, "B5"),
    }
