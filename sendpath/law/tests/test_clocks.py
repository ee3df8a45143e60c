"""Tests for the statutory clocks (sendpath.law.clocks), led by timescales.md part 10."""

from __future__ import annotations

import dataclasses
import inspect
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendpath.law import clocks
from sendpath.law.calendar import (
    Rule,
    add_months,
    is_working_day,
    months_beginning_with,
    practical_deadline,
    working_days_beginning_with,
)
from sendpath.law.clocks import (
    LIMITS,
    TRIBUNAL_ORDER_STEPS,
    UNOPPOSED_APPEAL_STEPS,
    AppealKind,
    Deadline,
    OrderKind,
    Step,
    advice_due,
    amended_plan_due,
    amendment_representations_close,
    annual_review_due,
    appeal_deadline,
    appeal_deadline_with_extension,
    deadline,
    decision_to_assess_due,
    devon_final_amended_cap,
    draft_representations_close,
    earliest_final_plan,
    final_amended_plan_due,
    final_plan_due,
    mediation_agreement_due,
    mediation_certificate_due,
    mediation_contact_due,
    mediation_due,
    no_amend_decision_due,
    no_plan_notice_due,
    phase_transfer_due,
    post16_transfer_review_due,
    reassessment_final_plan_due,
    review_decision_due,
    review_decision_due_within_s44,
    review_notice_latest,
    review_report_due,
    transfer_notice_due,
    transfer_plan_due,
    transfer_review_due,
    tribunal_order_due,
    tribunal_order_steps,
    unopposed_appeal_due,
    unopposed_appeal_steps,
)

D = date
DAYS = st.dates(min_value=D(1995, 1, 1), max_value=D(2095, 12, 31))
ONE_DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def _fast_settings() -> None:
    """Shadow the root conftest's Django-settings fixture: this library is pure Python, and its
    tests must also run with ``-p no:django`` (no settings, no database)."""


def wd(day: date) -> str:
    return day.strftime("%a")


# --- Part 10: every worked example, exact date and weekday --------------------------------------

WORKED_EXAMPLES = [
    pytest.param(final_plan_due, (D(2026, 1, 5),), D(2026, 5, 25), "Mon", id="1-20-weeks"),
    pytest.param(
        lambda x: practical_deadline(final_plan_due(x)),
        (D(2026, 1, 5),),
        D(2026, 5, 22),
        "Fri",
        id="1-practical",
    ),
    pytest.param(decision_to_assess_due, (D(2025, 12, 31),), D(2026, 2, 11), "Wed", id="2"),
    pytest.param(no_plan_notice_due, (D(2028, 2, 10),), D(2028, 6, 1), "Thu", id="3-leap-day"),
    pytest.param(draft_representations_close, (D(2026, 3, 2),), D(2026, 3, 16), "Mon", id="4"),
    pytest.param(earliest_final_plan, (D(2026, 3, 2),), D(2026, 3, 17), "Tue", id="4-earliest"),
    pytest.param(annual_review_due, (D(2026, 3, 15),), D(2027, 3, 14), "Sun", id="5"),
    pytest.param(
        lambda x: practical_deadline(annual_review_due(x)),
        (D(2026, 3, 15),),
        D(2027, 3, 12),
        "Fri",
        id="5-practical",
    ),
    pytest.param(annual_review_due, (D(2028, 2, 29),), D(2029, 2, 27), "Tue", id="6-leap-day"),
    pytest.param(appeal_deadline, (D(2026, 7, 31),), D(2026, 9, 30), "Wed", id="7-two-months"),
    pytest.param(appeal_deadline, (D(2026, 7, 31), D(2026, 9, 14)), D(2026, 10, 14), "Wed", id="7-later"),
    pytest.param(appeal_deadline, (D(2026, 6, 12),), D(2026, 8, 12), "Wed", id="8-august"),
    pytest.param(appeal_deadline_with_extension, (D(2026, 6, 12),), D(2026, 9, 1), "Tue", id="8-extension"),
    pytest.param(transfer_plan_due, (D(2026, 12, 14), D(2026, 12, 18)), D(2027, 1, 12), "Tue", id="9"),
    pytest.param(mediation_certificate_due, (D(2026, 4, 2),), D(2026, 4, 9), "Thu", id="10"),
    pytest.param(mediation_due, (D(2026, 12, 1),), D(2026, 12, 31), "Thu", id="11"),
    pytest.param(phase_transfer_due, (2027,), D(2027, 2, 14), "Sun", id="12-school"),
    pytest.param(phase_transfer_due, (2027, True), D(2027, 3, 30), "Tue", id="12-post16"),
    pytest.param(post16_transfer_review_due, (D(2027, 7, 29),), D(2027, 2, 28), "Sun", id="13"),
    pytest.param(review_decision_due, (D(2026, 11, 26),), D(2026, 12, 24), "Thu", id="14-decision"),
    pytest.param(amended_plan_due, (D(2026, 12, 24),), D(2027, 2, 18), "Thu", id="14-8-weeks"),
    pytest.param(devon_final_amended_cap, (D(2026, 11, 26),), D(2027, 2, 18), "Thu", id="14-cap"),
    pytest.param(
        final_amended_plan_due,
        (D(2026, 11, 26), D(2026, 12, 24)),
        D(2027, 2, 18),
        "Thu",
        id="14-binding",
    ),
    pytest.param(annual_review_due, (D(2026, 1, 15),), D(2027, 1, 14), "Thu", id="15a"),
    pytest.param(lambda x: months_beginning_with(x, 3), (D(2026, 11, 30),), D(2027, 2, 27), "Sat", id="15b"),
    pytest.param(transfer_review_due, (D(2026, 1, 15), D(2026, 11, 30)), D(2027, 2, 27), "Sat", id="15"),
]


