"""factory-boy factories for sendpath's models.

Every factory builds valid data: settings have 6-digit URNs, children have real check
letters and check digits on their UPN and NHS number and a well-formed postcode, users sit
in the organisation their role needs (through ``accounts.services.create_account``, which
also gives them their second-factor device), and every statutory due date comes from
``sendpath.law.clocks`` rather than being typed in.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import factory
from django.utils import timezone

from sendpath.accounts.models import User
from sendpath.accounts.roles import LA_MEMBER_ROLES, SERVICE_ROLES, SETTING_ROLES, TOTP_ROLES, Role
from sendpath.accounts.services import create_account
from sendpath.assessments.models import (
    AdviceKind,
    AdviceRequest,
    AssessmentRequest,
    Consultation,
    RequestSource,
)
from sendpath.assessments.workflow import Stage
from sendpath.law.clocks import (
    advice_due,
    annual_review_due,
    decision_to_assess_due,
    final_plan_due,
    no_plan_notice_due,
)
from sendpath.law.identifiers import make_nhs_number, make_upn
from sendpath.organisations.models import (
    LocalAuthority,
    Phase,
    Service,
    ServiceKind,
    Setting,
    SettingKind,
)
from sendpath.people.codes import Ethnicity, RelationshipKind, Sex
from sendpath.people.models import Carer, Child, Relationship, TeachingAssignment
from sendpath.plans.codes import NeedType
from sendpath.plans.models import Plan, PlanStatus

#: The password every factory-made account gets unless told otherwise (12+ characters).
PASSWORD = "Correct-horse-battery-42"

# Real DfE local authority numbers, so LA codes look like the ones in SEN2 returns.
_LA_CODES = ["856", "855", "857", "873", "801", "330", "335", "925", "940", "941"]
_FIRST_NAMES = ["Amara", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Harun", "Isla", "Jack"]
_LAST_NAMES = ["Patel", "Jones", "Smith", "Khan", "Brown", "Taylor", "Evans", "Walsh", "Green"]

#: Which kind of service each professional role works in.
SERVICE_KIND_FOR_ROLE = {
    Role.EP: ServiceKind.EDUCATIONAL_PSYCHOLOGY,
    Role.HEALTH: ServiceKind.HEALTH,
    Role.SOCIAL_CARE: ServiceKind.SOCIAL_CARE,
}


def today() -> dt.date:
    return timezone.localdate()


def la_code(n: int) -> str:
    """A real LA number for the first few authorities, then unique 3-digit codes."""
    return _LA_CODES[n] if n < len(_LA_CODES) else f"{100 + n % 900:03d}"


def valid_upn(n: int) -> str:
    """A permanent UPN with a correct check letter, unique for each ``n``."""
    return make_upn(856, 2000 + (n // 1000) % 8000, 20, n % 1000)


def valid_nhs_number(n: int) -> str:
    """A 10-digit NHS number with a correct check digit, unique for each ``n``.

    Each ``n`` owns the block of 11 numbers starting at 11n, and at most one number in a
    block has the impossible check digit 10."""
    for candidate in range(11 * n, 11 * n + 11):
        number = make_nhs_number(f"{400_000_000 + candidate:09d}")
        if number is not None:
            return number
    raise AssertionError("unreachable: every block of 11 numbers has a valid one")


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority

    code = factory.Sequence(la_code)
    name = factory.Sequence(lambda n: f"Authority {n}")
    gss_code = factory.Sequence(lambda n: f"E06{n:06d}")


class SettingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Setting

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    name = factory.Sequence(lambda n: f"School {n}")
    urn = factory.Sequence(lambda n: f"{100000 + n % 900000:06d}")
    kind = SettingKind.MAINSTREAM
    phase = Phase.PRIMARY
    postcode = "LE1 6ZG"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    kind = ServiceKind.EDUCATIONAL_PSYCHOLOGY
    name = factory.LazyAttributeSequence(lambda o, n: f"{ServiceKind(o.kind).label} service {n}")


class UserFactory(factory.django.DjangoModelFactory):
    """An account of any role, in the organisation the role needs.

    ``UserFactory(role=Role.SENCO)`` makes a setting for the SENCO unless one is given;
    staff get a confirmed authenticator (pass ``totp_key=None`` for a member of staff who
    has not set one up yet) and families and professionals an email device.
    """

    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(
        lambda n: f"{_FIRST_NAMES[n % len(_FIRST_NAMES)]} {_LAST_NAMES[n % len(_LAST_NAMES)]}{n}"
    )
    role = Role.COORDINATOR
    password = PASSWORD
    local_authority = None
    setting = None
    service = None
    totp_key = factory.LazyAttribute(lambda o: secrets.token_hex(20) if Role(o.role) in TOTP_ROLES else None)

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        role = Role(kwargs["role"])
        if role in LA_MEMBER_ROLES and kwargs.get("local_authority") is None:
            kwargs["local_authority"] = LocalAuthorityFactory()
        if role in SETTING_ROLES and kwargs.get("setting") is None:
            kwargs["setting"] = SettingFactory()
        if role in SERVICE_ROLES and kwargs.get("service") is None:
            kwargs["service"] = ServiceFactory(kind=SERVICE_KIND_FOR_ROLE[role])
        return create_account(**kwargs)


class CoordinatorFactory(UserFactory):
    role = Role.COORDINATOR


class ManagerFactory(UserFactory):
    role = Role.MANAGER


class FinanceFactory(UserFactory):
    role = Role.FINANCE


class DataOfficerFactory(UserFactory):
    role = Role.DATA_OFFICER


class SencoFactory(UserFactory):
    role = Role.SENCO


class TeacherFactory(UserFactory):
    role = Role.TEACHER


class EducationalPsychologistFactory(UserFactory):
    role = Role.EP


class HealthProfessionalFactory(UserFactory):
    role = Role.HEALTH


class SocialCareProfessionalFactory(UserFactory):
    role = Role.SOCIAL_CARE


class ParentFactory(UserFactory):
    role = Role.PARENT


class YoungPersonFactory(UserFactory):
    role = Role.YOUNG_PERSON


class CouncillorFactory(UserFactory):
    role = Role.COUNCILLOR


class AdminFactory(UserFactory):
    role = Role.ADMIN


#: One factory per role, for tests that loop over roles.
FACTORY_FOR_ROLE: dict[Role, type[UserFactory]] = {
    Role.COORDINATOR: CoordinatorFactory,
    Role.MANAGER: ManagerFactory,
    Role.FINANCE: FinanceFactory,
    Role.DATA_OFFICER: DataOfficerFactory,
    Role.SENCO: SencoFactory,
    Role.TEACHER: TeacherFactory,
    Role.EP: EducationalPsychologistFactory,
    Role.HEALTH: HealthProfessionalFactory,
    Role.SOCIAL_CARE: SocialCareProfessionalFactory,
    Role.PARENT: ParentFactory,
    Role.YOUNG_PERSON: YoungPersonFactory,
    Role.COUNCILLOR: CouncillorFactory,
    Role.ADMIN: AdminFactory,
}


class CarerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carer

    first_name = factory.Sequence(lambda n: _FIRST_NAMES[(n + 3) % len(_FIRST_NAMES)])
    last_name = factory.Sequence(lambda n: f"{_LAST_NAMES[n % len(_LAST_NAMES)]}family{n}")
    email = factory.Sequence(lambda n: f"carer{n}@example.org")
    postcode = "LE1 6ZG"
    user = None


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    first_name = factory.Sequence(lambda n: f"{_FIRST_NAMES[n % len(_FIRST_NAMES)]}child{n}")
    last_name = factory.Sequence(lambda n: f"{_LAST_NAMES[n % len(_LAST_NAMES)]}kid{n}")
    date_of_birth = factory.LazyFunction(lambda: today().replace(day=1) - dt.timedelta(days=365 * 9))
    sex = Sex.FEMALE
    ethnicity = Ethnicity.WBRI
    postcode = "LE1 6ZG"
    upn = factory.Sequence(valid_upn)
    uln = ""
    upn_unknown = ""
    nhs_number = factory.Sequence(valid_nhs_number)
    setting = None
    user = None


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    child = factory.SubFactory(ChildFactory)
    carer = factory.SubFactory(CarerFactory)
    kind = RelationshipKind.MOTHER
    parental_responsibility = True
    lives_with_child = True


class TeachingAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeachingAssignment

    child = factory.SubFactory(ChildFactory)
    teacher = factory.SubFactory(TeacherFactory, setting=factory.SelfAttribute("..child.setting"))


class AssessmentRequestFactory(factory.django.DjangoModelFactory):
    """A request received three weeks ago, still waiting for the 6-week decision."""

    class Meta:
        model = AssessmentRequest

    reference = factory.Sequence(lambda n: f"EHC-{n:06d}")
    child = factory.SubFactory(ChildFactory)
    local_authority = factory.SelfAttribute("child.local_authority")
    received_on = factory.LazyFunction(lambda: today() - dt.timedelta(weeks=3))
    source = RequestSource.FAMILY
    coordinator = None
    stage = Stage.RECEIVED
    decision_due = factory.LazyAttribute(lambda o: decision_to_assess_due(o.received_on))
    no_plan_due = factory.LazyAttribute(lambda o: no_plan_notice_due(o.received_on))
    final_due = factory.LazyAttribute(lambda o: final_plan_due(o.received_on))
    next_due = factory.SelfAttribute("decision_due")


class AdviceRequestFactory(factory.django.DjangoModelFactory):
    """Advice asked of a service (reg 6), due 6 weeks after it was asked (reg 8(1))."""

    class Meta:
        model = AdviceRequest

    request = factory.SubFactory(AssessmentRequestFactory)
    kind = AdviceKind.PSYCHOLOGICAL
    service = factory.SubFactory(
        ServiceFactory, local_authority=factory.SelfAttribute("..request.local_authority")
    )
    professional = None
    requested_on = factory.LazyFunction(lambda: today() - dt.timedelta(weeks=1))
    due_on = factory.LazyAttribute(lambda o: advice_due(o.requested_on))
    received_on = None


class ConsultationFactory(factory.django.DjangoModelFactory):
    """A setting asked whether it can meet a child's needs (CFA s39(2)); 15 days to reply."""

    class Meta:
        model = Consultation

    request = None
    child = factory.SubFactory(ChildFactory)
    setting = factory.SubFactory(
        SettingFactory, local_authority=factory.SelfAttribute("..child.local_authority")
    )
    sent_on = factory.LazyFunction(lambda: today() - dt.timedelta(days=2))
    due_on = factory.LazyAttribute(lambda o: o.sent_on + dt.timedelta(days=15))


class PlanFactory(factory.django.DjangoModelFactory):
    """A maintained plan; the next review is due on the CFA s44(1) last day."""

    class Meta:
        model = Plan

    child = factory.SubFactory(ChildFactory)
    local_authority = factory.SelfAttribute("child.local_authority")
    coordinator = None
    status = PlanStatus.ACTIVE
    first_issued_on = factory.LazyFunction(lambda: today() - dt.timedelta(days=120))
    last_reviewed_on = None
    review_due = factory.LazyAttribute(lambda o: annual_review_due(o.last_reviewed_on or o.first_issued_on))
    primary_need = NeedType.ASD
