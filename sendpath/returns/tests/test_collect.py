"""What each SEN2 item is made from: the scope of the return and each derivation."""

from __future__ import annotations

import datetime as dt

import pytest

from sendpath.assessments.workflow import Stage
from sendpath.returns import collect
from sendpath.returns.collection import collection, third_thursday_of_january
from sendpath.returns.tests import area
from tests import factories as f

C = collection(2026)


def req(**fields: object) -> dict:
    base = {
        "pk": 1,
        "received_on": dt.date(2025, 3, 1),
        "stage": Stage.RECEIVED,
        "decided_to_assess_on": None,
        "decided_not_to_assess_on": None,
        "decided_not_to_issue_on": None,
        "final_issued_on": None,
        "closed_on": None,
    }
    return {**base, **fields}


def test_the_collection_calendar() -> None:
    assert (C.period_start, C.period_end, C.census) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 12, 31),
        dt.date(2026, 1, 15),
    )
    assert C.reference_date == C.census and C.spec == 2026
    assert collection(2025).spec == 2025
    assert collection(2030).census == third_thursday_of_january(2030) == dt.date(2030, 1, 17)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"decided_to_assess_on": dt.date(2025, 4, 1)}, ("Y", dt.date(2025, 4, 1))),
        ({"decided_not_to_assess_on": dt.date(2025, 4, 1)}, ("N", dt.date(2025, 4, 1))),
        ({"decided_to_assess_on": dt.date(2024, 4, 1)}, ("H", None)),
        # Decided after the year's end: not yet decided as at 31 December.
        ({"decided_to_assess_on": dt.date(2026, 1, 5)}, ("A", None)),
        ({"stage": Stage.WITHDRAWN, "closed_on": dt.date(2025, 3, 20)}, ("W", None)),
        ({}, ("A", None)),
    ],
)
def test_request_outcome(fields: dict, expected: tuple) -> None:
    assert collect.request_outcome(req(**fields), C) == expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"final_issued_on": dt.date(2025, 7, 1)}, ("Y", dt.date(2025, 7, 1))),
        ({"decided_not_to_issue_on": dt.date(2025, 7, 1)}, ("N", dt.date(2025, 7, 1))),
        ({"final_issued_on": dt.date(2023, 7, 1)}, ("H", None)),
        ({"stage": Stage.WITHDRAWN, "closed_on": dt.date(2025, 6, 1)}, ("W", None)),
        ({}, ("A", None)),
    ],
)
def test_assessment_outcome(fields: dict, expected: tuple) -> None:
    assert (
        collect.assessment_outcome(req(decided_to_assess_on=dt.date(2025, 4, 1), **fields), None, C)
        == expected
    )


def test_scope_of_requests_and_plans() -> None:
    assert collect.request_in_scope(req(closed_on=dt.date(2025, 1, 2)), C, set())
    assert collect.request_in_scope(req(received_on=dt.date(2020, 1, 1)), C, set()), "open work is in scope"
    assert not collect.request_in_scope(
        req(received_on=dt.date(2020, 1, 1), closed_on=dt.date(2024, 12, 31)), C, set()
    )
    assert collect.request_in_scope(
        req(received_on=dt.date(2020, 1, 1), closed_on=dt.date(2020, 6, 1)), C, {1}
    )
    assert not collect.request_in_scope(req(received_on=dt.date(2026, 1, 2)), C, set())
    plan = {"first_issued_on": dt.date(2020, 1, 1), "ceased_on": None}
    assert collect.plan_in_scope(plan, C)
    assert not collect.plan_in_scope({**plan, "ceased_on": dt.date(2024, 12, 31)}, C)
    assert collect.plan_in_scope({**plan, "ceased_on": dt.date(2025, 1, 1)}, C)
    assert not collect.plan_in_scope({**plan, "first_issued_on": None}, C), "a first plan still in draft"


