"""people.selectors: who sees which child, and search within what they may see."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from sendpath.accounts.roles import Role
from sendpath.people.models import Child
from sendpath.people.selectors import can_see_child, search_children, visible_children
from tests.factories import AdviceRequestFactory, UserFactory
from tests.helpers import USER_NAMES, world_fixture

pytestmark = pytest.mark.django_db

world = world_fixture()

#: Exactly which children of their own area each person sees (see tests.helpers.make_world).
VISIBLE: dict[str, set[str]] = {
    "coordinator": {"child1", "child2", "child3", "yp"},
    "manager": {"child1", "child2", "child3", "yp"},
    "finance": {"child1", "child2", "child3", "yp"},
    "data_officer": {"child1", "child2", "child3", "yp"},
    "senco_a": {"child1", "child3"},
    "senco_b": {"child1", "child2", "yp"},
    "teacher": {"child1"},
    "ep": {"child1"},
    "health": {"child2"},
    "social_care": set(),
    "parent1": {"child1"},
    "parent2": {"child2"},
    "young_person": {"yp"},
    "councillor": set(),
    "admin": set(),
}


def ids(area: SimpleNamespace, names: set[str]) -> set[int]:
    return {getattr(area, name).pk for name in names}


def test_the_table_covers_every_user() -> None:
    assert set(VISIBLE) == set(USER_NAMES)


@pytest.mark.parametrize("name", USER_NAMES)
def test_visible_children_by_role(name: str, world: SimpleNamespace) -> None:
    for area in (world.a, world.b):
        user = getattr(area, name)
        got = set(visible_children(user).values_list("pk", flat=True))
        assert got == ids(area, VISIBLE[name]), (area.code, name)


def test_nobody_sees_across_the_authority_boundary(world: SimpleNamespace) -> None:
    b_children = set(Child.objects.filter(local_authority=world.b.la).values_list("pk", flat=True))
    assert len(b_children) == 4
    for name in USER_NAMES:
        seen = set(visible_children(getattr(world.a, name)).values_list("pk", flat=True))
        assert not seen & b_children, name


def test_anonymous_and_inactive_users_see_nobody(world: SimpleNamespace) -> None:
    assert not visible_children(AnonymousUser()).exists()
    coordinator = world.a.coordinator
    coordinator.is_active = False
    try:
        assert not visible_children(coordinator).exists()
    finally:
        coordinator.is_active = True


def test_advice_assigned_to_one_professional_is_not_seen_by_their_colleagues(
    world: SimpleNamespace,
) -> None:
    a = world.a
    colleague = UserFactory(role=Role.EP, service=a.ep_service)
    assert not can_see_child(colleague, a.child1)
    assert can_see_child(a.ep, a.child1)
    # Unassigned advice is the whole service's until someone takes it.
    AdviceRequestFactory(request=a.request3, service=a.ep_service, professional=None)
    assert can_see_child(colleague, a.child3)
    assert can_see_child(a.ep, a.child3)
    assert not can_see_child(a.health, a.child3)


def test_a_teacher_stops_seeing_a_pupil_who_leaves_the_school(world: SimpleNamespace) -> None:
    a = world.a
    assert can_see_child(a.teacher, a.child1)
    Child.objects.filter(pk=a.child1.pk).update(setting=a.school_b)
    assert not can_see_child(a.teacher, a.child1)


# --- search -----------------------------------------------------------------------------


def search(user: object, query: str) -> set[int]:
    return set(search_children(user, query).values_list("pk", flat=True))


@pytest.mark.parametrize(
    "query", ["Alice", "alice", "Ali", "Asha", "ASHA", "Alice Asha", "alice asha", "  Alice  "]
)
def test_search_finds_a_child_by_name(query: str, world: SimpleNamespace) -> None:
    # child1 of area a is Alice AshA; of area b, Alice AshB.
    assert search(world.a.coordinator, query) == {world.a.child1.pk}


def test_search_finds_a_child_by_upn_however_it_is_typed(world: SimpleNamespace) -> None:
    a = world.a
    upn = a.child2.upn
    for typed in (upn, upn.lower(), f"{upn[:4]} {upn[4:8]} {upn[8:]}"):
        assert search(a.coordinator, typed) == {a.child2.pk}, typed


def test_search_finds_a_child_by_nhs_number(world: SimpleNamespace) -> None:
    a = world.a
    nhs = a.child3.nhs_number
    assert search(a.coordinator, f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}") == {a.child3.pk}


def test_search_never_returns_a_child_of_another_authority(world: SimpleNamespace) -> None:
    a, b = world.a, world.b
    # Same first name in both areas: each authority finds only its own.
    assert a.child1.first_name == b.child1.first_name
    assert search(a.coordinator, "Alice") == {a.child1.pk}
    assert search(b.coordinator, "Alice") == {b.child1.pk}
    # Another area's UPN and NHS number find nothing.
    assert search(a.coordinator, b.child2.upn) == set()
    assert search(a.coordinator, b.child2.nhs_number) == set()
    assert search(a.data_officer, "AshB") == set()


def test_search_stays_within_what_the_user_may_see(world: SimpleNamespace) -> None:
    a = world.a
    assert search(a.senco_a, "Bilal") == set()  # child2 is at school B, never consulted
    assert search(a.senco_b, "Alice") == {a.child1.pk}  # consulted
    assert search(a.ep, a.child2.upn) == set()
    assert search(a.ep, "") == {a.child1.pk}
