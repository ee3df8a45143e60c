"""The reg 20 annual review: each step, its dates and clocks, who may act, stale saves,
the views and the list of reviews due."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sendpath.audit.models import AuditAction, AuditEvent
from sendpath.common.errors import DomainError, NotAllowed, StaleRecord
from sendpath.law.clocks import annual_review_due
from sendpath.plans.models import Plan, PlanVersion, VersionStatus
from sendpath.reviews import selectors, services
from sendpath.reviews.models import INVITEES, AnnualReview, ReviewStage
from tests import factories as f
from tests.helpers import make_area, new_client, sign_in

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 2)  # a Monday
ALL = list(INVITEES)


@pytest.fixture
def w() -> Any:
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, 0), tick=False):
        area = make_area("r")
        # A fresh plan for child3 (on school A's roll) with an issued version, due 30 April.
        plan = f.PlanFactory(
            child=area.child3, coordinator=area.coordinator, first_issued_on=dt.date(2025, 5, 1)
        )
        PlanVersion.objects.create(
            plan=plan, number=1, status=VersionStatus.ISSUED, issued_on=plan.first_issued_on
        )
        area.plan3 = plan
        yield area


def convened(w: Any, meeting: dt.date = dt.date(2026, 3, 20)) -> AnnualReview:
    return services.convene(user=w.senco_a, plan=w.plan3, meeting_on=meeting, invited=ALL)


def held(w: Any, on: dt.date = dt.date(2026, 3, 20)) -> AnnualReview:
    review = convened(w)
    with time_machine.travel(dt.datetime(on.year, on.month, on.day, 15, 0), tick=False):
        return services.record_meeting(
            user=w.senco_a,
            review=review,
            expected_version=review.version,
            held_on=on,
            child_views="I like maths.",
            family_views="",
            professional_views="",
        )


def test_convening_records_invitations_and_the_notice_date(w: Any) -> None:
    assert w.plan3.review_due == dt.date(2026, 4, 30)
    review = convened(w)
    assert review.stage == ReviewStage.CONVENED
    assert review.due_on == dt.date(2026, 4, 30)
    assert review.notice_latest == dt.date(2026, 3, 6)  # meeting - 14 days
    assert review.convened_by == w.school_a and review.invited == ALL
    assert AuditEvent.objects.filter(object_id=str(review.pk), action=AuditAction.CREATE).exists()
    assert selectors.clock_panel(review, TODAY)[1].status == "met"


def test_a_meeting_less_than_two_weeks_away_is_refused(w: Any) -> None:
    with pytest.raises(DomainError, match="2 weeks' notice") as exc:
        convened(w, dt.date(2026, 3, 15))
    assert "16 March 2026" in exc.value.message
    assert convened(w, dt.date(2026, 3, 16)).notice_latest == TODAY  # exactly 2 weeks: allowed


def test_every_reg_20_2_invitee_must_be_invited(w: Any) -> None:
    with pytest.raises(DomainError, match="health care professional"):
        services.convene(user=w.senco_a, plan=w.plan3, meeting_on=dt.date(2026, 3, 20), invited=ALL[:3])


def test_a_meeting_after_the_s44_day_is_allowed_but_shows_late(w: Any) -> None:
    review = convened(w, dt.date(2026, 5, 5))
    client = sign_in(new_client(), w.coordinator)
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, 0), tick=False):
        body = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "already late" in body


def test_who_may_convene(w: Any) -> None:
    for user in (w.senco_b, w.teacher, w.finance, w.parent1):
        with pytest.raises(NotAllowed):
            services.convene(user=user, plan=w.plan3, meeting_on=dt.date(2026, 3, 20), invited=ALL)
    assert services.convene(user=w.manager, plan=w.plan3, meeting_on=dt.date(2026, 3, 20), invited=ALL)
    with pytest.raises(DomainError, match="already under way"):
        convened(w)


def test_meeting_dates_in_order(w: Any) -> None:
    review = convened(w)
    with pytest.raises(DomainError, match="today or in the past"):
        services.record_meeting(
            user=w.senco_a,
            review=review,
            expected_version=1,
            held_on=dt.date(2026, 3, 20),
            child_views="x",
            family_views="",
            professional_views="",
        )
    with pytest.raises(DomainError, match="on or after the day it was arranged"):
        services.record_meeting(
            user=w.senco_a,
            review=review,
            expected_version=1,
            held_on=dt.date(2026, 3, 1),
            child_views="x",
            family_views="",
            professional_views="",
        )


def test_report_within_two_weeks_and_not_before_the_meeting(w: Any) -> None:
    review = held(w)
    assert review.report_due == dt.date(2026, 4, 3)
    assert review.decision_due == dt.date(2026, 4, 17)  # 4 weeks, inside s44 (30 April)
    with time_machine.travel(dt.datetime(2026, 4, 10, 12, 0), tick=False):
        with pytest.raises(DomainError, match="on or after the meeting"):
            services.write_report(
                user=w.senco_a,
                review=review,
                expected_version=review.version,
                recommendation="A",
                text="Amend F",
                sent_on=dt.date(2026, 3, 19),
            )
        review = services.write_report(
            user=w.senco_a,
            review=review,
            expected_version=review.version,
            recommendation="A",
            text="Amend F",
            sent_on=dt.date(2026, 4, 10),
        )
    clocks = {c.label: c for c in selectors.clock_panel(review, dt.date(2026, 4, 10))}
    assert clocks["Review report"].status == "late"
    assert clocks["Review decision"].status == "at_risk"


def test_the_decision_is_capped_by_the_s44_period(w: Any) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, 0), tick=False):
        review = convened(w, dt.date(2026, 4, 20))
    with time_machine.travel(dt.datetime(2026, 4, 20, 12, 0), tick=False):
        review = services.record_meeting(
            user=w.senco_a,
            review=review,
            expected_version=1,
            held_on=dt.date(2026, 4, 20),
            child_views="",
            family_views="ok",
            professional_views="",
        )
    assert review.decision_due == dt.date(2026, 4, 30)  # not 18 May: s44 last day


def test_amend_opens_a_draft_resets_the_s44_clock_and_applies_the_devon_cap(w: Any) -> None:
    review = held(w)
    with time_machine.travel(dt.datetime(2026, 4, 14, 12, 0), tick=False):
        with pytest.raises(NotAllowed):
            services.decide(
                user=w.senco_a,
                review=review,
                expected_version=review.version,
                decision="A",
                on=dt.date(2026, 4, 14),
            )
        with pytest.raises(DomainError, match="on or after the meeting"):
            services.decide(
                user=w.coordinator,
                review=review,
                expected_version=review.version,
                decision="A",
                on=dt.date(2026, 3, 19),
            )
        review = services.decide(
            user=w.coordinator,
            review=review,
            expected_version=review.version,
            decision="A",
            on=dt.date(2026, 4, 14),
        )
    plan = Plan.objects.get(pk=w.plan3.pk)
    assert plan.last_reviewed_on == dt.date(2026, 4, 14)
    assert plan.review_due == annual_review_due(dt.date(2026, 4, 14)) == dt.date(2027, 4, 13)
    assert plan.versions.filter(status=VersionStatus.DRAFT).count() == 1
    # proposals 14 April + 8 weeks = 9 June, but the meeting (20 March) + 12 weeks = 12 June.
    assert review.final_amended_due == dt.date(2026, 6, 9)
    assert review.stage == ReviewStage.DECIDED and not review.is_open


def test_devon_cap_binds_when_proposals_are_late(w: Any) -> None:
    review = held(w)
    with time_machine.travel(dt.datetime(2026, 4, 30, 12, 0), tick=False):
        review = services.decide(
            user=w.coordinator,
            review=review,
            expected_version=review.version,
            decision="A",
            on=dt.date(2026, 4, 30),
        )
    assert review.final_amended_due == dt.date(2026, 6, 12)  # meeting + 84 days, not 25 June
    assert selectors.clock_panel(review, dt.date(2026, 4, 30))[3].status == "late"  # decision after 17 April


def test_cease_is_a_proposal_only(w: Any) -> None:
    review = held(w)
    with time_machine.travel(dt.datetime(2026, 4, 1, 12, 0), tick=False):
        services.decide(
            user=w.manager,
            review=review,
            expected_version=review.version,
            decision="C",
            on=dt.date(2026, 4, 1),
        )
    plan = Plan.objects.get(pk=w.plan3.pk)
    assert plan.status == "active" and plan.ceased_on is None
    assert not plan.versions.filter(status=VersionStatus.DRAFT).exists()


def test_a_stale_save_is_refused_and_says_who(w: Any) -> None:
    review = held(w)
    stale = AnnualReview.objects.get(pk=review.pk)
    with time_machine.travel(dt.datetime(2026, 4, 1, 12, 0), tick=False):
        services.write_report(
            user=w.coordinator,
            review=review,
            expected_version=review.version,
            recommendation="M",
            text="Fine",
            sent_on=dt.date(2026, 4, 1),
        )
        stale.stage = ReviewStage.REPORTED
        with pytest.raises(StaleRecord, match="changed by Coordinator R"):
            services.decide(
                user=w.manager,
                review=stale,
                expected_version=stale.version,
                decision="M",
                on=dt.date(2026, 4, 1),
            )


def test_views_keep_input_on_stale_and_refuse_strangers(w: Any) -> None:
    review = held(w)
    with time_machine.travel(dt.datetime(2026, 4, 1, 12, 0), tick=False):
        client = sign_in(new_client(), w.senco_a)
        AnnualReview.objects.filter(pk=review.pk).update(version=99, updated_by=w.coordinator)
        data = {
            "version": review.version,
            "recommendation": "M",
            "text": "My careful report",
            "sent_on-day": "1",
            "sent_on-month": "4",
            "sent_on-year": "2026",
        }
        body = client.post(f"/reviews/{review.pk}/report/", data).content.decode()
        assert "changed by Coordinator R" in body and "My careful report" in body
        data["version"] = "99"
        assert client.post(f"/reviews/{review.pk}/report/", data).status_code == 302
        assert sign_in(new_client(), w.parent1).get(f"/reviews/{review.pk}/").status_code == 404
        assert AuditEvent.objects.filter(action=AuditAction.REFUSED, child_id=w.child3.pk).exists()
        assert sign_in(new_client(), w.senco_b).get(f"/reviews/{review.pk}/").status_code == 404
        page = sign_in(new_client(), w.coordinator).get(f"/reviews/{review.pk}/").content.decode()
        assert "Record the council&#39;s decision" in page or "Record the council's decision" in page
        assert "Review report" in page and "SEND Regulations 2014" in page


def test_convene_view_refuses_short_notice_with_a_message(w: Any) -> None:
    client = sign_in(new_client(), w.senco_a)
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, 0), tick=False):
        response = client.post(
            f"/reviews/convene/{w.child3.pk}/",
            {"meeting_on-day": "10", "meeting_on-month": "3", "meeting_on-year": "2026", "invited": ALL},
        )
        assert response.status_code == 200
        assert "2 weeks" in response.content.decode()
        response = client.post(
            f"/reviews/convene/{w.child3.pk}/",
            {"meeting_on-day": "20", "meeting_on-month": "3", "meeting_on-year": "2026", "invited": ALL},
        )
        assert response.status_code == 302


def test_the_family_sees_plain_english(w: Any) -> None:
    review = convened(w)
    f.RelationshipFactory(child=w.child3, carer=w.carer1)
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, 0), tick=False):
        body = sign_in(new_client(), w.parent1).get(f"/reviews/{review.pk}/").content.decode()
    assert "You are invited" in body and "Record the" not in body


def test_the_due_list_overdue_first_with_a_filter(w: Any) -> None:
    overdue = f.PlanFactory(child=f.ChildFactory(local_authority=w.la), first_issued_on=dt.date(2025, 1, 10))
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, 0), tick=False):
        rows = list(selectors.reviews_due(w.la.pk, TODAY))
        assert rows[0] == overdue and w.plan1 in rows and w.plan3 not in rows
        assert list(selectors.reviews_due(w.la.pk, TODAY, "overdue")) == [overdue]
        client = sign_in(new_client(), w.coordinator)
        body = client.get("/reviews/due/?show=overdue").content.decode()
        assert overdue.child.full_name in body and w.child1.full_name not in body
        assert sign_in(new_client(), w.senco_a).get("/reviews/due/").status_code == 403


def test_listing_every_overdue_review_is_one_indexed_query(w: Any) -> None:
    with CaptureQueriesContext(connection) as queries:
        list(selectors.reviews_due(w.la.pk, TODAY, "overdue"))
    assert len(queries) == 1
    if connection.vendor == "sqlite":
        sql = selectors.reviews_due(w.la.pk, TODAY, "overdue").explain()
        assert "local_a" in sql or "INDEX" in sql.upper(), sql


def test_a_child_at_no_setting_gets_a_reg_21_review_convened_by_the_council(w: Any) -> None:
    w.child3.setting = None
    w.child3.save()
    plan = Plan.objects.select_related("child").get(pk=w.plan3.pk)
    assert services.regulation_for(plan) == 21
    assert not services.may_arrange(w.senco_a, plan)
    without_setting = [k for k in ALL if k != "setting"]
    with pytest.raises(DomainError, match=r"regulation 21\(2\)"):
        services.convene(user=w.coordinator, plan=plan, meeting_on=dt.date(2026, 3, 20), invited=[])
    review = services.convene(
        user=w.coordinator, plan=plan, meeting_on=dt.date(2026, 3, 20), invited=without_setting
    )
    assert review.regulation == 21 and review.convened_by is None and review.invited == without_setting
    client = sign_in(new_client(), w.coordinator)
    body = client.get(f"/reviews/{review.pk}/").content.decode()
    assert "regulation 21 review" in body and "Record the review meeting" in body
    with time_machine.travel(dt.datetime(2026, 3, 20, 15, 0), tick=False):
        services.record_meeting(
            user=w.coordinator,
            review=review,
            expected_version=review.version,
            held_on=dt.date(2026, 3, 20),
            child_views="",
            family_views="Home education is going well.",
            professional_views="",
        )
    assert review.stage == ReviewStage.HELD


def test_the_reg_21_convene_form_offers_no_setting(w: Any) -> None:
    w.child3.setting = None
    w.child3.save()
    client = sign_in(new_client(), w.coordinator)
    with time_machine.travel(dt.datetime(2026, 3, 2, 12, 0), tick=False):
        body = client.get(f"/reviews/convene/{w.child3.pk}/").content.decode()
    assert "regulation 21(2)" in body and INVITEES["setting"] not in body
