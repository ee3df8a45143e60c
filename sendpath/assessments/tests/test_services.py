"""Every service that changes an assessment case, against a real database.

The dates follow timescales.md part 10, example 1: a request received on Monday 5 January
2026 has its 6-week decision due on Monday 16 February, the 16-week point on Monday 27 April
and the 20-week final plan on Monday 25 May 2026 (a bank holiday: the date does not move).
"Today" is fixed with time-machine so every date in the example is in the past.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from sendpath.accounts.roles import Role
from sendpath.assessments import services
from sendpath.assessments.models import (
    AdviceKind,
    AdviceRequest,
    AssessmentRequest,
    ClockException,
    Consultation,
    ConsultationResponse,
    Contribution,
    ExceptionKind,
    RequestSource,
    StageChange,
)
from sendpath.assessments.workflow import Stage
from sendpath.audit.models import AuditAction, AuditEvent
from sendpath.common.errors import DomainError, NotAllowed, StaleRecord
from sendpath.funding.models import Placement
from sendpath.law.clocks import annual_review_due
from sendpath.organisations.models import ServiceKind, SettingKind
from sendpath.plans.models import Plan, PlanStatus, PlanVersion, VersionStatus
from tests import factories as f

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")

# timescales.md part 10, example 1 and example 4.
RECEIVED = dt.date(2026, 1, 5)  # Monday
DECISION_DUE = dt.date(2026, 2, 16)  # Monday, 6 weeks (reg 5(1))
NO_PLAN_DUE = dt.date(2026, 4, 27)  # Monday, 16 weeks (reg 10(1))
FINAL_DUE = dt.date(2026, 5, 25)  # Monday, 20 weeks (reg 13(2)), Spring bank holiday
DECIDED_TO_ASSESS = dt.date(2026, 2, 12)
ADVICE_ASKED = dt.date(2026, 2, 13)  # Friday; advice due Friday 27 March 2026 (reg 8(1))
DECIDED_TO_ISSUE = dt.date(2026, 2, 27)
DRAFT_SERVED = dt.date(2026, 3, 2)  # Monday: the 15 days run to Mon 16 March (reg 13(1)(a))
EARLIEST_FINAL = dt.date(2026, 3, 17)  # Tuesday: the first day the plan may be made final
TODAY = dt.date(2026, 3, 20)  # Friday

ONLY_CASEWORK = "Only the council's EHC coordinators and SEND managers can do this."


def at(day: dt.date, hour: int = 12, minute: int = 0) -> Any:
    """Fix "today" (and the clock) at ``day``, ``hour``:``minute`` in London."""
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON), tick=False
    )


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with at(TODAY):
        yield


def build() -> SimpleNamespace:
    """One council with its casework staff, two schools, three services and a family, and a
    second council whose staff must be refused. Call inside a fixed "today"."""
    la = f.LocalAuthorityFactory(code="873", name="Shire Council")
    other_la = f.LocalAuthorityFactory(code="855", name="Other Council")
    school = f.SettingFactory(local_authority=la, name="Riverside Primary")
    special = f.SettingFactory(local_authority=la, name="Oakfield Special School", kind=SettingKind.SPECIAL)
    ep_service = f.ServiceFactory(
        local_authority=la, kind=ServiceKind.EDUCATIONAL_PSYCHOLOGY, name="Shire EP service"
    )
    health_service = f.ServiceFactory(local_authority=la, kind=ServiceKind.HEALTH, name="Shire health")
    other_service = f.ServiceFactory(
        local_authority=other_la, kind=ServiceKind.EDUCATIONAL_PSYCHOLOGY, name="Other EP service"
    )

    def user(role: Role, name: str, **org: Any) -> Any:
        email = name.lower().replace(" ", ".") + "@example.org"
        return f.UserFactory(role=role, full_name=name, email=email, **org)

    w = SimpleNamespace(la=la, other_la=other_la, school=school, special=special)
    w.ep_service, w.health_service, w.other_service = ep_service, health_service, other_service
    w.coordinator = user(Role.COORDINATOR, "Cora Ordinator", local_authority=la)
    w.manager = user(Role.MANAGER, "Manny Ager", local_authority=la)
    w.finance = user(Role.FINANCE, "Fin Ance", local_authority=la)
    w.data_officer = user(Role.DATA_OFFICER, "Dat Officer", local_authority=la)
    w.councillor = user(Role.COUNCILLOR, "Coun Cillor", local_authority=la)
    w.admin = user(Role.ADMIN, "Ad Min", local_authority=la)
    w.other_coordinator = user(Role.COORDINATOR, "Otto Elsewhere", local_authority=other_la)
    w.other_manager = user(Role.MANAGER, "Olga Elsewhere", local_authority=other_la)
    w.senco = user(Role.SENCO, "Sen Coe", setting=school)
    w.special_senco = user(Role.SENCO, "Spe Cial", setting=special)
    w.teacher = user(Role.TEACHER, "Tea Cher", setting=school)
    w.ep = user(Role.EP, "Eve Psych", service=ep_service)
    w.ep2 = user(Role.EP, "Evan Psych", service=ep_service)
    w.health = user(Role.HEALTH, "Hal Nurse", service=health_service)
    w.other_ep = user(Role.EP, "Oz Psych", service=other_service)
    w.parent = user(Role.PARENT, "Priya Shah")
    w.other_parent = user(Role.PARENT, "Pat Other")
    w.young_person = user(Role.YOUNG_PERSON, "Yan Person")

    w.child = f.ChildFactory(
        local_authority=la,
        setting=school,
        first_name="Maya",
        last_name="Shah",
        date_of_birth=dt.date(2017, 4, 3),
    )
    carer = f.CarerFactory(first_name="Priya", last_name="Shah", user=w.parent)
    f.RelationshipFactory(child=w.child, carer=carer)
    w.other_child = f.ChildFactory(local_authority=la, setting=special, first_name="Noah", last_name="Green")
    other_carer = f.CarerFactory(first_name="Pat", last_name="Other", user=w.other_parent)
    f.RelationshipFactory(child=w.other_child, carer=other_carer)
    w.yp_child = f.ChildFactory(
        local_authority=la,
        first_name="Yan",
        last_name="Person",
        date_of_birth=dt.date(2008, 9, 1),
        user=w.young_person,
    )
    return w


@pytest.fixture
def w() -> SimpleNamespace:
    return build()


def new_case(w: SimpleNamespace, *, received_on: dt.date = RECEIVED, child: Any = None) -> AssessmentRequest:
    case, _ = services.receive_request(
        user=w.coordinator,
        child=child or w.child,
        received_on=received_on,
        source=RequestSource.FAMILY,
        reasons="Maya finds reading and groups very hard.",
        coordinator=w.coordinator,
    )
    return case


def fresh(case: AssessmentRequest) -> AssessmentRequest:
    return AssessmentRequest.objects.get(pk=case.pk)


def assessing(w: SimpleNamespace, case: AssessmentRequest | None = None) -> AssessmentRequest:
    case = case or new_case(w)
    return services.decide_whether_to_assess(
        user=w.coordinator, case=case, expected_version=case.version, assess=True, on=DECIDED_TO_ASSESS
    )


def drafting(w: SimpleNamespace) -> AssessmentRequest:
    case = assessing(w)
    return services.decide_whether_to_issue(
        user=w.coordinator, case=case, expected_version=case.version, issue=True, on=DECIDED_TO_ISSUE
    )


def draft_sent(w: SimpleNamespace) -> AssessmentRequest:
    case = drafting(w)
    return services.send_draft(user=w.coordinator, case=case, expected_version=case.version, on=DRAFT_SERVED)


def events(case: AssessmentRequest) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(child_id=case.child_id).order_by("pk"))


def last_event(case: AssessmentRequest) -> AuditEvent:
    return AuditEvent.objects.filter(child_id=case.child_id).order_by("-pk").first()


def stage_changes(case: AssessmentRequest) -> list[tuple[str, str, dt.date, Any, str]]:
    return [(c.from_stage, c.to_stage, c.on, c.by, c.note) for c in StageChange.objects.filter(request=case)]


def refused(exc: pytest.ExceptionInfo[DomainError], message: str, field: str | None = None) -> None:
    assert exc.value.message == message
    if field is not None:
        assert exc.value.field == field


# -- receiving a request ------------------------------------------------------------------------
def test_receiving_a_request_starts_the_6_16_and_20_week_clocks(w: SimpleNamespace) -> None:
    case, warnings = services.receive_request(
        user=w.coordinator,
        child=w.child,
        received_on=RECEIVED,
        source=RequestSource.SETTING,
        reasons="Little progress despite support",
        coordinator=w.coordinator,
    )
    assert warnings == []
    case = fresh(case)
    assert case.stage == Stage.RECEIVED
    assert (case.decision_due, case.no_plan_due, case.final_due) == (DECISION_DUE, NO_PLAN_DUE, FINAL_DUE)
    assert [d.strftime("%a") for d in (case.decision_due, case.no_plan_due, case.final_due)] == ["Mon"] * 3
    assert case.next_due == DECISION_DUE
    assert case.next_due_for == "decision_to_assess_due"
    assert case.version == 1
    assert case.requested_by == w.coordinator
    assert case.local_authority == w.la
    assert case.closed_on is None
    assert stage_changes(case) == [("", Stage.RECEIVED, RECEIVED, w.coordinator, "Request received")]
    event = last_event(case)
    assert event.action == AuditAction.CREATE
    assert event.object_type == "assessments.assessmentrequest"
    assert event.object_id == str(case.pk)
    assert event.child_id == w.child.pk
    assert event.local_authority_id == w.la.pk
    assert event.user == w.coordinator
    assert event.summary == "Request for assessment received"
    assert event.changes == {"received_on": "2026-01-05", "source": RequestSource.SETTING}
    assert "Maya" not in event.summary, "audit summaries hold no names"


def test_the_reference_is_the_council_code_the_year_and_a_number(w: SimpleNamespace) -> None:
    first = new_case(w)
    second = new_case(w, child=w.other_child)
    older = new_case(w, child=w.yp_child, received_on=dt.date(2025, 12, 31))
    assert first.reference == "873-26-000001"
    assert second.reference == "873-26-000002"
    assert older.reference == "873-25-000003"
    other, _ = services.receive_request(
        user=w.other_coordinator,
        child=f.ChildFactory(local_authority=w.other_la),
        received_on=RECEIVED,
        source=RequestSource.FAMILY,
    )
    assert other.reference == "855-26-000001", "each council numbers its own requests"
    assert all(re.fullmatch(r"\d{3}-\d{2}-\d{6}", c.reference) for c in (first, second, older, other))


def test_a_second_open_request_is_flagged_not_refused(w: SimpleNamespace) -> None:
    first = new_case(w)
    second, warnings = services.receive_request(
        user=w.parent, child=w.child, received_on=dt.date(2026, 1, 20), source=RequestSource.FAMILY
    )
    assert warnings == [f"Maya Shah already has an open request, {first.reference}, received 5 January 2026."]
    assert second.pk is not None and second.pk != first.pk
    assert AssessmentRequest.objects.filter(child=w.child).count() == 2


def test_an_existing_plan_is_flagged(w: SimpleNamespace) -> None:
    f.PlanFactory(child=w.child, first_issued_on=dt.date(2024, 5, 1))
    _, warnings = services.receive_request(
        user=w.coordinator, child=w.child, received_on=RECEIVED, source=RequestSource.FAMILY
    )
    assert warnings == ["Maya Shah already has an EHC plan."]


def test_closed_requests_and_ceased_plans_are_not_duplicates(w: SimpleNamespace) -> None:
    old = new_case(w, received_on=dt.date(2025, 6, 2))
    services.withdraw(
        user=w.coordinator, case=old, expected_version=1, on=dt.date(2025, 7, 1), note="Family moved away"
    )
    f.PlanFactory(child=w.child, status=PlanStatus.CEASED, first_issued_on=dt.date(2020, 1, 6))
    _, warnings = services.receive_request(
        user=w.coordinator, child=w.child, received_on=RECEIVED, source=RequestSource.FAMILY
    )
    assert warnings == []


def test_both_an_open_request_and_a_plan_are_flagged(w: SimpleNamespace) -> None:
    first = new_case(w)
    f.PlanFactory(child=w.child)
    _, warnings = services.receive_request(
        user=w.senco, child=w.child, received_on=TODAY, source=RequestSource.SETTING
    )
    assert warnings == [
        f"Maya Shah already has an open request, {first.reference}, received 5 January 2026.",
        "Maya Shah already has an EHC plan.",
    ]


@pytest.mark.parametrize(
    "who", ["coordinator", "manager", "finance", "data_officer", "senco", "parent", "young_person", None]
)
def test_who_may_ask_for_an_assessment(w: SimpleNamespace, who: str | None) -> None:
    """LA staff of the child's council, the SENCO of the child's roll, a parent of the child,
    the young person themselves, and (without an account) anyone online."""
    user = getattr(w, who) if who else None
    child = w.yp_child if who == "young_person" else w.child
    case, _ = services.receive_request(user=user, child=child, received_on=TODAY, source=RequestSource.FAMILY)
    case = fresh(case)
    assert case.requested_by == user
    assert stage_changes(case) == [("", Stage.RECEIVED, TODAY, user, "Request received")]
    event = last_event(case)
    assert event.user == user
    assert event.child_id == child.pk


@pytest.mark.parametrize(
    "who",
    [
        "other_coordinator",
        "other_manager",
        "special_senco",
        "teacher",
        "ep",
        "other_parent",
        "young_person",
        "councillor",
        "admin",
    ],
)
def test_anyone_else_may_not_ask_for_an_assessment(w: SimpleNamespace, who: str) -> None:
    with pytest.raises(NotAllowed) as exc:
        services.receive_request(
            user=getattr(w, who), child=w.child, received_on=TODAY, source=RequestSource.FAMILY
        )
    refused(exc, "You cannot ask for an assessment for this child.")
    assert not AssessmentRequest.objects.exists()
    assert not AuditEvent.objects.filter(child_id=w.child.pk).exists()


def test_a_request_cannot_be_received_in_the_future(w: SimpleNamespace) -> None:
    with pytest.raises(DomainError) as exc:
        services.receive_request(
            user=w.coordinator, child=w.child, received_on=TODAY + dt.timedelta(days=1), source="1"
        )
    refused(exc, "The date the request was received must be today or in the past", "received_on")
    assert not AssessmentRequest.objects.exists()


def test_a_request_today_is_accepted(w: SimpleNamespace) -> None:
    case, _ = services.receive_request(user=w.coordinator, child=w.child, received_on=TODAY, source="1")
    assert case.decision_due == dt.date(2026, 5, 1)


def test_a_request_cannot_be_received_before_the_child_was_born(w: SimpleNamespace) -> None:
    with pytest.raises(DomainError) as exc:
        services.receive_request(
            user=w.coordinator, child=w.child, received_on=dt.date(2017, 4, 2), source="1"
        )
    refused(exc, "The request cannot be received before the child was born", "received_on")


def test_a_request_needs_a_known_source(w: SimpleNamespace) -> None:
    with pytest.raises(DomainError) as exc:
        services.receive_request(user=w.coordinator, child=w.child, received_on=RECEIVED, source="9")
    refused(exc, "Select who made the request", "source")
    assert not AssessmentRequest.objects.exists()


# -- the decision whether to assess -----------------------------------------------------------
def test_deciding_to_assess(w: SimpleNamespace) -> None:
    case = new_case(w)
    before = len(events(case))
    returned = services.decide_whether_to_assess(
        user=w.coordinator, case=case, expected_version=1, assess=True, on=DECIDED_TO_ASSESS
    )
    assert returned.version == 2
    case = fresh(case)
    assert case.stage == Stage.ASSESSING
    assert case.decided_to_assess_on == DECIDED_TO_ASSESS
    assert case.version == 2
    assert case.updated_by == w.coordinator
    assert case.closed_on is None
    # The next limit is now the 16-week point (reg 10(1)); the stored dates stay the law's.
    assert case.next_due == NO_PLAN_DUE
    assert case.next_due_for == "no_plan_notice_due"
    assert (case.decision_due, case.no_plan_due, case.final_due) == (DECISION_DUE, NO_PLAN_DUE, FINAL_DUE)
    assert stage_changes(case)[-1] == (
        Stage.RECEIVED,
        Stage.ASSESSING,
        DECIDED_TO_ASSESS,
        w.coordinator,
        "Decided to assess",
    )
    assert len(events(case)) == before + 1
    event = last_event(case)
    assert (event.action, event.summary, event.user) == (
        AuditAction.UPDATE,
        "Decided to assess",
        w.coordinator,
    )
    assert event.child_id == w.child.pk
    assert event.changes == {"decided_to_assess_on": "2026-02-12"}


def test_deciding_not_to_assess_closes_the_case(w: SimpleNamespace) -> None:
    case = new_case(w)
    services.decide_whether_to_assess(
        user=w.manager, case=case, expected_version=1, assess=False, on=dt.date(2026, 2, 16)
    )
    case = fresh(case)
    assert case.stage == Stage.NOT_ASSESSING
    assert case.decided_not_to_assess_on == dt.date(2026, 2, 16)
    assert case.decided_to_assess_on is None
    assert case.closed_on == dt.date(2026, 2, 16)
    assert (case.next_due, case.next_due_for) == (None, "")
    assert case.version == 2
    assert case.updated_by == w.manager
    assert stage_changes(case)[-1] == (
        Stage.RECEIVED,
        Stage.NOT_ASSESSING,
        dt.date(2026, 2, 16),
        w.manager,
        "Decided not to assess",
    )
    event = last_event(case)
    assert (event.summary, event.changes) == (
        "Decided not to assess",
        {"decided_not_to_assess_on": "2026-02-16"},
    )


def test_the_decision_may_be_made_on_the_day_the_request_arrives(w: SimpleNamespace) -> None:
    case = new_case(w)
    services.decide_whether_to_assess(
        user=w.coordinator, case=case, expected_version=1, assess=True, on=RECEIVED
    )
    assert fresh(case).decided_to_assess_on == RECEIVED


@pytest.mark.parametrize(
    "who", ["other_coordinator", "other_manager", "finance", "data_officer", "senco", "ep", "parent"]
)
def test_only_casework_staff_of_the_council_decide(w: SimpleNamespace, who: str) -> None:
    case = new_case(w)
    with pytest.raises(NotAllowed) as exc:
        services.decide_whether_to_assess(
            user=getattr(w, who), case=case, expected_version=1, assess=True, on=DECIDED_TO_ASSESS
        )
    refused(exc, ONLY_CASEWORK)
    case = fresh(case)
    assert (case.stage, case.version) == (Stage.RECEIVED, 1)
    assert len(stage_changes(case)) == 1


def test_a_decision_before_the_request_was_received_is_refused(w: SimpleNamespace) -> None:
    case = new_case(w)
    with pytest.raises(DomainError) as exc:
        services.decide_whether_to_assess(
            user=w.coordinator, case=case, expected_version=1, assess=True, on=dt.date(2026, 1, 4)
        )
    refused(
        exc,
        "The date of the decision must be on or after the date the request was received (5 January 2026)",
        "on",
    )
    assert (fresh(case).stage, fresh(case).version) == (Stage.RECEIVED, 1)


def test_a_decision_in_the_future_is_refused(w: SimpleNamespace) -> None:
    case = new_case(w)
    with pytest.raises(DomainError) as exc:
        services.decide_whether_to_assess(
            user=w.coordinator, case=case, expected_version=1, assess=True, on=TODAY + dt.timedelta(days=1)
        )
    refused(exc, "The date of the decision must be today or in the past", "on")
    assert fresh(case).stage == Stage.RECEIVED


def test_a_decision_needs_a_date(w: SimpleNamespace) -> None:
    case = new_case(w)
    with pytest.raises(DomainError) as exc:
        services.decide_whether_to_assess(
            user=w.coordinator, case=case, expected_version=1, assess=True, on=None
        )
    refused(exc, "Enter the date of the decision", "on")


def test_deciding_twice_is_refused(w: SimpleNamespace) -> None:
    case = assessing(w)
    with pytest.raises(DomainError) as exc:
        services.decide_whether_to_assess(
            user=w.coordinator, case=case, expected_version=case.version, assess=False, on=TODAY
        )
    refused(exc, "A case at 'Assessing' cannot move to 'Decided not to assess'.")
    case = fresh(case)
    assert (case.stage, case.version, case.decided_not_to_assess_on) == (Stage.ASSESSING, 2, None)


def test_a_closed_case_says_it_is_closed(w: SimpleNamespace) -> None:
    case = new_case(w)
    case = services.decide_whether_to_assess(
        user=w.coordinator, case=case, expected_version=1, assess=False, on=DECIDED_TO_ASSESS
    )
    with pytest.raises(DomainError) as exc:
        services.decide_whether_to_assess(
            user=w.coordinator, case=case, expected_version=case.version, assess=True, on=TODAY
        )
    refused(exc, "A case at 'Decided not to assess' cannot move to 'Assessing'. The case is closed.")


def test_a_stale_decision_names_who_changed_the_case_and_saves_nothing(w: SimpleNamespace) -> None:
    case = new_case(w)
    mine = fresh(case)  # the coordinator opened the case at version 1
    with at(TODAY, 9, 30):
        services.decide_whether_to_assess(
            user=w.manager, case=fresh(case), expected_version=1, assess=True, on=DECIDED_TO_ASSESS
        )
    audit_before = len(events(case))
    with pytest.raises(StaleRecord) as exc:
        services.decide_whether_to_assess(
            user=w.coordinator, case=mine, expected_version=1, assess=False, on=DECIDED_TO_ASSESS
        )
    assert exc.value.message == (
        "This case was changed by Manny Ager on 20 March 2026 at 09:30, after you opened it. "
        "Nothing has been saved. Check the case, then try again."
    )
    assert exc.value.current_version == 2
    case = fresh(case)
    assert case.stage == Stage.ASSESSING, "the manager's decision stands"
    assert (case.decided_not_to_assess_on, case.closed_on, case.version) == (None, None, 2)
    assert case.updated_by == w.manager
    assert [c[1] for c in stage_changes(case)] == [Stage.RECEIVED, Stage.ASSESSING]
    assert len(events(case)) == audit_before


# -- the decision whether to issue a plan ------------------------------------------------------
def test_deciding_to_issue_a_plan(w: SimpleNamespace) -> None:
    case = assessing(w)
    services.decide_whether_to_issue(
        user=w.coordinator, case=case, expected_version=2, issue=True, on=DECIDED_TO_ISSUE
    )
    case = fresh(case)
    assert case.stage == Stage.DRAFTING
    assert case.decided_to_issue_on == DECIDED_TO_ISSUE
    assert (case.next_due, case.next_due_for) == (FINAL_DUE, "final_plan_due")
    assert case.version == 3
    assert case.closed_on is None
    assert stage_changes(case)[-1] == (
        Stage.ASSESSING,
        Stage.DRAFTING,
        DECIDED_TO_ISSUE,
        w.coordinator,
        "Decided to issue a plan",
    )
    event = AuditEvent.objects.filter(child_id=case.child_id, summary="Decided to issue a plan").latest("pk")
    assert (event.action, event.summary) == (AuditAction.UPDATE, "Decided to issue a plan")
    assert (event.child_id, event.changes) == (w.child.pk, {"decided_to_issue_on": "2026-02-27"})
    # The draft plan opens at once, so the coordinator can start writing it.
    draft = Plan.objects.get(request=case)
    assert draft.status == "draft" and draft.first_issued_on is None
    assert [(v.number, v.status) for v in draft.versions.all()] == [(1, "draft")]


def test_deciding_not_to_issue_a_plan_closes_the_case(w: SimpleNamespace) -> None:
    case = assessing(w)
    services.decide_whether_to_issue(
        user=w.manager, case=case, expected_version=2, issue=False, on=dt.date(2026, 3, 16)
    )
    case = fresh(case)
    assert case.stage == Stage.NO_PLAN
    assert (case.decided_not_to_issue_on, case.closed_on) == (dt.date(2026, 3, 16), dt.date(2026, 3, 16))
    assert (case.next_due, case.next_due_for, case.version) == (None, "", 3)
    assert stage_changes(case)[-1][:4] == (Stage.ASSESSING, Stage.NO_PLAN, dt.date(2026, 3, 16), w.manager)
    assert last_event(case).summary == "Decided not to issue a plan"


def test_deciding_to_issue_before_deciding_to_assess_is_refused(w: SimpleNamespace) -> None:
    case = assessing(w)
    with pytest.raises(DomainError) as exc:
        services.decide_whether_to_issue(
            user=w.coordinator, case=case, expected_version=2, issue=True, on=dt.date(2026, 2, 11)
        )
    refused(
        exc, "The date of the decision must be on or after the decision to assess (12 February 2026)", "on"
    )
    assert fresh(case).stage == Stage.ASSESSING


def test_deciding_to_issue_in_the_future_is_refused(w: SimpleNamespace) -> None:
    case = assessing(w)
    with pytest.raises(DomainError) as exc:
        services.decide_whether_to_issue(
            user=w.coordinator, case=case, expected_version=2, issue=True, on=dt.date(2026, 3, 21)
        )
    refused(exc, "The date of the decision must be today or in the past", "on")


def test_deciding_to_issue_straight_from_a_new_request_is_refused(w: SimpleNamespace) -> None:
    case = new_case(w)
    with pytest.raises(DomainError) as exc:
        services.decide_whether_to_issue(
            user=w.coordinator, case=case, expected_version=1, issue=True, on=TODAY
        )
    refused(exc, "A case at 'Request received' cannot move to 'Writing the draft plan'.")
    assert fresh(case).stage == Stage.RECEIVED


def test_deciding_to_issue_twice_is_refused(w: SimpleNamespace) -> None:
    case = drafting(w)
    with pytest.raises(DomainError) as exc:
        services.decide_whether_to_issue(
            user=w.coordinator, case=case, expected_version=case.version, issue=False, on=TODAY
        )
    refused(exc, "A case at 'Writing the draft plan' cannot move to 'Decided not to issue a plan'.")


@pytest.mark.parametrize("who", ["other_coordinator", "senco", "health", "parent", "finance"])
def test_only_casework_staff_decide_to_issue(w: SimpleNamespace, who: str) -> None:
    case = assessing(w)
    with pytest.raises(NotAllowed) as exc:
        services.decide_whether_to_issue(
            user=getattr(w, who), case=case, expected_version=2, issue=True, on=DECIDED_TO_ISSUE
        )
    refused(exc, ONLY_CASEWORK)
    assert fresh(case).stage == Stage.ASSESSING


def test_a_stale_decision_to_issue_saves_nothing(w: SimpleNamespace) -> None:
    case = assessing(w)
    mine = fresh(case)
    with at(dt.date(2026, 3, 19), 16, 5):
        services.withdraw(
            user=w.manager, case=fresh(case), expected_version=2, on=dt.date(2026, 3, 19), note="Moved"
        )
    with pytest.raises(StaleRecord) as exc:
        services.decide_whether_to_issue(
            user=w.coordinator, case=mine, expected_version=2, issue=True, on=DECIDED_TO_ISSUE
        )
    assert "changed by Manny Ager on 19 March 2026 at 16:05" in exc.value.message
    assert exc.value.current_version == 3
    case = fresh(case)
    assert (case.stage, case.decided_to_issue_on) == (Stage.WITHDRAWN, None)
    assert not StageChange.objects.filter(request=case, to_stage=Stage.DRAFTING).exists()


# -- the draft plan ------------------------------------------------------------------------------
def test_sending_the_draft_starts_the_familys_15_days(w: SimpleNamespace) -> None:
    case = drafting(w)
    services.send_draft(user=w.coordinator, case=case, expected_version=3, on=DRAFT_SERVED)
    case = fresh(case)
    assert case.stage == Stage.DRAFT_SENT
    assert case.draft_sent_on == DRAFT_SERVED
    assert (case.next_due, case.next_due_for, case.version) == (FINAL_DUE, "final_plan_due", 4)
    assert stage_changes(case)[-1] == (
        Stage.DRAFTING,
        Stage.DRAFT_SENT,
        DRAFT_SERVED,
        w.coordinator,
        "Draft plan sent",
    )
    event = last_event(case)
    assert (event.summary, event.changes, event.child_id) == (
        "Draft plan sent",
        {"draft_sent_on": "2026-03-02"},
        w.child.pk,
    )


def test_a_draft_sent_before_the_decision_to_issue_is_refused(w: SimpleNamespace) -> None:
    case = drafting(w)
    with pytest.raises(DomainError) as exc:
        services.send_draft(user=w.coordinator, case=case, expected_version=3, on=dt.date(2026, 2, 26))
    refused(
        exc, "The date the draft was sent must be on or after the decision to issue (27 February 2026)", "on"
    )
    assert fresh(case).stage == Stage.DRAFTING


def test_a_draft_sent_in_the_future_is_refused(w: SimpleNamespace) -> None:
    case = drafting(w)
    with pytest.raises(DomainError) as exc:
        services.send_draft(user=w.coordinator, case=case, expected_version=3, on=dt.date(2026, 3, 23))
    refused(exc, "The date the draft was sent must be today or in the past", "on")


def test_a_draft_cannot_be_sent_before_deciding_to_issue(w: SimpleNamespace) -> None:
    case = assessing(w)
    with pytest.raises(DomainError) as exc:
        services.send_draft(user=w.coordinator, case=case, expected_version=2, on=DRAFT_SERVED)
    refused(exc, "A case at 'Assessing' cannot move to 'Draft plan sent'.")


def test_a_draft_is_recorded_as_sent_once(w: SimpleNamespace) -> None:
    case = draft_sent(w)
    with pytest.raises(DomainError) as exc:
        services.send_draft(user=w.coordinator, case=case, expected_version=case.version, on=TODAY)
    refused(exc, "A case at 'Draft plan sent' cannot move to 'Draft plan sent'.")
    assert fresh(case).draft_sent_on == DRAFT_SERVED


def test_only_casework_staff_send_the_draft(w: SimpleNamespace) -> None:
    case = drafting(w)
    with pytest.raises(NotAllowed):
        services.send_draft(user=w.other_manager, case=case, expected_version=3, on=DRAFT_SERVED)
    assert fresh(case).stage == Stage.DRAFTING


def test_a_stale_draft_saves_nothing(w: SimpleNamespace) -> None:
    case = drafting(w)
    with pytest.raises(StaleRecord) as exc:
        services.send_draft(user=w.coordinator, case=fresh(case), expected_version=2, on=DRAFT_SERVED)
    assert "changed by Cora Ordinator" in exc.value.message, "even your own earlier save is named"
    assert exc.value.current_version == 3
    case = fresh(case)
    assert (case.stage, case.draft_sent_on, case.version) == (Stage.DRAFTING, None, 3)
    assert not StageChange.objects.filter(request=case, to_stage=Stage.DRAFT_SENT).exists()


# -- the final plan ------------------------------------------------------------------------------
def test_the_final_plan_waits_for_the_end_of_the_familys_15_days(w: SimpleNamespace) -> None:
    """timescales.md example 4: draft served Mon 2 Mar 2026; the window ends Mon 16 Mar; the
    earliest final plan is Tue 17 Mar 2026 (reg 13(1)(a))."""
    case = draft_sent(w)
    with pytest.raises(DomainError) as exc:
        services.issue_final_plan(
            user=w.coordinator,
            case=case,
            expected_version=4,
            on=dt.date(2026, 3, 16),
            named_setting=w.special,
            primary_need="ASD",
        )
    assert exc.value.field == "on"
    assert exc.value.message.startswith("The date the final plan was issued must be on or after ")
    assert "15 days" in exc.value.message
    assert exc.value.message.endswith("(17 March 2026)")
    case = fresh(case)
    assert (case.stage, case.version, case.final_issued_on) == (Stage.DRAFT_SENT, 4, None)
    assert not Plan.objects.filter(child=w.child).exclude(status="draft").exists()


def test_issuing_the_final_plan_makes_the_plan_its_first_version_and_a_placement(w: SimpleNamespace) -> None:
    case = draft_sent(w)
    plan = services.issue_final_plan(
        user=w.coordinator,
        case=case,
        expected_version=4,
        on=EARLIEST_FINAL,
        named_setting=w.special,
        primary_need="ASD",
    )
    case = fresh(case)
    assert case.stage == Stage.PLAN_ISSUED
    assert (case.final_issued_on, case.closed_on, case.named_setting) == (
        EARLIEST_FINAL,
        EARLIEST_FINAL,
        w.special,
    )
    assert (case.next_due, case.next_due_for, case.version) == (None, "", 5)
    assert case.final_due == FINAL_DUE, "the 20-week date is kept to show the plan was in time"
    assert stage_changes(case)[-1] == (
        Stage.DRAFT_SENT,
        Stage.PLAN_ISSUED,
        EARLIEST_FINAL,
        w.coordinator,
        "Final plan issued naming Oakfield Special School",
    )

    plan = Plan.objects.get(pk=plan.pk)
    assert (plan.child, plan.local_authority, plan.request, plan.coordinator) == (
        w.child,
        w.la,
        case,
        w.coordinator,
    )
    assert (plan.status, plan.first_issued_on, plan.primary_need) == (
        PlanStatus.ACTIVE,
        EARLIEST_FINAL,
        "ASD",
    )
    # CFA s44(1)(a), rule MB: the first review is due the day before the anniversary.
    assert plan.review_due == annual_review_due(EARLIEST_FINAL) == dt.date(2027, 3, 16)
    versions = list(PlanVersion.objects.filter(plan=plan))
    assert [(v.number, v.status, v.issued_on) for v in versions] == [
        (1, VersionStatus.ISSUED, EARLIEST_FINAL)
    ]
    placements = list(Placement.objects.filter(plan=plan))
    assert [(p.setting, p.start_on, p.end_on) for p in placements] == [(w.special, EARLIEST_FINAL, None)]

    summaries = [(e.action, e.summary, e.object_type) for e in events(case)[-2:]]
    assert summaries == [
        (AuditAction.UPDATE, "Final plan issued", "assessments.assessmentrequest"),
        (AuditAction.CREATE, "EHC plan made", "plans.plan"),
    ]
    assert last_event(case).object_id == str(plan.pk)
    assert events(case)[-2].changes == {"final_issued_on": "2026-03-17", "named_setting": w.special.pk}


def test_a_final_plan_from_a_new_request_is_refused(w: SimpleNamespace) -> None:
    case = new_case(w)
    with pytest.raises(DomainError) as exc:
        services.issue_final_plan(
            user=w.coordinator,
            case=case,
            expected_version=1,
            on=TODAY,
            named_setting=w.school,
            primary_need="ASD",
        )
    refused(exc, "A case at 'Request received' cannot move to 'Final plan issued'.")
    assert not Plan.objects.exclude(status="draft").exists(), "no plan issued"
    assert fresh(case).stage == Stage.RECEIVED


def test_a_final_plan_before_the_draft_is_sent_is_refused(w: SimpleNamespace) -> None:
    case = drafting(w)
    with pytest.raises(DomainError) as exc:
        services.issue_final_plan(
            user=w.coordinator,
            case=case,
            expected_version=3,
            on=TODAY,
            named_setting=w.school,
            primary_need="ASD",
        )
    refused(exc, "A case at 'Writing the draft plan' cannot move to 'Final plan issued'.")
    assert not Plan.objects.exclude(status="draft").exists(), "no plan issued"


def test_a_final_plan_must_name_a_setting(w: SimpleNamespace) -> None:
    case = draft_sent(w)
    with pytest.raises(DomainError) as exc:
        services.issue_final_plan(
            user=w.coordinator,
            case=case,
            expected_version=4,
            on=TODAY,
            named_setting=None,
            primary_need="ASD",
        )
    refused(exc, "Select the setting the plan names", "named_setting")
    assert fresh(case).stage == Stage.DRAFT_SENT


def test_a_final_plan_in_the_future_is_refused(w: SimpleNamespace) -> None:
    case = draft_sent(w)
    with pytest.raises(DomainError) as exc:
        services.issue_final_plan(
            user=w.coordinator,
            case=case,
            expected_version=4,
            on=dt.date(2026, 3, 21),
            named_setting=w.school,
            primary_need="ASD",
        )
    refused(exc, "The date the final plan was issued must be today or in the past", "on")


def test_a_final_plan_is_issued_once(w: SimpleNamespace) -> None:
    case = draft_sent(w)
    services.issue_final_plan(
        user=w.coordinator,
        case=case,
        expected_version=4,
        on=TODAY,
        named_setting=w.school,
        primary_need="ASD",
    )
    case = fresh(case)
    with pytest.raises(DomainError) as exc:
        services.issue_final_plan(
            user=w.coordinator,
            case=case,
            expected_version=5,
            on=TODAY,
            named_setting=w.school,
            primary_need="ASD",
        )
    refused(exc, "A case at 'Final plan issued' cannot move to 'Final plan issued'. The case is closed.")
    assert Plan.objects.filter(child=w.child).count() == 1
    assert Placement.objects.count() == 1


@pytest.mark.parametrize("who", ["other_coordinator", "special_senco", "parent", "data_officer"])
def test_only_casework_staff_issue_the_plan(w: SimpleNamespace, who: str) -> None:
    case = draft_sent(w)
    with pytest.raises(NotAllowed) as exc:
        services.issue_final_plan(
            user=getattr(w, who),
            case=case,
            expected_version=4,
            on=TODAY,
            named_setting=w.special,
            primary_need="ASD",
        )
    refused(exc, ONLY_CASEWORK)
    assert not Plan.objects.exclude(status="draft").exists(), "no plan issued"


def test_a_stale_final_plan_makes_no_plan_no_version_and_no_placement(w: SimpleNamespace) -> None:
    case = draft_sent(w)
    mine = fresh(case)
    with at(TODAY, 10, 15):
        services.withdraw(
            user=w.manager, case=fresh(case), expected_version=4, on=TODAY, note="Family withdrew"
        )
    with pytest.raises(StaleRecord) as exc:
        services.issue_final_plan(
            user=w.coordinator,
            case=mine,
            expected_version=4,
            on=TODAY,
            named_setting=w.special,
            primary_need="ASD",
        )
    assert exc.value.message.startswith("This case was changed by Manny Ager on 20 March 2026 at 10:15")
    assert exc.value.current_version == 5
    assert not Plan.objects.exclude(status="draft").exists(), "no plan issued"
    assert not PlanVersion.objects.filter(status="issued").exists()
    assert not Placement.objects.exists()
    case = fresh(case)
    assert (case.stage, case.final_issued_on, case.named_setting) == (Stage.WITHDRAWN, None, None)
    assert not StageChange.objects.filter(request=case, to_stage=Stage.PLAN_ISSUED).exists()


# -- withdrawal ----------------------------------------------------------------------------------
@pytest.mark.parametrize("stage", [Stage.RECEIVED, Stage.ASSESSING, Stage.DRAFTING, Stage.DRAFT_SENT])
def test_an_open_request_can_be_withdrawn(w: SimpleNamespace, stage: Stage) -> None:
    make = {Stage.RECEIVED: new_case, Stage.ASSESSING: assessing, Stage.DRAFTING: drafting}.get(
        stage, draft_sent
    )
    case = make(w)
    version = case.version
    services.withdraw(
        user=w.coordinator, case=case, expected_version=version, on=TODAY, note="Family moved to Wales"
    )
    case = fresh(case)
    assert (case.stage, case.closed_on, case.version) == (Stage.WITHDRAWN, TODAY, version + 1)
    assert (case.next_due, case.next_due_for) == (None, "")
    assert stage_changes(case)[-1] == (stage, Stage.WITHDRAWN, TODAY, w.coordinator, "Family moved to Wales")
    event = last_event(case)
    assert (event.summary, event.changes) == ("Request withdrawn", {"note": "Family moved to Wales"})


def test_withdrawal_needs_a_reason_and_a_date_in_order(w: SimpleNamespace) -> None:
    case = new_case(w)
    with pytest.raises(DomainError) as exc:
        services.withdraw(user=w.coordinator, case=case, expected_version=1, on=TODAY, note="  ")
    refused(exc, "Say why the request ended", "note")
    with pytest.raises(DomainError) as exc:
        services.withdraw(user=w.coordinator, case=case, expected_version=1, on=dt.date(2026, 1, 1), note="x")
    refused(
        exc, "The date of withdrawal must be on or after the date the request was received (5 January 2026)"
    )
    with pytest.raises(DomainError) as exc:
        services.withdraw(user=w.coordinator, case=case, expected_version=1, on=dt.date(2026, 4, 1), note="x")
    refused(exc, "The date of withdrawal must be today or in the past")
    with pytest.raises(NotAllowed):
        services.withdraw(user=w.parent, case=case, expected_version=1, on=TODAY, note="We changed our minds")
    assert fresh(case).stage == Stage.RECEIVED


def test_a_stale_withdrawal_saves_nothing(w: SimpleNamespace) -> None:
    case = new_case(w)
    mine = fresh(case)
    with at(dt.date(2026, 3, 18), 8, 5):
        services.decide_whether_to_assess(
            user=w.manager, case=fresh(case), expected_version=1, assess=True, on=dt.date(2026, 3, 18)
        )
    with pytest.raises(StaleRecord) as exc:
        services.withdraw(user=w.coordinator, case=mine, expected_version=1, on=TODAY, note="Moved away")
    assert exc.value.message.startswith("This case was changed by Manny Ager on 18 March 2026 at 08:05,")
    assert exc.value.current_version == 2
    case = fresh(case)
    assert (case.stage, case.closed_on, case.version) == (Stage.ASSESSING, None, 2)
    assert not StageChange.objects.filter(request=case, to_stage=Stage.WITHDRAWN).exists()


def test_a_closed_case_cannot_be_withdrawn(w: SimpleNamespace) -> None:
    case = new_case(w)
    services.withdraw(user=w.coordinator, case=case, expected_version=1, on=TODAY, note="Moved")
    with pytest.raises(DomainError) as exc:
        services.withdraw(user=w.coordinator, case=fresh(case), expected_version=2, on=TODAY, note="Again")
    refused(exc, "A case at 'Withdrawn' cannot move to 'Withdrawn'. The case is closed.")


# -- advice ----------------------------------------------------------------------------------
def test_asking_for_advice_sets_its_6_week_due_date(w: SimpleNamespace) -> None:
    case = assessing(w)
    advice = services.request_advice(
        user=w.coordinator,
        case=case,
        kind=AdviceKind.PSYCHOLOGICAL,
        requested_on=ADVICE_ASKED,
        service=w.ep_service,
        professional=w.ep,
    )
    advice = AdviceRequest.objects.get(pk=advice.pk)
    # Reg 8(1), rule W: Fri 13 Feb 2026 + 6 weeks = Fri 27 Mar 2026.
    assert advice.due_on == dt.date(2026, 3, 27)
    assert (advice.request, advice.kind, advice.service, advice.professional) == (
        case,
        AdviceKind.PSYCHOLOGICAL,
        w.ep_service,
        w.ep,
    )
    assert (advice.requested_on, advice.received_on, advice.setting) == (ADVICE_ASKED, None, None)
    event = last_event(case)
    assert (event.action, event.object_type, event.object_id) == (
        AuditAction.CREATE,
        "assessments.advicerequest",
        str(advice.pk),
    )
    assert (event.child_id, event.summary, event.changes) == (
        w.child.pk,
        "Asked for psychological advice",
        {"due_on": "2026-03-27"},
    )
    assert fresh(case).stage == Stage.ASSESSING


def test_each_advice_request_has_its_own_due_date(w: SimpleNamespace) -> None:
    case = assessing(w)
    services.request_advice(
        user=w.coordinator,
        case=case,
        kind=AdviceKind.EDUCATIONAL,
        requested_on=ADVICE_ASKED,
        setting=w.school,
    )
    services.request_advice(
        user=w.manager,
        case=case,
        kind=AdviceKind.MEDICAL,
        requested_on=dt.date(2026, 2, 20),
        service=w.health_service,
    )
    services.request_advice(
        user=w.coordinator, case=case, kind=AdviceKind.FAMILY, requested_on=DECIDED_TO_ASSESS
    )
    rows = {a.kind: (a.requested_on, a.due_on) for a in AdviceRequest.objects.filter(request=case)}
    assert rows == {
        AdviceKind.EDUCATIONAL: (ADVICE_ASKED, dt.date(2026, 3, 27)),
        AdviceKind.MEDICAL: (dt.date(2026, 2, 20), dt.date(2026, 4, 3)),  # Good Friday: it does not move
        AdviceKind.FAMILY: (DECIDED_TO_ASSESS, dt.date(2026, 3, 26)),
    }


def test_advice_is_asked_for_only_while_assessing(w: SimpleNamespace) -> None:
    case = new_case(w)
    with pytest.raises(DomainError) as exc:
        services.request_advice(
            user=w.coordinator,
            case=case,
            kind=AdviceKind.PSYCHOLOGICAL,
            requested_on=TODAY,
            service=w.ep_service,
        )
    refused(exc, "Advice can be asked for only while the case is being assessed")
    drafted = draft_sent(SimpleNamespace(**{**vars(w), "child": w.other_child}))
    with pytest.raises(DomainError):
        services.request_advice(
            user=w.coordinator,
            case=drafted,
            kind=AdviceKind.PSYCHOLOGICAL,
            requested_on=TODAY,
            service=w.ep_service,
        )
    assert not AdviceRequest.objects.exists()


def test_advice_asked_before_the_decision_to_assess_is_refused(w: SimpleNamespace) -> None:
    case = assessing(w)
    with pytest.raises(DomainError) as exc:
        services.request_advice(
            user=w.coordinator,
            case=case,
            kind=AdviceKind.PSYCHOLOGICAL,
            requested_on=dt.date(2026, 2, 11),
            service=w.ep_service,
        )
    refused(
        exc,
        "The date advice was asked for must be on or after the decision to assess (12 February 2026)",
        "requested_on",
    )
    with pytest.raises(DomainError) as exc:
        services.request_advice(
            user=w.coordinator,
            case=case,
            kind=AdviceKind.PSYCHOLOGICAL,
            requested_on=TODAY + dt.timedelta(days=1),
            service=w.ep_service,
        )
    refused(exc, "The date advice was asked for must be today or in the past", "requested_on")
    assert not AdviceRequest.objects.exists()


@pytest.mark.parametrize(
    ("kind", "org", "professional", "message", "field"),
    [
        (
            AdviceKind.EDUCATIONAL,
            {},
            None,
            "Select the school or setting to ask for educational advice",
            "setting",
        ),
        (AdviceKind.PSYCHOLOGICAL, {}, None, "Select the service to ask", "service"),
        (AdviceKind.MEDICAL, {"setting": "school"}, None, "Select the service to ask", "service"),
        (
            AdviceKind.PSYCHOLOGICAL,
            {"service": "other_service"},
            None,
            "Select one of your council's services",
            "service",
        ),
        (
            AdviceKind.PSYCHOLOGICAL,
            {"service": "ep_service"},
            "health",
            "The professional must belong to the service asked",
            "professional",
        ),
    ],
)
def test_advice_requests_are_validated(
    w: SimpleNamespace, kind: str, org: dict[str, str], professional: str | None, message: str, field: str
) -> None:
    case = assessing(w)
    with pytest.raises(DomainError) as exc:
        services.request_advice(
            user=w.coordinator,
            case=case,
            kind=kind,
            requested_on=ADVICE_ASKED,
            professional=getattr(w, professional) if professional else None,
            **{k: getattr(w, v) for k, v in org.items()},
        )
    refused(exc, message, field)
    assert not AdviceRequest.objects.exists()


@pytest.mark.parametrize("who", ["other_coordinator", "ep", "senco", "parent"])
def test_only_casework_staff_ask_for_advice(w: SimpleNamespace, who: str) -> None:
    case = assessing(w)
    with pytest.raises(NotAllowed):
        services.request_advice(
            user=getattr(w, who),
            case=case,
            kind=AdviceKind.PSYCHOLOGICAL,
            requested_on=TODAY,
            service=w.ep_service,
        )
    assert not AdviceRequest.objects.exists()


def psych_advice(w: SimpleNamespace, professional: Any = None) -> AdviceRequest:
    return services.request_advice(
        user=w.coordinator,
        case=assessing(w),
        kind=AdviceKind.PSYCHOLOGICAL,
        requested_on=ADVICE_ASKED,
        service=w.ep_service,
        professional=professional,
    )


def test_the_professional_asked_gives_the_advice(w: SimpleNamespace) -> None:
    advice = psych_advice(w, professional=w.ep)
    services.submit_advice(
        user=w.ep, advice=advice, needs="Working memory", outcomes="Reads with a group", provision="Daily 1:1"
    )
    advice = AdviceRequest.objects.get(pk=advice.pk)
    assert (advice.needs, advice.outcomes, advice.provision) == (
        "Working memory",
        "Reads with a group",
        "Daily 1:1",
    )
    assert (advice.received_on, advice.submitted_by, advice.professional) == (TODAY, w.ep, w.ep)
    event = last_event(advice.request)
    assert (event.action, event.summary, event.user) == (AuditAction.UPDATE, "Advice given", w.ep)
    assert (event.object_type, event.child_id, event.changes) == (
        "assessments.advicerequest",
        w.child.pk,
        {"received_on": "2026-03-20"},
    )


def test_unassigned_advice_is_claimed_by_whoever_in_the_service_gives_it(w: SimpleNamespace) -> None:
    advice = psych_advice(w)
    services.submit_advice(user=w.ep2, advice=advice, needs="Needs", outcomes="", provision="Provision")
    advice = AdviceRequest.objects.get(pk=advice.pk)
    assert (advice.professional, advice.submitted_by, advice.received_on) == (w.ep2, w.ep2, TODAY)


@pytest.mark.parametrize("who", ["ep2", "health", "other_ep", "coordinator", "senco", "parent"])
def test_only_the_professional_asked_may_give_assigned_advice(w: SimpleNamespace, who: str) -> None:
    advice = psych_advice(w, professional=w.ep)
    with pytest.raises(NotAllowed) as exc:
        services.submit_advice(user=getattr(w, who), advice=advice, needs="N", outcomes="O", provision="P")
    refused(exc, "You have not been asked for this advice.")
    assert AdviceRequest.objects.get(pk=advice.pk).received_on is None


def test_the_senco_of_the_setting_asked_gives_educational_advice(w: SimpleNamespace) -> None:
    advice = services.request_advice(
        user=w.coordinator,
        case=assessing(w),
        kind=AdviceKind.EDUCATIONAL,
        requested_on=ADVICE_ASKED,
        setting=w.school,
    )
    with pytest.raises(NotAllowed):
        services.submit_advice(user=w.special_senco, advice=advice, needs="N", outcomes="", provision="P")
    with pytest.raises(NotAllowed):
        services.submit_advice(user=w.teacher, advice=advice, needs="N", outcomes="", provision="P")
    services.submit_advice(user=w.senco, advice=advice, needs="Phonics", outcomes="", provision="Small group")
    advice = AdviceRequest.objects.get(pk=advice.pk)
    assert (advice.submitted_by, advice.received_on, advice.professional) == (w.senco, TODAY, None)


def test_advice_is_given_once(w: SimpleNamespace) -> None:
    advice = psych_advice(w, professional=w.ep)
    services.submit_advice(user=w.ep, advice=advice, needs="First", outcomes="", provision="First")
    with at(dt.date(2026, 3, 21)), pytest.raises(DomainError) as exc:
        services.submit_advice(user=w.ep, advice=advice, needs="Second", outcomes="", provision="Second")
    refused(exc, "This advice has already been given")
    advice = AdviceRequest.objects.get(pk=advice.pk)
    assert (advice.needs, advice.received_on) == ("First", TODAY)


def test_advice_must_describe_needs_and_provision(w: SimpleNamespace) -> None:
    advice = psych_advice(w, professional=w.ep)
    with pytest.raises(DomainError) as exc:
        services.submit_advice(user=w.ep, advice=advice, needs=" ", outcomes="Something", provision="")
    assert exc.value.errors == {
        "needs": "Describe the child's needs",
        "provision": "Describe the provision you recommend",
    }
    assert exc.value.message == "Describe the child's needs"
    assert AdviceRequest.objects.get(pk=advice.pk).received_on is None


# -- exceptions --------------------------------------------------------------------------------
def test_an_exception_is_recorded_and_the_legal_dates_do_not_move(w: SimpleNamespace) -> None:
    case = assessing(w)
    before = fresh(case)
    exception = services.record_exception(
        user=w.coordinator,
        case=case,
        kind=ExceptionKind.REG10_4_D,
        start_on=dt.date(2026, 2, 14),
        end_on=dt.date(2026, 3, 13),  # 28 days counting both ends: 4 weeks
        evidence="Family abroad for a funeral; flight bookings seen",
        family_told_on=dt.date(2026, 2, 16),
    )
    exception = ClockException.objects.get(pk=exception.pk)
    assert (exception.request, exception.kind, exception.recorded_by) == (
        case,
        ExceptionKind.REG10_4_D,
        w.coordinator,
    )
    assert (exception.start_on, exception.end_on, exception.family_told_on) == (
        dt.date(2026, 2, 14),
        dt.date(2026, 3, 13),
        dt.date(2026, 2, 16),
    )
    after = fresh(case)
    fields = ("decision_due", "no_plan_due", "final_due", "next_due", "next_due_for", "version", "stage")
    assert {n: getattr(after, n) for n in fields} == {n: getattr(before, n) for n in fields}
    assert after.final_due == FINAL_DUE, "an exception disapplies the limit; it never extends it"
    event = last_event(case)
    assert (event.action, event.summary, event.object_type) == (
        AuditAction.CREATE,
        "Exception recorded",
        "assessments.clockexception",
    )
    assert event.changes == {"kind": "reg10_4_d", "start_on": "2026-02-14", "end_on": "2026-03-13"}
    assert event.child_id == w.child.pk


@pytest.mark.parametrize(
    ("kind", "start", "end", "evidence", "message", "field"),
    [
        (
            ExceptionKind.REG10_4_C,
            dt.date(2026, 3, 1),
            dt.date(2026, 2, 28),
            "Evidence",
            "The end date must be on or after the start date",
            "end_on",
        ),
        (
            ExceptionKind.REG10_4_C,
            dt.date(2026, 1, 4),
            dt.date(2026, 2, 28),
            "Evidence",
            "The exception must start on or after the request was received",
            "start_on",
        ),
        (
            ExceptionKind.REG10_4_D,
            dt.date(2026, 2, 14),
            dt.date(2026, 3, 12),  # 27 days
            "Evidence",
            "Absence from the area must be 4 weeks or more to be an exception",
            "end_on",
        ),
        (
            ExceptionKind.REG10_4_A,
            dt.date(2026, 2, 14),
            dt.date(2026, 3, 12),
            "   ",
            "Describe the evidence for the exception",
            "evidence",
        ),
        (
            "reg99",
            dt.date(2026, 2, 14),
            dt.date(2026, 3, 12),
            "Evidence",
            "Select the kind of exception",
            "kind",
        ),
        (
            ExceptionKind.REG10_4_C,
            None,
            dt.date(2026, 3, 12),
            "Evidence",
            "Enter when the exception started and ended",
            "start_on",
        ),
    ],
)
def test_exceptions_are_validated(
    w: SimpleNamespace,
    kind: str,
    start: dt.date | None,
    end: dt.date,
    evidence: str,
    message: str,
    field: str,
) -> None:
    case = new_case(w)
    with pytest.raises(DomainError) as exc:
        services.record_exception(
            user=w.coordinator, case=case, kind=kind, start_on=start, end_on=end, evidence=evidence
        )
    refused(exc, message, field)
    assert not ClockException.objects.exists()


def test_the_coronavirus_exception_ends_on_25_september_2020(w: SimpleNamespace) -> None:
    case = new_case(w, received_on=dt.date(2020, 5, 11))
    with pytest.raises(DomainError) as exc:
        services.record_exception(
            user=w.coordinator,
            case=case,
            kind=ExceptionKind.COVID_2020,
            start_on=dt.date(2020, 5, 11),
            end_on=dt.date(2020, 9, 26),
            evidence="Clinics closed",
        )
    refused(exc, "The coronavirus exception applies only up to 25 September 2020", "end_on")
    services.record_exception(
        user=w.coordinator,
        case=case,
        kind=ExceptionKind.COVID_2020,
        start_on=dt.date(2020, 5, 11),
        end_on=dt.date(2020, 9, 25),
        evidence="Clinics closed",
    )
    assert ClockException.objects.filter(request=case).count() == 1


def test_the_family_cannot_have_been_told_in_the_future(w: SimpleNamespace) -> None:
    case = new_case(w)
    with pytest.raises(DomainError) as exc:
        services.record_exception(
            user=w.coordinator,
            case=case,
            kind=ExceptionKind.REG10_4_C,
            start_on=dt.date(2026, 2, 1),
            end_on=dt.date(2026, 2, 2),
            evidence="Hospital stay",
            family_told_on=dt.date(2026, 3, 21),
        )
    refused(exc, "The date the family was told must be today or in the past", "family_told_on")


@pytest.mark.parametrize("who", ["other_coordinator", "finance", "parent", "ep"])
def test_only_casework_staff_record_exceptions(w: SimpleNamespace, who: str) -> None:
    case = new_case(w)
    with pytest.raises(NotAllowed):
        services.record_exception(
            user=getattr(w, who),
            case=case,
            kind=ExceptionKind.REG10_4_C,
            start_on=dt.date(2026, 2, 1),
            end_on=dt.date(2026, 2, 2),
            evidence="Hospital stay",
        )
    assert not ClockException.objects.exists()


# -- consultations --------------------------------------------------------------------------
def test_consulting_a_setting_asks_for_a_reply_in_15_days(w: SimpleNamespace) -> None:
    case = drafting(w)
    consultation = services.consult_setting(
        user=w.coordinator, case=case, setting=w.special, sent_on=dt.date(2026, 3, 3)
    )
    consultation = Consultation.objects.get(pk=consultation.pk)
    # CoP ch. 9, rule D: Tue 3 Mar 2026 + 15 days = Wed 18 Mar 2026.
    assert consultation.due_on == dt.date(2026, 3, 18)
    assert (consultation.request, consultation.child, consultation.setting) == (case, w.child, w.special)
    assert (consultation.response, consultation.responded_on) == (ConsultationResponse.AWAITING, None)
    event = last_event(case)
    assert (event.action, event.summary, event.object_type, event.child_id) == (
        AuditAction.CREATE,
        "Setting consulted",
        "assessments.consultation",
        w.child.pk,
    )
    assert event.changes == {"setting": w.special.pk, "due_on": "2026-03-18"}
    assert fresh(case).stage == Stage.DRAFTING


def test_settings_are_consulted_after_the_draft_is_sent_too(w: SimpleNamespace) -> None:
    case = draft_sent(w)
    services.consult_setting(user=w.manager, case=case, setting=w.school, sent_on=DRAFT_SERVED)
    assert Consultation.objects.filter(request=case, setting=w.school).exists()


def test_settings_are_consulted_only_once_we_decided_to_issue(w: SimpleNamespace) -> None:
    case = assessing(w)
    with pytest.raises(DomainError) as exc:
        services.consult_setting(user=w.coordinator, case=case, setting=w.special, sent_on=TODAY)
    refused(exc, "Settings are consulted once we have decided to issue a plan")
    assert not Consultation.objects.exists()


def test_a_consultation_is_validated(w: SimpleNamespace) -> None:
    case = drafting(w)
    with pytest.raises(DomainError) as exc:
        services.consult_setting(
            user=w.coordinator, case=case, setting=w.special, sent_on=dt.date(2026, 2, 26)
        )
    refused(
        exc,
        "The date the consultation was sent must be on or after the decision to issue (27 February 2026)",
        "sent_on",
    )
    with pytest.raises(DomainError) as exc:
        services.consult_setting(
            user=w.coordinator, case=case, setting=w.special, sent_on=dt.date(2026, 3, 21)
        )
    refused(exc, "The date the consultation was sent must be today or in the past", "sent_on")
    with pytest.raises(DomainError) as exc:
        services.consult_setting(user=w.coordinator, case=case, setting=None, sent_on=TODAY)
    refused(exc, "Select the setting to consult", "setting")
    with pytest.raises(NotAllowed):
        services.consult_setting(user=w.special_senco, case=case, setting=w.special, sent_on=TODAY)
    assert not Consultation.objects.exists()


def test_a_setting_waiting_to_reply_is_not_consulted_twice(w: SimpleNamespace) -> None:
    case = drafting(w)
    first = services.consult_setting(
        user=w.coordinator, case=case, setting=w.special, sent_on=dt.date(2026, 3, 3)
    )
    with pytest.raises(DomainError) as exc:
        services.consult_setting(user=w.coordinator, case=case, setting=w.special, sent_on=TODAY)
    refused(exc, "Oakfield Special School has already been consulted and has not replied yet", "setting")
    services.consult_setting(user=w.coordinator, case=case, setting=w.school, sent_on=TODAY)
    services.respond_to_consultation(
        user=w.special_senco, consultation=first, response=ConsultationResponse.CANNOT_MEET, reason="Full"
    )
    services.consult_setting(user=w.coordinator, case=case, setting=w.special, sent_on=TODAY)
    assert Consultation.objects.filter(request=case, setting=w.special).count() == 2


def consultation(w: SimpleNamespace) -> Consultation:
    return services.consult_setting(
        user=w.coordinator, case=drafting(w), setting=w.special, sent_on=dt.date(2026, 3, 3)
    )


def test_the_setting_consulted_answers(w: SimpleNamespace) -> None:
    c = consultation(w)
    services.respond_to_consultation(
        user=w.special_senco, consultation=c, response=ConsultationResponse.CAN_MEET
    )
    c = Consultation.objects.get(pk=c.pk)
    assert (c.response, c.responded_on, c.responded_by, c.reason) == (
        ConsultationResponse.CAN_MEET,
        TODAY,
        w.special_senco,
        "",
    )
    event = last_event(c.request)
    assert (event.action, event.summary, event.object_type) == (
        AuditAction.UPDATE,
        "Consultation answered",
        "assessments.consultation",
    )
    assert (event.user, event.child_id, event.changes) == (
        w.special_senco,
        w.child.pk,
        {"response": "can_meet"},
    )


def test_the_caseworker_may_record_the_settings_answer(w: SimpleNamespace) -> None:
    c = consultation(w)
    services.respond_to_consultation(
        user=w.manager,
        consultation=c,
        response=ConsultationResponse.CANNOT_MEET,
        reason="No places in Year 4",
    )
    c = Consultation.objects.get(pk=c.pk)
    assert (c.response, c.reason, c.responded_by) == (
        ConsultationResponse.CANNOT_MEET,
        "No places in Year 4",
        w.manager,
    )


@pytest.mark.parametrize("who", ["senco", "other_coordinator", "teacher", "parent", "ep", "finance"])
def test_nobody_else_answers_a_consultation(w: SimpleNamespace, who: str) -> None:
    c = consultation(w)
    with pytest.raises(NotAllowed) as exc:
        services.respond_to_consultation(
            user=getattr(w, who), consultation=c, response=ConsultationResponse.CAN_MEET
        )
    refused(exc, "Only the setting consulted can answer this consultation.")
    assert Consultation.objects.get(pk=c.pk).response == ConsultationResponse.AWAITING


def test_a_setting_that_cannot_meet_the_needs_says_why(w: SimpleNamespace) -> None:
    c = consultation(w)
    with pytest.raises(DomainError) as exc:
        services.respond_to_consultation(
            user=w.special_senco, consultation=c, response=ConsultationResponse.CANNOT_MEET, reason=" "
        )
    refused(exc, "Say why the setting cannot meet the child's needs", "reason")
    with pytest.raises(DomainError) as exc:
        services.respond_to_consultation(
            user=w.special_senco, consultation=c, response=ConsultationResponse.AWAITING
        )
    refused(exc, "Select whether the setting can meet the child's needs", "response")
    assert Consultation.objects.get(pk=c.pk).response == ConsultationResponse.AWAITING


def test_a_consultation_is_answered_once(w: SimpleNamespace) -> None:
    c = consultation(w)
    services.respond_to_consultation(
        user=w.special_senco, consultation=c, response=ConsultationResponse.CAN_MEET
    )
    with pytest.raises(DomainError) as exc:
        services.respond_to_consultation(
            user=w.special_senco,
            consultation=c,
            response=ConsultationResponse.CANNOT_MEET,
            reason="Changed mind",
        )
    refused(exc, "This consultation has already been answered")
    assert Consultation.objects.get(pk=c.pk).response == ConsultationResponse.CAN_MEET


# -- the family's views ----------------------------------------------------------------------
def test_a_parent_adds_the_familys_views(w: SimpleNamespace) -> None:
    case = assessing(w)
    contribution = services.add_contribution(
        user=w.parent, case=case, about="Kind and funny", hard="Noise", helps="", hopes="Friends at school"
    )
    contribution = Contribution.objects.get(pk=contribution.pk)
    assert (contribution.request, contribution.author) == (case, w.parent)
    assert (contribution.about, contribution.hard, contribution.helps, contribution.hopes) == (
        "Kind and funny",
        "Noise",
        "",
        "Friends at school",
    )
    event = last_event(case)
    assert (event.action, event.summary, event.object_type, event.user, event.child_id) == (
        AuditAction.CREATE,
        "Family views added",
        "assessments.contribution",
        w.parent,
        w.child.pk,
    )


def test_a_young_person_adds_their_own_views(w: SimpleNamespace) -> None:
    case = new_case(w, child=w.yp_child)
    services.add_contribution(user=w.young_person, case=case, about="", hard="", helps="Quiet room", hopes="")
    assert Contribution.objects.get(request=case).author == w.young_person


@pytest.mark.parametrize("who", ["other_parent", "coordinator", "senco", "young_person", "ep"])
def test_only_the_family_adds_views(w: SimpleNamespace, who: str) -> None:
    case = new_case(w)
    with pytest.raises(NotAllowed) as exc:
        services.add_contribution(user=getattr(w, who), case=case, about="Views", hard="", helps="", hopes="")
    refused(exc, "Only the child's family or the young person can add their views here.")
    assert not Contribution.objects.exists()


def test_nobody_without_an_account_adds_views(w: SimpleNamespace) -> None:
    f.RelationshipFactory(child=w.child, carer=f.CarerFactory(user=None))
    case = new_case(w)
    with pytest.raises(NotAllowed):
        services.add_contribution(user=None, case=case, about="Views", hard="", helps="", hopes="")


def test_the_family_must_write_something(w: SimpleNamespace) -> None:
    case = new_case(w)
    with pytest.raises(DomainError) as exc:
        services.add_contribution(user=w.parent, case=case, about=" ", hard="", helps="\n", hopes="")
    refused(exc, "Write something in at least one of the boxes", "about")
    assert not Contribution.objects.exists()


# -- the whole path, in order -----------------------------------------------------------------
def test_the_whole_path_keeps_one_history_row_per_move(w: SimpleNamespace) -> None:
    case = draft_sent(w)
    services.issue_final_plan(
        user=w.coordinator,
        case=case,
        expected_version=4,
        on=EARLIEST_FINAL,
        named_setting=w.special,
        primary_need="SLCN",
    )
    assert [(c[0], c[1], c[2]) for c in stage_changes(case)] == [
        ("", Stage.RECEIVED, RECEIVED),
        (Stage.RECEIVED, Stage.ASSESSING, DECIDED_TO_ASSESS),
        (Stage.ASSESSING, Stage.DRAFTING, DECIDED_TO_ISSUE),
        (Stage.DRAFTING, Stage.DRAFT_SENT, DRAFT_SERVED),
        (Stage.DRAFT_SENT, Stage.PLAN_ISSUED, EARLIEST_FINAL),
    ]
    assert [e.summary for e in events(case)] == [
        "Request for assessment received",
        "Decided to assess",
        "Decided to issue a plan",
        "Draft plan started from the assessment",
        "Draft plan sent",
        "Final plan issued",
        "EHC plan made",
    ]
    assert all(e.child_id == w.child.pk and e.local_authority_id == w.la.pk for e in events(case))
    assert fresh(case).final_issued_on <= fresh(case).final_due
