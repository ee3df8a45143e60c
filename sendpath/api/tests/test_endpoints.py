"""What the casework, plan and review endpoints return: the same facts as the pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.utils import timezone

from sendpath.law.clocks import LIMITS
from sendpath.plans import services
from sendpath.plans.models import Plan, PlanStatus
from sendpath.plans.tests.test_core_services import issued_plan
from sendpath.plans.tests.test_core_services import w as plan_world  # noqa: F401  (a fixture)
from tests.helpers import new_client, sign_in, world_fixture

pytestmark = pytest.mark.django_db
world = world_fixture()


def test_a_case_comes_with_every_statutory_clock(world: Any) -> None:
    case = world.a.child1.requests.order_by("pk").first()
    got = sign_in(new_client(), world.a.coordinator).get(f"/api/v1/cases/{case.pk}").json()
    assert got["reference"] == case.reference and got["child_id"] == world.a.child1.pk
    labels = [c["label"] for c in got["clocks"]]
    assert labels[0] == LIMITS["decision_to_assess_due"].label
    assert {c["status"] for c in got["clocks"]} <= {
        "met",
        "late",
        "due",
        "at_risk",
        "breached",
        "exception",
        "not_needed",
        "ended",
    }
    assert all(c["citation"] for c in got["clocks"]), "every clock cites its regulation"


def test_cases_filter_by_stage_and_explain_a_wrong_stage(world: Any) -> None:
    client = sign_in(new_client(), world.a.manager)
    case = world.a.child1.requests.order_by("pk").first()
    same_stage = client.get(f"/api/v1/cases?stage={case.stage}&limit=200").json()
    assert case.pk in {c["id"] for c in same_stage} and {c["stage"] for c in same_stage} == {case.stage}
    wrong = client.get("/api/v1/cases?stage=lost")
    assert wrong.status_code == 422
    assert wrong.json()["field"] == "stage" and "stage must be one of" in wrong.json()["detail"]


def test_a_family_lists_only_their_own_childs_cases(world: Any) -> None:
    got = sign_in(new_client(), world.a.parent1).get("/api/v1/cases?limit=200").json()
    assert {c["child_id"] for c in got} == {world.a.child1.pk}


def test_a_plan_is_served_as_issued_section_by_section(plan_world: Any) -> None:  # noqa: F811
    plan = issued_plan(plan_world)
    got = sign_in(new_client(), plan_world.coordinator).get(f"/api/v1/plans/{plan.pk}").json()
    version = got["issued_version"]
    assert version["number"] == 1 and version["issued_on"] == str(timezone.localdate())
    assert [o["text"] for o in version["outcomes"]] == ["Joins group work"]
    provision = version["provision"][0]
    assert provision["what"] == "Social skills group" and provision["frequency"] == "Weekly, 30 minutes"
    assert provision["outcomes"] == [version["outcomes"][0]["key"]], "provision names the outcome it serves"
    assert version["outcomes"][0]["needs"] == [version["needs"][0]["key"]]


def test_a_draft_amendment_is_not_served_until_issued(plan_world: Any) -> None:  # noqa: F811
    plan = issued_plan(plan_world)
    draft = services.start_amendment(user=plan_world.coordinator, plan=plan, reason="Review")
    services.save_outcome(
        user=plan_world.coordinator, version=draft, text="Reads a bus timetable", timeframe="By July"
    )
    got = sign_in(new_client(), plan_world.coordinator).get(f"/api/v1/plans/{plan.pk}").json()
    assert got["issued_version"]["number"] == 1
    assert "Reads a bus timetable" not in str(got)


def test_a_plan_never_issued_in_sendpath_has_no_version(world: Any) -> None:
    got = sign_in(new_client(), world.a.coordinator).get(f"/api/v1/plans/{world.a.plan2.pk}").json()
    assert got["issued_version"] is None and got["status"] == PlanStatus.ACTIVE


def test_a_review_comes_with_its_reg_20_clocks(world: Any) -> None:
    got = sign_in(new_client(), world.a.senco_a).get(f"/api/v1/reviews/{world.a.review1.pk}").json()
    assert got["plan_id"] == world.a.plan1.pk and got["stage"] == world.a.review1.stage
    assert got["clocks"] and all(c["citation"] for c in got["clocks"])
    listed = sign_in(new_client(), world.a.parent1).get(f"/api/v1/plans/{world.a.plan1.pk}/reviews").json()
    assert [r["id"] for r in listed] == [world.a.review1.pk]


def test_ids_beyond_any_row_are_refused_as_bad_input_not_crashes(world: Any) -> None:
    client = sign_in(new_client(), world.a.coordinator)
    for path in ("/api/v1/plans/", "/api/v1/cases/", "/api/v1/children/", "/api/v1/reviews/"):
        assert client.get(f"{path}{2**70}").status_code == 422
        assert client.get(f"{path}-1").status_code == 422


def test_a_search_with_a_nul_character_is_answered(world: Any) -> None:
    response = sign_in(new_client(), world.a.coordinator).get("/api/v1/children", {"q": "Al\x00ice"})
    assert response.status_code == 200


def test_plans_of_a_child_are_filtered_by_who_may_read_each(world: Any) -> None:
    other = Plan.objects.create(
        local_authority=world.a.child1.local_authority,
        child=world.a.child1,
        status=PlanStatus.CEASED,
        primary_need="ASD",
    )
    got = sign_in(new_client(), world.a.coordinator).get(f"/api/v1/children/{world.a.child1.pk}/plans").json()
    assert {p["id"] for p in got} == {world.a.plan1.pk, other.pk}
    teacher = sign_in(new_client(), world.a.teacher).get(f"/api/v1/children/{world.a.child1.pk}/plans").json()
    assert world.a.plan1.pk in {p["id"] for p in teacher}, "the school reads the plan that names it"
    other_school = sign_in(new_client(), world.a.senco_b).get(f"/api/v1/children/{world.a.child1.pk}/plans")
    assert other_school.json() == [], "school B was only consulted: it sees the child, not the plans"


def test_the_figures_are_the_commands_figures_and_audited(world: Any) -> None:
    from sendpath.audit.models import AuditEvent
    from sendpath.figures.selectors import figures_for_year

    got = sign_in(new_client(), world.a.data_officer).get("/api/v1/figures/2025").json()
    expected = json.loads(json.dumps(figures_for_year(world.a.child1.local_authority, 2025), default=str))
    assert got["figures"].keys() == expected["figures"].keys()
    assert got["figures"] == expected["figures"]
    assert AuditEvent.objects.filter(
        object_type="figures", object_id="2025", user=world.a.data_officer
    ).exists()


def test_a_year_outside_the_plans_era_is_explained(world: Any) -> None:
    client = sign_in(new_client(), world.a.manager)
    assert client.get("/api/v1/figures/2013").status_code == 422
    assert client.get("/api/v1/figures/2099").json()["detail"].startswith("year must be from 2014")
