"""The family's plain-English account of their request."""

from __future__ import annotations

import datetime as dt

from sendpath.assessments.clocks import request_due_dates
from sendpath.assessments.models import AdviceRequest, AssessmentRequest
from sendpath.assessments.narrative import family_story
from sendpath.assessments.workflow import Stage


def case(received: dt.date, stage: Stage, **facts: object) -> AssessmentRequest:
    return AssessmentRequest(received_on=received, stage=stage, **request_due_dates(received), **facts)


def test_new_request_says_when_we_will_decide() -> None:
    # The journeys' own example: received 3 March, decision due 14 April (6 weeks).
    lines = family_story(case(dt.date(2026, 3, 3), Stage.RECEIVED), today=dt.date(2026, 3, 10))
    assert lines == [
        "We received your request on 3 March 2026.",
        "We will tell you by 14 April 2026 whether we will assess.",
    ]


def test_a_missed_decision_is_admitted_not_hidden() -> None:
    lines = family_story(case(dt.date(2026, 3, 3), Stage.RECEIVED), today=dt.date(2026, 4, 20))
    assert lines[1].startswith("We should have told you by 14 April 2026 whether we will assess.")
    assert "We are late" in lines[1]


def test_advice_progress_counts_replies_and_names_the_last_due_date() -> None:
    c = case(dt.date(2026, 1, 5), Stage.ASSESSING, decided_to_assess_on=dt.date(2026, 2, 12))
    advice = [
        AdviceRequest(due_on=dt.date(2026, 3, 26), received_on=dt.date(2026, 3, 1)),
        AdviceRequest(due_on=dt.date(2026, 3, 26), received_on=dt.date(2026, 3, 20)),
        AdviceRequest(due_on=dt.date(2026, 3, 26)),
        AdviceRequest(due_on=dt.date(2026, 3, 26)),
    ]
    lines = family_story(c, advice, today=dt.date(2026, 3, 22))
    assert (
        "We have asked 4 professionals for advice. 2 have replied. The rest are due by 26 March 2026."
        in lines
    )
    late = family_story(c, advice, today=dt.date(2026, 3, 30))
    assert any("were due by 26 March 2026. We are chasing them." in line for line in late)


def test_final_plan_dates_follow_the_20_week_limit() -> None:
    c = case(
        dt.date(2026, 1, 5),
        Stage.DRAFT_SENT,
        decided_to_assess_on=dt.date(2026, 2, 10),
        draft_sent_on=dt.date(2026, 5, 1),
    )
    lines = family_story(c, today=dt.date(2026, 5, 2))
    # Example 1 of timescales.md: 20 weeks from Mon 5 Jan 2026 is Mon 25 May 2026 (a bank holiday).
    assert lines[-1] == "We will send you the final plan by 25 May 2026."
    assert "We sent you the draft plan on 1 May 2026." in lines


def test_refusal_gives_appeal_rights_with_their_dates() -> None:
    # Decision notice sent Fri 31 Jul 2026: 2 months by the corresponding date is Wed 30 Sep
    # (there is no 31 September), timescales.md example 7.
    c = case(dt.date(2026, 6, 22), Stage.NOT_ASSESSING, decided_not_to_assess_on=dt.date(2026, 7, 31))
    lines = family_story(c, today=dt.date(2026, 8, 3))
    assert "appeal to the First-tier Tribunal" in lines[-1]
    assert "Contact them by 30 September 2026." in lines[-1]
    assert "The last day to appeal is 30 September 2026" in lines[-1]
