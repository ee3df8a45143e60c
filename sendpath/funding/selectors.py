"""Reading High Needs money.

Two kinds of read live here:

- **Aggregates** for one local authority (spend by category, s251 line and year; budget
  against actual; unit costs). They name no child, take a local authority id, and are what
  the transparency and forecast apps build on. Public pages must still suppress small
  numbers (funding.md §6.2) before showing them: that is the caller's job.
- **Child-level** reads (a child's placements and costs, the ledger listing with children)
  take the user and are scoped through ``visible_children`` plus the finance roles: costs
  are shown to LA finance officers and SEND managers only, never to families, schools or
  professionals (a family could otherwise read the cost of another child in a shared list).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from sendpath.funding.annualise import ay_bounds, fy_bounds, to_pence
from sendpath.funding.codes import (
    HNB_LINES,
    PLACEMENT_CATEGORIES,
    Category,
    FundingSource,
    LedgerKind,
    S251Line,
)
from sendpath.funding.costing import PlacementRow, RateBook, annual_rate_on, placement_rows, year_costs
from sendpath.funding.models import (
    BandRate,
    BandScheme,
    BudgetLine,
    ConsultantEngagement,
    LedgerLine,
    Placement,
    ProviderTariff,
    Supplier,
    TransportLine,
)
from sendpath.organisations.models import Setting, SettingKind
from sendpath.people.selectors import visible_children

#: Who may see money pages and children's costs.
COST_VIEW_ROLES = frozenset({"finance", "manager"})

HNB_LINE_VALUES = [line.value for line in HNB_LINES]


# ---------------------------------------------------------------- placements


def current_placements(local_authority_id: int, today: dt.date) -> Any:
    """Placements running today under the LA's plans."""
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


def placements_in_year(local_authority_id: int, financial_year: int) -> QuerySet[Placement]:
    """Placements the LA pays for (as commissioning or provider LA) on any day of the FY."""
    first, last = fy_bounds(financial_year)
    return (
        Placement.objects.filter(
            Q(commissioning_la_id=local_authority_id) | Q(provider_la_id=local_authority_id)
        )
        .filter(start_on__lte=last)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=first))
    )


def annual_costs(
    local_authority_id: int, year: int, basis: str = "fy", placements: Iterable[Placement] | None = None
) -> Iterator[tuple[Placement, dict[str, int]]]:
    """Each placement's cost to the LA in a financial (``basis='fy'``) or academic (``'ay'``)
    year, pro rata by days, by component, in whole pence (computed live from the rate
    tables, not read from the ledger)."""
    if placements is None:
        placements = placements_in_year(
            local_authority_id, year if basis == "fy" else year + 1
        ) | placements_in_year(local_authority_id, year)
        placements = placements.select_related("plan").distinct()
    book = RateBook.load()
    for p in placements:
        costs = year_costs(PlacementRow.of(p), book, year, local_authority_id, basis)
        yield p, {k: to_pence(v) for k, v in costs.items()}


def annual_cost_rows(
    local_authority_id: int, year: int, basis: str = "fy"
) -> Iterator[tuple[PlacementRow, dict[str, int]]]:
    """``annual_costs`` without model objects: each placement as a ``PlacementRow`` (pk,
    child_id, setting_id, category, s251 line...) with its costs in whole pence. For
    county-sized work: the bench, unit costs, exports."""
    if basis == "fy":
        placements = placements_in_year(local_authority_id, year)
    else:
        first, last = ay_bounds(year)
        placements = Placement.objects.filter(
            Q(commissioning_la_id=local_authority_id) | Q(provider_la_id=local_authority_id)
        ).filter(Q(end_on__isnull=True) | Q(end_on__gte=first), start_on__lte=last)
    book = RateBook.load()
    for row in placement_rows(placements):
        costs = year_costs(row, book, year, local_authority_id, basis)
        yield row, {k: to_pence(v) for k, v in costs.items()}


