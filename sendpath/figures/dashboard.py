"""The scrutiny dashboard: the one page a manager or councillor takes to committee.

It answers what scrutiny members ask (the Leicester seeds): are we meeting our timeliness
ambitions, how long are children waiting (for a decision, a plan, a specialist place), how
many plans have gone a year without review, whose advice is late, and which way the trend
is going.

Every figure is built as a ``sendpath.common.suppression`` table. Councillors (and anyone
viewing the committee version) get the tables through ``suppression.publish``, the
project's one small-number rule; the charts, summaries and CSVs are then drawn only from
the published cells, so none of them can show more than the table. Managers see the exact
figures by default, and can switch to the councillors' version to check what will be shown.

Counts are done by the database. Medians and longest waits come from one column of day
counts per measure (computed in SQL), summarised by ``arithmetic.median``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import Count, Exists, F, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from markupsafe import Markup

from sendpath.assessments.models import AdviceRequest, AssessmentRequest, Consultation
from sendpath.assessments.workflow import OPEN_STAGES, Stage
from sendpath.common import suppression as sup
from sendpath.figures import arithmetic as ar
from sendpath.figures import charts, tables
from sendpath.figures import definitions as d
from sendpath.figures.db import DaysBetween
from sendpath.figures.models import Metric, PerformanceTarget
from sendpath.figures.services import ensure_targets
from sendpath.funding.models import Placement
from sendpath.law.calendar import add_months
from sendpath.organisations.models import SettingKind
from sendpath.plans.models import Plan

SPECIALIST = (SettingKind.SPECIAL, SettingKind.INDEPENDENT_SPECIAL, SettingKind.RESOURCED)
MONTHS = 12
PC, COUNT, NUMBER = sup.Kind.PERCENT, sup.Kind.COUNT, sup.Kind.NUMBER


@dataclass
class Raw:
    """The dashboard's figures before publication: suppression tables and what explains them."""

    today: dt.date
    period: ar.Period
    months: list[ar.Period]
    targets: list[PerformanceTarget]
    tables: list[sup.Table]
    groups: list[sup.SumGroup]
    figures: list[sup.Figure]


@dataclass
class Section:
    key: str
    heading: str
    chart: Markup
    summary: str
    table: sup.SuppressedTable
    explanation: str


# -- figures -------------------------------------------------------------------------------------


def _pc(rate: ar.Rate) -> sup.Figure:
    """A percentage figure that knows the children it is worked out from."""
    if rate.percentage is None:
        return sup.Figure(children=(rate.numerator, rate.denominator), kind=PC, missing="z")
    return sup.Figure(
        children=(rate.numerator, rate.denominator),
        kind=PC,
        value=Fraction(100 * rate.numerator, rate.denominator),
    )


def _count(n: int) -> sup.Figure:
    return sup.Figure(children=int(n), kind=COUNT)


def _days(values: Sequence[int], which: str) -> sup.Figure:
    """The median or longest of some waits in days, derived from ``len(values)`` children."""
    if not values:
        return sup.Figure(children=0, kind=NUMBER, missing="z")
    value = ar.median(values) if which == "median" else max(values)
    return sup.Figure(children=len(values), kind=NUMBER, value=Fraction(str(value)))


def _sum_rates(rates: Sequence[ar.Rate]) -> ar.Rate:
    return ar.Rate(sum(r.numerator for r in rates), sum(r.denominator for r in rates))


