"""Statutory time limits for the EHC process in England, one function per limit.

Each returns the LAST DAY on which the step is in time (``earliest_final_plan`` excepted),
counted only through :mod:`sendpath.law.calendar` so every limit follows timescales.md part 1.
CFA = Children and Families Act 2014 Part 3; reg = SEND Regulations 2014 (SI 2014/1530, as
amended by SI 2015/359); HESC r = First-tier Tribunal (HESC Chamber) Rules 2008 (SI 2008/2699).
Dates never move for weekends or bank holidays (show ``practical_deadline`` beside them), and
exceptions disapply a limit without extending it, so no clock takes one as input (1.10).
``LIMITS`` gives each clock's citation, rule and plain-English description for the UI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from sendpath.law import calendar as cal
from sendpath.law.calendar import Closures, Rule

REGS = "SEND Regulations 2014"
CFA = "Children and Families Act 2014"
HESC = "HESC Tribunal Rules 2008"
DEVON = "R (L, M and P) v Devon CC [2022] EWHC 493 (Admin)"


@dataclass(frozen=True)
class Deadline:
    """A computed deadline with what is needed to re-derive and cite it (timescales.md 1)."""

    due: date
    rule: Rule
    trigger: date
    citation: str

    def practical(self, closures: Closures = ()) -> date:
        """Advisory last working day on or before ``due``; ``due`` itself never moves."""
        return cal.practical_deadline(self.due, closures)


@dataclass(frozen=True)
class LimitInfo:
    """How the UI names and cites a limit: ``display`` gives e.g.
    "6-week decision (SEND Regulations 2014, reg 5(1))"."""

    label: str
    citation: str
    rule: Rule
    description: str
    verified: bool = True

    @property
    def display(self) -> str:
        return f"{self.label} ({self.citation})"


#: Function name -> citation, rule and description, for every public clock below.
LIMITS: dict[str, LimitInfo] = {}
_CLOCKS: dict[str, Callable[..., date]] = {}
_F = TypeVar("_F", bound=Callable[..., date])


def _limit(label: str, citation: str, rule: Rule, description: str) -> Callable[[_F], _F]:
    """Register a clock in LIMITS, so its citation lives next to its code and cannot drift.
    A clock is unverified exactly when its docstring carries an "unverified" marker."""

    def register(fn: _F) -> _F:
        verified = "unverified" not in (fn.__doc__ or "")
        LIMITS[fn.__name__] = LimitInfo(label, citation, rule, description, verified)
        _CLOCKS[fn.__name__] = fn
        return fn

    return register


def deadline(name: str, *args: Any, trigger: date | None = None, **kwargs: Any) -> Deadline:
    """Run the clock called ``name`` and wrap its date with rule, trigger and citation.

    The trigger defaults to the first date argument; pass ``trigger`` where that is not the
    right one to store (e.g. ``phase_transfer_due``, which takes a year).
    """
    info = LIMITS[name]
    due = _CLOCKS[name](*args, **kwargs)
    if trigger is None:
        dates = [a for a in (*args, *kwargs.values()) if isinstance(a, date)]
        if not dates:
            raise TypeError(f"{name}: pass trigger= explicitly")
        trigger = dates[0]
    return Deadline(due=due, rule=info.rule, trigger=trigger, citation=info.citation)


# --- Part 2: needs assessment and new plans -------------------------------------------------


@_limit("6-week decision", f"{REGS}, reg 5(1)", Rule.W, "Tell the family whether we will assess")
def decision_to_assess_due(received: date) -> date:
    """Reg 5(1) (and reg 4(1)): 6 weeks from the request (or s24 responsibility), rule W."""
    return cal.add_weeks(received, 6)


@_limit("6-week advice", f"{REGS}, reg 8(1)", Rule.W, "Advice due back from the body asked")
def advice_due(requested: date) -> date:
    """Reg 8(1): 6 weeks from the day the advice-giver RECEIVED the request, rule W."""
    return cal.add_weeks(requested, 6)


@_limit("16-week decision", f"{REGS}, reg 10(1)", Rule.W, "Tell the family we will not make a plan")
def no_plan_notice_due(received: date) -> date:
    """Reg 10(1): 16 weeks from the request, rule W. Reg 10(4) exceptions disapply, never extend."""
    return cal.add_weeks(received, 16)


@_limit("15-day comment window", f"{REGS}, reg 13(1)(a)", Rule.B, "Family's comments on the draft")
def draft_representations_close(draft_sent: date) -> date:
    """Reg 13(1)(a): "at least 15 days, beginning with the day on which the draft plan was
    served", rule B, so the window's last day is X + 14 (the serve day is day 1)."""
    return cal.days_beginning_with(draft_sent, 15)


