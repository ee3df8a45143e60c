"""Dispute pages: who sees what, the forms end to end, stale forms, costs and audit."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest

from sendpath.audit.models import AuditAction, AuditEvent
from sendpath.disputes.codes import Stage
from sendpath.disputes.models import Dispute
from tests.helpers import make_area, new_client, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> Any:
    return make_area("d")


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}-day": str(day.day), f"{prefix}-month": str(day.month), f"{prefix}-year": str(day.year)}


def client_for(user: Any) -> Any:
    return sign_in(new_client(), user)


# -- who sees what ------------------------------------------------------------------------------------
def test_a_parent_sees_their_own_childs_dispute_read_only(w: Any) -> None:
    page = client_for(w.parent1).get(f"/disputes/{w.dispute1.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "What happens next" in text
    assert "Costs" not in text and "Root causes" not in text
    event = AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(w.dispute1.pk)).get()
    assert event.child_id == w.child1.pk


def test_a_parent_cannot_see_another_familys_dispute(w: Any) -> None:
    page = client_for(w.parent1).get(f"/disputes/{w.dispute2.pk}/")
    assert page.status_code == 404
    assert w.child2.full_name not in page.content.decode()
    refused = AuditEvent.objects.get(action=AuditAction.REFUSED)
    assert refused.child_id == w.child2.pk


@pytest.mark.parametrize("who", ["senco_a", "senco_b", "teacher", "ep", "health", "data_officer"])
def test_schools_and_professionals_see_no_dispute(w: Any, who: str) -> None:
    client = client_for(getattr(w, who))
    assert client.get(f"/disputes/{w.dispute1.pk}/").status_code == 404
    assert client.get("/disputes/").status_code == 403


def test_another_councils_coordinator_cannot_see_it(w: Any) -> None:
    other = make_area("o")
    assert client_for(other.coordinator).get(f"/disputes/{w.dispute1.pk}/").status_code == 404


def test_the_list_is_audited_and_filters(w: Any) -> None:
    client = client_for(w.coordinator)
    page = client.get("/disputes/")
    text = page.content.decode()
    assert w.child1.full_name in text and w.yp.full_name in text
    assert w.child2.full_name not in text  # closed
    listed = AuditEvent.objects.get(action=AuditAction.LIST, summary="Disputes list")
    assert set(listed.changes["child_ids"]) == {w.child1.pk, w.yp.pk}
    breached = client.get("/disputes/?breached=yes").content.decode()
    assert w.child1.full_name in breached  # the response was due 8 days ago
    assert w.yp.full_name not in breached
    closed = client.get("/disputes/?status=closed&decision=placement").content.decode()
    assert w.child2.full_name in closed and w.child1.full_name not in closed
    tribunal = client.get("/disputes/?kind=tribunal").content.decode()
    assert w.child1.full_name in tribunal and w.yp.full_name not in tribunal


def test_a_breach_shows_on_the_dispute_page(w: Any) -> None:
    text = client_for(w.manager).get(f"/disputes/{w.dispute1.pk}/").content.decode()
    assert "Breached: Council&#39;s response to an appeal" in text or "Breached: Council's response" in text
    assert "HESC Tribunal Rules 2008, r21" in text


# -- recording steps through the pages ----------------------------------------------------------------
def test_open_and_record_steps_through_the_forms(w: Any) -> None:
    client = client_for(w.coordinator)
    sent = dt.date.today() - dt.timedelta(days=60)
    form = client.get(f"/disputes/new/{w.child3.pk}/")
    assert form.status_code == 200
    page = client.post(
        f"/disputes/new/{w.child3.pk}/",
        {"decision_appealed": "refusal_to_assess", **_date("decision_sent_on", sent)},
    )
    assert page.status_code == 302
    dispute = Dispute.objects.get(child=w.child3)
    page = client.post(
        f"/disputes/{dispute.pk}/mediation/",
        {"version": dispute.version, "wanted": "no", **_date("contacted_on", sent + dt.timedelta(days=3))},
    )
    assert page.status_code == 302
    dispute.refresh_from_db()
    assert dispute.stage == Stage.MEDIATION and dispute.mediation_wanted is False


def test_dates_out_of_order_keep_what_was_typed(w: Any) -> None:
    client = client_for(w.coordinator)
    d = w.dispute_yp
    page = client.post(
        f"/disputes/{d.pk}/held/",
        {"version": d.version, **_date("held_on", d.mediation_contacted_on - dt.timedelta(1))},
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "There is a problem" in text and "on or after the family contacted the adviser" in text
    assert f'value="{(d.mediation_contacted_on - dt.timedelta(1)).day}"' in text


def test_a_stale_form_is_refused_and_keeps_the_input(w: Any) -> None:
    client = client_for(w.coordinator)
    d = w.dispute1
    Dispute.objects.filter(pk=d.pk).update(version=d.version + 1, updated_by=w.manager)
    page = client.post(
        f"/disputes/{d.pk}/causes/", {"version": d.version, "causes": ["cost"], "notes": "Placement cost."}
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "changed by" in text and "Placement cost." in text
    assert Dispute.objects.get(pk=d.pk).root_causes == []


def test_a_step_not_allowed_now_sends_back_to_the_dispute(w: Any) -> None:
    page = client_for(w.coordinator).get(f"/disputes/{w.dispute2.pk}/outcome/")
    assert page.status_code == 302 and page["Location"] == f"/disputes/{w.dispute2.pk}/"


# -- costs --------------------------------------------------------------------------------------------
def test_finance_reads_and_records_costs_but_no_steps(w: Any) -> None:
    client = client_for(w.finance)
    assert client.get(f"/disputes/{w.dispute1.pk}/outcome/").status_code == 403
    on = dt.date.today() - dt.timedelta(days=5)
    page = client.post(
        f"/disputes/{w.dispute1.pk}/cost/",
        {"item": "legal", "amount": "1,250.50", "supplier_name": "Shire Law LLP", **_date("on", on)},
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    page = client.post(
        f"/disputes/{w.dispute1.pk}/cost/",
        {"item": "officer_time", "hours": "7.5", "officer_role": "sen_officer", **_date("on", on)},
    )
    assert page.status_code == 302
    text = client.get(f"/disputes/{w.dispute1.pk}/").content.decode()
    assert "Shire Law LLP" in text and "£1,250.50" in text
    assert "£1,520.50" in text  # 7.5 hours at £36 = £270, plus the legal fee

    from sendpath.funding.models import LedgerLine

    lines = LedgerLine.objects.filter(source_type="tribunal", source_id=str(w.dispute1.pk))
    assert sorted(lines.values_list("amount_pence", flat=True)) == [27_000, 125_050]
    assert set(lines.values_list("category", flat=True)) == {"tribunal"}
    assert set(lines.values_list("child_id", flat=True)) == {w.child1.pk}


def test_cost_form_reports_every_problem(w: Any) -> None:
    page = client_for(w.coordinator).post(
        f"/disputes/{w.dispute1.pk}/cost/", {"item": "legal", "amount": "abc"}
    )
    text = page.content.decode()
    assert "Enter the date of the cost" in text and "in pounds" in text and "Enter who was paid" in text


def test_a_parent_cannot_record_a_cost(w: Any) -> None:
    assert client_for(w.parent1).get(f"/disputes/{w.dispute1.pk}/cost/").status_code == 403


# -- the outcomes review ------------------------------------------------------------------------------
def test_outcomes_review_and_csv(w: Any) -> None:
    client = client_for(w.manager)
    page = client.get("/disputes/review/")
    text = page.content.decode()
    assert page.status_code == 200
    assert 'role="img"' in text and "<title" in text
    assert "1 appeal was registered" in text
    assert w.child1.full_name not in text
    download = client.get("/disputes/review/decisions.csv")
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0][0] == "Decision appealed"
    assert rows[1][0] == "Plan content (sections B, F or I)" and rows[1][-2] == "1"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_type="disputes.review").count() == 1
    assert client.get("/disputes/review/nonsense.csv").status_code == 404


def test_only_managers_see_the_review(w: Any) -> None:
    assert client_for(w.coordinator).get("/disputes/review/").status_code == 403
    assert client_for(w.councillor).get("/disputes/review/").status_code == 403


# -- home pages ---------------------------------------------------------------------------------------
def test_home_pages_count_breaches_and_families_find_their_disputes(w: Any) -> None:
    manager = client_for(w.manager).get("/").content.decode()
    assert "2 open" in manager and "1 with a council deadline breached" in manager
    coordinator = client_for(w.coordinator).get("/").content.decode()
    assert "Your disputes</a>: 1 open" in coordinator  # the young person's has no coordinator
    parent = client_for(w.parent1).get("/").content.decode()
    assert f"/disputes/{w.dispute1.pk}/" in parent and f"/disputes/{w.dispute2.pk}/" not in parent