def _target_rows(
    la_id: int, monthly: dict[dt.date, dict[str, ar.Rate]], targets: list[PerformanceTarget]
) -> sup.Table:
    """Each target: its baseline (published, or ours for the baseline period), the last 12
    months (the sum of the monthly counts, so it matches the trend table exactly) and the
    value to reach."""
    table = sup.Table(
        "targets",
        "Timeliness against the council's targets",
        [
            sup.Column("baseline", "Baseline", PC),
            sup.Column("now", "Last 12 months", PC),
            sup.Column("target", "Target", PC),
            sup.Column("counted", "Plans or decisions in the last 12 months", COUNT),
        ],
        row_header="Measure",
    )
    for t in targets:
        now = _sum_rates([rates[t.metric] for rates in monthly.values()])
        if t.baseline_value is not None:
            baseline = sup.Figure(kind=PC, value=Fraction(str(t.baseline_value)))
            base_value: float | None = float(t.baseline_value)
        else:
            rate = d.rate_for(t.metric, la_id, t.baseline_period)
            baseline = _pc(rate)
            base_value = rate.percentage
        target_value = t.target_value(base_value)
        target = (
            sup.Figure(kind=PC, missing="x")
            if target_value is None
            else sup.Figure(kind=PC, value=Fraction(str(target_value)), depends_on=("baseline",))
        )
        table.add_row(
            t.metric,
            f"{t.name}: {Metric(t.metric).label.lower()}",
            baseline=baseline,
            now=_pc(now),
            target=target,
            counted=_count(now.denominator),
        )
    return table


def _trend_rows(months: list[ar.Period], monthly: dict[dt.date, dict[str, ar.Rate]]) -> sup.Table:
    table = sup.Table(
        "trend",
        "Timeliness month by month",
        [
            sup.Column("plans", "New plans issued (excluding exceptions)", COUNT),
            sup.Column("plans_pc", "Issued within 20 weeks", PC),
            sup.Column("reviews", "Review decisions", COUNT),
            sup.Column("reviews_pc", "Decided within 4 weeks of the meeting", PC),
        ],
        row_header="Month",
    )
    for month in months:
        plans = monthly[month.start][Metric.INITIAL_TIMELINESS]
        reviews = monthly[month.start][Metric.REVIEW_TIMELINESS]
        table.add_row(
            month.start.strftime("%Y-%m"),
            month.label,
            plans=_count(plans.denominator),
            plans_pc=_pc(plans),
            reviews=_count(reviews.denominator),
            reviews_pc=_pc(reviews),
        )
    return table


def specialist_waits(la_id: int, today: dt.date, period: ar.Period) -> tuple[list[int], list[int]]:
    """Waits for a specialist place (special school, independent special school, resourced
    provision or SEN unit), in days: (waiting now, placed in the period).

    There is no waiting-list record yet, so the wait is derived from consultations (CFA
    s39): a child waits from the first day a specialist setting was consulted about them
    until a placement at a specialist setting starts. Waiting now: children with a plan in
    force or an open assessment, consulted by a specialist setting, and with no specialist
    placement in force today. Placed: specialist placements that started in the period,
    measured from the first specialist consultation on or before the start."""
    in_specialist = Placement.objects.filter(
        plan__child=OuterRef("child"), setting__kind__in=SPECIALIST, start_on__lte=today
    ).filter(Q(end_on__isnull=True) | Q(end_on__gte=today))
    plan_in_force = Plan.objects.filter(child=OuterRef("child")).filter(d._in_force_on(today))
    open_case = AssessmentRequest.objects.filter(child=OuterRef("child"), stage__in=OPEN_STAGES)
    firsts = (
        Consultation.objects.filter(
            child__local_authority_id=la_id, setting__kind__in=SPECIALIST, sent_on__lte=today
        )
        .filter(~Exists(in_specialist))
        .filter(Exists(plan_in_force) | Exists(open_case))
        .values("child")
        .annotate(first=Min("sent_on"))
        .values_list("first", flat=True)
    )
    waiting = [(today - first).days for first in firsts]
    first_consulted = (
        Consultation.objects.filter(
            child=OuterRef("plan__child"), setting__kind__in=SPECIALIST, sent_on__lte=OuterRef("start_on")
        )
        .order_by("sent_on")
        .values("sent_on")[:1]
    )
    placed = list(
        Placement.objects.filter(
            plan__local_authority_id=la_id,
            setting__kind__in=SPECIALIST,
            start_on__gte=period.start,
            start_on__lte=min(period.end, today),
        )
        .annotate(first=Subquery(first_consulted))
        .filter(first__isnull=False)
        .annotate(days=DaysBetween("start_on", "first"))
        .values_list("days", flat=True)
    )
    return waiting, placed


