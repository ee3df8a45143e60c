"""Build a synthetic local area: settings, services, staff, families and children at every
stage of the EHC process, with several years of history.

Deterministic: the same plans, seed, profile and ``today`` give the same area. Fast: every
object is made in memory and written with ``bulk_create``; one password hash is shared by
all demo accounts (hashing thousands of passwords would take minutes). New kinds of record
are added by writing another ``_make_*`` step and calling it from ``build_area``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Max
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendpath.accounts.models import User
from sendpath.accounts.roles import EMAIL_CODE_ROLES, Role
from sendpath.assessments.clocks import NEXT_LIMIT, next_due, request_due_dates
from sendpath.assessments.models import (
    AdviceKind,
    AdviceRequest,
    AssessmentRequest,
    ClockException,
    Consultation,
    ConsultationResponse,
    ExceptionKind,
    RequestSource,
    StageChange,
)
from sendpath.assessments.workflow import Stage
from sendpath.demo import names
from sendpath.demo.calibration import Profile
from sendpath.demo.disputes import make_disputes_demo
from sendpath.demo.forecast import make_forecast_demo
from sendpath.demo.funding import make_funding_demo
from sendpath.demo.plan_content import make_documents
from sendpath.demo.reviews import make_reviews_demo
from sendpath.funding.models import Placement
from sendpath.law.clocks import advice_due, annual_review_due, review_decision_due
from sendpath.law.identifiers import make_nhs_number, make_uln, make_upn, validate_upn
from sendpath.organisations.models import LocalAuthority, Phase, Service, ServiceKind, Setting
from sendpath.people.codes import Ethnicity, RelationshipKind, UPNUnknown
from sendpath.people.models import Carer, Child, Relationship, TeachingAssignment
from sendpath.plans.codes import CeaseReason
from sendpath.plans.models import Plan, PlanStatus, PlanVersion, VersionStatus
from sendpath.reviews.models import AnnualReview, ReviewDecision

DEMO_PASSWORD = "sendpath-demo-2026"  # noqa: S105 - synthetic demo accounts only
DEMO_DOMAIN = "demo.sendpath.test"
BATCH = 2000

DEMO_LOGINS = {
    Role.COORDINATOR: "coordinator",
    Role.MANAGER: "manager",
    Role.FINANCE: "finance",
    Role.DATA_OFFICER: "data",
    Role.SENCO: "senco",
    Role.TEACHER: "teacher",
    Role.EP: "ep",
    Role.HEALTH: "health",
    Role.SOCIAL_CARE: "socialcare",
    Role.PARENT: "parent",
    Role.YOUNG_PERSON: "youngperson",
    Role.COUNCILLOR: "councillor",
    Role.ADMIN: "admin",
}


def demo_email(role: str, la_code: str) -> str:
    return f"{DEMO_LOGINS[Role(role)]}@{la_code}.{DEMO_DOMAIN}"


def totp_key(seed: int, email: str) -> str:
    """A stable authenticator secret per demo account, so `demo_code` can print codes."""
    return hashlib.sha1(f"{seed}:{email}".encode(), usedforsecurity=False).hexdigest()


@dataclass
class Login:
    role: str
    email: str
    name: str
    organisation: str
    second_factor: str


@dataclass
class DemoArea:
    local_authority: LocalAuthority
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[Login] = field(default_factory=list)


class _Builder:
    """Holds the random generator, the profile and the objects made so far."""

    def __init__(self, plans: int, seed: int, profile: Profile, today: dt.date) -> None:
        self.n_plans = plans
        self.seed = seed
        self.rng = random.Random(seed)
        self.profile = profile
        self.today = today
        self.password = make_password(DEMO_PASSWORD, salt=f"demo{seed}")
        self.counts: dict[str, int] = defaultdict(int)
        self.email_seq = 0

    # -- helpers ---------------------------------------------------------------------------
    def pick(self, weights: dict[Any, float]) -> Any:
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def name(self) -> tuple[str, str]:
        return self.rng.choice(names.FIRST_NAMES), self.rng.choice(names.SURNAMES)

    def postcode(self) -> str:
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        area = self.rng.choice(names.STREET_AREAS)
        return f"{area} {self.rng.randint(1, 9)}{self.rng.choice(letters)}{self.rng.choice(letters)}"

    def days_ago(self, low: int, high: int) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(low, high))

    def bulk(self, model: type, objects: list[Any]) -> list[Any]:
        model.objects.bulk_create(objects, batch_size=BATCH)  # type: ignore[attr-defined]
        self.counts[model._meta.verbose_name_plural] += len(objects)  # type: ignore[attr-defined]
        return objects


def build_area(
    *,
    plans: int,
    seed: int,
    profile: Profile,
    today: dt.date,
    la_code: str | None = None,
    la_name: str | None = None,
) -> DemoArea:
    """Build the whole area in one transaction and return its demo logins and counts."""
    b = _Builder(plans, seed, profile, today)
    code = la_code or profile.la_code or "999"
    with transaction.atomic():
        la = LocalAuthority.objects.create(
            code=code,
            name=la_name
            or (f"{profile.la_name} (synthetic)" if profile.la_code else "Sendshire (synthetic)"),
        )
        settings_by_kind = _make_settings(b, la)
        services = _make_services(b, la)
        staff = _make_staff(b, la, settings_by_kind, services)
        _make_children(b, la, settings_by_kind, services, staff)
        make_funding_demo(b, la, staff)
        make_forecast_demo(b, la, staff)
        make_disputes_demo(b, la, staff)
        make_reviews_demo(b, la, staff)
        logins = _choose_demo_logins(b, la, staff)
    return DemoArea(local_authority=la, counts=dict(b.counts), logins=logins)


# -- organisations ---------------------------------------------------------------------------
SETTING_SUFFIX = {
    ("mainstream", Phase.PRIMARY): "Primary School",
    ("mainstream", Phase.SECONDARY): "Academy",
    ("resourced", Phase.PRIMARY): "Primary School Resource Base",
    ("resourced", Phase.SECONDARY): "School Enhanced Resource",
    ("special", Phase.ALL_THROUGH): "Special School",
    ("independent_special", Phase.ALL_THROUGH): "Independent Specialist School",
    ("fe_college", Phase.POST_16): "College",
    ("early_years", Phase.NURSERY): "Nursery",
    ("alternative", Phase.SECONDARY): "Learning Centre",
}


def _setting_counts(n: int) -> dict[tuple[str, str], int]:
    return {
        ("mainstream", Phase.PRIMARY): max(3, n // 40),
        ("mainstream", Phase.SECONDARY): max(2, n // 130),
        ("resourced", Phase.PRIMARY): max(1, n // 900),
        ("resourced", Phase.SECONDARY): max(1, n // 900),
        ("special", Phase.ALL_THROUGH): max(2, n // 350),
        ("independent_special", Phase.ALL_THROUGH): max(1, n // 400),
        ("fe_college", Phase.POST_16): max(1, n // 1500),
        ("early_years", Phase.NURSERY): max(1, n // 500),
        ("alternative", Phase.SECONDARY): max(1, n // 2500),
    }


def _make_settings(b: _Builder, la: LocalAuthority) -> dict[str, list[Setting]]:
    """Settings of every type. URNs continue after any already in the database."""
    top = Setting.objects.aggregate(m=Max("urn"))["m"]
    urn = int(top) + 1 if top else 100001
    ukprn = 10000001 + Setting.objects.exclude(ukprn=None).count()
    made: list[Setting] = []
    used: set[str] = set()
    for (kind, phase), count in _setting_counts(b.n_plans).items():
        for _ in range(count):
            base = f"{b.rng.choice(names.PLACE_WORDS)} {b.rng.choice(names.PLACE_WORDS)}"
            name = f"{base} {SETTING_SUFFIX[(kind, phase)]}"
            while name in used:
                name = f"{b.rng.choice(names.PLACE_WORDS)} {name}"
            used.add(name)
            setting = Setting(local_authority=la, name=name, kind=kind, phase=phase, postcode=b.postcode())
            if kind == "fe_college":
                setting.ukprn, ukprn = str(ukprn), ukprn + 1
            else:
                setting.urn, urn = f"{urn:06d}", urn + 1
            made.append(setting)
    b.bulk(Setting, made)
    by_kind: dict[str, list[Setting]] = defaultdict(list)
    for s in made:
        by_kind[f"{s.kind}:{s.phase}"].append(s)
        by_kind[s.kind].append(s)
    return by_kind


def _make_services(b: _Builder, la: LocalAuthority) -> dict[str, Service]:
    made = {
        ServiceKind.EDUCATIONAL_PSYCHOLOGY: Service(
            local_authority=la, kind="ep", name="Educational Psychology Service"
        ),
        ServiceKind.HEALTH: Service(
            local_authority=la, kind="health", name="Community Paediatrics and Therapies"
        ),
        ServiceKind.SOCIAL_CARE: Service(
            local_authority=la, kind="social_care", name="Children's Social Care"
        ),
        ServiceKind.SPECIALIST_TEACHING: Service(
            local_authority=la, kind="specialist_teaching", name="Specialist Teaching Service"
        ),
        ServiceKind.SENSORY_SUPPORT: Service(
            local_authority=la, kind="sensory", name="Sensory Support Service"
        ),
    }
    b.bulk(Service, list(made.values()))
    return {str(k): v for k, v in made.items()}


# -- people ----------------------------------------------------------------------------------
def _user(
    b: _Builder,
    role: str,
    *,
    la: LocalAuthority | None = None,
    setting: Setting | None = None,
    service: Service | None = None,
    email: str | None = None,
) -> User:
    first, last = b.name()
    b.email_seq += 1
    email = email or f"{first}.{last}.{b.email_seq}@{(la or setting or service).pk}.{DEMO_DOMAIN}".lower()  # type: ignore[union-attr]
    return User(
        email=email,
        full_name=f"{first} {last}",
        role=role,
        password=b.password,
        local_authority=la,
        setting=setting,
        service=service,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )


def _make_staff(
    b: _Builder, la: LocalAuthority, settings_by_kind: dict[str, list[Setting]], services: dict[str, Service]
) -> dict[str, list[User]]:
    n = b.n_plans
    staff: dict[str, list[User]] = defaultdict(list)
    for role, count in (
        (Role.COORDINATOR, max(3, n // 140)),
        (Role.MANAGER, max(2, n // 2500)),
        (Role.FINANCE, 2),
        (Role.DATA_OFFICER, 2),
        (Role.COUNCILLOR, 3),
        (Role.ADMIN, 1),
    ):
        staff[role] = [_user(b, role, la=la) for _ in range(count)]
    schools = [
        s
        for kind in (
            "mainstream",
            "resourced",
            "special",
            "independent_special",
            "fe_college",
            "early_years",
            "alternative",
        )
        for s in settings_by_kind[kind]
    ]
    for s in schools:
        staff[Role.SENCO].append(_user(b, Role.SENCO, setting=s))
        teachers = 3 if s.kind in ("mainstream", "resourced") else 2
        staff[f"teachers:{s.pk}"] = [_user(b, Role.TEACHER, setting=s) for _ in range(teachers)]
        staff[Role.TEACHER] += staff[f"teachers:{s.pk}"]
    for role, kind, count in (
        (Role.EP, "ep", max(3, n // 450)),
        (Role.HEALTH, "health", max(3, n // 600)),
        (Role.SOCIAL_CARE, "social_care", max(2, n // 1200)),
        (Role.HEALTH, "sensory", 1),
        (Role.EP, "specialist_teaching", 1),
    ):
        staff[f"{role}:{kind}"] = [_user(b, role, service=services[kind]) for _ in range(count)]
        staff[role] += staff[f"{role}:{kind}"]
    everyone = [u for role in Role for u in staff[role]]
    b.bulk(User, everyone)
    devices = [
        TOTPDevice(user=u, name="Authenticator app", key=totp_key(b.seed, u.email), confirmed=True)
        for u in everyone
        if u.role not in EMAIL_CODE_ROLES
    ]
    b.bulk(TOTPDevice, devices)
    b.bulk(
        EmailDevice,
        [EmailDevice(user=u, name="Email", confirmed=True) for u in everyone if u.role in EMAIL_CODE_ROLES],
    )
    return staff


def _dob_for_age(b: _Builder, age: int) -> dt.date:
    return b.today - dt.timedelta(days=int(age * 365.25) + b.rng.randint(1, 364))


def _age_weights(profile: Profile) -> dict[int, float]:
    if profile.ages:
        return profile.ages
    return {a: (0.3 if a < 4 else 1.0 if a < 16 else 0.7 if a < 20 else 0.2) for a in range(2, 26)}


def _setting_for(b: _Builder, settings_by_kind: dict[str, list[Setting]], kind: str, age: int) -> Setting:
    """A setting of a kind that suits the child's age."""
    if age < 5:
        kind = "early_years" if kind in ("mainstream", "fe_college", "alternative") else kind
    elif age >= 16:
        kind = "fe_college" if kind in ("mainstream", "resourced", "early_years", "alternative") else kind
    elif kind in ("fe_college", "early_years"):
        kind = "mainstream"
    if kind in ("mainstream", "resourced"):
        phase = Phase.PRIMARY if age < 11 else Phase.SECONDARY
        return b.rng.choice(settings_by_kind[f"{kind}:{phase}"])
    return b.rng.choice(settings_by_kind[kind])


