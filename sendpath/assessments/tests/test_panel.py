"""The clock panel of a case: every limit, its legal date, and met / met late / due / at risk
/ breached / exception applies / not needed; and the status of each advice request.

Pure reading of a case's facts, so these tests build unsaved model instances. Dates follow
timescales.md part 10: a request received Mon 5 Jan 2026 has its 6-week decision due Mon 16
Feb, the 16-week point Mon 27 Apr and the final plan Mon 25 May 2026; a draft served Mon 2
Mar 2026 has its 15 days end on Mon 16 Mar.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sendpath.assessments.clocks import request_due_dates
from sendpath.assessments.models import (
    AdviceKind,
    AdviceRequest,
    AssessmentRequest,
    ClockException,
    ExceptionKind,
)
from sendpath.assessments.panel import advice_status, clock_panel
from sendpath.assessments.workflow import Stage
from sendpath.common.clock_panel import AT_RISK_DAYS, Clock
from sendpath.law.clocks import advice_due
from sendpath.organisations.models import Service, Setting

RECEIVED = dt.date(2026, 1, 5)
DECISION_DUE = dt.date(2026, 2, 16)
NO_PLAN_DUE = dt.date(2026, 4, 27)
FINAL_DUE = dt.date(2026, 5, 25)
DRAFT_SERVED = dt.date(2026, 3, 2)
WINDOW_ENDS = dt.date(2026, 3, 16)

DECISION = "6-week decision"
NO_PLAN = "16-week decision"
WINDOW = "15-day comment window"
FINAL = "20-week plan"


def case(stage: Stage = Stage.RECEIVED, **facts: Any) -> AssessmentRequest:
    return AssessmentRequest(received_on=RECEIVED, stage=stage, **request_due_dates(RECEIVED), **facts)


def exception(kind: str = ExceptionKind.REG10_4_C) -> ClockException:
    return ClockException(
        kind=kind, start_on=dt.date(2026, 1, 20), end_on=dt.date(2026, 3, 1), evidence="Hospital stay"
    )


EP_SERVICE = Service(pk=1, name="Shire EP service")
SCHOOL = Setting(pk=2, name="Riverside Primary")


def advice(
    requested: dt.date = dt.date(2026, 2, 13),
    received: dt.date | None = None,
    kind: str = AdviceKind.PSYCHOLOGICAL,
    **org: Any,
) -> AdviceRequest:
    if not org and kind not in (AdviceKind.FAMILY, AdviceKind.EDUCATIONAL):
        org = {"service": EP_SERVICE}
    return AdviceRequest(
        kind=kind, requested_on=requested, due_on=advice_due(requested), received_on=received, **org
    )


def panel(
    c: AssessmentRequest, today: dt.date, advice_rows: Any = (), exceptions: Any = ()
) -> dict[str, Clock]:
    return {clock.label: clock for clock in clock_panel(c, list(advice_rows), list(exceptions), today)}


def statuses(
    c: AssessmentRequest, today: dt.date, advice_rows: Any = (), exceptions: Any = ()
) -> dict[str, str]:
    return {label: clock.status for label, clock in panel(c, today, advice_rows, exceptions).items()}


# -- which limits show, with their dates and citations ---------------------------------------
def test_a_new_request_shows_the_6_16_and_20_week_limits_with_their_citations() -> None:
    clocks = clock_panel(case(), [], [], dt.date(2026, 1, 6))
    assert [(c.label, c.citation, c.due) for c in clocks] == [
        (DECISION, "SEND Regulations 2014, reg 5(1)", DECISION_DUE),
        (NO_PLAN, "SEND Regulations 2014, reg 10(1)", NO_PLAN_DUE),
        (FINAL, "SEND Regulations 2014, reg 13(2)", FINAL_DUE),
    ]
    assert [c.detail for c in clocks] == [
        "Tell the family whether we will assess",
        "Tell the family we will not make a plan",
        "Send the final EHC plan",
    ]
    assert [c.status for c in clocks] == ["due", "due", "due"]


def test_each_advice_request_has_its_own_clock_naming_who_was_asked() -> None:
    c = case(Stage.ASSESSING, decided_to_assess_on=dt.date(2026, 2, 12))
    rows = [
        advice(),
        advice(kind=AdviceKind.EDUCATIONAL, setting=SCHOOL),
        advice(kind=AdviceKind.FAMILY, requested=dt.date(2026, 2, 12)),
    ]
    clocks = clock_panel(c, rows, [], dt.date(2026, 2, 20))
    advice_clocks = [(k.label, k.citation, k.due, k.detail) for k in clocks[1:4]]
    assert advice_clocks == [
        (
            "6-week advice: psychological advice",
            "SEND Regulations 2014, reg 8(1)",
            dt.date(2026, 3, 27),
            "Shire EP service",
        ),
        (
            "6-week advice: educational advice",
            "SEND Regulations 2014, reg 8(1)",
            dt.date(2026, 3, 27),
            "Riverside Primary",
        ),
        (
            "6-week advice: the family's views",
            "SEND Regulations 2014, reg 8(1)",
            dt.date(2026, 3, 26),
            "The family",
        ),
    ]
    assert [k.label for k in clocks] == [
        DECISION,
        *[a[0] for a in advice_clocks],
        NO_PLAN,
        FINAL,
    ], "in the order the process meets them"


def test_a_decision_not_to_assess_leaves_only_the_decision_clock() -> None:
    c = case(
        Stage.NOT_ASSESSING, decided_not_to_assess_on=dt.date(2026, 2, 10), closed_on=dt.date(2026, 2, 10)
    )
    assert statuses(c, dt.date(2026, 6, 1)) == {DECISION: "met"}


def test_a_decision_not_to_issue_drops_the_20_week_clock() -> None:
    c = case(
        Stage.NO_PLAN,
        decided_to_assess_on=dt.date(2026, 2, 12),
        decided_not_to_issue_on=dt.date(2026, 4, 20),
        closed_on=dt.date(2026, 4, 20),
    )
    assert statuses(c, dt.date(2026, 6, 1)) == {DECISION: "met", NO_PLAN: "met"}


def test_a_notice_not_to_issue_after_16_weeks_is_met_late() -> None:
    c = case(
        Stage.NO_PLAN,
        decided_to_assess_on=dt.date(2026, 2, 12),
        decided_not_to_issue_on=dt.date(2026, 4, 28),
        closed_on=dt.date(2026, 4, 28),
    )
    assert panel(c, dt.date(2026, 6, 1))[NO_PLAN].status == "late"


# -- met, met late, due, at risk, breached ------------------------------------------------------
def test_a_decision_on_time_is_met_and_on_the_last_day_still_met() -> None:
    assert (
        panel(case(Stage.ASSESSING, decided_to_assess_on=dt.date(2026, 2, 12)), dt.date(2026, 3, 1))[
            DECISION
        ].status
        == "met"
    )
    on_the_day = case(Stage.ASSESSING, decided_to_assess_on=DECISION_DUE)
    assert panel(on_the_day, dt.date(2026, 3, 1))[DECISION].status == "met"


def test_a_decision_a_day_late_is_met_late() -> None:
    c = case(Stage.ASSESSING, decided_to_assess_on=DECISION_DUE + dt.timedelta(days=1))
    clock = panel(c, dt.date(2026, 3, 1))[DECISION]
    assert clock.status == "late"
    assert clock.tag == ("Met late", "orange")
    assert clock.due == DECISION_DUE, "the legal date is shown, not the day it was done"


def test_a_limit_more_than_two_weeks_away_is_due() -> None:
    today = DECISION_DUE - dt.timedelta(days=AT_RISK_DAYS + 1)  # Sun 1 Feb 2026
    assert AT_RISK_DAYS == 14
    clock = panel(case(), today)[DECISION]
    assert (clock.status, clock.tag) == ("due", ("Due", "blue"))


def test_a_limit_two_weeks_away_is_at_risk() -> None:
    today = DECISION_DUE - dt.timedelta(days=14)  # Mon 2 Feb 2026
    clock = panel(case(), today)[DECISION]
    assert (clock.status, clock.tag) == ("at_risk", ("At risk", "yellow"))


def test_the_last_day_itself_is_at_risk_not_breached() -> None:
    assert panel(case(), DECISION_DUE)[DECISION].status == "at_risk"


def test_the_day_after_the_last_day_is_breached() -> None:
    clock = panel(case(), DECISION_DUE + dt.timedelta(days=1))[DECISION]
    assert (clock.status, clock.tag) == ("breached", ("Breached", "red"))


def test_a_final_plan_on_the_bank_holiday_deadline_is_in_time() -> None:
    """Example 1: the 20-week date is the Spring bank holiday; it does not move, and a plan
    issued on it is in time."""
    c = case(
        Stage.PLAN_ISSUED,
        decided_to_assess_on=dt.date(2026, 2, 12),
        decided_to_issue_on=dt.date(2026, 4, 1),
        draft_sent_on=dt.date(2026, 5, 1),
        final_issued_on=FINAL_DUE,
    )
    assert FINAL_DUE.strftime("%a") == "Mon"
    assert panel(c, dt.date(2026, 6, 1))[FINAL].status == "met"
    c.final_issued_on = FINAL_DUE + dt.timedelta(days=1)
    assert panel(c, dt.date(2026, 6, 1))[FINAL].status == "late"


def test_an_assessment_past_16_weeks_without_a_decision_is_breached() -> None:
    c = case(Stage.ASSESSING, decided_to_assess_on=dt.date(2026, 2, 12))
    assert statuses(c, dt.date(2026, 4, 28)) == {DECISION: "met", NO_PLAN: "breached", FINAL: "due"}
    assert statuses(c, dt.date(2026, 5, 12)) == {DECISION: "met", NO_PLAN: "breached", FINAL: "at_risk"}
    assert statuses(c, dt.date(2026, 5, 26)) == {DECISION: "met", NO_PLAN: "breached", FINAL: "breached"}


# -- exceptions -------------------------------------------------------------------------------
def test_a_recorded_exception_marks_missed_limits_exception_applies_and_keeps_the_dates() -> None:
    c = case()
    without = panel(c, dt.date(2026, 5, 26))
    with_exception = panel(c, dt.date(2026, 5, 26), exceptions=[exception(ExceptionKind.REG10_4_D)])
    assert {k: v.status for k, v in without.items()} == {
        DECISION: "breached",
        NO_PLAN: "breached",
        FINAL: "breached",
    }
    assert {k: v.status for k, v in with_exception.items()} == {
        DECISION: "exception",
        NO_PLAN: "exception",
        FINAL: "exception",
    }
    assert (
        {k: v.due for k, v in with_exception.items()}
        == {k: v.due for k, v in without.items()}
        == {
            DECISION: DECISION_DUE,
            NO_PLAN: NO_PLAN_DUE,
            FINAL: FINAL_DUE,
        }
    ), "an exception disapplies a limit; it never moves its date (timescales.md 1.10)"
    assert with_exception[FINAL].tag == ("Exception applies", "purple")


def test_an_exception_marks_a_late_decision_exception_applies() -> None:
    c = case(Stage.ASSESSING, decided_to_assess_on=dt.date(2026, 3, 2))
    assert panel(c, dt.date(2026, 3, 5), exceptions=[exception()])[DECISION].status == "exception"


def test_limits_met_in_time_or_not_yet_due_are_unaffected_by_an_exception() -> None:
    c = case(Stage.ASSESSING, decided_to_assess_on=dt.date(2026, 2, 12))
    assert statuses(c, dt.date(2026, 3, 5), exceptions=[exception()]) == {
        DECISION: "met",
        NO_PLAN: "due",
        FINAL: "due",
    }
    assert panel(c, dt.date(2026, 4, 20), exceptions=[exception()])[NO_PLAN].status == "at_risk"


def test_reg_10_4_exceptions_do_not_excuse_late_advice() -> None:
    """Reg 8 has its own list of exceptions; a reg 10(4) exception on the case does not
    disapply the 6-week advice limit."""
    c = case(Stage.ASSESSING, decided_to_assess_on=dt.date(2026, 2, 12))
    clocks = panel(c, dt.date(2026, 3, 30), [advice()], [exception()])
    assert clocks["6-week advice: psychological advice"].status == "breached"


# -- not needed, and the draft's comment window ------------------------------------------------
def test_the_16_week_notice_is_not_needed_once_we_decided_to_issue() -> None:
    c = case(
        Stage.DRAFTING, decided_to_assess_on=dt.date(2026, 2, 12), decided_to_issue_on=dt.date(2026, 4, 30)
    )
    clock = panel(c, dt.date(2026, 5, 1))[NO_PLAN]
    assert (clock.status, clock.tag) == ("not_needed", ("Not needed", "grey"))
    assert clock.detail == "We decided to issue a plan, so no notice is needed"
    assert clock.due == NO_PLAN_DUE


def test_the_familys_15_days_show_once_the_draft_is_sent() -> None:
    c = case(
        Stage.DRAFT_SENT,
        decided_to_assess_on=dt.date(2026, 2, 12),
        decided_to_issue_on=dt.date(2026, 2, 27),
        draft_sent_on=DRAFT_SERVED,
    )
    labels = [k.label for k in clock_panel(c, [], [], dt.date(2026, 3, 3))]
    assert labels == [DECISION, NO_PLAN, WINDOW, FINAL]
    window = panel(c, dt.date(2026, 3, 3))[WINDOW]
    assert (window.citation, window.due, window.status) == (
        "SEND Regulations 2014, reg 13(1)(a)",
        WINDOW_ENDS,
        "due",
    )
    assert window.detail == "The family's comments and choice of setting"
    assert panel(c, WINDOW_ENDS)[WINDOW].status == "due", "the last day of the 15 is still open"
    assert panel(c, WINDOW_ENDS + dt.timedelta(days=1))[WINDOW].status == "met"


def test_no_comment_window_before_the_draft_is_sent() -> None:
    c = case(
        Stage.DRAFTING, decided_to_assess_on=dt.date(2026, 2, 12), decided_to_issue_on=dt.date(2026, 2, 27)
    )
    assert WINDOW not in panel(c, dt.date(2026, 3, 3))


def test_an_issued_plan_shows_every_limit_it_passed() -> None:
    c = case(
        Stage.PLAN_ISSUED,
        decided_to_assess_on=dt.date(2026, 2, 12),
        decided_to_issue_on=dt.date(2026, 2, 27),
        draft_sent_on=DRAFT_SERVED,
        final_issued_on=dt.date(2026, 3, 17),
        closed_on=dt.date(2026, 3, 17),
    )
    rows = [
        advice(received=dt.date(2026, 3, 20)),
        advice(kind=AdviceKind.MEDICAL, requested=dt.date(2026, 2, 16), received=dt.date(2026, 3, 31)),
    ]
    clocks = clock_panel(c, rows, [], dt.date(2026, 9, 1))
    assert [(k.label, k.status) for k in clocks] == [
        (DECISION, "met"),
        ("6-week advice: psychological advice", "met"),
        ("6-week advice: medical advice", "late"),  # due Mon 30 Mar 2026
        (NO_PLAN, "not_needed"),
        (WINDOW, "met"),
        (FINAL, "met"),
    ]


def test_a_withdrawn_request_shows_only_the_decision_and_advice() -> None:
    c = case(
        Stage.WITHDRAWN,
        decided_to_assess_on=dt.date(2026, 2, 12),
        closed_on=dt.date(2026, 3, 1),
    )
    assert list(panel(c, dt.date(2026, 9, 1), [advice(received=dt.date(2026, 3, 2))])) == [
        DECISION,
        "6-week advice: psychological advice",
    ]


def test_a_request_withdrawn_before_the_decision_was_due_breached_nothing() -> None:
    c = case(Stage.WITHDRAWN, closed_on=dt.date(2026, 1, 20))
    assert panel(c, dt.date(2026, 9, 1))[DECISION].status != "breached"


# -- advice_status ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("received", "today", "expected"),
    [
        (dt.date(2026, 3, 10), dt.date(2026, 9, 1), "met"),
        (dt.date(2026, 3, 27), dt.date(2026, 9, 1), "met"),  # on the due date
        (dt.date(2026, 3, 28), dt.date(2026, 9, 1), "late"),
        (None, dt.date(2026, 3, 12), "due"),  # 15 days before Fri 27 Mar
        (None, dt.date(2026, 3, 13), "at_risk"),  # 14 days before
        (None, dt.date(2026, 3, 27), "at_risk"),  # the due date itself
        (None, dt.date(2026, 3, 28), "breached"),
    ],
)
def test_advice_status(received: dt.date | None, today: dt.date, expected: str) -> None:
    row = advice(requested=dt.date(2026, 2, 13), received=received)
    assert row.due_on == dt.date(2026, 3, 27)
    assert advice_status(row, today) == expected


def test_every_status_has_a_tag() -> None:
    tags = {
        s: Clock("x", "y", DECISION_DUE, s).tag
        for s in ("met", "late", "due", "at_risk", "breached", "exception", "not_needed")
    }
    assert tags == {
        "met": ("Met", "green"),
        "late": ("Met late", "orange"),
        "due": ("Due", "blue"),
        "at_risk": ("At risk", "yellow"),
        "breached": ("Breached", "red"),
        "exception": ("Exception applies", "purple"),
        "not_needed": ("Not needed", "grey"),
    }
