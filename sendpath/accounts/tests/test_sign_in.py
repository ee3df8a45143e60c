"""Signing in: a password, then a second factor (an authenticator app for staff, an emailed
code for families and professionals); throttling; signing out; and the security headers
every page carries."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendpath.accounts.roles import Role
from sendpath.audit.models import AuditAction, AuditEvent
from tests.factories import PASSWORD, UserFactory
from tests.helpers import new_client, sign_in

pytestmark = pytest.mark.django_db

WRONG_PASSWORD = "Not-the-right-one-99"
BAD_PASSWORD_MESSAGE = "Enter a correct email address and password"
BAD_CODE_MESSAGE = "The security code is not right, or it has expired. Try again"


def totp_codes(device: TOTPDevice) -> list[str]:
    """The codes the authenticator app shows now, and one step either side (the tolerance)."""
    codes = []
    for offset in (0, -1, 1):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + offset)
        totp.time = time.time()
        codes.append(f"{totp.token():0{device.digits}d}")
    return codes


def a_wrong_code(device: TOTPDevice) -> str:
    valid = set(totp_codes(device))
    return next(c for c in (f"{n:06d}" for n in range(100000, 100010)) if c not in valid)


def password_step(client: Client, user: Any, password: str = PASSWORD, **extra: str) -> Any:
    return client.post("/sign-in/", {"email": user.email, "password": password, **extra})


def is_signed_in(client: Client) -> bool:
    """Both factors given: the home page opens rather than sending us to sign in."""
    return client.get("/").status_code == 200


def text(response: Any) -> str:
    return response.content.decode()


@pytest.fixture
def coordinator() -> Any:
    return UserFactory(role=Role.COORDINATOR, full_name="Cora Ordinator")


@pytest.fixture
def parent() -> Any:
    return UserFactory(role=Role.PARENT, full_name="Pat Parent")


# --- the password ---------------------------------------------------------------------


def test_the_sign_in_page_opens() -> None:
    response = new_client().get("/sign-in/")
    assert response.status_code == 200
    assert "Sign in to sendpath" in text(response)


def test_a_wrong_password_is_refused_with_a_clear_message(coordinator: Any) -> None:
    client = new_client()
    response = password_step(client, coordinator, WRONG_PASSWORD)
    assert response.status_code == 200
    assert BAD_PASSWORD_MESSAGE in text(response)
    assert "_auth_user_id" not in client.session
    assert not is_signed_in(client)


def test_an_unknown_email_gets_the_same_message() -> None:
    response = new_client().post("/sign-in/", {"email": "nobody@example.org", "password": "x" * 12})
    assert response.status_code == 200
    assert BAD_PASSWORD_MESSAGE in text(response)


def test_empty_fields_say_what_to_enter() -> None:
    response = new_client().post("/sign-in/", {"email": "", "password": ""})
    assert "Enter your email address" in text(response)
    assert "Enter your password" in text(response)


def test_a_deactivated_account_cannot_sign_in(coordinator: Any) -> None:
    coordinator.is_active = False
    coordinator.save(update_fields=["is_active"])
    response = password_step(new_client(), coordinator)
    assert response.status_code == 200
    assert BAD_PASSWORD_MESSAGE in text(response)


def test_the_right_password_alone_does_not_sign_you_in(coordinator: Any) -> None:
    client = new_client()
    response = password_step(client, coordinator)
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/code/"
    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"] == "/sign-in/code/"


# --- staff: the authenticator app -------------------------------------------------------


def test_staff_enter_the_code_from_their_authenticator(coordinator: Any) -> None:
    client = new_client()
    password_step(client, coordinator)
    page = client.get("/sign-in/code/")
    assert page.status_code == 200
    assert "Open your authenticator app" in text(page)
    device = TOTPDevice.objects.get(user=coordinator)

    response = client.post("/sign-in/code/", {"code": totp_codes(device)[0]})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert is_signed_in(client)
    event = AuditEvent.objects.get(action=AuditAction.SIGN_IN)
    assert (event.user_id, event.role, event.ip_address) == (
        coordinator.pk,
        Role.COORDINATOR,
        "127.0.0.1",
    )


def test_a_wrong_code_is_refused_with_a_clear_message(coordinator: Any) -> None:
    client = new_client()
    password_step(client, coordinator)
    device = TOTPDevice.objects.get(user=coordinator)
    response = client.post("/sign-in/code/", {"code": a_wrong_code(device)})
    assert response.status_code == 200
    assert BAD_CODE_MESSAGE in text(response)
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert not is_signed_in(client)
    assert not AuditEvent.objects.filter(action=AuditAction.SIGN_IN).exists()


def test_a_code_that_is_not_six_numbers_is_refused(coordinator: Any) -> None:
    client = new_client()
    password_step(client, coordinator)
    response = client.post("/sign-in/code/", {"code": "12ab"})
    assert "The security code must be 6 numbers" in text(response)


def test_after_both_steps_you_go_where_you_were_going(coordinator: Any) -> None:
    client = new_client()
    response = password_step(client, coordinator, next="/children/")
    assert response["Location"] == "/sign-in/code/"
    device = TOTPDevice.objects.get(user=coordinator)
    response = client.post("/sign-in/code/", {"code": totp_codes(device)[0]})
    assert response["Location"] == "/children/"


def test_next_never_sends_you_to_another_site(coordinator: Any) -> None:
    client = new_client()
    password_step(client, coordinator, next="https://evil.example/steal")
    device = TOTPDevice.objects.get(user=coordinator)
    response = client.post("/sign-in/code/", {"code": totp_codes(device)[0]})
    assert response["Location"] == "/"


def test_staff_without_an_authenticator_are_sent_to_set_one_up() -> None:
    user = UserFactory(role=Role.SENCO, totp_key=None)
    assert not TOTPDevice.objects.filter(user=user).exists()
    client = new_client()
    password_step(client, user)
    response = client.get("/sign-in/code/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/authenticator/"

    setup = client.get("/sign-in/authenticator/")
    assert setup.status_code == 200
    assert "Set up your authenticator app" in text(setup)
    assert 'src="data:image/svg+xml' in text(setup)
    pending = TOTPDevice.objects.get(user=user, confirmed=False)

    response = client.post("/sign-in/authenticator/", {"code": totp_codes(pending)[0]})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert TOTPDevice.objects.get(user=user).confirmed
    assert is_signed_in(client)


# --- families and professionals: an emailed code ----------------------------------------


def test_a_parent_gets_a_code_by_email_and_signs_in_with_it(parent: Any) -> None:
    client = new_client()
    response = password_step(client, parent)
    assert response["Location"] == "/sign-in/code/"
    page = client.get("/sign-in/code/")
    assert page.status_code == 200
    assert f"We have sent a 6-number code to <strong>{parent.email}</strong>" in text(page)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [parent.email]
    assert message.subject == django_settings.OTP_EMAIL_SUBJECT
    codes = re.findall(r"\b(\d{6})\b", message.body)
    assert len(codes) == 1

    response = client.post("/sign-in/code/", {"code": codes[0]})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert is_signed_in(client)


def test_a_wrong_emailed_code_is_refused(parent: Any) -> None:
    client = new_client()
    password_step(client, parent)
    client.get("/sign-in/code/")
    sent = re.findall(r"\b(\d{6})\b", mail.outbox[0].body)[0]
    wrong = "000000" if sent != "000000" else "111111"
    response = client.post("/sign-in/code/", {"code": wrong})
    assert response.status_code == 200
    assert BAD_CODE_MESSAGE in text(response)
    assert not is_signed_in(client)


# --- throttling -------------------------------------------------------------------------


def test_repeated_wrong_passwords_lock_the_account_even_with_the_right_one(
    settings: Any, parent: Any
) -> None:
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    client = new_client()
    for attempt in range(1, 5):
        response = password_step(client, parent, WRONG_PASSWORD)
        assert response.status_code == 200, attempt
        assert BAD_PASSWORD_MESSAGE in text(response)

    fifth = password_step(client, parent, WRONG_PASSWORD)
    assert fifth.status_code == 429

    sixth = password_step(client, parent)  # the right password, too late
    assert sixth.status_code == 429
    assert "You have tried to sign in too many times" in text(sixth)
    assert "_auth_user_id" not in client.session

    # Only this account from this address is locked: someone else can still sign in.
    other = UserFactory(role=Role.PARENT)
    response = password_step(new_client(), other)
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/code/"


# --- signing out --------------------------------------------------------------------------


def test_sign_out_is_post_only(coordinator: Any) -> None:
    client = sign_in(new_client(), coordinator)
    assert client.get("/sign-out/").status_code == 405
    assert is_signed_in(client)

    response = client.post("/sign-out/")

    assert response.status_code == 302
    assert response["Location"] == "/sign-in/signed-out/"
    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"] == "/sign-in/"
    event = AuditEvent.objects.get(action=AuditAction.SIGN_OUT)
    assert event.user_id == coordinator.pk


def csrf_token_in(response: Any) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text(response))
    assert found, "the page's forms carry a CSRF token"
    return found.group(1)


def test_forms_carry_a_working_csrf_token(coordinator: Any) -> None:
    client = new_client(enforce_csrf_checks=True)
    refused = client.post("/sign-in/", {"email": coordinator.email, "password": PASSWORD})
    assert refused.status_code == 403
    page = client.get("/sign-in/")
    response = client.post(
        "/sign-in/",
        {"email": coordinator.email, "password": PASSWORD, "csrfmiddlewaretoken": csrf_token_in(page)},
    )
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/code/"


def test_sign_out_needs_the_csrf_token_from_the_page(coordinator: Any) -> None:
    client = sign_in(new_client(enforce_csrf_checks=True), coordinator)
    assert client.post("/sign-out/").status_code == 403
    assert is_signed_in(client)
    home = client.get("/")
    response = client.post("/sign-out/", {"csrfmiddlewaretoken": csrf_token_in(home)})
    assert response.status_code == 302
    assert not is_signed_in(client)


# --- security headers and cookies ---------------------------------------------------------


def test_pages_carry_a_nonce_based_content_security_policy() -> None:
    response = new_client().get("/sign-in/")
    policy = response["Content-Security-Policy"]
    directives = dict((part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip())
    script_src = directives["script-src"]
    assert "'self'" in script_src
    nonces = [s for s in script_src if s.startswith("'nonce-")]
    assert len(nonces) == 1
    nonce = nonces[0][len("'nonce-") : -1]
    assert len(nonce) >= 16
    assert "'unsafe-inline'" not in script_src
    # GOV.UK Frontend's inline script carries the same nonce.
    assert f'nonce="{nonce}"' in text(response)
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    # A new nonce on every response.
    again = new_client().get("/sign-in/")["Content-Security-Policy"]
    assert nonces[0] not in again


def test_other_security_headers() -> None:
    response = new_client().get("/sign-in/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_session_and_csrf_cookies_are_http_only(coordinator: Any) -> None:
    client = new_client()
    page = client.get("/sign-in/")
    assert page.cookies["csrftoken"]["httponly"] is True
    response = password_step(client, coordinator)
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
