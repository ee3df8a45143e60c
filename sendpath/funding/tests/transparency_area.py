"""A small synthetic area with a High Needs ledger built to exercise every suppression rule on
the public summary: a type of setting with 4 children (primary), an independent school where
one residential placement is most of the cost (dominance), and counts that need secondary
suppression. Shared by the transparency tests and the browser test."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from sendpath.funding.codes import Category, Component, FundingSource, LedgerKind
from sendpath.funding.models import BudgetLine, ConsultantEngagement, LedgerLine, Supplier
from sendpath.organisations.models import Phase, SettingKind
from sendpath.plans.models import Need, Outcome, PlanVersion, VersionStatus
from sendpath.progress.models import Level, Rating, Target
from tests import factories as f

YEAR = 2025
POUND = 100

#: (setting kind, category, s251 line, children, £ each) — and one residential child below.
PLACEMENTS = (
    (SettingKind.MAINSTREAM, Category.MAINSTREAM, "1.2.1", 60, 6_000),
    (SettingKind.SPECIAL, Category.SPECIAL, "1.2.2", 40, 24_000),
    (SettingKind.INDEPENDENT_SPECIAL, Category.INDEPENDENT, "1.2.3", 14, 55_000),
    (SettingKind.ALTERNATIVE, Category.ALTERNATIVE, "1.2.1", 25, 18_000),
    (SettingKind.FE_COLLEGE, Category.POST16, "1.2.2", 30, 12_000),
    (SettingKind.RESOURCED, Category.RESOURCED, "1.2.1", 4, 15_000),
)
RESIDENTIAL_POUNDS = 1_000_000  # one child: £1.0m of £1.77m in independent schools (56%)


def line(la: Any, *, pence: int, category: str, s251: str, child: Any = None, setting: Any = None,
         supplier: Any = None, component: str = Component.TOP_UP, funding: str = FundingSource.HNB,
         kind: str = LedgerKind.ACTUAL, year: int = YEAR, source_id: str = "", engagement: Any = None,
         plan: Any = None) -> LedgerLine:  # fmt: skip
    start = dt.date(year, 4, 1)
    return LedgerLine(
        local_authority=la,
        financial_year=year,
        period_start=start,
        period_end=dt.date(year + 1, 3, 31),
        kind=kind,
        amount_pence=pence,
        category=category,
        component=component,
        s251_line=s251,
        funding_source=funding,
        eligibility_reason="test" if funding == FundingSource.HNB else "",
        child=child,
        plan=plan,
        setting=setting,
        supplier=supplier,
        engagement=engagement,
        source_type="tribunal" if source_id else "",
        source_id=source_id,
    )


def make_public_area(*, with_progress: bool = False, name: str = "Sendshire Council") -> SimpleNamespace:
    la = f.LocalAuthorityFactory(name=name)
    lines: list[LedgerLine] = []
    settings = {}
    children_by_kind: dict[str, list[Any]] = {}
    for kind, category, s251, n, each in PLACEMENTS:
        phase = Phase.PRIMARY if kind != SettingKind.SPECIAL else Phase.ALL_THROUGH
        setting = f.SettingFactory(local_authority=la, kind=kind, phase=phase, name=f"{kind.label} one")
        settings[kind.value] = setting
        kids = [f.ChildFactory(local_authority=la) for _ in range(n)]
        children_by_kind[kind.value] = kids
        for child in kids:
            lines.append(
                line(la, pence=each * POUND, category=category, s251=s251, child=child, setting=setting)
            )
    resident = f.ChildFactory(local_authority=la)
    children_by_kind[SettingKind.INDEPENDENT_SPECIAL.value].append(resident)
    lines.append(
        line(
            la,
            pence=RESIDENTIAL_POUNDS * POUND,
            category=Category.INDEPENDENT,
            s251="1.2.3",
            child=resident,
            setting=settings[SettingKind.INDEPENDENT_SPECIAL.value],
            component=Component.RESIDENTIAL,
        )
    )
    support = Supplier.objects.create(local_authority=la, name="Vision Support", kind="support_service")
    lines.append(
        line(la, pence=800_000 * POUND, category=Category.SUPPORT_SERVICES, s251="1.2.5", supplier=support)
    )
    lines.append(line(la, pence=150_000 * POUND, category=Category.INCLUSION, s251="1.2.8", supplier=support))
    # Tribunal costs (general fund): legal costs for 12 appeals, expert evidence for 3.
    legal = Supplier.objects.create(local_authority=la, name="Law firm", kind="legal")
    appellants = children_by_kind[SettingKind.MAINSTREAM.value][:12]
    for i, child in enumerate(appellants):
        lines.append(
            line(
                la,
                pence=8_000 * POUND,
                category=Category.TRIBUNAL,
                s251="2.1.2",
                child=child,
                supplier=legal,
                component=Component.LEGAL,
                funding=FundingSource.GENERAL_FUND,
                source_id=str(i + 1),
            )  # fmt: skip
        )
    for i, child in enumerate(appellants[:3]):
        lines.append(
            line(
                la,
                pence=2_000 * POUND,
                category=Category.TRIBUNAL,
                s251="2.1.2",
                child=child,
                supplier=legal,
                component=Component.EXPERT,
                funding=FundingSource.GENERAL_FUND,
                source_id=str(i + 1),
            )  # fmt: skip
        )
    consultancy = Supplier.objects.create(local_authority=la, name="Banding Partners Ltd", kind="consultant")
    big = ConsultantEngagement.objects.create(
        local_authority=la,
        supplier=consultancy,
        purpose="banding",
        purpose_detail="Review of top-up bands",
        start_on=dt.date(YEAR, 5, 1),
        contract_value_pence=62_500 * POUND,
        impact_statement="New bands agreed by schools forum",
    )
    small = ConsultantEngagement.objects.create(
        local_authority=la,
        supplier=consultancy,
        purpose="diagnostic",
        purpose_detail="Half-day workshop",
        start_on=dt.date(YEAR, 6, 1),
        contract_value_pence=3_000 * POUND,
    )
    lines.append(line(la, pence=45_000 * POUND, category=Category.CONSULTANTS, s251="1.2.8", supplier=consultancy,
                      engagement=big))  # fmt: skip
    lines.append(line(la, pence=3_000 * POUND, category=Category.CONSULTANTS, s251="1.2.8", supplier=consultancy,
                      engagement=small))  # fmt: skip
    LedgerLine.objects.bulk_create(lines)
    for s251, pounds in (("1.2.1", 250_000), ("1.2.2", 450_000), ("1.2.3", 1_500_000), ("1.2.5", 800_000)):
        BudgetLine.objects.create(
            local_authority=la, financial_year=YEAR, s251_line=s251, category=Category.MAINSTREAM,
            amount_pence=pounds * POUND,
        )  # fmt: skip
    area = SimpleNamespace(la=la, settings=settings, children=children_by_kind, resident=resident)
    if with_progress:
        add_progress(area)
    return area


def add_progress(area: SimpleNamespace) -> None:
    """Plans with two outcomes for the special school's 40 children; half of them secure."""
    for i, child in enumerate(area.children[SettingKind.SPECIAL.value]):
        plan = f.PlanFactory(child=child, local_authority=area.la)
        LedgerLine.objects.filter(child=child).update(plan=plan)
        version = PlanVersion.objects.create(
            plan=plan, number=1, status=VersionStatus.ISSUED, issued_on=f.today()
        )
        need = Need.objects.create(version=version, key="n1", area="communication", description="Speech")
        for key in ("o1", "o2"):
            o = Outcome.objects.create(version=version, key=key, text="Talks in class", timeframe="By July")
            o.needs.add(need)
            target = Target.objects.create(plan=plan, outcome_key=key, text="Answers a question")
            level = Level.SECURE if (i % 2 == 0) else Level.DEVELOPING
            Rating.objects.create(target=target, level=Level.EMERGING)
            Rating.objects.create(
                target=target,
                level=level,
                rated_at=Rating.objects.latest("pk").rated_at + dt.timedelta(minutes=1),
            )