@_limit("Earliest final plan", f"{REGS}, reg 13(1)(a)", Rule.B, "First day the plan may be final")
def earliest_final_plan(draft_sent: date) -> date:
    """Reg 13(1)(a), rule B: the EARLIEST day to finalise is X + 15, the day after the 15-day
    window ends; finalising sooner cuts the family's statutory time to comment."""
    return cal.add_days(draft_representations_close(draft_sent), 1)


@_limit(
    "15-day consultation reply",
    f"{CFA}, s39; SEND Code of Practice 2015, ch. 9",
    Rule.D,
    "The setting replies to the consultation",
)
def consultation_reply_due(sent: date) -> date:
    """CFA s39(2)-(3) consultation of a setting about being named: the Code of Practice asks
    for a reply within 15 days (guidance, "should"; paragraph about 9.79, unverified), rule D
    (X + 15 calendar days). Not a duty on the LA, so it is shown, never reported as a breach."""
    return cal.add_days(sent, 15)


@_limit("20-week plan", f"{REGS}, reg 13(2)", Rule.W, "Send the final EHC plan")
def final_plan_due(received: date) -> date:
    """Reg 13(2): final plan 20 weeks from the request, rule W (X + 140 days)."""
    return cal.add_weeks(received, 20)


# --- Part 3: transfer between LAs (reg 15) -----------------------------------------------------


@_limit("Plan transfer", f"{REGS}, reg 15(2)", Rule.WD, "Old LA transfers the plan to the new LA")
def transfer_plan_due(move: date, learned: date, *, closures: Closures = ()) -> date:
    """Reg 15(2): transfer on the day of the move, unless the old LA was not aware of it at least
    15 working days before, then within 15 working days beginning with the day it became aware
    (rule WD, "beginning with": that day is working day 1 if it is a working day).

    The Regs do not say how to count "at least 15 working days prior". We treat the LA as aware
    in time if its full 15-working-day period would have ended before the move day; otherwise the
    late limit applies. That makes the answer the later of the move day and the 15th working day,
    so a late-notified LA never gets a date before the move. ``closures``: "national" extra days
    only (1.5).
    """
    return max(move, cal.working_days_beginning_with(learned, 15, closures))


@_limit("Transfer notice", f"{REGS}, reg 15(4)", Rule.W, "New LA tells the family of the transfer")
def transfer_notice_due(transferred: date) -> date:
    """Reg 15(4): the new LA tells the family within 6 weeks of the transfer, rule W."""
    return cal.add_weeks(transferred, 6)


@_limit("First review after transfer", f"{REGS}, reg 15(5)", Rule.LATER, "New LA reviews the plan")
def transfer_review_due(last_review: date, transferred: date) -> date:
    """Reg 15(5): review before the LATER of (a) 12 months beginning with the date the plan was
    made or last reviewed and (b) 3 months beginning with the transfer; both rule MB. The
    wording of (b) is [unverified: text cut off] and assumed to mirror (a)."""
    by_review = cal.months_beginning_with(last_review, 12)
    return max(by_review, cal.months_beginning_with(transferred, 3))


# --- Part 4: reviews, amendments, phase transfers, re-assessment ------------------------------


@_limit("Annual review", f"{CFA}, s44(1)", Rule.MB, "Review the plan")
def annual_review_due(plan_date: date) -> date:
    """CFA 2014 s44(1)(a)/(b): review "in the period of 12 months starting with" the date the
    plan was made or last reviewed, rule MB: the day BEFORE the anniversary, not the
    anniversary that much guidance gives (29 Feb 2028 -> 27 Feb 2029, the conservative reading)."""
    return cal.months_beginning_with(plan_date, 12)


@_limit("Review notice", f"{REGS}, reg 20(3)-(4), 21(3)-(4)", Rule.ATLEAST, "Invite; send advice")
def review_notice_latest(meeting: date) -> date:
    """Reg 20(3) / 21(3): at least two weeks' notice of the review meeting, and reg 20(4) / 21(4):
    advice circulated at least two weeks before it. Rule ATLEAST: meeting - 14 days."""
    return cal.at_least_before(meeting, 14)


