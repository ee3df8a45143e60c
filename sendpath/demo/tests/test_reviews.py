"""Demo area: reviews at every stage (some breached), phase-transfer cohorts, planned moves
and a term of ratings at some schools, including the demo SENCO's."""

from __future__ import annotations

import datetime as dt

import pytest

from sendpath.accounts.models import User
from sendpath.accounts.roles import Role
from sendpath.assessments.models import Consultation
from sendpath.demo.calibration import ENGLAND
from sendpath.demo.generator import build_area
from sendpath.progress.models import Rating, Target
from sendpath.progress.selectors import unrated_pupils
from sendpath.reviews.models import AnnualReview, PlannedMove, ReviewStage
from sendpath.reviews.transfers import PHASES, cohort, transfer_year

TODAY = dt.date(2026, 11, 20)


@pytest.mark.django_db
def test_reviews_transfers_and_ratings_in_the_demo_area() -> None:
    area = build_area(plans=400, seed=11, profile=ENGLAND, today=TODAY, la_code="999")
    la = area.local_authority
    reviews = AnnualReview.objects.filter(plan__local_authority=la)
    stages = set(reviews.values_list("stage", flat=True))
    assert stages == {s.value for s in ReviewStage}
    assert not reviews.filter(stage=ReviewStage.DECIDED, decided_on__isnull=True).exists()
    breached = (
        reviews.filter(stage=ReviewStage.HELD, report_due__lt=TODAY).exists()
        or reviews.filter(stage=ReviewStage.REPORTED, decision_due__lt=TODAY).exists()
    )
    assert breached
    # One open review at most per plan.
    open_per_plan = reviews.exclude(stage=ReviewStage.DECIDED).values_list("plan_id", flat=True)
    assert len(list(open_per_plan)) == len(set(open_per_plan))
    year = transfer_year(TODAY)
    assert all(cohort(la.pk, year, p, TODAY) for p in PHASES)
    assert Consultation.objects.filter(child__local_authority=la, request__isnull=True).exists()
    assert PlannedMove.objects.filter(plan__local_authority=la).exists()
    targets = Target.objects.filter(plan__local_authority=la)
    assert targets.exists() and Rating.objects.filter(target__in=targets).count() > 3 * targets.count()
    senco = User.objects.get(email="senco@999.demo.sendpath.test")
    assert targets.filter(plan__child__setting_id=senco.setting_id).exists()
    teacher = User.objects.get(email="teacher@999.demo.sendpath.test")
    assert teacher.targets.exists() or not teacher.teaching.exists()
    assert unrated_pupils(senco, TODAY) is not None
    assert senco.role == Role.SENCO
