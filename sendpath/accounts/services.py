"""Accounts and the second factor.

Staff (council, settings, councillors, administrators) use an authenticator app (TOTP).
Families and professionals receive a code by email, because they sign in rarely and from
their own devices; the code is throttled by django-otp's back-off and expires in 10 minutes.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendpath.accounts.models import User
from sendpath.accounts.roles import (
    FAMILY_ROLES,
    LA_MEMBER_ROLES,
    SERVICE_ROLES,
    SETTING_ROLES,
    Role,
)
from sendpath.common.errors import DomainError


def create_account(
    *,
    email: str,
    full_name: str,
    role: str,
    password: str | None = None,
    local_authority: Any = None,
    setting: Any = None,
    service: Any = None,
    totp_key: str | None = None,
) -> User:
    """Create an account in the right organisation, with its second-factor device.

    The organisation must fit the role, so that nobody holds a role without the
    membership that scopes what they see.
    """
    role = Role(role)
    if role in LA_MEMBER_ROLES and local_authority is None:
        raise DomainError("Council staff and councillors must belong to a local authority")
    if role in SETTING_ROLES and setting is None:
        raise DomainError("SENCOs and teachers must belong to a setting")
    if role in SERVICE_ROLES and service is None:
        raise DomainError("Professionals must belong to a service")
    if role in FAMILY_ROLES and (setting or service):
        raise DomainError("Families do not belong to a setting or service")
    with transaction.atomic():
        user = User.objects.create_user(
            email=email,
            password=password,
            full_name=full_name,
            role=role,
            local_authority=local_authority,
            setting=setting,
            service=service,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        if user.uses_email_code:
            EmailDevice.objects.create(user=user, name="Email", confirmed=True)
        elif totp_key:
            TOTPDevice.objects.create(user=user, name="Authenticator app", key=totp_key, confirmed=True)
    return user


def email_device(user: User) -> EmailDevice:
    """The email device that sends this person their sign-in codes."""
    device, _ = EmailDevice.objects.get_or_create(user=user, defaults={"name": "Email", "confirmed": True})
    return device


def authenticator(user: User) -> TOTPDevice | None:
    """The confirmed authenticator app for a member of staff, if they have set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_authenticator(user: User, device_id: int | None) -> TOTPDevice:
    """The authenticator being set up (unconfirmed until the first code is accepted)."""
    if device_id:
        device = TOTPDevice.objects.filter(user=user, pk=device_id, confirmed=False).first()
        if device:
            return device
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def confirm_authenticator(device: TOTPDevice, code: str) -> bool:
    """Confirm a new authenticator once it produces a correct code."""
    if not device.verify_token(code):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return True
