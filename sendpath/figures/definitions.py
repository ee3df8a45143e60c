"""DfE's EHC plan figures, each defined once, computed from our own records.

Every figure names the DfE measure it reproduces: the publication, the file and the column
(``Source``), so an authority can put its own number beside DfE's and know they mean the
same thing. The definitions follow sen2.md section 8 ("How DfE builds its published
statistics from SEN2") and the release's data guidance.

Counting is done by the database in a handful of aggregate queries per period (one per
group of figures), never by loading records into Python; the arithmetic that turns counts
into DfE's numbers (rates, rounding, bands) lives in ``arithmetic``.

Where our data can only approximate DfE's definition, the figure's ``note`` says how.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth

from sendpath.assessments.models import AssessmentRequest, ClockException, ExceptionKind
from sendpath.figures import arithmetic as ar
from sendpath.figures.db import DaysBetween
from sendpath.funding.models import Placement
from sendpath.organisations.models import SettingKind
from sendpath.plans.codes import CeaseReason, NeedType
from sendpath.plans.models import Plan, PlanStatus
from sendpath.reviews.models import AnnualReview, ReviewDecision

PUBLICATION = 'DfE, "Education, health and care plans", reporting year 2025 (June 2025)'

RATE, COUNT, AVERAGE, BREAKDOWN = "rate", "count", "average", "breakdown"

#: Exceptions that set SEN2 Week20 = 1 (sen2.md item 3.7: any reg 10(4)(a)-(d) exception).
WEEK20_EXCEPTIONS = (
    ExceptionKind.REG10_4_A,
    ExceptionKind.REG10_4_B,
    ExceptionKind.REG10_4_C,
    ExceptionKind.REG10_4_D,
)


@dataclass(frozen=True)
class Source:
    """Where DfE publishes a figure: a file of the release, its total row's topic, and the
    columns. ``denominator`` may name several columns that DfE's denominator is the sum of
    (DfE publishes "within" and "over" counts, not the total)."""

    file: str
    topic: str
    numerator: str = ""
    denominator: tuple[str, ...] = ()
    percentage: str = ""
    columns: dict[str, str] = field(default_factory=dict)
    calendar: bool = True

    @property
    def citation(self) -> str:
        cols = ", ".join(c for c in (self.numerator, *self.denominator, self.percentage) if c)
        cols = cols or ", ".join(dict.fromkeys(self.columns.values()))
        return f"{PUBLICATION}: {self.file}, {cols}"


@dataclass(frozen=True)
class Figure:
    id: str
    title: str
    kind: str
    definition: str
    source: Source | None
    note: str = ""
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def citation(self) -> str:
        if self.source is None:
            return f"{PUBLICATION}: not published in this release"
        return self.source.citation


CEASE_COLUMNS = {
    CeaseReason.MAX_AGE.value: "max_age",
    CeaseReason.NEEDS_MET.value: "needs_met",
    CeaseReason.HIGHER_EDUCATION.value: "he",
    CeaseReason.EMPLOYMENT.value: "employ",
    CeaseReason.TRANSFERRED.value: "transfer",
    CeaseReason.NO_ENGAGEMENT.value: "no_engage",
    CeaseReason.LEFT_ENGLAND.value: "moved_outside_eng",
    CeaseReason.DECEASED.value: "deceased",
    # The guidance's descriptions of "not_rec" and "other" look swapped (README); code 9
    # "Other" is DfE's "other" column as named.
    CeaseReason.OTHER.value: "other",
}
NEED_COLUMNS = {
    "ASD": "number_asd",
    "HI": "number_hi",
    "MLD": "number_mld",
    "MSI": "number_msi",
    "OTH": "number_oth",
    "PD": "number_pd",
    "PMLD": "number_pmld",
    "SEMH": "number_semh",
    "SLCN": "number_slcn",
    "SLD": "number_sld",
    "SPLD": "number_spld",
    "VI": "number_vi",
}
NO_PLACEMENT = "none"
SETTING_LABELS = {**dict(SettingKind.choices), NO_PLACEMENT: "No placement recorded"}
AGE_KEYS = ["under 3", *[f"age {n}" for n in range(3, 26)]]
AGE_LABELS = {k: ("Under 3" if k == "under 3" else k.replace("age ", "Age ")) for k in AGE_KEYS}

_REQUESTS = "requests.csv"
_REQ_TOPIC = "All requests for EHC needs assessments"
_ASSESS = "assessments.csv"
_ASSESS_TOPIC = "All EHC needs assessments"
_TIME = "timeliness_20_week.csv"
_TIME_TOPIC = "All EHC plans issued"
_REVIEWS = "annual_reviews.csv"
_REVIEWS_TOPIC = "All annual reviews"

FIGURES: dict[str, Figure] = {
    f.id: f
    for f in [
        Figure(
            "requests_received",
            "Requests for an EHC needs assessment",
            COUNT,
            "Requests received in the period (SEN2 ReceivedDate).",
            Source(_REQUESTS, _REQ_TOPIC, columns={"count": "requests_received_in_year"}),
        ),
        Figure(
            "request_decisions_within_6_weeks",
            "Decisions whether to assess made within 6 weeks",
            RATE,
            "Of requests whose decision to assess or not was made in the period, those decided on or "
            "before day 42 after the request was received (reg 5(1)).",
            Source(
                _REQUESTS,
                _REQ_TOPIC,
                numerator="request_outcome_six_weeks",
                denominator=("request_outcome_six_weeks", "request_outcome_over_6_weeks"),
                percentage="request_outcome_six_weeks_pc",
            ),
        ),
        Figure(
            "requests_agreed",
            "Requests where the council decided to assess",
            RATE,
            "Of requests received in the period, those where the council decided to assess "
            "(RequestOutcome Y).",
            Source(
                _REQUESTS,
                _REQ_TOPIC,
                numerator="requests_decided_to_assess",
                denominator=("requests_received_in_year",),
                percentage="request_assess_pc",
            ),
            note="Counted by the decision on the request, whenever it was made.",
        ),
        Figure(
            "assessments_completed",
            "EHC needs assessments completed",
            COUNT,
            "Assessments whose outcome came in the period: a final plan issued (AssessmentOutcome Y, "
            "dated the day the plan was issued) or a decision not to issue (N).",
            Source(_ASSESS, _ASSESS_TOPIC, columns={"count": "assess_in_year"}),
            note="DfE's assess_in_year also counts assessments still open or withdrawn.",
        ),
        Figure(
            "assessments_plan_issued",
            "Assessments that led to a plan",
            RATE,
            "Of assessments completed in the period, those where a plan was issued.",
            Source(
                _ASSESS,
                _ASSESS_TOPIC,
                numerator="assess_issued",
                denominator=("assess_issued", "assess_not_issued"),
                percentage="assess_issued_pc",
            ),
        ),
        Figure(
            "not_to_issue_within_16_weeks",
            "Decisions not to issue a plan made within 16 weeks",
            RATE,
            "Of decisions not to issue a plan made in the period, those made on or before day 112 "
            "after the request was received (reg 10(1)).",
            Source(
                _ASSESS,
                _ASSESS_TOPIC,
                numerator="outcome_decision_within_time",
                denominator=("outcome_decision_within_time", "outcome_decision_over_time"),
                percentage="outcome_decision_within_time_pc",
            ),
        ),
        Figure(
            "issued_within_20_weeks_excluding_exceptions",
            "New plans issued within 20 weeks, excluding exceptions (DfE's headline)",
            RATE,
            "Of final plans first issued in the period, with every case that had a reg 10(4) exception "
            "(SEN2 Week20 = 1) left out of both counts, those issued on or before day 140 after the "
            "request was received (reg 13(2)).",
            Source(
                _TIME,
                _TIME_TOPIC,
                numerator="plans_issued_20_weeks_ex",
                denominator=("plans_issued_den_ex",),
                percentage="PC_plans_issued_20_weeks_ex",
            ),
        ),
        Figure(
            "issued_within_20_weeks_including_exceptions",
            "New plans issued within 20 weeks, including exceptions",
            RATE,
            "Of all final plans first issued in the period, those issued on or before day 140.",
            Source(
                _TIME,
                _TIME_TOPIC,
                numerator="plans_issued_within_20_weeks",
                denominator=("plans_issued_den",),
                percentage="pc_plans_issued_within_20_weeks",
            ),
        ),
        Figure(
            "issued_20_to_52_weeks_including_exceptions",
            "New plans issued after 20 and within 52 weeks, including exceptions",
            RATE,
            "Of all final plans first issued in the period, those issued on day 141 to day 364.",
            Source(
                _TIME,
                _TIME_TOPIC,
                numerator="plans_issued_gt20weeks_ltYear",
                denominator=("plans_issued_den",),
                percentage="pc_plans_issued_gt20weeks_ltYear",
            ),
        ),
        Figure(
            "issued_over_52_weeks_including_exceptions",
            "New plans issued after 52 weeks, including exceptions",
            RATE,
            "Of all final plans first issued in the period, those issued on day 365 or later.",
            Source(
                _TIME,
                _TIME_TOPIC,
                numerator="plans_issued_gt_1_year",
                denominator=("plans_issued_den",),
                percentage="pc_plans_issued_gt_1_year",
            ),
        ),
        Figure(
            "issued_20_to_52_weeks_excluding_exceptions",
            "New plans issued after 20 and within 52 weeks, excluding exceptions",
            RATE,
            "As the band above, with cases that had a reg 10(4) exception left out.",
            Source(
                _TIME,
                _TIME_TOPIC,
                numerator="plans_issued_gt20weeks_ltYear_ex",
                denominator=("plans_issued_den_ex",),
                percentage="PC_plans_issued_gt20weeks_ltYear_ex",
            ),
        ),
        Figure(
            "issued_over_52_weeks_excluding_exceptions",
            "New plans issued after 52 weeks, excluding exceptions",
            RATE,
            "As the band above, with cases that had a reg 10(4) exception left out.",
            Source(
                _TIME,
                _TIME_TOPIC,
                numerator="plans_issued_gt_1_year_ex",
                denominator=("plans_issued_den_ex",),
                percentage="PC_plans_issued_gt_1_year_ex",
            ),
        ),
        Figure(
            "average_weeks_to_issue",
            "Average weeks from request to final plan, including exceptions",
            AVERAGE,
            "The mean of (date the plan was issued - date the request was received) in weeks, over "
            "final plans first issued in the period.",
            None,
            note="DfE adds avg_weeks_issue_plan in its 2026 release; the 2025 release does not have it.",
        ),
        Figure(
            "average_weeks_to_issue_excluding_exceptions",
            "Average weeks from request to final plan, excluding exceptions",
            AVERAGE,
            "As above, leaving out cases that had a reg 10(4) exception.",
            None,
            note="DfE adds avg_weeks_issue_plan_exc in its 2026 release.",
        ),
        Figure(
            "reviews_held",
            "Plans due a review that had a review meeting",
            RATE,
            "Of plans maintained at the end of the period that had been in place for at least 12 "
            "months (so a review was expected), those with an annual review meeting in the period.",
            Source(
                _REVIEWS,
                _REVIEWS_TOPIC,
                numerator="review_meeting_24",
                denominator=("review_expected",),
                columns={"year": "2024"},
            ),
            note="DfE counts plans at January; its review_meeting_24 column exists for 2024 only.",
        ),
        Figure(
            "review_decisions_within_4_weeks",
            "Annual review decisions made within 4 weeks of the meeting",
            RATE,
            "Of review decisions made in the period (SEN2 LastReview), those made on or before day 28 "
            "after the review meeting (SEND Regs reg 20(10)).",
            Source(
                _REVIEWS,
                _REVIEWS_TOPIC,
                numerator="number_decsion_4weeks",
                denominator=("number_decsion_4weeks", "number_decision_gt_4weeks"),
                percentage="pc_decsion_4weeks",
            ),
        ),
        Figure(
            "review_outcomes",
            "Annual review decisions, by outcome",
            BREAKDOWN,
            "Review decisions made in the period, by outcome (SEN2 ReviewOutcome).",
            Source(
                _REVIEWS,
                _REVIEWS_TOPIC,
                columns={
                    ReviewDecision.AMEND.value: "outcome_amend",
                    ReviewDecision.MAINTAIN.value: "outcome_maintan",
                    ReviewDecision.CEASE.value: "outcome_cease",
                },
            ),
            labels=dict(ReviewDecision.choices),
        ),
        Figure(
            "plans_ceased",
            "Plans ceased, by reason",
            BREAKDOWN,
            "Plans that ceased in the period, by SEN2 CeaseReason.",
            Source("ceased_plans.csv", "All ceased EHC plans", columns=dict(CEASE_COLUMNS)),
            labels=dict(CeaseReason.choices),
        ),
        Figure(
            "caseload_by_need",
            "Plans at January, by primary type of need",
            BREAKDOWN,
            "Plans in force on the SEN2 census day in January after the period, by primary need.",
            Source("sen_needs_all_plans.csv", "All EHC plans", columns=dict(NEED_COLUMNS), calendar=False),
            note="DfE has no Down syndrome column: such plans count under another need in its tables.",
            labels=dict(NeedType.choices),
        ),
        Figure(
            "caseload_by_setting",
            "Plans at January, by type of setting attended",
            BREAKDOWN,
            "Plans in force on the census day, by the kind of setting of the placement in force then.",
            Source("caseload.csv", "All EHC plans", columns={"total": "ehcplans"}, calendar=False),
            note="DfE's setting columns are grouped into sendpath's kinds as the demo calibration does.",
            labels=SETTING_LABELS,
        ),
        Figure(
            "caseload_by_age",
            "Plans at January, by age",
            BREAKDOWN,
            "Plans in force on the census day, by the child's age that day.",
            Source(
                "caseload.csv", "Child or young persons age", columns={"count": "ehcplans"}, calendar=False
            ),
            labels=AGE_LABELS,
        ),
    ]
}


# -- computing ------------------------------------------------------------------------------


def _between(field_name: str, period: ar.Period) -> Q:
    return Q(**{f"{field_name}__gte": period.start, f"{field_name}__lte": period.end})


def request_figures(la_id: int, period: ar.Period) -> dict[str, Any]:
    """Requests, decisions whether to assess and their 6-week timeliness: one query."""
    decision = Coalesce("decided_to_assess_on", "decided_not_to_assess_on")
    agg = (
        AssessmentRequest.objects.filter(local_authority_id=la_id)
        .alias(decision=decision, decision_days=DaysBetween(decision, "received_on"))
        .aggregate(
            received=Count("pk", filter=_between("received_on", period)),
            agreed=Count(
                "pk", filter=_between("received_on", period) & Q(decided_to_assess_on__isnull=False)
            ),
            decided=Count("pk", filter=_between("decision", period)),
            decided_6=Count("pk", filter=_between("decision", period) & Q(decision_days__lte=ar.SIX_WEEKS)),
        )
    )
    return {
        "requests_received": agg["received"],
        "request_decisions_within_6_weeks": ar.rate(agg["decided_6"], agg["decided"]),
        "requests_agreed": ar.rate(agg["agreed"], agg["received"]),
    }


def assessment_figures(la_id: int, period: ar.Period) -> dict[str, Any]:
    """Assessments completed, plans issued from them, and 16-week "not to issue" decisions."""
    issued = _between("final_issued_on", period)
    not_issued = _between("decided_not_to_issue_on", period)
    agg = (
        AssessmentRequest.objects.filter(local_authority_id=la_id)
        .alias(no_plan_days=DaysBetween("decided_not_to_issue_on", "received_on"))
        .aggregate(
            issued=Count("pk", filter=issued),
            not_issued=Count("pk", filter=not_issued),
            not_issued_16=Count("pk", filter=not_issued & Q(no_plan_days__lte=ar.SIXTEEN_WEEKS)),
        )
    )
    completed = agg["issued"] + agg["not_issued"]
    return {
        "assessments_completed": completed,
        "assessments_plan_issued": ar.rate(agg["issued"], completed),
        "not_to_issue_within_16_weeks": ar.rate(agg["not_issued_16"], agg["not_issued"]),
    }


#: The 20-week bands and the exception flag, on a queryset from ``_issued``.
_WITHIN_20 = Q(elapsed__lte=ar.TWENTY_WEEKS)
_MIDDLE = Q(elapsed__gt=ar.TWENTY_WEEKS, elapsed__lte=ar.FIFTY_TWO_WEEKS)
_OVER_52 = Q(elapsed__gt=ar.FIFTY_TWO_WEEKS)
_NO_EXCEPTION = Q(week20=False)


def _issued(la_id: int, start: dt.date, end: dt.date) -> Any:
    """New plans issued from ``start`` to ``end``: the cohort of every 20-week figure, with
    ``elapsed`` (days from request to plan) and ``week20`` (a reg 10(4) exception recorded)."""
    exception = ClockException.objects.filter(request=OuterRef("pk"), kind__in=WEEK20_EXCEPTIONS)
    return (
        AssessmentRequest.objects.filter(local_authority_id=la_id)
        .filter(final_issued_on__gte=start, final_issued_on__lte=end)
        .alias(elapsed=DaysBetween("final_issued_on", "received_on"), week20=Exists(exception))
    )


def timeliness_figures(la_id: int, period: ar.Period) -> dict[str, Any]:
    """New plans by the 20-week bands, with and without exceptions, and the average weeks."""
    within, middle, over, ex = _WITHIN_20, _MIDDLE, _OVER_52, _NO_EXCEPTION
    agg = _issued(la_id, period.start, period.end).aggregate(
        den=Count("pk"),
        within=Count("pk", filter=within),
        middle=Count("pk", filter=middle),
        over=Count("pk", filter=over),
        total_days=Sum(DaysBetween("final_issued_on", "received_on")),
        den_ex=Count("pk", filter=ex),
        within_ex=Count("pk", filter=ex & within),
        middle_ex=Count("pk", filter=ex & middle),
        over_ex=Count("pk", filter=ex & over),
        total_days_ex=Sum(DaysBetween("final_issued_on", "received_on"), filter=ex),
    )
    return {
        "issued_within_20_weeks_excluding_exceptions": ar.rate(agg["within_ex"], agg["den_ex"]),
        "issued_within_20_weeks_including_exceptions": ar.rate(agg["within"], agg["den"]),
        "issued_20_to_52_weeks_including_exceptions": ar.rate(agg["middle"], agg["den"]),
        "issued_over_52_weeks_including_exceptions": ar.rate(agg["over"], agg["den"]),
        "issued_20_to_52_weeks_excluding_exceptions": ar.rate(agg["middle_ex"], agg["den_ex"]),
        "issued_over_52_weeks_excluding_exceptions": ar.rate(agg["over_ex"], agg["den_ex"]),
        "average_weeks_to_issue": {
            "weeks": ar.average_weeks(agg["total_days"], agg["den"]),
            "count": agg["den"],
        },
        "average_weeks_to_issue_excluding_exceptions": {
            "weeks": ar.average_weeks(agg["total_days_ex"], agg["den_ex"]),
            "count": agg["den_ex"],
        },
    }


def _meeting() -> Coalesce:
    """The day a review meeting took place: as held, else as arranged (SEN2 ReviewMeeting)."""
    return Coalesce("held_on", "meeting_on")


def _in_force_on(day: dt.date) -> Q:
    """Plans in force on ``day``: first issued by then and not ceased before it."""
    return (
        Q(first_issued_on__isnull=False, first_issued_on__lte=day)
        & ~Q(status=PlanStatus.DRAFT)
        & (Q(ceased_on__isnull=True) | Q(ceased_on__gt=day))
    )


def reviews_expected_figures(la_id: int, period: ar.Period, today: dt.date) -> dict[str, Any]:
    """Plans due a review in the period, and how many had their review meeting: one query."""
    last_meeting_day = min(period.end, today)
    held = (
        AnnualReview.objects.filter(plan=OuterRef("pk"))
        .alias(met=_meeting())
        .filter(met__gte=period.start, met__lte=last_meeting_day)
    )
    year_before = ar.years_before(period.end, 1)
    plans = (
        Plan.objects.filter(local_authority_id=la_id)
        .filter(_in_force_on(period.end), first_issued_on__lte=year_before)
        .alias(had_meeting=Exists(held))
        .aggregate(expected=Count("pk"), held=Count("pk", filter=Q(had_meeting=True)))
    )
    return {"reviews_held": ar.rate(plans["held"], plans["expected"])}


def _decided(la_id: int, start: dt.date, end: dt.date) -> Any:
    """Review decisions made from ``start`` to ``end`` (SEN2 LastReview), with the meeting date
    ``met`` and ``decision_days`` from the meeting to the decision."""
    return (
        AnnualReview.objects.filter(plan__local_authority_id=la_id)
        .filter(decided_on__gte=start, decided_on__lte=end)
        .alias(met=_meeting(), decision_days=DaysBetween("decided_on", _meeting()))
    )


_HAD_MEETING = Q(met__isnull=False)
_WITHIN_4 = Q(met__isnull=False, decision_days__lte=ar.FOUR_WEEKS)


def review_decision_figures(la_id: int, period: ar.Period) -> dict[str, Any]:
    """Review decisions in the period: within 4 weeks of the meeting, and outcomes. One query."""
    reviews = _decided(la_id, period.start, period.end).aggregate(
        decisions=Count("pk", filter=_HAD_MEETING),
        within_4=Count("pk", filter=_WITHIN_4),
        **{f"outcome_{code}": Count("pk", filter=Q(decision=code)) for code in ReviewDecision.values},
    )
    return {
        "review_decisions_within_4_weeks": ar.rate(reviews["within_4"], reviews["decisions"]),
        "review_outcomes": _breakdown(
            {code: reviews[f"outcome_{code}"] for code in ReviewDecision.values}, FIGURES["review_outcomes"]
        ),
    }


def _breakdown(counts: dict[str, int], figure: Figure) -> dict[str, Any]:
    keys = list(figure.labels) if figure.labels else list(counts)
    rows = [{"key": k, "label": figure.labels.get(k, k), "count": int(counts.get(k, 0))} for k in keys]
    rows += [
        {"key": k, "label": figure.labels.get(k, k) or "Not recorded", "count": int(n)}
        for k, n in counts.items()
        if k not in keys and n
    ]
    return {"rows": rows, "total": sum(r["count"] for r in rows)}


def ceased_figures(la_id: int, period: ar.Period) -> dict[str, Any]:
    rows = (
        Plan.objects.filter(local_authority_id=la_id)
        .filter(_between("ceased_on", period))
        .values("cease_reason")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {"plans_ceased": _breakdown({r["cease_reason"]: r["n"] for r in rows}, FIGURES["plans_ceased"])}


def caseload_figures(la_id: int, census: dt.date) -> dict[str, Any]:
    """Plans in force on the census day by need, setting type and age: three queries."""
    in_force = Plan.objects.filter(local_authority_id=la_id).filter(_in_force_on(census))
    needs = in_force.values("primary_need").annotate(n=Count("pk")).order_by()
    # The placement in force on the census day (the latest started, if a child has two):
    # counted from the placements' side, which both databases do in one pass.
    in_force_then = Q(start_on__lte=census) & (Q(end_on__isnull=True) | Q(end_on__gte=census))
    later = Placement.objects.filter(plan=OuterRef("plan"), start_on__gt=OuterRef("start_on")).filter(
        in_force_then
    )
    current = (
        Placement.objects.filter(plan__in=in_force.values("pk")).filter(in_force_then).filter(~Exists(later))
    )
    by_kind = current.values("setting__kind").annotate(n=Count("plan_id", distinct=True)).order_by()
    settings = {r["setting__kind"]: r["n"] for r in by_kind}
    # Two placements started the same day at different kinds of setting would count twice;
    # never let that make "no placement" negative.
    settings[NO_PLACEMENT] = max(0, in_force.count() - sum(settings.values()))
    ages: dict[str, Q] = {}
    for key in AGE_KEYS:
        if key == "under 3":
            earliest, _ = ar.birth_range_for_age(2, census)
            ages[key] = Q(child__date_of_birth__gte=earliest)
        else:
            earliest, latest = ar.birth_range_for_age(int(key.split()[1]), census)
            ages[key] = Q(child__date_of_birth__gte=earliest, child__date_of_birth__lte=latest)
    by_age = in_force.aggregate(**{f"a{i}": Count("pk", filter=q) for i, q in enumerate(ages.values())})
    return {
        "caseload_by_need": _breakdown(
            {r["primary_need"]: r["n"] for r in needs}, FIGURES["caseload_by_need"]
        ),
        "caseload_by_setting": _breakdown(settings, FIGURES["caseload_by_setting"]),
        "caseload_by_age": _breakdown(
            {key: by_age[f"a{i}"] for i, key in enumerate(ages)}, FIGURES["caseload_by_age"]
        ),
    }


def monthly_headline_rates(la_id: int, months: list[ar.Period]) -> dict[dt.date, dict[str, ar.Rate]]:
    """The two headline rates for each month, in one grouped query each (the same cohorts
    and tests as ``timeliness_figures`` and ``review_decision_figures``).

    {first day of the month: {"issued_within_20_weeks_excluding_exceptions": Rate,
    "review_decisions_within_4_weeks": Rate}}, with an empty Rate for a month with nothing."""
    start, end = months[0].start, months[-1].end
    plans = (
        _issued(la_id, start, end)
        .annotate(month=TruncMonth("final_issued_on"))
        .values("month")
        .annotate(
            den=Count("pk", filter=_NO_EXCEPTION),
            within=Count("pk", filter=_NO_EXCEPTION & _WITHIN_20),
        )
        .order_by()
    )
    reviews = (
        _decided(la_id, start, end)
        .annotate(month=TruncMonth("decided_on"))
        .values("month")
        .annotate(den=Count("pk", filter=_HAD_MEETING), within=Count("pk", filter=_WITHIN_4))
        .order_by()
    )

    def first_day(value: Any) -> dt.date:
        return (value.date() if isinstance(value, dt.datetime) else value).replace(day=1)

    out = {
        m.start: {
            "issued_within_20_weeks_excluding_exceptions": ar.Rate(0, 0),
            "review_decisions_within_4_weeks": ar.Rate(0, 0),
        }
        for m in months
    }
    for figure_id, rows in (
        ("issued_within_20_weeks_excluding_exceptions", plans),
        ("review_decisions_within_4_weeks", reviews),
    ):
        for r in rows:
            out[first_day(r["month"])][figure_id] = ar.rate(r["within"], r["den"])
    return out


#: The function that computes each rate a target can be set on (``models.Metric``).
RATE_GROUPS = {
    "issued_within_20_weeks_excluding_exceptions": "timeliness",
    "review_decisions_within_4_weeks": "review_decisions",
}


def rate_for(figure_id: str, la_id: int, period: ar.Period) -> ar.Rate:
    """One rate for a period, computed by the group that defines it."""
    group = RATE_GROUPS[figure_id]
    values = (
        timeliness_figures(la_id, period) if group == "timeliness" else review_decision_figures(la_id, period)
    )
    return values[figure_id]


def compute(la_id: int, period: ar.Period, census: dt.date, today: dt.date) -> dict[str, Any]:
    """Every figure for one authority and period: {figure id: Rate | int | dict}."""
    values: dict[str, Any] = {}
    values.update(request_figures(la_id, period))
    values.update(assessment_figures(la_id, period))
    values.update(timeliness_figures(la_id, period))
    values.update(reviews_expected_figures(la_id, period, today))
    values.update(review_decision_figures(la_id, period))
    values.update(ceased_figures(la_id, period))
    values.update(caseload_figures(la_id, census))
    missing = set(FIGURES) - set(values)
    assert not missing, f"Figures defined but not computed: {sorted(missing)}"
    return values
