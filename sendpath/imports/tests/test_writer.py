"""What an imported row becomes: the child, the request and its history, the plan, the placement."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from sendpath.assessments.clocks import request_due_dates
from sendpath.assessments.models import AssessmentRequest
from sendpath.assessments.workflow import Stage
from sendpath.imports.models import LegacyRecord
from sendpath.imports.services import run_import
from sendpath.imports.tests.test_validation import TODAY, UPN, clean, files
from sendpath.law.clocks import annual_review_due
from sendpath.plans.models import PlanStatus, VersionStatus

pytestmark = pytest.mark.django_db


def load(area: SimpleNamespace, tables: dict[str, Any]) -> Any:
    run = run_import(files=files(tables), local_authority=area.la, today=TODAY)
    assert run.report == [] and run.status == "loaded"
    return run


def test_a_person_with_a_plan_becomes_a_child_with_a_closed_request_a_plan_and_a_placement(
    area: SimpleNamespace,
) -> None:
    run = load(area, clean(area.urns[0]))
    case = AssessmentRequest.objects.select_related("child", "plan").get(local_authority=area.la)
    child = case.child
    assert (child.first_name, child.last_name, child.date_of_birth) == ("Sam", "Okafor", dt.date(2016, 4, 2))
    assert (child.upn, child.nhs_number, child.postcode, child.ethnicity) == (
        UPN,
        "9434765919",
        "LE1 6ZG",
        "WBRI",
    )
    assert child.setting == area.settings[0]

    assert case.reference == f"{area.la.code}-L0000001"
    assert (case.received_on, case.source, case.stage) == (dt.date(2023, 1, 9), "2", Stage.PLAN_ISSUED)
    assert (case.decided_to_assess_on, case.final_issued_on, case.closed_on) == (
        dt.date(2023, 2, 15), dt.date(2023, 5, 20), dt.date(2023, 5, 20)
    )  # fmt: skip
    assert {k: getattr(case, k) for k in ("decision_due", "no_plan_due", "final_due")} == request_due_dates(
        case.received_on
    )
    assert case.next_due is None
    history = [(c.from_stage, c.to_stage, c.on) for c in case.stage_changes.order_by("on")]
    assert history == [
        ("", Stage.RECEIVED, dt.date(2023, 1, 9)),
        (Stage.RECEIVED, Stage.ASSESSING, dt.date(2023, 2, 15)),
        (Stage.ASSESSING, Stage.PLAN_ISSUED, dt.date(2023, 5, 20)),
    ]
    assert all(c.note == "Imported from the legacy system" for c in case.stage_changes.all())

    plan = case.plan
    assert (plan.child, plan.status, plan.first_issued_on) == (child, PlanStatus.ACTIVE, dt.date(2023, 5, 20))
    assert (plan.primary_need, plan.secondary_need) == ("ASD", "SLCN")
    assert plan.last_reviewed_on == dt.date(2024, 5, 14)
    assert plan.review_due == annual_review_due(dt.date(2024, 5, 14))
    version = plan.versions.get()
    assert (version.number, version.status, version.issued_on) == (
        1,
        VersionStatus.ISSUED,
        plan.first_issued_on,
    )
    assert version.named_setting == area.settings[0]
    placement = plan.placements.get()
    assert (placement.setting, placement.start_on, placement.end_on) == (
        area.settings[0],
        dt.date(2023, 6, 1),
        None,
    )

    legacy = {(r.table, r.legacy_id): r.object_id for r in LegacyRecord.objects.filter(run=run)}
    assert legacy == {
        ("persons", "P1"): child.pk,
        ("requests", "R1"): case.pk,
        ("named_plans", "E1"): plan.pk,
        ("placements", "L1"): placement.pk,
    }


def test_a_ceased_plan_has_no_review_due_and_the_child_no_current_setting(area: SimpleNamespace) -> None:
    tables = clean(area.urns[0])
    tables["named_plans"][0].update(cease_date="2025-07-20", cease_reason="3")
    tables["placements"][0]["leaving_date"] = "2025-07-20"
    load(area, tables)
    case = AssessmentRequest.objects.select_related("plan", "child").get(local_authority=area.la)
    assert (case.plan.status, case.plan.ceased_on, case.plan.cease_reason) == (
        PlanStatus.CEASED, dt.date(2025, 7, 20), "3"
    )  # fmt: skip
    assert case.plan.review_due is None
    assert case.child.setting is None


@pytest.mark.parametrize(
    ("request_outcome", "assessment", "stage", "open_"),
    [
        ("A", None, Stage.RECEIVED, True),
        ("W", None, Stage.WITHDRAWN, False),
        ("N", None, Stage.NOT_ASSESSING, False),
        ("Y", None, Stage.ASSESSING, True),
        ("Y", ("A", ""), Stage.ASSESSING, True),
        ("Y", ("N", "2023-04-30"), Stage.NO_PLAN, False),
        ("Y", ("W", "2023-04-30"), Stage.WITHDRAWN, False),
        ("H", ("H", "2023-04-30"), Stage.PLAN_ISSUED, False),
    ],
)
def test_the_sen2_outcomes_set_the_request_stage(
    area: SimpleNamespace, request_outcome: str, assessment: tuple[str, str] | None, stage: str, open_: bool
) -> None:
    tables = clean(area.urns[0])
    for name in ("named_plans", "active_plans", "placements", "needs"):
        tables[name] = []
    tables["requests"][0].update(
        request_outcome=request_outcome, request_outcome_date="" if request_outcome == "A" else "2023-02-15"
    )
    tables["assessments"] = (
        [{"request_id": "R1", "assessment_outcome": assessment[0], "assessment_outcome_date": assessment[1]}]
        if assessment
        else []
    )
    load(area, tables)
    case = AssessmentRequest.objects.get(local_authority=area.la)
    assert case.stage == stage
    assert (case.closed_on is None) is open_
    assert (case.next_due is not None) is open_
    if stage == Stage.RECEIVED:
        assert case.next_due == case.decision_due
    if stage == Stage.NO_PLAN:
        assert case.decided_not_to_issue_on == dt.date(2023, 4, 30)
