"""Reminders about the assessment's clocks, sent once each by the daily cron job.

``python manage.py send_clock_reminders`` calls ``send_reminders(today)``. The rules, from
issue 4 and the SEND Regulations 2014:

- **Advice at risk** (2 weeks before its reg 8 due date): the professional asked is told,
  or, while nobody in the service has taken it, everyone in the service (for educational
  advice from a school, its SENCOs).
- **Advice late** (the day after its due date): the same people are chased, and
  ``advice.chased_on`` is set.
- **Advice escalated** (7 days after its due date): the case's coordinator and the
  council's SEND team managers are told, and ``advice.escalated_on`` is set. Issue 4 says
  "the service's manager", but there is no service-manager role: the people who can act on
  late advice are the coordinator and the SEND managers, so they get it.
- **Case at risk** (its next legal deadline within 7 days) and **case breached** (the
  deadline passed): the case's coordinator, or the SEND managers when the case has none.

Each message has a key naming the event, the record, the date it is about and the
recipient (``advice-late:42:2026-03-26:u7``). ``notifications.services.notify`` refuses a
key it has seen, so running the job twice, or two jobs at once, sends nothing new. If a
due date moves (the request is asked again), the key changes and the new date gets its own
reminder.

Work is selected with indexed filters (``due_on``, ``stage`` and ``next_due``) and the
people to tell are loaded once per run, never per row; keys already used are found in bulk,
so a county's 20,000 plans cost a few queries a day plus one small transaction for each
message that is actually new.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from sendpath.accounts.models import User
from sendpath.accounts.roles import SERVICE_ROLES, Role
from sendpath.assessments.models import AdviceRequest, AssessmentRequest, ClockException
from sendpath.assessments.workflow import OPEN_STAGES, Stage
from sendpath.audit.models import AuditAction
from sendpath.audit.services import record
from sendpath.common.clock_panel import AT_RISK_DAYS
from sendpath.law.clocks import LIMITS
from sendpath.notifications.models import Notification
from sendpath.notifications.services import notify, send_pending

#: Advice is "at risk" this many days before its due date (issue 4: 2 weeks).
ADVICE_AT_RISK_DAYS = AT_RISK_DAYS
#: Late advice goes to the coordinator and SEND managers this many days after its due date.
ESCALATE_AFTER_DAYS = 7
#: A coordinator hears about a case's next deadline this many days before it.
CASE_AT_RISK_DAYS = 7

ADVICE_LAW = (
    "The SEND Regulations 2014 (regulation 8) give 6 weeks to provide advice for an EHC needs assessment."
)


@dataclass
class ReminderCounts:
    """How many messages each rule sent in one run (0 everywhere on a repeated run)."""

    advice_at_risk: int = 0
    advice_chased: int = 0
    advice_escalated: int = 0
    cases_at_risk: int = 0
    cases_breached: int = 0
    retried: int = 0

    @property
    def total(self) -> int:
        return (
            self.advice_at_risk
            + self.advice_chased
            + self.advice_escalated
            + self.cases_at_risk
            + self.cases_breached
        )

    def lines(self) -> list[str]:
        """Plain-English lines for the command's output (cron mails it to the operator)."""
        return [
            f"Advice at risk (due within {ADVICE_AT_RISK_DAYS} days): {self.advice_at_risk} sent",
            f"Late advice chased: {self.advice_chased} sent",
            f"Late advice escalated ({ESCALATE_AFTER_DAYS} days after it was due): "
            f"{self.advice_escalated} sent",
            f"Cases with a deadline within {CASE_AT_RISK_DAYS} days: {self.cases_at_risk} sent",
            f"Cases past a legal deadline: {self.cases_breached} sent",
            f"Earlier messages sent on retry: {self.retried}",
        ]


@dataclass
class Message:
    """One message to one person, not yet checked against those already sent."""

    key: str
    user: User
    subject: str
    body: str
    child_id: int


@dataclass
class _People:
    """Everyone a run may write to, loaded once: no query per advice request or case."""

    by_service: dict[int, list[User]] = field(default_factory=dict)
    sencos_by_setting: dict[int, list[User]] = field(default_factory=dict)
    managers_by_la: dict[int, list[User]] = field(default_factory=dict)


