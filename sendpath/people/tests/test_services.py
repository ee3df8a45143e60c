"""people.services.update_child: validation with messages a person can act on, optimistic
concurrency, permission, and the audit event each change writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from sendpath.accounts.roles import Role
from sendpath.audit.models import AuditAction, AuditEvent
from sendpath.common.errors import DomainError, NotAllowed, StaleRecord
from sendpath.law.identifiers import make_nhs_number, make_upn
from sendpath.people.models import Child
from sendpath.people.services import EDITABLE_FIELDS, clean_identifiers, update_child
from tests.factories import ChildFactory, LocalAuthorityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def la() -> Any:
    return LocalAuthorityFactory()


@pytest.fixture
def coordinator(la: Any) -> Any:
    return UserFactory(role=Role.COORDINATOR, local_authority=la, full_name="Cora Ordinator")


@pytest.fixture
def data_officer(la: Any) -> Any:
    return UserFactory(role=Role.DATA_OFFICER, local_authority=la, full_name="Dana Officer")


@pytest.fixture
def child(la: Any) -> Child:
    return ChildFactory(
        local_authority=la,
        first_name="Maya",
        last_name="Shah",
        upn="R873200124123",
        nhs_number="9434765919",
        postcode="LE1 6ZG",
    )


def data(child: Child, **changes: Any) -> dict[str, Any]:
    """The child's editable fields as the form would clean them, with ``changes``."""
    return {name: getattr(child, name) for name in EDITABLE_FIELDS} | changes


def assert_unchanged(child: Child) -> None:
    stored = Child.objects.get(pk=child.pk)
    for name in EDITABLE_FIELDS:
        assert getattr(stored, name) == getattr(child, name), name
    assert stored.version == child.version
    assert not AuditEvent.objects.filter(child_id=child.pk, action=AuditAction.UPDATE).exists()


def test_a_valid_change_is_saved_normalised_and_audited(coordinator: Any, child: Child) -> None:
    updated = update_child(
        user=coordinator,
        child=child,
        expected_version=1,
        data=data(
            child, last_name="Shah-Ali", upn=" r873 2001 2412 3", nhs_number="943 476 5919", postcode="le16zg"
        ),
    )
    assert updated.last_name == "Shah-Ali"
    assert updated.upn == "R873200124123"
    assert updated.nhs_number == "9434765919"
    assert updated.postcode == "LE1 6ZG"
    assert updated.version == 2
    assert updated.updated_by == coordinator
    event = AuditEvent.objects.get(child_id=child.pk, action=AuditAction.UPDATE)
    # Only what really changed: the identifiers were already stored in canonical form.
    assert event.changes == {"last_name": ["Shah", "Shah-Ali"]}
    assert event.user == coordinator
    assert event.role == Role.COORDINATOR


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "upn",
            "A873200124123",
            "The check letter of this UPN should be R, not A: check the number has been copied correctly",
        ),
        ("upn", "R87320012412", "A UPN must be 13 characters; this one has 12"),
        (
            "nhs_number",
            "9434765918",
            "This NHS number fails its check digit: check it has been copied correctly",
        ),
        ("postcode", "LE1", "Enter a full UK postcode, like LE1 6ZG: this one is too short"),
        ("postcode", "QE1 6ZG", "A postcode cannot start with Q, V or X"),
        ("uln", "1234567890", "This ULN fails its check digit: check it has been copied correctly"),
    ],
)
def test_a_bad_identifier_is_refused_with_a_clear_message(
    coordinator: Any, child: Child, field: str, value: str, message: str
) -> None:
    with pytest.raises(DomainError) as info:
        update_child(user=coordinator, child=child, expected_version=1, data=data(child, **{field: value}))
    assert info.value.message == message
    assert info.value.field == field
    assert_unchanged(child)


def test_every_bad_identifier_is_found_at_once() -> None:
    _, errors = clean_identifiers(
        {"upn": "A873200124123", "uln": "", "nhs_number": "9434765918", "postcode": "LE1"}
    )
    assert set(errors) == {"upn", "nhs_number", "postcode"}


def test_a_reason_is_needed_when_neither_upn_nor_uln_is_given(coordinator: Any, child: Child) -> None:
    with pytest.raises(DomainError) as info:
        update_child(
            user=coordinator,
            child=child,
            expected_version=1,
            data=data(child, upn="", uln="", upn_unknown=""),
        )
    assert info.value.field == "upn_unknown"
    assert info.value.message == "Select why the UPN and ULN are not known, or enter the UPN or ULN"
    assert_unchanged(child)


