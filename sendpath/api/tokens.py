"""Making, finding and revoking API tokens.

A council token reads what a data officer reads; a school's token reads what its SENCO
reads. The token's service account cannot sign in to the pages: it has no usable password
and is marked inactive for the web (the API checks the token, not the account's password).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from sendpath.accounts.models import User
from sendpath.accounts.roles import Role
from sendpath.api.models import ApiToken
from sendpath.audit.models import AuditAction
from sendpath.audit.services import record
from sendpath.common.errors import DomainError, NotAllowed

# Who may make tokens, and for which organisation.
LA_TOKEN_MAKERS = frozenset({Role.MANAGER, Role.DATA_OFFICER})
SETTING_TOKEN_MAKERS = frozenset({Role.SENCO})
TOKEN_MAKERS = LA_TOKEN_MAKERS | SETTING_TOKEN_MAKERS
SCHEME = "spt_"  # so a leaked token is recognisable by secret scanners


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once, never stored


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def tokens_for(user: Any) -> QuerySet[ApiToken]:
    """The tokens this person's organisation holds (a SENCO: their setting's; council: the council's)."""
    tokens = ApiToken.objects.select_related("setting", "created_by", "local_authority")
    if user.role in SETTING_TOKEN_MAKERS:
        return tokens.filter(setting_id=user.setting_id)
    if user.role in LA_TOKEN_MAKERS:
        return tokens.filter(local_authority_id=user.local_authority_id, setting__isnull=True)
    return tokens.none()


@transaction.atomic
def issue_token(user: User, name: str, request: Any = None) -> NewToken:
    """Make a token for the user's organisation; the secret is returned once."""
    if user.role not in TOKEN_MAKERS:
        raise NotAllowed("Your role cannot make API tokens.")
    name = (name or "").strip()
    if not name:
        raise DomainError("Enter what the token is for", field="name")
    if len(name) > 80:
        raise DomainError("What the token is for must be 80 characters or fewer", field="name")
    secret = SCHEME + secrets.token_urlsafe(32)
    prefix = secret[len(SCHEME) : len(SCHEME) + 8]
    at_setting = user.role in SETTING_TOKEN_MAKERS
    if at_setting:
        setting = user.setting
        local_authority = setting.local_authority
        role = Role.SENCO
    else:
        setting = None
        local_authority = user.local_authority
        role = Role.DATA_OFFICER
    account = User.objects.create_user(
        email=f"api-{prefix.lower()}-{secrets.token_hex(4)}@tokens.sendpath.invalid",
        full_name=f"API token: {name}",
        role=role,
        local_authority=local_authority if not at_setting else None,
        setting=setting,
    )
    account.set_unusable_password()
    account.save(update_fields=["password"])
    token = ApiToken.objects.create(
        name=name,
        local_authority=local_authority,
        setting=setting,
        account=account,
        prefix=prefix,
        key_hash=digest(secret),
        created_by=user,
    )
    record(
        user=user,
        action=AuditAction.CREATE,
        obj=token,
        summary=f"API token made: {name}",
        local_authority_id=local_authority.pk,
        request=request,
    )
    return NewToken(token, secret)


@transaction.atomic
def revoke_token(user: User, token_id: int, request: Any = None) -> ApiToken:
    """Stop a token working at once. Its history stays, for the audit trail."""
    # Lock the token row only: PostgreSQL will not lock the nullable side of a join.
    token = tokens_for(user).select_for_update(of=("self",)).filter(pk=token_id).first()
    if token is None:
        raise NotAllowed("That token is not your organisation's.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = user
        token.save(update_fields=["revoked_at", "revoked_by"])
        record(
            user=user,
            action=AuditAction.UPDATE,
            obj=token,
            summary=f"API token revoked: {token.name}",
            local_authority_id=token.local_authority_id,
            request=request,
        )
    return token


def token_account(secret: str) -> User | None:
    """The service account behind a live token, or None. Notes when it was last used."""
    if not secret or not secret.startswith(SCHEME) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("account", "account__setting", "account__local_authority")
        .filter(key_hash=digest(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.account.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.account
