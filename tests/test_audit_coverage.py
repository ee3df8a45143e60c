"""Every read and change of a child's record writes exactly the audit events it should.

The URLs that show one child are found by walking the resolver (every pattern under
``children/`` with a ``pk``, plus the API's detail), so a new page about a child fails
``test_every_child_url_is_covered`` until this file says who reads it and what it records.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from sendpath.audit.models import AuditAction, AuditEvent
from sendpath.audit.services import record
from sendpath.people.models import Child
from tests.helpers import (
    USER_NAMES,
    child_form_data,
    new_client,
    sign_in,
    world_fixture,
)

pytestmark = pytest.mark.django_db

world = world_fixture()

API_DETAIL = "api/v1/children/<child_id>"

#: For each URL about one child: who opens it in these tests, its path, and the summary
#: its audit event carries.
CHILD_URLS: dict[str, tuple[str, str, str]] = {
    "children/<int:pk>/": ("coordinator", "/children/{pk}/", "Child's record"),
    "children/<int:pk>/edit/": ("data_officer", "/children/{pk}/edit/", "Child's details form"),
    "children/<int:pk>/request-assessment/": (
        "senco_a",
        "/children/{pk}/request-assessment/",
        "Assessment request form",
    ),
    "children/<int:pk>/audit/": (
        "manager",
        "/children/{pk}/audit/",
        "Audit trail of the child's record",
    ),
    API_DETAIL: ("parent1", "/api/v1/children/{pk}", "API child record"),
    "children/<int:pk>/costs/": ("finance", "/children/{pk}/costs/", "Child's placements and costs"),
}


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


def child_routes() -> set[str]:
    """Routes that show one child: ``pk`` under ``children/``, and the API's detail."""
    routes = set()
    for route, pattern in _walk(get_resolver().url_patterns):
        if route.startswith("children/") and "pk" in pattern.pattern.converters:
            routes.add(route)
    routes.add(API_DETAIL)
    return routes


def _new_events(before: set[int]) -> list[AuditEvent]:
    return list(AuditEvent.objects.exclude(pk__in=before).order_by("pk"))


def _event_ids() -> set[int]:
    return set(AuditEvent.objects.values_list("pk", flat=True))


def test_every_child_url_is_covered() -> None:
    routes = child_routes()
    assert {"children/<int:pk>/", "children/<int:pk>/edit/"} <= routes
    assert routes == set(CHILD_URLS), "Say in CHILD_URLS who reads each child URL"


