"""The finance officer's pages: budget against actual, band tables, the ledger, a
placement's funding, and a child's costs.

Who may open what:
- finance officers of the LA change everything here; SEND managers may look (they get the
  same pages without the forms, and 403 on a form);
- everyone else gets 403 on the LA pages; a child's costs page is 404 to anyone who cannot
  see the child and 403 to those who can see the child but not its costs (coordinators,
  schools, professionals, families: a family must never read what another child costs,
  and costs are not part of casework).
Every page naming a child is an audited read; every change is audited by its service.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sendpath.accounts.decorators import roles_only, signed_in
from sendpath.accounts.roles import Role
from sendpath.audit.services import record_child_list, record_child_read
from sendpath.common.errors import DomainError, StaleRecord
from sendpath.common.forms import govuk_error_summary
from sendpath.common.http import owner_of, refuse_as_not_found, refuse_unseen
from sendpath.funding import selectors, services
from sendpath.funding.annualise import academic_year_of, financial_year_of, fy_label
from sendpath.funding.codes import Category, TopUpBasis
from sendpath.funding.forms import BandRateForm, BudgetForm, CostForm, EditBandRateForm, PlacementForm, pounds
from sendpath.funding.models import BandRate, BandScheme, Placement
from sendpath.funding.selectors import band_schemes
from sendpath.people.selectors import area_of_child, visible_children

VIEWERS = (Role.FINANCE, Role.MANAGER)
EDITORS = (Role.FINANCE,)


def gbp(pence: int | None, whole: bool = False) -> str:
    """Pence as money for a page: 123456 → '£1,234.56' ('£1,235' if ``whole``)."""
    if pence is None:
        return ""
    value = Decimal(pence) / 100
    sign = "−" if value < 0 else ""
    return f"{sign}£{abs(value):,.0f}" if whole else f"{sign}£{abs(value):,.2f}"


def _this_year() -> int:
    return financial_year_of(timezone.localdate())


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return _this_year()
    return year if 2000 <= year <= 2100 else _this_year()


def _years(la_id: int, year: int) -> list[dict[str, Any]]:
    years = sorted(set(selectors.financial_years(la_id)) | {_this_year(), year}, reverse=True)
    return [{"year": y, "label": fy_label(y), "current": y == year} for y in years]


def _ctx(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {"gbp": gbp, "fy_label": fy_label, "can_edit": request.user.role == Role.FINANCE, **extra}  # type: ignore[union-attr]


def _apply_errors(form: Any, exc: DomainError) -> None:
    for field, message in (exc.errors or {"__all__": exc.message}).items():
        form.add_error(field if field in form.fields else None, message)


def _show_stale(form: Any, exc: StaleRecord) -> None:
    """Say someone else changed the record, and carry its current version in the
    re-shown form so the next save is checked against what the user now sees."""
    form.add_error(None, exc.message)
    form.data = form.data.copy()
    form.data["version"] = str(exc.current_version)


# ---------------------------------------------------------------- budget against actual


@roles_only(VIEWERS)
def home(request: HttpRequest) -> HttpResponse:
    """Budget against actual for a financial year, per s251 line and category."""
    la_id = request.user.local_authority_id  # type: ignore[union-attr]
    year = _year(request)
    table = selectors.budget_against_actual(la_id, year)
    share = selectors.support_services_share(la_id, year)
    transport = sum(r["pence"] or 0 for r in selectors.transport_spend(la_id, year))
    return render(
        request,
        "funding/home.html",
        _ctx(
            request,
            year=year,
            years=_years(la_id, year),
            table=table,
            share=share,
            transport=transport,
            today=timezone.localdate(),
        ),
    )


@roles_only(EDITORS)
def budget_edit(request: HttpRequest, year: int) -> HttpResponse:
    """Set one budget line for the year. Opening it for a line that has a budget brings
    the amount and its version, so a second officer's save is detected."""
    la_id = request.user.local_authority_id  # type: ignore[union-attr]
    if not 2000 <= year <= 2100:
        raise Http404("No such year")
    if request.method == "POST":
        form = BudgetForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.set_budget(
                    user=request.user,
                    local_authority_id=la_id,
                    financial_year=year,
                    s251_line=data["s251_line"],
                    category=data["category"],
                    amount_pence=data["amount"],
                    expected_version=data["version"],
                    request=request,
                )
            except StaleRecord as exc:
                _show_stale(form, exc)
            except DomainError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, f"Budget saved for {fy_label(year)}.")
                return redirect(f"{_url('funding:home')}?year={year}")
    else:
        initial: dict[str, Any] = {
            "s251_line": request.GET.get("line", ""),
            "category": request.GET.get("category", ""),
        }
        existing = selectors.budget_line(la_id, year, initial["s251_line"], initial["category"])
        if existing:
            initial |= {"amount": pounds(existing.amount_pence), "version": existing.version}
        form = BudgetForm(initial=initial)
    return render(
        request,
        "funding/budget_edit.html",
        _ctx(request, form=form, year=year, errors=govuk_error_summary(form)),
    )