def _identifiers(b: _Builder, la_code: str, age: int) -> dict[str, str]:
    """A valid UPN (or ULN, or the SEN2 reason neither is known) and an NHS number."""
    out = {"upn": "", "uln": "", "upn_unknown": ""}
    roll = b.rng.random()
    if age < 5 and roll < 0.5:
        out["upn_unknown"] = UPNUnknown.UN1
    elif age >= 19 and roll < 0.5:
        out["uln"] = _valid(b, make_uln) or ""
    elif roll < 0.01:
        out["upn_unknown"] = UPNUnknown.UN2
    else:
        year2 = (b.today.year - max(0, age - 4)) % 100
        out["upn"] = make_upn(int(la_code), b.rng.randint(2000, 7999), year2, b.rng.randint(0, 999))
    out["nhs_number"] = (_valid(b, make_nhs_number) or "") if b.rng.random() < 0.9 else ""
    if not out["upn"] and not out["uln"] and not out["upn_unknown"]:
        out["upn_unknown"] = UPNUnknown.UN9
    return out


def _valid(b: _Builder, maker: Any) -> str | None:
    for _ in range(5):
        made = maker(f"{b.rng.randint(100000000, 999999999)}")
        if made:
            return str(made)
    return None


def _upn_la(code: str) -> str:
    """The LA number used inside demo UPNs: the area's own if DfE recognises it."""
    try:
        validate_upn(make_upn(int(code), 2000, 20, 1))
        return code
    except Exception:  # noqa: BLE001 - any rejection means we fall back
        return "886"


