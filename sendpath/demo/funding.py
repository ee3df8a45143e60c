"""Demo High Needs money: band tables and setting tariffs changing each 1 April, every
placement costed, three financial years of ledger (support services, therapies, direct
payments, consultants, hospital education, AP, inclusion funding), transport in its own
general-fund ledger, and a budget.

Amounts are illustrative, shaped by the dated benchmarks in domain/funding.md §1.10 (Devon
bands, special school tariffs £11k–£18k, INMSS fees around £57k–£65k). Everything is
bulk-created: placements are updated in a few grouped UPDATEs, never one by one.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from sendpath.accounts.roles import Role
from sendpath.funding.annualise import financial_year_of, fy_bounds
from sendpath.funding.bulk import insert_rows, update_rows
from sendpath.funding.codes import (
    Category,
    Component,
    FundingSource,
    Governance,
    S251Line,
    TopUpBasis,
    funding_source_for,
)
from sendpath.funding.models import (
    BandRate,
    BandScheme,
    BudgetLine,
    ConsultantEngagement,
    EngagementPurpose,
    LedgerLine,
    Placement,
    ProviderTariff,
    Supplier,
    TransportLine,
    fill_from_setting,
)
from sendpath.funding.services import PLACEMENT_FUNDING_FIELDS, recompute_placement_costs
from sendpath.organisations.models import LocalAuthority

BATCH = 2000
#: Mainstream bands in the first demo year (Devon's 2022/23 bands and two above them).
BANDS = {"B1": 160_000, "B2": 310_000, "B3": 450_000, "B4": 650_000, "B5": 900_000}
BAND_WEIGHTS = {"B1": 25, "B2": 30, "B3": 25, "B4": 13, "B5": 7}
#: Uplift of rates at each 1 April after the first demo year.
UPLIFTS = (1.0, 1.03, 1.065)
#: Annual top-up or fee range per kind of setting, in pence, first demo year.
TARIFFS = {
    "special": (1_140_000, 1_760_000),
    "resourced": (600_000, 950_000),
    "independent_special": (4_500_000, 7_500_000),
    "fe_college": (550_000, 900_000),
    "alternative": (800_000, 1_400_000),
}


def make_funding_demo(b: Any, la: LocalAuthority, staff: dict[str, list[Any]]) -> None:
    """Everything above for the demo area ``la``; ``b`` is the generator's builder."""
    rng = random.Random(b.seed * 13 + 5)
    first_year = financial_year_of(b.today) - 2
    years = [first_year, first_year + 1, first_year + 2]
    finance = (staff.get(Role.FINANCE) or [None])[0]
    scheme = _bands(b, la, years, finance)
    placements = list(Placement.objects.filter(plan__local_authority=la).select_related("setting", "plan"))
    settings = {p.setting_id: p.setting for p in placements}
    nmss = _tariffs(b, rng, settings, years)
    _cost_placements(b, rng, la, placements, scheme, nmss)
    for year in years:
        recompute_placement_costs(la.pk, year, on=b.today)
    b.counts["ledger lines (placements)"] += LedgerLine.objects.filter(local_authority=la).count()
    suppliers = _suppliers(b, la)
    _other_costs(b, rng, la, years, suppliers, placements, finance)
    _transport(b, rng, la, years, suppliers, placements)
    _budget(b, la, years, finance)


def _bands(b: Any, la: LocalAuthority, years: list[int], finance: Any) -> BandScheme:
    scheme = BandScheme.objects.create(
        local_authority=la,
        name=f"{la.name.split(' (')[0]} mainstream top-up bands",
        description="Element 3 for pupils with EHC plans in mainstream schools and nurseries.",
    )
    rates = []
    for n, year in enumerate(years):
        start, end = fy_bounds(year)
        for code, pence in BANDS.items():
            rates.append(
                BandRate(
                    scheme=scheme,
                    code=code,
                    descriptor=f"Band {code[1]}",
                    annual_pence=round(pence * UPLIFTS[n] / 100) * 100,
                    valid_from=start,
                    valid_to=None if year == years[-1] else end,
                    source_name="Demo: schools forum decision",
                    source_date=start - dt.timedelta(days=60),
                    updated_by=finance,
                )
            )
    b.bulk(BandRate, rates)
    return scheme