@pytest.mark.parametrize(("clock", "args", "expected", "weekday"), WORKED_EXAMPLES)
def test_worked_examples(
    clock: Callable[..., date], args: tuple[Any, ...], expected: date, weekday: str
) -> None:
    due = clock(*args)
    assert due == expected
    assert wd(due) == weekday


def test_example_1_statutory_date_is_a_bank_holiday_and_does_not_move() -> None:
    assert not is_working_day(final_plan_due(D(2026, 1, 5)))


def test_example_14_binding_date_when_proposals_are_late() -> None:
    # Proposals sent after the 4 weeks: the 12-week Devon cap binds, not proposals + 8 weeks.
    assert final_amended_plan_due(D(2026, 11, 26), D(2027, 1, 7)) == D(2027, 2, 18)
    assert final_amended_plan_due(D(2026, 11, 26), D(2026, 12, 3)) == D(2027, 1, 28)


# --- Deadlines on bank holidays do not move ----------------------------------------------------


@pytest.mark.parametrize(
    ("clock", "trigger", "expected"),
    [
        (decision_to_assess_due, D(2026, 11, 13), D(2026, 12, 25)),  # Christmas Day
        (final_plan_due, D(2026, 8, 10), D(2026, 12, 28)),  # Boxing Day substitute
        (amended_plan_due, D(2026, 2, 9), D(2026, 4, 6)),  # Easter Monday 2026
        (advice_due, D(2027, 2, 12), D(2027, 3, 26)),  # Good Friday 2027
        (mediation_due, D(2027, 11, 27), D(2027, 12, 27)),  # Christmas substitute 2027
        (annual_review_due, D(2026, 12, 29), D(2027, 12, 28)),  # Boxing Day substitute 2027
        (reassessment_final_plan_due, D(2026, 9, 18), D(2026, 12, 25)),
    ],
)
def test_deadline_on_bank_holiday_does_not_move(
    clock: Callable[[date], date], trigger: date, expected: date
) -> None:
    assert clock(trigger) == expected
    assert not is_working_day(expected)
    assert practical_deadline(expected) < expected


# --- Single limits -------------------------------------------------------------------------------


def test_week_and_day_clocks() -> None:
    monday = D(2026, 1, 5)
    assert decision_to_assess_due(monday) == D(2026, 2, 16)
    assert advice_due(monday) == D(2026, 2, 16)
    assert no_plan_notice_due(monday) == D(2026, 4, 27)
    assert transfer_notice_due(monday) == D(2026, 2, 16)
    assert review_report_due(monday) == D(2026, 1, 19)
    assert no_amend_decision_due(monday) == D(2026, 3, 2)
    assert reassessment_final_plan_due(monday) == D(2026, 4, 13)
    assert mediation_agreement_due(monday) == D(2026, 1, 19)
    assert amendment_representations_close(monday) == D(2026, 1, 19)
    assert review_notice_latest(D(2026, 6, 17)) == D(2026, 6, 3)
    assert mediation_contact_due(D(2026, 12, 31)) == D(2027, 2, 28)


