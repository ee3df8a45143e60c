"""A small synthetic area for the SEN2 2026 collection, built from a fixed seed.

Every story the return must tell appears at least once: plans made years ago and still
maintained (historical), plans issued in 2025 (some with a 20-week exception), plans ceased
in 2025, requests refused, withdrawn, still undecided, assessed but not issued, assessment
still running, a child who moved away (exported), a plan with no request on record, and a
mediation. Built with plain ``objects.create`` and explicit values (no factory sequences),
so the same seed always gives the same records and the same XML, whatever tests ran first.
"""

from __future__ import annotations

import datetime as dt
import random
from types import SimpleNamespace

from sendpath.assessments.clocks import request_due_dates
from sendpath.assessments.models import AssessmentRequest, ClockException, ExceptionKind
from sendpath.assessments.workflow import Stage
from sendpath.disputes.models import Dispute
from sendpath.funding.models import Placement
from sendpath.law.identifiers import make_uln, make_upn
from sendpath.organisations.models import LocalAuthority, Phase, Setting, SettingKind
from sendpath.people.models import Child
from sendpath.plans.models import Plan, PlanStatus, PlanVersion, VersionStatus
from sendpath.reviews.models import AnnualReview, ReviewStage

SEED = 2026
FIRST = ["Ava", "Ben", "Cara", "Dev", "Ella", "Finn", "Gita", "Hugo", "Isla", "Jack", "Kemi", "Leo"]
LAST = ["Adeyemi", "Brown", "Clarke", "Dhillon", "Evans", "Fraser", "Green", "Hussain", "Iqbal", "Jones"]
STORIES = (
    "old_plan",
    "new_plan",
    "new_plan_exception",
    "ceased",
    "refused",
    "withdrawn",
    "undecided",
    "no_issue",
    "assessing",
    "exported",
    "plan_without_request",
    "old_plan",
    "new_plan",
    "old_plan_ukprn",
)


def d(y: int, m: int, day: int) -> dt.date:
    return dt.date(y, m, day)


def build(seed: int = SEED, la_code: str = "919") -> SimpleNamespace:
    rng = random.Random(seed)
    la = LocalAuthority.objects.create(code=la_code, name="Golden Vale (synthetic)")
    school = Setting.objects.create(
        local_authority=la,
        name="Vale Primary",
        urn="130001",
        kind=SettingKind.MAINSTREAM,
        phase=Phase.PRIMARY,
        postcode="AL1 1AA",
    )
    special = Setting.objects.create(
        local_authority=la,
        name="Vale Special",
        urn="130002",
        kind=SettingKind.SPECIAL,
        phase=Phase.ALL_THROUGH,
        postcode="AL1 2AA",
    )
    base = Setting.objects.create(
        local_authority=la,
        name="Vale Resource Base",
        urn="130003",
        kind=SettingKind.RESOURCED,
        phase=Phase.SECONDARY,
        postcode="AL1 3AA",
    )
    college = Setting.objects.create(
        local_authority=la,
        name="Vale College",
        ukprn="10012345",
        kind=SettingKind.FE_COLLEGE,
        phase=Phase.POST_16,
        postcode="AL1 4AA",
    )
    out = SimpleNamespace(
        la=la, settings=[school, special, base, college], children=[], requests=[], plans=[]
    )
    serial = 0
    for n, story in enumerate(STORIES * 2):
        age = rng.randint(5, 15) if story != "old_plan_ukprn" else 17
        birth = d(2025 - age, rng.randint(1, 12), rng.randint(1, 28))
        ids = {"upn": "", "uln": "", "upn_unknown": ""}
        if story == "old_plan_ukprn":
            ids["uln"] = make_uln(f"{rng.randint(100000000, 999999999)}") or ""
            if not ids["uln"]:
                ids["upn_unknown"] = "UN9"
        elif n % 9 == 4:
            ids["upn_unknown"] = "UN2"
        else:
            serial += 1
            ids["upn"] = make_upn(919, 2000 + n, 20, serial)
        child = Child.objects.create(
            local_authority=la,
            first_name=rng.choice(FIRST),
            last_name=rng.choice(LAST),
            date_of_birth=birth,
            sex=rng.choice("MF"),
            ethnicity=rng.choice(["WBRI", "AIND", "BAFR", "MWBC", "NOBT"]),
            postcode=f"AL{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFG')}{rng.choice('HJLNPQ')}",
            setting=school,
            **ids,
        )
        out.children.append(child)
        _story(rng, out, la, child, story, n)
    return out


def _request(
    la: LocalAuthority, child: Child, received: dt.date, n: int, **fields: object
) -> AssessmentRequest:
    return AssessmentRequest.objects.create(
        reference=f"GV-{n:04d}",
        local_authority=la,
        child=child,
        received_on=received,
        source=fields.pop("source", "2"),
        **request_due_dates(received),
        **fields,
    )


def _plan(
    out: SimpleNamespace,
    la: LocalAuthority,
    child: Child,
    request: AssessmentRequest | None,
    issued: dt.date,
    rng: random.Random,
    **fields: object,
) -> Plan:
    needs = ["ASD", "SLCN", "SEMH", "MLD", "SPLD", "DS"]
    plan = Plan.objects.create(
        local_authority=la,
        child=child,
        request=request,
        first_issued_on=issued,
        primary_need=rng.choice(needs),
        secondary_need=rng.choice(["", "", "SLCN", "SEMH"]),
        status=fields.pop("status", PlanStatus.ACTIVE),
        **fields,
    )
    PlanVersion.objects.create(plan=plan, number=1, status=VersionStatus.ISSUED, issued_on=issued)
    out.plans.append(plan)
    return plan