@_limit("Review report", f"{REGS}, reg 20, 21(7)", Rule.W, "Send the review report")
def review_report_due(meeting: date) -> date:
    """Reg 21(7) (reg 20 equivalent, paragraph [unverified]): the meeting report within 2 weeks
    of the meeting, rule W."""
    return cal.add_weeks(meeting, 2)


@_limit("4-week review decision", f"{REGS}, reg 20(10)", Rule.W, "Maintain, amend or cease?")
def review_decision_due(meeting: date) -> date:
    """Reg 20(10) / reg 21 equivalent [paragraph numbers unverified; limit confirmed by R (L, M
    and P) v Devon CC [2022] EWHC 493 (Admin)]: decision (with any proposed amendments) within
    4 weeks of the meeting, rule W. See ``review_decision_due_within_s44`` for the s44 cap."""
    return cal.add_weeks(meeting, 4)


@_limit("Review decision", f"{REGS}, reg 20(10); {CFA}, s44(1)", Rule.W, "Decide within s44")
def review_decision_due_within_s44(meeting: date, s44_last_day: date) -> date:
    """Reg 20(10) [paragraph unverified], rule W, capped by the CFA s44(1) period (rule MB): the
    decision must come within 4 weeks of the meeting AND within the 12-month review period
    (timescales.md 1.9), so pass ``annual_review_due(...)`` as ``s44_last_day``."""
    return min(review_decision_due(meeting), s44_last_day)


@_limit("15-day comment window", f"{REGS}, reg 22(2)(c)", Rule.B, "Comments on proposed amendments")
def amendment_representations_close(proposals_sent: date) -> date:
    """Reg 22(2)(c): at least 15 days beginning with the day served, rule B: X + 14."""
    return cal.days_beginning_with(proposals_sent, 15)


@_limit("8-week amended plan", f"{REGS}, reg 22(3)", Rule.W, "Send the final amended plan")
def amended_plan_due(amendment_notice_sent: date) -> date:
    """Reg 22(3): final amended plan within 8 weeks of sending the proposed amendments, rule W.
    The binding date also respects the Devon cap: see ``final_amended_plan_due``."""
    return cal.add_weeks(amendment_notice_sent, 8)


@_limit("8-week no-amend decision", f"{REGS}, reg 22(4)", Rule.W, "Tell the family: no amendment")
def no_amend_decision_due(proposals_sent: date) -> date:
    """Reg 22(4) [unverified: text cut off; 8 weeks per SENDIAS/LA guidance]: rule W."""
    return cal.add_weeks(proposals_sent, 8)


@_limit("12-week Devon cap", DEVON, Rule.W, "Latest final amended plan after a review meeting")
def devon_final_amended_cap(meeting: date) -> date:
    """Devon [2022] EWHC 493 (Admin): reg 20(10) (4 weeks) plus reg 22(3) (8 weeks) make the
    final amended plan due at most 12 weeks (84 days) after the review meeting, rule W."""
    return cal.add_weeks(meeting, 12)


@_limit("Final amended plan", f"{REGS}, reg 22(3); {DEVON}", Rule.W, "Send the final amended plan")
def final_amended_plan_due(meeting: date, proposals_sent: date) -> date:
    """Reg 22(3) with the Devon cap: the EARLIER of proposals sent + 56 days and meeting + 84
    days (rule W both), so late proposals cannot stretch the 12 weeks (timescales.md 1.9)."""
    return min(amended_plan_due(proposals_sent), devon_final_amended_cap(meeting))


@_limit("Phase transfer", f"{REGS}, reg 18(1)", Rule.BEFORE, "Review and name the new setting")
def phase_transfer_due(transfer_year: int, to_post16: bool = False) -> date:
    """Reg 18(1), rule BEFORE: amend the plan before 15 February (reg 18(1)(b), last day 14 Feb)
    or, secondary school to post-16, before 31 March (reg 18(1)(a), last day 30 Mar) in the
    calendar year of the transfer."""
    return cal.before(date(transfer_year, 3, 31) if to_post16 else date(transfer_year, 2, 15))