def _make_children(
    b: _Builder,
    la: LocalAuthority,
    settings_by_kind: dict[str, list[Setting]],
    services: dict[str, Service],
    staff: dict[str, list[User]],
) -> None:
    """Children with active plans, ceased plans, open requests and refused requests."""
    n = b.n_plans
    p = b.profile
    upn_la = _upn_la(la.code)
    ages = _age_weights(p)
    ethnic = {
        e: w
        for e, w in zip(
            [
                Ethnicity.WBRI,
                Ethnicity.WOTH,
                Ethnicity.AIND,
                Ethnicity.APKN,
                Ethnicity.BAFR,
                Ethnicity.MWBC,
                Ethnicity.MOTH,
                Ethnicity.BCRB,
                Ethnicity.ABAN,
                Ethnicity.CHNE,
                Ethnicity.OOTH,
                Ethnicity.NOBT,
            ],
            [60, 6, 4, 4, 4, 3, 3, 2, 2, 1, 2, 2],
            strict=True,
        )
    }
    coordinators = staff[Role.COORDINATOR]
    # Who each child is, and what happened to them.
    stories: list[tuple[str, int]] = (
        [("active", i) for i in range(n)]
        + [("ceased", i) for i in range(int(n * 0.2))]
        + [("open", i) for i in range(max(12, int(n * p.requests_per_plan * 0.45)))]
        + [("refused", i) for i in range(max(3, int(n * p.requests_per_plan * (1 - p.assess_rate) * 0.8)))]
    )
    children: list[Child] = []
    for kind, _ in stories:
        age = b.pick(ages) if kind in ("active", "open") else b.rng.randint(4, 24)
        if kind == "ceased":
            age = b.rng.choice([19, 20, 21, 22, 23, 24, 17, 16, 12, 9])
        age = max(2, min(age, 25))
        first, last = b.name()
        setting_kind = b.pick(p.settings) if kind == "active" else "mainstream"
        setting = _setting_for(b, settings_by_kind, setting_kind, age) if kind != "ceased" else None
        ids = _identifiers(b, upn_la, age)
        children.append(
            Child(
                local_authority=la,
                first_name=first,
                last_name=last,
                date_of_birth=_dob_for_age(b, age),
                sex=b.rng.choice("MMF"),
                ethnicity=b.pick(ethnic),
                postcode=b.postcode(),
                setting=setting,
                **ids,
            )
        )
    b.bulk(Child, children)
    _make_families(b, children)
    requests, plans = _make_cases(b, la, stories, children, coordinators)
    _make_advice(b, requests, services, staff)
    _make_consultations(b, requests, children, settings_by_kind)
    _make_placements(b, plans)
    _make_teaching(b, children, staff, plans)
    _make_young_people(b, children, plans)


