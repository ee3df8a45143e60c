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

from sendpath.funding.codes import PLACEMENT_CATEGORIES, Category, FundingSource
from sendpath.funding.models import BudgetLine, ConsultantEngagement, LedgerLine
from sendpath.organisations.models import LocalAuthority, Setting


@dataclass
class Cell:
    """A raw £ figure: its total in pence, each child's share, and the part paid for no child."""

    pence: int = 0
    by_child: dict[int, int] = field(default_factory=dict)
    _stats: tuple[int, int] | None = field(default=None, repr=False, compare=False)

    def add(self, child_id: int | None, pence: int) -> None:
        self.pence += pence
        self._stats = None
        if child_id is not None:
            self.by_child[child_id] = self.by_child.get(child_id, 0) + pence

    def _compute(self) -> tuple[int, int]:
        if self._stats is None:
            values = [v for v in self.by_child.values() if v]
            self._stats = (len(values), max(map(abs, values), default=0))
        return self._stats

    @property
    def children(self) -> int:
        """Children with a non-zero cost in this figure."""
        return self._compute()[0]

    @property
    def largest(self) -> int:
        """The largest single child's cost in this figure (for the dominance rule)."""
        return self._compute()[1]


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
    budget_by_line: dict[str, int] = field(default_factory=dict)
    engagements: list[dict[str, Any]] = field(default_factory=list)


def years_with_ledger(local_authority_id: int) -> list[int]:
    """Financial years (by starting year) that have any ledger line, newest first."""
    return sorted(
        set(
            LedgerLine.objects.filter(local_authority_id=local_authority_id)
            .order_by()
            .values_list("financial_year", flat=True)
            .distinct()
        ),
        reverse=True,
    )


def fingerprint(local_authority_id: int, year: int) -> tuple[Any, ...]:
    """What changes whenever a figure on the page could change: the ledger lines of the year
    (count and highest id: ledger lines are written once and corrected by a reversing line,
    and recomputed placement lines are new rows, so both move on every change; read from the
    index alone), the budget lines (count, sum, latest save) and the engagements. Used in the
    cache key, so the cache never needs invalidating."""
    ledger = LedgerLine.objects.filter(local_authority_id=local_authority_id, financial_year=year).aggregate(
        n=Count("pk"), top=Max("pk")
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
    # High Needs Block money, summed per child and per cell of the page. Grouping by the
    # setting's id (not its kind) keeps the join out of the query; kinds are mapped below.
    rows = (
        LedgerLine.objects.filter(
            local_authority_id=local_authority_id, financial_year=year, funding_source=FundingSource.HNB
        )
        .values("child_id", "category", "s251_line", "setting_id")
        .annotate(total=Sum("amount_pence"))
        .order_by()
        .values_list("child_id", "category", "s251_line", "setting_id", "total")
    )
    rows = list(rows)
    ids = {r[3] for r in rows if r[3] is not None}
    kinds = dict(Setting.objects.filter(pk__in=ids).values_list("pk", "kind"))
    support = frozenset(support_lines())
    hnb = FundingSource.HNB.value
    for child, category, line, setting_id, total in rows:
        _add(out, support, child, category, line, hnb, "", kinds.get(setting_id), "", int(total or 0))
    # Tribunal costs, from any funding source, per item and child.
    for child, component, funding, total in (
        LedgerLine.objects.filter(
            local_authority_id=local_authority_id, financial_year=year, category=Category.TRIBUNAL
        )
        .values("child_id", "component", "funding_source")
        .annotate(total=Sum("amount_pence"))
        .order_by()
        .values_list("child_id", "component", "funding_source", "total")
    ):
        out.tribunal_by_component[component].add(child, int(total or 0))
        out.tribunal_by_funding[funding].add(child, int(total or 0))
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
    """One grouped row given as a dict (tests build ledgers this way)."""
    _add(
        out,
        frozenset(support_lines()),
        r["child_id"],
        r["category"],
        r["s251_line"],
        r["funding_source"],
        r["component"],
        r["setting__kind"],
        r["kind"],
        int(r["total"] or 0),
    )


def _add(
    out: YearLedger,
    support: frozenset[str],
    child: int | None,
    category: str,
    line: str,
    funding: str,
    component: str,
    setting_kind: str | None,
    kind: str,
    pence: int,
) -> None:
    if category == Category.TRIBUNAL and component:
        out.tribunal_by_component[component].add(child, pence)
        out.tribunal_by_funding[funding].add(child, pence)
    if funding != FundingSource.HNB:
        return
    out.hnb_total.add(child, pence)
    out.by_category[category].add(child, pence)
    out.by_line[line].add(child, pence)
    placement = category in PLACEMENT_CATEGORY_VALUES
    if setting_kind and placement:
        out.by_setting_kind[setting_kind].add(child, pence)
    if line in support:
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
