"""Refusing a record the way the whole service does: as if it did not exist."""

from __future__ import annotations

from typing import Any, NoReturn

from django.db.models import Model
from django.http import Http404, HttpRequest

from sendpath.audit.services import record_refused


def refuse_as_not_found(request: HttpRequest, found: tuple[int, int] | None) -> NoReturn:
    """404, as if the record did not exist, so nobody learns that a child is known to the
    service. If it does exist (``found`` is its child's id and local authority), the refused
    attempt is kept in the audit trail for managers to review."""
    if found:
        record_refused(request, found[0], found[1], f"Refused: {request.path}")
    raise Http404("No such record")


def owner_of(model: type[Model], pk: int, child: str = "child_id", area: str = "local_authority_id") -> Any:
    """(child id, local authority id) of any record, whoever asks, for recording a refused
    attempt only; never shown to the person refused."""
    return model._default_manager.filter(pk=pk).values_list(child, area).first()


def refuse_unseen(
    request: HttpRequest,
    model: type[Model],
    pk: int,
    child: str = "child_id",
    area: str = "local_authority_id",
) -> NoReturn:
    """``refuse_as_not_found`` for a record the user's scoped selector did not return."""
    refuse_as_not_found(request, owner_of(model, pk, child, area))