@pytest.mark.parametrize("route", sorted(CHILD_URLS))
def test_reading_a_child_writes_one_view_event(route: str, world: SimpleNamespace) -> None:
    reader_name, path_format, summary = CHILD_URLS[route]
    reader = getattr(world.a, reader_name)
    child = world.a.child1
    path = path_format.format(pk=child.pk) + "?from=matrix"
    client = sign_in(new_client(), reader)
    before = _event_ids()

    response = client.get(path, REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 200
    events = _new_events(before)
    assert len(events) == 1, [(e.action, e.summary) for e in events]
    event = events[0]
    assert event.action == AuditAction.VIEW
    assert event.object_type == "people.child"
    assert event.object_id == str(child.pk)
    assert event.child_id == child.pk
    assert event.local_authority_id == world.a.la.pk
    assert event.user_id == reader.pk
    assert event.user_email == reader.email
    assert event.role == reader.role
    assert event.ip_address == "203.0.113.9"
    assert event.path == path
    assert event.summary == summary
    assert event.changes == {}


@pytest.mark.parametrize("route", sorted(CHILD_URLS))
def test_a_refused_read_records_no_view(route: str, world: SimpleNamespace) -> None:
    """Nothing was shown, so nothing is recorded as seen; the refused attempt itself is
    recorded, so a manager can spot people looking where they should not."""
    _, path_format, _ = CHILD_URLS[route]
    child = world.a.child1
    path = path_format.format(pk=child.pk)
    before = _event_ids()
    outsider = sign_in(new_client(), world.b.coordinator).get(path)
    assert outsider.status_code == 404
    stranger = sign_in(new_client(), world.a.social_care).get(path)
    assert stranger.status_code == 404
    events = _new_events(before)
    assert [e.action for e in events] == [AuditAction.REFUSED, AuditAction.REFUSED]
    assert {e.user_id for e in events} == {world.b.coordinator.pk, world.a.social_care.pk}
    assert all(e.child_id == child.pk for e in events)


#: The children each person's home page names, in their own area; None: no list at all.
HOME_LISTS: dict[str, set[str] | None] = {
    # Open cases they coordinate (child1, child2; child3's has no coordinator) and reviews
    # due in 8 weeks (child1's plan).
    "coordinator": {"child1", "child2"},
    "manager": None,
    "finance": None,
    # Children with no UPN, ULN or reason: child3 (the young person has reason UN3).
    "data_officer": {"child3"},
    # Pupils with plans on the roll, and consultations awaiting the school's answer.
    "senco_a": {"child1"},
    "senco_b": {"child1", "child2", "yp"},
    "teacher": {"child1"},
    "ep": {"child1"},
    "health": {"child2"},
    "social_care": None,
    "parent1": {"child1"},
    "parent2": {"child2"},
    "young_person": {"yp"},
    "councillor": None,
    "admin": None,
}


def test_home_lists_cover_every_user() -> None:
    assert set(HOME_LISTS) == set(USER_NAMES)


def _linked_child_ids(html: str) -> set[int]:
    import re

    return {int(pk) for pk in re.findall(r'href="/children/(\d+)/"', html)}


@pytest.mark.parametrize("name", USER_NAMES)
def test_home_page_writes_one_list_event_naming_exactly_the_listed_children(
    name: str, world: SimpleNamespace
) -> None:
    user = getattr(world.a, name)
    client = sign_in(new_client(), user)
    before = _event_ids()

    response = client.get("/")

    assert response.status_code == 200
    events = _new_events(before)
    expected = HOME_LISTS[name]
    linked = _linked_child_ids(response.content.decode())
    if expected is None:
        assert events == []
        assert linked == set()
        return
    expected_ids = sorted(getattr(world.a, child).pk for child in expected)
    assert len(events) == 1
    event = events[0]
    assert event.action == AuditAction.LIST
    assert event.object_type == "people.child"
    assert event.child_id is None
    assert event.changes == {"child_ids": expected_ids}
    assert event.user_id == user.pk
    assert event.role == user.role
    assert event.ip_address == "127.0.0.1"
    assert event.path == "/"
    assert event.summary == f"Home page ({user.role})"
    # What the page links to is what the event says it listed.
    assert linked == set(expected_ids)


def test_children_list_writes_one_list_event_for_the_page(world: SimpleNamespace) -> None:
    a = world.a
    client = sign_in(new_client(), a.coordinator)
    before = _event_ids()
    response = client.get("/children/", {"q": "Alice"})
    assert response.status_code == 200
    events = _new_events(before)
    assert [(e.action, e.changes) for e in events] == [(AuditAction.LIST, {"child_ids": [a.child1.pk]})]
    assert events[0].path == "/children/?q=Alice"
    assert _linked_child_ids(response.content.decode()) == {a.child1.pk}


def test_api_list_writes_one_list_event(world: SimpleNamespace) -> None:
    a = world.a
    client = sign_in(new_client(), a.senco_b)
    before = _event_ids()
    response = client.get("/api/v1/children")
    assert response.status_code == 200
    events = _new_events(before)
    assert len(events) == 1
    assert events[0].action == AuditAction.LIST
    assert events[0].changes == {"child_ids": sorted([a.child1.pk, a.child2.pk, a.yp.pk])}
    assert events[0].summary == "API children list"


def test_an_update_writes_an_update_event_with_the_changed_fields(world: SimpleNamespace) -> None:
    a = world.a
    child = Child.objects.get(pk=a.child2.pk)
    old_first_name, old_postcode = child.first_name, child.postcode
    client = sign_in(new_client(), a.coordinator)
    path = f"/children/{child.pk}/edit/"
    before = _event_ids()

    response = client.post(path, child_form_data(child, first_name="Bobby", postcode="le3 9qp"))

    assert response.status_code == 302
    assert response["Location"] == f"/children/{child.pk}/"
    events = _new_events(before)
    assert [e.action for e in events] == [AuditAction.VIEW, AuditAction.UPDATE]
    update = events[1]
    assert update.changes == {
        "first_name": [old_first_name, "Bobby"],
        "postcode": [old_postcode, "LE3 9QP"],
    }
    assert update.object_type == "people.child"
    assert update.object_id == str(child.pk)
    assert update.child_id == child.pk
    assert update.local_authority_id == a.la.pk
    assert update.user_id == a.coordinator.pk
    assert update.role == a.coordinator.role
    assert update.ip_address == "127.0.0.1"
    assert update.path == path
    child.refresh_from_db()
    assert (child.first_name, child.postcode, child.version) == ("Bobby", "LE3 9QP", 2)


# --- the trail cannot be changed ----------------------------------------------------


@pytest.fixture
def event(world: SimpleNamespace) -> AuditEvent:
    return record(
        user=world.a.manager,
        action=AuditAction.VIEW,
        obj=world.a.child1,
        child_id=world.a.child1.pk,
        summary="Child's record",
    )


def _unchanged(event: AuditEvent) -> None:
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.summary == "Child's record"
    assert stored.action == AuditAction.VIEW


def test_saving_an_existing_event_is_refused(event: AuditEvent) -> None:
    event.summary = "Nothing to see"
    with pytest.raises(PermissionError, match="append-only"):
        event.save()
    _unchanged(event)


def test_queryset_update_is_refused(event: AuditEvent) -> None:
    with pytest.raises(PermissionError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(summary="Nothing to see")
    with pytest.raises(PermissionError, match="append-only"):
        AuditEvent.objects.all().update(action=AuditAction.LIST)
    _unchanged(event)


def test_bulk_update_is_refused(event: AuditEvent) -> None:
    event.summary = "Nothing to see"
    # bulk_update runs in an atomic block without a savepoint; give it one, so the refusal
    # rolls back only this attempt and the test can read the row afterwards.
    with pytest.raises(PermissionError, match="append-only"), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["summary"])
    _unchanged(event)


def test_queryset_delete_is_refused(event: AuditEvent) -> None:
    with pytest.raises(PermissionError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(PermissionError, match="append-only"):
        AuditEvent.objects.all().delete()
    _unchanged(event)


def test_deleting_one_event_is_refused(event: AuditEvent) -> None:
    with pytest.raises(PermissionError, match="append-only"):
        event.delete()
    _unchanged(event)
