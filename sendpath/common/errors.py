"""Domain errors: raised by services with a message a person can act on."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the service was broken. ``message`` is shown to the user as it is."""

    def __init__(self, message: str, field: str | None = None, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        # Every problem found, by field, so a form can show them all at once.
        self.errors = errors or ({field: message} if field else {})


class StaleRecord(DomainError):
    """Someone else saved the record after this form was opened (optimistic concurrency).

    ``current_version`` lets the form offer the user's input again against the record as
    it now is, so a deliberate second save can succeed.
    """

    def __init__(self, message: str, current_version: int) -> None:
        super().__init__(message)
        self.current_version = current_version


class NotAllowed(DomainError):
    """The user may not do this to this record."""