def _waits_rows(la_id: int, today: dt.date, period: ar.Period) -> sup.Table:
    requests = AssessmentRequest.objects.filter(local_authority_id=la_id)
    decision = Coalesce("decided_to_assess_on", "decided_not_to_assess_on")
    waiting_decision = [
        (today - r).days for r in requests.filter(stage=Stage.RECEIVED).values_list("received_on", flat=True)
    ]
    decided = list(
        requests.alias(decision=decision)
        .filter(decision__gte=period.start, decision__lte=period.end)
        .annotate(days=DaysBetween(decision, "received_on"))
        .values_list("days", flat=True)
    )
    waiting_plan = [
        (today - r).days
        for r in requests.filter(stage__in=(Stage.ASSESSING, Stage.DRAFTING, Stage.DRAFT_SENT)).values_list(
            "received_on", flat=True
        )
    ]
    issued = list(
        requests.filter(final_issued_on__gte=period.start, final_issued_on__lte=period.end)
        .annotate(days=DaysBetween("final_issued_on", "received_on"))
        .values_list("days", flat=True)
    )
    waiting_place, placed = specialist_waits(la_id, today, period)
    table = sup.Table(
        "waits",
        "How long children wait, in days",
        [
            sup.Column("now", "Waiting now", COUNT),
            sup.Column("now_median", "Median wait so far (days)", NUMBER),
            sup.Column("now_longest", "Longest wait so far (days)", NUMBER),
            sup.Column("done", "Finished waiting in the last 12 months", COUNT),
            sup.Column("done_median", "Median wait (days)", NUMBER),
            sup.Column("done_longest", "Longest wait (days)", NUMBER),
        ],
        row_header="Waiting for",
    )
    for key, label, now, done in (
        ("decision", "A decision whether to assess", waiting_decision, decided),
        ("final_plan", "A final plan, after the decision to assess", waiting_plan, issued),
        ("specialist_place", "A place at a specialist setting", waiting_place, placed),
    ):
        table.add_row(
            key,
            label,
            now=_count(len(now)),
            now_median=_days(now, "median"),
            now_longest=_days(now, "longest"),
            done=_count(len(done)),
            done_median=_days(done, "median"),
            done_longest=_days(done, "longest"),
        )
    return table


def _no_review_rows(la_id: int, today: dt.date) -> tuple[sup.Table, sup.Figure]:
    """Plans in force today whose last review decision (or first issue, if never reviewed)
    was more than 12 months ago, by how long."""
    cut12, cut18, cut24 = (add_months(today, -m) for m in (12, 18, 24))
    last = Coalesce("last_reviewed_on", "first_issued_on")
    agg = (
        Plan.objects.filter(local_authority_id=la_id)
        .filter(d._in_force_on(today))
        .alias(last=last)
        .aggregate(
            in_force=Count("pk"),
            m12=Count("pk", filter=Q(last__lt=cut12, last__gte=cut18)),
            m18=Count("pk", filter=Q(last__lt=cut18, last__gte=cut24)),
            m24=Count("pk", filter=Q(last__lt=cut24)),
        )
    )
    in_force = agg["in_force"]
    table = sup.Table(
        "no_review",
        "Plans with no review in over 12 months",
        [sup.Column("plans", "Plans", COUNT), sup.Column("share", "Share of plans in force", PC)],
        row_header="Time since the last review",
    )

    def share(n: int) -> sup.Figure:
        if not in_force:
            return sup.Figure(kind=PC, missing="z", children=(n, in_force))
        return sup.Figure(
            kind=PC,
            children=(n, in_force),
            value=Fraction(100 * n, in_force),
            depends_on=("plans", ("headline", "plans_in_force", "count")),
        )

    for key, label in (
        ("m12", "Over 12 and up to 18 months"),
        ("m18", "Over 18 and up to 24 months"),
        ("m24", "Over 24 months"),
    ):
        table.add_row(key, label, plans=_count(agg[key]), share=share(agg[key]))
    total = agg["m12"] + agg["m18"] + agg["m24"]
    table.set_total("All plans with no review in over 12 months", plans=_count(total), share=share(total))
    headline = sup.Figure(key=("headline", "plans_in_force", "count"), children=in_force, kind=COUNT)
    return table, headline


