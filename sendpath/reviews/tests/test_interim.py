"""Under-fives' interim reviews: suggested 3 to 6 months after the last review, a reminder
that is never shown as a breach."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from sendpath.reviews import interim
from tests import factories as f
from tests.helpers import make_area, new_client, sign_in

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 2)


def plan_for(born: dt.date, issued: dt.date, **kw: Any) -> Any:
    child = f.ChildFactory(date_of_birth=born)
    return f.PlanFactory(child=child, first_issued_on=issued, **kw)


def test_a_window_of_three_to_six_months_from_the_last_review() -> None:
    plan = plan_for(dt.date(2023, 1, 10), dt.date(2025, 10, 15))
    found = interim.suggestion(plan, plan.child.date_of_birth, TODAY)
    assert (found.start, found.end, found.state) == (dt.date(2026, 1, 15), dt.date(2026, 4, 15), "open")
    assert found.tag[1] != "red"
    later = interim.suggestion(plan, plan.child.date_of_birth, dt.date(2025, 12, 1))
    assert later.state == "later" and "suggested from 15 January 2026" in later.text
    past = interim.suggestion(plan, plan.child.date_of_birth, dt.date(2026, 5, 1))
    assert past.state == "past"


def test_counted_from_the_last_review_when_there_is_one() -> None:
    plan = plan_for(dt.date(2023, 1, 10), dt.date(2025, 1, 15), last_reviewed_on=dt.date(2026, 2, 1))
    found = interim.suggestion(plan, plan.child.date_of_birth, TODAY)
    assert found.start == dt.date(2026, 5, 1) and found.state == "later"


def test_none_from_the_fifth_birthday_or_for_a_ceased_plan() -> None:
    plan = plan_for(dt.date(2021, 3, 2), dt.date(2025, 10, 15))
    assert interim.suggestion(plan, plan.child.date_of_birth, TODAY) is None  # 5 today
    assert interim.suggestion(plan, plan.child.date_of_birth, dt.date(2026, 3, 1)) is not None
    ceased = plan_for(dt.date(2023, 1, 10), dt.date(2025, 10, 15), status="ceased")
    assert interim.suggestion(ceased, ceased.child.date_of_birth, TODAY) is None


def test_the_coordinators_list_and_the_familys_pages_show_it() -> None:
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, 0), tick=False):
        w = make_area("u")
        w.child1.date_of_birth = dt.date(2023, 1, 10)
        w.child1.save()
        w.plan1.first_issued_on, w.plan1.last_reviewed_on = dt.date(2025, 10, 15), None
        w.plan1.save()
        rows = interim.interim_due(w.la.pk, TODAY)
        assert [r["plan"].pk for r in rows] == [w.plan1.pk]
        client = sign_in(new_client(), w.coordinator)
        listed = client.get("/reviews/due/").content.decode()
        assert "1 under-five with an interim review suggested now" in listed
        page = client.get("/reviews/due/?show=interim").content.decode()
        assert w.child1.full_name in page and "Suggested now" in page
        family = sign_in(new_client(), w.parent1)
        assert "interim review is suggested now" in family.get("/").content.decode()
        assert "interim review is suggested now" in family.get(f"/plans/{w.plan1.pk}/").content.decode()