def test_review_decision_is_capped_by_s44_period() -> None:
    s44_last_day = annual_review_due(D(2026, 1, 10))  # Sat 9 Jan 2027
    assert review_decision_due_within_s44(D(2026, 12, 20), s44_last_day) == D(2027, 1, 9)
    assert review_decision_due_within_s44(D(2026, 11, 1), s44_last_day) == D(2026, 11, 29)


@pytest.mark.parametrize(
    ("year", "to_post16", "expected"),
    [
        (2028, False, D(2028, 2, 14)),
        (2028, True, D(2028, 3, 30)),
        (2026, False, D(2026, 2, 14)),
    ],
)
def test_phase_transfer_due(year: int, to_post16: bool, expected: date) -> None:
    assert phase_transfer_due(year, to_post16=to_post16) == expected


@pytest.mark.parametrize(
    ("transfer", "expected"),
    [
        (D(2026, 7, 31), D(2026, 2, 28)),
        (D(2028, 7, 31), D(2028, 2, 29)),
        (D(2027, 1, 31), D(2026, 8, 31)),
        (D(2027, 3, 15), D(2026, 10, 15)),
    ],
)
def test_post16_transfer_review_backwards(transfer: date, expected: date) -> None:
    assert post16_transfer_review_due(transfer) == expected


@pytest.mark.parametrize(
    ("move", "learned", "expected"),
    [
        (D(2026, 3, 23), D(2026, 1, 5), D(2026, 3, 23)),  # known well ahead: day of move
        (D(2026, 3, 23), D(2026, 3, 2), D(2026, 3, 23)),  # 15th working day is Fri 20 Mar
        (D(2026, 3, 23), D(2026, 3, 3), D(2026, 3, 23)),  # 15th working day is the move day
        (D(2026, 3, 23), D(2026, 3, 4), D(2026, 3, 24)),  # late: 15th working day after move
        (D(2026, 3, 23), D(2026, 3, 25), D(2026, 4, 16)),  # learned after the move, over Easter
        (D(2026, 12, 25), D(2026, 1, 5), D(2026, 12, 25)),  # move on a bank holiday: no roll
    ],
)
def test_transfer_plan_due(move: date, learned: date, expected: date) -> None:
    assert transfer_plan_due(move, learned) == expected


def test_transfer_plan_due_national_closure_day() -> None:
    extra_bank_holiday = [D(2026, 12, 21)]
    assert transfer_plan_due(D(2026, 12, 1), D(2026, 12, 18)) == D(2027, 1, 12)
    assert transfer_plan_due(D(2026, 12, 1), D(2026, 12, 18), closures=extra_bank_holiday) == D(2027, 1, 13)


def test_transfer_review_due_takes_the_later_period() -> None:
    assert transfer_review_due(D(2026, 6, 1), D(2026, 7, 1)) == D(2027, 5, 31)  # (a) later
    assert transfer_review_due(D(2026, 1, 15), D(2026, 11, 30)) == D(2027, 2, 27)  # (b) later


def test_mediation_certificate_over_christmas_and_with_closures() -> None:
    assert mediation_certificate_due(D(2027, 12, 23)) == D(2027, 12, 30)
    assert mediation_certificate_due(D(2027, 12, 23), closures=[D(2027, 12, 29)]) == D(2027, 12, 31)


# --- Appeals (HESC r20) ----------------------------------------------------------------------


def test_appeal_deadline_later_of() -> None:
    assert appeal_deadline(D(2026, 3, 10)) == D(2026, 5, 10)
    assert appeal_deadline(D(2026, 3, 10), D(2026, 3, 20)) == D(2026, 5, 10)  # 2 months later
    assert appeal_deadline(D(2026, 3, 10), D(2026, 4, 30)) == D(2026, 5, 30)  # certificate later
    assert appeal_deadline(D(2026, 12, 31), D(2027, 1, 31)) == D(2027, 2, 28)


