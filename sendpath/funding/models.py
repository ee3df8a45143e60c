"""High Needs money: placements, band and tariff tables, the ledger and the budget.

Every pound is a ``LedgerLine``: it names the setting or supplier paid, a category of
provision, an s251 line (domain/funding.md §2) and, where there is one, the child. Placement
costs are derived from dated rate tables (``BandRate``, ``ProviderTariff``) so a change of
rates on 1 April applies from that day and never rewrites the past. Home-to-school
transport is general fund money and lives in its own table, ``TransportLine``, so it can
never reach a High Needs Block total.

Money is held in whole pence (integers): exact on SQLite and PostgreSQL alike. The
arithmetic of annual costs is in ``annualise.py`` (Decimal, no Django).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from sendpath.funding.codes import (
    CATEGORY_FOR_KIND,
    Category,
    Component,
    FundingSource,
    Governance,
    LedgerKind,
    PlaceFundedBy,
    S251Column,
    S251Line,
    TopUpBasis,
    column_for,
    default_governance,
    default_place_funding,
    top_up_line,
)


class Versioned(models.Model):
    """Editable records carry a version number and who saved them last (optimistic concurrency)."""

    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


def _dated(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
        name=f"{prefix}_valid_to_after_from",
    )


class BandScheme(models.Model):
    """An LA's set of top-up bands (or a national set, such as future ISS price bands:
    ``local_authority`` empty). Optionally limited to one kind of setting."""

    local_authority = models.ForeignKey(
        "organisations.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="band_schemes",
    )
    name = models.CharField(max_length=120)
    setting_kind = models.CharField(
        max_length=24, blank=True, help_text="Empty: the scheme applies to any kind of setting."
    )
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BandRate(Versioned):
    """One band's annual top-up, valid from one date to another (inclusive; open-ended if
    ``valid_to`` is empty). Rates for the same band never overlap (checked by the service)."""

    scheme = models.ForeignKey(BandScheme, on_delete=models.CASCADE, related_name="rates")
    code = models.CharField(max_length=12, help_text="Band code, e.g. 'B3'.")
    descriptor = models.CharField(max_length=200, blank=True)
    annual_pence = models.BigIntegerField()
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    source_name = models.CharField(max_length=200, blank=True)
    source_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["scheme", "code", "valid_from"]
        indexes = [models.Index(fields=["scheme", "code", "valid_from"])]
        constraints = [
            _dated("bandrate"),
            models.CheckConstraint(condition=models.Q(annual_pence__gte=0), name="bandrate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} from {self.valid_from}"


class TariffType(models.TextChoices):
    ANNUAL_TOP_UP = "top_up", "Top-up per place, per year"
    ANNUAL_FEE = "annual_fee", "Annual fee"
    DAY_RATE = "day_rate", "Day rate"


class ProviderTariff(Versioned):
    """A setting's own dated rate: a special school's or DSP's per-place top-up, or an
    independent school's fee (annual, or a day rate over 38 or 52 weeks)."""

    setting = models.ForeignKey("organisations.Setting", on_delete=models.CASCADE, related_name="tariffs")
    rate_type = models.CharField(max_length=12, choices=TariffType.choices, default=TariffType.ANNUAL_TOP_UP)
    amount_pence = models.BigIntegerField(help_text="Per year, or per day for a day rate.")
    weeks = models.PositiveSmallIntegerField(null=True, blank=True, help_text="38 or 52 for day rates.")
    description = models.CharField(max_length=200, blank=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["setting", "valid_from"]
        indexes = [models.Index(fields=["setting", "valid_from"])]
        constraints = [_dated("tariff")]

    @property
    def annual_pence(self) -> int:
        """The rate as a year's amount: a day rate times five days times the weeks."""
        if self.rate_type == TariffType.DAY_RATE:
            return self.amount_pence * 5 * (self.weeks or 38)
        return self.amount_pence


class Placement(Versioned):
    """A child's placement at a setting under their plan, and how it is paid for.

    One child can have several over time: a placement is never overwritten, it is ended
    and a new one started. The s251 line and category are derived from the setting when
    the placement is saved (domain/funding.md §2.3) and may be corrected by finance.
    """

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="placements")
    setting = models.ForeignKey("organisations.Setting", on_delete=models.PROTECT, related_name="placements")
    start_on = models.DateField()
    end_on = models.DateField(null=True, blank=True)
    # The three LAs of funding.md §1.2. Empty commissioning LA means the plan's LA.
    commissioning_la = models.ForeignKey(
        "organisations.LocalAuthority", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    provider_la = models.ForeignKey(
        "organisations.LocalAuthority", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resident_la = models.ForeignKey(
        "organisations.LocalAuthority", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    governance = models.CharField(max_length=12, choices=Governance.choices, blank=True)
    place_funded_by = models.CharField(
        max_length=12, choices=PlaceFundedBy.choices, default=PlaceFundedBy.NONE
    )
    place_pence = models.BigIntegerField(
        default=0, help_text="Place funding a year: £10,000, £6,000 or none."
    )
    top_up_basis = models.CharField(max_length=8, choices=TopUpBasis.choices, default=TopUpBasis.NONE)
    band_scheme = models.ForeignKey(
        BandScheme, null=True, blank=True, on_delete=models.PROTECT, related_name="placements"
    )
    band_code = models.CharField(max_length=12, blank=True)
    bespoke_annual_pence = models.BigIntegerField(null=True, blank=True)
    bespoke_reason = models.CharField(max_length=300, blank=True)
    bespoke_approved_by = models.CharField(max_length=120, blank=True)
    bespoke_approved_on = models.DateField(null=True, blank=True)
    residential = models.BooleanField(default=False)
    residential_annual_pence = models.BigIntegerField(default=0)
    extras_annual_pence = models.BigIntegerField(
        default=0, help_text="Separately priced 1:1 support, therapies."
    )
    # Shares of the fee paid by education (HNB), social care and health, in whole percent.
    education_percent = models.PositiveSmallIntegerField(default=100)
    social_care_percent = models.PositiveSmallIntegerField(default=0)
    health_percent = models.PositiveSmallIntegerField(default=0)
    category = models.CharField(max_length=20, choices=Category.choices, blank=True)
    s251_line = models.CharField(max_length=6, choices=S251Line.choices, blank=True)
    s251_column = models.CharField(max_length=12, choices=S251Column.choices, blank=True)
    interim = models.BooleanField(default=False)
    tribunal_ordered = models.BooleanField(default=False)

    class Meta:
        ordering = ["plan", "start_on"]
        indexes = [
            models.Index(fields=["setting", "end_on"]),
            models.Index(fields=["commissioning_la", "end_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__isnull=True) | models.Q(end_on__gte=models.F("start_on")),
                name="placement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    education_percent__lte=100, social_care_percent__lte=100, health_percent__lte=100
                ),
                name="placement_shares_are_percentages",
            ),
        ]

    def __str__(self) -> str:
        return f"Placement from {self.start_on}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Placements made by casework (a final plan naming a setting) or imports arrive
        with only plan, setting and dates: fill what follows from the setting."""
        if not self.governance:
            fill_from_setting(self, self.setting, self.plan.local_authority_id)
        super().save(*args, **kwargs)


def fill_from_setting(p: Placement, setting: Any, plan_la_id: int) -> None:
    """Governance, category, s251 line and column, LAs and (the first time) place funding,
    from the kind of setting (funding.md §1.4, §2.3). Works on unsaved objects, for bulk."""
    first_time = not p.governance
    if first_time:
        p.governance = default_governance(setting.kind)
    if not p.category:
        p.category = CATEGORY_FOR_KIND.get(setting.kind, Category.MAINSTREAM)
    if not p.s251_line:
        p.s251_line = top_up_line(setting.kind, p.governance)
    if not p.s251_column:
        p.s251_column = column_for(setting.kind, setting.phase)
    if p.provider_la_id is None:
        p.provider_la_id = setting.local_authority_id
    if p.commissioning_la_id is None:
        p.commissioning_la_id = plan_la_id
    if first_time and p.place_funded_by == PlaceFundedBy.NONE and not p.place_pence:
        p.place_funded_by, p.place_pence = default_place_funding(setting.kind, p.governance)


class SupplierKind(models.TextChoices):
    SUPPORT_SERVICE = "support_service", "Support service team"
    THERAPY = "therapy", "Therapy provider"
    LEGAL = "legal", "Legal services"
    EXPERT = "expert", "Expert witness"
    CONSULTANT = "consultant", "Consultancy"
    AGENCY = "agency", "Agency or interim staff"
    HOSPITAL = "hospital", "Hospital education"
    AP = "ap", "Alternative provision"
    TRANSPORT = "transport", "Transport operator"
    FAMILY = "family", "Family (direct payment)"
    INTERNAL = "internal", "The council's own staff"
    OTHER = "other", "Other"


class Supplier(models.Model):
    """Someone the LA pays who is not a school or college: a service team, a law firm, a
    consultancy, a therapy provider, a hospital school, a taxi firm."""

    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="suppliers"
    )
    name = models.CharField(max_length=160)
    kind = models.CharField(max_length=16, choices=SupplierKind.choices)
    service = models.ForeignKey(
        "organisations.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EngagementPurpose(models.TextChoices):
    DIAGNOSTIC = "diagnostic", "Diagnostic"
    BANDING = "banding", "Banding review"
    SUFFICIENCY = "sufficiency", "Sufficiency or feasibility study"
    INTERIM = "interim", "Interim capacity"
    CASE_REVIEWS = "case_reviews", "Case reviews"
    OTHER = "other", "Other"


class ConsultantEngagement(Versioned):
    """One engagement of an external consultant or agency (funding.md §3.2), with its
    purpose, so councillors can see what each fee was for and whether it worked."""

    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="engagements"
    )
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="engagements")
    purpose = models.CharField(max_length=16, choices=EngagementPurpose.choices)
    purpose_detail = models.CharField(max_length=300)
    category = models.CharField(
        max_length=20,
        choices=[
            (Category.CONSULTANTS.value, Category.CONSULTANTS.label),
            (Category.AGENCY.value, Category.AGENCY.label),
        ],
        default=Category.CONSULTANTS,
    )
    procurement_route = models.CharField(max_length=120, blank=True)
    approved_by = models.CharField(max_length=120, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    start_on = models.DateField()
    end_on = models.DateField(null=True, blank=True)
    contract_value_pence = models.BigIntegerField(default=0)
    funding_source = models.CharField(max_length=12, choices=FundingSource.choices, default=FundingSource.HNB)
    criteria_met = models.BooleanField(null=True)
    criteria_note = models.CharField(max_length=300, blank=True)
    impact_statement = models.TextField(blank=True)

    class Meta:
        ordering = ["-start_on"]

    def __str__(self) -> str:
        return self.purpose_detail


class LedgerLine(models.Model):
    """One cost. The single table from which s251, budget-against-actual and the public
    summaries are built.

    ``kind`` says whether money was spent (actual) or is committed to 31 March by a
    placement still running. Lines with ``placement`` set are generated from placements
    by ``services.recompute_placement_costs`` and replaced on each recompute; every other
    line is written once through ``services.record_cost`` and corrected by a reversing line.
    ``source_type``/``source_id`` let another app find its own costs (e.g. "tribunal", 42).
    """

    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="ledger_lines"
    )
    financial_year = models.PositiveSmallIntegerField(help_text="Year the FY starts: 2025 = 2025-26.")
    period_start = models.DateField()
    period_end = models.DateField()
    kind = models.CharField(max_length=10, choices=LedgerKind.choices, default=LedgerKind.ACTUAL)
    amount_pence = models.BigIntegerField()
    category = models.CharField(max_length=20, choices=Category.choices)
    component = models.CharField(max_length=20, choices=Component.choices)
    s251_line = models.CharField(max_length=6, choices=S251Line.choices)
    s251_column = models.CharField(max_length=12, choices=S251Column.choices, blank=True)
    funding_source = models.CharField(max_length=12, choices=FundingSource.choices)
    eligibility_reason = models.CharField(max_length=40, blank=True)
    child = models.ForeignKey(
        "people.Child", null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_lines"
    )
    plan = models.ForeignKey("plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    placement = models.ForeignKey(
        Placement, null=True, blank=True, on_delete=models.CASCADE, related_name="ledger_lines"
    )
    setting = models.ForeignKey(
        "organisations.Setting", null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_lines"
    )
    supplier = models.ForeignKey(
        Supplier, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_lines"
    )
    engagement = models.ForeignKey(
        ConsultantEngagement, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_lines"
    )
    description = models.CharField(max_length=200, blank=True)
    source_type = models.CharField(max_length=20, blank=True)
    source_id = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["financial_year", "period_start", "pk"]
        indexes = [
            models.Index(fields=["local_authority", "financial_year", "s251_line"]),
            models.Index(fields=["local_authority", "financial_year", "category"]),
            models.Index(fields=["child", "financial_year"]),
            models.Index(fields=["source_type", "source_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(setting__isnull=False) | models.Q(supplier__isnull=False),
                name="ledgerline_pays_setting_or_supplier",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="ledgerline_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} £{self.amount_pence / 100:,.2f}"


class TransportMode(models.TextChoices):
    TAXI = "taxi", "Taxi"
    MINIBUS = "minibus", "Minibus"
    PTB = "ptb", "Personal transport budget"
    TRAVEL_TRAINING = "training", "Travel training"
    PASS = "pass", "Public transport pass"


class TransportLine(models.Model):
    """Home-to-school transport: the council's general fund, never the High Needs Block
    (funding.md §3.6). A separate table, so no HNB or DSG total can ever include it."""

    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="transport_lines"
    )
    financial_year = models.PositiveSmallIntegerField()
    period_start = models.DateField()
    period_end = models.DateField()
    amount_pence = models.BigIntegerField()
    child = models.ForeignKey(
        "people.Child", null=True, blank=True, on_delete=models.PROTECT, related_name="transport_lines"
    )
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="transport_lines")
    mode = models.CharField(max_length=10, choices=TransportMode.choices)
    shared = models.BooleanField(default=False)
    statutory = models.BooleanField(default=True, help_text="Statutory under 16, or discretionary post-16.")
    s251_line = models.CharField(max_length=6, default=S251Line.GF_TRANSPORT, editable=False)
    funding_source = models.CharField(max_length=12, default=FundingSource.GENERAL_FUND, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["financial_year", "period_start", "pk"]
        indexes = [models.Index(fields=["local_authority", "financial_year"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(funding_source=FundingSource.GENERAL_FUND),
                name="transport_is_general_fund",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="transport_period_in_order",
            ),
        ]


class BudgetLine(Versioned):
    """The year's budget for one s251 line and category, set by a finance officer."""

    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="budget_lines"
    )
    financial_year = models.PositiveSmallIntegerField()
    s251_line = models.CharField(max_length=6, choices=S251Line.choices)
    category = models.CharField(max_length=20, choices=Category.choices)
    amount_pence = models.BigIntegerField()

    class Meta:
        ordering = ["financial_year", "s251_line", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "financial_year", "s251_line", "category"],
                name="one_budget_per_line_and_category",
            )
        ]
