"""The JSON API: same scoping as the pages, and bad paging is answered, not crashed on."""

from __future__ import annotations

from typing import Any

import pytest

from sendpath.accounts.roles import Role
from sendpath.audit.models import AuditAction, AuditEvent
from tests.factories import ChildFactory, LocalAuthorityFactory, UserFactory
from tests.helpers import new_client, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator() -> Any:
    la = LocalAuthorityFactory()
    ChildFactory.create_batch(3, local_authority=la)
    ChildFactory(local_authority=LocalAuthorityFactory())
    return UserFactory(role=Role.COORDINATOR, local_authority=la)


@pytest.mark.parametrize("offset", [-1, -1000, 10**12])
def test_out_of_range_offsets_are_clamped(coordinator: Any, offset: int) -> None:
    response = sign_in(new_client(), coordinator).get(f"/api/v1/children?offset={offset}")
    assert response.status_code == 200
    assert len(response.json()) == (3 if offset < 0 else 0)


def test_limit_is_capped_and_list_is_scoped(coordinator: Any) -> None:
    response = sign_in(new_client(), coordinator).get("/api/v1/children?limit=100000")
    assert response.status_code == 200
    assert {row["id"] for row in response.json()} == set(
        coordinator.local_authority.children.values_list("pk", flat=True)
    )


def test_deleting_an_account_leaves_its_audit_history_as_it_was(coordinator: Any) -> None:
    sign_in(new_client(), coordinator).get("/api/v1/children")
    event = AuditEvent.objects.get(user=coordinator, action=AuditAction.LIST)
    user_id = coordinator.pk
    coordinator.delete()
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.user_id == user_id
    assert event.user_email
