"""Changing children's records: validation, optimistic concurrency and audit in one place."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from sendpath.audit.models import AuditAction
from sendpath.audit.services import diff, record
from sendpath.common.concurrency import changed_by
from sendpath.common.errors import DomainError, NotAllowed, StaleRecord
from sendpath.law.identifiers import (
    InvalidIdentifier,
    validate_nhs_number,
    validate_postcode,
    validate_uln,
    validate_upn,
)
from sendpath.people.models import Child
from sendpath.people.rules import edits_child

EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "sex",
    "ethnicity",
    "postcode",
    "upn",
    "uln",
    "upn_unknown",
    "nhs_number",
)
VALIDATORS = {
    "upn": validate_upn,
    "uln": validate_uln,
    "nhs_number": validate_nhs_number,
    "postcode": validate_postcode,
}


def clean_identifiers(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Normalise the identifiers in ``data``; return the cleaned data and any errors by field.

    Every identifier is checked (not just the first bad one) so the person sees all the
    problems at once. SEN2 requires a reason whenever neither UPN nor ULN is known.
    """
    cleaned = dict(data)
    errors: dict[str, str] = {}
    for name, validate in VALIDATORS.items():
        value = (cleaned.get(name) or "").strip()
        if not value:
            cleaned[name] = ""
            continue
        try:
            cleaned[name] = validate(value)
        except InvalidIdentifier as exc:
            errors[name] = str(exc)
    if "upn" in cleaned and not cleaned.get("upn") and not cleaned.get("uln"):
        if not cleaned.get("upn_unknown") and "upn" not in errors and "uln" not in errors:
            errors["upn_unknown"] = "Select why the UPN and ULN are not known, or enter the UPN or ULN"
    elif cleaned.get("upn") or cleaned.get("uln"):
        cleaned["upn_unknown"] = ""
    return cleaned, errors


def check_date_of_birth(date_of_birth: dt.date | None, today: dt.date | None = None) -> None:
    """A child or young person known to SEND services is aged 0 to 25."""
    today = today or timezone.localdate()
    if date_of_birth is None:
        raise DomainError("Enter the date of birth", field="date_of_birth")
    if date_of_birth > today:
        raise DomainError("The date of birth must be today or in the past", field="date_of_birth")
    if today.year - date_of_birth.year > 26:
        raise DomainError(
            "The date of birth must be within the last 26 years: plans end at 25",
            field="date_of_birth",
        )


def update_child(
    *,
    user: Any,
    child: Child,
    expected_version: int,
    data: dict[str, Any],
    request: HttpRequest | None = None,
) -> Child:
    """Save changes to a child's core record.

    Refuses the change, keeping nothing, when someone else saved the record after the
    form was opened: the caller shows who and when, and keeps the user's input.
    """
    if not edits_child(user, child):
        raise NotAllowed("You cannot change this child's record.")
    cleaned, errors = clean_identifiers(data)
    try:
        check_date_of_birth(data.get("date_of_birth"))
    except DomainError as exc:
        errors = {"date_of_birth": exc.message, **errors}
    if errors:
        field, message = next(iter(errors.items()))
        raise DomainError(message, field=field, errors=errors)
    changes = {k: cleaned[k] for k in EDITABLE_FIELDS if k in cleaned}
    before = {k: _plain(getattr(child, k)) for k in changes}
    with transaction.atomic():
        updated = Child.objects.filter(pk=child.pk, version=expected_version).update(
            **changes, version=F("version") + 1, updated_by=user, updated_at=timezone.now()
        )
        if not updated:
            current = Child.objects.select_related("updated_by").get(pk=child.pk)
            by = changed_by(current)
            raise StaleRecord(
                f"This record was changed by {by}, after you opened it. "
                "Your changes have not been saved. Check the record, then save again.",
                current_version=current.version,
            )
        child.refresh_from_db()
        record(
            user=user,
            action=AuditAction.UPDATE,
            obj=child,
            child_id=child.pk,
            local_authority_id=child.local_authority_id,
            summary="Changed the child's details",
            changes=diff(before, {k: _plain(v) for k, v in changes.items()}),
            request=request,
        )
    return child


def _plain(value: Any) -> Any:
    """JSON-safe values for the audit trail."""
    return value.isoformat() if isinstance(value, dt.date) else value