@pytest.mark.parametrize(
    ("decision", "certificate", "expected"),
    [
        (D(2026, 10, 25), None, D(2027, 1, 4)),  # Fri 25 Dec 2026 -> first working day after 1 Jan
        (D(2026, 11, 1), None, D(2027, 1, 4)),  # Fri 1 Jan 2027
        (D(2027, 10, 31), None, D(2028, 1, 4)),  # 31 Dec 2027; Mon 3 Jan 2028 is a substitute
        (D(2027, 6, 30), None, D(2027, 9, 1)),  # Mon 30 Aug 2027 (bank holiday), in August
        (D(2027, 6, 1), None, D(2027, 9, 1)),  # Sun 1 Aug 2027
        (D(2026, 5, 1), D(2026, 7, 20), D(2026, 9, 1)),  # certificate pushes into August
        (D(2026, 10, 24), None, D(2026, 12, 24)),  # 24 Dec is outside the window
        (D(2026, 11, 2), None, D(2027, 1, 4)),  # Sat 2 Jan: next-working-day rule only
        (D(2026, 8, 17), None, D(2026, 10, 19)),  # Sat 17 Oct -> Mon 19 Oct
        (D(2026, 7, 31), D(2026, 9, 14), D(2026, 10, 14)),  # example 7: no extension
    ],
)
def test_appeal_deadline_with_extension(decision: date, certificate: date | None, expected: date) -> None:
    assert appeal_deadline_with_extension(decision, certificate) == expected


def test_appeal_extension_without_next_working_day_rule() -> None:
    assert appeal_deadline_with_extension(D(2026, 8, 17), next_working_day_rule=False) == D(2026, 10, 17)
    assert appeal_deadline_with_extension(D(2026, 6, 12), next_working_day_rule=False) == D(2026, 9, 1)


# --- Reg 44 / reg 45 ---------------------------------------------------------------------------

ORDER = D(2026, 1, 5)


@pytest.mark.parametrize(
    ("kind", "step", "weeks"),
    [
        (OrderKind.DISMISS_CEASE_APPEAL, Step.CEASE_PLAN, 0),
        (OrderKind.ASSESS, Step.NOTIFY_WILL_ASSESS, 2),
        (OrderKind.ASSESS, Step.NO_PLAN_DECISION, 10),
        (OrderKind.ASSESS, Step.FINAL_PLAN, 14),
        (OrderKind.MAKE_PLAN, Step.DRAFT_PLAN, 5),
        (OrderKind.MAKE_PLAN, Step.FINAL_PLAN, 11),
        (OrderKind.RECONSIDER, Step.RECONSIDER, 2),
        (OrderKind.AMEND_PLAN, Step.AMENDED_PLAN, 5),
        (OrderKind.AMEND_SECTION_I, Step.AMENDED_PLAN, 2),
        (OrderKind.CONTINUE, Step.CONTINUE, 0),
        (OrderKind.CONTINUE_AND_AMEND, Step.AMENDED_PLAN, 5),
    ],
)
def test_tribunal_order_steps(kind: OrderKind, step: Step, weeks: int) -> None:
    assert TRIBUNAL_ORDER_STEPS[kind][step].weeks == weeks
    assert (tribunal_order_due(ORDER, kind, step) - ORDER).days == 7 * weeks
    assert tribunal_order_steps(ORDER, kind)[step] == tribunal_order_due(ORDER, kind, step)


@pytest.mark.parametrize(
    ("kind", "step", "weeks", "para"),
    [
        (AppealKind.REFUSAL_TO_ASSESS, Step.NOTIFY_WILL_ASSESS, 2, "45(3)"),
        (AppealKind.REFUSAL_TO_ASSESS, Step.NO_PLAN_DECISION, 10, "45(3A)(a)"),
        (AppealKind.REFUSAL_TO_ASSESS, Step.FINAL_PLAN, 14, "45(3A)(b)"),
        (AppealKind.PLAN_CONTENT, Step.AMENDED_PLAN, 5, "45(4)"),
        (AppealKind.SCHOOL_ONLY, Step.AMENDED_PLAN, 2, "45"),
        (AppealKind.REFUSAL_TO_MAKE_PLAN, Step.DRAFT_PLAN, 5, "45"),
        (AppealKind.REFUSAL_TO_MAKE_PLAN, Step.FINAL_PLAN, 11, "45"),
    ],
)
def test_unopposed_appeal_steps(kind: AppealKind, step: Step, weeks: int, para: str) -> None:
    limit = UNOPPOSED_APPEAL_STEPS[kind][step]
    assert limit.weeks == weeks
    assert limit.citation.endswith(f"reg {para}")
    assert (unopposed_appeal_due(ORDER, kind, step) - ORDER).days == 7 * weeks
    assert unopposed_appeal_steps(ORDER, kind)[step] == unopposed_appeal_due(ORDER, kind, step)


