"""The public High Needs Block summary: no sign-in, one page per council and financial year,
every table also as CSV and the whole page as JSON.

Views are thin: every figure comes from ``public_tables.public_summary``, which has already
been through the suppression service; nothing here reads the ledger.
"""

from __future__ import annotations

import json
import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sendpath.funding import public_data
from sendpath.funding.public_tables import PublicSummary, fy_label, public_summary

YEAR = re.compile(r"^(\d{4})-(\d{2})$")


def _year(slug: str) -> int:
    """'2025-26' → 2025; anything else is not a page."""
    m = YEAR.match(slug)
    if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        raise Http404("No such financial year")
    return int(m.group(1))


def _summary(la_code: str, year_slug: str) -> tuple[PublicSummary, list[int]]:
    la = public_data.authority_by_code(la_code)
    if la is None:
        raise Http404("No such council")
    year = _year(year_slug)
    years = public_data.years_with_ledger(la.pk)
    if year not in years:
        raise Http404("No published figures for that year")
    return public_summary(la, year), years


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Councils with published figures, and their years."""
    councils = [
        {"la": la, "years": [(y, fy_label(y)) for y in public_data.years_with_ledger(la.pk)]}
        for la in public_data.public_authorities()
    ]
    return render(request, "funding/public/index.html", {"councils": councils})


@require_GET
def summary(request: HttpRequest, la: str, year: str) -> HttpResponse:
    s, years = _summary(la, year)
    return render(
        request,
        "funding/public/summary.html",
        {
            "s": s,
            "years": [(y, fy_label(y)) for y in years],
            "sections": s.ordered(),
        },
    )


@require_GET
def table_csv(request: HttpRequest, la: str, year: str, table: str) -> HttpResponse:
    s, _ = _summary(la, year)
    section = s.sections.get(table)
    if section is None:
        raise Http404("No such table")
    response = HttpResponse(section.table.csv_text(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="high-needs-{s.la_code}-{s.label}-{table}.csv"'
    return response


@require_GET
def summary_json(request: HttpRequest, la: str, year: str) -> HttpResponse:
    s, _ = _summary(la, year)
    return HttpResponse(json.dumps(s.as_json(), indent=1), content_type="application/json")
