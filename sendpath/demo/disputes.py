"""Demo mediation and tribunal cases, at every stage, with their costs in the ledger.

How many: the appeal rate is calibrated to the published DfE/MoJ table (appeals registered
over appealable decisions, calendar 2024: 3.2% for England; the authority's own rate when the
demo is built ``--like`` one and the file is there), and appealable decisions per plan to
England's ratio (689,739 decisions in 2024 against 638,745 plans in January 2025, about 1.08).
About 6 in 10 disputes reach an appeal; the rest end at mediation or are not pursued.

What happens to each: dates drawn step by step from plausible gaps (mediation contact within
the 2 months, certificates in days, responses around the 30 working days, hearings 5 to 7
months after registration); any step whose date is after ``today`` has not happened yet, so
the area has disputes at every stage. Some council limits are missed on purpose, so the
lists and home pages show breaches. Outcomes follow the national picture: many appeals are
withdrawn or conceded, and most decided at a hearing go at least partly the family's way.
Costs (legal, counsel, experts, officer time at the dated rates, mediation, consequential
provision) are ledger lines with ``source_type="tribunal"``, as the disputes app records them.

Everything is bulk-created; deadlines are computed by the law module, never typed in.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path
from typing import Any

from django.conf import settings

from sendpath.assessments.models import AssessmentRequest
from sendpath.disputes.codes import (
    DecisionAppealed,
    DisputeKind,
    OrderMade,
    Outcome,
    RootCause,
    Stage,
)
from sendpath.disputes.costs import SOURCE_TYPE, officer_rate
from sendpath.disputes.deadlines import ALTERNATIVES, dispute_clocks, next_council_due
from sendpath.disputes.models import Dispute, OrderStep, StepStatus
from sendpath.law import clocks as law
from sendpath.organisations.models import LocalAuthority
from sendpath.plans.models import Plan, PlanStatus, PlanVersion, VersionStatus
from sendpath.reviews.models import AnnualReview, ReviewDecision

BATCH = 2000
ENGLAND_APPEAL_RATE_2024 = 22_276 / 689_739
DECISIONS_PER_PLAN = 689_739 / 638_745
APPEAL_FILE = "send_tribunals_and_appeal_rate_2014-2024.csv"
YEARS = 3
#: Share of disputes that reach an appeal (the rest end at mediation or go no further).
APPEAL_SHARE = 0.62

#: What families dispute, roughly as the tribunal's caseload splits.
DECISION_WEIGHTS = {
    DecisionAppealed.REFUSAL_TO_ASSESS: 0.20,
    DecisionAppealed.REFUSAL_TO_ISSUE: 0.05,
    DecisionAppealed.PLAN_CONTENT: 0.40,
    DecisionAppealed.PLACEMENT: 0.20,
    DecisionAppealed.REFUSAL_TO_AMEND: 0.06,
    DecisionAppealed.CEASING: 0.04,
    DecisionAppealed.HEALTH_SOCIAL_CARE: 0.05,
}
#: The order (or what a concession commits to) when the family wins, by decision appealed.
WIN_ORDER = {
    DecisionAppealed.REFUSAL_TO_ASSESS: OrderMade.ASSESS,
    DecisionAppealed.REFUSAL_TO_ISSUE: OrderMade.MAKE_PLAN,
    DecisionAppealed.PLAN_CONTENT: OrderMade.AMEND_PLAN,
    DecisionAppealed.PLACEMENT: OrderMade.AMEND_SECTION_I,
    DecisionAppealed.REFUSAL_TO_AMEND: OrderMade.AMEND_PLAN,
    DecisionAppealed.CEASING: OrderMade.CONTINUE,
    DecisionAppealed.HEALTH_SOCIAL_CARE: OrderMade.NONE,
}
CAUSES_BY_DECISION = {
    DecisionAppealed.REFUSAL_TO_ASSESS: ["threshold", "evidence", "communication"],
    DecisionAppealed.REFUSAL_TO_ISSUE: ["evidence", "threshold", "advice_late"],
    DecisionAppealed.PLAN_CONTENT: ["vague_provision", "advice_late", "evidence", "timeliness"],
    DecisionAppealed.PLACEMENT: ["sufficiency", "cost", "communication"],
    DecisionAppealed.REFUSAL_TO_AMEND: ["evidence", "timeliness", "communication"],
    DecisionAppealed.CEASING: ["communication", "evidence"],
    DecisionAppealed.HEALTH_SOCIAL_CARE: ["health_social_care", "advice_late"],
}
SUPPLIERS = {
    "legal": ("Harcourt & Vale Solicitors (synthetic)", "legal"),
    "counsel": ("Meridian Chambers (synthetic)", "legal"),
    "expert": ("Independent Psychology Associates (synthetic)", "expert"),
    "mediation": ("Sendshire SEND Mediation (synthetic)", "other"),
    "officer_time": ("Council staff time", "internal"),
    "consequential": ("Provision ordered or conceded", "other"),
}


def appeal_rate(la_code: str, data_dir: Path | None = None) -> float:
    """The authority's 2024 appeal rate from the published table, or England's."""
    path = (data_dir or Path(settings.SHARED_DATA_DIR)) / APPEAL_FILE
    if not la_code or not path.exists():
        return ENGLAND_APPEAL_RATE_2024
    with path.open(encoding="utf-8-sig") as handle:
        for row in csv.reader(handle):
            if len(row) > 34 and row[1].strip() == la_code:
                try:
                    appeals = float(row[32].replace(",", ""))
                    decisions = float(row[33].replace(",", ""))
                except ValueError:
                    return ENGLAND_APPEAL_RATE_2024
                return appeals / decisions if decisions else ENGLAND_APPEAL_RATE_2024
    return ENGLAND_APPEAL_RATE_2024


class _Sim:
    def __init__(self, rng: random.Random, today: dt.date) -> None:
        self.rng = rng
        self.today = today

    def after(self, day: dt.date, low: int, high: int) -> dt.date:
        return day + dt.timedelta(days=self.rng.randint(low, high))

    def happened(self, day: dt.date | None) -> bool:
        return day is not None and day <= self.today


def _candidates(
    la: LocalAuthority, since: dt.date
) -> dict[str, list[tuple[int, int | None, int | None, dt.date, int | None]]]:
    """Appealable decisions in the period: (child, plan, request, date sent, coordinator)."""
    found: dict[str, list[tuple[int, int | None, int | None, dt.date, int | None]]] = {
        k: [] for k in DECISION_WEIGHTS
    }
    for r in (
        AssessmentRequest.objects.filter(local_authority=la, decided_not_to_assess_on__gte=since)
        .order_by("pk")
        .values_list("child_id", "pk", "decided_not_to_assess_on", "coordinator_id")
    ):
        found[DecisionAppealed.REFUSAL_TO_ASSESS].append((r[0], None, r[1], r[2], r[3]))
    for r in (
        AssessmentRequest.objects.filter(local_authority=la, decided_not_to_issue_on__gte=since)
        .order_by("pk")
        .values_list("child_id", "pk", "decided_not_to_issue_on", "coordinator_id")
    ):
        found[DecisionAppealed.REFUSAL_TO_ISSUE].append((r[0], None, r[1], r[2], r[3]))
    for v in (
        PlanVersion.objects.filter(
            plan__local_authority=la, status=VersionStatus.ISSUED, issued_on__gte=since
        )
        .order_by("pk")
        .values_list("plan__child_id", "plan_id", "plan__request_id", "issued_on", "plan__coordinator_id")
    ):
        for kind in (
            DecisionAppealed.PLAN_CONTENT,
            DecisionAppealed.PLACEMENT,
            DecisionAppealed.HEALTH_SOCIAL_CARE,
        ):
            found[kind].append(v)
    for r in (
        AnnualReview.objects.filter(
            plan__local_authority=la, decision=ReviewDecision.MAINTAIN, decided_on__gte=since
        )
        .order_by("pk")
        .values_list("plan__child_id", "plan_id", "plan__request_id", "decided_on", "plan__coordinator_id")
    ):
        found[DecisionAppealed.REFUSAL_TO_AMEND].append(r)
    # A plan under a cease appeal is still maintained (CFA s45), so these come from active plans;
    # the date of the cease notice is drawn later.
    for p in (
        Plan.objects.filter(local_authority=la, status=PlanStatus.ACTIVE, first_issued_on__lte=since)
        .order_by("pk")
        .values_list("child_id", "pk", "request_id", "first_issued_on", "coordinator_id")
    ):
        found[DecisionAppealed.CEASING].append(p)
    return found


def make_disputes_demo(b: Any, la: LocalAuthority, staff: dict[str, list[Any]]) -> None:
    """Disputes for the demo area ``la``; ``b`` is the generator's builder."""
    rng = random.Random(b.seed * 31 + 7)
    today: dt.date = b.today
    since = today - dt.timedelta(days=365 * YEARS)
    rate = appeal_rate(getattr(b.profile, "la_code", "") or "")
    plans = Plan.objects.filter(local_authority=la, status=PlanStatus.ACTIVE).count()
    appeals_a_year = rate * DECISIONS_PER_PLAN * plans
    wanted = max(1, round(appeals_a_year * YEARS / APPEAL_SHARE))
    pool = _candidates(la, since)
    used: set[int] = set()
    sim = _Sim(rng, today)
    disputes: list[Dispute] = []
    plans_of: list[list[tuple[str, dt.date, str, int]]] = []  # steps per dispute
    kinds = [k for k in DECISION_WEIGHTS if pool[k]]
    if not kinds:
        return
    for k in kinds:
        rng.shuffle(pool[k])
    tries = 0
    while len(disputes) < wanted and tries < wanted * 4:
        tries += 1
        kind = rng.choices(kinds, weights=[DECISION_WEIGHTS[k] for k in kinds])[0]
        if not pool[kind]:
            continue
        child, plan, request, sent, coordinator = pool[kind].pop()
        if kind == DecisionAppealed.CEASING:
            sent = today - dt.timedelta(days=rng.randint(10, 365 * YEARS))
        if child in used or sent > today:
            continue
        used.add(child)
        d, steps = _simulate(sim, la, kind, child, plan, request, sent, coordinator)
        disputes.append(d)
        plans_of.append(steps)

    for d, steps in zip(disputes, plans_of, strict=True):
        rows = [OrderStep(step=s, due=due, citation=c, order=i) for i, (s, due, c, _) in enumerate(steps)]
        _complete_steps(sim, d, rows)
        d._demo_steps = rows  # type: ignore[attr-defined]
        clocks = dispute_clocks(d, rows, today)
        d.next_due, d.next_due_label = next_council_due(clocks)
    Dispute.objects.bulk_create(disputes, batch_size=BATCH)
    all_steps = []
    for d in disputes:
        for s in d._demo_steps:  # type: ignore[attr-defined]
            s.dispute_id = d.pk
            all_steps.append(s)
    OrderStep.objects.bulk_create(all_steps, batch_size=BATCH)
    b.counts["disputes"] += len(disputes)
    b.counts["dispute order steps"] += len(all_steps)
    b.counts["ledger lines (tribunal)"] += _costs(rng, la, disputes, staff, today)