def test_single_step_is_implicit_and_ambiguity_is_refused() -> None:
    assert tribunal_order_due(ORDER, OrderKind.AMEND_PLAN) == D(2026, 2, 9)
    assert tribunal_order_due(ORDER, OrderKind.DISMISS_CEASE_APPEAL) == ORDER  # immediately
    assert unopposed_appeal_due(ORDER, AppealKind.PLAN_CONTENT) == D(2026, 2, 9)
    with pytest.raises(ValueError, match="choose a step"):
        tribunal_order_due(ORDER, OrderKind.ASSESS)
    with pytest.raises(ValueError, match="not a step"):
        tribunal_order_due(ORDER, OrderKind.AMEND_PLAN, Step.DRAFT_PLAN)


def test_unverified_step_rows_are_flagged() -> None:
    # timescales.md part 7 marks these rows [unverified]; the UI must not present them as checked.
    unverified_44 = {OrderKind.RECONSIDER, OrderKind.CONTINUE, OrderKind.CONTINUE_AND_AMEND}
    for kind, steps in TRIBUNAL_ORDER_STEPS.items():
        assert all(limit.verified is (kind not in unverified_44) for limit in steps.values())
    unverified_45 = {AppealKind.SCHOOL_ONLY, AppealKind.REFUSAL_TO_MAKE_PLAN}
    for appeal, steps in UNOPPOSED_APPEAL_STEPS.items():
        assert all(limit.verified is (appeal not in unverified_45) for limit in steps.values())
    assert TRIBUNAL_ORDER_STEPS[OrderKind.MAKE_PLAN][Step.DRAFT_PLAN].citation.endswith("44(2)(c)")


# --- Registry, Deadline and docstrings -----------------------------------------------------------


def test_registry_covers_every_public_clock() -> None:
    public = {
        name
        for name, fn in inspect.getmembers(clocks, inspect.isfunction)
        if fn.__module__ == clocks.__name__
        and not name.startswith("_")
        and name not in {"deadline", "tribunal_order_steps", "unopposed_appeal_steps"}
    }
    assert public == set(LIMITS)
    assert len(LIMITS) >= 30


@pytest.mark.parametrize("name", sorted(LIMITS))
def test_docstring_cites_regulation_and_rule(name: str) -> None:
    info = LIMITS[name]
    doc = inspect.getdoc(getattr(clocks, name)) or ""
    # The docstring names the same provision as the registry (e.g. "5(1)", "s44(1)", "r20").
    cited = re.search(r"\b(?:regs?|s|r) ?(\d+[\w()]*)", info.citation)
    assert (cited.group(1) if cited else "Devon") in doc, name
    if info.rule is Rule.LATER:
        assert "LATER" in doc
    else:
        assert re.search(rf"\brule {info.rule.value}\b", doc, re.IGNORECASE), name
    assert info.label and info.description and info.citation
    if not info.verified:
        assert "unverified" in doc


def test_limit_display_for_ui() -> None:
    info = LIMITS["decision_to_assess_due"]
    assert info.display == "6-week decision (SEND Regulations 2014, reg 5(1))"
    assert info.description == "Tell the family whether we will assess"
    assert info.rule is Rule.W
    assert LIMITS["annual_review_due"].rule is Rule.MB
    assert LIMITS["annual_review_due"].citation == "Children and Families Act 2014, s44(1)"


def test_deadline_wrapper() -> None:
    dl = deadline("final_plan_due", D(2026, 1, 5))
    assert dl == Deadline(D(2026, 5, 25), Rule.W, D(2026, 1, 5), "SEND Regulations 2014, reg 13(2)")
    assert dl.practical() == D(2026, 5, 22)
    with pytest.raises(dataclasses.FrozenInstanceError):
        dl.due = D(2026, 5, 26)  # type: ignore[misc]
    phase = deadline("phase_transfer_due", 2027, trigger=D(2027, 9, 1))
    assert (phase.due, phase.rule, phase.trigger) == (D(2027, 2, 14), Rule.BEFORE, D(2027, 9, 1))
    with pytest.raises(TypeError):
        deadline("phase_transfer_due", 2027)
    assert deadline("tribunal_order_due", ORDER, OrderKind.MAKE_PLAN, Step.FINAL_PLAN).due == D(2026, 3, 23)