def _make_families(b: _Builder, children: list[Child]) -> None:
    """One or two carers per child; some siblings share carers; a quarter have accounts."""
    carers: list[Carer] = []
    links: list[tuple[int, int, str]] = []
    previous: list[tuple[int, str]] = []
    for idx, child in enumerate(children):
        if previous and b.rng.random() < 0.08:
            links += [(idx, c, kind) for c, kind in previous]
            continue
        previous = []
        kinds = (
            [RelationshipKind.MOTHER, RelationshipKind.FATHER]
            if b.rng.random() < 0.6
            else [
                b.rng.choice(
                    [
                        RelationshipKind.MOTHER,
                        RelationshipKind.MOTHER,
                        RelationshipKind.FATHER,
                        RelationshipKind.GRANDPARENT,
                        RelationshipKind.FOSTER_CARER,
                    ]
                )
            ]
        )
        for kind in kinds:
            first, _ = b.name()
            carers.append(
                Carer(
                    first_name=first,
                    last_name=child.last_name,
                    postcode=child.postcode,
                    email=f"{first}.{child.last_name}.{len(carers)}@family{child.local_authority.code}.{DEMO_DOMAIN}".lower(),
                )
            )
            previous.append((len(carers) - 1, kind))
            links.append((idx, len(carers) - 1, kind))
    users = []
    for carer in carers:
        if b.rng.random() < 0.25:
            users.append(
                User(
                    email=carer.email,
                    full_name=f"{carer.first_name} {carer.last_name}",
                    role=Role.PARENT,
                    password=b.password,
                )
            )
    b.bulk(User, users)
    by_email = {u.email: u for u in users}
    for carer in carers:
        carer.user = by_email.get(carer.email)
    b.bulk(EmailDevice, [EmailDevice(user=u, name="Email", confirmed=True) for u in users])
    b.bulk(Carer, carers)
    b.bulk(
        Relationship,
        [
            Relationship(
                child=children[i],
                carer=carers[c],
                kind=kind,
                parental_responsibility=kind != RelationshipKind.GRANDPARENT,
            )
            for i, c, kind in links
        ],
    )


