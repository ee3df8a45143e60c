"""Each DfE figure computed by the database, checked case by case at its boundaries: the
day a limit falls on is in time and the day after is not (sen2.md section 8, rule W)."""

from __future__ import annotations

import datetime as dt

import pytest

from sendpath.assessments.models import ClockException, ExceptionKind
from sendpath.assessments.workflow import Stage
from sendpath.figures import arithmetic as ar
from sendpath.figures import definitions as d
from sendpath.funding.models import Placement
from sendpath.organisations.models import SettingKind
from sendpath.plans.codes import CeaseReason, NeedType
from sendpath.plans.models import PlanStatus
from sendpath.reviews.models import AnnualReview, ReviewDecision
from tests import factories as f

pytestmark = pytest.mark.django_db

YEAR = ar.Period.calendar_year(2025)
D = dt.date


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def _request(la, received: dt.date, **fields):  # noqa: ANN001, ANN202
    child = f.ChildFactory(local_authority=la)
    return f.AssessmentRequestFactory(child=child, received_on=received, **fields)


def test_every_figure_is_defined_once_with_its_dfe_measure() -> None:
    for figure in d.FIGURES.values():
        assert figure.title and figure.definition
        assert "Education, health and care plans" in figure.citation
        if figure.source is not None:
            assert figure.source.file.endswith(".csv")


def test_requests_and_six_week_decisions() -> None:
    la = f.LocalAuthorityFactory()
    start = D(2025, 3, 1)
    _request(la, start, stage=Stage.ASSESSING, decided_to_assess_on=start + days(42))  # day 42: in time
    _request(la, start, stage=Stage.NOT_ASSESSING, decided_not_to_assess_on=start + days(43))  # day 43: late
    # Received in 2024, decided in 2025: in the decisions, not in the requests.
    _request(la, D(2024, 12, 1), stage=Stage.ASSESSING, decided_to_assess_on=D(2025, 1, 5))
    _request(la, D(2025, 6, 1))  # no decision yet
    _request(la, D(2024, 6, 1), stage=Stage.ASSESSING, decided_to_assess_on=D(2024, 7, 1))  # other year
    values = d.request_figures(la.pk, YEAR)
    assert values["requests_received"] == 3
    assert values["request_decisions_within_6_weeks"] == ar.Rate(2, 3)
    assert values["requests_agreed"] == ar.Rate(1, 3)


def test_decisions_not_to_issue_within_16_weeks_and_assessments() -> None:
    la = f.LocalAuthorityFactory()
    start = D(2025, 1, 10)
    _request(la, start, stage=Stage.NO_PLAN, decided_not_to_issue_on=start + days(112))
    _request(la, start, stage=Stage.NO_PLAN, decided_not_to_issue_on=start + days(113))
    _request(la, start, stage=Stage.PLAN_ISSUED, final_issued_on=start + days(140))
    values = d.assessment_figures(la.pk, YEAR)
    assert values["not_to_issue_within_16_weeks"] == ar.Rate(1, 2)
    assert values["assessments_completed"] == 3
    assert values["assessments_plan_issued"] == ar.Rate(1, 3)


