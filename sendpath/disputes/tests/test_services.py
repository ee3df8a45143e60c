"""Dispute services: dates in order, allowed moves, reg 44/45 steps, stale saves, audit."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from sendpath.audit.models import AuditEvent
from sendpath.common.errors import DomainError, NotAllowed, StaleRecord
from sendpath.disputes import services
from sendpath.disputes.codes import DecisionAppealed, DisputeKind, OrderMade, Outcome, Stage
from sendpath.disputes.models import Dispute, OrderStep, StepStatus
from sendpath.disputes.selectors import has_pending_appeal
from sendpath.law import clocks as law
from tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = f.today()
SENT = TODAY - dt.timedelta(days=200)


def day(n: int) -> dt.date:
    """``n`` days after the decision notice."""
    return SENT + dt.timedelta(days=n)


@pytest.fixture
def w() -> SimpleNamespace:
    la = f.LocalAuthorityFactory()
    coordinator = f.CoordinatorFactory(local_authority=la)
    child = f.ChildFactory(local_authority=la)
    plan = f.PlanFactory(child=child, coordinator=coordinator)
    return SimpleNamespace(la=la, coordinator=coordinator, child=child, plan=plan)


def _open(w: SimpleNamespace, decision: str = DecisionAppealed.PLAN_CONTENT, **kw: object) -> Dispute:
    fields: dict[str, object] = dict(
        user=w.coordinator,
        child=w.child,
        decision_appealed=decision,
        decision_sent_on=SENT,
        plan=w.plan,
        sections=["B", "F"],
    )
    fields.update(kw)
    return services.open_dispute(**fields)  # type: ignore[arg-type]


def _to_appeal(w: SimpleNamespace, decision: str = DecisionAppealed.PLAN_CONTENT) -> Dispute:
    d = _open(w, decision)
    d = services.record_mediation_contact(
        user=w.coordinator, dispute=d, expected_version=d.version, contacted_on=day(10), wanted=False
    )
    d = services.record_certificate(
        user=w.coordinator, dispute=d, expected_version=d.version, issued_on=day(13)
    )
    return services.record_appeal(
        user=w.coordinator,
        dispute=d,
        expected_version=d.version,
        lodged_on=day(40),
        reference="EH999/26/00001",
    )


# -- opening ----------------------------------------------------------------------------------------
def test_open_records_the_decision_and_audits(w: SimpleNamespace) -> None:
    d = _open(w)
    assert (d.stage, d.kind, d.sections) == (Stage.DECISION_NOTIFIED, DisputeKind.MEDIATION, "B,F")
    event = AuditEvent.objects.get(object_type="disputes.dispute", object_id=str(d.pk), action="create")
    assert event.child_id == w.child.pk
    assert w.child.full_name not in event.summary


def test_placement_appeal_is_about_section_i(w: SimpleNamespace) -> None:
    assert _open(w, DecisionAppealed.PLACEMENT, sections=[]).sections == "I"


def test_plan_content_needs_sections_and_a_plan(w: SimpleNamespace) -> None:
    with pytest.raises(DomainError) as exc:
        _open(w, sections=[])
    assert "sections" in exc.value.errors
    with pytest.raises(DomainError) as exc:
        _open(w, plan=None)
    assert "decision_appealed" in exc.value.errors


def test_every_problem_is_reported_at_once(w: SimpleNamespace) -> None:
    with pytest.raises(DomainError) as exc:
        _open(w, decision_sent_on=TODAY + dt.timedelta(days=1), sections=[])
    assert {"decision_sent_on", "sections"} <= set(exc.value.errors)


def test_refusal_to_assess_needs_no_plan(w: SimpleNamespace) -> None:
    d = _open(w, DecisionAppealed.REFUSAL_TO_ASSESS, plan=None, sections=[])
    assert d.plan_id is None and d.sections == ""


def test_only_the_councils_caseworkers_open_disputes(w: SimpleNamespace) -> None:
    for user in (f.FinanceFactory(local_authority=w.la), f.CoordinatorFactory(), f.ParentFactory()):
        with pytest.raises(NotAllowed):
            _open(w, user=user)


def test_the_same_decision_is_not_opened_twice(w: SimpleNamespace) -> None:
    _open(w)
    with pytest.raises(DomainError, match="already has an open dispute"):
        _open(w)


# -- mediation and the appeal ----------------------------------------------------------------------
def test_dates_must_follow_the_steps_before(w: SimpleNamespace) -> None:
    d = _open(w)
    with pytest.raises(DomainError, match="on or after the decision notice"):
        services.record_mediation_contact(
            user=w.coordinator, dispute=d, expected_version=d.version, contacted_on=day(-1), wanted=True
        )
    d = services.record_mediation_contact(
        user=w.coordinator, dispute=d, expected_version=d.version, contacted_on=day(5), wanted=True
    )
    with pytest.raises(DomainError, match="on or after the family contacted"):
        services.record_mediation_held(
            user=w.coordinator, dispute=d, expected_version=d.version, held_on=day(4)
        )
    d = services.record_mediation_held(
        user=w.coordinator, dispute=d, expected_version=d.version, held_on=day(30)
    )
    with pytest.raises(DomainError, match="on or after mediation"):
        services.record_certificate(
            user=w.coordinator, dispute=d, expected_version=d.version, issued_on=day(29)
        )


def test_certificate_waits_for_mediation_when_it_is_wanted(w: SimpleNamespace) -> None:
    d = _open(w)
    d = services.record_mediation_contact(
        user=w.coordinator, dispute=d, expected_version=d.version, contacted_on=day(5), wanted=True
    )
    assert "certificate" not in services.allowed_actions(w.coordinator, d)
    with pytest.raises(DomainError, match="cannot be done now"):
        services.record_certificate(
            user=w.coordinator, dispute=d, expected_version=d.version, issued_on=day(6)
        )


def test_an_appeal_needs_a_certificate_unless_it_is_about_section_i_only(w: SimpleNamespace) -> None:
    d = _open(w)
    with pytest.raises(DomainError, match="needs a mediation certificate"):
        services.record_appeal(user=w.coordinator, dispute=d, expected_version=d.version, lodged_on=day(20))
    placement = _open(w, DecisionAppealed.PLACEMENT, decision_sent_on=day(1))
    placement = services.record_appeal(
        user=w.coordinator, dispute=placement, expected_version=placement.version, lodged_on=day(20)
    )
    assert (placement.kind, placement.stage) == (DisputeKind.TRIBUNAL, Stage.APPEAL)


def test_moves_not_allowed_at_the_stage_are_refused(w: SimpleNamespace) -> None:
    d = _open(w)
    with pytest.raises(DomainError, match="cannot be done now"):
        services.record_outcome(
            user=w.coordinator,
            dispute=d,
            expected_version=d.version,
            outcome=Outcome.UPHELD,
            decided_on=day(100),
            order_made=OrderMade.AMEND_PLAN,
        )
    d = _to_appeal(w, DecisionAppealed.REFUSAL_TO_AMEND)
    with pytest.raises(DomainError, match="cannot be done now"):
        services.record_mediation_contact(
            user=w.coordinator, dispute=d, expected_version=d.version, contacted_on=day(41), wanted=True
        )


def test_a_stale_version_is_refused_and_nothing_changes(w: SimpleNamespace) -> None:
    d = _open(w)
    old = d.version
    services.record_mediation_contact(
        user=w.coordinator, dispute=d, expected_version=old, contacted_on=day(5), wanted=False
    )
    fresh = Dispute.objects.get(pk=d.pk)
    with pytest.raises(StaleRecord, match="changed by"):
        services.record_certificate(user=w.coordinator, dispute=fresh, expected_version=old, issued_on=day(7))
    assert Dispute.objects.get(pk=d.pk).certificate_issued_on is None


# -- outcomes, orders and their steps ---------------------------------------------------------------
def test_a_hearing_outcome_needs_the_hearing_first(w: SimpleNamespace) -> None:
    d = _to_appeal(w)
    kwargs = dict(outcome=Outcome.UPHELD, decided_on=day(150), order_made=OrderMade.AMEND_PLAN)
    with pytest.raises(DomainError, match="hearing date first"):
        services.record_outcome(user=w.coordinator, dispute=d, expected_version=d.version, **kwargs)  # type: ignore[arg-type]
    d = services.record_hearing(
        user=w.coordinator, dispute=d, expected_version=d.version, hearing_on=day(140)
    )
    with pytest.raises(DomainError, match="on or after the hearing"):
        services.record_outcome(
            user=w.coordinator, dispute=d, expected_version=d.version, **{**kwargs, "decided_on": day(139)}
        )  # type: ignore[arg-type]
    d = services.record_outcome(user=w.coordinator, dispute=d, expected_version=d.version, **kwargs)  # type: ignore[arg-type]
    step = OrderStep.objects.get(dispute=d)
    assert (step.step, step.due) == (
        law.Step.AMENDED_PLAN,
        law.tribunal_order_due(day(150), law.OrderKind.AMEND_PLAN),
    )
    assert "44(2)(e)" in step.citation
    assert d.stage == Stage.COMPLYING


def test_withdrawn_closes_and_ends_the_pending_appeal(w: SimpleNamespace) -> None:
    d = _to_appeal(w)
    assert has_pending_appeal(w.plan)
    d = services.record_outcome(
        user=w.coordinator,
        dispute=d,
        expected_version=d.version,
        outcome=Outcome.WITHDRAWN,
        decided_on=day(60),
    )
    assert (d.stage, d.closed_on, d.order_made) == (Stage.CLOSED, day(60), "")
    assert not has_pending_appeal(w.plan)


def test_dismissed_cease_appeal_means_cease_immediately(w: SimpleNamespace) -> None:
    d = _to_appeal(w, DecisionAppealed.CEASING)
    d = services.record_hearing(
        user=w.coordinator, dispute=d, expected_version=d.version, hearing_on=day(120)
    )
    d = services.record_outcome(
        user=w.coordinator,
        dispute=d,
        expected_version=d.version,
        outcome=Outcome.DISMISSED,
        decided_on=day(125),
    )
    step = OrderStep.objects.get(dispute=d)
    assert (step.step, step.due) == (law.Step.CEASE_PLAN, day(125))


def test_reg_45_only_before_the_response(w: SimpleNamespace) -> None:
    d = _to_appeal(w)
    d = services.record_response(user=w.coordinator, dispute=d, expected_version=d.version, sent_on=day(60))
    assert "unopposed" not in services.allowed_actions(w.coordinator, d)
    with pytest.raises(DomainError, match="cannot be done now"):
        services.record_unopposed(
            user=w.coordinator, dispute=d, expected_version=d.version, notified_on=day(61)
        )


def test_unopposed_refusal_to_assess_runs_the_reg_45_clocks_until_complied(w: SimpleNamespace) -> None:
    d = _to_appeal(w, DecisionAppealed.REFUSAL_TO_ASSESS)
    d = services.record_unopposed(
        user=w.coordinator, dispute=d, expected_version=d.version, notified_on=day(50)
    )
    steps = {s.step: s for s in OrderStep.objects.filter(dispute=d)}
    assert steps[law.Step.NOTIFY_WILL_ASSESS].due == day(50 + 14)
    assert steps[law.Step.FINAL_PLAN].due == day(50 + 98)
    assert "45(3)" in steps[law.Step.NOTIFY_WILL_ASSESS].citation
    assert (d.outcome, d.order_made, d.stage) == (Outcome.UNOPPOSED, OrderMade.ASSESS, Stage.COMPLYING)
    assert has_pending_appeal(w.plan)  # conceded but not yet complied with

    final = steps[law.Step.FINAL_PLAN]
    with pytest.raises(DomainError, match="first"):
        services.complete_step(
            user=w.coordinator, dispute=d, expected_version=d.version, step_id=final.pk, done_on=day(60)
        )
    d = services.complete_step(
        user=w.coordinator,
        dispute=d,
        expected_version=d.version,
        step_id=steps[law.Step.NOTIFY_WILL_ASSESS].pk,
        done_on=day(60),
    )
    with pytest.raises(DomainError, match="on or after the step before"):
        services.complete_step(
            user=w.coordinator, dispute=d, expected_version=d.version, step_id=final.pk, done_on=day(59)
        )
    d = services.complete_step(
        user=w.coordinator, dispute=d, expected_version=d.version, step_id=final.pk, done_on=day(140)
    )
    no_plan = OrderStep.objects.get(dispute=d, step=law.Step.NO_PLAN_DECISION)
    assert no_plan.status == StepStatus.NOT_NEEDED
    assert (d.stage, d.closed_on, d.next_due) == (Stage.CLOSED, day(140), None)
    assert not has_pending_appeal(w.plan)


def test_mediation_agreement_on_appealable_matters_uses_reg_44(w: SimpleNamespace) -> None:
    d = _open(w)
    d = services.record_mediation_contact(
        user=w.coordinator, dispute=d, expected_version=d.version, contacted_on=day(5), wanted=True
    )
    d = services.record_mediation_held(
        user=w.coordinator, dispute=d, expected_version=d.version, held_on=day(25)
    )
    d = services.record_mediation_agreement(
        user=w.coordinator,
        dispute=d,
        expected_version=d.version,
        agreed_on=day(25),
        order_made=OrderMade.AMEND_PLAN,
        details="Add 1 hour a week of speech and language therapy to section F.",
    )
    assert OrderStep.objects.get(dispute=d).due == day(25 + 35)
    assert d.outcome == Outcome.MEDIATION_AGREED


def test_other_mediation_agreements_are_due_in_two_weeks(w: SimpleNamespace) -> None:
    d = _open(w, DecisionAppealed.HEALTH_SOCIAL_CARE, sections=["G"])
    d = services.record_mediation_contact(
        user=w.coordinator, dispute=d, expected_version=d.version, contacted_on=day(5), wanted=True
    )
    d = services.record_mediation_held(
        user=w.coordinator, dispute=d, expected_version=d.version, held_on=day(25)
    )
    d = services.record_mediation_agreement(
        user=w.coordinator,
        dispute=d,
        expected_version=d.version,
        agreed_on=day(26),
        order_made="",
        details="OT",
    )
    step = OrderStep.objects.get(dispute=d)
    assert (step.step, step.due) == ("agreement", day(26 + 14))
    assert "42(3)" in step.citation


# -- deadlines stored for lists ---------------------------------------------------------------------
def test_an_overdue_response_is_the_stored_breach(w: SimpleNamespace) -> None:
    d = _to_appeal(w)
    assert d.next_due == law.appeal_response_due(day(40))
    assert d.next_due < TODAY  # 160 days ago: breached
    assert d.next_due_label == law.LIMITS["appeal_response_due"].label


def test_the_familys_own_limits_are_never_a_council_breach(w: SimpleNamespace) -> None:
    d = _open(w)  # 200 days ago, nobody contacted the adviser
    assert d.next_due is None
    from sendpath.disputes.selectors import clock_panel

    panel = clock_panel(d, TODAY)
    family = [c for c in panel if not c.council]
    assert family and all(c.clock.status == "not_needed" for c in family)


def test_close_without_appeal(w: SimpleNamespace) -> None:
    d = _open(w)
    d = services.close_without_appeal(
        user=w.coordinator, dispute=d, expected_version=d.version, closed_on=day(70)
    )
    assert (d.stage, d.outcome) == (Stage.CLOSED, Outcome.NOT_PURSUED)
    assert services.allowed_actions(w.coordinator, d) == ["causes", "cost"]


def test_root_causes(w: SimpleNamespace) -> None:
    d = _open(w)
    with pytest.raises(DomainError, match="Describe the other cause"):
        services.record_root_causes(
            user=w.coordinator, dispute=d, expected_version=d.version, causes=["other"], notes=""
        )
    with pytest.raises(DomainError, match="from the list"):
        services.record_root_causes(
            user=w.coordinator, dispute=d, expected_version=d.version, causes=["nonsense"], notes="x"
        )
    d = services.record_root_causes(
        user=w.coordinator,
        dispute=d,
        expected_version=d.version,
        causes=["vague_provision", "advice_late"],
        notes="SALT advice arrived after the draft.",
    )
    assert Dispute.objects.get(pk=d.pk).root_causes == ["advice_late", "vague_provision"]


def test_every_change_is_audited_against_the_child(w: SimpleNamespace) -> None:
    d = _to_appeal(w)
    events = AuditEvent.objects.filter(object_type="disputes.dispute", object_id=str(d.pk))
    assert events.count() == 4
    assert set(events.values_list("child_id", flat=True)) == {w.child.pk}


def test_a_missed_step_that_can_no_longer_be_taken_stays_on_record_but_is_not_open(
    w: SimpleNamespace,
) -> None:
    d = _to_appeal(w)  # the response was never sent: breached
    d = services.record_hearing(
        user=w.coordinator, dispute=d, expected_version=d.version, hearing_on=day(150)
    )
    d = services.record_outcome(
        user=w.coordinator,
        dispute=d,
        expected_version=d.version,
        outcome=Outcome.PART_UPHELD,
        decided_on=day(160),
        order_made=OrderMade.AMEND_SECTION_I,
    )
    from sendpath.disputes.selectors import clock_panel

    response = next(
        c for c in clock_panel(d, TODAY) if c.clock.label == law.LIMITS["appeal_response_due"].label
    )
    assert response.clock.status == "breached" and not response.open
    assert d.next_due == law.tribunal_order_due(day(160), law.OrderKind.AMEND_SECTION_I)
