"""Who is calling the API: a person's verified session, or an organisation's token.

Either way ``request.user`` ends up as an account whose role and organisation the
selectors already understand, so the API cannot see more than the pages do.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from sendpath.api.tokens import token_account


class VerifiedSession(SessionAuth):
    """A session that has passed both sign-in factors."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user and user.is_active and user.is_verified():
            return user
        return None


class OrganisationToken(HttpBearer):
    """``Authorization: Bearer spt_…``: a token an organisation made for another system.

    The token is itself the strong factor (256 random bits, stored only as a hash), so the
    service account counts as verified for the length of this one request.
    """

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        account = token_account(token)
        if account is None:
            return None
        account.otp_device = None  # type: ignore[attr-defined]
        account.is_verified = lambda: True  # type: ignore[method-assign]
        request.user = account
        return account
