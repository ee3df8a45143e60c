"""Refusing a record the way the whole service does: as if it did not exist."""

from __future__ import annotations

from typing import NoReturn

from django.http import Http404, HttpRequest

from sendpath.audit.services import record_refused


def refuse_as_not_found(request: HttpRequest, found: tuple[int, int] | None) -> NoReturn:
    """404, as if the record did not exist, so nobody learns that a child is known to the
    service. If it does exist (``found`` is its child's id and local authority), the refused
    attempt is kept in the audit trail for managers to review."""
    if found:
        record_refused(request, found[0], found[1], f"Refused: {request.path}")
    raise Http404("No such record")
