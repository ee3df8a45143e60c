"""The vocabulary of the ledger: categories, s251 lines and columns, funding sources, and
the mapping from a kind of setting to its line and column (domain/funding.md §2.3).

Kept apart from the models so other apps (disputes, transparency, forecast) can import the
codes without the tables.
"""

from __future__ import annotations

from django.db import models


class Category(models.TextChoices):
    """What the money was for, as councillors asked to see it (funding.md §6.1 item 1)."""

    MAINSTREAM = "mainstream", "Mainstream schools"
    RESOURCED = "resourced", "Resourced provision and SEN units"
    SPECIAL = "special", "State special schools"
    INDEPENDENT = "independent", "Independent and non-maintained special schools"
    ALTERNATIVE = "alternative", "Alternative provision"
    POST16 = "post16", "Post-16 and further education"
    EARLY_YEARS = "early_years", "Early years"
    HOSPITAL = "hospital", "Hospital education"
    SUPPORT_SERVICES = "support_services", "Support services"
    THERAPIES = "therapies", "Therapies"
    DIRECT_PAYMENTS = "direct_payments", "Direct payments"
    INCLUSION = "inclusion", "Inclusion and non-statutory top-ups"
    CONSULTANTS = "consultants", "Consultants"
    AGENCY = "agency", "Agency and interim staff"
    TRIBUNAL = "tribunal", "Tribunal costs"


#: Categories that are placements (for "support services against placements").
PLACEMENT_CATEGORIES = frozenset(
    {
        Category.MAINSTREAM,
        Category.RESOURCED,
        Category.SPECIAL,
        Category.INDEPENDENT,
        Category.ALTERNATIVE,
        Category.POST16,
        Category.EARLY_YEARS,
    }
)


class Component(models.TextChoices):
    """The part of a cost: for placements place / top-up / fee; for others, the item."""

    PLACE = "place", "Place funding"
    TOP_UP = "top_up", "Top-up"
    FEE = "fee", "Fee"
    RESIDENTIAL = "residential", "Residential costs"
    EXTRAS = "extras", "Extras (1:1 support, therapies in the fee)"
    SPECIALIST_TEACHING = "specialist_teaching", "Specialist teaching"
    EDUCATIONAL_PSYCHOLOGY = "ep", "Educational psychology"
    SENSORY = "sensory", "Sensory support"
    OTHER_SERVICE = "service", "Other support service"
    THERAPY = "therapy", "Therapy"
    DIRECT_PAYMENT = "direct_payment", "Direct payment"
    CONSULTANCY = "consultancy", "Consultancy"
    AGENCY_STAFF = "agency_staff", "Agency or interim staff"
    LEGAL = "legal", "Legal"
    EXPERT = "expert", "Expert witness"
    OFFICER_TIME = "officer_time", "Officer time"
    MEDIATION = "mediation", "Mediation"
    CONSEQUENTIAL = "consequential", "Provision ordered or conceded"
    COSTS_AWARDED = "costs_awarded", "Costs awarded"
    HOSPITAL_EDUCATION = "hospital", "Hospital education"
    ALTERNATIVE_PROVISION = "ap", "Alternative provision"
    OTHER = "other", "Other"


#: Tribunal cost items (funding.md §3.1), for the disputes app.
TRIBUNAL_COMPONENTS = (
    Component.LEGAL,
    Component.EXPERT,
    Component.OFFICER_TIME,
    Component.MEDIATION,
    Component.CONSEQUENTIAL,
    Component.COSTS_AWARDED,
)