def _weeks_to_issue(b: _Builder) -> int:
    """Weeks from request to final plan, following the area's 20-week timeliness."""
    if b.rng.random() < b.profile.within_20_weeks:
        return b.rng.randint(14, 20)
    return b.rng.randint(21, 52) if b.rng.random() < 0.85 else b.rng.randint(53, 75)


def _make_cases(
    b: _Builder,
    la: LocalAuthority,
    stories: list[tuple[str, int]],
    children: list[Child],
    coordinators: list[User],
) -> tuple[list[AssessmentRequest], list[Plan]]:
    requests: list[AssessmentRequest] = []
    changes: list[tuple[int, str, str, dt.date]] = []
    plans: list[Plan] = []
    plan_request: list[int] = []
    for idx, (kind, _) in enumerate(stories):
        child = children[idx]
        age = child.age_on(b.today)
        coordinator = b.rng.choice(coordinators)
        source = b.pick(
            {
                RequestSource.FAMILY: 35,
                RequestSource.SETTING: 50,
                RequestSource.HEALTH: 8,
                RequestSource.SOCIAL_CARE: 3,
                RequestSource.OTHER: 4,
            }
        )
        if kind in ("active", "ceased"):
            years_held = min(age - 2, b.rng.choice([0, 0, 1, 1, 2, 3, 4, 5, 6, 8]))
            issued = b.days_ago(30, 360) - dt.timedelta(days=365 * max(0, years_held))
            issued = max(issued, child.date_of_birth + dt.timedelta(days=700))
            weeks = _weeks_to_issue(b)
            received = issued - dt.timedelta(days=weeks * 7 - b.rng.randint(0, 6))
            case = _request(la, child, coordinator, received, source, len(requests))
            case.decided_to_assess_on = received + dt.timedelta(days=b.rng.randint(25, 48))
            case.decided_to_issue_on = min(
                issued - dt.timedelta(days=30), case.decided_to_assess_on + dt.timedelta(days=60)
            )
            case.draft_sent_on = issued - dt.timedelta(days=b.rng.randint(16, 28))
            case.final_issued_on = issued
            case.closed_on = issued
            case.stage = Stage.PLAN_ISSUED
            case.next_due = None
            steps = [
                (Stage.ASSESSING, case.decided_to_assess_on),
                (Stage.DRAFTING, case.decided_to_issue_on),
                (Stage.DRAFT_SENT, case.draft_sent_on),
                (Stage.PLAN_ISSUED, issued),
            ]
            _history(changes, len(requests), steps, received)
            requests.append(case)
            plan = Plan(
                local_authority=la,
                child=child,
                coordinator=coordinator,
                first_issued_on=issued,
                primary_need=b.pick(b.profile.needs),
                status=PlanStatus.ACTIVE,
            )
            if kind == "ceased":
                plan.status = PlanStatus.CEASED
                plan.ceased_on = b.days_ago(20, 1000)
                if plan.ceased_on <= issued:
                    plan.ceased_on = issued + dt.timedelta(days=200)
                plan.cease_reason = b.pick(
                    {
                        CeaseReason.MAX_AGE: 10,
                        CeaseReason.NEEDS_MET: 25,
                        CeaseReason.EMPLOYMENT: 8,
                        CeaseReason.HIGHER_EDUCATION: 5,
                        CeaseReason.TRANSFERRED: 20,
                        CeaseReason.NO_ENGAGEMENT: 12,
                        CeaseReason.LEFT_ENGLAND: 5,
                        CeaseReason.OTHER: 15,
                    }
                )
            plans.append(plan)
            plan_request.append(len(requests) - 1)
        elif kind == "open":
            received = b.days_ago(1, 210)
            case = _request(la, child, coordinator, received, source, len(requests))
            _open_case(b, case, changes, len(requests))
            requests.append(case)
        else:
            received = b.days_ago(60, 1100)
            case = _request(la, child, coordinator, received, source, len(requests))
            refusal = received + dt.timedelta(days=b.rng.randint(28, 50))
            if b.rng.random() < 0.75:
                case.stage, case.decided_not_to_assess_on = Stage.NOT_ASSESSING, refusal
            else:
                case.stage = Stage.WITHDRAWN
            case.closed_on, case.next_due = refusal, None
            _history(changes, len(requests), [(Stage(case.stage), refusal)], received)
            requests.append(case)
    for case in requests:
        case.primary_need = b.pick(b.profile.needs)
    b.bulk(AssessmentRequest, requests)
    _make_exceptions(b, requests)
    b.bulk(
        StageChange,
        [
            StageChange(request=requests[i], from_stage=frm, to_stage=to, on=on, by=requests[i].coordinator)
            for i, frm, to, on in changes
        ],
    )
    for plan, ri in zip(plans, plan_request, strict=True):
        plan.request = requests[ri]
    reviews = [review for plan in plans for review in _review_history(b, plan)]
    b.bulk(Plan, plans)
    b.bulk(AnnualReview, reviews)
    b.bulk(
        PlanVersion,
        [
            PlanVersion(
                plan=plan,
                number=1,
                status=VersionStatus.ISSUED,
                issued_on=plan.first_issued_on,
                reason="First plan",
            )
            for plan in plans
        ],
    )
    reviews_by_plan: dict[int, list[AnnualReview]] = defaultdict(list)
    for review in reviews:
        reviews_by_plan[review.plan_id].append(review)
    for name, count in make_documents(b.rng, plans, reviews_by_plan, b.today).items():
        b.counts[name] += count
    return requests, plans


