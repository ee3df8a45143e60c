"""The children's pages: the record, the details form (validation, stale edits that keep
what was typed) and search."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sendpath.accounts.roles import Role
from sendpath.people.models import Child
from sendpath.people.services import EDITABLE_FIELDS, update_child
from tests.factories import (
    CarerFactory,
    ChildFactory,
    LocalAuthorityFactory,
    RelationshipFactory,
    SettingFactory,
    UserFactory,
)
from tests.helpers import child_form_data, new_client, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def la() -> Any:
    return LocalAuthorityFactory()


@pytest.fixture
def school(la: Any) -> Any:
    return SettingFactory(local_authority=la, name="Riverside Primary")


@pytest.fixture
def child(la: Any, school: Any) -> Child:
    return ChildFactory(
        local_authority=la,
        setting=school,
        first_name="Maya",
        last_name="Shah",
        upn="R873200124123",
        nhs_number="9434765919",
        postcode="LE1 6ZG",
    )


@pytest.fixture
def coordinator(la: Any) -> Any:
    return UserFactory(role=Role.COORDINATOR, local_authority=la, full_name="Cora Ordinator")


@pytest.fixture
def data_officer(la: Any) -> Any:
    return UserFactory(role=Role.DATA_OFFICER, local_authority=la, full_name="Dana Officer")


def page(response: Any) -> str:
    """The page's text with HTML entities decoded, for plain-text assertions."""
    return html.unescape(response.content.decode())


def cleaned(child: Child, **changes: Any) -> dict[str, Any]:
    """The cleaned values ``update_child`` takes (not the posted strings)."""
    return {name: getattr(child, name) for name in EDITABLE_FIELDS} | changes


def edit(client: Client, child: Child, **changes: Any) -> Any:
    return client.post(f"/children/{child.pk}/edit/", child_form_data(child, **changes))


def test_the_form_opens_with_the_current_details(coordinator: Any, child: Child) -> None:
    response = sign_in(new_client(), coordinator).get(f"/children/{child.pk}/edit/")
    assert response.status_code == 200
    text = page(response)
    assert "Change Maya Shah's details" in text
    assert 'value="R873200124123"' in text
    assert 'name="version" value="1"' in text


def test_a_valid_change_is_saved_and_confirmed(coordinator: Any, child: Child) -> None:
    client = sign_in(new_client(), coordinator)
    response = edit(client, child, last_name="Shah-Ali", nhs_number="943 476 5919")
    assert response.status_code == 302
    assert response["Location"] == f"/children/{child.pk}/"
    stored = Child.objects.get(pk=child.pk)
    assert (stored.last_name, stored.nhs_number, stored.version) == ("Shah-Ali", "9434765919", 2)
    assert "The child's details have been saved." in page(client.get(response["Location"]))


@pytest.mark.parametrize(
    ("changes", "message", "typed"),
    [
        (
            {"upn": "A873200124123"},
            "The check letter of this UPN should be R, not A: check the number has been copied correctly",
            "A873200124123",
        ),
        (
            {"nhs_number": "943 476 5918"},
            "This NHS number fails its check digit: check it has been copied correctly",
            "943 476 5918",
        ),
        ({"postcode": "LE1"}, "Enter a full UK postcode, like LE1 6ZG: this one is too short", "LE1"),
        (
            {"upn": "", "uln": "", "upn_unknown": "", "first_name": "Mayah"},
            "Select why the UPN and ULN are not known, or enter the UPN or ULN",
            "Mayah",
        ),
    ],
)
def test_an_invalid_change_is_refused_with_its_message_and_the_input_kept(
    coordinator: Any, child: Child, changes: dict[str, str], message: str, typed: str
) -> None:
    response = edit(sign_in(new_client(), coordinator), child, **changes)
    assert response.status_code == 200
    text = page(response)
    assert "There is a problem" in text
    # In the error summary and beside the field.
    assert text.count(message) == 2
    assert f'value="{typed}"' in text
    stored = Child.objects.get(pk=child.pk)
    assert (stored.first_name, stored.upn, stored.postcode, stored.version) == (
        "Maya",
        "R873200124123",
        "LE1 6ZG",
        1,
    )


def test_a_future_date_of_birth_is_refused(coordinator: Any, child: Child) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = edit(sign_in(new_client(), coordinator), child, date_of_birth=tomorrow)
    assert response.status_code == 200
    assert "The date of birth must be today or in the past" in page(response)
    assert Child.objects.get(pk=child.pk).date_of_birth == child.date_of_birth


def test_an_impossible_date_is_refused_by_the_form(coordinator: Any, child: Child) -> None:
    data = child_form_data(child)
    data.update({"date_of_birth-day": "31", "date_of_birth-month": "2", "date_of_birth-year": "2015"})
    response = sign_in(new_client(), coordinator).post(f"/children/{child.pk}/edit/", data)
    assert response.status_code == 200
    assert "The date of birth must be a real date" in page(response)
    assert 'value="31"' in page(response)


