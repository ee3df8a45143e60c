"""Messages sent to people: one row per message, written before it is sent.

The row is the outbox and the record of what was said. Its ``key`` names the event the
message is about (for example ``advice-late:42:2026-03-26:u7``), and is unique, so a
reminder run that is repeated, or two runs that overlap, can never send the same message
twice: the second insert fails and nothing is sent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Notification(models.Model):
    """One email to one person: what it said, to whom, about which child, and when it went."""

    key = models.CharField(
        max_length=200, unique=True, help_text="Names the event, so each message is sent once."
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    email = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    # A plain integer, as in the audit trail: the record of a message outlives the child's
    # record and never blocks its deletion.
    child_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self) -> str:
        return self.key