def average_annual_cost_by_setting_kind(
    local_authority_id: int, census: dt.date
) -> list[tuple[str, int, int]]:
    """(setting kind, average annual cost in pence, placements) over the placements running
    on ``census``, each at the annual rates in force that day (a full year's cost, not the
    part of the year it ran). For the forecast's unit costs."""
    placements = Placement.objects.filter(
        Q(end_on__isnull=True) | Q(end_on__gte=census),
        start_on__lte=census,
        commissioning_la_id=local_authority_id,
    )
    kinds = dict(Setting.objects.filter(placements__in=placements).values_list("pk", "kind").distinct())
    book = RateBook.load()
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in placement_rows(placements):
        costs = annual_rate_on(row, book, census, local_authority_id)
        cell = totals[kinds[row.setting_id]]
        cell[0] += to_pence(sum(costs.values(), Decimal(0)))
        cell[1] += 1
    return [(kind, total // n, n) for kind, (total, n) in sorted(totals.items()) if n]


def placement_annual_cost(placement: Placement, year: int, basis: str = "fy") -> dict[str, int]:
    """One placement's cost to its commissioning LA (and place funding if that LA is also
    the provider) in a year, by component, in whole pence."""
    book = RateBook.load([placement.setting_id])
    la = placement.commissioning_la_id or placement.plan.local_authority_id
    row = PlacementRow.of(placement)
    return {k: to_pence(v) for k, v in year_costs(row, book, year, la, basis).items()}


def unit_costs(local_authority_id: int, financial_year: int) -> list[dict[str, Any]]:
    """Average annual HNB cost per placement, by category, from the ledger lines generated
    from placements (actual + committed) in one FY: placements counted, total and average
    in pence. For the forecast's unit costs and value for money. The average uses the
    number of placements with a cost that year (part-year placements count as one)."""
    rows = (
        LedgerLine.objects.filter(
            local_authority_id=local_authority_id, financial_year=financial_year, placement__isnull=False
        )
        .values("category")
        .annotate(total=Sum("amount_pence"), placements=Count("placement", distinct=True))
    )
    out = []
    for r in rows:
        out.append(
            {
                "category": r["category"],
                "label": Category(r["category"]).label,
                "placements": r["placements"],
                "total_pence": r["total"] or 0,
                "average_pence": (r["total"] or 0) // r["placements"] if r["placements"] else 0,
            }
        )
    return sorted(out, key=lambda r: -r["total_pence"])


# ---------------------------------------------------------------- the ledger, aggregated


def ledger(
    local_authority_id: int,
    financial_year: int | None = None,
    *,
    hnb_only: bool = False,
    kinds: Iterable[str] = (LedgerKind.ACTUAL,),
) -> QuerySet[LedgerLine]:
    """The LA's ledger lines, optionally for one FY, only HNB lines, of given kinds."""
    qs = LedgerLine.objects.filter(local_authority_id=local_authority_id, kind__in=list(kinds))
    if financial_year is not None:
        qs = qs.filter(financial_year=financial_year)
    if hnb_only:
        qs = qs.filter(s251_line__in=HNB_LINE_VALUES, funding_source=FundingSource.HNB)
    return qs


def spend(
    local_authority_id: int,
    financial_year: int | None = None,
    by: Iterable[str] = ("category",),
    *,
    hnb_only: bool = False,
    kinds: Iterable[str] = (LedgerKind.ACTUAL,),
) -> list[dict[str, Any]]:
    """Spend summed by any ledger fields (category, s251_line, component, financial_year,
    funding_source, s251_column...). Each row: the fields, ``pence`` (sum), ``lines`` (how
    many ledger lines) and ``children`` (distinct children named). ``children`` lets public
    pages apply the small-number rules without reading the ledger themselves."""
    by = list(by)
    rows = (
        ledger(local_authority_id, financial_year, hnb_only=hnb_only, kinds=kinds)
        .values(*by)
        .annotate(pence=Sum("amount_pence"), lines=Count("pk"), children=Count("child", distinct=True))
        .order_by(*by)
    )
    return [dict(r) for r in rows]


def spend_by_category(local_authority_id: int, financial_year: int, **kw: Any) -> list[dict[str, Any]]:
    """Spend in one FY by category (see ``spend``), labelled."""
    rows = spend(local_authority_id, financial_year, ("category",), **kw)
    for r in rows:
        r["label"] = Category(r["category"]).label
    return rows


def spend_by_line(local_authority_id: int, financial_year: int, **kw: Any) -> list[dict[str, Any]]:
    """Spend in one FY by s251 line (see ``spend``), labelled."""
    rows = spend(local_authority_id, financial_year, ("s251_line",), **kw)
    for r in rows:
        r["label"] = S251Line(r["s251_line"]).label
    return rows


def spend_by_year(local_authority_id: int, **kw: Any) -> list[dict[str, Any]]:
    """Spend per FY (see ``spend``)."""
    return spend(local_authority_id, None, ("financial_year",), **kw)


def financial_years(local_authority_id: int) -> list[int]:
    """The FYs the LA has any ledger line or budget for, newest first."""
    years = set(
        LedgerLine.objects.filter(local_authority_id=local_authority_id)
        .values_list("financial_year", flat=True)
        .distinct()
    )
    years |= set(
        BudgetLine.objects.filter(local_authority_id=local_authority_id)
        .values_list("financial_year", flat=True)
        .distinct()
    )
    return sorted(years, reverse=True)


def support_services_share(local_authority_id: int, financial_year: int) -> dict[str, Any]:
    """Support services against placements, as the task group asked (funding.md §3.3):
    HNB spend on lines 1.2.5 + 1.2.8 over all HNB spend in the FY (actual + committed)."""
    kinds = (LedgerKind.ACTUAL, LedgerKind.COMMITMENT)
    qs = ledger(local_authority_id, financial_year, hnb_only=True, kinds=kinds)
    total = qs.aggregate(t=Sum("amount_pence"))["t"] or 0
    services = (
        qs.filter(s251_line__in=[S251Line.SUPPORT_SERVICES, S251Line.INCLUSION]).aggregate(
            t=Sum("amount_pence")
        )["t"]
        or 0
    )
    placements = qs.filter(category__in=list(PLACEMENT_CATEGORIES)).aggregate(t=Sum("amount_pence"))["t"] or 0
    return {
        "total_pence": total,
        "support_services_pence": services,
        "placements_pence": placements,
        "support_services_share": (Decimal(services) / total) if total else None,
        "definition": (
            "HNB spend on s251 lines 1.2.5 and 1.2.8 divided by all HNB spend in the financial year"
        ),
    }


def transport_spend(local_authority_id: int, financial_year: int | None = None) -> list[dict[str, Any]]:
    """Home-to-school transport (general fund) by FY and mode. Never part of HNB totals."""
    qs = TransportLine.objects.filter(local_authority_id=local_authority_id)
    if financial_year is not None:
        qs = qs.filter(financial_year=financial_year)
    return [
        dict(r)
        for r in qs.values("financial_year", "mode")
        .annotate(pence=Sum("amount_pence"), children=Count("child", distinct=True))
        .order_by("financial_year", "mode")
    ]


# ---------------------------------------------------------------- budget against actual


def budget_against_actual(local_authority_id: int, financial_year: int) -> dict[str, Any]:
    """Rows per s251 line and category: budget, actual (spent), committed (placements
    running to 31 March, from the last recompute) and forecast outturn = actual +
    committed; variance = budget − outturn (negative: overspend). Plus totals.
    Every line or category with a budget or any spend appears."""
    cells: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"budget": 0, "actual": 0, "committed": 0, "budget_version": None}
    )
    for b in BudgetLine.objects.filter(local_authority_id=local_authority_id, financial_year=financial_year):
        cell = cells[(b.s251_line, b.category)]
        cell["budget"] = b.amount_pence
        cell["budget_version"] = b.version
        cell["budget_id"] = b.pk
    for r in (
        LedgerLine.objects.filter(local_authority_id=local_authority_id, financial_year=financial_year)
        .values("s251_line", "category", "kind")
        .annotate(pence=Sum("amount_pence"))
    ):
        key = "actual" if r["kind"] == LedgerKind.ACTUAL else "committed"
        cells[(r["s251_line"], r["category"])][key] += r["pence"] or 0
    rows = []
    for (line, category), c in sorted(cells.items()):
        outturn = c["actual"] + c["committed"]
        rows.append(
            {
                "s251_line": line,
                "line_label": S251Line(line).label,
                "hnb": line in HNB_LINE_VALUES,
                "category": category,
                "category_label": Category(category).label,
                **c,
                "outturn": outturn,
                "variance": c["budget"] - outturn,
            }
        )

    def total(hnb: bool) -> dict[str, int]:
        chosen = [r for r in rows if r["hnb"] == hnb]
        t = {k: sum(r[k] for r in chosen) for k in ("budget", "actual", "committed", "outturn")}
        t["variance"] = t["budget"] - t["outturn"]
        return t

    return {"rows": rows, "hnb_total": total(True), "general_fund_total": total(False)}