@roles_only(EDITORS)
@require_POST
def recompute(request: HttpRequest) -> HttpResponse:
    """Re-cost every placement for the year from the rate tables (spent and committed)."""
    la_id = request.user.local_authority_id  # type: ignore[union-attr]
    year = _year(request)
    done = services.recompute_placement_costs(la_id, year)
    messages.success(
        request, f"Placement costs for {fy_label(year)} worked out again: {done['placements']:,} placements."
    )
    return redirect(f"{_url('funding:home')}?year={year}")


def _url(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args or None)


# ---------------------------------------------------------------- band tables


@roles_only(VIEWERS)
def bands(request: HttpRequest) -> HttpResponse:
    """Every band scheme with its dated rates; the rate in force today is marked."""
    la_id = request.user.local_authority_id  # type: ignore[union-attr]
    today = timezone.localdate()
    schemes = []
    for scheme in selectors.band_schemes(la_id):
        rates = list(selectors.band_rates(scheme))
        schemes.append(
            {
                "scheme": scheme,
                "editable": scheme.local_authority_id == la_id,
                "rates": [
                    {
                        "rate": r,
                        "in_force": r.valid_from <= today and (r.valid_to is None or r.valid_to >= today),
                    }
                    for r in rates
                ],
            }
        )
    return render(request, "funding/bands.html", _ctx(request, schemes=schemes, today=today))


def _own_scheme(request: HttpRequest, pk: int) -> BandScheme:
    scheme = selectors.band_schemes(request.user.local_authority_id).filter(pk=pk).first()  # type: ignore[union-attr]
    if scheme is None or scheme.local_authority_id != request.user.local_authority_id:  # type: ignore[union-attr]
        raise Http404("No such band scheme")
    return scheme


@roles_only(EDITORS)
def band_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a dated rate to a band (or a new band). Overlapping dates are refused."""
    scheme = _own_scheme(request, pk)
    form = BandRateForm(request.POST or None, initial={"code": request.GET.get("code", ""), "replace": "no"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["replace"] == "yes":
                if data["valid_to"]:
                    raise DomainError(
                        "A replacing rate starts an open-ended rate: leave 'applies until' empty",
                        field="valid_to",
                    )
                services.change_band_rate_from(
                    user=request.user,
                    scheme=scheme,
                    code=data["code"],
                    annual_pence=data["amount"],
                    valid_from=data["valid_from"],
                    request=request,
                )
            else:
                services.add_band_rate(
                    user=request.user,
                    scheme=scheme,
                    code=data["code"],
                    annual_pence=data["amount"],
                    valid_from=data["valid_from"],
                    valid_to=data["valid_to"],
                    descriptor=data["descriptor"],
                    request=request,
                )
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, f"Band {data['code'].upper()} rate saved from {data['valid_from']:%-d %B %Y}."
            )
            return redirect("funding:bands")
    return render(
        request,
        "funding/band_form.html",
        _ctx(request, form=form, scheme=scheme, rate=None, errors=govuk_error_summary(form)),
    )


@roles_only(EDITORS)
def band_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a band rate. A stale form is refused, keeping what was typed."""
    rate = BandRate.objects.select_related("scheme").filter(pk=pk).first()
    if rate is None or rate.scheme.local_authority_id != request.user.local_authority_id:  # type: ignore[union-attr]
        raise Http404("No such band rate")
    initial = {
        "descriptor": rate.descriptor,
        "amount": pounds(rate.annual_pence),
        "valid_from": rate.valid_from,
        "valid_to": rate.valid_to,
        "version": rate.version,
    }
    form = EditBandRateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_band_rate(
                user=request.user,
                rate=rate,
                expected_version=data["version"] or 0,
                annual_pence=data["amount"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                descriptor=data["descriptor"],
                request=request,
            )
        except StaleRecord as exc:
            _show_stale(form, exc)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"Band {rate.code} rate changed.")
            return redirect("funding:bands")
    return render(
        request,
        "funding/band_form.html",
        _ctx(request, form=form, scheme=rate.scheme, rate=rate, errors=govuk_error_summary(form)),
    )


