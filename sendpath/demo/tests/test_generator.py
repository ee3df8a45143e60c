"""The synthetic area: deterministic, realistic, valid, and with a demo login per role."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from sendpath.accounts.models import User
from sendpath.accounts.roles import Role
from sendpath.assessments.models import AssessmentRequest
from sendpath.assessments.workflow import Stage
from sendpath.demo.calibration import ENGLAND, load_profile
from sendpath.demo.generator import build_area, demo_email
from sendpath.law.identifiers import validate_nhs_number, validate_postcode, validate_uln, validate_upn
from sendpath.organisations.models import SettingKind
from sendpath.people.models import Child
from sendpath.plans.models import Plan, PlanStatus

TODAY = dt.date(2026, 11, 20)
DATA = Path(settings.SHARED_DATA_DIR)


def snapshot() -> list[tuple]:
    return list(
        Child.objects.order_by("pk").values_list(
            "first_name", "last_name", "date_of_birth", "upn", "nhs_number", "setting__name"
        )
    )


@pytest.mark.django_db
def test_same_seed_builds_the_same_area() -> None:
    build_area(plans=40, seed=5, profile=ENGLAND, today=TODAY, la_code="999")
    first = snapshot()
    requests = list(AssessmentRequest.objects.order_by("pk").values_list("received_on", "stage"))
    build_area(plans=40, seed=5, profile=ENGLAND, today=TODAY, la_code="998")
    second = snapshot()[len(first) :]
    assert [r[:5] for r in second] == [r[:5] for r in first]
    second_requests = list(
        AssessmentRequest.objects.filter(local_authority__code="998")
        .order_by("pk")
        .values_list("received_on", "stage")
    )
    assert second_requests == requests


@pytest.mark.django_db
def test_different_seeds_build_different_areas() -> None:
    build_area(plans=30, seed=1, profile=ENGLAND, today=TODAY, la_code="999")
    first = [r[:3] for r in snapshot()]
    build_area(plans=30, seed=2, profile=ENGLAND, today=TODAY, la_code="998")
    assert [r[:3] for r in snapshot()[len(first) :]] != first


@pytest.mark.django_db
def test_area_has_every_stage_setting_type_and_role() -> None:
    area = build_area(plans=300, seed=3, profile=ENGLAND, today=TODAY, la_code="999")
    la = area.local_authority
    assert Plan.objects.filter(local_authority=la, status=PlanStatus.ACTIVE).count() == 300
    assert Plan.objects.filter(local_authority=la, status=PlanStatus.CEASED).exists()
    stages = set(AssessmentRequest.objects.filter(local_authority=la).values_list("stage", flat=True))
    assert stages >= {
        Stage.RECEIVED,
        Stage.ASSESSING,
        Stage.DRAFTING,
        Stage.DRAFT_SENT,
        Stage.PLAN_ISSUED,
        Stage.NOT_ASSESSING,
        Stage.WITHDRAWN,
    }
    kinds = set(la.settings.values_list("kind", flat=True))
    assert kinds == set(SettingKind.values)
    for role in Role:
        assert User.objects.filter(email=demo_email(role, "999"), role=role).exists(), role
    assert {lg.role for lg in area.logins} == {r.label for r in Role}
    # Some cases are overdue, some reviews are late: the demo shows breaches as well as work.
    assert AssessmentRequest.objects.filter(local_authority=la, next_due__lt=TODAY).exists()
    assert Plan.objects.filter(local_authority=la, status=PlanStatus.ACTIVE, review_due__lt=TODAY).exists()


@pytest.mark.django_db
def test_every_identifier_is_valid() -> None:
    build_area(plans=200, seed=4, profile=ENGLAND, today=TODAY, la_code="999")
    for child in Child.objects.all():
        assert child.upn or child.uln or child.upn_unknown
        if child.upn:
            assert validate_upn(child.upn) == child.upn
        if child.uln:
            assert validate_uln(child.uln) == child.uln
        if child.nhs_number:
            assert validate_nhs_number(child.nhs_number) == child.nhs_number
        assert validate_postcode(child.postcode) == child.postcode
        assert 0 <= child.age_on(TODAY) <= 26


@pytest.mark.django_db
def test_dates_are_in_order() -> None:
    build_area(plans=200, seed=6, profile=ENGLAND, today=TODAY, la_code="999")
    for case in AssessmentRequest.objects.all():
        steps = [
            case.received_on,
            case.decided_to_assess_on,
            case.decided_to_issue_on,
            case.draft_sent_on,
            case.final_issued_on,
        ]
        present = [d for d in steps if d is not None]
        assert present == sorted(present), case.reference
        assert all(d <= TODAY for d in present)
    for plan in Plan.objects.all():
        assert plan.first_issued_on <= TODAY
        if plan.ceased_on:
            assert plan.ceased_on > plan.first_issued_on


def test_profile_follows_a_real_authority() -> None:
    leicester = load_profile(DATA, "856")
    assert leicester.la_name == "Leicester"
    assert leicester.plans == 4057
    assert abs(sum(leicester.needs.values()) - 1) < 1e-9
    assert abs(sum(leicester.settings.values()) - 1) < 1e-9
    assert max(leicester.needs, key=leicester.needs.get) == "ASD"
    with pytest.raises(ValueError, match="No published figures"):
        load_profile(DATA, "000")


@pytest.mark.django_db
def test_command_builds_once_and_prints_logins() -> None:
    out = StringIO()
    call_command("make_demo_area", "--plans", "20", "--seed", "1", "--today", "2026-11-20", stdout=out)
    assert "coordinator@999.demo.sendpath.test" in out.getvalue()
    again = StringIO()
    call_command("make_demo_area", "--if-empty", stdout=again)
    assert "already exists" in again.getvalue()
    with pytest.raises(CommandError, match="already exists"):
        call_command("make_demo_area", "--plans", "20", stdout=StringIO())
    code = StringIO()
    call_command("demo_code", "coordinator@999.demo.sendpath.test", stdout=code)
    assert code.getvalue().strip().isdigit() and len(code.getvalue().strip()) == 6
    with pytest.raises(CommandError, match="emailed|email"):
        call_command("demo_code", "parent@999.demo.sendpath.test", stdout=StringIO())


@pytest.mark.django_db
def test_area_has_exceptions_late_advice_and_needs_on_requests() -> None:
    from sendpath.assessments.models import AdviceRequest, ClockException

    area = build_area(plans=400, seed=8, profile=ENGLAND, today=TODAY, la_code="999")
    la = area.local_authority
    assert ClockException.objects.filter(request__local_authority=la).exists()
    for exception in ClockException.objects.all():
        assert exception.end_on >= exception.start_on >= exception.request.received_on
    late = AdviceRequest.objects.filter(request__local_authority=la, received_on=None, due_on__lt=TODAY)
    assert late.exists()
    assert not AssessmentRequest.objects.filter(local_authority=la, primary_need="").exists()


@pytest.mark.django_db
def test_plans_have_linked_documents_amendments_and_vague_wording_to_find() -> None:
    from sendpath.plans.diff import compare
    from sendpath.plans.document import load
    from sendpath.plans.models import PlanVersion
    from sendpath.plans.quality import check

    build_area(plans=120, seed=9, profile=ENGLAND, today=TODAY, la_code="999")
    documents = [load(v) for v in PlanVersion.objects.filter(number=1).exclude(outcomes=None)[:60]]
    assert documents
    for doc in documents:
        assert doc.needs and doc.outcomes and doc.provision
        assert all(o["needs"] for o in doc.outcomes) and all(p["outcomes"] for p in doc.provision)
    flagged = [f for doc in documents for f in check(doc)]
    assert any("vague words" in f.problem for f in flagged)
    second = PlanVersion.objects.filter(number=2).first()
    assert second is not None and second.based_on.number == 1
    assert any(s.changed for s in compare(load(second.based_on), load(second)))
