"""The audit trail: one append-only table of every read and change of a child's record.

Rows are never updated or deleted by the application: ``save`` refuses an existing row
and the queryset refuses bulk updates and deletes. Retention and archiving are done by the
database administrator, outside the service.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    VIEW = "view", "Viewed"
    LIST = "list", "Listed"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"
    EXPORT = "export", "Exported"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_OUT = "sign_out", "Signed out"
    REFUSED = "refused", "Was refused"


class AppendOnly(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The audit trail is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit trail is append-only.")


class AuditEvent(models.Model):
    """Who did what to which record, when, from where, and what changed."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        # Deleting an account must not rewrite its history: no cascade, no SET_NULL.
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    user_email = models.CharField(max_length=254, blank=True)
    role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=8, choices=AuditAction.choices)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40, blank=True)
    # The child this event concerns; a plain integer column, not a foreign key, so the
    # trail outlives the record and never blocks a deletion.
    child_id = models.BigIntegerField(null=True, blank=True)
    local_authority_id = models.BigIntegerField(null=True, blank=True)
    summary = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=300, blank=True)

    objects = AppendOnly.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["child_id", "at"]),
            models.Index(fields=["user", "at"]),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit trail is append-only.")