EXCEPTION_STORIES = (
    (ExceptionKind.REG10_4_C, 35, "Family bereavement; parent asked for the assessment to pause contact"),
    (ExceptionKind.REG10_4_D, 42, "Family abroad visiting relatives; confirmed by the parent by email"),
    (ExceptionKind.REG10_4_A, 40, "School closed for the summer when its advice was asked for"),
)


def _make_exceptions(b: _Builder, requests: list[AssessmentRequest]) -> None:
    """About one in twenty cases that ran past 20 weeks had a recorded reg 10(4) exception."""
    made = []
    for case in requests:
        ran_late = (case.final_issued_on or b.today) > case.final_due and case.stage != Stage.WITHDRAWN
        if case.decided_to_assess_on is None or not ran_late or b.rng.random() > 0.08:
            continue
        kind, days, evidence = b.rng.choice(EXCEPTION_STORIES)
        start = case.decided_to_assess_on + dt.timedelta(days=b.rng.randint(3, 30))
        if start > b.today:
            continue
        end = min(start + dt.timedelta(days=days), b.today)
        if (end - start).days < 28:
            continue
        made.append(
            ClockException(
                request=case,
                kind=kind,
                start_on=start,
                end_on=end,
                evidence=evidence,
                family_told_on=start + dt.timedelta(days=3),
                recorded_by=case.coordinator,
            )
        )
    b.bulk(ClockException, made)


def _request(
    la: LocalAuthority, child: Child, coordinator: User, received: dt.date, source: str, n: int
) -> AssessmentRequest:
    return AssessmentRequest(
        reference=f"{la.code}-{received:%y}-{n + 1:06d}",
        local_authority=la,
        child=child,
        received_on=received,
        source=source,
        coordinator=coordinator,
        **request_due_dates(received),
    )


def _history(
    changes: list[tuple[int, str, str, dt.date]],
    i: int,
    steps: list[tuple[Stage, dt.date | None]],
    received: dt.date,
) -> None:
    """The case's stage changes, starting with its receipt, as the services would record them."""
    changes.append((i, "", str(Stage.RECEIVED), received))
    previous = Stage.RECEIVED
    for stage, on in steps:
        if on is not None:
            changes.append((i, str(previous), str(stage), on))
            previous = stage


def _open_case(
    b: _Builder, case: AssessmentRequest, changes: list[tuple[int, str, str, dt.date]], i: int
) -> None:
    """An open request at a stage that fits how long ago it arrived; some are late."""
    elapsed = (b.today - case.received_on).days
    late = b.rng.random() > b.profile.within_20_weeks
    decided = case.received_on + dt.timedelta(days=b.rng.randint(20, 55 if late else 41))
    if elapsed < 42 and (decided > b.today or b.rng.random() < 0.5):
        case.stage = Stage.RECEIVED
    elif elapsed < 100 or (late and elapsed < 150):
        decided = min(decided, b.today)
        case.stage, case.decided_to_assess_on = Stage.ASSESSING, decided
    else:
        decided = min(decided, b.today - dt.timedelta(days=60))
        case.decided_to_assess_on = decided
        case.decided_to_issue_on = decided + dt.timedelta(days=b.rng.randint(40, 70))
        if case.decided_to_issue_on > b.today:
            case.decided_to_issue_on = b.today - dt.timedelta(days=5)
        case.stage = Stage.DRAFTING
        if elapsed > 115 and b.rng.random() < 0.7:
            case.draft_sent_on = min(
                b.today, case.decided_to_issue_on + dt.timedelta(days=b.rng.randint(10, 25))
            )
            case.stage = Stage.DRAFT_SENT
    _history(
        changes,
        i,
        [
            (Stage.ASSESSING, case.decided_to_assess_on),
            (Stage.DRAFTING, case.decided_to_issue_on),
            (Stage.DRAFT_SENT, case.draft_sent_on),
        ],
        case.received_on,
    )
    case.next_due = next_due(case)
    case.next_due_for = NEXT_LIMIT.get(Stage(case.stage), "")


ADVICE_FROM = (
    (AdviceKind.PSYCHOLOGICAL, "ep", Role.EP),
    (AdviceKind.MEDICAL, "health", Role.HEALTH),
    (AdviceKind.SOCIAL_CARE, "social_care", Role.SOCIAL_CARE),
)