class S251Line(models.TextChoices):
    """Section 251 lines (funding.md §2.2). 1.x are High Needs Block; 2.1.x general fund."""

    PLACES = "1.0.2", "1.0.2 High needs place funding"
    TOP_UP_MAINTAINED = "1.2.1", "1.2.1 Top-up funding – maintained schools"
    TOP_UP_ACADEMIES = "1.2.2", "1.2.2 Top-up funding – academies, free schools and colleges"
    INDEPENDENT = "1.2.3", "1.2.3 Top-up and other funding – non-maintained and independent providers"
    TARGETED = "1.2.4", "1.2.4 Additional high needs targeted funding for mainstream schools"
    SUPPORT_SERVICES = "1.2.5", "1.2.5 SEN support services"
    HOSPITAL = "1.2.6", "1.2.6 Hospital education services"
    OTHER_AP = "1.2.7", "1.2.7 Other alternative provision services"
    INCLUSION = "1.2.8", "1.2.8 Support for inclusion"
    DIFFICULTY = "1.2.9", "1.2.9 Special schools and PRUs in financial difficulty"
    PFI = "1.2.10", "1.2.10 PFI/BSF costs at special schools, AP/PRUs and post-16"
    DIRECT_PAYMENTS = "1.2.11", "1.2.11 Direct payments (SEN and disability)"
    THERAPIES = "1.2.13", "1.2.13 Therapies and other health related services"
    GF_EP = "2.1.1", "2.1.1 Educational psychology service (general fund)"
    GF_SEN_ADMIN = "2.1.2", "2.1.2 SEN administration, assessment and coordination (general fund)"
    GF_TRANSPORT = "2.1.4", "2.1.4 Home to school transport: SEN (general fund)"


HNB_LINES = frozenset(line for line in S251Line if line.value.startswith("1."))


class S251Column(models.TextChoices):
    EARLY_YEARS = "early_years", "Early years"
    PRIMARY = "primary", "Primary schools"
    SECONDARY = "secondary", "Secondary schools"
    SPECIAL = "special", "SEN and special schools"
    AP = "ap", "PRUs and AP"
    POST16 = "post16", "Post-16"


class FundingSource(models.TextChoices):
    HNB = "hnb", "High Needs Block"
    GENERAL_FUND = "general_fund", "General fund"
    GRANT = "grant", "Government grant"
    CAPITAL = "capital", "Capital"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"


class LedgerKind(models.TextChoices):
    ACTUAL = "actual", "Actual"
    COMMITMENT = "commitment", "Committed to year end"


class Governance(models.TextChoices):
    MAINTAINED = "maintained", "Maintained by the LA"
    ACADEMY = "academy", "Academy or free school"
    NMSS = "nmss", "Non-maintained special school"
    INDEPENDENT = "independent", "Independent"
    FE = "fe", "Further education college"


class PlaceFundedBy(models.TextChoices):
    PROVIDER_LA = "provider_la", "Provider LA"
    DFE = "dfe", "DfE"
    NONE = "none", "None (independent)"


class TopUpBasis(models.TextChoices):
    BAND = "band", "The LA's band"
    TARIFF = "tariff", "The setting's own rate"
    BESPOKE = "bespoke", "A bespoke package"
    NONE = "none", "No top-up"


#: Place funding a year, in pence (funding.md §1.4). A placement stores its own amount.
PLACE_RATES = {"10000": 1_000_000, "6000": 600_000, "none": 0}

#: Default eligibility reason code for HNB lines (funding.md §2.3, last paragraph).
DEFAULT_REASON = {
    S251Line.PLACES: "place_funding",
    S251Line.TOP_UP_MAINTAINED: "top_up",
    S251Line.TOP_UP_ACADEMIES: "top_up",
    S251Line.INDEPENDENT: "independent_fee",
    S251Line.TARGETED: "targeted_funding",
    S251Line.SUPPORT_SERVICES: "sen_support_service",
    S251Line.HOSPITAL: "hospital_education",
    S251Line.OTHER_AP: "alternative_provision",
    S251Line.INCLUSION: "inclusion",
    S251Line.DIFFICULTY: "financial_difficulty",
    S251Line.PFI: "pfi",
    S251Line.DIRECT_PAYMENTS: "direct_payment",
    S251Line.THERAPIES: "therapy_section_f",
}