# ---------------------------------------------------------------- rate tables


def band_schemes(local_authority_id: int) -> QuerySet[BandScheme]:
    """The LA's band schemes and the national ones."""
    return BandScheme.objects.filter(
        Q(local_authority_id=local_authority_id) | Q(local_authority__isnull=True)
    )


def budget_line(
    local_authority_id: int, financial_year: int, s251_line: str, category: str
) -> BudgetLine | None:
    """The council's budget for one s251 line and category in a year, if set."""
    return BudgetLine.objects.filter(
        local_authority_id=local_authority_id,
        financial_year=financial_year,
        s251_line=s251_line,
        category=category,
    ).first()


def band_rates(scheme: BandScheme) -> QuerySet[BandRate]:
    return scheme.rates.select_related("updated_by").order_by("code", "valid_from")


def band_rate_on(scheme_id: int, code: str, day: dt.date) -> BandRate | None:
    """The rate of a band in force on a day."""
    return (
        BandRate.objects.filter(scheme_id=scheme_id, code=code, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .first()
    )


def tariffs_for(setting_id: int) -> QuerySet[ProviderTariff]:
    return ProviderTariff.objects.filter(setting_id=setting_id).order_by("valid_from")


def suppliers(local_authority_id: int) -> QuerySet[Supplier]:
    return Supplier.objects.filter(local_authority_id=local_authority_id)


def engagements(local_authority_id: int) -> QuerySet[ConsultantEngagement]:
    """Consultant and agency engagements, with what was spent on each (all years)."""
    return (
        ConsultantEngagement.objects.filter(local_authority_id=local_authority_id)
        .select_related("supplier")
        .annotate(spent=Sum("ledger_lines__amount_pence"))
    )


# ---------------------------------------------------------------- child-level (scoped)


def can_see_costs(user: Any) -> bool:
    """Costs are shown to LA finance officers and SEND managers only."""
    return getattr(user, "is_authenticated", False) and getattr(user, "role", None) in COST_VIEW_ROLES


def child_placements(user: Any, child_id: int) -> QuerySet[Placement]:
    """A child's placements with their funding, if the user may see the child's costs."""
    if not can_see_costs(user):
        return Placement.objects.none()
    return (
        Placement.objects.filter(plan__child__in=visible_children(user), plan__child_id=child_id)
        .select_related("setting", "band_scheme", "commissioning_la", "provider_la", "resident_la")
        .order_by("-start_on")
    )


def child_costs(user: Any, child_id: int) -> QuerySet[LedgerLine]:
    """A child's ledger lines, if the user may see the child's costs."""
    if not can_see_costs(user):
        return LedgerLine.objects.none()
    return (
        LedgerLine.objects.filter(child__in=visible_children(user), child_id=child_id)
        .select_related("setting", "supplier")
        .order_by("-financial_year", "-period_start")
    )


def placement_for(user: Any, pk: int) -> Placement | None:
    """One placement, if the user may see its child's costs."""
    if not can_see_costs(user):
        return None
    return (
        Placement.objects.filter(pk=pk, plan__child__in=visible_children(user))
        .select_related("plan", "plan__child", "setting", "band_scheme")
        .first()
    )


def ledger_page(user: Any, financial_year: int, category: str = "", limit: int = 200) -> QuerySet[LedgerLine]:
    """The finance officer's ledger listing for one FY (newest first), scoped to their LA."""
    if not can_see_costs(user):
        return LedgerLine.objects.none()
    qs = LedgerLine.objects.filter(local_authority_id=user.local_authority_id, financial_year=financial_year)
    if category:
        qs = qs.filter(category=category)
    return qs.select_related("setting", "supplier", "child").order_by("-period_start", "-pk")[:limit]


def funding_summary(local_authority_id: int, today: dt.date) -> dict[str, Any]:
    """The finance officer's home: this financial year's HNB budget, forecast outturn and
    variance (pence), with the year's label."""
    from sendpath.funding.annualise import financial_year_of, fy_label

    year = financial_year_of(today)
    totals = budget_against_actual(local_authority_id, year)["hnb_total"]
    return {"year": year, "label": fy_label(year), **totals}