def test_twenty_week_bands_with_and_without_exceptions() -> None:
    la = f.LocalAuthorityFactory()
    start = D(2024, 11, 1)
    for elapsed in (140, 141, 364, 365):
        _request(la, start, stage=Stage.PLAN_ISSUED, final_issued_on=start + days(elapsed))
    excepted = _request(la, start, stage=Stage.PLAN_ISSUED, final_issued_on=start + days(200))
    ClockException.objects.create(
        request=excepted, kind=ExceptionKind.REG10_4_C, start_on=start, end_on=start + days(40), evidence="x"
    )
    # A coronavirus exception is not reg 10(4): SEN2 Week20 stays 0 (sen2.md item 3.7).
    covid = _request(la, start, stage=Stage.PLAN_ISSUED, final_issued_on=start + days(100))
    ClockException.objects.create(
        request=covid, kind=ExceptionKind.COVID_2020, start_on=start, end_on=start + days(40), evidence="x"
    )
    # Issued in 2024: not in the 2025 cohort.
    _request(la, D(2024, 1, 1), stage=Stage.PLAN_ISSUED, final_issued_on=D(2024, 5, 1))
    values = d.timeliness_figures(la.pk, YEAR)
    assert values["issued_within_20_weeks_including_exceptions"] == ar.Rate(2, 6)
    assert values["issued_20_to_52_weeks_including_exceptions"] == ar.Rate(3, 6)
    assert values["issued_over_52_weeks_including_exceptions"] == ar.Rate(1, 6)
    assert values["issued_within_20_weeks_excluding_exceptions"] == ar.Rate(2, 5)
    assert values["issued_20_to_52_weeks_excluding_exceptions"] == ar.Rate(2, 5)
    assert values["issued_over_52_weeks_excluding_exceptions"] == ar.Rate(1, 5)
    assert values["average_weeks_to_issue"] == {"weeks": 31.2, "count": 6}  # 1310 days / 6 / 7
    assert values["average_weeks_to_issue_excluding_exceptions"] == {"weeks": 31.7, "count": 5}


def test_no_plans_issued_gives_empty_rates_not_errors() -> None:
    la = f.LocalAuthorityFactory()
    values = d.timeliness_figures(la.pk, YEAR)
    assert values["issued_within_20_weeks_excluding_exceptions"].percentage is None
    assert values["average_weeks_to_issue"] == {"weeks": None, "count": 0}


def _review(plan, meeting: dt.date, decided: dt.date | None, decision: str = "", held: bool = False):  # noqa: ANN001, ANN202
    return AnnualReview.objects.create(
        plan=plan,
        due_on=meeting + days(30),
        meeting_on=None if held else meeting,
        held_on=meeting if held else None,
        decided_on=decided,
        decision=decision,
    )


def test_reviews_expected_held_and_decided_within_four_weeks() -> None:
    la = f.LocalAuthorityFactory()
    a = f.PlanFactory(child=f.ChildFactory(local_authority=la), first_issued_on=D(2023, 1, 1))
    b = f.PlanFactory(child=f.ChildFactory(local_authority=la), first_issued_on=D(2023, 6, 1))
    f.PlanFactory(child=f.ChildFactory(local_authority=la), first_issued_on=D(2025, 3, 1))  # too new
    f.PlanFactory(child=f.ChildFactory(local_authority=la), first_issued_on=D(2022, 1, 1))  # no review
    _review(a, D(2025, 5, 1), D(2025, 5, 29), ReviewDecision.MAINTAIN)  # day 28: in time
    _review(b, D(2025, 6, 1), D(2025, 6, 30), ReviewDecision.AMEND, held=True)  # day 29: late
    _review(a, D(2024, 5, 1), D(2024, 5, 20), ReviewDecision.MAINTAIN)  # another year
    assert d.reviews_expected_figures(la.pk, YEAR, D(2026, 3, 1))["reviews_held"] == ar.Rate(2, 3)
    decisions = d.review_decision_figures(la.pk, YEAR)
    assert decisions["review_decisions_within_4_weeks"] == ar.Rate(1, 2)
    outcomes = {r["key"]: r["count"] for r in decisions["review_outcomes"]["rows"]}
    assert outcomes == {"M": 1, "A": 1, "C": 0}


def test_ceased_plans_by_reason() -> None:
    la = f.LocalAuthorityFactory()
    for reason, ceased in (
        (CeaseReason.MAX_AGE, D(2025, 2, 1)),
        (CeaseReason.MAX_AGE, D(2025, 12, 31)),
        (CeaseReason.TRANSFERRED, D(2025, 1, 1)),
        (CeaseReason.NEEDS_MET, D(2024, 12, 31)),  # the year before
    ):
        f.PlanFactory(
            child=f.ChildFactory(local_authority=la),
            first_issued_on=D(2020, 1, 1),
            status=PlanStatus.CEASED,
            ceased_on=ceased,
            cease_reason=reason,
        )
    ceased = d.ceased_figures(la.pk, YEAR)["plans_ceased"]
    counts = {r["key"]: r["count"] for r in ceased["rows"]}
    assert counts[CeaseReason.MAX_AGE] == 2 and counts[CeaseReason.TRANSFERRED] == 1
    assert counts[CeaseReason.NEEDS_MET] == 0
    assert ceased["total"] == 3


