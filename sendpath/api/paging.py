"""Paging for list endpoints: out-of-range values are brought into range, not refused,
so a client's off-by-one never turns into an error page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

MAX_LIMIT = 200


def page(items: QuerySet[Any], limit: int, offset: int) -> list[Any]:
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, min(offset, 1_000_000))
    return list(items[offset : offset + limit])
