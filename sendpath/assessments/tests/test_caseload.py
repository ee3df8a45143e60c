"""The caseload: sorting by the next legal deadline, every filter, search and scoping."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from sendpath.accounts.roles import Role
from sendpath.assessments.selectors import caseload
from sendpath.assessments.workflow import Stage
from sendpath.audit.models import AuditAction, AuditEvent
from tests.factories import (
    AssessmentRequestFactory,
    ChildFactory,
    LocalAuthorityFactory,
    SettingFactory,
    UserFactory,
)
from tests.helpers import new_client, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def area() -> Any:
    today = timezone.localdate()
    la = LocalAuthorityFactory()
    school = SettingFactory(local_authority=la, name="Brook Primary")
    other_school = SettingFactory(local_authority=la, name="Hill Academy")
    me = UserFactory(role=Role.COORDINATOR, local_authority=la, full_name="Amira Coordinator")
    colleague = UserFactory(role=Role.COORDINATOR, local_authority=la)
    manager = UserFactory(role=Role.MANAGER, local_authority=la)

    def case(name: str, due_in: int, **kw: Any) -> Any:
        child = ChildFactory(
            local_authority=la, first_name=name, last_name="Test", setting=kw.pop("setting", school)
        )
        return AssessmentRequestFactory(child=child, next_due=today + dt.timedelta(days=due_in), **kw)

    cases = {
        "late": case("Late", -3, coordinator=me, primary_need="ASD"),
        "soon": case("Soon", 5, coordinator=me, stage=Stage.ASSESSING, primary_need="SEMH"),
        "later": case("Later", 40, coordinator=me, setting=other_school),
        "theirs": case("Theirs", 1, coordinator=colleague),
        "nobody": case("Nobody", 2, coordinator=None),
        "closed": case("Closed", -10, coordinator=me, stage=Stage.PLAN_ISSUED),
    }
    other_la_child = ChildFactory(local_authority=LocalAuthorityFactory(), first_name="Elsewhere")
    AssessmentRequestFactory(child=other_la_child, coordinator=None)
    return {
        "today": today,
        "me": me,
        "colleague": colleague,
        "manager": manager,
        "school": school,
        "cases": cases,
    }


def names(qs: Any) -> list[str]:
    return [c.child.first_name for c in qs]


def test_my_open_cases_come_next_deadline_first(area: dict[str, Any]) -> None:
    assert names(caseload(area["me"], area["today"])) == ["Late", "Soon", "Later"]


def test_everyone_none_and_a_named_coordinator(area: dict[str, Any]) -> None:
    me, today = area["me"], area["today"]
    assert names(caseload(me, today, coordinator="all")) == ["Late", "Theirs", "Nobody", "Soon", "Later"]
    assert names(caseload(me, today, coordinator="none")) == ["Nobody"]
    assert names(caseload(me, today, coordinator=str(area["colleague"].pk))) == ["Theirs"]


def test_filters(area: dict[str, Any]) -> None:
    me, today = area["me"], area["today"]
    assert names(caseload(me, today, stage=Stage.ASSESSING)) == ["Soon"]
    assert names(caseload(me, today, setting=str(area["school"].pk))) == ["Late", "Soon"]
    assert names(caseload(me, today, need="SEMH")) == ["Soon"]
    assert names(caseload(me, today, state="breached")) == ["Late"]
    assert names(caseload(me, today, state="at_risk")) == ["Soon"]
    assert names(caseload(me, today, coordinator="all", state="at_risk")) == ["Theirs", "Nobody", "Soon"]


def test_search_by_name_reference_and_upn(area: dict[str, Any]) -> None:
    me, today = area["me"], area["today"]
    late = area["cases"]["late"]
    assert names(caseload(me, today, query="soon")) == ["Soon"]
    assert names(caseload(me, today, query="late")) == ["Late", "Later"]  # names match from the start
    assert names(caseload(me, today, query="Soon Test")) == ["Soon"]
    assert names(caseload(me, today, query=late.reference)) == ["Late"]
    assert names(caseload(me, today, query=late.child.upn.lower())) == ["Late"]


def test_another_authority_is_never_listed(area: dict[str, Any]) -> None:
    assert "Elsewhere" not in names(caseload(area["manager"], area["today"], coordinator="all"))


def test_page_defaults_and_audit(area: dict[str, Any]) -> None:
    response = sign_in(new_client(), area["me"]).get("/cases/")
    text = response.content.decode()
    assert response.status_code == 200
    assert text.index("Late Test") < text.index("Soon Test") < text.index("Later Test")
    assert "Theirs Test" not in text
    event = AuditEvent.objects.filter(action=AuditAction.LIST, user=area["me"]).latest("pk")
    assert set(event.changes["child_ids"]) == {
        c.child_id for k, c in area["cases"].items() if k in ("late", "soon", "later")
    }
    manager_page = sign_in(new_client(), area["manager"]).get("/cases/?state=breached").content.decode()
    assert "Late Test" in manager_page and "Soon Test" not in manager_page


def test_the_caseload_query_count_does_not_grow_with_the_caseload(
    area: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    client = sign_in(new_client(), area["manager"])
    client.get("/cases/?coordinator=all")
    with django_assert_max_num_queries(12):
        client.get("/cases/?coordinator=all")


def test_advice_late_filter(area: dict[str, Any]) -> None:
    from tests.factories import AdviceRequestFactory

    today = area["today"]
    AdviceRequestFactory(request=area["cases"]["soon"], due_on=today - dt.timedelta(days=1))
    AdviceRequestFactory(request=area["cases"]["later"], due_on=today + dt.timedelta(days=9))
    AdviceRequestFactory(
        request=area["cases"]["late"],
        due_on=today - dt.timedelta(days=9),
        received_on=today - dt.timedelta(days=2),
    )
    assert names(caseload(area["me"], today, state="advice_late")) == ["Soon"]
