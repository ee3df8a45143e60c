"""Reads for the figures: DfE's figures for a year, shaped for JSON, pages and the API.

``figures_for_year`` is the one public entry point the command, the API and the pages use,
so the same numbers appear everywhere. It returns unsuppressed figures: it is for council
staff with the right to exact numbers (managers, data officers, the API's council tokens).
Anything a councillor or the public sees passes through ``sendpath.figures.public`` first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from sendpath.figures import arithmetic as ar
from sendpath.figures import definitions as d
from sendpath.figures import published
from sendpath.figures.models import PerformanceTarget
from sendpath.organisations.models import LocalAuthority


def _ours(value: Any) -> Any:
    if isinstance(value, ar.Rate):
        return value.as_dict()
    if isinstance(value, int):
        return {"count": value}
    return value


def figures_for_year(
    local_authority: LocalAuthority, year: int, today: dt.date | None = None
) -> dict[str, Any]:
    """DfE's figures for calendar year ``year``, computed from our records, with England's and
    the authority's published figures beside each. JSON-serialisable.

    Shape::

        {"local_authority": {"code", "name", "published_name"},
         "year": 2025, "period": {"start", "end"}, "census_day": "2026-01-15",
         "publication": "...", "symbols": {"x": "not available"},
         "figures": {id: {"title", "kind", "definition", "dfe_measure", "note",
                          "ours": {...}, "england": {...}, "authority": {...}}}}

    A rate's values are ``{"numerator", "denominator", "percentage"}``; a count's
    ``{"count"}``; an average's ``{"weeks", "count"}``; a breakdown's
    ``{"rows": [{"key", "label", "count"}], "total"}``. Published values carry ``year`` (the
    year DfE published them for) and ``available``; missing ones are ``"x"``.
    """
    today = today or timezone.localdate()
    period = ar.Period.calendar_year(year)
    census = ar.census_day(year + 1)
    ours = d.compute(local_authority.pk, period, census, today)
    england = published.published_figures(None, year)
    own = published.published_figures(local_authority.code, year)
    return {
        "local_authority": {
            "code": local_authority.code,
            "name": local_authority.name,
            "published_name": published.authority_name(local_authority.code),
        },
        "year": year,
        "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
        "census_day": census.isoformat(),
        "publication": d.PUBLICATION,
        "data_available": published.data_dir() is not None,
        "symbols": {"x": "not available"},
        "figures": {
            fid: {
                "title": figure.title,
                "kind": figure.kind,
                "definition": figure.definition,
                "dfe_measure": figure.citation,
                "note": figure.note,
                "ours": _ours(ours[fid]),
                "england": england[fid],
                "authority": own[fid],
            }
            for fid, figure in d.FIGURES.items()
        },
    }


def scrutiny_page(user: Any, today: dt.date, *, public: bool) -> dict[str, Any]:
    """The scrutiny dashboard for the user's own authority. ``public`` (always true for a
    councillor; the views decide) publishes every table through the suppression rule."""
    from sendpath.figures import dashboard

    la_id = user.local_authority_id
    if la_id is None:
        raise PermissionError("Only members of a local authority see its figures.")
    raw = dashboard.collect(la_id, today)
    publication = dashboard.public(raw) if public else dashboard.exact(raw)
    return {
        "today": today,
        "period": raw.period,
        "targets": raw.targets,
        "sections": dashboard.sections(raw, publication),
        "footnotes": publication.rule.footnotes(),
        "symbols": sorted(publication.symbols()),
    }


def target_for(user: Any, pk: int) -> PerformanceTarget | None:
    """One of the user's own authority's targets, or None."""
    if user.local_authority_id is None:
        return None
    return PerformanceTarget.objects.filter(local_authority_id=user.local_authority_id, pk=pk).first()
