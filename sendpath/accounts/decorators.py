"""View guards. Every page that is not public is wrapped in ``signed_in``; role checks
sit on top with ``roles_only``. Object-level checks happen in the selectors."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

View = Callable[..., HttpResponse]


def signed_in(view: View) -> View:
    """Signed in with password and second factor, and the account is active."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or not user.is_active:
            return redirect(f"/sign-in/?next={request.path}")
        if not user.is_verified():  # type: ignore[union-attr]
            return redirect("accounts:second_factor")
        return view(request, *args, **kwargs)

    return wrapper


def roles_only(roles: Iterable[str]) -> Callable[[View], View]:
    """Allow only these roles; anyone else gets 403."""
    allowed = frozenset(str(r) for r in roles)

    def decorate(view: View) -> View:
        @signed_in
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.user.role not in allowed:  # type: ignore[union-attr]
                raise PermissionDenied("Your role cannot use this page.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