# -- wording --------------------------------------------------------------------------------
def _d(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _where(path: str, otherwise: str) -> str:
    """A link when the site's address is configured (``SENDPATH_BASE_URL``), else directions."""
    base = str(getattr(settings, "SENDPATH_BASE_URL", "")).rstrip("/")
    return f"Open it in sendpath: {base}{path}" if base else otherwise


def _asked_of(advice: AdviceRequest) -> str:
    if advice.service_id:
        return advice.service.name  # type: ignore[union-attr]
    if advice.setting_id:
        return advice.setting.name  # type: ignore[union-attr]
    return "the family"


def _advice_link(advice: AdviceRequest) -> str:
    return _where(f"/advice/{advice.pk}/", "Sign in to sendpath and open it from 'My advice requests'.")


def _case_link(case: AssessmentRequest) -> str:
    return _where(f"/cases/{case.pk}/", f"Sign in to sendpath and find case {case.reference} in 'My cases'.")


# -- who to tell ----------------------------------------------------------------------------
def _reachable(users: Iterable[User | None]) -> list[User]:
    return [u for u in users if u is not None and u.is_active and u.email]


def _load_people(advice: list[AdviceRequest], cases: list[AssessmentRequest]) -> _People:
    """The service members, SENCOs and SEND managers these records may need: 3 queries."""
    people = _People()
    services = {a.service_id for a in advice if a.service_id}
    settings_ = {a.setting_id for a in advice if a.setting_id and not a.service_id}
    las = {a.request.local_authority_id for a in advice} | {c.local_authority_id for c in cases}
    if services:
        for u in User.objects.filter(service_id__in=services, role__in=SERVICE_ROLES, is_active=True):
            people.by_service.setdefault(u.service_id, []).append(u)  # type: ignore[arg-type]
    if settings_:
        for u in User.objects.filter(setting_id__in=settings_, role=Role.SENCO, is_active=True):
            people.sencos_by_setting.setdefault(u.setting_id, []).append(u)  # type: ignore[arg-type]
    if las:
        for u in User.objects.filter(local_authority_id__in=las, role=Role.MANAGER, is_active=True):
            people.managers_by_la.setdefault(u.local_authority_id, []).append(u)  # type: ignore[arg-type]
    return people


def advice_givers(advice: AdviceRequest, people: _People) -> tuple[list[User], bool]:
    """Who must give this advice, and whether it is still waiting for someone to take it.

    The professional asked; if nobody is assigned, or the person asked has left (their
    account is inactive), everyone in the service, so staff turnover never strands advice;
    for educational advice from a school, its SENCOs. Nobody for the family's own views.
    """
    assigned = _reachable([advice.professional]) if advice.professional_id else []
    if assigned:
        return assigned, False
    if advice.service_id:
        return _reachable(people.by_service.get(advice.service_id, [])), True
    if advice.setting_id:
        return _reachable(people.sencos_by_setting.get(advice.setting_id, [])), True
    return [], False


def case_owners(case: AssessmentRequest, people: _People) -> tuple[list[User], bool]:
    """The case's coordinator, or the SEND managers when it has none (or they have left)."""
    coordinator = _reachable([case.coordinator]) if case.coordinator_id else []
    if coordinator:
        return coordinator, False
    return _reachable(people.managers_by_la.get(case.local_authority_id, [])), True


# -- what to look at ---------------------------------------------------------------------------
def _open_advice() -> QuerySet[AdviceRequest]:
    """Advice not yet received, on cases still open."""
    return AdviceRequest.objects.filter(
        received_on__isnull=True, request__stage__in=OPEN_STAGES
    ).select_related("request", "request__coordinator", "service", "setting", "professional")


def advice_at_risk(today: dt.date) -> QuerySet[AdviceRequest]:
    """Due within the next 2 weeks, today included."""
    return _open_advice().filter(
        due_on__gte=today, due_on__lte=today + dt.timedelta(days=ADVICE_AT_RISK_DAYS)
    )


def advice_to_chase(today: dt.date) -> QuerySet[AdviceRequest]:
    """Past its due date and not chased yet."""
    return _open_advice().filter(due_on__lt=today, chased_on__isnull=True)


def advice_to_escalate(today: dt.date) -> QuerySet[AdviceRequest]:
    """A week or more past its due date and not escalated yet."""
    return _open_advice().filter(
        due_on__lte=today - dt.timedelta(days=ESCALATE_AFTER_DAYS), escalated_on__isnull=True
    )


def cases_due(today: dt.date) -> QuerySet[AssessmentRequest]:
    """Open cases whose next legal deadline is within a week or has passed, with a flag for
    a recorded reg 10(4) exception (it disapplies the limit but never hides the case)."""
    return (
        AssessmentRequest.objects.filter(
            stage__in=OPEN_STAGES, next_due__lte=today + dt.timedelta(days=CASE_AT_RISK_DAYS)
        )
        .select_related("coordinator")
        .annotate(has_exception=Exists(ClockException.objects.filter(request=OuterRef("pk"))))
    )


# -- the messages --------------------------------------------------------------------------------
def _at_risk_messages(advice: AdviceRequest, people: _People, today: dt.date) -> Iterator[Message]:
    givers, unassigned = advice_givers(advice, people)
    case = advice.request
    left = (advice.due_on - today).days
    when = "today" if left == 0 else f"in {_days(left)}"
    for user in givers:
        yield Message(
            key=f"advice-at-risk:{advice.pk}:{advice.due_on}:u{user.pk}",
            user=user,
            subject=f"Advice for case {case.reference} is due by {_d(advice.due_on)}",
            body=(
                f"{advice.get_kind_display()} for case {case.reference} is due by {_d(advice.due_on)}, "
                f"{when}. It was asked for on {_d(advice.requested_on)}.\n\n"
                + (
                    f"It was asked of {_asked_of(advice)} and nobody has taken it yet. "
                    "Anyone in the team can give it.\n\n"
                    if unassigned
                    else ""
                )
                + f"{ADVICE_LAW}\n\n{_advice_link(advice)}"
            ),
            child_id=case.child_id,
        )


def _chase_messages(advice: AdviceRequest, people: _People, today: dt.date) -> Iterator[Message]:
    givers, unassigned = advice_givers(advice, people)
    case = advice.request
    late = (today - advice.due_on).days
    escalate_on = advice.due_on + dt.timedelta(days=ESCALATE_AFTER_DAYS)
    for user in givers:
        yield Message(
            key=f"advice-late:{advice.pk}:{advice.due_on}:u{user.pk}",
            user=user,
            subject=f"Advice for case {case.reference} is late: it was due on {_d(advice.due_on)}",
            body=(
                f"{advice.get_kind_display()} for case {case.reference} was due on {_d(advice.due_on)} "
                f"and has not been received. It is {_days(late)} late.\n\n"
                f"{ADVICE_LAW} The family is waiting: the whole assessment must finish within "
                "20 weeks.\n\n"
                + (
                    f"It was asked of {_asked_of(advice)} and nobody has taken it yet.\n\n"
                    if unassigned
                    else ""
                )
                + (
                    f"If it has not been given by {_d(escalate_on)}, the EHC coordinator and the "
                    "council's SEND team manager will be told.\n\n"
                    if today < escalate_on
                    else "The EHC coordinator and the council's SEND team manager have been told.\n\n"
                )
                + _advice_link(advice)
            ),
            child_id=case.child_id,
        )


def _escalation_messages(advice: AdviceRequest, people: _People, today: dt.date) -> Iterator[Message]:
    case = advice.request
    coordinator = _reachable([case.coordinator]) if case.coordinator_id else []
    managers = _reachable(people.managers_by_la.get(case.local_authority_id, []))
    late = (today - advice.due_on).days
    who = advice.professional.full_name if advice.professional_id else "nobody yet: it is not assigned"  # type: ignore[union-attr]
    chased = advice.chased_on or today
    for user in coordinator + [m for m in managers if m not in coordinator]:
        yield Message(
            key=f"advice-escalated:{advice.pk}:{advice.due_on}:u{user.pk}",
            user=user,
            subject=f"Advice for case {case.reference} is {_days(late)} late",
            body=(
                f"{advice.get_kind_display()} for case {case.reference} was due on {_d(advice.due_on)} "
                f"and is now {_days(late)} late.\n\n"
                f"Asked of: {_asked_of(advice)}\nProfessional: {who}\n"
                f"Chased: {_d(chased)}\n\n"
                f"{ADVICE_LAW} Please contact the service to agree when the advice will arrive."
                + ("" if coordinator else f"\n\nCase {case.reference} has no EHC coordinator.")
                + f"\n\n{_case_link(case)}"
            ),
            child_id=case.child_id,
        )


def _case_messages(case: Any, people: _People, today: dt.date) -> Iterator[Message]:
    limit = LIMITS.get(case.next_due_for) if case.next_due_for else None
    name = case.next_due_for or "next_due"
    label = limit.label if limit else "next legal deadline"
    citation = f" ({limit.citation})" if limit else ""
    what = f" It is the last day to {limit.description[:1].lower()}{limit.description[1:]}." if limit else ""
    owners, no_coordinator = case_owners(case, people)
    due = case.next_due
    stage = Stage(case.stage).label
    breached = due < today
    note = f"\n\nCase {case.reference} has no EHC coordinator." if no_coordinator else ""
    if breached:
        late = (today - due).days
        kind = "case-breached"
        subject = f"Case {case.reference}: the {label} limit passed on {_d(due)}"
        body = (
            f"The {label} limit for case {case.reference}{citation} was {_d(due)}. It passed "
            f"{_days(late)} ago, and the case is still at '{stage}'.{what}"
            + (
                "\n\nAn exception to the time limits is recorded for this case, so the limit does "
                "not apply, but the step is still needed."
                if case.has_exception
                else ""
            )
        )
    else:
        left = (due - today).days
        kind = "case-at-risk"
        subject = f"Case {case.reference}: the {label} is due by {_d(due)}"
        body = (
            f"The {label} for case {case.reference}{citation} is due by {_d(due)}, "
            f"{'today' if left == 0 else 'in ' + _days(left)}. The case is at '{stage}'.{what}"
        )
    for user in owners:
        yield Message(
            key=f"{kind}:{case.pk}:{name}:{due}:u{user.pk}",
            user=user,
            subject=subject,
            body=body + note + f"\n\n{_case_link(case)}",
            child_id=case.child_id,
        )


# -- sending ------------------------------------------------------------------------------------
def _new(messages: list[Message]) -> list[Message]:
    """Drop messages whose key was used before: one query per 500 keys, not one per row."""
    keys = [m.key for m in messages]
    used: set[str] = set()
    for start in range(0, len(keys), 500):
        used.update(
            Notification.objects.filter(key__in=keys[start : start + 500]).values_list("key", flat=True)
        )
    return [m for m in messages if m.key not in used]


def _send(message: Message) -> bool:
    return notify(
        key=message.key,
        email=message.user.email,
        subject=message.subject,
        body=message.body,
        user=message.user,
        child_id=message.child_id,
    )


def _audit_advice(advice: AdviceRequest, summary: str, changes: dict[str, str]) -> None:
    """The system changed an advice request: recorded with no user, like any other change."""
    record(
        user=None,
        action=AuditAction.UPDATE,
        obj=advice,
        child_id=advice.request.child_id,
        local_authority_id=advice.request.local_authority_id,
        summary=summary,
        changes=changes,
    )


def _send_and_mark(
    advice_list: list[AdviceRequest],
    messages_for: dict[int, list[Message]],
    field_name: str,
    summary: str,
    today: dt.date,
) -> int:
    """Send each advice request's new messages and stamp ``field_name`` in one transaction,
    so the date is set exactly when the chase (or escalation) has been recorded."""
    sent = 0
    fresh = {m.key for m in _new([m for ms in messages_for.values() for m in ms])}
    for advice in advice_list:
        messages = messages_for.get(advice.pk, [])
        if not messages:
            continue  # nobody to tell yet (an empty service): tried again tomorrow
        with transaction.atomic():
            sent += sum(1 for m in messages if m.key in fresh and _send(m))
            stamped = AdviceRequest.objects.filter(pk=advice.pk, **{f"{field_name}__isnull": True}).update(
                **{field_name: today}
            )
            if stamped:
                _audit_advice(advice, summary, {field_name: today.isoformat()})
    return sent


def send_reminders(today: dt.date) -> ReminderCounts:
    """Run every rule for ``today`` and return how many messages each sent.

    Safe to repeat: a second run on the same day sends nothing and changes nothing.
    """
    counts = ReminderCounts(retried=send_pending())
    at_risk = list(advice_at_risk(today))
    to_chase = list(advice_to_chase(today))
    to_escalate = list(advice_to_escalate(today))
    cases = list(cases_due(today))
    people = _load_people(at_risk + to_chase + to_escalate, cases)

    messages = _new([m for a in at_risk for m in _at_risk_messages(a, people, today)])
    counts.advice_at_risk = sum(1 for m in messages if _send(m))

    chase: dict[int, list[Message]] = defaultdict(list)
    for a in to_chase:
        chase[a.pk] += _chase_messages(a, people, today)
    counts.advice_chased = _send_and_mark(to_chase, chase, "chased_on", "Late advice chased", today)

    escalate: dict[int, list[Message]] = defaultdict(list)
    for a in to_escalate:
        escalate[a.pk] += _escalation_messages(a, people, today)
    counts.advice_escalated = _send_and_mark(
        to_escalate, escalate, "escalated_on", "Late advice escalated", today
    )

    messages = _new([m for c in cases for m in _case_messages(c, people, today)])
    for m in messages:
        if not _send(m):
            continue
        if m.key.startswith("case-breached:"):
            counts.cases_breached += 1
        else:
            counts.cases_at_risk += 1
    return counts