def _advice_rows(la_id: int, today: dt.date, period: ar.Period) -> sup.Table:
    """Advice asked for assessments, by who was asked: how much came after the 6-week limit
    (reg 8(1)), and how much is overdue now."""
    asked = Q(requested_on__gte=period.start, requested_on__lte=period.end)
    rows = (
        AdviceRequest.objects.filter(request__local_authority_id=la_id)
        .values("service_id", "service__name", "setting_id")
        .annotate(
            asked=Count("pk", filter=asked),
            given=Count("pk", filter=asked & Q(received_on__isnull=False)),
            late=Count("pk", filter=asked & Q(received_on__gt=F("due_on"))),
            overdue=Count(
                "pk",
                filter=Q(received_on__isnull=True, due_on__lt=today, request__stage__in=OPEN_STAGES),
            ),
        )
        .order_by()
    )
    by_who: dict[str, dict[str, Any]] = {}
    for r in rows:
        if r["service_id"]:
            key, label = f"service-{r['service_id']}", r["service__name"]
        elif r["setting_id"]:
            key, label = "settings", "Schools and colleges (educational advice)"
        else:
            key, label = "other", "Other advice"
        slot = by_who.setdefault(key, {"label": label, "asked": 0, "given": 0, "late": 0, "overdue": 0})
        for k in ("asked", "given", "late", "overdue"):
            slot[k] += r[k]
    table = sup.Table(
        "advice",
        "Advice for assessments, by who was asked",
        [
            sup.Column("asked", "Asked for in the last 12 months", COUNT),
            sup.Column("late", "Given after the 6-week limit", COUNT),
            sup.Column("on_time_pc", "Given on time, of those given", PC),
            sup.Column("overdue", "Overdue now", COUNT),
        ],
        row_header="Who was asked",
    )
    totals = dict.fromkeys(("asked", "late", "overdue"), 0)
    for key, slot in sorted(by_who.items(), key=lambda kv: kv[1]["label"]):
        on_time = slot["given"] - slot["late"]
        table.add_row(
            key,
            slot["label"],
            asked=_count(slot["asked"]),
            late=_count(slot["late"]),
            on_time_pc=_pc(ar.rate(on_time, slot["given"])),
            overdue=_count(slot["overdue"]),
        )
        for k in totals:
            totals[k] += slot[k]
    table.set_total(
        "All advice",
        asked=_count(totals["asked"]),
        late=_count(totals["late"]),
        overdue=_count(totals["overdue"]),
    )
    return table


def collect(la_id: int, today: dt.date) -> Raw:
    """Every figure on the dashboard for one authority, as of ``today``."""
    months = ar.monthly_periods(today, MONTHS)
    current = ar.Period(months[0].start, today, f"the 12 months to {today.day} {today:%B %Y}")
    targets = ensure_targets(la_id)
    monthly = d.monthly_headline_rates(la_id, months)
    target_table = _target_rows(la_id, monthly, targets)
    trend = _trend_rows(months, monthly)
    no_review, plans_in_force = _no_review_rows(la_id, today)
    built = [
        target_table,
        trend,
        _waits_rows(la_id, today, current),
        no_review,
        _advice_rows(la_id, today, current),
    ]
    # The target table's counts for the last 12 months are the sums of the monthly counts:
    # tell the suppression rule, so a hidden month cannot be recovered by subtraction.
    groups = [
        sup.SumGroup(
            ("targets", Metric.INITIAL_TIMELINESS.value, "counted"),
            tuple(("trend", m.start.strftime("%Y-%m"), "plans") for m in months),
        ),
        sup.SumGroup(
            ("targets", Metric.REVIEW_TIMELINESS.value, "counted"),
            tuple(("trend", m.start.strftime("%Y-%m"), "reviews") for m in months),
        ),
    ]
    return Raw(today, current, months, targets, built, groups, [plans_in_force])