def test_phase_transfer_due_dates() -> None:
    # Moved to Year 7 in September 2025: 11 on 31 August 2025; amend before 15 February 2025.
    assert collect.phase_transfer(dt.date(2014, 5, 1), C) == dt.date(2025, 2, 14)
    # Secondary to post-16: before 31 March.
    assert collect.phase_transfer(dt.date(2009, 5, 1), C) == dt.date(2025, 3, 30)
    assert collect.phase_transfer(dt.date(2012, 5, 1), C) is None


@pytest.mark.django_db
def test_each_story_of_the_area_becomes_the_right_blocks() -> None:
    built = area.build()
    people = {p.child_id: p for p in collect.persons(built.la.pk, C)}
    blocks = {b.request_id: b for p in people.values() for b in p.requests}
    by_ref = {r.reference: r for r in built.requests}
    stories = dict(zip(range(len(area.STORIES) * 2), area.STORIES * 2, strict=True))
    seen = set()
    for n, story in stories.items():
        ref = f"GV-{n:04d}"
        if ref not in by_ref:
            continue
        b = blocks[by_ref[ref].pk]
        seen.add(story)
        if story == "refused":
            assert (b.outcome, b.mediation, b.assessment) == ("N", "1", None)
        elif story == "withdrawn":
            assert (b.outcome, b.outcome_date, b.assessment) == ("W", None, None)
        elif story == "undecided":
            assert b.outcome == "A" and b.rya == ("1" if n % 2 == 0 else "0")
        elif story == "exported":
            assert (b.outcome, b.exported, b.assessment, b.active) == ("Y", "856", None, None)
        elif story == "no_issue":
            assert b.assessment.outcome == "N" and b.assessment.named_plan is None
        elif story == "assessing":
            assert (b.outcome, b.assessment.outcome, b.assessment.outcome_date) == ("Y", "A", None)
        elif story == "new_plan_exception":
            assert (b.assessment.outcome, b.assessment.week20) == ("Y", "1")
        elif story == "new_plan":
            assert (b.assessment.outcome, b.assessment.week20) == ("Y", "0")
            assert b.assessment.named_plan.start == b.assessment.outcome_date
        elif story == "ceased":
            named = b.assessment.named_plan
            assert named.cease_date and named.cease_reason in "2459"
            assert b.active is not None, "ceased in the year: active during it"
            assert b.active.placements[0].leaving == named.cease_date
        elif story == "old_plan_ukprn":
            assert b.active.placements[0].ukprn == "10012345" and b.active.placements[0].urn == ""
    assert seen == set(area.STORIES) - {"plan_without_request"}
    without = [b for p in people.values() for b in p.requests if b.request_id == 0]
    assert len(without) == 2
    assert all(
        b.outcome == "H" and b.assessment.outcome == "H" and b.active.placements[0].resourced == "1"
        for b in without
    )


@pytest.mark.django_db
def test_chunks_do_not_change_the_return() -> None:
    built = area.build()
    whole = list(collect.persons(built.la.pk, C))
    small = list(collect.persons(built.la.pk, C, chunk=3))
    assert whole == small and len(whole) == 28


@pytest.mark.django_db
def test_records_out_of_scope_and_other_areas_are_left_out() -> None:
    built = area.build()
    other = f.ChildFactory()
    f.AssessmentRequestFactory(child=other, received_on=dt.date(2025, 5, 1))
    old = f.ChildFactory(local_authority=built.la)
    f.AssessmentRequestFactory(
        child=old, received_on=dt.date(2023, 1, 1), stage=Stage.NOT_ASSESSING, closed_on=dt.date(2023, 2, 1)
    )
    ceased = f.ChildFactory(local_authority=built.la)
    f.PlanFactory(
        child=ceased, first_issued_on=dt.date(2019, 1, 1), ceased_on=dt.date(2024, 6, 1), status="ceased"
    )
    ids = {p.child_id for p in collect.persons(built.la.pk, C)}
    assert not ids & {other.pk, old.pk, ceased.pk}
    assert len(ids) == 28