# --- Properties --------------------------------------------------------------------------------

FORWARD_CLOCKS: list[Callable[[date], date]] = [
    decision_to_assess_due,
    advice_due,
    no_plan_notice_due,
    draft_representations_close,
    earliest_final_plan,
    final_plan_due,
    transfer_notice_due,
    annual_review_due,
    review_report_due,
    review_decision_due,
    amendment_representations_close,
    amended_plan_due,
    no_amend_decision_due,
    devon_final_amended_cap,
    reassessment_final_plan_due,
    mediation_contact_due,
    mediation_certificate_due,
    mediation_due,
    mediation_agreement_due,
    appeal_deadline,
    appeal_deadline_with_extension,
]


@given(DAYS, st.sampled_from(FORWARD_CLOCKS))
def test_due_date_never_before_start(trigger: date, clock: Callable[[date], date]) -> None:
    assert clock(trigger) >= trigger


@given(DAYS)
def test_annual_review_is_day_before_anniversary(plan_date: date) -> None:
    assert annual_review_due(plan_date) == add_months(plan_date, 12) - ONE_DAY


@given(DAYS, st.integers(min_value=0, max_value=120))
def test_final_amended_plan_never_beyond_either_limit(meeting: date, gap: int) -> None:
    proposals = D.fromordinal(meeting.toordinal() + gap)
    due = final_amended_plan_due(meeting, proposals)
    assert due <= devon_final_amended_cap(meeting)
    assert due <= amended_plan_due(proposals)
    assert due > meeting


@given(DAYS, st.one_of(st.none(), DAYS))
def test_appeal_window_is_a_working_day_not_before_the_deadline(
    decision: date, certificate: date | None
) -> None:
    base = appeal_deadline(decision, certificate)
    assert base >= add_months(decision, 2)
    if certificate is not None:
        assert base >= add_months(certificate, 1)
    extended = appeal_deadline_with_extension(decision, certificate)
    assert extended >= base
    assert is_working_day(extended)
    assert extended.month != 8


@given(DAYS, DAYS)
def test_transfer_plan_is_move_day_or_15th_working_day(move: date, learned: date) -> None:
    due = transfer_plan_due(move, learned)
    assert due >= move
    assert due == move or due == working_days_beginning_with(learned, 15)
    assert due == move or is_working_day(due)


@given(DAYS, DAYS)
def test_transfer_review_is_later_of_both_periods(last_review: date, transferred: date) -> None:
    due = transfer_review_due(last_review, transferred)
    assert due >= annual_review_due(last_review)
    assert due >= add_months(transferred, 3) - ONE_DAY


@given(DAYS)
def test_backward_clocks_are_before_the_event(event: date) -> None:
    assert review_notice_latest(event) < event
    post16 = post16_transfer_review_due(event)
    assert post16 < event
    assert add_months(post16, 5) <= event


@given(DAYS, st.sampled_from(list(OrderKind)))
def test_tribunal_steps_never_before_order(order: date, kind: OrderKind) -> None:
    assert all(due >= order for due in tribunal_order_steps(order, kind).values())


def test_consultation_reply_is_15_calendar_days_and_marked_guidance() -> None:
    from sendpath.law.clocks import LIMITS, consultation_reply_due

    # Sent Mon 21 Dec 2026: 15 days counts Christmas and the Boxing Day substitute.
    assert consultation_reply_due(date(2026, 12, 21)) == date(2027, 1, 5)
    assert not LIMITS["consultation_reply_due"].verified


def test_weekend_deadline_moved_into_august_gets_the_august_extension() -> None:
    """Found by Hypothesis: decision Thu 30 May 2072, 2 months -> Sat 30 Jul 2072, moved by
    the next-working-day rule to Mon 1 Aug 2072, an August deadline: in time until the first
    working day after 31 August."""
    from sendpath.law.clocks import appeal_deadline_with_extension

    assert appeal_deadline_with_extension(date(2072, 5, 30)) == date(2072, 9, 1)
