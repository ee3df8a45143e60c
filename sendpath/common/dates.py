"""Checking a date a person enters for a step that has happened."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from sendpath.common.errors import DomainError


def long_date(day: dt.date) -> str:
    """3 March 2026."""
    return f"{day.day} {day:%B %Y}"


def check_past_date(
    on: dt.date | None, what: str, *, after: Iterable[tuple[dt.date | None, str]] = (), field: str = "on"
) -> dt.date:
    """A date that is given, not in the future, and not before the steps it follows, each
    refusal saying which step, e.g. "The date of the decision must be on or after the date
    the request was received (5 January 2026)"."""
    if on is None:
        raise DomainError(f"Enter the date {what}", field=field)
    if on > timezone.localdate():
        raise DomainError(f"The date {what} must be today or in the past", field=field)
    for earlier, label in after:
        if earlier is not None and on < earlier:
            raise DomainError(
                f"The date {what} must be on or after {label} ({long_date(earlier)})", field=field
            )
    return on