def _simulate(
    sim: _Sim,
    la: LocalAuthority,
    kind: str,
    child: int,
    plan: int | None,
    request: int | None,
    sent: dt.date,
    coordinator: int | None,
) -> tuple[Dispute, list[tuple[str, dt.date, str, int]]]:
    rng = sim.rng
    d = Dispute(
        local_authority_id=la.pk,
        child_id=child,
        plan_id=plan,
        request_id=request,
        coordinator_id=coordinator,
        decision_appealed=kind,
        decision_sent_on=sent,
        stage=Stage.DECISION_NOTIFIED,
    )
    d.sections = {
        DecisionAppealed.PLAN_CONTENT: rng.choice(["B,F", "F", "B,F,I", "F,I"]),
        DecisionAppealed.PLACEMENT: "I",
        DecisionAppealed.HEALTH_SOCIAL_CARE: rng.choice(["G", "H", "F,G", "D,H"]),
    }.get(kind, "")
    steps: list[tuple[str, dt.date, str, int]] = []
    to_appeal = rng.random() < APPEAL_SHARE
    skip_mediation = kind == DecisionAppealed.PLACEMENT and rng.random() < 0.5
    window_end = law.mediation_contact_due(sent)
    if not skip_mediation:
        contact = min(sim.after(sent, 5, 58), window_end)
        if not sim.happened(contact):
            return d, steps
        d.mediation_contacted_on, d.mediation_wanted = contact, rng.random() < (0.25 if to_appeal else 0.7)
        d.stage = Stage.MEDIATION
        if d.mediation_wanted:
            held = sim.after(contact, 12, 40)  # over 30 days now and then: a breach
            if not sim.happened(held):
                return d, steps
            d.mediation_held_on = held
            if not to_appeal and rng.random() < 0.65:
                agreed = held
                d.outcome, d.decided_on = Outcome.MEDIATION_AGREED, agreed
                d.order_made = WIN_ORDER[kind] if kind != DecisionAppealed.CEASING else OrderMade.CONTINUE
                d.order_details = "Agreed at mediation."
                if d.order_made and d.order_made != OrderMade.CONTINUE:
                    steps = _order_steps(agreed, d.order_made)
                else:
                    due = law.mediation_agreement_due(agreed)
                    steps = [("agreement", due, law.LIMITS["mediation_agreement_due"].citation, 0)]
                d.stage = Stage.COMPLYING
                return d, steps
            certificate = law.mediation_certificate_due(held) - dt.timedelta(days=rng.choice([0, 1, 2, -2]))
        else:
            certificate = law.mediation_certificate_due(contact) - dt.timedelta(days=rng.choice([0, 1, 2]))
        certificate = max(certificate, d.mediation_held_on or contact)
        if not sim.happened(certificate):
            return d, steps
        d.certificate_issued_on, d.stage = certificate, Stage.CERTIFICATE
    if not to_appeal:
        closed = law.appeal_deadline_with_extension(sent, d.certificate_issued_on)
        if sim.happened(closed):
            d.outcome, d.decided_on, d.stage, d.closed_on = Outcome.NOT_PURSUED, closed, Stage.CLOSED, closed
        return d, steps

    start = d.certificate_issued_on or sent
    lodged = min(sim.after(start, 5, 30), law.appeal_deadline(sent, d.certificate_issued_on))
    if not sim.happened(lodged):
        return d, steps
    d.appeal_lodged_on, d.kind, d.stage = lodged, DisputeKind.TRIBUNAL, Stage.APPEAL
    d.tribunal_reference = f"EH{la.code}/{lodged:%y}/{rng.randint(1, 99999):05d}"
    if rng.random() < 0.10 and kind in (
        DecisionAppealed.REFUSAL_TO_ASSESS,
        DecisionAppealed.REFUSAL_TO_ISSUE,
        DecisionAppealed.PLACEMENT,
        DecisionAppealed.PLAN_CONTENT,
    ):
        notified = sim.after(lodged, 10, 35)
        if not sim.happened(notified):
            return d, steps
        appeal_kind = {
            DecisionAppealed.REFUSAL_TO_ASSESS: law.AppealKind.REFUSAL_TO_ASSESS,
            DecisionAppealed.REFUSAL_TO_ISSUE: law.AppealKind.REFUSAL_TO_MAKE_PLAN,
            DecisionAppealed.PLACEMENT: law.AppealKind.SCHOOL_ONLY,
            DecisionAppealed.PLAN_CONTENT: law.AppealKind.PLAN_CONTENT,
        }[kind]
        d.unopposed_notified_on, d.decided_on, d.outcome = notified, notified, Outcome.UNOPPOSED
        d.order_made = WIN_ORDER[kind]
        limits = law.UNOPPOSED_APPEAL_STEPS[appeal_kind]
        steps = [
            (s, due, limits[s].citation, i)
            for i, (s, due) in enumerate(law.unopposed_appeal_steps(notified, appeal_kind).items())
        ]
        d.stage = Stage.COMPLYING
        return d, steps
    # The 30 working days are about 42 calendar days; now and then the response is very late.
    response = sim.after(lodged, 25, 50) if rng.random() > 0.3 else sim.after(lodged, 50, 90)
    hearing = sim.after(lodged, 140, 220)
    d.hearing_on = hearing if sim.happened(lodged + dt.timedelta(days=60)) else None
    if sim.happened(response):
        d.response_sent_on = response
    roll = rng.random()
    if roll < 0.22:
        outcome, decided = Outcome.WITHDRAWN, sim.after(lodged, 40, (hearing - lodged).days - 5)
    elif roll < 0.38:
        outcome, decided = Outcome.CONCEDED, sim.after(lodged, 60, (hearing - lodged).days - 3)
    else:
        outcome = rng.choices(
            [Outcome.UPHELD, Outcome.PART_UPHELD, Outcome.DISMISSED],
            # The demo's cease appeals are never dismissed: their plans are still maintained.
            weights=[0.58, 0.36, 0.06] if kind != DecisionAppealed.CEASING else [0.7, 0.3, 0.0],
        )[0]
        decided = sim.after(hearing, 7, 21)
    if not sim.happened(decided):
        return d, steps
    if outcome in (Outcome.WITHDRAWN, Outcome.CONCEDED):
        d.hearing_on = hearing if hearing <= decided else None
    d.outcome, d.decided_on = outcome, decided
    if outcome == Outcome.WITHDRAWN:
        d.order_made = ""
    elif outcome == Outcome.DISMISSED:
        d.order_made = OrderMade.DISMISS_CEASE_APPEAL if kind == DecisionAppealed.CEASING else ""
    else:
        d.order_made = WIN_ORDER[kind]
    d.order_details = {
        OrderMade.AMEND_PLAN: "Quantify the speech and language therapy and adult support in section F.",
        OrderMade.AMEND_SECTION_I: "Name the school the family asked for in section I.",
        OrderMade.ASSESS: "Carry out an EHC needs assessment.",
        OrderMade.MAKE_PLAN: "Make and maintain an EHC plan.",
    }.get(d.order_made, "")
    steps = _order_steps(decided, d.order_made) if d.order_made else []
    d.stage = Stage.COMPLYING if steps else Stage.CLOSED
    if not steps:
        d.closed_on = decided
    return d, steps