# -- publication ---------------------------------------------------------------------------------


def exact(raw: Raw) -> sup.Publication:
    """The figures as they are, for council staff entitled to them (managers): the same
    tables and formatting as the councillors' version, with nothing hidden."""
    return tables.exact(raw.tables, raw.figures)


def public(raw: Raw) -> sup.Publication:
    """The councillors' version: every table through the project's one suppression rule."""
    return sup.publish(raw.tables, groups=raw.groups, figures=raw.figures)


# -- sections: chart, summary and table, drawn only from published cells -----------------------


def _value(cell: sup.Cell | None) -> float | None:
    if cell is None or cell.symbol or cell.value is None:
        return None
    return float(cell.value)


def _text(cell: sup.Cell | None) -> str:
    return "" if cell is None else cell.text


def _show(cell: sup.Cell | None, unit: str = "") -> str:
    """A published cell in a sentence: its text, or why there is none."""
    if cell is None or cell.symbol == "z":
        return "none"
    if cell.symbol == "c":
        return "hidden (fewer than 10 children)"
    if cell.symbol == "x":
        return "not available"
    return f"{cell.text}{unit}"


def sections(raw: Raw, pub: sup.Publication) -> list[Section]:
    return [
        _targets_section(raw, pub),
        _trend_section(raw, pub),
        _waits_section(raw, pub),
        _no_review_section(raw, pub),
        _advice_section(raw, pub),
    ]


def _targets_section(raw: Raw, pub: sup.Publication) -> Section:
    table = pub["targets"]
    bars: list[charts.Bar] = []
    sentences = []
    for t in raw.targets:
        base, now, target = (table.cell(t.metric, c) for c in ("baseline", "now", "target"))
        bars.append(charts.Bar(f"{t.name}, {t.baseline_label}", _value(base), _text(base), _value(target)))
        bars.append(charts.Bar(f"{t.name}, last 12 months", _value(now), _text(now), _value(target)))
        sentences.append(
            f"{t.name} {_show(now)} against a target of {_show(target)} by {t.due_on.day} {t.due_on:%B %Y}"
        )
    summary = f"In {raw.period.label}: " + "; ".join(sentences) + "."
    return Section(
        "targets",
        "Timeliness against our targets",
        charts.bar_chart(
            "Timeliness: baseline and last 12 months, with the target marked", summary, bars, maximum=100
        ),
        summary,
        table,
        "Initial timeliness is DfE's headline measure: new plans issued within 20 weeks of the request, "
        "leaving out cases with a recorded reg 10(4) exception. Review timeliness is review decisions "
        "sent within 4 weeks of the review meeting. The dashed line on each bar is the target.",
    )


