"""Test helpers: sign a user in with both factors, and build a two-authority world.

``make_world()`` builds the same small area twice (local authorities ``a`` and ``b``) so
every rule about who sees which child can be checked both inside one authority and across
the boundary between two.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendpath.accounts.models import User
from sendpath.accounts.roles import Role
from sendpath.assessments.models import AdviceKind
from sendpath.assessments.workflow import Stage
from sendpath.organisations.models import Phase, ServiceKind, SettingKind
from sendpath.people.codes import RelationshipKind, Sex, UPNUnknown
from tests import factories as f

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


_shared_handlers: dict[bool, Any] = {}


def new_client(*, enforce_csrf_checks: bool = False, **defaults: Any) -> Client:
    """A test client that shares its request handler with every other client made here.

    With DEBUG off (as under pytest) WhiteNoise reads every static file when its middleware
    is built, which Django does once per ``Client``: about 0.2 s each. Sharing the handler
    builds the middleware once per run; each client still has its own cookies."""
    client = Client(enforce_csrf_checks=enforce_csrf_checks, **defaults)
    client.handler = _shared_handlers.setdefault(enforce_csrf_checks, client.handler)
    return client


def second_factor_device(user: User) -> TOTPDevice | EmailDevice:
    """The device this person passes the second factor with."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = EmailDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise AssertionError(f"{user.email} has no confirmed second-factor device")
    return device


def sign_in(client: Client, user: User) -> Client:
    """Sign ``user`` in on ``client`` as if they had given their password and their code."""
    client.force_login(user, backend=MODEL_BACKEND)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = second_factor_device(user).persistent_id
    session.save()
    return client


def sign_in_password_only(client: Client, user: User) -> Client:
    """Signed in with the password, but the second factor not yet given."""
    client.force_login(user, backend=MODEL_BACKEND)
    return client


