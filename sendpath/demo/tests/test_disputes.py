"""Demo disputes: calibrated in number, at every stage, dates in order, deadlines from the
law module (some breached), and costs in the ledger against the right case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction

from sendpath.demo.calibration import ENGLAND
from sendpath.demo.disputes import (
    APPEAL_FILE,
    APPEAL_SHARE,
    DECISIONS_PER_PLAN,
    ENGLAND_APPEAL_RATE_2024,
    YEARS,
    appeal_rate,
)
from sendpath.demo.generator import build_area
from sendpath.disputes.codes import DisputeKind, Stage
from sendpath.disputes.deadlines import dispute_clocks, next_council_due
from sendpath.disputes.models import Dispute, OrderStep
from sendpath.plans.models import Plan, PlanStatus

TODAY = dt.date(2026, 11, 20)
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def area(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    """One 1,500-plan area for the module, rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build_area(plans=1500, seed=3, profile=ENGLAND, today=TODAY, la_code="997")
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def _disputes(area: Any) -> list[Dispute]:
    return list(Dispute.objects.filter(local_authority=area.local_authority))


def test_number_of_appeals_follows_the_published_rate(area: Any) -> None:
    plans = Plan.objects.filter(local_authority=area.local_authority, status=PlanStatus.ACTIVE).count()
    expected = ENGLAND_APPEAL_RATE_2024 * DECISIONS_PER_PLAN * plans * YEARS
    disputes = _disputes(area)
    appeals = sum(1 for d in disputes if d.kind == DisputeKind.TRIBUNAL)
    assert len(disputes) == round(expected / APPEAL_SHARE)
    assert 0.7 * expected <= appeals <= 1.3 * expected


def test_disputes_at_every_stage(area: Any) -> None:
    assert {d.stage for d in _disputes(area)} == set(Stage.values)


def test_dates_in_order_and_stored_deadlines_match_the_law(area: Any) -> None:
    breached = 0
    for d in _disputes(area):
        chain = [
            d.decision_sent_on,
            d.mediation_contacted_on,
            d.mediation_held_on,
            d.certificate_issued_on,
            d.appeal_lodged_on,
        ]
        present = [x for x in chain if x]
        assert present == sorted(present), d.pk
        assert all(x <= TODAY for x in present)
        if d.decided_on:
            assert d.decided_on >= present[-1]
        steps = list(OrderStep.objects.filter(dispute=d).order_by("order"))
        assert (d.next_due, d.next_due_label) == next_council_due(dispute_clocks(d, steps, TODAY))
        if d.next_due and d.next_due < TODAY and d.is_open:
            breached += 1
    assert breached >= 3


def test_costs_are_ledger_lines_of_their_dispute(area: Any) -> None:
    from sendpath.funding.models import LedgerLine

    lines = list(LedgerLine.objects.filter(local_authority=area.local_authority, source_type="tribunal"))
    assert lines
    children = dict(
        Dispute.objects.filter(local_authority=area.local_authority).values_list("pk", "child_id")
    )
    for line in lines:
        assert children[int(line.source_id)] == line.child_id
        assert line.category == "tribunal" and line.funding_source == "general_fund"
        assert line.period_start <= TODAY


def test_appeal_rate_is_read_for_a_named_authority() -> None:
    assert appeal_rate("") == ENGLAND_APPEAL_RATE_2024
    assert appeal_rate("no such code") == ENGLAND_APPEAL_RATE_2024
    if not (Path(settings.SHARED_DATA_DIR) / APPEAL_FILE).exists():
        pytest.skip("the published appeal-rate table is not on this machine")
    assert appeal_rate("856") == pytest.approx(97 / 4063)  # Leicester, 2024