@_limit("Post-16 transfer", f"{REGS}, reg 18(2)", Rule.M, "Review before a mid-year post-16 move")
def post16_transfer_review_due(transfer_date: date) -> date:
    """Reg 18(2): "at least five months before that transfer", rule M counted backwards (clamped
    to the month end: 29 Jul 2027 -> 28 Feb 2027), which is the last compliant day."""
    return cal.add_months(transfer_date, -5)


@_limit("14-week re-assessment", f"{REGS}, reg 27(2)", Rule.W, "Send the re-assessment plan")
def reassessment_final_plan_due(notice: date) -> date:
    """Reg 27(2): final amended or replacement plan within 14 weeks of the reg 25(1) notice (or
    the s44(3) decision to re-assess), rule W. Reg 27(3) exceptions disapply, never extend."""
    return cal.add_weeks(notice, 14)


# --- Part 6: mediation and appeals -------------------------------------------------------------


@_limit("Contact mediation adviser", f"{REGS}, reg 33", Rule.M, "Family contacts mediation adviser")
def mediation_contact_due(decision: date) -> date:
    """Reg 33: within 2 months after written notice of the decision was sent, rule M."""
    return cal.add_months(decision, 2)


@_limit("Mediation certificate", f"{REGS}, reg 34(1)", Rule.WD, "Issue the mediation certificate")
def mediation_certificate_due(event: date, *, closures: Closures = ()) -> date:
    """Reg 34(1) [partly checked] and the parallel certificate limits [reg numbers unverified]:
    3 working days after the event, rule WD (event day not counted). ``closures``: "national"
    extra days only (1.5)."""
    return cal.add_working_days(event, 3, closures)


@_limit("Mediation held", f"{REGS}, regs 36-37", Rule.D, "Hold the mediation")
def mediation_due(told: date) -> date:
    """Mediation regs (around regs 36-37) [unverified reg no.]: within 30 days of the LA (or ICB)
    being told, rule D: calendar days, the day told not counted."""
    return cal.add_days(told, 30)


@_limit("Mediation agreement", f"{REGS}, reg 42(3)", Rule.W, "Carry out a mediation agreement")
def mediation_agreement_due(agreed: date) -> date:
    """Reg 42(3): non-appealable matters within 2 weeks of the agreement, rule W. Appealable
    matters follow the reg 44 limits (reg 42(2)): use ``tribunal_order_due``."""
    return cal.add_weeks(agreed, 2)


@_limit(
    "Tell health of mediation issues",
    f"{REGS}, reg 35",
    Rule.WD,
    "Tell the health commissioners about health issues for mediation",
)
def health_mediation_notice_due(told: date, *, closures: Closures = ()) -> date:
    """Mediation regs (around reg 35) [unverified reg no.]: the LA tells the responsible
    commissioning body (ICB) of health-related mediation issues within 3 working days of
    being told, rule WD (day told not counted). ``closures``: "national" extra days only."""
    return cal.add_working_days(told, 3, closures)


@_limit(
    "Health body tells the council of an agreement",
    f"{REGS}, reg 42(4)",
    Rule.W,
    "Commissioning body tells the council of a mediation agreement",
)
def commissioning_body_agreement_notice_due(agreed: date) -> date:
    """Reg 42(4): a commissioning body tells the LA of a mediation agreement the LA was not a
    party to within 1 week of it, rule W. The parties may agree other times in writing
    (reg 42(5)): record that as a fact against the case, the clock itself never moves."""
    return cal.add_weeks(agreed, 1)


@_limit("Council's response to an appeal", f"{HESC}, r21", Rule.WD, "Send our response to the tribunal")
def appeal_response_due(sent: date, *, closures: Closures = ()) -> date:
    """HESC Rules r21 [unverified: rule number; limit per IPSEA]: the LA sends its response
    within 30 working days after the tribunal sends it the appeal, rule WD (day sent not
    counted). Reg 45 applies only if the LA says it will not oppose BEFORE this date."""
    return cal.add_working_days(sent, 30, closures)


@_limit("Appeal deadline", f"{HESC}, r20(1)(c)", Rule.LATER, "Last day to register an appeal")
def appeal_deadline(decision: date, certificate: date | None = None) -> date:
    """HESC Rules r20(1)(c): the LATER of (i) 2 months after notice of the decision was sent and
    (ii) 1 month from the mediation certificate's issue, both rule M."""
    two_months = cal.add_months(decision, 2)
    return two_months if certificate is None else max(two_months, cal.add_months(certificate, 1))


