"""Domain errors: raised by services with a message a person can act on."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the service was broken. ``message`` is shown to the user as it is."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class StaleRecord(DomainError):
    """Someone else saved the record after this form was opened (optimistic concurrency)."""


class NotAllowed(DomainError):
    """The user may not do this to this record."""