def _story(
    rng: random.Random, out: SimpleNamespace, la: LocalAuthority, child: Child, story: str, n: int
) -> None:
    school, special, base, college = out.settings
    if story in ("old_plan", "ceased", "old_plan_ukprn", "plan_without_request"):
        received = d(2021, rng.randint(1, 6), rng.randint(1, 28))
        issued = received + dt.timedelta(weeks=19)
        request = None
        if story != "plan_without_request":
            request = _request(
                la,
                child,
                received,
                n,
                stage=Stage.PLAN_ISSUED,
                decided_to_assess_on=received + dt.timedelta(weeks=5),
                decided_to_issue_on=received + dt.timedelta(weeks=12),
                final_issued_on=issued,
                closed_on=issued,
            )
            out.requests.append(request)
        ceased = story == "ceased"
        plan = _plan(
            out,
            la,
            child,
            request,
            issued,
            rng,
            status=PlanStatus.CEASED if ceased else PlanStatus.ACTIVE,
            ceased_on=d(2025, rng.randint(2, 11), 10) if ceased else None,
            cease_reason=rng.choice("2459") if ceased else "",
        )
        setting = {"old_plan_ukprn": college, "plan_without_request": base}.get(
            story, rng.choice([school, special])
        )
        Placement.objects.create(plan=plan, setting=setting, start_on=issued, end_on=plan.ceased_on)
        if not ceased:
            meeting = d(2025, rng.randint(2, 10), rng.randint(1, 28))
            decision = rng.choice("MA")
            AnnualReview.objects.create(
                plan=plan,
                due_on=meeting + dt.timedelta(days=30),
                meeting_on=meeting,
                held_on=meeting,
                decision=decision,
                decided_on=meeting + dt.timedelta(days=rng.choice([14, 20, 40])),
                proposals_sent_on=meeting + dt.timedelta(days=21) if decision == "A" else None,
                stage=ReviewStage.DECIDED,
            )
        return
    received = d(2025, rng.randint(1, 5), rng.randint(1, 28))
    if story in ("new_plan", "new_plan_exception"):
        decided = received + dt.timedelta(weeks=rng.randint(4, 7))
        issued = received + dt.timedelta(weeks=rng.randint(17, 30))
        request = _request(
            la,
            child,
            received,
            n,
            source=rng.choice("12345"),
            stage=Stage.PLAN_ISSUED,
            decided_to_assess_on=decided,
            decided_to_issue_on=decided + dt.timedelta(weeks=6),
            final_issued_on=issued,
            closed_on=issued,
        )
        out.requests.append(request)
        if story == "new_plan_exception":
            ClockException.objects.create(
                request=request,
                kind=ExceptionKind.REG10_4_C,
                start_on=decided + dt.timedelta(days=3),
                end_on=decided + dt.timedelta(days=40),
                evidence="Family bereavement",
            )
        plan = _plan(out, la, child, request, issued, rng)
        Placement.objects.create(plan=plan, setting=rng.choice([school, special, base]), start_on=issued)
    elif story == "refused":
        request = _request(
            la,
            child,
            received,
            n,
            source="1",
            stage=Stage.NOT_ASSESSING,
            decided_not_to_assess_on=received + dt.timedelta(weeks=6),
            closed_on=received + dt.timedelta(weeks=6),
        )
        out.requests.append(request)
        Dispute.objects.create(
            local_authority=la,
            child=child,
            request=request,
            decision_appealed="refusal_to_assess",
            decision_sent_on=received + dt.timedelta(weeks=6),
            mediation_held_on=received + dt.timedelta(weeks=10),
        )
    elif story == "withdrawn":
        out.requests.append(
            _request(
                la, child, received, n, stage=Stage.WITHDRAWN, closed_on=received + dt.timedelta(weeks=3)
            )
        )
    elif story == "undecided":
        late = d(2025, 12, rng.randint(1, 20))
        out.requests.append(
            _request(la, child, late, n, stage=Stage.RECEIVED, in_youth_accommodation=n % 2 == 0)
        )
    elif story == "no_issue":
        decided = received + dt.timedelta(weeks=6)
        out.requests.append(
            _request(
                la,
                child,
                received,
                n,
                stage=Stage.NO_PLAN,
                decided_to_assess_on=decided,
                decided_not_to_issue_on=decided + dt.timedelta(weeks=9),
                closed_on=decided + dt.timedelta(weeks=9),
            )
        )
    elif story == "assessing":
        late = d(2025, 9, rng.randint(1, 28))
        out.requests.append(
            _request(
                la, child, late, n, stage=Stage.ASSESSING, decided_to_assess_on=late + dt.timedelta(weeks=5)
            )
        )
    elif story == "exported":
        out.requests.append(
            _request(
                la,
                child,
                received,
                n,
                stage=Stage.ASSESSING,
                decided_to_assess_on=received + dt.timedelta(weeks=5),
                exported_to_la="856",
            )
        )