def _make_advice(
    b: _Builder, requests: list[AssessmentRequest], services: dict[str, Service], staff: dict[str, list[User]]
) -> None:
    """Advice asked for every assessment in progress and for plans issued in the last year."""
    made: list[AdviceRequest] = []
    recent = b.today - dt.timedelta(days=365)
    for case in requests:
        if case.decided_to_assess_on is None:
            continue
        if case.final_issued_on is not None and case.final_issued_on < recent:
            continue
        asked = case.decided_to_assess_on
        for kind, service_key, role in ADVICE_FROM:
            if kind == AdviceKind.SOCIAL_CARE and b.rng.random() < 0.5:
                continue
            due = advice_due(asked)
            professionals = staff[f"{role}:{service_key}"]
            professional = b.rng.choice(professionals) if b.rng.random() < 0.9 else None
            received: dt.date | None = None
            if case.final_issued_on is not None or case.stage != Stage.ASSESSING:
                received = due - dt.timedelta(days=b.rng.randint(-20, 10))
            elif b.rng.random() < 0.5 and asked + dt.timedelta(days=20) < b.today:
                received = min(b.today, asked + dt.timedelta(days=b.rng.randint(20, 50)))
            made.append(
                AdviceRequest(
                    request=case,
                    kind=kind,
                    service=services[service_key],
                    professional=professional,
                    requested_on=asked,
                    due_on=due,
                    received_on=received,
                )
            )
    b.bulk(AdviceRequest, made)


def _make_consultations(
    b: _Builder,
    requests: list[AssessmentRequest],
    children: list[Child],
    settings_by_kind: dict[str, list[Setting]],
) -> None:
    """Settings consulted once a draft is sent; recent ones still wait for a reply."""
    made: list[Consultation] = []
    for case in requests:
        if case.draft_sent_on is None or case.draft_sent_on < b.today - dt.timedelta(days=400):
            continue
        child = case.child
        setting = child.setting or b.rng.choice(settings_by_kind["special"])
        if b.rng.random() < 0.3:
            setting = b.rng.choice(settings_by_kind["special"])
        sent = case.draft_sent_on
        due = sent + dt.timedelta(days=15)
        waiting = case.stage == Stage.DRAFT_SENT and due >= b.today - dt.timedelta(days=10)
        response = (
            ConsultationResponse.AWAITING
            if waiting
            else b.pick({ConsultationResponse.CAN_MEET: 80, ConsultationResponse.CANNOT_MEET: 20})
        )
        made.append(
            Consultation(
                request=case,
                child=child,
                setting=setting,
                sent_on=sent,
                due_on=due,
                response=response,
                responded_on=None if waiting else sent + dt.timedelta(days=b.rng.randint(5, 20)),
            )
        )
    b.bulk(Consultation, made)


def _review_history(b: _Builder, plan: Plan) -> list[AnnualReview]:
    """Annual reviews for every year a plan has run; about one plan in eight is overdue.

    Sets the plan's ``last_reviewed_on`` and ``review_due`` (CFA 2014 s44) in memory, before
    the plan is first written, so no bulk update is needed.
    """
    reviews: list[AnnualReview] = []
    end = plan.ceased_on or b.today
    overdue = plan.status == PlanStatus.ACTIVE and b.rng.random() < 0.12
    anchor = plan.first_issued_on
    while True:
        due = annual_review_due(anchor)
        meeting = due - dt.timedelta(days=b.rng.randint(5, 60))
        if meeting > end or (overdue and due >= b.today - dt.timedelta(days=300)):
            break
        decided = meeting + dt.timedelta(days=b.rng.randint(10, 27 if b.rng.random() < 0.7 else 60))
        reviews.append(
            AnnualReview(
                plan=plan,
                due_on=due,
                meeting_on=meeting,
                decision_due=review_decision_due(meeting),
                decided_on=decided if decided <= b.today else None,
                decision=b.pick(
                    {ReviewDecision.MAINTAIN: 60, ReviewDecision.AMEND: 38, ReviewDecision.CEASE: 2}
                )
                if decided <= b.today
                else "",
                convened_by=plan.child.setting,
            )
        )
        # The plan counts as reviewed on the date of the LA's decision notice (timescales.md
        # 4.1, SEN2 LastReview); while the decision is awaited, the meeting date stands in.
        anchor = decided if decided <= b.today else meeting
    plan.last_reviewed_on = anchor if anchor != plan.first_issued_on else None
    plan.review_due = annual_review_due(anchor) if plan.status == PlanStatus.ACTIVE else None
    return reviews


def _make_placements(b: _Builder, plans: list[Plan]) -> None:
    """Each plan's placement at the setting the child attends."""
    b.bulk(
        Placement,
        [
            Placement(
                plan=plan,
                setting=plan.child.setting,
                start_on=max(plan.first_issued_on, b.today - dt.timedelta(days=900)),
                end_on=plan.ceased_on,
            )
            for plan in plans
            if plan.child.setting is not None
        ],
    )


