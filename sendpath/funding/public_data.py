"""Reading the ledger for the public High Needs Block summary (funding.md §6.1).

The public page needs totals by category, s251 line, setting type and tribunal item, and for
each one the number of children behind it and the largest single child's share (for the
dominance rule, §6.2 item 3). That takes one grouped query per year: the ledger summed by
child and by every dimension the page shows. Everything else is arithmetic in Python over
those rows, in ``public_tables``.

Nothing here is published as it is: these raw figures go only into the suppression service.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q, Sum

from sendpath.funding.codes import PLACEMENT_CATEGORIES, Category, FundingSource, LedgerKind
from sendpath.funding.models import BudgetLine, ConsultantEngagement, LedgerLine
from sendpath.organisations.models import LocalAuthority


@dataclass
class Cell:
    """A raw £ figure: its total in pence, each child's share, and the part paid for no child."""

    pence: int = 0
    by_child: dict[int, int] = field(default_factory=dict)

    def add(self, child_id: int | None, pence: int) -> None:
        self.pence += pence
        if child_id is not None:
            self.by_child[child_id] = self.by_child.get(child_id, 0) + pence

    @property
    def children(self) -> int:
        return sum(1 for v in self.by_child.values() if v)

    @property
    def largest(self) -> int:
        return max((abs(v) for v in self.by_child.values()), default=0)


@dataclass
class YearLedger:
    """One FY's ledger for one LA, grouped for the public tables."""

    year: int
    hnb_total: Cell = field(default_factory=Cell)
    by_category: dict[str, Cell] = field(default_factory=lambda: defaultdict(Cell))
    by_line: dict[str, Cell] = field(default_factory=lambda: defaultdict(Cell))
    by_setting_kind: dict[str, Cell] = field(default_factory=lambda: defaultdict(Cell))
    by_share: dict[str, Cell] = field(default_factory=lambda: defaultdict(Cell))
    tribunal_by_component: dict[str, Cell] = field(default_factory=lambda: defaultdict(Cell))
    tribunal_by_funding: dict[str, Cell] = field(default_factory=lambda: defaultdict(Cell))
    tribunal_cases: int = 0
    committed_pence: int = 0
    budget_by_line: dict[str, int] = field(default_factory=dict)
    engagements: list[dict[str, Any]] = field(default_factory=list)


#: The columns one grouped query returns; every public table is built from them.
GROUP_BY = ("child_id", "category", "s251_line", "funding_source", "component", "setting__kind", "kind")


def years_with_ledger(local_authority_id: int) -> list[int]:
    """Financial years (by starting year) that have any ledger line, newest first."""
    return sorted(
        set(
            LedgerLine.objects.filter(local_authority_id=local_authority_id)
            .values_list("financial_year", flat=True)
            .distinct()
        ),
        reverse=True,
    )


def fingerprint(local_authority_id: int, year: int) -> tuple[Any, ...]:
    """What changes whenever a figure on the page could change: the ledger lines of the year
    (count, highest id, sum: recomputed placement lines get new ids) and the budget lines
    (count, sum, latest save). Used as the cache key, so the cache needs no invalidation."""
    ledger = LedgerLine.objects.filter(local_authority_id=local_authority_id, financial_year=year).aggregate(
        n=Count("pk"), top=Max("pk"), total=Sum("amount_pence")
    )
    budget = BudgetLine.objects.filter(local_authority_id=local_authority_id, financial_year=year).aggregate(
        n=Count("pk"), total=Sum("amount_pence"), at=Max("updated_at"), v=Sum("version")
    )
    engagements = ConsultantEngagement.objects.filter(local_authority_id=local_authority_id).aggregate(
        n=Count("pk"), v=Sum("version"), top=Max("pk")
    )
    return (
        ledger["n"],
        ledger["top"],
        ledger["total"],
        budget["n"],
        budget["total"],
        str(budget["at"]),
        budget["v"],
        engagements["n"],
        engagements["v"],
        engagements["top"],
    )


