"""Reading the audit trail. Only SEND team managers may; reading it is itself audited."""

from __future__ import annotations

from django.db.models import QuerySet

from sendpath.audit.models import AuditEvent


def events_for_child(child_id: int, limit: int = 500) -> QuerySet[AuditEvent]:
    """The newest events about one child: every opening and every change of the record.

    Lists that merely named the child are kept as one event per list (with the ids in
    ``changes``) and are not repeated here, so the trail stays readable.
    """
    return AuditEvent.objects.filter(child_id=child_id).select_related("user")[:limit]
