"""Phase transfers (reg 18): who moves next September, the deadline, and the warnings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from sendpath.accounts.roles import Role
from sendpath.assessments.models import ConsultationResponse
from sendpath.common.errors import DomainError, NotAllowed
from sendpath.reviews.transfers import (
    MID_YEAR,
    PHASES,
    birth_window,
    cohort,
    mid_year_moves,
    record_move,
    transfer_year,
)
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
BY_KEY = {p.key: p for p in PHASES}
PRIMARY = BY_KEY["primary"]
POST16 = BY_KEY["post16"]
INFANT = BY_KEY["infant"]


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


def test_infant_to_junior_lists_year_2_at_infant_schools_only() -> None:
    la = LocalAuthorityFactory()
    infant = SettingFactory(local_authority=la, name="Brook Infant School")
    primary = SettingFactory(local_authority=la, name="Brook Primary School")
    born = dt.date(2019, 10, 1)  # 7 by 31 August 2027: Year 3 in September 2027
    PlanFactory(child=ChildFactory(local_authority=la, date_of_birth=born, setting=infant, first_name="Ines"))
    PlanFactory(child=ChildFactory(local_authority=la, date_of_birth=born, setting=primary, first_name="Pat"))
    rows = cohort(la.pk, 2027, INFANT, today=dt.date(2027, 1, 10))
    assert [r.plan.child.first_name for r in rows] == ["Ines"]
    assert rows[0].due == dt.date(2027, 2, 14)


def test_a_mid_year_post16_move_is_due_five_months_before() -> None:
    la = LocalAuthorityFactory()
    coordinator = UserFactory(role=Role.COORDINATOR, local_authority=la)
    plan = plan_for(la, dt.date(2008, 5, 1), "Mo")
    college = SettingFactory(local_authority=la, name="Riverside College")
    with time_machine.travel(dt.datetime(2027, 1, 10, 12, 0), tick=False):
        with pytest.raises(DomainError, match="in the future"):
            record_move(user=coordinator, plan=plan, move_on=dt.date(2027, 1, 1))
        with pytest.raises(NotAllowed):
            record_move(
                user=UserFactory(role=Role.FINANCE, local_authority=la),
                plan=plan,
                move_on=dt.date(2027, 7, 29),
            )
        move = record_move(user=coordinator, plan=plan, move_on=dt.date(2027, 7, 29))
        assert move.review_by == dt.date(2027, 2, 28)  # timescales.md: 29 Jul 2027 -> 28 Feb 2027
        (row,) = mid_year_moves(la.pk, dt.date(2027, 1, 10))
        assert row.due == dt.date(2027, 2, 28) and row.warning.startswith("The deadline is close")
        move.to_setting = college
        move.save()
        (row,) = mid_year_moves(la.pk, dt.date(2027, 1, 10))
        assert row.warning == ""
        assert mid_year_moves(la.pk, dt.date(2027, 7, 30)) == []  # the move has happened
        client = sign_in(new_client(), coordinator)
        page = client.get(f"/reviews/phase-transfers/?phase={MID_YEAR}").content.decode()
        assert "Mo " in page and "Riverside College" in page
        form = client.get(f"/reviews/phase-transfers/moves/{plan.pk}/")
        assert form.status_code == 200
        posted = client.post(
            f"/reviews/phase-transfers/moves/{plan.pk}/",
            {"move_on-day": "1", "move_on-month": "1", "move_on-year": "2028", "to_setting": str(college.pk)},
        )
        assert posted.status_code == 302