def _trend_section(raw: Raw, pub: sup.Publication) -> Section:
    table = pub["trend"]
    keys = [m.start.strftime("%Y-%m") for m in raw.months]
    plans = [_value(table.cell(k, "plans_pc")) for k in keys]
    reviews = [_value(table.cell(k, "reviews_pc")) for k in keys]
    first, last = raw.months[0].label, raw.months[-1].label
    shown = [v for v in plans if v is not None]
    if len(shown) >= 2:
        direction = "rose" if shown[-1] > shown[0] else "fell" if shown[-1] < shown[0] else "stayed level"
        summary = (
            f"From {first} to {last}, the share of new plans issued within 20 weeks {direction}, "
            f"from {shown[0]:.1f}% to {shown[-1]:.1f}% (months about fewer than 10 children are not shown)."
        )
    else:
        summary = f"From {first} to {last}, too few plans were issued each month to show a trend."
    return Section(
        "trend",
        "Trend over the last 12 months",
        charts.line_chart(
            "Share of new plans issued within 20 weeks and of review decisions within 4 weeks, by month",
            summary,
            [m.start.strftime("%b %y") for m in raw.months],
            [
                charts.Series("Plans within 20 weeks", plans),
                charts.Series("Review decisions within 4 weeks", reviews),
            ],
        ),
        summary,
        table,
        "Each month counts the plans issued and review decisions made in that month.",
    )


def _waits_section(raw: Raw, pub: sup.Publication) -> Section:
    table = pub["waits"]
    rows = [
        ("decision", "a decision"),
        ("final_plan", "a final plan"),
        ("specialist_place", "a specialist place"),
    ]
    bars = [
        charts.Bar(
            f"Waiting for {what}",
            _value(table.cell(k, "now_median")),
            _text(table.cell(k, "now_median")) + " days" * (table.cell(k, "now_median").symbol is None),
        )
        for k, what in rows
    ]
    parts = [
        f"waiting for {what}: {_show(table.cell(k, 'now'))} "
        f"(median so far: {_show(table.cell(k, 'now_median'), ' days')})"
        for k, what in rows
    ]
    summary = "Today, " + "; ".join(parts) + "."
    return Section(
        "waits",
        "How long children wait",
        charts.bar_chart("Median days waited so far, by what children are waiting for", summary, bars),
        summary,
        table,
        "A decision whether to assess is due within 6 weeks of the request and a final plan within 20 "
        "weeks. There is no waiting list for specialist places yet, so that wait is worked out from "
        "consultations: it runs from the first day a special school, independent special school or "
        "resourced provision was consulted about the child until a placement at one starts.",
    )


def _no_review_section(raw: Raw, pub: sup.Publication) -> Section:
    table = pub["no_review"]
    keys = [("m12", "12 to 18 months"), ("m18", "18 to 24 months"), ("m24", "Over 24 months")]
    bars = [
        charts.Bar(label, _value(table.cell(k, "plans")), _text(table.cell(k, "plans"))) for k, label in keys
    ]
    total = table.cell(sup.TOTAL, "plans")
    share = table.cell(sup.TOTAL, "share")
    summary = (
        f"Plans in force today with no review in over 12 months: {_show(total)} "
        f"({_show(share)} of all plans in force)."
    )
    return Section(
        "no_review",
        "Plans with no review in over 12 months",
        charts.bar_chart(
            "Plans with no review in over 12 months, by time since the last review", summary, bars
        ),
        summary,
        table,
        "The law requires a review at least every 12 months (Children and Families Act 2014, s44). "
        "The time runs from the last review decision, or from the first plan if it was never reviewed.",
    )


def _advice_section(raw: Raw, pub: sup.Publication) -> Section:
    table = pub["advice"]
    body = [r for r in table.rows if not r.is_total]
    bars = [
        charts.Bar(
            r.label,
            _value(table.cell(r.key, "late")),
            _text(table.cell(r.key, "late")),
        )
        for r in body
    ]
    late, overdue = table.cell(sup.TOTAL, "late"), table.cell(sup.TOTAL, "overdue")
    summary = (
        f"In {raw.period.label}, advice given after the 6-week limit: {_show(late)}; "
        f"advice overdue now: {_show(overdue)}."
    )
    return Section(
        "advice",
        "Advice given late, by service",
        charts.bar_chart(
            "Advice given after the 6-week limit in the last 12 months, by who was asked", summary, bars
        ),
        summary,
        table,
        "Services asked for advice for an assessment must give it within 6 weeks of being asked "
        "(SEND Regulations 2014, reg 8(1)).",
    )
