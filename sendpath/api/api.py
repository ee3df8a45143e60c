"""The JSON API, version 1 (/api/v1): read endpoints for children, cases and their clocks,
plans, reviews and the figures, with an OpenAPI document at /api/v1/openapi.json.

It uses the same selectors, permissions and audit as the pages. A caller is either a
person's verified session or an organisation's token (``Authorization: Bearer spt_…``);
a school's token sees only what the school's SENCO sees.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from sendpath.api.auth import OrganisationToken, VerifiedSession
from sendpath.api.endpoints import cases, children, figures, plans, reviews
from sendpath.common.errors import DomainError

api = NinjaAPI(
    title="sendpath API",
    version="1",
    description=(
        "Read access to a local area's SEND records for systems that work with them. "
        "Every call is checked against the caller's organisation and recorded in the audit trail."
    ),
    urls_namespace="api",
    auth=[OrganisationToken(), VerifiedSession()],
    docs_url="/docs",
)
for module in (children, cases, plans, reviews, figures):
    api.add_router("", module.router)


@api.exception_handler(DomainError)
def bad_request(request: HttpRequest, exc: DomainError) -> HttpResponse:
    """A request the service cannot answer as asked: say which parameter and why."""
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=422)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not allowed"}, status=403)