def test_with_a_reason_no_upn_or_uln_is_accepted(coordinator: Any, child: Child) -> None:
    updated = update_child(
        user=coordinator, child=child, expected_version=1, data=data(child, upn="", uln="", upn_unknown="UN1")
    )
    assert (updated.upn, updated.uln, updated.upn_unknown) == ("", "", "UN1")


def test_a_uln_alone_is_enough_and_clears_the_reason(coordinator: Any, la: Any) -> None:
    child = ChildFactory(local_authority=la, upn="", upn_unknown="UN2")
    updated = update_child(
        user=coordinator,
        child=child,
        expected_version=1,
        data=data(child, uln="1234567899", upn_unknown="UN2"),
    )
    assert (updated.uln, updated.upn_unknown) == ("1234567899", "")


def test_a_date_of_birth_in_the_future_is_refused(coordinator: Any, child: Child) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(DomainError) as info:
        update_child(
            user=coordinator, child=child, expected_version=1, data=data(child, date_of_birth=tomorrow)
        )
    assert info.value.field == "date_of_birth"
    assert info.value.message == "The date of birth must be today or in the past"
    assert_unchanged(child)


def test_a_date_of_birth_today_is_accepted(coordinator: Any, child: Child) -> None:
    today = timezone.localdate()
    updated = update_child(
        user=coordinator,
        child=child,
        expected_version=1,
        data=data(child, date_of_birth=today, upn="", upn_unknown="UN1"),
    )
    assert updated.date_of_birth == today


def test_a_stale_version_is_refused_naming_who_changed_it_and_when(
    coordinator: Any, data_officer: Any, child: Child
) -> None:
    opened = Child.objects.get(pk=child.pk)  # the coordinator opens the form at version 1
    update_child(
        user=data_officer,
        child=Child.objects.get(pk=child.pk),
        expected_version=1,
        data=data(child, first_name="Maia"),
    )
    saved = Child.objects.get(pk=child.pk)
    when = timezone.localtime(saved.updated_at).strftime("%-d %B %Y at %H:%M")

    with pytest.raises(StaleRecord) as info:
        update_child(
            user=coordinator,
            child=opened,
            expected_version=opened.version,
            data=data(opened, last_name="Shaw"),
        )

    assert info.value.message.startswith(f"This record was changed by Dana Officer on {when}")
    assert "Your changes have not been saved" in info.value.message
    after = Child.objects.get(pk=child.pk)
    assert (after.first_name, after.last_name, after.version) == ("Maia", "Shah", 2)
    assert after.updated_by == data_officer
    updates = AuditEvent.objects.filter(child_id=child.pk, action=AuditAction.UPDATE)
    assert [e.user_id for e in updates] == [data_officer.pk]


@pytest.mark.parametrize("role", [Role.FINANCE, Role.COUNCILLOR])
def test_only_the_send_team_may_change_a_child(role: Role, la: Any, child: Child) -> None:
    user = UserFactory(role=role, local_authority=la)
    with pytest.raises(NotAllowed):
        update_child(user=user, child=child, expected_version=1, data=data(child, first_name="X"))
    assert_unchanged(child)


def test_a_coordinator_of_another_authority_may_not_change_a_child(child: Child) -> None:
    outsider = UserFactory(role=Role.COORDINATOR)
    assert outsider.local_authority_id != child.local_authority_id
    with pytest.raises(NotAllowed):
        update_child(user=outsider, child=child, expected_version=1, data=data(child, first_name="X"))
    assert_unchanged(child)


@settings(max_examples=40, deadline=None)
@given(
    establishment=st.integers(0, 9999),
    serial=st.integers(0, 999),
    nine=st.integers(0, 999_999_999),
    spaced=st.booleans(),
)
def test_any_valid_identifiers_come_back_canonical(
    establishment: int, serial: int, nine: int, spaced: bool
) -> None:
    upn = make_upn(856, establishment, 24, serial)
    nhs = make_nhs_number(f"{nine:09d}")
    typed_upn = f" {upn[:4].lower()} {upn[4:]} " if spaced else upn.lower()
    typed_nhs = "" if nhs is None else (f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}" if spaced else nhs)
    cleaned, errors = clean_identifiers(
        {"upn": typed_upn, "uln": "", "nhs_number": typed_nhs, "postcode": "le1 6zg"}
    )
    assert errors == {}
    assert cleaned["upn"] == upn
    assert cleaned["nhs_number"] == (nhs or "")
    assert cleaned["postcode"] == "LE1 6ZG"