#: Where each category's spend goes by default, when the caller does not say.
DEFAULT_LINE = {
    Category.SUPPORT_SERVICES: S251Line.SUPPORT_SERVICES,
    Category.THERAPIES: S251Line.THERAPIES,
    Category.DIRECT_PAYMENTS: S251Line.DIRECT_PAYMENTS,
    Category.HOSPITAL: S251Line.HOSPITAL,
    Category.ALTERNATIVE: S251Line.OTHER_AP,
    Category.INCLUSION: S251Line.INCLUSION,
    Category.CONSULTANTS: S251Line.INCLUSION,
    Category.AGENCY: S251Line.GF_SEN_ADMIN,
    # Tribunal legal costs are not HNB (funding.md §2.3): SEN administration, general fund.
    Category.TRIBUNAL: S251Line.GF_SEN_ADMIN,
}


def funding_source_for(line: str) -> str:
    """HNB for the 1.x lines, general fund for the 2.1.x lines."""
    return FundingSource.HNB if line.startswith("1.") else FundingSource.GENERAL_FUND


#: Setting kind (organisations.SettingKind) → placement category.
CATEGORY_FOR_KIND = {
    "mainstream": Category.MAINSTREAM,
    "resourced": Category.RESOURCED,
    "special": Category.SPECIAL,
    "independent_special": Category.INDEPENDENT,
    "fe_college": Category.POST16,
    "early_years": Category.EARLY_YEARS,
    "alternative": Category.ALTERNATIVE,
}


def default_governance(kind: str) -> str:
    """A first guess the finance officer can correct: the setting table has no governance."""
    return {
        "independent_special": Governance.INDEPENDENT,
        "fe_college": Governance.FE,
    }.get(kind, Governance.MAINTAINED)


def column_for(kind: str, phase: str) -> str:
    """The s251 column follows the type of setting (funding.md §2.3)."""
    if kind in ("special", "independent_special"):
        return S251Column.POST16 if phase == "post16" else S251Column.SPECIAL
    if kind == "alternative":
        return S251Column.AP
    if kind == "fe_college" or phase == "post16":
        return S251Column.POST16
    if kind == "early_years" or phase == "nursery":
        return S251Column.EARLY_YEARS
    if phase == "secondary":
        return S251Column.SECONDARY
    return S251Column.PRIMARY


def top_up_line(kind: str, governance: str) -> str:
    """Top-ups and fees: 1.2.1 maintained, 1.2.2 academies and colleges, 1.2.3 independent
    and non-maintained (funding.md §2.3)."""
    if governance in (Governance.INDEPENDENT, Governance.NMSS) or kind == "independent_special":
        return S251Line.INDEPENDENT
    if governance in (Governance.ACADEMY, Governance.FE):
        return S251Line.TOP_UP_ACADEMIES
    return S251Line.TOP_UP_MAINTAINED


def default_place_funding(kind: str, governance: str) -> tuple[str, int]:
    """(place_funded_by, place pence a year) for a kind of setting (funding.md §1.4).
    Mainstream and early years: none (elements 1 and 2 come from the school's budget)."""
    if (
        governance == Governance.INDEPENDENT
        or kind == "independent_special"
        and governance != Governance.NMSS
    ):
        return PlaceFundedBy.NONE, 0
    if governance == Governance.NMSS:
        return PlaceFundedBy.DFE, PLACE_RATES["10000"]
    if kind in ("special", "alternative"):
        return PlaceFundedBy.PROVIDER_LA, PLACE_RATES["10000"]
    if kind == "resourced":
        return PlaceFundedBy.PROVIDER_LA, PLACE_RATES["6000"]
    if kind == "fe_college":
        return PlaceFundedBy.DFE, PLACE_RATES["6000"]
    return PlaceFundedBy.NONE, 0
