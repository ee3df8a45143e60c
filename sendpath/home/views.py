"""Home pages by role, and the service's public information pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sendpath.accounts.decorators import signed_in
from sendpath.audit.services import record_child_list
from sendpath.home.dashboards import DASHBOARDS


def home(request: HttpRequest) -> HttpResponse:
    """Signed out: the sign-in page. Signed in: what this person has to do now."""
    if not request.user.is_authenticated:
        return redirect("accounts:sign_in")
    return _dashboard(request)


@signed_in
def _dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    board = DASHBOARDS[user.role](user, timezone.localdate())  # type: ignore[index,arg-type]
    record_child_list(request, board.child_ids, f"Home page ({user.role})")  # type: ignore[union-attr]
    return render(request, board.template, board.context)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "home/accessibility.html")


def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "home/cookies.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "home/privacy.html")


def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: the process is up and the database answers."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)
