"""Saying who changed a record, and when, when someone else's save gets there first
(optimistic concurrency: every stale save in the service is refused with these words)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone


def changed_by(record: Any) -> str:
    """ "Manny Ager on 20 March 2026 at 10:15", from a record's ``updated_by`` and ``updated_at``."""
    who = record.updated_by.full_name if record.updated_by_id else "someone else"
    if not record.updated_at:
        return who
    return f"{who} on {timezone.localtime(record.updated_at).strftime('%-d %B %Y at %H:%M')}"
