"""Value for money: what High Needs placements cost against the progress children make
towards their plan outcomes (funding.md §6.1 item 6), for managers and the advisory group.

For each child with HNB placement costs in the year: the cost (ledger lines in the placement
categories, paid from the HNB), the setting that took most of it, the outcomes of the child's
latest issued plan version with the area of need each addresses (section E outcome → its
section B needs), and the latest rating of each school target under those outcomes (the
``progress`` app). Then, per type of provision, per area of need and per setting:

- children, HNB spend and the average per child;
- outcomes, and cost per outcome (the spend on children with a plan's outcomes ÷ those
  outcomes; a child's cost is shared equally between their outcomes, and an outcome linked to
  several areas is shared equally between them);
- targets with a rating, and the share whose latest rating is secure or achieved.

Progress is shown only where it exists: a type of provision with no ratings shows ``x``. The
tables go through the same suppression service as the public page, because this page is meant
to be shown to the advisory group, not only to officers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import Sum

from sendpath.common.suppression import (
    TOTAL,
    Column,
    Figure,
    Kind,
    Publication,
    Rule,
    Table,
    publish,
)
from sendpath.funding.codes import PLACEMENT_CATEGORIES, FundingSource
from sendpath.funding.models import LedgerLine
from sendpath.organisations.models import SettingKind
from sendpath.plans.models import NeedArea, Outcome, Plan, VersionStatus
from sendpath.progress.models import Level, Rating

GOOD = frozenset({Level.SECURE.value, Level.ACHIEVED.value})


@dataclass
class Child:
    pence: int = 0
    by_setting: dict[int, int] = field(default_factory=dict)
    outcomes: dict[str, set[str]] = field(default_factory=dict)  # outcome key → areas
    rated: int = 0
    good: int = 0

    @property
    def setting_id(self) -> int:
        return max(self.by_setting.items(), key=lambda kv: (kv[1], -kv[0]))[0]


@dataclass
class Group:
    """Totals for one row: a type of provision, an area of need or a setting."""

    label: str
    by_child: dict[int, Fraction] = field(default_factory=dict)
    outcomes: Fraction = Fraction(0)
    planned: Fraction = Fraction(0)  # spend on the children who have outcomes
    rated: int = 0
    good: int = 0
    rated_children: set[int] = field(default_factory=set)

    @property
    def pence(self) -> Fraction:
        return sum(self.by_child.values(), Fraction(0))


def children_costs(local_authority_id: int, year: int) -> tuple[dict[int, Child], dict[int, tuple[str, str]]]:
    """Each child's HNB placement cost in the FY, by setting; and each setting's (name, kind)."""
    rows = (
        LedgerLine.objects.filter(
            local_authority_id=local_authority_id,
            financial_year=year,
            funding_source=FundingSource.HNB,
            category__in=[c.value for c in PLACEMENT_CATEGORIES],
            child__isnull=False,
            setting__isnull=False,
        )
        .values("child_id", "setting_id", "setting__name", "setting__kind")
        .annotate(total=Sum("amount_pence"))
        .order_by()
    )
    kids: dict[int, Child] = defaultdict(Child)
    settings: dict[int, tuple[str, str]] = {}
    for r in rows:
        c = kids[r["child_id"]]
        pence = int(r["total"] or 0)
        c.pence += pence
        c.by_setting[r["setting_id"]] = c.by_setting.get(r["setting_id"], 0) + pence
        settings[r["setting_id"]] = (r["setting__name"], r["setting__kind"])
    return {k: v for k, v in kids.items() if v.pence > 0}, settings


def attach_outcomes_and_progress(local_authority_id: int, kids: dict[int, Child]) -> None:
    """Outcomes (with areas) of each child's latest issued plan version, and the latest rating
    of every target under them."""
    plan_child = dict(
        Plan.objects.filter(local_authority_id=local_authority_id, child_id__in=list(kids)).values_list(
            "pk", "child_id"
        )
    )
    latest: dict[int, int] = {}
    rows = list(
        Outcome.objects.filter(
            version__plan_id__in=list(plan_child), version__status=VersionStatus.ISSUED
        ).values("version__plan_id", "version__number", "key", "needs__area")
    )
    for r in rows:
        p = r["version__plan_id"]
        latest[p] = max(latest.get(p, 0), r["version__number"])
    for r in rows:
        p = r["version__plan_id"]
        if r["version__number"] != latest[p]:
            continue
        child = kids[plan_child[p]]
        areas = child.outcomes.setdefault(r["key"], set())
        if r["needs__area"]:
            areas.add(r["needs__area"])
    last: dict[int, tuple[Any, str, int, str]] = {}
    for r in Rating.objects.filter(target__plan_id__in=list(plan_child), target__active=True).values(
        "target_id", "target__plan_id", "target__outcome_key", "level", "rated_at", "pk"
    ):
        prev = last.get(r["target_id"])
        if prev is None or (r["rated_at"], r["pk"]) > (prev[0], prev[2]):
            last[r["target_id"]] = (
                r["rated_at"],
                r["level"],
                r["pk"],
                f"{r['target__plan_id']}:{r['target__outcome_key']}",
            )
    for _, level, _, ref in last.values():
        plan_id, key = ref.split(":", 1)
        child = kids[plan_child[int(plan_id)]]
        if key not in child.outcomes:
            continue  # a target under an outcome no longer in the plan
        child.rated += 1
        child.good += level in GOOD


def _groups(
    kids: dict[int, Child], settings: dict[int, tuple[str, str]]
) -> tuple[dict[str, Group], dict[str, Group], dict[int, Group]]:
    by_kind: dict[str, Group] = {}
    by_area: dict[str, Group] = {}
    by_setting: dict[int, Group] = {}
    for child_id, c in kids.items():
        sid = c.setting_id
        name, kind = settings[sid]
        for g in (
            by_kind.setdefault(kind, Group(SettingKind(kind).label if kind in SettingKind.values else kind)),
            by_setting.setdefault(sid, Group(name)),
        ):
            g.by_child[child_id] = g.by_child.get(child_id, Fraction(0)) + c.pence
            g.outcomes += len(c.outcomes)
            if c.outcomes:
                g.planned += c.pence
            g.rated += c.rated
            g.good += c.good
            if c.rated:
                g.rated_children.add(child_id)
        if not c.outcomes:
            continue
        per_outcome = Fraction(c.pence, len(c.outcomes))
        for _key, areas in c.outcomes.items():
            areas = areas or {"unlinked"}
            for area in areas:
                label = NeedArea(area).label if area in NeedArea.values else "Outcomes not linked to a need"
                g = by_area.setdefault(area, Group(label))
                g.by_child[child_id] = g.by_child.get(child_id, Fraction(0)) + per_outcome / len(areas)
                g.outcomes += Fraction(1, len(areas))
                g.planned += per_outcome / len(areas)
    # Progress by area: the child's rated targets shared by their outcomes' areas.
    for child_id, c in kids.items():
        if not c.rated or not c.outcomes:
            continue
        areas = {a for s in c.outcomes.values() for a in (s or {"unlinked"})}
        for a in areas:
            g = by_area[a]
            g.rated_children.add(child_id)
    return by_kind, by_area, by_setting


COLUMNS = [
    Column("children", "Children"),
    Column("spend", "HNB spend", Kind.MONEY),
    Column("average", "Average per child", Kind.MONEY_AVERAGE),
    Column("outcomes", "Outcomes in plans", Kind.NUMBER),
    Column("per_outcome", "Cost per outcome", Kind.MONEY_AVERAGE),
    Column("progress", "Targets secure or achieved", Kind.PERCENT),
]


def _row_figures(g: Group, *, with_progress: bool = True) -> dict[str, Figure]:
    n = len(g.by_child)
    pence = g.pence
    largest = int(max(g.by_child.values(), default=0))
    cells: dict[str, Figure] = {
        "children": Figure(children=n),
        "spend": Figure(children=n, value=pence, kind=Kind.MONEY, largest=largest)
        if n
        else Figure(value=0, kind=Kind.MONEY),
    }
    cells["average"] = (
        Figure(
            children=n,
            value=pence / n,
            kind=Kind.MONEY_AVERAGE,
            largest=largest,
            depends_on=("children", "spend"),
        )
        if n
        else Figure(kind=Kind.MONEY_AVERAGE, missing="z")
    )
    cells["outcomes"] = Figure(children=n, value=g.outcomes, kind=Kind.NUMBER, depends_on=("children",))
    # Dominance is checked on the spend this is divided from (depends_on), so largest is 0 here.
    cells["per_outcome"] = (
        Figure(
            children=n,
            value=g.planned / g.outcomes,
            kind=Kind.MONEY_AVERAGE,
            largest=0,
            depends_on=("spend",),
        )
        if g.outcomes
        else Figure(kind=Kind.MONEY_AVERAGE, missing="z")
    )
    if with_progress and g.rated:
        cells["progress"] = Figure(
            children=(len(g.rated_children),), value=Fraction(100 * g.good, g.rated), kind=Kind.PERCENT
        )
    else:
        cells["progress"] = Figure(kind=Kind.PERCENT, missing="x")
    return cells


@dataclass
class ValueForMoney:
    year: int
    label: str
    publication: Publication
    tables: list[str]
    settings_listed: int


def value_for_money(local_authority_id: int, year: int, rule: Rule, label: str) -> ValueForMoney:
    kids, settings = children_costs(local_authority_id, year)
    attach_outcomes_and_progress(local_authority_id, kids)
    by_kind, by_area, by_setting = _groups(kids, settings)

    t_kind = Table(
        "by_provision", "Cost and progress by type of provision", COLUMNS, row_header="Type of provision"
    )
    for kind in SettingKind:
        if kind.value in by_kind:
            t_kind.add_row(kind.value, by_kind[kind.value].label, **_row_figures(by_kind[kind.value]))
    if by_kind:
        everyone = _merge(by_kind.values(), "All types of provision")
        total = _row_figures(everyone)
        t_kind.set_total(everyone.label, children=total["children"], spend=total["spend"])

    t_area = Table("by_area", "Cost per outcome by area of need", COLUMNS, row_header="Area of need")
    for area in [*NeedArea.values, "unlinked"]:
        if area in by_area:
            g = by_area[area]
            cells = _row_figures(g)
            # Targets are counted per child, not per area: show only the cost side here.
            cells["progress"] = Figure(kind=Kind.PERCENT, missing="z")
            cells.pop("average")
            t_area.add_row(area, g.label, **cells)

    t_setting = Table("by_setting", "Cost and progress by setting", COLUMNS, row_header="Setting")
    ordered = sorted(by_setting.items(), key=lambda kv: (kv[1].label, kv[0]))
    for sid, g in ordered:
        t_setting.add_row(
            f"s{sid}", f"{g.label} ({SettingKind(settings[sid][1]).label.lower()})", **_row_figures(g)
        )
    if by_setting:
        everyone = _merge(by_setting.values(), "All settings")
        total = _row_figures(everyone)
        t_setting.set_total(everyone.label, children=total["children"], spend=total["spend"])

    pub = publish([t_kind, t_area, t_setting], rule=rule)
    return ValueForMoney(year, label, pub, ["by_provision", "by_area", "by_setting"], len(by_setting))


def _merge(groups: Iterable[Group], label: str) -> Group:
    out = Group(label)
    for g in groups:
        for k, v in g.by_child.items():
            out.by_child[k] = out.by_child.get(k, Fraction(0)) + v
        out.outcomes += g.outcomes
        out.planned += g.planned
        out.rated += g.rated
        out.good += g.good
        out.rated_children |= g.rated_children
    return out


__all__ = ["TOTAL", "ValueForMoney", "value_for_money"]
