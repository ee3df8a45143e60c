"""The daily clock reminders: who hears about what, when, and never twice."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from sendpath.accounts.roles import Role
from sendpath.assessments.models import AdviceKind, AdviceRequest, ClockException, ExceptionKind
from sendpath.assessments.reminders import ReminderCounts, send_reminders
from sendpath.assessments.workflow import Stage
from sendpath.audit.models import AuditAction, AuditEvent
from sendpath.notifications.models import Notification
from sendpath.organisations.models import ServiceKind
from tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 2)  # a Monday


@pytest.fixture
def area() -> SimpleNamespace:
    la = f.LocalAuthorityFactory()
    other_la = f.LocalAuthorityFactory()
    ep_service = f.ServiceFactory(local_authority=la, kind=ServiceKind.EDUCATIONAL_PSYCHOLOGY)
    health_service = f.ServiceFactory(local_authority=la, kind=ServiceKind.HEALTH)
    school = f.SettingFactory(local_authority=la)

    def user(role: Role, name: str, **org: Any) -> Any:
        return f.UserFactory(role=role, email=f"{name}@example.org", full_name=name.title(), **org)

    return SimpleNamespace(
        la=la,
        ep_service=ep_service,
        health_service=health_service,
        school=school,
        ep=user(Role.EP, "ep", service=ep_service),
        ep2=user(Role.EP, "ep2", service=ep_service),
        health1=user(Role.HEALTH, "health1", service=health_service),
        health2=user(Role.HEALTH, "health2", service=health_service),
        senco=user(Role.SENCO, "senco", setting=school),
        coordinator=user(Role.COORDINATOR, "coordinator", local_authority=la),
        manager=user(Role.MANAGER, "manager", local_authority=la),
        manager2=user(Role.MANAGER, "manager2", local_authority=la),
        other_manager=user(Role.MANAGER, "other", local_authority=other_la),
    )


def _case(
    area: SimpleNamespace, *, next_due: dt.date | None = None, coordinator: Any = "default", **kw: Any
) -> Any:
    """An assessment in progress; its own next deadline is far off unless given."""
    child = f.ChildFactory(local_authority=area.la, setting=area.school)
    return f.AssessmentRequestFactory(
        child=child,
        coordinator=area.coordinator if coordinator == "default" else coordinator,
        stage=kw.pop("stage", Stage.ASSESSING),
        received_on=TODAY - dt.timedelta(weeks=8),
        next_due=next_due or TODAY + dt.timedelta(days=60),
        next_due_for=kw.pop("next_due_for", "no_plan_notice_due"),
        **kw,
    )


def _advice(area: SimpleNamespace, due_in: int, *, case: Any = None, **kw: Any) -> AdviceRequest:
    """Advice due ``due_in`` days from TODAY (negative: already past)."""
    due = TODAY + dt.timedelta(days=due_in)
    kw.setdefault("service", area.ep_service)
    kw.setdefault("professional", area.ep)
    return f.AdviceRequestFactory(
        request=case or _case(area), requested_on=due - dt.timedelta(weeks=6), due_on=due, **kw
    )


def _run(capture: Any, today: dt.date = TODAY) -> ReminderCounts:
    with capture(execute=True):
        return send_reminders(today)


def _to(*users: Any) -> list[str]:
    return sorted(u.email for u in users)


def _sent_to() -> list[str]:
    return sorted(m.to[0] for m in mail.outbox)


# -- advice at risk -------------------------------------------------------------------------------
def test_advice_due_within_two_weeks_reminds_the_professional_once(
    area: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    advice = _advice(area, 14)
    later = _advice(area, 15)  # not yet at risk
    counts = _run(django_capture_on_commit_callbacks)
    assert counts.advice_at_risk == 1
    assert counts.total == 1
    assert _sent_to() == _to(area.ep)
    message = mail.outbox[0]
    assert message.subject == f"Advice for case {advice.request.reference} is due by 16 March 2026"
    assert "in 14 days" in message.body
    assert "regulation 8" in message.body
    assert advice.request.child.full_name not in message.body  # email names the case, not the child

    assert _run(django_capture_on_commit_callbacks).total == 0
    assert len(mail.outbox) == 1
    # The next day only the other request, now 14 days from its due date, is new.
    assert _run(django_capture_on_commit_callbacks, TODAY + dt.timedelta(days=1)).total == 1
    assert mail.outbox[-1].subject.endswith("is due by 17 March 2026")
    assert later.request.reference in mail.outbox[-1].subject


def test_unassigned_advice_at_risk_goes_to_everyone_in_the_service(
    area: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    _advice(area, 3, kind=AdviceKind.MEDICAL, service=area.health_service, professional=None)
    counts = _run(django_capture_on_commit_callbacks)
    assert counts.advice_at_risk == 2
    assert _sent_to() == _to(area.health1, area.health2)
    assert "nobody has taken it yet" in mail.outbox[0].body


def test_advice_asked_of_someone_who_has_left_goes_to_their_service(
    area: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    area.ep.is_active = False
    area.ep.save()
    _advice(area, 5)
    _run(django_capture_on_commit_callbacks)
    assert _sent_to() == _to(area.ep2)


def test_educational_advice_from_a_school_goes_to_its_senco(
    area: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    _advice(area, 5, kind=AdviceKind.EDUCATIONAL, service=None, professional=None, setting=area.school)
    _run(django_capture_on_commit_callbacks)
    assert _sent_to() == _to(area.senco)


# -- late advice: chased, then escalated ---------------------------------------------------------
def test_late_advice_is_chased_once_and_marked(
    area: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    advice = _advice(area, -1)
    counts = _run(django_capture_on_commit_callbacks)
    assert (counts.advice_chased, counts.advice_escalated, counts.total) == (1, 0, 1)
    advice.refresh_from_db()
    assert advice.chased_on == TODAY
    assert advice.escalated_on is None
    assert _sent_to() == _to(area.ep)
    assert "is late" in mail.outbox[0].subject
    assert "1 day late" in mail.outbox[0].body
    assert "If it has not been given by 8 March 2026" in mail.outbox[0].body
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, summary="Late advice chased", object_id=str(advice.pk)
    ).exists()
    assert _run(django_capture_on_commit_callbacks, TODAY + dt.timedelta(days=3)).total == 0


def test_advice_a_week_late_is_escalated_to_the_coordinator_and_send_managers(
    area: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    advice = _advice(area, -7)
    not_yet = _advice(area, -6)
    counts = _run(django_capture_on_commit_callbacks)
    assert counts.advice_chased == 2
    assert counts.advice_escalated == 3
    escalations = [m for m in mail.outbox if m.to[0] != area.ep.email]
    assert sorted(m.to[0] for m in escalations) == _to(area.coordinator, area.manager, area.manager2)
    assert all("7 days late" in m.subject for m in escalations)
    assert "Professional: Ep" in escalations[0].body
    advice.refresh_from_db()
    not_yet.refresh_from_db()
    assert (advice.chased_on, advice.escalated_on) == (TODAY, TODAY)
    assert (not_yet.chased_on, not_yet.escalated_on) == (TODAY, None)

    tomorrow = _run(django_capture_on_commit_callbacks, TODAY + dt.timedelta(days=1))
    assert (tomorrow.advice_escalated, tomorrow.total) == (3, 3)  # the second request's turn
    assert _run(django_capture_on_commit_callbacks, TODAY + dt.timedelta(days=2)).total == 0


def test_escalation_without_a_coordinator_says_so(
    area: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    _advice(area, -10, case=_case(area, coordinator=None))
    counts = _run(django_capture_on_commit_callbacks)
    assert counts.advice_escalated == 2
    assert "has no EHC coordinator" in mail.outbox[-1].body


def test_given_advice_and_closed_cases_are_left_alone(
    area: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    _advice(area, -3, received_on=TODAY - dt.timedelta(days=5))
    _advice(area, 3, received_on=TODAY)
    _advice(area, -10, case=_case(area, stage=Stage.WITHDRAWN, closed_on=TODAY - dt.timedelta(days=20)))
    assert _run(django_capture_on_commit_callbacks).total == 0
    assert mail.outbox == []


# -- the case's own deadlines --------------------------------------------------------------------------
def test_a_deadline_within_a_week_reminds_the_coordinator(
    area: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    case = _case(area, next_due=TODAY + dt.timedelta(days=7))
    _case(area, next_due=TODAY + dt.timedelta(days=8))
    counts = _run(django_capture_on_commit_callbacks)
    assert (counts.cases_at_risk, counts.total) == (1, 1)
    assert _sent_to() == _to(area.coordinator)
    message = mail.outbox[0]
    assert message.subject == f"Case {case.reference}: the 16-week decision is due by 9 March 2026"
    assert "SEND Regulations 2014, reg 10(1)" in message.body
    assert Notification.objects.get().key == (
        f"case-at-risk:{case.pk}:no_plan_notice_due:2026-03-09:u{area.coordinator.pk}"
    )


def test_a_breached_deadline_is_reported_once_to_the_coordinator(
    area: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    case = _case(area, next_due=TODAY - dt.timedelta(days=3))
    counts = _run(django_capture_on_commit_callbacks)
    assert (counts.cases_breached, counts.cases_at_risk) == (1, 0)
    assert "limit passed on 27 February 2026" in mail.outbox[0].subject
    assert "3 days ago" in mail.outbox[0].body
    assert Notification.objects.get().key.startswith(
        f"case-breached:{case.pk}:no_plan_notice_due:2026-02-27:"
    )
    assert _run(django_capture_on_commit_callbacks, TODAY + dt.timedelta(days=1)).total == 0


def test_a_case_moves_on_and_its_next_deadline_gets_its_own_reminder(
    area: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    case = _case(area, next_due=TODAY + dt.timedelta(days=2))
    assert _run(django_capture_on_commit_callbacks).cases_at_risk == 1
    case.stage, case.next_due, case.next_due_for = (
        Stage.DRAFTING,
        TODAY + dt.timedelta(days=5),
        "final_plan_due",
    )
    case.save()
    assert _run(django_capture_on_commit_callbacks).cases_at_risk == 1
    assert "20-week plan" in mail.outbox[-1].subject


def test_a_case_with_no_coordinator_goes_to_the_send_managers(
    area: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    _case(area, coordinator=None, next_due=TODAY - dt.timedelta(days=1))
    assert _run(django_capture_on_commit_callbacks).cases_breached == 2
    assert _sent_to() == _to(area.manager, area.manager2)


def test_a_breach_with_a_recorded_exception_still_shows_and_says_so(
    area: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    case = _case(area, next_due=TODAY - dt.timedelta(days=1))
    ClockException.objects.create(
        request=case,
        kind=ExceptionKind.REG10_4_D,
        start_on=TODAY - dt.timedelta(weeks=6),
        end_on=TODAY - dt.timedelta(weeks=1),
        evidence="Family abroad",
    )
    _run(django_capture_on_commit_callbacks)
    assert "An exception to the time limits is recorded" in mail.outbox[0].body


# -- the command ---------------------------------------------------------------------------------
def test_the_command_is_idempotent_and_prints_its_counts(
    area: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    _advice(area, 10)
    _advice(area, -8)
    _case(area, next_due=TODAY - dt.timedelta(days=1))
    first, second = StringIO(), StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_clock_reminders", "--today", "2026-03-02", stdout=first)
    sent = len(mail.outbox)
    assert sent == 1 + 1 + 3 + 1  # at risk, chased, escalated (coordinator + 2 managers), breached
    out = first.getvalue()
    assert "Clock reminders for 2026-03-02:" in out
    assert "Advice at risk (due within 14 days): 1 sent" in out
    assert "Late advice chased: 1 sent" in out
    assert "Late advice escalated (7 days after it was due): 3 sent" in out
    assert "Cases past a legal deadline: 1 sent" in out
    assert f"{sent} new messages in all." in out

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_clock_reminders", "--today", "2026-03-02", stdout=second)
    assert len(mail.outbox) == sent
    assert "0 new messages in all." in second.getvalue()


def test_the_command_uses_todays_date_by_default(
    area: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    _advice(area, -1)
    with (
        time_machine.travel(dt.datetime(2026, 3, 2, 7, 15, tzinfo=dt.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        out = StringIO()
        call_command("send_clock_reminders", stdout=out)
    assert "Clock reminders for 2026-03-02:" in out.getvalue()
    assert "Late advice chased: 1 sent" in out.getvalue()


def test_the_command_refuses_a_date_it_cannot_read() -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_clock_reminders", "--today", "2/3/2026")


def test_a_repeated_run_costs_a_fixed_number_of_queries(
    area: SimpleNamespace, django_capture_on_commit_callbacks: Any, django_assert_max_num_queries: Any
) -> None:
    """Nothing is looked up per row: the second run's work does not grow with the caseload."""
    for n in range(25):
        _advice(area, -(n % 12) - 1)
        _advice(area, n % 14, professional=None)
        _case(area, next_due=TODAY - dt.timedelta(days=n + 1))
    first = _run(django_capture_on_commit_callbacks)
    assert first.total > 75
    with django_assert_max_num_queries(12):
        assert send_reminders(TODAY).total == 0