@_limit("Appeal window", f"{HESC}, r20", Rule.LATER, "Appeal treated as in time until")
def appeal_deadline_with_extension(
    decision: date,
    certificate: date | None = None,
    *,
    closures: Closures = (),
    next_working_day_rule: bool = True,
) -> date:
    """HESC Rules r20 [unverified: paragraph number and exact text; source IPSEA]: a SEN appeal
    whose deadline (``appeal_deadline``: the LATER of the rule-M dates) falls in August, or on
    25 Dec to 1 Jan, is in time if received by the first working day after 31 August or 1
    January. Not for disability discrimination claims.

    Also, if ``next_working_day_rule``, a deadline on a non-working day runs to the next working
    day (HESC general time rule [unverified: rule number]). The LA uses this date before it
    treats a cease decision as final (timescales.md 1.7, 5).
    """
    due = appeal_deadline(decision, certificate)
    # The deadline as it falls, then (if that is not a working day) as the next-working-day
    # rule moves it: a Saturday 30 July moved to Monday 1 August is an August deadline too,
    # and the family gets the longer of the two readings.
    candidates = [due]
    if next_working_day_rule and not cal.is_working_day(due, closures):
        candidates.append(cal.add_working_days(due, 1, closures))
    for day in candidates:
        if day.month == 8:
            return cal.add_working_days(date(day.year, 8, 31), 1, closures)
        if day.month == 12 and day.day >= 25:
            return cal.add_working_days(date(day.year + 1, 1, 1), 1, closures)
        if day.month == 1 and day.day == 1:
            return cal.add_working_days(day, 1, closures)
    return candidates[-1]


# --- Part 7: tribunal orders (reg 44) and unopposed appeals (reg 45) ---------------------------


class OrderKind(StrEnum):
    """What a tribunal ordered (reg 44(2), as substituted by SI 2015/359)."""

    DISMISS_CEASE_APPEAL = "dismiss_cease_appeal"  # (a)
    ASSESS = "assess"  # (b)
    MAKE_PLAN = "make_plan"  # (c)
    RECONSIDER = "reconsider"  # (d)
    AMEND_PLAN = "amend_plan"  # (e)
    AMEND_SECTION_I = "amend_section_i"  # (f)
    CONTINUE = "continue"
    CONTINUE_AND_AMEND = "continue_and_amend"


class AppealKind(StrEnum):
    """Which appeal the LA told the tribunal it will not oppose (reg 45)."""

    REFUSAL_TO_ASSESS = "refusal_to_assess"  # CFA s51(2)(a) or (d)
    PLAN_CONTENT = "plan_content"  # s51(2)(c)(i)/(ii) or (e)
    SCHOOL_ONLY = "school_only"
    REFUSAL_TO_MAKE_PLAN = "refusal_to_make_plan"


class Step(StrEnum):
    """A step the LA must take after an order or unopposed appeal."""

    CEASE_PLAN = "cease_plan"
    NOTIFY_WILL_ASSESS = "notify_will_assess"
    NO_PLAN_DECISION = "no_plan_decision"
    DRAFT_PLAN = "draft_plan"
    FINAL_PLAN = "final_plan"
    RECONSIDER = "reconsider"
    AMENDED_PLAN = "amended_plan"
    CONTINUE = "continue"


@dataclass(frozen=True)
class StepLimit:
    """One row of timescales.md part 7: weeks from the clock start (0 = immediately), rule W."""

    weeks: int
    citation: str
    verified: bool = True


def _r(weeks: int, para: str, verified: bool = True) -> StepLimit:
    return StepLimit(weeks, f"{REGS}, reg {para}", verified)


