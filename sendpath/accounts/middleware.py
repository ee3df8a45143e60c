"""Second factor enforcement: a signed-in person who has not yet given their second
factor can reach only the sign-in steps and the public pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

OPEN_PREFIXES = (
    "/sign-in",
    "/sign-out",
    "/static/",
    "/accessibility",
    "/cookies",
    "/privacy",
    "/healthz",
)


class RequireSecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr]
            and not request.path.startswith(OPEN_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return HttpResponse(status=401)
            return redirect("accounts:second_factor")
        return self.get_response(request)