def make_area(code: str) -> SimpleNamespace:
    """One local authority's world (see ``make_world``)."""
    today = f.today()
    la = f.LocalAuthorityFactory(name=f"Authority {code.upper()}")
    school_a = f.SettingFactory(local_authority=la, name=f"{code.upper()} School A")
    school_b = f.SettingFactory(
        local_authority=la,
        name=f"{code.upper()} School B",
        kind=SettingKind.SPECIAL,
        phase=Phase.ALL_THROUGH,
    )
    ep_service = f.ServiceFactory(local_authority=la, kind=ServiceKind.EDUCATIONAL_PSYCHOLOGY)
    health_service = f.ServiceFactory(local_authority=la, kind=ServiceKind.HEALTH)
    social_care_service = f.ServiceFactory(local_authority=la, kind=ServiceKind.SOCIAL_CARE)

    def user(role: Role, label: str, **org: Any) -> User:
        return f.UserFactory(
            role=role,
            email=f"{label}.{code}@example.org",
            full_name=f"{label.replace('_', ' ').title()} {code.upper()}",
            **org,
        )

    coordinator = user(Role.COORDINATOR, "coordinator", local_authority=la)
    manager = user(Role.MANAGER, "manager", local_authority=la)
    finance = user(Role.FINANCE, "finance", local_authority=la)
    data_officer = user(Role.DATA_OFFICER, "data_officer", local_authority=la)
    councillor = user(Role.COUNCILLOR, "councillor", local_authority=la)
    admin = user(Role.ADMIN, "admin", local_authority=la)
    senco_a = user(Role.SENCO, "senco_a", setting=school_a)
    senco_b = user(Role.SENCO, "senco_b", setting=school_b)
    teacher = user(Role.TEACHER, "teacher", setting=school_a)
    ep = user(Role.EP, "ep", service=ep_service)
    health = user(Role.HEALTH, "health", service=health_service)
    social_care = user(Role.SOCIAL_CARE, "social_care", service=social_care_service)
    parent1 = user(Role.PARENT, "parent1")
    parent2 = user(Role.PARENT, "parent2")
    young_person = user(Role.YOUNG_PERSON, "young_person")

    # Family 1: child1 on school A's roll, with a plan whose review is due within the
    # coordinator's 8-week window, an open request, a teacher, advice asked of the EP,
    # and a consultation sent to school B about naming it in the plan.
    carer1 = f.CarerFactory(first_name="Carer", last_name=f"One{code.upper()}", user=parent1)
    child1 = f.ChildFactory(
        local_authority=la,
        setting=school_a,
        first_name="Alice",
        last_name=f"Ash{code.upper()}",
    )
    f.RelationshipFactory(child=child1, carer=carer1, kind=RelationshipKind.MOTHER)
    request1 = f.AssessmentRequestFactory(child=child1, coordinator=coordinator)
    plan1 = f.PlanFactory(
        child=child1,
        coordinator=coordinator,
        first_issued_on=today - dt.timedelta(days=340),
    )
    f.TeachingAssignmentFactory(child=child1, teacher=teacher)
    ep_advice = f.AdviceRequestFactory(
        request=request1,
        kind=AdviceKind.PSYCHOLOGICAL,
        service=ep_service,
        professional=ep,
    )
    consultation = f.ConsultationFactory(child=child1, request=request1, setting=school_b)

    # Family 2: child2 on school B's roll; health advice asked of the health service and not
    # yet assigned to anyone, so everyone in that service may see the child.
    carer2 = f.CarerFactory(first_name="Carer", last_name=f"Two{code.upper()}", user=parent2)
    child2 = f.ChildFactory(
        local_authority=la,
        setting=school_b,
        first_name="Bilal",
        last_name=f"Birch{code.upper()}",
        sex=Sex.MALE,
    )
    f.RelationshipFactory(child=child2, carer=carer2, kind=RelationshipKind.FATHER)
    request2 = f.AssessmentRequestFactory(child=child2, coordinator=coordinator)
    plan2 = f.PlanFactory(child=child2, coordinator=coordinator)
    health_advice = f.AdviceRequestFactory(
        request=request2,
        kind=AdviceKind.MEDICAL,
        service=health_service,
        professional=None,
    )

    # child3 on school A's roll, not taught by the teacher, never consulted on, no advice
    # asked, no plan, and no UPN, ULN or reason (so the data officer sees it flagged). Its
    # request has no coordinator yet.
    child3 = f.ChildFactory(
        local_authority=la,
        setting=school_a,
        first_name="Cara",
        last_name=f"Cedar{code.upper()}",
        upn="",
        uln="",
        upn_unknown="",
    )
    request3 = f.AssessmentRequestFactory(child=child3, coordinator=None)

    # A young person of 17 on school B's roll with their own account and a plan.
    yp = f.ChildFactory(
        local_authority=la,
        setting=school_b,
        first_name="Dara",
        last_name=f"Dunn{code.upper()}",
        date_of_birth=today.replace(day=1) - dt.timedelta(days=365 * 17 + 30),
        upn="",
        uln="",
        upn_unknown=UPNUnknown.UN3,
        user=young_person,
    )
    plan_yp = f.PlanFactory(child=yp, coordinator=coordinator)
    request_yp = f.AssessmentRequestFactory(
        child=yp,
        coordinator=coordinator,
        stage=Stage.PLAN_ISSUED,
        next_due=None,
        received_on=today - dt.timedelta(days=300),
        final_issued_on=today - dt.timedelta(days=120),
    )

    return SimpleNamespace(
        code=code,
        la=la,
        school_a=school_a,
        school_b=school_b,
        ep_service=ep_service,
        health_service=health_service,
        social_care_service=social_care_service,
        coordinator=coordinator,
        manager=manager,
        finance=finance,
        data_officer=data_officer,
        senco_a=senco_a,
        senco_b=senco_b,
        teacher=teacher,
        ep=ep,
        health=health,
        social_care=social_care,
        parent1=parent1,
        parent2=parent2,
        young_person=young_person,
        councillor=councillor,
        admin=admin,
        carer1=carer1,
        carer2=carer2,
        child1=child1,
        child2=child2,
        child3=child3,
        yp=yp,
        request1=request1,
        request2=request2,
        request3=request3,
        request_yp=request_yp,
        plan1=plan1,
        plan2=plan2,
        plan_yp=plan_yp,
        ep_advice=ep_advice,
        health_advice=health_advice,
        consultation=consultation,
    )


#: The users of each area, by the name the tables in the tests use.
USER_NAMES = (
    "coordinator",
    "manager",
    "finance",
    "data_officer",
    "senco_a",
    "senco_b",
    "teacher",
    "ep",
    "health",
    "social_care",
    "parent1",
    "parent2",
    "young_person",
    "councillor",
    "admin",
)
CHILD_NAMES = ("child1", "child2", "child3", "yp")


def make_world() -> SimpleNamespace:
    """Two local authorities, ``a`` and ``b``, each with:

    - school A and school B, and an EP, a health and a social care service;
    - one account of every role (two SENCOs, one per school; two parents);
    - family 1 (carer with an account, child1 on school A's roll) and family 2 (carer with an
      account, child2 on school B's roll), both children with a plan and a request;
    - a teacher at school A assigned to child1 only; child3 also on school A's roll;
    - a consultation from the LA to school B about child1 (on school A's roll);
    - advice asked of the EP, by name, for child1 only; unassigned health advice for child2;
    - a young person of 17 (``yp``) with their own account and a plan.

    Passwords are hashed with MD5 here so building the world stays fast whatever the
    caller's settings.
    """
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        return SimpleNamespace(a=make_area("a"), b=make_area("b"))


def world_fixture() -> Any:
    """A module-scoped ``world`` fixture: built once per test module inside a transaction
    that is rolled back when the module ends. Each test still runs in its own savepoint
    (request the ``db`` fixture), so changes a test makes never reach the next test.

    Use as ``world = world_fixture()`` at module level."""

    @pytest.fixture(scope="module")
    def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[SimpleNamespace]:
        atomic = transaction.atomic()
        with django_db_blocker.unblock():
            atomic.__enter__()
            try:
                built = make_world()
            except BaseException:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                raise
        yield built
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)

    return world