#: Reg 44(2) (SI 2015/359): weeks from the date of the tribunal's order (rule W).
TRIBUNAL_ORDER_STEPS: dict[OrderKind, dict[Step, StepLimit]] = {
    OrderKind.DISMISS_CEASE_APPEAL: {Step.CEASE_PLAN: _r(0, "44(2)(a)")},
    OrderKind.ASSESS: {
        Step.NOTIFY_WILL_ASSESS: _r(2, "44(2)(b)"),
        Step.NO_PLAN_DECISION: _r(10, "44(2)(b)"),
        Step.FINAL_PLAN: _r(14, "44(2)(b)"),
    },
    OrderKind.MAKE_PLAN: {Step.DRAFT_PLAN: _r(5, "44(2)(c)"), Step.FINAL_PLAN: _r(11, "44(2)(c)")},
    OrderKind.RECONSIDER: {Step.RECONSIDER: _r(2, "44(2)(d)", verified=False)},
    OrderKind.AMEND_PLAN: {Step.AMENDED_PLAN: _r(5, "44(2)(e)")},
    OrderKind.AMEND_SECTION_I: {Step.AMENDED_PLAN: _r(2, "44(2)(f)")},
    OrderKind.CONTINUE: {Step.CONTINUE: _r(0, "44(2)", verified=False)},
    OrderKind.CONTINUE_AND_AMEND: {Step.AMENDED_PLAN: _r(5, "44(2)", verified=False)},
}

#: Reg 45 (substituted 2015): weeks from the date the LA notified the tribunal (rule W).
UNOPPOSED_APPEAL_STEPS: dict[AppealKind, dict[Step, StepLimit]] = {
    AppealKind.REFUSAL_TO_ASSESS: {
        Step.NOTIFY_WILL_ASSESS: _r(2, "45(3)"),
        Step.NO_PLAN_DECISION: _r(10, "45(3A)(a)"),
        Step.FINAL_PLAN: _r(14, "45(3A)(b)"),
    },
    AppealKind.PLAN_CONTENT: {Step.AMENDED_PLAN: _r(5, "45(4)")},
    AppealKind.SCHOOL_ONLY: {Step.AMENDED_PLAN: _r(2, "45", verified=False)},
    AppealKind.REFUSAL_TO_MAKE_PLAN: {
        Step.DRAFT_PLAN: _r(5, "45", verified=False),
        Step.FINAL_PLAN: _r(11, "45", verified=False),
    },
}


def _step_due(start: date, steps: dict[Step, StepLimit], step: Step | None) -> date:
    """Pick the step (implicit when there is only one) and apply rule W."""
    if step is None:
        if len(steps) != 1:
            raise ValueError(f"choose a step: {', '.join(steps)}")
        (step,) = steps
    if step not in steps:
        raise ValueError(f"{step} is not a step here; choose from {', '.join(steps)}")
    return cal.add_weeks(start, steps[step].weeks)


@_limit("Tribunal order", f"{REGS}, reg 44(2)", Rule.W, "Comply with the tribunal's order")
def tribunal_order_due(order_date: date, order_kind: OrderKind, step: Step | None = None) -> date:
    """Reg 44(2) (SI 2015/359): weeks from the order for ``step``, rule W; see
    TRIBUNAL_ORDER_STEPS for each step's weeks and paragraph. Reg 44(3) exceptions
    [unverified] disapply the limit, they never extend it."""
    return _step_due(order_date, TRIBUNAL_ORDER_STEPS[order_kind], step)


@_limit("Unopposed appeal", f"{REGS}, reg 45", Rule.W, "Act on an appeal we did not oppose")
def unopposed_appeal_due(notified: date, appeal_kind: AppealKind, step: Step | None = None) -> date:
    """Reg 45 (as substituted in 2015): weeks from the day the LA told the tribunal it would not
    oppose, rule W; see UNOPPOSED_APPEAL_STEPS (school-only and make-plan rows: paragraph
    [unverified]). The original 2014 figures apply only when back-loading historic cases."""
    return _step_due(notified, UNOPPOSED_APPEAL_STEPS[appeal_kind], step)


def tribunal_order_steps(order_date: date, order_kind: OrderKind) -> dict[Step, date]:
    """Every reg 44(2) step's last day for one order, for a case's task list."""
    steps = TRIBUNAL_ORDER_STEPS[order_kind]
    return {s: cal.add_weeks(order_date, limit.weeks) for s, limit in steps.items()}


def unopposed_appeal_steps(notified: date, appeal_kind: AppealKind) -> dict[Step, date]:
    """Every reg 45 step's last day for one unopposed appeal."""
    steps = UNOPPOSED_APPEAL_STEPS[appeal_kind]
    return {s: cal.add_weeks(notified, limit.weeks) for s, limit in steps.items()}