def _tariffs(b: Any, rng: random.Random, settings: dict[int, Any], years: list[int]) -> set[int]:
    """Each special, resourced, independent, FE and AP setting's own dated rate. Returns
    the independent settings run as non-maintained special schools (charities)."""
    tariffs, nmss = [], set()
    for setting in settings.values():
        span = TARIFFS.get(setting.kind)
        if span is None:
            continue
        if setting.kind == "independent_special" and rng.random() < 0.25:
            nmss.add(setting.pk)
        base = rng.randint(*span) // 100 * 100
        for n, year in enumerate(years):
            start, end = fy_bounds(year)
            tariffs.append(
                ProviderTariff(
                    setting=setting,
                    rate_type="annual_fee" if setting.kind == "independent_special" else "top_up",
                    amount_pence=round(base * UPLIFTS[n] / 100) * 100,
                    valid_from=start,
                    valid_to=None if year == years[-1] else end,
                    description="Demo agreed rate",
                )
            )
    b.bulk(ProviderTariff, tariffs)
    return nmss


def _cost_placements(
    b: Any,
    rng: random.Random,
    la: LocalAuthority,
    placements: list[Placement],
    scheme: BandScheme,
    nmss: set[int],
) -> None:
    """Fill every placement's funding, then write it in grouped UPDATEs."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    singles: list[Placement] = []
    for p in placements:
        s = p.setting
        if s.kind == "independent_special" and s.pk in nmss:
            p.governance = Governance.NMSS
        elif s.kind == "mainstream" and s.phase == "secondary" or s.kind == "special" and s.pk % 2:
            p.governance = Governance.ACADEMY
        p.resident_la_id = la.pk
        fill_from_setting(p, s, la.pk)
        if s.kind in ("mainstream", "early_years"):
            if s.kind == "mainstream" and rng.random() < 0.015:
                p.top_up_basis = TopUpBasis.BESPOKE
                p.bespoke_annual_pence = rng.randint(120, 250) * 10_000
                p.bespoke_reason = "Costed provision map: full-time 1:1 support and a quiet space"
                p.bespoke_approved_by = "High Needs panel"
                p.bespoke_approved_on = p.start_on
            else:
                p.top_up_basis = TopUpBasis.BAND
                p.band_scheme_id = scheme.pk
                p.band_code = (
                    b.pick({"B1": 60, "B2": 40}) if s.kind == "early_years" else b.pick(BAND_WEIGHTS)
                )
        else:
            p.top_up_basis = TopUpBasis.TARIFF
        if s.kind == "independent_special" and rng.random() < 0.25:
            p.residential = True
            p.residential_annual_pence = rng.randint(40, 90) * 100_000
            p.education_percent, p.social_care_percent, p.health_percent = 60, 30, 10
            p.extras_annual_pence = rng.choice((0, 0, 850_000, 1_500_000))
        if p.top_up_basis == TopUpBasis.BESPOKE or p.residential:
            singles.append(p)
            continue
        key = tuple(
            (f, getattr(p, f))
            for f in (
                "governance",
                "category",
                "s251_line",
                "s251_column",
                "provider_la_id",
                "commissioning_la_id",
                "resident_la_id",
                "place_funded_by",
                "place_pence",
                "top_up_basis",
                "band_scheme_id",
                "band_code",
            )
        )
        groups[key].append(p.pk)
    for key, ids in groups.items():
        values = dict(key)
        for i in range(0, len(ids), BATCH):
            Placement.objects.filter(pk__in=ids[i : i + BATCH]).update(**values)
    if singles:
        update_rows(Placement, singles, PLACEMENT_FUNDING_FIELDS)


SUPPLIERS = [
    ("ep", "Educational Psychology Service", "support_service"),
    ("teaching", "Learning, Communication and Interaction Team", "support_service"),
    ("semh", "Social, Emotional and Mental Health Team", "support_service"),
    ("hearing", "Hearing Support Team", "support_service"),
    ("vision", "Vision Support Team", "support_service"),
    ("nhs", "Community Health NHS Trust (therapies)", "therapy"),
    ("therapy", "Talking Hands Therapy Ltd", "therapy"),
    ("dp", "Direct payments to families", "family"),
    ("hospital", "Royal Infirmary Hospital School", "hospital"),
    ("tuition", "Medical and Home Tuition Service", "ap"),
    ("diagnostic", "Northgate Public Sector Advisory LLP", "consultant"),
    ("banding", "Banding Insight Ltd", "consultant"),
    ("places", "Spaces and Places Feasibility Partners", "consultant"),
    ("interim", "Interim SEND Leadership Ltd", "agency"),
    ("taxi", "City Cars Contract Transport", "transport"),
    ("minibus", "Community Minibus Trust", "transport"),
    ("ptb", "Personal transport budgets (families)", "family"),
]


def _suppliers(b: Any, la: LocalAuthority) -> dict[str, Supplier]:
    made = {key: Supplier(local_authority=la, name=name, kind=kind) for key, name, kind in SUPPLIERS}
    b.bulk(Supplier, list(made.values()))
    return made


def _months(year: int) -> list[tuple[dt.date, dt.date]]:
    """The twelve calendar months of FY ``year``."""
    out = []
    for m in range(12):
        month = (3 + m) % 12 + 1
        y = year if month >= 4 else year + 1
        first = dt.date(y, month, 1)
        nxt = dt.date(y + (month == 12), month % 12 + 1, 1)
        out.append((first, nxt - dt.timedelta(days=1)))
    return out


def _line(
    la: LocalAuthority, start: dt.date, end: dt.date, pence: int, category: str, component: str, **kw: Any
) -> LedgerLine:
    line = (
        kw.pop("s251_line", "")
        or {
            Category.SUPPORT_SERVICES: S251Line.SUPPORT_SERVICES,
            Category.THERAPIES: S251Line.THERAPIES,
            Category.DIRECT_PAYMENTS: S251Line.DIRECT_PAYMENTS,
            Category.HOSPITAL: S251Line.HOSPITAL,
            Category.ALTERNATIVE: S251Line.OTHER_AP,
            Category.INCLUSION: S251Line.INCLUSION,
            Category.CONSULTANTS: S251Line.INCLUSION,
            Category.AGENCY: S251Line.GF_SEN_ADMIN,
        }[category]
    )
    source = kw.pop("funding_source", "") or funding_source_for(line)
    for relation in ("supplier", "engagement"):
        if relation in kw:
            kw[f"{relation}_id"] = kw.pop(relation).pk
    return dict(
        local_authority_id=la.pk,
        financial_year=financial_year_of(start),
        period_start=start,
        period_end=end,
        amount_pence=pence,
        category=category,
        component=component,
        s251_line=line,
        funding_source=source,
        eligibility_reason=kw.pop("eligibility_reason", "demo" if source == FundingSource.HNB else ""),
        **kw,
    )


def _other_costs(
    b: Any,
    rng: random.Random,
    la: LocalAuthority,
    years: list[int],
    sup: dict[str, Supplier],
    placements: list[Placement],
    finance: Any,
) -> None:
    """Costs that are not placements, month by month up to today."""
    scale = max(1, b.n_plans) / 1000  # a 1,000-plan area's team costs, scaled
    teams = {
        "ep": (Component.EDUCATIONAL_PSYCHOLOGY, 2_600_000),
        "teaching": (Component.SPECIALIST_TEACHING, 3_400_000),
        "semh": (Component.SPECIALIST_TEACHING, 2_900_000),
        "hearing": (Component.SENSORY, 1_500_000),
        "vision": (Component.SENSORY, 1_100_000),
    }
    lines: list[dict[str, Any]] = []
    mainstream = sorted({p.setting_id for p in placements if p.setting.kind == "mainstream"})
    children = [p for p in placements if p.end_on is None]
    therapy_children = rng.sample(children, k=min(len(children), max(1, len(children) * 3 // 100)))
    dp_children = rng.sample(children, k=min(len(children), max(1, len(children) // 100)))
    engagements = _engagements(b, la, years, sup, finance)
    for n, year in enumerate(years):
        uplift = UPLIFTS[n]
        for start, end in _months(year):
            if start > b.today:
                break
            for key, (component, monthly) in teams.items():
                pence = round(monthly * scale * uplift * rng.uniform(0.9, 1.1))
                lines.append(
                    _line(la, start, end, pence, Category.SUPPORT_SERVICES, component, supplier=sup[key])
                )
            lines.append(
                _line(
                    la,
                    start,
                    end,
                    round(1_800_000 * scale * uplift),
                    Category.HOSPITAL,
                    Component.HOSPITAL_EDUCATION,
                    supplier=sup["hospital"],
                )
            )
            lines.append(
                _line(
                    la,
                    start,
                    end,
                    round(1_200_000 * scale * uplift * rng.uniform(0.8, 1.2)),
                    Category.ALTERNATIVE,
                    Component.ALTERNATIVE_PROVISION,
                    supplier=sup["tuition"],
                )
            )
            for engagement, monthly in engagements:
                if engagement.start_on <= end and (engagement.end_on is None or engagement.end_on >= start):
                    lines.append(
                        _line(
                            la,
                            start,
                            end,
                            monthly,
                            engagement.category,
                            Component.CONSULTANCY
                            if engagement.category == Category.CONSULTANTS
                            else Component.AGENCY_STAFF,
                            supplier=engagement.supplier,
                            engagement=engagement,
                            funding_source=engagement.funding_source,
                            s251_line=""
                            if engagement.funding_source == FundingSource.HNB
                            else S251Line.GF_SEN_ADMIN,
                            description=engagement.purpose_detail[:200],
                        )
                    )
            if start.month in (4, 9, 1) and mainstream:
                # Termly inclusion fund payments to mainstream schools (no EHC plan needed).
                for setting_id in rng.sample(mainstream, k=max(1, len(mainstream) // 5)):
                    lines.append(
                        _line(
                            la,
                            start,
                            end,
                            rng.randint(20, 80) * 10_000,
                            Category.INCLUSION,
                            Component.OTHER,
                            setting_id=setting_id,
                            description="SEN inclusion fund (non-statutory)",
                        )
                    )
                for p in therapy_children:
                    if p.start_on <= end:
                        lines.append(
                            _line(
                                la,
                                start,
                                end,
                                rng.randint(9, 30) * 10_000,
                                Category.THERAPIES,
                                Component.THERAPY,
                                supplier=sup[rng.choice(("nhs", "therapy"))],
                                child_id=p.plan.child_id,
                                plan_id=p.plan_id,
                                description=rng.choice(
                                    ("Speech and language therapy", "Occupational therapy", "Physiotherapy")
                                ),
                            )
                        )
            if start.month in (4, 7, 10, 1):
                for p in dp_children:
                    if p.start_on <= end:
                        lines.append(
                            _line(
                                la,
                                start,
                                end,
                                rng.randint(8, 25) * 10_000,
                                Category.DIRECT_PAYMENTS,
                                Component.DIRECT_PAYMENT,
                                supplier=sup["dp"],
                                child_id=p.plan.child_id,
                                plan_id=p.plan_id,
                            )
                        )
    b.counts["ledger lines"] += insert_rows(LedgerLine, lines)


def _engagements(
    b: Any, la: LocalAuthority, years: list[int], sup: dict[str, Supplier], finance: Any
) -> list[tuple[ConsultantEngagement, int]]:
    """Four engagements with their purposes; each with its monthly invoice."""
    first = fy_bounds(years[0])[0]
    made = [
        (
            ConsultantEngagement(
                local_authority=la,
                supplier=sup["diagnostic"],
                purpose=EngagementPurpose.DIAGNOSTIC,
                purpose_detail="Diagnostic of High Needs spending growth and a recovery plan",
                procurement_route="Framework call-off",
                approved_by="Director of Children's Services",
                approved_on=first,
                start_on=first + dt.timedelta(days=30),
                end_on=first + dt.timedelta(days=240),
                contract_value_pence=18_000_000,
                funding_source=FundingSource.HNB,
                criteria_met=True,
                criteria_note="Value over £100k: three quotes, business case to schools forum",
                impact_statement="Identified the growth in independent placements; led to the DSP programme.",
            ),
            2_200_000,
        ),
        (
            ConsultantEngagement(
                local_authority=la,
                supplier=sup["banding"],
                purpose=EngagementPurpose.BANDING,
                purpose_detail="Review of mainstream top-up bands",
                procurement_route="Three quotes",
                approved_by="Head of SEND",
                approved_on=first + dt.timedelta(days=300),
                start_on=first + dt.timedelta(days=330),
                end_on=first + dt.timedelta(days=450),
                contract_value_pence=4_500_000,
                funding_source=FundingSource.HNB,
                criteria_met=True,
                impact_statement="New band descriptors adopted from 1 April.",
            ),
            1_100_000,
        ),
        (
            ConsultantEngagement(
                local_authority=la,
                supplier=sup["places"],
                purpose=EngagementPurpose.SUFFICIENCY,
                purpose_detail="Feasibility studies for new special school places",
                procurement_route="Cabinet decision",
                approved_by="Cabinet",
                approved_on=first + dt.timedelta(days=400),
                start_on=first + dt.timedelta(days=420),
                end_on=first + dt.timedelta(days=600),
                contract_value_pence=21_000_000,
                funding_source=FundingSource.CAPITAL,
                criteria_met=True,
            ),
            3_400_000,
        ),
        (
            ConsultantEngagement(
                local_authority=la,
                supplier=sup["interim"],
                purpose=EngagementPurpose.INTERIM,
                purpose_detail="Interim SEND service manager",
                procurement_route="Agency framework",
                approved_by="Head of SEND",
                approved_on=first + dt.timedelta(days=500),
                start_on=first + dt.timedelta(days=520),
                end_on=None,
                contract_value_pence=12_000_000,
                funding_source=FundingSource.GENERAL_FUND,
                criteria_met=False,
                criteria_note="Extended twice without a business case",
                category=Category.AGENCY,
            ),
            1_300_000,
        ),
    ]
    for e, _ in made:
        e.updated_by = finance
    b.bulk(ConsultantEngagement, [e for e, _ in made])
    return made


def _transport(
    b: Any,
    rng: random.Random,
    la: LocalAuthority,
    years: list[int],
    sup: dict[str, Supplier],
    placements: list[Placement],
) -> None:
    """Home-to-school transport for about a third of children in special and independent
    schools and a few in mainstream: general fund, termly lines."""
    lines = []
    travellers = [
        p
        for p in placements
        if (p.setting.kind in ("special", "independent_special", "resourced") and rng.random() < 0.35)
        or (p.setting.kind == "mainstream" and rng.random() < 0.03)
    ]
    terms = ((4, 1, 8, 31), (9, 1, 12, 31), (1, 1, 3, 31))
    for n, year in enumerate(years):
        for m1, d1, m2, d2 in terms:
            y = year if m1 >= 4 else year + 1
            start, end = dt.date(y, m1, d1), dt.date(y, m2, d2)
            if start > b.today:
                continue
            for p in travellers:
                if p.start_on > end or (p.end_on and p.end_on < start):
                    continue
                mode = b.pick({"taxi": 55, "minibus": 30, "ptb": 15})
                pence = {"taxi": 330_000, "minibus": 210_000, "ptb": 90_000}[mode]
                lines.append(
                    dict(
                        local_authority_id=la.pk,
                        financial_year=year,
                        period_start=start,
                        period_end=end,
                        amount_pence=round(pence * UPLIFTS[n] * rng.uniform(0.8, 1.3)),
                        child_id=p.plan.child_id,
                        supplier_id=sup[mode].pk,
                        mode=mode,
                        shared=mode == "minibus",
                        statutory=p.setting.kind != "fe_college",
                    )
                )
    b.counts["transport lines"] += insert_rows(TransportLine, lines)


def _budget(b: Any, la: LocalAuthority, years: list[int], finance: Any) -> None:
    """Each year's budget per line and category, near that year's full-year outturn, to the
    nearest £1,000: past years close to it, the current year a little under (an overspend
    to manage). For the current year, costs recorded month by month so far are scaled up to
    twelve months; placements already carry their commitments to 31 March."""
    rng = random.Random(b.seed * 17 + 1)
    current = financial_year_of(b.today)
    elapsed = (b.today.year - current) * 12 + b.today.month - 3
    totals: dict[tuple[int, str, str], int] = defaultdict(int)
    for year, line, category, pence, generated in LedgerLine.objects.filter(local_authority=la).values_list(
        "financial_year", "s251_line", "category", "amount_pence", "placement_id"
    ):
        if year == current and generated is None:
            pence = pence * 12 // max(1, elapsed)
        totals[(year, line, category)] += pence
    budgets = [
        BudgetLine(
            local_authority=la,
            financial_year=year,
            s251_line=line,
            category=category,
            amount_pence=round(pence * rng.uniform(0.93, 0.99 if year == current else 1.03) / 100_000)
            * 100_000,
            updated_by=finance,
        )
        for (year, line, category), pence in totals.items()
    ]
    b.bulk(BudgetLine, budgets)
