"""Changing performance targets: validated, refused when stale, audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from sendpath.audit.models import AuditAction
from sendpath.audit.services import record
from sendpath.common.concurrency import changed_by
from sendpath.common.errors import DomainError, StaleRecord
from sendpath.figures.models import (
    DEFAULT_BASELINE,
    DEFAULT_DUE,
    DEFAULTS,
    LEICESTER_SOURCE,
    Metric,
    PerformanceTarget,
    TargetKind,
)
from sendpath.organisations.models import LocalAuthority


def ensure_targets(local_authority: LocalAuthority | int) -> list[PerformanceTarget]:
    """The authority's targets, creating the defaults (funding.md 6.3) the first time."""
    la_id = local_authority if isinstance(local_authority, int) else local_authority.pk
    existing = {t.metric: t for t in PerformanceTarget.objects.filter(local_authority_id=la_id)}
    for metric in Metric.values:
        if metric not in existing:
            existing[metric], _ = PerformanceTarget.objects.get_or_create(
                local_authority_id=la_id,
                metric=metric,
                defaults={
                    **DEFAULTS[metric],
                    "baseline_label": DEFAULT_BASELINE.label,
                    "baseline_start": DEFAULT_BASELINE.start,
                    "baseline_end": DEFAULT_BASELINE.end,
                    "kind": TargetKind.RELATIVE,
                    "due_on": DEFAULT_DUE,
                    "source": LEICESTER_SOURCE,
                },
            )
    return [existing[m] for m in Metric.values]


def _decimal(value: Any, field: str, label: str, errors: dict[str, str], *, optional: bool = False) -> Any:
    text = str(value or "").strip().rstrip("%")
    if not text:
        if not optional:
            errors[field] = f"Enter {label}"
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        errors[field] = f"{label[0].upper()}{label[1:]} must be a number, like 15 or 51.5"
        return None
    if not Decimal("0") <= number <= Decimal("100"):
        errors[field] = f"{label[0].upper()}{label[1:]} must be between 0 and 100"
        return None
    return number.quantize(Decimal("0.1"))


def update_target(
    *, user: Any, target: PerformanceTarget, version: int, data: dict[str, Any]
) -> PerformanceTarget:
    """Change a target. Every problem is reported at once; a stale version is refused with who
    changed it and when, so the manager's input is kept and nothing is overwritten."""
    errors: dict[str, str] = {}
    name = str(data.get("name", "")).strip()
    if not name:
        errors["name"] = "Enter the name of the ambition"
    baseline_label = str(data.get("baseline_label", "")).strip()
    if not baseline_label:
        errors["baseline_label"] = 'Enter the baseline period\'s name, for example "2024-25"'
    dates: dict[str, dt.date | None] = {}
    for field, label in (
        ("baseline_start", "the first day of the baseline period"),
        ("baseline_end", "the last day of the baseline period"),
        ("due_on", "the date the target is due"),
    ):
        value = data.get(field)
        if isinstance(value, dt.date):
            dates[field] = value
            continue
        try:
            dates[field] = dt.date.fromisoformat(str(value or "").strip())
        except ValueError:
            errors[field] = f"Enter {label} as a real date, like 2024-04-01"
            dates[field] = None
    start, end = dates["baseline_start"], dates["baseline_end"]
    if start and end and end < start:
        errors["baseline_end"] = "The baseline period must end on or after the day it starts"
    baseline = _decimal(data.get("baseline_value"), "baseline_value", "the baseline", errors, optional=True)
    change = _decimal(data.get("change"), "change", "how much better", errors)
    kind = str(data.get("kind", ""))
    if kind not in TargetKind.values:
        errors["kind"] = "Choose whether the improvement is relative or in percentage points"
    source = str(data.get("source", "")).strip()[:300]
    if errors:
        raise DomainError("There is a problem", errors=errors)
    with transaction.atomic():
        current = PerformanceTarget.objects.select_for_update().get(pk=target.pk)
        if current.version != version:
            raise StaleRecord(
                f"This target was changed by {changed_by(current)} after you opened it. "
                "Check the figures below and save again.",
                current.version,
            )
        before = {
            f: str(getattr(current, f))
            for f in ("name", "baseline_label", "baseline_value", "kind", "change", "due_on")
        }
        current.name, current.baseline_label = name, baseline_label
        current.baseline_start, current.baseline_end, current.due_on = start, end, dates["due_on"]
        current.baseline_value, current.change, current.kind, current.source = baseline, change, kind, source
        current.version += 1
        current.updated_at, current.updated_by = timezone.now(), user
        current.save()
        after = {f: str(getattr(current, f)) for f in before}
        record(
            user=user,
            action=AuditAction.UPDATE,
            obj=current,
            local_authority_id=current.local_authority_id,
            summary=f"Changed the performance target {current.metric}",
            changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
        )
    return current
