"""has_pending_appeal: what stops a plan being ceased while an appeal is pending."""

from __future__ import annotations

import datetime as dt

import pytest

from sendpath.disputes.codes import DecisionAppealed, Outcome, Stage
from sendpath.disputes.models import Dispute
from sendpath.disputes.selectors import has_pending_appeal
from tests import factories as f

pytestmark = pytest.mark.django_db

SENT = dt.date(2026, 3, 2)


def _dispute(for_plan, **kw) -> Dispute:  # type: ignore[no-untyped-def]
    fields = dict(
        local_authority=for_plan.local_authority,
        child=for_plan.child,
        plan=for_plan,
        decision_appealed=DecisionAppealed.CEASING,
        decision_sent_on=SENT,
    )
    fields.update(kw)
    return Dispute.objects.create(**fields)


def test_no_dispute_no_pending_appeal() -> None:
    assert has_pending_appeal(f.PlanFactory()) is False


def test_mediation_alone_is_not_an_appeal() -> None:
    plan = f.PlanFactory()
    _dispute(plan, mediation_contacted_on=SENT + dt.timedelta(days=3), stage=Stage.MEDIATION)
    assert has_pending_appeal(plan) is False


def test_lodged_and_undecided_is_pending() -> None:
    plan = f.PlanFactory()
    _dispute(plan, appeal_lodged_on=SENT + dt.timedelta(days=20), stage=Stage.APPEAL)
    assert has_pending_appeal(plan) is True


def test_appeal_about_the_child_with_no_plan_named_counts() -> None:
    plan = f.PlanFactory()
    _dispute(plan, plan=None, appeal_lodged_on=SENT + dt.timedelta(days=20), stage=Stage.APPEAL)
    assert has_pending_appeal(plan) is True


def test_another_plans_appeal_does_not_count() -> None:
    plan, other = f.PlanFactory(), f.PlanFactory()
    _dispute(other, appeal_lodged_on=SENT + dt.timedelta(days=20), stage=Stage.APPEAL)
    assert has_pending_appeal(plan) is False


@pytest.mark.parametrize("outcome", [Outcome.WITHDRAWN, Outcome.DISMISSED, Outcome.UPHELD])
def test_decided_or_withdrawn_is_not_pending(outcome: Outcome) -> None:
    plan = f.PlanFactory()
    _dispute(
        plan,
        appeal_lodged_on=SENT,
        outcome=outcome,
        decided_on=SENT + dt.timedelta(days=90),
        stage=Stage.CLOSED,
    )
    assert has_pending_appeal(plan) is False


def test_conceded_is_pending_until_complied_with() -> None:
    plan = f.PlanFactory()
    d = _dispute(
        plan,
        appeal_lodged_on=SENT,
        outcome=Outcome.UNOPPOSED,
        unopposed_notified_on=SENT + dt.timedelta(days=10),
        stage=Stage.COMPLYING,
    )
    assert has_pending_appeal(plan) is True
    d.stage = Stage.CLOSED
    d.save()
    assert has_pending_appeal(plan) is False
