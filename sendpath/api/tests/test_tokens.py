"""Organisation tokens: made once, kept only as a hash, scoped like their organisation's
staff, revocable at once, and every call they make is in the audit trail."""

from __future__ import annotations

from typing import Any

import pytest

from sendpath.accounts.roles import Role
from sendpath.api.models import ApiToken
from sendpath.api.tokens import digest, issue_token, revoke_token, token_account
from sendpath.audit.models import AuditAction, AuditEvent
from sendpath.common.errors import DomainError, NotAllowed
from tests.helpers import new_client, sign_in, world_fixture

pytestmark = pytest.mark.django_db
world = world_fixture()


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_the_secret_is_shown_once_and_only_its_hash_is_kept(world: Any) -> None:
    new = issue_token(world.a.senco_a, "MIS sync")
    assert new.secret.startswith("spt_") and len(new.secret) > 40
    stored = ApiToken.objects.get(pk=new.token.pk)
    assert stored.key_hash == digest(new.secret) and new.secret not in stored.key_hash
    assert new.secret[4:12] == stored.prefix
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="api.apitoken").exists()


def test_a_schools_token_sees_only_that_schools_pupils(world: Any) -> None:
    a = world.a
    secret = issue_token(a.senco_a, "MIS").secret
    client = new_client()
    listed = {c["id"] for c in client.get("/api/v1/children?limit=200", **bearer(secret)).json()}
    senco_sees = {c["id"] for c in sign_in(new_client(), a.senco_a).get("/api/v1/children?limit=200").json()}
    assert listed == senco_sees and a.child1.pk in listed
    assert a.child2.pk not in listed and world.b.child1.pk not in listed
    assert client.get(f"/api/v1/children/{a.child2.pk}", **bearer(secret)).status_code == 404
    assert client.get(f"/api/v1/children/{world.b.child1.pk}", **bearer(secret)).status_code == 404
    assert client.get(f"/api/v1/plans/{a.plan1.pk}", **bearer(secret)).status_code == 200
    assert client.get(f"/api/v1/plans/{a.plan2.pk}", **bearer(secret)).status_code == 404
    # A school does not use casework, whatever the token.
    assert client.get(f"/api/v1/cases/{a.child1.requests.first().pk}", **bearer(secret)).status_code == 403


def test_a_council_token_reads_its_own_area_only(world: Any) -> None:
    a = world.a
    secret = issue_token(a.data_officer, "BI warehouse").secret
    client = new_client()
    assert client.get(f"/api/v1/children/{a.child2.pk}", **bearer(secret)).status_code == 200
    assert client.get(f"/api/v1/cases/{a.child2.requests.first().pk}", **bearer(secret)).status_code == 200
    assert client.get(f"/api/v1/children/{world.b.child1.pk}", **bearer(secret)).status_code == 404


def test_every_token_call_is_audited_against_the_token(world: Any) -> None:
    new = issue_token(world.a.manager, "Audit check")
    new_client().get(f"/api/v1/children/{world.a.child1.pk}", **bearer(new.secret))
    event = AuditEvent.objects.filter(user=new.token.account, action=AuditAction.VIEW).get()
    assert event.child_id == world.a.child1.pk and event.summary == "API child record"
    new_client().get(f"/api/v1/children/{world.b.child1.pk}", **bearer(new.secret))
    assert AuditEvent.objects.filter(user=new.token.account, action=AuditAction.REFUSED).count() == 1


@pytest.mark.parametrize(
    "header",
    ["Bearer spt_not-a-real-token", "Bearer ", "Basic abc", "Bearer " + "x" * 500, "spt_abc"],
)
def test_unknown_or_malformed_tokens_are_refused(world: Any, header: str) -> None:
    response = new_client().get("/api/v1/children", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_a_revoked_token_stops_working_at_once(world: Any) -> None:
    new = issue_token(world.a.senco_a, "Old MIS")
    assert new_client().get("/api/v1/children", **bearer(new.secret)).status_code == 200
    revoke_token(world.a.senco_a, new.token.pk)
    assert new_client().get("/api/v1/children", **bearer(new.secret)).status_code == 401
    assert token_account(new.secret) is None


def test_an_organisation_cannot_revoke_anothers_token(world: Any) -> None:
    theirs = issue_token(world.a.senco_b, "School B MIS")
    with pytest.raises(NotAllowed):
        revoke_token(world.a.senco_a, theirs.token.pk)
    with pytest.raises(NotAllowed):
        revoke_token(world.b.manager, issue_token(world.a.manager, "LA").token.pk)
    response = sign_in(new_client(), world.a.senco_a).post(f"/api-tokens/{theirs.token.pk}/revoke/")
    assert response.status_code == 404
    assert ApiToken.objects.get(pk=theirs.token.pk).revoked_at is None


def test_a_token_is_not_a_way_into_the_pages(world: Any) -> None:
    new = issue_token(world.a.manager, "Pages?")
    response = new_client().get(f"/children/{world.a.child1.pk}/", **bearer(new.secret))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert not new.token.account.has_usable_password()


@pytest.mark.parametrize(
    ("name", "message"), [("  ", "Enter what the token is for"), ("x" * 81, "80 characters")]
)
def test_a_token_needs_a_short_plain_name(world: Any, name: str, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        issue_token(world.a.manager, name)


def test_only_managers_data_officers_and_sencos_make_tokens(world: Any) -> None:
    with pytest.raises(NotAllowed):
        issue_token(world.a.teacher, "Mine")
    with pytest.raises(NotAllowed):
        issue_token(world.a.coordinator, "Mine")


def test_the_page_shows_a_new_secret_once_then_only_its_start(world: Any) -> None:
    client = sign_in(new_client(), world.a.senco_a)
    page = client.post("/api-tokens/", {"name": "Nightly sync"})
    assert page.status_code == 200
    token = ApiToken.objects.get(name="Nightly sync")
    html = page.content.decode()
    assert "Copy it now" in html and f"spt_{token.prefix}" in html
    again = client.get("/api-tokens/").content.decode()
    assert "Copy it now" not in again and f"spt_{token.prefix}" in again
    assert token.setting == world.a.school_a and token.account.role == Role.SENCO


def test_the_page_explains_a_missing_name(world: Any) -> None:
    page = sign_in(new_client(), world.a.manager).post("/api-tokens/", {"name": ""})
    assert page.status_code == 200
    assert (
        "There is a problem" in page.content.decode()
        and "Enter what the token is for" in page.content.decode()
    )
    assert not ApiToken.objects.exists()
