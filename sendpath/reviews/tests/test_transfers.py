"""Phase transfers (reg 18): who moves next September, the deadline, and the warnings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sendpath.accounts.roles import Role
from sendpath.assessments.models import ConsultationResponse
from sendpath.reviews.transfers import PHASES, birth_window, cohort, transfer_year
from tests.factories import (
    ChildFactory,
    ConsultationFactory,
    LocalAuthorityFactory,
    PlanFactory,
    SettingFactory,
    UserFactory,
)
from tests.helpers import new_client, sign_in

pytestmark = pytest.mark.django_db
PRIMARY = PHASES[1]
POST16 = PHASES[2]


def test_the_transfer_year_turns_over_in_september() -> None:
    assert transfer_year(dt.date(2027, 2, 1)) == 2027
    assert transfer_year(dt.date(2026, 9, 1)) == 2027
    assert transfer_year(dt.date(2026, 8, 31)) == 2026


def test_year_7_in_september_2027_is_born_september_2015_to_august_2016() -> None:
    assert birth_window(2027, PRIMARY) == (dt.date(2015, 9, 1), dt.date(2016, 8, 31))


def plan_for(la: Any, born: dt.date, name: str) -> Any:
    return PlanFactory(child=ChildFactory(local_authority=la, date_of_birth=born, first_name=name))


def test_cohort_deadlines_and_warnings() -> None:
    la = LocalAuthorityFactory()
    plan_for(la, dt.date(2016, 8, 31), "Moving")
    agreed = plan_for(la, dt.date(2015, 9, 1), "Agreed")
    plan_for(la, dt.date(2016, 9, 1), "NextYear")
    ConsultationFactory(
        child=agreed.child, setting=SettingFactory(local_authority=la), response=ConsultationResponse.CAN_MEET
    )
    # Timescales.md example 12: September 2027 transfers, last day Sun 14 Feb 2027.
    rows = cohort(la.pk, 2027, PRIMARY, today=dt.date(2027, 1, 10))
    assert sorted(r.plan.child.first_name for r in rows) == ["Agreed", "Moving"]
    assert {r.due for r in rows} == {dt.date(2027, 2, 14)}
    warnings = {r.plan.child.first_name: r.warning for r in rows}
    assert warnings["Agreed"] == ""
    assert warnings["Moving"] == "The deadline is close and no new setting has agreed to take the child"
    late = {
        r.plan.child.first_name: r.warning for r in cohort(la.pk, 2027, PRIMARY, today=dt.date(2027, 2, 15))
    }
    assert late["Moving"].startswith("The deadline has passed")
    early = {
        r.plan.child.first_name: r.warning for r in cohort(la.pk, 2027, PRIMARY, today=dt.date(2026, 10, 1))
    }
    assert early["Moving"] == "", "too early to warn"


def test_post16_deadline_is_30_march() -> None:
    la = LocalAuthorityFactory()
    plan_for(la, dt.date(2011, 3, 1), "Sixteen")
    (row,) = cohort(la.pk, 2027, POST16, today=dt.date(2027, 1, 10))
    assert row.due == dt.date(2027, 3, 30)


def test_page_lists_the_cohort_for_the_councils_caseworkers(client: Any) -> None:
    la = LocalAuthorityFactory()
    coordinator = UserFactory(role=Role.COORDINATOR, local_authority=la)
    today = dt.date.today()
    year = transfer_year(today)
    plan_for(la, dt.date(year - 11, 1, 15), "Yara")
    plan_for(LocalAuthorityFactory(), dt.date(year - 11, 1, 15), "Elsewhere")
    page = sign_in(new_client(), coordinator).get("/reviews/phase-transfers/?phase=primary").content.decode()
    assert "Yara" in page and "Elsewhere" not in page
    assert "reg 18(1)" in page
