"""Edge cases of the mediation, appeal and tribunal-order clocks (timescales.md parts 6-7).

Each case names the weekday so a reader can check it against a calendar, and the dates are
chosen where counting goes wrong: month ends, leap days, bank holidays and Christmas."""

from __future__ import annotations

from datetime import date as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendpath.law.calendar import Rule, add_working_days, is_working_day
from sendpath.law.clocks import (
    LIMITS,
    TRIBUNAL_ORDER_STEPS,
    UNOPPOSED_APPEAL_STEPS,
    AppealKind,
    OrderKind,
    Step,
    appeal_deadline,
    appeal_deadline_with_extension,
    appeal_response_due,
    commissioning_body_agreement_notice_due,
    health_mediation_notice_due,
    mediation_contact_due,
    tribunal_order_due,
    tribunal_order_steps,
    unopposed_appeal_due,
    unopposed_appeal_steps,
)

DAYS = st.dates(min_value=D(2015, 1, 1), max_value=D(2035, 12, 31))


@pytest.mark.parametrize(
    ("got", "expected", "weekday"),
    [
        # Reg 33, rule M: 31 Dec + 2 months has no 31 Feb; the month's last day, leap or not.
        pytest.param(mediation_contact_due(D(2025, 12, 31)), D(2026, 2, 28), "Sat", id="reg33-feb"),
        pytest.param(mediation_contact_due(D(2027, 12, 31)), D(2028, 2, 29), "Tue", id="reg33-leap"),
        # LA tells health within 3 working days: Good Friday and Easter Monday skipped.
        pytest.param(health_mediation_notice_due(D(2026, 4, 2)), D(2026, 4, 9), "Thu", id="icb-easter"),
        # Reg 42(4), rule W: a week across the leap day.
        pytest.param(
            commissioning_body_agreement_notice_due(D(2028, 2, 25)), D(2028, 3, 3), "Fri", id="42-4-leap"
        ),
        # 30 working days over Christmas: 25 and 28 Dec 2026 and 1 Jan 2027 are not counted.
        pytest.param(appeal_response_due(D(2026, 12, 1)), D(2027, 1, 15), "Fri", id="response-xmas"),
        # Reg 44(2)(f) 2 weeks, landing on the leap day.
        pytest.param(
            tribunal_order_due(D(2028, 2, 15), OrderKind.AMEND_SECTION_I),
            D(2028, 2, 29),
            "Tue",
            id="44f-leap",
        ),
        # Reg 44(2)(c) final plan 11 weeks across the year end and February 2028.
        pytest.param(
            tribunal_order_due(D(2027, 12, 20), OrderKind.MAKE_PLAN, Step.FINAL_PLAN),
            D(2028, 3, 6),
            "Mon",
            id="44c-final",
        ),
        # Reg 44(2)(b) 2 weeks landing on the Spring bank holiday: the date does not move.
        pytest.param(
            tribunal_order_due(D(2026, 5, 11), OrderKind.ASSESS, Step.NOTIFY_WILL_ASSESS),
            D(2026, 5, 25),
            "Mon",
            id="44b-bank-holiday",
        ),
        # Reg 45(4) 5 weeks from a concession on Christmas Eve.
        pytest.param(
            unopposed_appeal_due(D(2026, 12, 24), AppealKind.PLAN_CONTENT), D(2027, 1, 28), "Thu", id="45-4"
        ),
        # Appeal deadline 30 Dec 2026 (2 months after 30 Oct) is in the Christmas window:
        # in time until the first working day after 1 January (Mon 4 Jan 2027).
        pytest.param(appeal_deadline(D(2026, 10, 30)), D(2026, 12, 30), "Wed", id="r20-base"),
        pytest.param(appeal_deadline_with_extension(D(2026, 10, 30)), D(2027, 1, 4), "Mon", id="r20-xmas"),
    ],
)
def test_edge_cases(got: D, expected: D, weekday: str) -> None:
    assert got == expected
    assert f"{got:%a}" == weekday


def test_a_bank_holiday_deadline_is_not_a_working_day_but_stands() -> None:
    due = tribunal_order_due(D(2026, 5, 11), OrderKind.ASSESS, Step.NOTIFY_WILL_ASSESS)
    assert not is_working_day(due)


def test_dismissed_cease_appeal_means_the_same_day() -> None:
    order = D(2026, 8, 31)  # a bank holiday: "immediately" is still the day of the order
    assert tribunal_order_due(order, OrderKind.DISMISS_CEASE_APPEAL) == order


def test_assess_order_has_three_steps_in_order() -> None:
    steps = tribunal_order_steps(D(2026, 1, 5), OrderKind.ASSESS)
    assert list(steps) == [Step.NOTIFY_WILL_ASSESS, Step.NO_PLAN_DECISION, Step.FINAL_PLAN]
    assert steps[Step.NOTIFY_WILL_ASSESS] < steps[Step.NO_PLAN_DECISION] < steps[Step.FINAL_PLAN]


def test_reg45_refusal_to_assess_matches_reg44_assess() -> None:
    """The 2015 substitution gave reg 45(3)/(3A) the same 2/10/14 weeks as reg 44(2)(b)."""
    start = D(2027, 2, 1)
    assert unopposed_appeal_steps(start, AppealKind.REFUSAL_TO_ASSESS) == tribunal_order_steps(
        start, OrderKind.ASSESS
    )


def test_new_limits_are_registered_with_their_rules() -> None:
    assert LIMITS["health_mediation_notice_due"].rule is Rule.WD
    assert LIMITS["health_mediation_notice_due"].verified is False
    assert LIMITS["commissioning_body_agreement_notice_due"].rule is Rule.W
    assert LIMITS["commissioning_body_agreement_notice_due"].verified is True
    assert LIMITS["appeal_response_due"].rule is Rule.WD
    assert LIMITS["appeal_response_due"].verified is False


def test_working_day_clocks_take_national_closure_days() -> None:
    plain = appeal_response_due(D(2026, 3, 2))
    assert appeal_response_due(D(2026, 3, 2), closures=[D(2026, 3, 10)]) == add_working_days(plain, 1)
    assert health_mediation_notice_due(D(2026, 3, 2), closures=[D(2026, 3, 3)]) == D(2026, 3, 6)


@given(DAYS)
def test_working_day_clocks_end_on_a_working_day(told: D) -> None:
    assert is_working_day(health_mediation_notice_due(told))
    assert is_working_day(appeal_response_due(told))
    assert appeal_response_due(told) > health_mediation_notice_due(told) > told


@given(DAYS, st.sampled_from(list(AppealKind)))
def test_unopposed_steps_never_before_the_notice(notified: D, kind: AppealKind) -> None:
    assert all(due >= notified for due in unopposed_appeal_steps(notified, kind).values())


@pytest.mark.parametrize("kind", list(OrderKind))
def test_every_order_step_cites_reg_44(kind: OrderKind) -> None:
    assert all("reg 44" in limit.citation for limit in TRIBUNAL_ORDER_STEPS[kind].values())


@pytest.mark.parametrize("kind", list(AppealKind))
def test_every_unopposed_step_cites_reg_45(kind: AppealKind) -> None:
    assert all("reg 45" in limit.citation for limit in UNOPPOSED_APPEAL_STEPS[kind].values())