def test_a_stale_form_is_refused_keeping_what_was_typed(
    coordinator: Any, data_officer: Any, child: Child
) -> None:
    client = sign_in(new_client(), coordinator)
    opened = client.get(f"/children/{child.pk}/edit/")
    assert 'name="version" value="1"' in page(opened)
    # Meanwhile the data officer corrects the record.
    update_child(
        user=data_officer,
        child=Child.objects.get(pk=child.pk),
        expected_version=1,
        data=cleaned(child, first_name="Maia"),
    )
    saved = Child.objects.get(pk=child.pk)
    when = timezone.localtime(saved.updated_at).strftime("%-d %B %Y at %H:%M")

    response = edit(client, child, version=1, last_name="Typedname", postcode="LE3 9QP")

    assert response.status_code == 200
    text = page(response)
    assert f"This record was changed by Dana Officer on {when}" in text
    assert 'value="Typedname"' in text
    assert 'value="LE3 9QP"' in text
    stored = Child.objects.get(pk=child.pk)
    assert (stored.first_name, stored.last_name, stored.postcode, stored.version) == (
        "Maia",
        "Shah",
        "LE1 6ZG",
        2,
    )
    # The re-shown form is against the record as it now is: saving again, deliberately,
    # succeeds and nothing the other person did is lost unseen.
    assert 'name="version" value="2"' in text
    again = edit(client, stored, version=2, last_name="Typedname", postcode="LE3 9QP")
    assert again.status_code == 302
    final = Child.objects.get(pk=child.pk)
    assert (final.first_name, final.last_name, final.postcode, final.version) == (
        "Maia",
        "Typedname",
        "LE3 9QP",
        3,
    )


def test_every_problem_is_shown_at_once(coordinator: Any, child: Child) -> None:
    response = edit(
        sign_in(new_client(), coordinator),
        child,
        upn="A801200005001",
        nhs_number="9434765918",
        postcode="not a postcode",
    )
    text = page(response)
    assert "check letter" in text
    assert "NHS number" in text and "check digit" in text
    assert "postcode" in text.lower()
    assert text.count('class="govuk-error-message"') >= 3


def test_someone_who_may_not_edit_cannot_post_changes(la: Any, child: Child) -> None:
    finance = UserFactory(role=Role.FINANCE, local_authority=la)
    response = edit(sign_in(new_client(), finance), child, first_name="Hacked")
    assert response.status_code == 403
    outsider = UserFactory(role=Role.COORDINATOR)
    response = edit(sign_in(new_client(), outsider), child, first_name="Hacked")
    assert response.status_code == 404
    assert Child.objects.get(pk=child.pk).first_name == "Maya"


def test_the_record_shows_identifiers_to_staff_but_not_to_the_family(coordinator: Any, child: Child) -> None:
    carer = CarerFactory(first_name="Rita", last_name="Shah", user=UserFactory(role=Role.PARENT))
    RelationshipFactory(child=child, carer=carer)
    staff_view = page(sign_in(new_client(), coordinator).get(f"/children/{child.pk}/"))
    assert "9434765919" in staff_view
    assert "Rita Shah" in staff_view
    assert "Change the child's details" in staff_view
    family_view = page(sign_in(new_client(), carer.user).get(f"/children/{child.pk}/"))
    assert "Maya Shah" in family_view
    assert "9434765919" not in family_view
    assert "R873200124123" not in family_view
    assert "Change the child's details" not in family_view


def test_school_staff_do_not_see_the_family_on_the_record(child: Child, school: Any) -> None:
    carer = CarerFactory(first_name="Rita", last_name="Shah")
    RelationshipFactory(child=child, carer=carer)
    senco = UserFactory(role=Role.SENCO, setting=school)
    text = page(sign_in(new_client(), senco).get(f"/children/{child.pk}/"))
    assert "Maya Shah" in text
    assert "Rita Shah" not in text


def test_search_finds_by_name_and_upn(coordinator: Any, child: Child, la: Any) -> None:
    other = ChildFactory(local_authority=la, first_name="Owen", last_name="Price")
    client = sign_in(new_client(), coordinator)
    by_name = page(client.get("/children/", {"q": "maya sh"}))
    assert "Maya Shah" in by_name and "Owen Price" not in by_name
    by_upn = page(client.get("/children/", {"q": "r873 2001 2412 3"}))
    assert "Maya Shah" in by_upn and "Owen Price" not in by_upn
    everyone = page(client.get("/children/"))
    assert "Maya Shah" in everyone and other.full_name in everyone
    nobody = page(client.get("/children/", {"q": "Zebedee"}))
    assert 'No children found matching "Zebedee"' in nobody