def _make_teaching(
    b: _Builder, children: list[Child], staff: dict[str, list[User]], plans: list[Plan]
) -> None:
    """Each pupil with a plan at a school is taught by one or two of its teachers."""
    with_plan = {p.child_id for p in plans if p.status == PlanStatus.ACTIVE}
    made: list[TeachingAssignment] = []
    for child in children:
        if child.pk not in with_plan or child.setting_id is None:
            continue
        teachers = staff.get(f"teachers:{child.setting_id}") or []
        for teacher in b.rng.sample(teachers, k=min(len(teachers), b.rng.randint(1, 2))):
            made.append(TeachingAssignment(child=child, teacher=teacher))
    b.bulk(TeachingAssignment, made)


def _make_young_people(b: _Builder, children: list[Child], plans: list[Plan]) -> None:
    """Some young people aged 16 to 25 with plans manage their own account."""
    active = {p.child_id for p in plans if p.status == PlanStatus.ACTIVE}
    candidates = [c for c in children if c.pk in active and 16 <= c.age_on(b.today) <= 25]
    chosen = [c for c in candidates if b.rng.random() < 0.06]
    if candidates and not chosen:
        chosen = candidates[:1]  # every area shows the young person's own view
    users = [
        User(
            email=f"{c.first_name}.{c.last_name}.{c.pk}@young.{DEMO_DOMAIN}".lower(),
            full_name=c.full_name,
            role=Role.YOUNG_PERSON,
            password=b.password,
        )
        for c in chosen
    ]
    b.bulk(User, users)
    b.bulk(EmailDevice, [EmailDevice(user=u, name="Email", confirmed=True) for u in users])
    for child, user in zip(chosen, users, strict=True):
        child.user = user
    Child.objects.bulk_update(chosen, ["user"], batch_size=BATCH)


# -- the demo logins --------------------------------------------------------------------------
def _choose_demo_logins(b: _Builder, la: LocalAuthority, staff: dict[str, list[User]]) -> list[Login]:
    """Give one account per role a memorable email, choosing accounts with work to show."""
    from django.db.models import Count, Q

    code = la.code
    picks: dict[str, User] = {}
    for role in (
        Role.COORDINATOR,
        Role.MANAGER,
        Role.FINANCE,
        Role.DATA_OFFICER,
        Role.COUNCILLOR,
        Role.ADMIN,
    ):
        picks[role] = staff[role][0]
    picks[Role.SENCO] = (
        User.objects.filter(role=Role.SENCO, setting__local_authority=la, setting__kind="mainstream")
        .annotate(
            n=Count("setting__consultations", filter=Q(setting__consultations__response="awaiting")),
            p=Count("setting__pupils"),
        )
        .order_by("-n", "-p", "pk")
        .first()
    )
    senco_setting = picks[Role.SENCO].setting_id
    picks[Role.TEACHER] = (
        User.objects.filter(role=Role.TEACHER, setting_id=senco_setting)
        .annotate(n=Count("teaching"))
        .order_by("-n", "pk")
        .first()
    )
    for role in (Role.EP, Role.HEALTH, Role.SOCIAL_CARE):
        picks[role] = (
            User.objects.filter(role=role, service__local_authority=la)
            .annotate(n=Count("advice_requests", filter=Q(advice_requests__received_on=None)))
            .order_by("-n", "pk")
            .first()
        )
    parent_child = (
        AssessmentRequest.objects.filter(
            local_authority=la, stage=Stage.ASSESSING, child__relationships__carer__user__isnull=False
        )
        .order_by("received_on", "pk")
        .values_list("child__relationships__carer__user", flat=True)
        .first()
    )
    parent = (
        User.objects.filter(pk=parent_child).first()
        or User.objects.filter(role=Role.PARENT, carer__relationships__child__local_authority=la)
        .order_by("pk")
        .first()
    )
    if parent:
        picks[Role.PARENT] = parent
    young = User.objects.filter(role=Role.YOUNG_PERSON, own_record__local_authority=la).order_by("pk").first()
    if young:
        picks[Role.YOUNG_PERSON] = young
    logins = []
    for role, user in picks.items():
        if user is None:
            continue
        user.email = demo_email(role, code)
        user.save(update_fields=["email"])
        if role not in EMAIL_CODE_ROLES:
            TOTPDevice.objects.filter(user=user).update(key=totp_key(b.seed, user.email))
        logins.append(
            Login(
                role=Role(role).label,
                email=user.email,
                name=user.full_name,
                organisation=user.organisation_name or "Family",
                second_factor=(
                    "emailed code (printed in the server console)"
                    if role in EMAIL_CODE_ROLES
                    else f"authenticator: .venv/bin/python manage.py demo_code {user.email}"
                ),
            )
        )
    order = list(DEMO_LOGINS)
    logins.sort(key=lambda lg: order.index(next(r for r in Role if r.label == lg.role)))
    return logins