def _order_steps(start: dt.date, order: str) -> list[tuple[str, dt.date, str, int]]:
    kind = law.OrderKind(order)
    limits = law.TRIBUNAL_ORDER_STEPS[kind]
    return [
        (s, due, limits[s].citation, i)
        for i, (s, due) in enumerate(law.tribunal_order_steps(start, kind).items())
    ]


def _complete_steps(sim: _Sim, d: Dispute, rows: list[OrderStep]) -> None:
    """Carry out the order: mostly in time, some late, some not yet; then close if all done."""
    if not rows:
        _causes(sim, d)
        return
    rng = sim.rng
    skip = None
    if any(r.step in ALTERNATIVES for r in rows):
        skip = law.Step.NO_PLAN_DECISION if rng.random() < 0.8 else law.Step.FINAL_PLAN
    previous = d.unopposed_notified_on or d.decided_on
    assert previous is not None
    for r in rows:
        if r.step == skip:
            r.status = StepStatus.NOT_NEEDED
            continue
        late = rng.random() < 0.3
        done = (
            r.due + dt.timedelta(days=rng.randint(1, 60))
            if late
            else r.due - dt.timedelta(days=rng.randint(0, 9))
        )
        done = max(done, previous)
        if not sim.happened(done):
            break
        r.status, r.done_on, previous = StepStatus.DONE, done, done
    if all(r.status != StepStatus.OPEN for r in rows):
        d.stage, d.closed_on = Stage.CLOSED, max(r.done_on for r in rows if r.done_on)
    _causes(sim, d)