# ---------------------------------------------------------------- the ledger


@roles_only(VIEWERS)
def ledger(request: HttpRequest) -> HttpResponse:
    """The year's spend by category and by s251 line, and its latest ledger lines."""
    user = request.user
    la_id = user.local_authority_id  # type: ignore[union-attr]
    year = _year(request)
    category = request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    both = ("actual", "commitment")
    lines = list(selectors.ledger_page(user, year, category))
    record_child_list(request, [line.child_id for line in lines if line.child_id], "High Needs ledger")
    return render(
        request,
        "funding/ledger.html",
        _ctx(
            request,
            year=year,
            years=_years(la_id, year),
            category=category,
            categories=Category.choices,
            by_category=selectors.spend_by_category(la_id, year, kinds=both),
            by_line=selectors.spend_by_line(la_id, year, kinds=both),
            transport=selectors.transport_spend(la_id, year),
            lines=lines,
        ),
    )


@roles_only(EDITORS)
def cost_add(request: HttpRequest) -> HttpResponse:
    """Record a cost that is not a placement: a service, therapy, consultant or AP invoice."""
    la_id = request.user.local_authority_id  # type: ignore[union-attr]
    suppliers = {str(s.pk): s for s in selectors.suppliers(la_id)}
    form = CostForm(request.POST or None, suppliers=[(k, s.name) for k, s in suppliers.items()])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cost = services.record_cost(
                user=request.user,
                local_authority_id=la_id,
                category=data["category"],
                component=data["component"],
                s251_line=data["s251_line"],
                amount_pence=data["amount"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                supplier=suppliers.get(data["supplier"]),
                description=data["description"],
                request=request,
            )
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"Cost recorded on line {cost.s251_line}.")
            return redirect(f"{_url('funding:ledger')}?year={cost.financial_year}")
    return render(
        request, "funding/cost_form.html", _ctx(request, form=form, errors=govuk_error_summary(form))
    )


# ---------------------------------------------------------------- placements and children


def _band_choices(la_id: int) -> list[tuple[str, str]]:
    out = []
    for scheme in selectors.band_schemes(la_id):
        codes = sorted({r.code for r in scheme.rates.all()})
        out += [(f"{scheme.pk}:{code}", f"{scheme.name}: {code}") for code in codes]
    return out


def _costs_now(placement: Placement) -> dict[str, Any]:
    today = timezone.localdate()
    fy, ay = financial_year_of(today), academic_year_of(today)
    return {
        "fy": fy_label(fy),
        "ay": fy_label(ay),
        "fy_costs": selectors.placement_annual_cost(placement, fy, "fy"),
        "ay_costs": selectors.placement_annual_cost(placement, ay, "ay"),
    }


