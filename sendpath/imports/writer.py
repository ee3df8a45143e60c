"""Writing checked legacy rows as sendpath's own records, in bulk.

Each record is built as the services would build it: a request gets its three statutory
due dates from ``assessments.clocks`` and a stage history; a plan gets its s44 review date
from ``law.clocks`` and an issued version 1; the child's current setting is the one they
attend now. Nothing is written here that the validator has not accepted, and the caller
holds the transaction, so a failure part-way leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sendpath.assessments.clocks import NEXT_LIMIT, next_due, request_due_dates
from sendpath.assessments.models import AssessmentRequest, StageChange
from sendpath.assessments.workflow import Stage
from sendpath.funding.models import Placement
from sendpath.imports.models import ImportRun, LegacyRecord
from sendpath.imports.validation import Batch, Checked
from sendpath.law.clocks import annual_review_due
from sendpath.organisations.models import LocalAuthority, Setting
from sendpath.people.models import Child
from sendpath.plans.models import Plan, PlanStatus, PlanVersion, VersionStatus

BATCH = 2000
NOTE = "Imported from the legacy system"
Progress = Callable[[str, int], None]


def _setting(batch: Batch, row: Checked) -> Setting | None:
    if row.clean.get("urn"):
        return batch.settings_by_urn[row.clean["urn"]]
    if row.clean.get("ukprn"):
        return batch.settings_by_ukprn[row.clean["ukprn"]]
    return None


def _case(
    row: Checked, assessment: Checked | None
) -> tuple[dict[str, Any], list[tuple[str, dt.date | None]]]:
    """The request's stage, decision dates and the stages it went through, from the SEN2
    outcomes: request outcome (2.5) and, once assessed, assessment outcome (3.1)."""
    asked, decided = row.clean["request_outcome"], row.clean["request_outcome_date"]
    fields: dict[str, Any] = {}
    steps: list[tuple[str, dt.date | None]] = []
    if asked == "A":
        fields["stage"] = Stage.RECEIVED
    elif asked == "W":
        fields.update(stage=Stage.WITHDRAWN, closed_on=decided)
        steps.append((Stage.WITHDRAWN, decided))
    elif asked == "N":
        fields.update(stage=Stage.NOT_ASSESSING, decided_not_to_assess_on=decided, closed_on=decided)
        steps.append((Stage.NOT_ASSESSING, decided))
    else:  # Y, or H with its assessment row
        fields.update(stage=Stage.ASSESSING, decided_to_assess_on=decided)
        steps.append((Stage.ASSESSING, decided))
        outcome = assessment.clean["assessment_outcome"] if assessment else "A"
        on = assessment.clean["assessment_outcome_date"] if assessment else None
        if outcome in ("Y", "H"):
            fields.update(stage=Stage.PLAN_ISSUED, final_issued_on=on, closed_on=on)
            steps.append((Stage.PLAN_ISSUED, on))
        elif outcome == "N":
            fields.update(stage=Stage.NO_PLAN, decided_not_to_issue_on=on, closed_on=on)
            steps.append((Stage.NO_PLAN, on))
        elif outcome == "W":
            fields.update(stage=Stage.WITHDRAWN, closed_on=on)
            steps.append((Stage.WITHDRAWN, on))
    return fields, steps


def write(
    batch: Batch, la: LocalAuthority, run: ImportRun, progress: Progress | None = None
) -> dict[str, list[int]]:
    """Write the valid rows; return the ids made, by kind (``children`` for the audit)."""
    tell = progress or (lambda table, n: None)
    legacy: list[LegacyRecord] = []

    def remember(table: str, pairs: list[tuple[str, int]]) -> None:
        legacy.extend(
            LegacyRecord(run_id=run.pk, local_authority_id=la.pk, table=table, legacy_id=lid, object_id=pk)
            for lid, pk in pairs
        )

    plans_rows = batch.valid("named_plans")
    placement_rows = batch.valid("placements")
    plan_by_id = {r.clean["plan_id"]: r for r in plans_rows}
    request_rows = batch.valid("requests")
    person_of_request = {r.clean["request_id"]: r.raw["person_id"] for r in request_rows}

    # The child's setting now: an open placement under a plan that has not ceased.
    current: dict[str, Setting] = {}
    for row in placement_rows:
        plan = plan_by_id[row.raw["plan_id"]]
        if row.clean["leaving_date"] is None and plan.clean["cease_date"] is None:
            current[person_of_request[plan.raw["request_id"]]] = _setting(batch, row)

    children: dict[str, Child] = {}
    for row in batch.valid("persons"):
        c = row.clean
        children[c["person_id"]] = Child(
            local_authority_id=la.pk,
            first_name=c["forename"],
            last_name=c["surname"],
            date_of_birth=c["birth_date"],
            sex=c["sex"],
            ethnicity=c["ethnicity"],
            postcode=c["postcode"],
            upn=c["upn"] or "",
            uln=c["uln"] or "",
            upn_unknown=c["upn_unknown"] or "",
            nhs_number=c["nhs_number"] or "",
            setting_id=setting.pk if (setting := current.get(c["person_id"])) else None,
        )
    Child.objects.bulk_create(children.values(), batch_size=BATCH)
    remember("persons", [(k, v.pk) for k, v in children.items()])
    tell("persons", len(children))

    assessments = {r.raw["request_id"]: r for r in batch.valid("assessments")}
    prefix = f"{la.code}-L"
    taken = AssessmentRequest.objects.filter(reference__startswith=prefix).count()
    cases: dict[str, AssessmentRequest] = {}
    histories: list[tuple[AssessmentRequest, list[tuple[str, dt.date | None]]]] = []
    for n, row in enumerate(request_rows, start=taken + 1):
        c = row.clean
        fields, steps = _case(row, assessments.get(c["request_id"]))
        case = AssessmentRequest(
            reference=f"{prefix}{n:07d}",
            local_authority_id=la.pk,
            child_id=children[row.raw["person_id"]].pk,
            received_on=c["received_date"],
            source=c["request_source"],
            **request_due_dates(c["received_date"]),
            **fields,
        )
        case.next_due = next_due(case)
        case.next_due_for = NEXT_LIMIT.get(Stage(case.stage), "")
        cases[c["request_id"]] = case
        histories.append((case, steps))
    AssessmentRequest.objects.bulk_create(cases.values(), batch_size=BATCH)
    changes = []
    for case, steps in histories:
        changes.append(
            StageChange(
                request_id=case.pk, from_stage="", to_stage=Stage.RECEIVED, on=case.received_on, note=NOTE
            )
        )
        previous = Stage.RECEIVED
        for stage, on in steps:
            if on is not None:
                changes.append(
                    StageChange(request_id=case.pk, from_stage=previous, to_stage=stage, on=on, note=NOTE)
                )
                previous = stage
    StageChange.objects.bulk_create(changes, batch_size=BATCH)
    remember("requests", [(k, v.pk) for k, v in cases.items()])
    tell("requests", len(cases))
    tell("assessments", len(assessments))

    needs: dict[str, dict[str, str]] = {}
    for row in batch.valid("needs"):
        needs.setdefault(row.raw["plan_id"], {})[row.clean["sen_type_rank"]] = row.clean["sen_type"]
    reviews = {r.raw["plan_id"]: r for r in batch.valid("active_plans")}
    plans: dict[str, Plan] = {}
    for row in plans_rows:
        c = row.clean
        review = reviews.get(c["plan_id"])
        last = review.clean["last_review"] if review else None
        ceased = c["cease_date"]
        plans[c["plan_id"]] = Plan(
            local_authority_id=la.pk,
            child_id=children[person_of_request[c["request_id"]]].pk,
            request_id=cases[c["request_id"]].pk,
            status=PlanStatus.CEASED if ceased else PlanStatus.ACTIVE,
            first_issued_on=c["start_date"],
            last_reviewed_on=last,
            review_due=None if ceased else annual_review_due(last or c["start_date"]),
            primary_need=needs[c["plan_id"]]["1"],
            secondary_need=needs[c["plan_id"]].get("2", ""),
            ceased_on=ceased,
            cease_reason=c["cease_reason"] or "",
        )
    Plan.objects.bulk_create(plans.values(), batch_size=BATCH)
    PlanVersion.objects.bulk_create(
        [
            PlanVersion(
                plan_id=plans[row.clean["plan_id"]].pk,
                number=1,
                status=VersionStatus.ISSUED,
                issued_on=row.clean["start_date"],
                reason=NOTE,
                named_setting_id=setting.pk if (setting := _setting(batch, row)) else None,
            )
            for row in plans_rows
        ],
        batch_size=BATCH,
    )
    remember("named_plans", [(k, v.pk) for k, v in plans.items()])
    tell("named_plans", len(plans))
    tell("active_plans", len(reviews))
    tell("needs", sum(len(v) for v in needs.values()))

    placements: dict[str, Placement] = {
        row.clean["placement_id"]: Placement(
            plan_id=plans[row.raw["plan_id"]].pk,
            setting_id=_setting(batch, row).pk,
            start_on=row.clean["entry_date"],
            end_on=row.clean["leaving_date"],
        )
        for row in placement_rows
    }
    Placement.objects.bulk_create(placements.values(), batch_size=BATCH)
    remember("placements", [(k, v.pk) for k, v in placements.items()])
    tell("placements", len(placements))

    LegacyRecord.objects.bulk_create(legacy, batch_size=BATCH)
    return {"children": [c.pk for c in children.values()]}