def test_caseload_at_january_by_need_setting_and_age() -> None:
    la = f.LocalAuthorityFactory()
    census = ar.census_day(2026)  # 15 January 2026
    special = f.SettingFactory(local_authority=la, kind=SettingKind.SPECIAL)
    ten = f.ChildFactory(local_authority=la, date_of_birth=D(2015, 1, 15))  # 11 on census day
    two = f.ChildFactory(local_authority=la, date_of_birth=D(2023, 6, 1))  # 2: "under 3"
    plan = f.PlanFactory(child=ten, first_issued_on=D(2022, 1, 1), primary_need=NeedType.SEMH)
    Placement.objects.create(plan=plan, setting=special, start_on=D(2022, 1, 1))
    f.PlanFactory(child=two, first_issued_on=census, primary_need=NeedType.ASD)  # issued that day: counts
    gone = f.ChildFactory(local_authority=la)
    f.PlanFactory(child=gone, first_issued_on=D(2020, 1, 1), status=PlanStatus.CEASED, ceased_on=census)
    later = f.ChildFactory(local_authority=la)
    f.PlanFactory(child=later, first_issued_on=census + days(1))
    values = d.caseload_figures(la.pk, census)
    needs = {r["key"]: r["count"] for r in values["caseload_by_need"]["rows"]}
    assert needs[NeedType.SEMH] == 1 and needs[NeedType.ASD] == 1 and values["caseload_by_need"]["total"] == 2
    settings = {r["key"]: r["count"] for r in values["caseload_by_setting"]["rows"]}
    assert settings[SettingKind.SPECIAL] == 1 and settings[d.NO_PLACEMENT] == 1
    ages = {r["key"]: r["count"] for r in values["caseload_by_age"]["rows"]}
    assert ages["age 11"] == 1 and ages["under 3"] == 1 and ages["age 10"] == 0


def test_compute_gives_every_figure_for_an_empty_authority() -> None:
    la = f.LocalAuthorityFactory()
    values = d.compute(la.pk, YEAR, ar.census_day(2026), D(2026, 3, 1))
    assert set(values) == set(d.FIGURES)
    assert values["requests_received"] == 0


def test_monthly_rates_match_the_figures_for_each_month() -> None:
    la = f.LocalAuthorityFactory()
    start = D(2025, 1, 1)
    for elapsed in (120, 140, 141, 150, 160, 200, 230):
        _request(la, start, stage=Stage.PLAN_ISSUED, final_issued_on=start + days(elapsed))
    plan = f.PlanFactory(child=f.ChildFactory(local_authority=la), first_issued_on=D(2023, 1, 1))
    _review(plan, D(2025, 5, 1), D(2025, 5, 29), ReviewDecision.MAINTAIN)
    _review(plan, D(2025, 5, 10), D(2025, 6, 10), ReviewDecision.AMEND)
    months = ar.monthly_periods(D(2025, 8, 31), 6)
    monthly = d.monthly_headline_rates(la.pk, months)
    assert list(monthly) == [m.start for m in months]
    for month in months:
        for figure_id in d.RATE_GROUPS:
            assert monthly[month.start][figure_id] == d.rate_for(figure_id, la.pk, month), (month, figure_id)
    # 1 Jan + 120, 140, 141 and 150 days all fall in May; two are within 20 weeks.
    assert monthly[D(2025, 5, 1)]["issued_within_20_weeks_excluding_exceptions"] == ar.Rate(2, 4)
