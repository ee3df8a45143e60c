"""Ceasing a plan (regs 31 and 32): proposal, consultation, decision with appeal rights,
and ceasing only after the appeal window with no appeal pending."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from sendpath.audit.models import AuditEvent
from sendpath.common.errors import DomainError, NotAllowed, StaleRecord
from sendpath.disputes.models import Dispute
from sendpath.notifications.models import Notification
from sendpath.plans.models import PlanStatus
from sendpath.reviews import ceasing
from sendpath.reviews.models import CeaseStage
from tests.helpers import make_area, new_client, sign_in

pytestmark = pytest.mark.django_db


def at(day: dt.date) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 12, 0), tick=False)


@pytest.fixture
def w() -> Any:
    with at(dt.date(2026, 3, 2)):
        area = make_area("c")
    return area


def proposed(w: Any, on: dt.date = dt.date(2026, 3, 2)) -> Any:
    with at(on):
        return ceasing.propose(
            user=w.coordinator, plan=w.plan2, reason="4", grounds="Alice has a job offer.", on=on
        )


def consulted(w: Any) -> Any:
    c = proposed(w)
    with at(dt.date(2026, 3, 20)):
        return ceasing.consult(
            user=w.coordinator,
            cessation=c,
            expected_version=c.version,
            family_on=dt.date(2026, 3, 16),
            family_views="We agree.",
            setting_on=dt.date(2026, 3, 18),
            setting_views="The school agrees.",
        )


def noticed(w: Any) -> Any:
    c = consulted(w)
    with at(dt.date(2026, 3, 25)):
        return ceasing.decide(
            user=w.coordinator,
            cessation=c,
            expected_version=c.version,
            decision="cease",
            on=dt.date(2026, 3, 24),
            notice_on=dt.date(2026, 3, 25),
        )


def appeal(w: Any, **kw: Any) -> Dispute:
    fields = {
        "local_authority": w.la,
        "child": w.child2,
        "plan": w.plan2,
        "kind": "tribunal",
        "decision_appealed": "ceasing",
        "decision_sent_on": dt.date(2026, 3, 25),
        "appeal_lodged_on": dt.date(2026, 4, 10),
        "stage": "appeal",
    }
    return Dispute.objects.create(**(fields | kw))


def test_the_proposal_tells_the_family_and_keeps_the_plan(w: Any) -> None:
    c = proposed(w)
    assert c.stage == CeaseStage.PROPOSED
    w.plan2.refresh_from_db()
    assert w.plan2.status == PlanStatus.ACTIVE
    mail = Notification.objects.get(key__startswith=f"cease:{c.pk}:proposed:")
    assert "considering" in mail.subject and "stays in force" in mail.body
    assert AuditEvent.objects.filter(object_id=str(c.pk), summary="Proposal to cease the plan").exists()
    with pytest.raises(DomainError, match="already under way"):
        proposed(w)


def test_the_proposal_needs_a_reason_and_grounds(w: Any) -> None:
    with at(dt.date(2026, 3, 2)), pytest.raises(DomainError) as exc:
        ceasing.propose(user=w.coordinator, plan=w.plan2, reason="", grounds=" ", on=dt.date(2026, 3, 2))
    assert set(exc.value.errors) == {"reason", "grounds"}


def test_only_the_council_ceases(w: Any) -> None:
    for user in (w.senco_a, w.finance, w.parent2):
        with at(dt.date(2026, 3, 2)), pytest.raises(NotAllowed):
            ceasing.propose(user=user, plan=w.plan2, reason="4", grounds="x", on=dt.date(2026, 3, 2))


def test_the_named_setting_must_be_consulted(w: Any) -> None:
    c = proposed(w)
    with at(dt.date(2026, 3, 20)), pytest.raises(DomainError) as exc:
        ceasing.consult(
            user=w.coordinator,
            cessation=c,
            expected_version=c.version,
            family_on=dt.date(2026, 3, 16),
            family_views="We agree.",
        )
    assert exc.value.field == "setting_on"
    with at(dt.date(2026, 3, 20)), pytest.raises(DomainError, match="on or after the proposal"):
        ceasing.consult(
            user=w.coordinator,
            cessation=c,
            expected_version=c.version,
            family_on=dt.date(2026, 3, 1),
            family_views="We agree.",
        )


def test_the_notice_carries_appeal_rights_and_the_plan_stays(w: Any) -> None:
    c = noticed(w)
    assert c.stage == CeaseStage.NOTICE_SENT
    assert c.appeal_deadline == dt.date(2026, 5, 25)  # 2 months after the notice
    assert c.appeal_window_ends >= c.appeal_deadline
    w.plan2.refresh_from_db()
    assert w.plan2.status == PlanStatus.ACTIVE
    mail = Notification.objects.get(key__startswith=f"cease:{c.pk}:notice:")
    assert "25 May 2026" in mail.body and "mediation adviser" in mail.body and "SENDIASS" in mail.body


def test_ceasing_waits_for_the_appeal_window(w: Any) -> None:
    c = noticed(w)
    with at(dt.date(2026, 5, 20)), pytest.raises(DomainError, match="can still appeal"):
        ceasing.cease(user=w.coordinator, cessation=c, expected_version=c.version, on=dt.date(2026, 5, 20))
    day = ceasing.earliest_cease_date(c)
    with at(day):
        ceasing.cease(user=w.coordinator, cessation=c, expected_version=c.version, on=day)
    w.plan2.refresh_from_db()
    assert (w.plan2.status, w.plan2.ceased_on, w.plan2.cease_reason) == (PlanStatus.CEASED, day, "4")
    assert Notification.objects.filter(key__startswith=f"cease:{c.pk}:ceased:").exists()


def test_a_pending_appeal_stops_the_plan_ceasing(w: Any) -> None:
    c = noticed(w)
    dispute = appeal(w)
    day = ceasing.earliest_cease_date(c)
    with at(day), pytest.raises(DomainError, match="appeal about this plan"):
        ceasing.cease(user=w.coordinator, cessation=c, expected_version=c.version, on=day)
    w.plan2.refresh_from_db()
    assert w.plan2.status == PlanStatus.ACTIVE
    # The tribunal dismisses the appeal: the plan can then cease.
    Dispute.objects.filter(pk=dispute.pk).update(outcome="dismissed", stage="closed", decided_on=day)
    with at(day):
        ceasing.cease(user=w.coordinator, cessation=c, expected_version=c.version, on=day)
    w.plan2.refresh_from_db()
    assert w.plan2.status == PlanStatus.CEASED


def test_no_decision_to_cease_while_an_appeal_is_pending(w: Any) -> None:
    c = consulted(w)
    appeal(w, decision_appealed="plan_content")
    with at(dt.date(2026, 4, 20)), pytest.raises(DomainError, match="pending"):
        ceasing.decide(
            user=w.coordinator,
            cessation=c,
            expected_version=c.version,
            decision="cease",
            on=dt.date(2026, 4, 20),
            notice_on=dt.date(2026, 4, 20),
        )


def test_keeping_the_plan_ends_the_proposal(w: Any) -> None:
    c = consulted(w)
    with at(dt.date(2026, 3, 25)):
        ceasing.decide(
            user=w.coordinator,
            cessation=c,
            expected_version=c.version,
            decision="keep",
            on=dt.date(2026, 3, 24),
            notice_on=None,
        )
    assert c.stage == CeaseStage.KEPT and ceasing.open_cessation(w.plan2) is None
    assert Notification.objects.filter(key__startswith=f"cease:{c.pk}:kept:").exists()


def test_a_stale_save_is_refused(w: Any) -> None:
    c = proposed(w)
    with at(dt.date(2026, 3, 20)), pytest.raises(StaleRecord, match="Coordinator C"):
        for _ in range(2):
            ceasing.consult(
                user=w.coordinator,
                cessation=c,
                expected_version=1,
                family_on=dt.date(2026, 3, 16),
                family_views="We agree.",
                setting_on=dt.date(2026, 3, 16),
                setting_views="Fine.",
            )


def test_the_pages_walk_the_steps(w: Any) -> None:
    client = sign_in(new_client(), w.coordinator)
    with at(dt.date(2026, 3, 2)):
        page = client.get(f"/reviews/ceasing/{w.plan2.pk}/")
        assert "Propose to cease the plan" in page.content.decode()
        bad = client.post(f"/reviews/ceasing/{w.plan2.pk}/propose/", {"grounds": "Job offer"})
        assert (
            "Enter the date the family was told" in bad.content.decode()
            and "Job offer" in bad.content.decode()
        )
        ok = client.post(
            f"/reviews/ceasing/{w.plan2.pk}/propose/",
            {"reason": "4", "grounds": "Job offer", "on-day": "2", "on-month": "3", "on-year": "2026"},
        )
        assert ok.status_code == 302
        listed = client.get("/reviews/ceasing/").content.decode()
        assert w.child2.full_name in listed
        assert "Record the consultation" in client.get(f"/reviews/ceasing/{w.plan2.pk}/").content.decode()
        # A step that does not fit the stage sends the coordinator back.
        assert client.get(f"/reviews/ceasing/{w.plan2.pk}/cease/").status_code == 302
    # The family sees the proposal on the plan page.
    family = sign_in(new_client(), w.parent2)
    body = family.get(f"/plans/{w.plan2.pk}/").content.decode()
    assert "considering ceasing" in body


def test_the_worlds_open_appeal_blocks_ceasing_child1s_plan(w: Any) -> None:
    assert ceasing.appeal_pending(w.plan1)
    assert not ceasing.appeal_pending(w.plan2)
