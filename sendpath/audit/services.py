"""Writing to the audit trail. Services and views call ``record``; nothing else writes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.http import HttpRequest

from sendpath.audit.models import AuditAction, AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    """The caller's address. Behind a proxy, set the proxy to pass REMOTE_ADDR correctly."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    *,
    user: Any,
    action: AuditAction | str,
    obj: Any = None,
    object_type: str = "",
    object_id: str | int = "",
    child_id: int | None = None,
    local_authority_id: int | None = None,
    summary: str = "",
    changes: Mapping[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Record one event. Names are never put in ``summary``: logs hold no names."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return AuditEvent.objects.create(
        user=user if authenticated else None,
        user_email=user.email if authenticated else "",
        role=getattr(user, "role", "") if authenticated else "",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        child_id=child_id,
        local_authority_id=local_authority_id,
        summary=summary[:200],
        changes=dict(changes or {}),
        ip_address=client_ip(request),
        path=request.get_full_path()[:300] if request is not None else "",
    )


def record_child_read(request: HttpRequest, child: Any, what: str, obj: Any = None) -> AuditEvent:
    """A person opened a page that shows this child's record."""
    return record(
        user=request.user,
        action=AuditAction.VIEW,
        obj=obj if obj is not None else child,
        child_id=child.pk,
        local_authority_id=child.local_authority_id,
        summary=what,
        request=request,
    )


def record_child_list(request: HttpRequest, child_ids: Iterable[int], what: str) -> AuditEvent | None:
    """A person saw a list naming these children. One row for the whole list."""
    ids = sorted(set(child_ids))
    if not ids:
        return None
    return record(
        user=request.user,
        action=AuditAction.LIST,
        object_type="people.child",
        summary=what,
        changes={"child_ids": ids},
        request=request,
    )


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """What changed, as {field: [old, new]}, for the audit trail."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def record_refused(request: HttpRequest, child_id: int, local_authority_id: int, what: str) -> AuditEvent:
    """Someone asked for a child's record they may not see. They get 'not found'; the
    attempt is kept so a manager can spot people looking where they should not."""
    return record(
        user=request.user,
        action=AuditAction.REFUSED,
        object_type="people.child",
        object_id=child_id,
        child_id=child_id,
        local_authority_id=local_authority_id,
        summary=what,
        request=request,
    )