@signed_in
def placement(request: HttpRequest, pk: int) -> HttpResponse:
    """A placement's funding: who pays, place funding, top-up basis, costs this year."""
    found = selectors.placement_for(request.user, pk)
    if found is None:
        if not selectors.can_see_costs(request.user):
            owner = owner_of(Placement, pk, "plan__child_id", "plan__local_authority_id")
            if owner and visible_children(request.user).filter(pk=owner[0]).exists():
                raise PermissionDenied("Your role cannot see costs.")
            refuse_as_not_found(request, owner)
        refuse_unseen(request, Placement, pk, "plan__child_id", "plan__local_authority_id")
    p: Placement = found
    child = p.plan.child
    la_id = request.user.local_authority_id  # type: ignore[union-attr]
    can_edit = request.user.role == Role.FINANCE  # type: ignore[union-attr]
    initial = {
        "end_on": p.end_on,
        "place": str(p.place_pence),
        "place_funded_by": p.place_funded_by,
        "top_up_basis": p.top_up_basis,
        "band": f"{p.band_scheme_id}:{p.band_code}" if p.band_scheme_id else "",
        "bespoke_amount": pounds(p.bespoke_annual_pence),
        "bespoke_reason": p.bespoke_reason,
        "bespoke_approved_by": p.bespoke_approved_by,
        "bespoke_approved_on": p.bespoke_approved_on,
        "residential_amount": pounds(p.residential_annual_pence) if p.residential_annual_pence else "",
        "extras_amount": pounds(p.extras_annual_pence) if p.extras_annual_pence else "",
        "education_percent": p.education_percent,
        "social_care_percent": p.social_care_percent,
        "health_percent": p.health_percent,
        "version": p.version,
    }
    form = PlacementForm(request.POST or None, initial=initial, bands=_band_choices(la_id))
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("Only finance officers change a placement's funding.")
        if form.is_valid():
            data = form.cleaned_data
            scheme_id, _, code = (data["band"] or "").partition(":")
            # Only the council's own or the national schemes: never another council's.
            scheme = band_schemes(la_id).filter(pk=int(scheme_id)).first() if scheme_id.isdigit() else None
            try:
                services.update_placement(
                    user=request.user,
                    placement=p,
                    expected_version=data["version"],
                    request=request,
                    end_on=data["end_on"],
                    place_pence=int(data["place"]),
                    place_funded_by=data["place_funded_by"],
                    top_up_basis=data["top_up_basis"],
                    band_scheme=scheme if data["top_up_basis"] == TopUpBasis.BAND else None,
                    band_code=code if data["top_up_basis"] == TopUpBasis.BAND else "",
                    bespoke_annual_pence=data["bespoke_amount"],
                    bespoke_reason=data["bespoke_reason"],
                    bespoke_approved_by=data["bespoke_approved_by"],
                    bespoke_approved_on=data["bespoke_approved_on"],
                    residential=bool(data["residential_amount"]),
                    residential_annual_pence=data["residential_amount"] or 0,
                    extras_annual_pence=data["extras_amount"] or 0,
                    education_percent=data["education_percent"],
                    social_care_percent=data["social_care_percent"] or 0,
                    health_percent=data["health_percent"] or 0,
                )
            except StaleRecord as exc:
                _show_stale(form, exc)
                p = selectors.placement_for(request.user, pk)  # type: ignore[assignment]
            except DomainError as exc:
                _apply_errors(form, exc)
                p.refresh_from_db()
            else:
                messages.success(
                    request, "Placement funding saved. Its costs show in the ledger after the next recompute."
                )
                return redirect("funding:placement", pk=p.pk)
    record_child_read(request, child, "Placement funding")
    return render(
        request,
        "funding/placement.html",
        _ctx(request, p=p, child=child, form=form, errors=govuk_error_summary(form), **_costs_now(p)),
    )


@signed_in
def child_costs(request: HttpRequest, pk: int) -> HttpResponse:
    """A child's placements and every cost recorded against them."""
    child = visible_children(request.user).filter(pk=pk).first()
    if child is None:
        area = area_of_child(pk)
        refuse_as_not_found(request, (pk, area) if area is not None else None)
    if not selectors.can_see_costs(request.user):
        raise PermissionDenied("Your role cannot see costs.")
    placements = list(selectors.child_placements(request.user, child.pk))
    costs = list(selectors.child_costs(request.user, child.pk))
    record_child_read(request, child, "Child's placements and costs")
    totals: dict[int, int] = {}
    for line in costs:
        totals[line.financial_year] = totals.get(line.financial_year, 0) + line.amount_pence
    return render(
        request,
        "funding/child_costs.html",
        _ctx(
            request,
            child=child,
            placements=placements,
            costs=costs,
            totals=sorted(totals.items(), reverse=True),
            today=dt.date.today(),
        ),
    )