def child_form_data(child: Any, **changes: Any) -> dict[str, str]:
    """What the child's details form posts when nothing is changed, with ``changes`` applied.

    ``date_of_birth`` may be given as a ``date``; it is split into GOV.UK's three boxes."""
    values: dict[str, Any] = {
        "version": child.version,
        "first_name": child.first_name,
        "last_name": child.last_name,
        "date_of_birth": child.date_of_birth,
        "sex": child.sex,
        "ethnicity": child.ethnicity,
        "postcode": child.postcode,
        "upn": child.upn,
        "uln": child.uln,
        "upn_unknown": child.upn_unknown,
        "nhs_number": child.nhs_number,
    }
    values.update(changes)
    dob = values.pop("date_of_birth")
    data = {k: str(v) for k, v in values.items()}
    if isinstance(dob, dt.date):
        data.update(
            {
                "date_of_birth-day": str(dob.day),
                "date_of_birth-month": str(dob.month),
                "date_of_birth-year": str(dob.year),
            }
        )
    return data


# --- annual reviews (appended for the reviews app) ------------------------------------------
_make_area_without_reviews = make_area


def make_area(code: str) -> SimpleNamespace:  # type: ignore[no-redef]  # noqa: F811
    """``make_area`` plus annual reviews: child1's plan has a meeting arranged (open), child2's
    plan a finished review (decided), so the matrix meets both an open and a closed review."""
    from sendpath.law.clocks import review_notice_latest
    from sendpath.reviews.models import INVITEES, AnnualReview, ReviewDecision, ReviewStage

    area = _make_area_without_reviews(code)
    today = f.today()
    meeting = today + dt.timedelta(days=21)
    area.review1 = AnnualReview.objects.create(
        plan=area.plan1,
        due_on=area.plan1.review_due,
        convened_by=area.school_a,
        convened_by_user=area.senco_a,
        convened_on=today - dt.timedelta(days=3),
        meeting_on=meeting,
        notice_latest=review_notice_latest(meeting),
        invited=list(INVITEES),
    )
    held = today - dt.timedelta(days=30)
    area.review2 = AnnualReview.objects.create(
        plan=area.plan2,
        due_on=area.plan2.review_due,
        convened_by=area.school_b,
        convened_on=held - dt.timedelta(days=20),
        meeting_on=held,
        held_on=held,
        family_views="Happy with the support.",
        stage=ReviewStage.DECIDED,
        decision=ReviewDecision.MAINTAIN,
        decided_on=held + dt.timedelta(days=10),
        invited=list(INVITEES),
    )
    return area


# --- disputes (appended for the disputes app) -------------------------------------------------
_make_area_without_disputes = make_area


def make_area(code: str) -> SimpleNamespace:  # type: ignore[no-redef]  # noqa: F811
    """``make_area`` plus disputes: child1 has an appeal registered and undecided (open),
    child2 a dispute closed at mediation, and the young person one at mediation; child3 none."""
    from sendpath.disputes.codes import DecisionAppealed, DisputeKind, Outcome, Stage
    from sendpath.disputes.models import Dispute

    area = _make_area_without_disputes(code)
    today = f.today()
    sent = today - dt.timedelta(days=90)
    area.dispute1 = Dispute.objects.create(
        local_authority=area.la,
        child=area.child1,
        plan=area.plan1,
        coordinator=area.coordinator,
        kind=DisputeKind.TRIBUNAL,
        decision_appealed=DecisionAppealed.PLAN_CONTENT,
        sections="B,F",
        decision_sent_on=sent,
        mediation_contacted_on=sent + dt.timedelta(days=10),
        mediation_wanted=False,
        certificate_issued_on=sent + dt.timedelta(days=12),
        appeal_lodged_on=sent + dt.timedelta(days=40),
        stage=Stage.APPEAL,
        next_due=sent + dt.timedelta(days=82),
        next_due_label="Council's response to an appeal",
    )
    area.dispute2 = Dispute.objects.create(
        local_authority=area.la,
        child=area.child2,
        plan=area.plan2,
        decision_appealed=DecisionAppealed.PLACEMENT,
        sections="I",
        decision_sent_on=sent,
        mediation_contacted_on=sent + dt.timedelta(days=5),
        mediation_wanted=True,
        mediation_held_on=sent + dt.timedelta(days=30),
        outcome=Outcome.MEDIATION_AGREED,
        decided_on=sent + dt.timedelta(days=30),
        stage=Stage.CLOSED,
        closed_on=sent + dt.timedelta(days=30),
    )
    area.dispute_yp = Dispute.objects.create(
        local_authority=area.la,
        child=area.yp,
        plan=area.plan_yp,
        decision_appealed=DecisionAppealed.CEASING,
        decision_sent_on=today - dt.timedelta(days=20),
        mediation_contacted_on=today - dt.timedelta(days=10),
        mediation_wanted=True,
        stage=Stage.MEDIATION,
        next_due=today + dt.timedelta(days=20),
        next_due_label="Mediation held",
    )
    return area
