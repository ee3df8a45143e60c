"""Reading placements, scoped by local authority."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q

from sendpath.funding.models import Placement
from sendpath.organisations.models import SettingKind


def current_placements(local_authority_id: int, today: dt.date) -> Any:
    """Placements running today under the LA's active plans."""
    return Placement.objects.filter(
        Q(end_on__isnull=True) | Q(end_on__gte=today),
        plan__local_authority_id=local_authority_id,
        start_on__lte=today,
    )


def placements_by_setting_kind(local_authority_id: int, today: dt.date) -> list[dict[str, Any]]:
    """How many children are placed in each type of setting today."""
    rows = (
        current_placements(local_authority_id, today)
        .values("setting__kind")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    return [{"kind": SettingKind(r["setting__kind"]).label, "n": r["n"]} for r in rows]
