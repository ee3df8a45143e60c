"""Changing High Needs money: recording costs, placements, band rates and budgets.

Every write validates, saves and audits in one transaction, and raises ``DomainError``
with words a finance officer can act on. Editable records (band rates, placements, budget
lines) are saved only if nobody else saved them since the form was opened.

Other apps record their costs here: ``record_cost`` is the one way into the ledger
(the disputes app records tribunal costs through it; funding.md §3.1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction
from django.db.models import F, Model, Q
from django.http import HttpRequest
from django.utils import timezone

from sendpath.accounts.roles import Role
from sendpath.audit.models import AuditAction
from sendpath.audit.services import diff, record
from sendpath.common.concurrency import changed_by
from sendpath.common.errors import DomainError, NotAllowed, StaleRecord
from sendpath.funding.annualise import financial_year_of, fy_bounds, fy_label
from sendpath.funding.bulk import insert_rows
from sendpath.funding.codes import (
    DEFAULT_LINE,
    DEFAULT_REASON,
    HNB_LINES,
    Category,
    Component,
    FundingSource,
    Governance,
    PlaceFundedBy,
    S251Column,
    S251Line,
    TopUpBasis,
    default_governance,
    funding_source_for,
)
from sendpath.funding.costing import RateBook, ledger_rows, placement_parts, placement_rows
from sendpath.funding.models import (
    BandRate,
    BandScheme,
    BudgetLine,
    LedgerLine,
    Placement,
    TransportLine,
    fill_from_setting,
)

#: Who may change money records. Managers may look, not change.
FINANCE_ROLES = frozenset({Role.FINANCE})
#: Who may see money pages and a child's costs: LA finance and SEND managers.
FINANCE_VIEW_ROLES = frozenset({Role.FINANCE, Role.MANAGER})


def today() -> dt.date:
    return timezone.localdate()


def _d(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _require_finance(user: Any, local_authority_id: int | None) -> None:
    if user is None:  # system work: the demo, imports, management commands
        return
    if getattr(user, "role", None) not in FINANCE_ROLES or user.local_authority_id != local_authority_id:
        raise NotAllowed("Only the local authority's finance officers can change its High Needs money.")


def _stale(model: type[Model], pk: int, what: str) -> StaleRecord:
    current = model.objects.select_related("updated_by").get(pk=pk)  # type: ignore[attr-defined]
    return StaleRecord(
        f"This {what} was changed by {changed_by(current)}, after you opened it. Nothing has been "
        "saved. Check it, then try again.",
        current_version=current.version,
    )


def _save_versioned(obj: Any, *, user: Any, expected_version: int, fields: list[str], what: str) -> None:
    """Write ``fields`` only if the row is still at ``expected_version``."""
    model = type(obj)
    values = {f: getattr(obj, f) for f in fields}
    now = timezone.now()
    updated = model.objects.filter(pk=obj.pk, version=expected_version).update(
        **values, version=F("version") + 1, updated_by=user if user else None, updated_at=now
    )
    if not updated:
        raise _stale(model, obj.pk, what)
    obj.version = expected_version + 1
    obj.updated_at = now


# ---------------------------------------------------------------- the ledger


def _check_period(period_start: dt.date | None, period_end: dt.date | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if period_start is None:
        errors["period_start"] = "Enter the date the cost starts (or the date of the cost)"
    if period_end is not None and period_start is not None:
        if period_end < period_start:
            errors["period_end"] = "The end date must be the same as or after the start date"
        elif financial_year_of(period_end) != financial_year_of(period_start):
            errors["period_end"] = (
                f"The cost crosses 31 March {financial_year_of(period_start) + 1}: "
                "record one line for each financial year"
            )
    return errors


def record_cost(
    *,
    user: Any,
    local_authority_id: int,
    category: str,
    amount_pence: int,
    period_start: dt.date,
    period_end: dt.date | None = None,
    component: str = Component.OTHER,
    s251_line: str = "",
    s251_column: str = "",
    funding_source: str = "",
    eligibility_reason: str = "",
    setting: Any = None,
    supplier: Any = None,
    child: Any = None,
    plan: Any = None,
    engagement: Any = None,
    description: str = "",
    source_type: str = "",
    source_id: str | int = "",
    request: HttpRequest | None = None,
    check_role: bool = True,
) -> LedgerLine:
    """Add one cost to the ledger and audit it. The only way into the ledger.

    - ``s251_line`` defaults by category (tribunal costs: 2.1.2, general fund; funding.md §2.3);
      ``funding_source`` follows the line (1.x HNB, 2.1.x general fund) unless given.
    - A High Needs Block line always carries an eligibility reason (a default per line).
    - ``period_end`` defaults to ``period_start`` (a one-off cost on a day); a period may
      not cross 31 March.
    - ``check_role=False`` lets another app's service (e.g. disputes), which has already
      checked its own user, record the money.
    Negative amounts are allowed: corrections and recoveries are reversing lines.
    """
    if check_role:
        _require_finance(user, local_authority_id)
    period_end = period_end or period_start
    errors = _check_period(period_start, period_end)
    if category not in Category.values:
        errors["category"] = "Select what the cost was for"
    line = s251_line or DEFAULT_LINE.get(category, "")  # type: ignore[call-overload]
    if line not in S251Line.values:
        errors["s251_line"] = "Select the section 251 line"
    if component not in Component.values:
        errors["component"] = "Select the kind of cost"
    if s251_column and s251_column not in S251Column.values:
        errors["s251_column"] = "Select the section 251 column"
    source = funding_source or (funding_source_for(line) if line else "")
    if source and source not in FundingSource.values:
        errors["funding_source"] = "Select how the cost is funded"
    if setting is None and supplier is None:
        errors["supplier"] = "Select the setting or supplier paid"
    if not isinstance(amount_pence, int):
        errors["amount"] = "Enter the amount in pounds and pence"
    elif amount_pence == 0:
        errors["amount"] = "Enter an amount that is not zero"
    if child is not None and child.local_authority_id != local_authority_id:
        errors["child"] = "The child belongs to another local authority"
    if errors:
        raise DomainError(next(iter(errors.values())), errors=errors)
    reason = eligibility_reason or (DEFAULT_REASON.get(line, "") if line in HNB_LINES else "")  # type: ignore[call-overload]
    with transaction.atomic():
        cost = LedgerLine.objects.create(
            local_authority_id=local_authority_id,
            financial_year=financial_year_of(period_start),
            period_start=period_start,
            period_end=period_end,
            amount_pence=amount_pence,
            category=category,
            component=component,
            s251_line=line,
            s251_column=s251_column,
            funding_source=source,
            eligibility_reason=reason,
            setting=setting,
            supplier=supplier,
            child=child,
            plan=plan,
            engagement=engagement,
            description=description[:200],
            source_type=source_type,
            source_id=str(source_id),
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        record(
            user=user,
            action=AuditAction.CREATE,
            obj=cost,
            child_id=child.pk if child is not None else None,
            local_authority_id=local_authority_id,
            summary=f"Cost recorded: {cost.get_category_display()} ({line})",
            changes={
                "amount_pence": amount_pence,
                "component": component,
                "financial_year": cost.financial_year,
            },
            request=request,
        )
    return cost


def record_transport(
    *,
    user: Any,
    local_authority_id: int,
    supplier: Any,
    mode: str,
    amount_pence: int,
    period_start: dt.date,
    period_end: dt.date | None = None,
    child: Any = None,
    shared: bool = False,
    statutory: bool = True,
    request: HttpRequest | None = None,
) -> TransportLine:
    """Add a home-to-school transport cost: general fund, its own ledger, never HNB."""
    _require_finance(user, local_authority_id)
    period_end = period_end or period_start
    errors = _check_period(period_start, period_end)
    if supplier is None:
        errors["supplier"] = "Select the transport operator or budget holder"
    if errors:
        raise DomainError(next(iter(errors.values())), errors=errors)
    with transaction.atomic():
        line = TransportLine.objects.create(
            local_authority_id=local_authority_id,
            financial_year=financial_year_of(period_start),
            period_start=period_start,
            period_end=period_end,
            amount_pence=amount_pence,
            supplier=supplier,
            child=child,
            mode=mode,
            shared=shared,
            statutory=statutory,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        record(
            user=user,
            action=AuditAction.CREATE,
            obj=line,
            child_id=child.pk if child is not None else None,
            local_authority_id=local_authority_id,
            summary="Transport cost recorded (general fund)",
            changes={"amount_pence": amount_pence},
            request=request,
        )
    return line


# ---------------------------------------------------------------- placements


def describe_setting_defaults(placement: Placement) -> None:
    """Fill what follows from the setting when not given (``models.fill_from_setting``)."""
    fill_from_setting(placement, placement.setting, placement.plan.local_authority_id)


#: What a placement costs and who pays: set from the setting and the funding form,
#: and written back in bulk by the demo, so both name the same fields.
PLACEMENT_FUNDING_FIELDS = [
    "commissioning_la",
    "provider_la",
    "resident_la",
    "governance",
    "place_funded_by",
    "place_pence",
    "top_up_basis",
    "band_scheme",
    "band_code",
    "bespoke_annual_pence",
    "bespoke_reason",
    "bespoke_approved_by",
    "bespoke_approved_on",
    "residential",
    "residential_annual_pence",
    "extras_annual_pence",
    "education_percent",
    "social_care_percent",
    "health_percent",
    "category",
    "s251_line",
    "s251_column",
]

PLACEMENT_FIELDS = ["setting", "start_on", "end_on", *PLACEMENT_FUNDING_FIELDS, "interim", "tribunal_ordered"]


def _check_placement(p: Placement) -> None:
    errors: dict[str, str] = {}
    if p.start_on is None:
        errors["start_on"] = "Enter the date the placement starts"
    elif p.end_on is not None and p.end_on < p.start_on:
        errors["end_on"] = "The end date must be the same as or after the start date"
    if p.place_pence not in (0, 600_000, 1_000_000):
        errors["place_pence"] = "Place funding is £10,000, £6,000 or none"
    if p.place_funded_by == PlaceFundedBy.NONE and p.place_pence:
        errors["place_funded_by"] = "Say who funds the place, or choose no place funding"
    if p.top_up_basis == TopUpBasis.BAND:
        if not p.band_scheme_id or not p.band_code:
            errors["band_code"] = "Select the band"
        elif not BandRate.objects.filter(scheme_id=p.band_scheme_id, code=p.band_code).exists():
            errors["band_code"] = "That band is not in the scheme"
    if p.top_up_basis == TopUpBasis.BESPOKE:
        if not p.bespoke_annual_pence or p.bespoke_annual_pence <= 0:
            errors["bespoke_annual_pence"] = "Enter the bespoke package's annual cost"
        if not p.bespoke_reason.strip():
            errors["bespoke_reason"] = "Say why a bespoke package is needed"
        if not p.bespoke_approved_by.strip():
            errors["bespoke_approved_by"] = "Enter who approved the bespoke package"
    if p.education_percent + p.social_care_percent + p.health_percent != 100:
        errors["education_percent"] = "The education, social care and health shares must add up to 100%"
    for f in ("residential_annual_pence", "extras_annual_pence"):
        if getattr(p, f) < 0:
            errors[f] = "Enter an amount of zero or more"
    if errors:
        raise DomainError(next(iter(errors.values())), errors=errors)


def create_placement(
    *,
    user: Any,
    plan: Any,
    setting: Any,
    start_on: dt.date,
    request: HttpRequest | None = None,
    **fields: Any,
) -> Placement:
    """Start a placement. Anything not given follows from the setting; place funding
    defaults by the kind of setting (funding.md §1.4) unless given."""
    _require_finance(user, plan.local_authority_id)
    placement = Placement(plan=plan, setting=setting, start_on=start_on, **fields)
    if "place_funded_by" in fields or "place_pence" in fields:
        placement.governance = placement.governance or default_governance(setting.kind)
    describe_setting_defaults(placement)
    _check_placement(placement)
    with transaction.atomic():
        placement.updated_by = user
        placement.updated_at = timezone.now()
        placement.save()
        record(
            user=user,
            action=AuditAction.CREATE,
            obj=placement,
            child_id=plan.child_id,
            local_authority_id=plan.local_authority_id,
            summary="Placement started",
            changes={"setting": setting.pk, "start_on": start_on.isoformat()},
            request=request,
        )
    return placement


def _snapshot(p: Placement) -> dict[str, Any]:
    out = {}
    for f in PLACEMENT_FIELDS:
        value = (
            getattr(p, f + "_id")
            if f in ("setting", "commissioning_la", "provider_la", "resident_la", "band_scheme")
            else getattr(p, f)
        )
        out[f] = value.isoformat() if isinstance(value, dt.date) else value
    return out


def update_placement(
    *,
    user: Any,
    placement: Placement,
    expected_version: int,
    request: HttpRequest | None = None,
    **changes: Any,
) -> Placement:
    """Change a placement's funding (dates, LAs, place funding, top-up basis, shares).
    Refused if someone else saved it since the form was opened."""
    _require_finance(user, placement.plan.local_authority_id)
    unknown = set(changes) - set(PLACEMENT_FIELDS)
    if unknown:
        raise DomainError(f"Unknown placement fields: {', '.join(sorted(unknown))}")
    before = _snapshot(placement)
    for key, value in changes.items():
        setattr(placement, key, value)
    if placement.top_up_basis != TopUpBasis.BAND:
        placement.band_scheme, placement.band_code = None, ""
    if placement.top_up_basis != TopUpBasis.BESPOKE:
        placement.bespoke_annual_pence, placement.bespoke_reason = None, ""
        placement.bespoke_approved_by, placement.bespoke_approved_on = "", None
    _check_placement(placement)
    with transaction.atomic():
        _save_versioned(
            placement, user=user, expected_version=expected_version, fields=PLACEMENT_FIELDS, what="placement"
        )
        record(
            user=user,
            action=AuditAction.UPDATE,
            obj=placement,
            child_id=placement.plan.child_id,
            local_authority_id=placement.plan.local_authority_id,
            summary="Placement funding changed",
            changes=diff(before, _snapshot(placement)),
            request=request,
        )
    return placement


# ---------------------------------------------------------------- band tables


def _overlap(
    scheme_id: int, code: str, start: dt.date, end: dt.date | None, exclude: int | None = None
) -> BandRate | None:
    clash = BandRate.objects.filter(scheme_id=scheme_id, code=code).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=start)
    )
    if end is not None:
        clash = clash.filter(valid_from__lte=end)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    return clash.order_by("valid_from").first()


def _check_rate(code: str, amount: int | None, start: dt.date | None, end: dt.date | None) -> None:
    errors = {}
    if not code.strip():
        errors["code"] = "Enter the band code"
    if amount is None or amount < 0:
        errors["annual_pence"] = "Enter the band's annual amount in pounds"
    if start is None:
        errors["valid_from"] = "Enter the date the rate applies from"
    elif end is not None and end < start:
        errors["valid_to"] = "The date the rate ends must be the same as or after the date it starts"
    if errors:
        raise DomainError(next(iter(errors.values())), errors=errors)


def _overlap_message(clash: BandRate) -> str:
    until = f"to {_d(clash.valid_to)}" if clash.valid_to else "with no end date"
    return (
        f"Band {clash.code} already has a rate from {_d(clash.valid_from)} {until}. "
        "Dates for the same band cannot overlap: end that rate first, or choose other dates."
    )


def add_band_rate(
    *,
    user: Any,
    scheme: BandScheme,
    code: str,
    annual_pence: int,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    descriptor: str = "",
    source_name: str = "",
    source_date: dt.date | None = None,
    request: HttpRequest | None = None,
) -> BandRate:
    """Add a dated rate for a band. Refused if it overlaps another rate for the same band."""
    _require_finance(user, scheme.local_authority_id)
    code = code.strip().upper()
    _check_rate(code, annual_pence, valid_from, valid_to)
    with transaction.atomic():
        clash = _overlap(scheme.pk, code, valid_from, valid_to)
        if clash:
            raise DomainError(_overlap_message(clash), field="valid_from")
        rate = BandRate.objects.create(
            scheme=scheme,
            code=code,
            descriptor=descriptor,
            annual_pence=annual_pence,
            valid_from=valid_from,
            valid_to=valid_to,
            source_name=source_name,
            source_date=source_date,
            updated_by=user,
            updated_at=timezone.now(),
        )
        record(
            user=user,
            action=AuditAction.CREATE,
            obj=rate,
            local_authority_id=scheme.local_authority_id,
            summary=f"Band {code} rate added from {valid_from.isoformat()}",
            changes={"annual_pence": annual_pence},
            request=request,
        )
    return rate


def update_band_rate(
    *,
    user: Any,
    rate: BandRate,
    expected_version: int,
    annual_pence: int,
    valid_from: dt.date,
    valid_to: dt.date | None,
    descriptor: str = "",
    request: HttpRequest | None = None,
) -> BandRate:
    """Correct a rate. Refused on overlap, or if someone saved it since the form opened."""
    _require_finance(user, rate.scheme.local_authority_id)
    _check_rate(rate.code, annual_pence, valid_from, valid_to)
    before = {
        "annual_pence": rate.annual_pence,
        "valid_from": str(rate.valid_from),
        "valid_to": str(rate.valid_to),
    }
    with transaction.atomic():
        clash = _overlap(rate.scheme_id, rate.code, valid_from, valid_to, exclude=rate.pk)
        if clash:
            raise DomainError(_overlap_message(clash), field="valid_from")
        rate.annual_pence, rate.valid_from, rate.valid_to, rate.descriptor = (
            annual_pence,
            valid_from,
            valid_to,
            descriptor,
        )
        _save_versioned(
            rate,
            user=user,
            expected_version=expected_version,
            fields=["annual_pence", "valid_from", "valid_to", "descriptor"],
            what="band rate",
        )
        record(
            user=user,
            action=AuditAction.UPDATE,
            obj=rate,
            local_authority_id=rate.scheme.local_authority_id,
            summary=f"Band {rate.code} rate changed",
            changes=diff(
                before,
                {"annual_pence": annual_pence, "valid_from": str(valid_from), "valid_to": str(valid_to)},
            ),
            request=request,
        )
    return rate


def change_band_rate_from(
    *,
    user: Any,
    scheme: BandScheme,
    code: str,
    annual_pence: int,
    valid_from: dt.date,
    request: HttpRequest | None = None,
) -> BandRate:
    """A new rate from a date (say 1 April): the open rate ends the day before, the new one
    starts that day. Earlier periods keep their old rate."""
    _require_finance(user, scheme.local_authority_id)
    code = code.strip().upper()
    with transaction.atomic():
        current = (
            BandRate.objects.select_for_update()
            .filter(scheme=scheme, code=code, valid_to__isnull=True)
            .first()
        )
        if current is not None:
            if current.valid_from >= valid_from:
                raise DomainError(
                    f"Band {code}'s current rate starts on {_d(current.valid_from)}. "
                    "A new rate must start after that.",
                    field="valid_from",
                )
            _save_versioned(
                _with(current, valid_to=valid_from - dt.timedelta(days=1)),
                user=user,
                expected_version=current.version,
                fields=["valid_to"],
                what="band rate",
            )
        return add_band_rate(
            user=user,
            scheme=scheme,
            code=code,
            annual_pence=annual_pence,
            valid_from=valid_from,
            descriptor=current.descriptor if current else "",
            request=request,
        )


def _with(obj: Any, **values: Any) -> Any:
    for k, v in values.items():
        setattr(obj, k, v)
    return obj


# ---------------------------------------------------------------- budget


def set_budget(
    *,
    user: Any,
    local_authority_id: int,
    financial_year: int,
    s251_line: str,
    category: str,
    amount_pence: int | None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> BudgetLine:
    """Set the year's budget for one s251 line and category. ``expected_version`` None
    means a new budget line; if one exists by then, the save is refused as stale."""
    _require_finance(user, local_authority_id)
    errors = {}
    if s251_line not in S251Line.values:
        errors["s251_line"] = "Select the section 251 line"
    if category not in Category.values:
        errors["category"] = "Select the category"
    if amount_pence is None or amount_pence < 0:
        errors["amount"] = "Enter the budget in pounds, zero or more"
    if errors:
        raise DomainError(next(iter(errors.values())), errors=errors)
    with transaction.atomic():
        existing = BudgetLine.objects.filter(
            local_authority_id=local_authority_id,
            financial_year=financial_year,
            s251_line=s251_line,
            category=category,
        ).first()
        if existing is None:
            if expected_version is not None:
                raise DomainError("That budget line no longer exists. Check the budget, then try again.")
            budget = BudgetLine.objects.create(
                local_authority_id=local_authority_id,
                financial_year=financial_year,
                s251_line=s251_line,
                category=category,
                amount_pence=amount_pence,
                updated_by=user,
                updated_at=timezone.now(),
            )
            before = None
        else:
            if expected_version is None:
                raise _stale(BudgetLine, existing.pk, "budget line")
            before = existing.amount_pence
            existing.amount_pence = amount_pence
            _save_versioned(
                existing,
                user=user,
                expected_version=expected_version,
                fields=["amount_pence"],
                what="budget line",
            )
            budget = existing
        record(
            user=user,
            action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
            obj=budget,
            local_authority_id=local_authority_id,
            summary=f"Budget {fy_label(financial_year)} {s251_line} {category} set",
            changes={"amount_pence": [before, amount_pence]},
            request=request,
        )
    return budget


# ---------------------------------------------------------------- recompute


def recompute_placement_costs(
    local_authority_id: int, financial_year: int, *, on: dt.date | None = None, chunk: int = 2000
) -> dict[str, int]:
    """Rebuild the ledger lines generated from placements for one LA and FY: spent to
    ``on`` (today) as actual, the rest to 31 March (or the placement's end) as committed.

    Run after a band, tariff or placement changes, and nightly. Lines recorded by hand are
    untouched. Returns counts of placements costed and lines written.
    """
    on = on or today()
    first, last = fy_bounds(financial_year)
    placements = (
        Placement.objects.filter(
            Q(commissioning_la_id=local_authority_id) | Q(provider_la_id=local_authority_id)
        )
        .filter(start_on__lte=last)
        .filter(Q(end_on__isnull=True) | Q(end_on__gte=first))
    )
    book = RateBook.load()
    costed = 0

    def rows() -> Iterator[dict[str, Any]]:
        nonlocal costed
        for p in placement_rows(placements):
            costed += 1
            parts = placement_parts(p, book, financial_year, on, local_authority_id)
            yield from ledger_rows(p, parts, financial_year, on, local_authority_id)

    with transaction.atomic():
        LedgerLine.objects.filter(
            local_authority_id=local_authority_id, financial_year=financial_year, placement__isnull=False
        )._raw_delete(LedgerLine.objects.db)
        written = insert_rows(LedgerLine, rows(), batch=chunk)
    return {"placements": costed, "lines": written}


def placements_needing_defaults(placements: Iterable[Placement]) -> list[Placement]:
    """Fill setting defaults on placements made elsewhere (casework, imports) in memory."""
    out = []
    for p in placements:
        if not p.category or not p.s251_line:
            describe_setting_defaults(p)
            out.append(p)
    return out


__all__ = [
    "FINANCE_ROLES",
    "FINANCE_VIEW_ROLES",
    "Governance",
    "add_band_rate",
    "change_band_rate_from",
    "create_placement",
    "recompute_placement_costs",
    "record_cost",
    "record_transport",
    "set_budget",
    "update_band_rate",
    "update_placement",
]
