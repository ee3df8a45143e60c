"""Value for money for SEND managers and finance officers (and, through them, the advisory
group): cost per outcome and progress against outcomes, per type of provision and setting."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sendpath.accounts.decorators import roles_only
from sendpath.accounts.roles import Role
from sendpath.funding import public_data
from sendpath.funding.public_tables import fy_label, rule
from sendpath.funding.value_for_money import ValueForMoney, value_for_money

VFM_ROLES = (Role.MANAGER, Role.FINANCE)


def _report(request: HttpRequest) -> tuple[ValueForMoney | None, list[int]]:
    la_id = request.user.local_authority_id  # type: ignore[union-attr]
    years = public_data.years_with_ledger(la_id)
    if not years:
        return None, years
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and int(raw) in years else years[0]
    return value_for_money(la_id, year, rule(), fy_label(year)), years


@require_GET
@roles_only(VFM_ROLES)
def value_for_money_view(request: HttpRequest) -> HttpResponse:
    report, years = _report(request)
    return render(
        request,
        "funding/public/value_for_money.html",
        {"report": report, "years": [(y, fy_label(y)) for y in years]},
    )


@require_GET
@roles_only(VFM_ROLES)
def value_for_money_csv(request: HttpRequest, table: str) -> HttpResponse:
    report, _ = _report(request)
    if report is None or table not in report.tables:
        raise Http404("No such table")
    response = HttpResponse(report.publication[table].csv_text(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="value-for-money-{report.label}-{table}.csv"'
    return response
