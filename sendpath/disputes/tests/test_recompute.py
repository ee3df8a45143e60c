"""Recomputing stored dispute deadlines after a change to the law module."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from sendpath.disputes import services
from sendpath.disputes.codes import DecisionAppealed
from sendpath.disputes.models import Dispute, OrderStep
from sendpath.disputes.recompute import recompute_all
from sendpath.law import clocks as law
from tests import factories as f

pytestmark = pytest.mark.django_db
SENT = f.today() - dt.timedelta(days=120)


def _conceded() -> Dispute:
    la = f.LocalAuthorityFactory()
    user = f.CoordinatorFactory(local_authority=la)
    child = f.ChildFactory(local_authority=la)
    d = services.open_dispute(
        user=user, child=child, decision_appealed=DecisionAppealed.REFUSAL_TO_ASSESS, decision_sent_on=SENT
    )
    d = services.record_mediation_contact(
        user=user, dispute=d, expected_version=d.version, contacted_on=SENT, wanted=False
    )
    d = services.record_certificate(user=user, dispute=d, expected_version=d.version, issued_on=SENT)
    d = services.record_appeal(user=user, dispute=d, expected_version=d.version, lodged_on=SENT)
    return services.record_unopposed(
        user=user, dispute=d, expected_version=d.version, notified_on=SENT + dt.timedelta(days=7)
    )


def test_nothing_changes_when_the_law_has_not() -> None:
    _conceded()
    assert recompute_all().changed == 0


def test_stale_stored_dates_are_corrected() -> None:
    d = _conceded()
    OrderStep.objects.filter(dispute=d).update(due=dt.date(2000, 1, 1))
    Dispute.objects.filter(pk=d.pk).update(next_due=None, next_due_label="")
    result = recompute_all()
    assert result.changed == 4  # three steps and the dispute
    notify = OrderStep.objects.get(dispute=d, step=law.Step.NOTIFY_WILL_ASSESS)
    assert notify.due == SENT + dt.timedelta(days=21)
    assert Dispute.objects.get(pk=d.pk).next_due == notify.due


def test_the_command_reports_what_it_did(capsys: pytest.CaptureFixture[str]) -> None:
    _conceded()
    call_command("recompute_dispute_clocks")
    assert "Checked 1 open disputes, corrected 0" in capsys.readouterr().out
