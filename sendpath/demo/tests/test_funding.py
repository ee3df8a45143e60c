"""The demo area's High Needs money: three financial years, bands changing on 1 April,
every placement costed, costs without a child, transport apart, and a budget."""

from __future__ import annotations

import datetime as dt

import pytest

from sendpath.demo.calibration import ENGLAND
from sendpath.demo.generator import build_area
from sendpath.funding import selectors
from sendpath.funding.models import BandRate, BudgetLine, LedgerLine, Placement, TransportLine

TODAY = dt.date(2026, 11, 20)


@pytest.mark.django_db
def test_the_demo_ledger_covers_three_years_with_bands_changing_on_1_april() -> None:
    area = build_area(plans=120, seed=4, profile=ENGLAND, today=TODAY, la_code="999")
    la = area.local_authority.pk
    assert sorted(
        set(LedgerLine.objects.filter(local_authority_id=la).values_list("financial_year", flat=True))
    ) == [
        2024,
        2025,
        2026,
    ]
    starts = set(BandRate.objects.values_list("valid_from", flat=True))
    assert starts == {dt.date(2024, 4, 1), dt.date(2025, 4, 1), dt.date(2026, 4, 1)}
    # Every placement has its funding; the ones running this year are in the ledger.
    assert not Placement.objects.filter(plan__local_authority_id=la, governance="").exists()
    running = selectors.placements_in_year(la, 2026).count()
    costed = (
        LedgerLine.objects.filter(financial_year=2026, placement__isnull=False).values("placement").distinct()
    )
    assert costed.count() == running
    # Committed costs run to 31 March; costs with no child are there too.
    assert LedgerLine.objects.filter(kind="commitment", period_end=dt.date(2027, 3, 31)).exists()
    without_child = set(LedgerLine.objects.filter(child__isnull=True).values_list("category", flat=True))
    assert {"support_services", "consultants", "hospital", "alternative", "inclusion"} <= without_child
    assert LedgerLine.objects.filter(engagement__isnull=False, description="").count() == 0
    # Transport is general fund, in its own table; the budget exists for each year.
    assert set(TransportLine.objects.values_list("funding_source", flat=True)) == {"general_fund"}
    assert set(BudgetLine.objects.values_list("financial_year", flat=True)) == {2024, 2025, 2026}
    table = selectors.budget_against_actual(la, 2026)
    assert table["hnb_total"]["budget"] > 0 and table["hnb_total"]["outturn"] > 0
