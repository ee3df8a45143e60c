"""A dispute's costs, recorded as lines in the High Needs ledger.

The disputes app owns the case and the funding app owns the money (funding.md 3.1): every
cost goes through ``sendpath.funding.services.record_cost`` with ``source_type="tribunal"``
and the dispute's id, so the public summary counts tribunal costs from the one ledger and this
app finds its own lines again. Officer time is hours times a dated hourly rate by role
(funding.md 3.1: "Rates are dated parameters"); the person can override the rate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from sendpath.common.dates import check_past_date
from sendpath.common.errors import DomainError, NotAllowed
from sendpath.disputes.models import Dispute

SOURCE_TYPE = "tribunal"

#: The cost items of a tribunal case (funding.md 3.1), as this app offers them.
ITEMS: dict[str, str] = {
    "legal": "External legal: solicitors and counsel",
    "expert": "Expert evidence or witness fees",
    "officer_time": "Officer time",
    "mediation": "Mediation service",
    "consequential": "Provision ordered or conceded (extra annual cost)",
    "costs_awarded": "Costs awarded",
}

#: The supplier kind in the funding app for each item.
SUPPLIER_KIND = {
    "legal": "legal",
    "expert": "expert",
    "officer_time": "internal",
    "mediation": "other",
    "consequential": "other",
    "costs_awarded": "legal",
}


@dataclass(frozen=True)
class OfficerRate:
    role: str
    label: str
    pence_per_hour: int
    valid_from: dt.date


#: Loaded hourly rates by role: illustrative defaults for the demo and the form (synthetic,
#: set locally in practice). Dated, so a new rate from 1 April applies from that day only.
OFFICER_RATES: tuple[OfficerRate, ...] = (
    OfficerRate("sen_officer", "SEN officer", 3_400, dt.date(2023, 4, 1)),
    OfficerRate("sen_officer", "SEN officer", 3_600, dt.date(2025, 4, 1)),
    OfficerRate("ep", "Educational psychologist", 5_600, dt.date(2023, 4, 1)),
    OfficerRate("ep", "Educational psychologist", 5_900, dt.date(2025, 4, 1)),
    OfficerRate("manager", "SEND manager", 4_800, dt.date(2023, 4, 1)),
    OfficerRate("manager", "SEND manager", 5_100, dt.date(2025, 4, 1)),
    OfficerRate("lawyer", "Council lawyer", 6_500, dt.date(2023, 4, 1)),
    OfficerRate("lawyer", "Council lawyer", 6_900, dt.date(2025, 4, 1)),
)
OFFICER_ROLES = {r.role: r.label for r in OFFICER_RATES}


def officer_rate(role: str, on: dt.date) -> int | None:
    """The hourly rate (pence) for ``role`` in force on ``on``, or None before any."""
    rates = [r for r in OFFICER_RATES if r.role == role and r.valid_from <= on]
    return max(rates, key=lambda r: r.valid_from).pence_per_hour if rates else None


def to_pence(pounds: str | Decimal | None, field: str, what: str) -> int:
    """ "1,250.50" -> 125050; a clear message for anything else."""
    text = str(pounds if pounds is not None else "").strip().replace(",", "").lstrip("£")
    if not text:
        raise DomainError(f"Enter {what}", field=field)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise DomainError(f"Enter {what} in pounds, like 1250.00", field=field) from None
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise DomainError(f"Enter {what} to the penny at most, like 1250.50", field=field)
    return int((value * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def record_dispute_cost(
    *,
    user: Any,
    dispute: Dispute,
    item: str,
    on: dt.date | None,
    amount: str | None = None,
    hours: str | None = None,
    officer_role: str = "",
    rate: str | None = None,
    supplier_name: str = "",
    description: str = "",
    request: HttpRequest | None = None,
) -> Any:
    """Record one cost of a dispute as a ledger line (a negative amount corrects an earlier one).
    Coordinators, managers and finance officers of the dispute's council may do this."""
    from sendpath.disputes.services import may_see_costs
    from sendpath.funding.codes import Category
    from sendpath.funding.models import Supplier
    from sendpath.funding.services import record_cost

    if not may_see_costs(user, dispute):
        raise NotAllowed("Only the council's SEND team and finance officers record dispute costs.")
    errors: dict[str, str] = {}
    if item not in ITEMS:
        errors["item"] = "Select what the cost was for"
    try:
        check_past_date(
            on, "of the cost", after=[(dispute.decision_sent_on, "the decision notice")], field="on"
        )
    except DomainError as exc:
        errors.update(exc.errors)
    pence = 0
    detail = description.strip()
    if item == "officer_time":
        if officer_role not in OFFICER_ROLES:
            errors["officer_role"] = "Select whose time it was"
        try:
            hours_value = Decimal(str(hours or "").strip())
            if hours_value <= 0 or hours_value > 1000:
                raise InvalidOperation
        except InvalidOperation:
            errors["hours"] = "Enter the hours as a number, like 7.5"
            hours_value = Decimal(0)
        per_hour: int | None = None
        if rate and str(rate).strip():
            try:
                per_hour = to_pence(rate, "rate", "the hourly rate")
            except DomainError as exc:
                errors.update(exc.errors)
        elif on is not None and officer_role in OFFICER_ROLES:
            per_hour = officer_rate(officer_role, on)
            if per_hour is None:
                errors["rate"] = "There is no standard rate for that date: enter the hourly rate"
        if per_hour is not None and not errors:
            pence = int((hours_value * per_hour).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
            detail = (
                detail
                or f"{hours_value} hours, {OFFICER_ROLES[officer_role]}, at £{per_hour / 100:,.2f} an hour"
            )
        supplier_name = supplier_name.strip() or "Council staff time"
    else:
        try:
            pence = to_pence(amount, "amount", "the amount")
        except DomainError as exc:
            errors.update(exc.errors)
        if pence == 0 and "amount" not in errors:
            errors["amount"] = "Enter an amount other than zero"
        if not supplier_name.strip():
            errors["supplier_name"] = "Enter who was paid"
    if errors:
        raise DomainError(next(iter(errors.values())), errors=errors)
    assert on is not None
    with transaction.atomic():
        supplier, _ = Supplier.objects.get_or_create(
            local_authority_id=dispute.local_authority_id,
            name=supplier_name.strip()[:200],
            defaults={"kind": SUPPLIER_KIND[item]},
        )
        return record_cost(
            user=user,
            local_authority_id=dispute.local_authority_id,
            category=Category.TRIBUNAL,
            amount_pence=pence,
            period_start=on,
            component=item,
            supplier=supplier,
            child=dispute.child,
            plan=dispute.plan,
            description=(detail or ITEMS[item])[:200],
            source_type=SOURCE_TYPE,
            source_id=dispute.pk,
            request=request,
            check_role=False,
        )