def year_ledger(local_authority_id: int, year: int) -> YearLedger:
    """Group one FY's ledger for the public tables. Transport never appears: it is in its own
    table, not in ``LedgerLine`` (funding.md §3.6)."""
    out = YearLedger(year=year)
    rows = (
        LedgerLine.objects.filter(local_authority_id=local_authority_id, financial_year=year)
        .values(*GROUP_BY)
        .annotate(total=Sum("amount_pence"))
        .order_by()
    )
    for r in rows:
        _add_row(out, r)
    out.tribunal_cases = (
        LedgerLine.objects.filter(
            local_authority_id=local_authority_id, financial_year=year, category=Category.TRIBUNAL
        )
        .exclude(source_id="")
        .values("source_type", "source_id")
        .distinct()
        .count()
    )
    out.budget_by_line = {
        r["s251_line"]: r["total"]
        for r in BudgetLine.objects.filter(local_authority_id=local_authority_id, financial_year=year)
        .values("s251_line")
        .annotate(total=Sum("amount_pence"))
        .order_by()
    }
    out.engagements = engagements_in_year(local_authority_id, year)
    return out


def _add_row(out: YearLedger, r: dict[str, Any]) -> None:
    child, pence = r["child_id"], int(r["total"] or 0)
    if r["category"] == Category.TRIBUNAL:
        out.tribunal_by_component[r["component"]].add(child, pence)
        out.tribunal_by_funding[r["funding_source"]].add(child, pence)
    if r["funding_source"] != FundingSource.HNB:
        return
    if r["kind"] == LedgerKind.COMMITMENT:
        out.committed_pence += pence
    out.hnb_total.add(child, pence)
    out.by_category[r["category"]].add(child, pence)
    out.by_line[r["s251_line"]].add(child, pence)
    placement = r["category"] in PLACEMENT_CATEGORY_VALUES
    if r["setting__kind"] and placement:
        out.by_setting_kind[r["setting__kind"]].add(child, pence)
    if r["s251_line"] in support_lines():
        out.by_share[SHARE_SUPPORT].add(child, pence)
    elif placement:
        out.by_share[SHARE_PLACEMENTS].add(child, pence)
    else:
        out.by_share[SHARE_OTHER].add(child, pence)


SHARE_SUPPORT, SHARE_PLACEMENTS, SHARE_OTHER = "support", "placements", "other"


def engagements_in_year(local_authority_id: int, year: int) -> list[dict[str, Any]]:
    """Consultant and agency engagements with spend in the FY (any funding source), each with
    its purpose, value, funding source and impact statement (funding.md §3.2)."""
    spend = {
        r["engagement_id"]: r["total"]
        for r in LedgerLine.objects.filter(
            local_authority_id=local_authority_id, financial_year=year, engagement__isnull=False
        )
        .values("engagement_id")
        .annotate(total=Sum("amount_pence"))
        .order_by()
    }
    # Ledger lines in the consultant categories not tied to an engagement still count.
    loose = LedgerLine.objects.filter(
        Q(category=Category.CONSULTANTS) | Q(category=Category.AGENCY),
        local_authority_id=local_authority_id,
        financial_year=year,
        engagement__isnull=True,
    ).aggregate(total=Sum("amount_pence"))["total"]
    rows = []
    for e in ConsultantEngagement.objects.filter(pk__in=list(spend)).select_related("supplier"):
        rows.append(
            {
                "pk": e.pk,
                "supplier": e.supplier.name,
                "purpose": e.get_purpose_display(),
                "purpose_detail": e.purpose_detail,
                "category": e.category,
                "category_label": e.get_category_display(),
                "contract_pence": e.contract_value_pence,
                "spend_pence": int(spend[e.pk] or 0),
                "funding": e.get_funding_source_display(),
                "impact": e.impact_statement,
                "start_on": e.start_on,
            }
        )
    rows.sort(key=lambda r: (-r["spend_pence"], r["supplier"], r["pk"]))
    if loose:
        rows.append({"pk": None, "loose_pence": int(loose)})
    return rows


PLACEMENT_CATEGORY_VALUES = frozenset(c.value for c in PLACEMENT_CATEGORIES)

#: s251 lines counted as support services (funding.md §3.3): 1.2.5 and 1.2.8 by default; an LA
#: that counts 1.2.9 too sets SENDPATH_SUPPORT_SERVICE_LINES.
SUPPORT_LINES_DEFAULT = ("1.2.5", "1.2.8")


def support_lines() -> tuple[str, ...]:
    return tuple(getattr(settings, "SENDPATH_SUPPORT_SERVICE_LINES", SUPPORT_LINES_DEFAULT))


def public_authorities() -> Iterable[LocalAuthority]:
    """Councils that have a ledger to publish."""
    ids = LedgerLine.objects.values_list("local_authority_id", flat=True).distinct()
    return LocalAuthority.objects.filter(pk__in=ids).order_by("name")


def authority_by_code(code: str) -> LocalAuthority | None:
    return LocalAuthority.objects.filter(code=code).first()


def today() -> dt.date:
    return dt.date.today()