def _causes(sim: _Sim, d: Dispute) -> None:
    """Root causes for most disputes past the appeal or closed: a short list and a line."""
    if d.stage not in (Stage.CLOSED, Stage.COMPLYING) or sim.rng.random() > 0.75:
        return
    options = CAUSES_BY_DECISION[d.decision_appealed]
    chosen = sorted(set(sim.rng.sample(options, k=min(len(options), sim.rng.choice([1, 1, 2, 2, 3])))))
    d.root_causes = [c for c in RootCause.values if c in chosen]
    d.root_cause_notes = "Reviewed at the monthly tribunal panel."


def _costs(
    rng: random.Random, la: LocalAuthority, disputes: list[Dispute], staff: dict[str, Any], today: dt.date
) -> int:
    from sendpath.accounts.roles import Role
    from sendpath.funding.annualise import financial_year_of
    from sendpath.funding.codes import DEFAULT_LINE, Category, funding_source_for
    from sendpath.funding.models import LedgerLine, Supplier

    finance = (staff.get(Role.FINANCE) or [None])[0]
    suppliers = {}
    for key, (name, kind) in SUPPLIERS.items():
        suppliers[key], _ = Supplier.objects.get_or_create(
            local_authority=la, name=name, defaults={"kind": kind}
        )
    line = DEFAULT_LINE[Category.TRIBUNAL]
    source = funding_source_for(line)
    lines: list[Any] = []

    def add(d: Dispute, on: dt.date | None, component: str, pence: int, who: str, text: str) -> None:
        if on is None or on > today or pence == 0:
            return
        lines.append(
            LedgerLine(
                local_authority_id=la.pk,
                financial_year=financial_year_of(on),
                period_start=on,
                period_end=on,
                amount_pence=pence,
                category=Category.TRIBUNAL,
                component=component,
                s251_line=line,
                funding_source=source,
                child_id=d.child_id,
                plan_id=d.plan_id,
                supplier_id=suppliers[who].pk,
                description=text,
                source_type=SOURCE_TYPE,
                source_id=str(d.pk),
                created_by_id=finance.pk if finance else None,
            )
        )

    for d in disputes:
        # Officer time is one line per dispute: the hours of each role at the rate in force on
        # the day, dated on the last step worked (fewer lines keep the demo fast).
        hours: list[tuple[str, int, dt.date]] = []
        if d.mediation_held_on:
            add(
                d,
                d.mediation_held_on,
                "mediation",
                rng.randint(55_000, 95_000),
                "mediation",
                "Mediation session",
            )
            hours.append(("sen_officer", rng.randint(4, 8), d.mediation_held_on))
        if d.appeal_lodged_on:
            prep_on = d.response_sent_on or d.unopposed_notified_on or d.decided_on
            if prep_on:
                hours.append(("sen_officer", rng.randint(12, 45), prep_on))
            if d.response_sent_on and rng.random() < 0.5:
                add(
                    d,
                    d.response_sent_on,
                    "legal",
                    rng.randint(120_000, 480_000),
                    "legal",
                    "Solicitors: preparation",
                )
            heard = d.outcome in (Outcome.UPHELD, Outcome.PART_UPHELD, Outcome.DISMISSED)
            if heard and d.hearing_on:
                hours += [
                    ("sen_officer", rng.randint(7, 9), d.hearing_on),
                    ("manager", rng.randint(3, 8), d.hearing_on),
                ]
                add(d, d.hearing_on, "legal", rng.randint(150_000, 350_000), "counsel", "Counsel: hearing")
                if rng.random() < 0.3:
                    add(
                        d,
                        d.hearing_on,
                        "expert",
                        rng.randint(80_000, 250_000),
                        "expert",
                        "Independent EP report",
                    )
            if d.outcome in (Outcome.UPHELD, Outcome.PART_UPHELD, Outcome.CONCEDED, Outcome.UNOPPOSED) and (
                d.decision_appealed in (DecisionAppealed.PLACEMENT, DecisionAppealed.PLAN_CONTENT)
                and rng.random() < 0.35
            ):
                add(
                    d,
                    d.decided_on,
                    "consequential",
                    rng.randint(300_000, 2_500_000),
                    "consequential",
                    "Extra provision ordered or conceded (first year)",
                )
        if hours:
            pence = sum(n * (officer_rate(role, on) or 0) for role, n, on in hours)
            last = max(on for _, _, on in hours)
            add(
                d,
                last,
                "officer_time",
                pence,
                "officer_time",
                f"{sum(n for _, n, _ in hours)} hours of officer time",
            )
    LedgerLine.objects.bulk_create(lines, batch_size=BATCH)
    return len(lines)
