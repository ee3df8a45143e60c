"""Sizes and mixes for a synthetic area, read from DfE's published EHC plan statistics.

With ``--like LA_CODE`` the demo area follows that authority's published figures: plans at
January 2025, requests and new plans in 2024, 20-week timeliness, primary needs, setting
types and ages. Without it, England's figures are used. Only published aggregates are
read; no record about any real person exists in those files.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

NEED_COLUMNS = {
    "ASD": "number_asd",
    "HI": "number_hi",
    "MLD": "number_mld",
    "MSI": "number_msi",
    "OTH": "number_oth",
    "PD": "number_pd",
    "PMLD": "number_pmld",
    "SEMH": "number_semh",
    "SLCN": "number_slcn",
    "SLD": "number_sld",
    "SPLD": "number_spld",
    "VI": "number_vi",
}
# caseload.csv columns grouped into sendpath's setting kinds.
SETTING_COLUMNS = {
    "mainstream": [
        "mainstream_la_maintained",
        "mainstream_academy",
        "mainstream_free_school",
        "mainstream_independent",
    ],
    "resourced": [
        "mainstream_la_maintained_resourced_provision",
        "mainstream_la_maintained_senunit",
        "mainstream_academy_resourced_provision",
        "mainstream_academy_senunit",
        "mainstream_free_school_resourced_provision",
        "mainstream_free_school_senunit",
    ],
    "special": ["special_la_maintained", "special_academy_free"],
    "independent_special": ["special_independent", "special_non_maintained"],
    "alternative": ["ap_pru_total"],
    "fe_college": ["fe_total"],
    "early_years": ["nm_early_years"],
}


@dataclass
class Profile:
    """What a demo area is calibrated to. Shares are fractions that sum to 1."""

    la_code: str
    la_name: str
    source: str
    plans: int
    requests_per_plan: float
    new_plans_per_plan: float
    within_20_weeks: float
    assess_rate: float
    needs: dict[str, float] = field(default_factory=dict)
    settings: dict[str, float] = field(default_factory=dict)
    ages: dict[int, float] = field(default_factory=dict)


ENGLAND = Profile(
    la_code="",
    la_name="England",
    source="built-in England figures, 2025 release",
    plans=638_745,
    requests_per_plan=0.24,
    new_plans_per_plan=0.11,
    within_20_weeks=0.46,
    assess_rate=0.65,
    needs={
        "ASD": 0.33,
        "SLCN": 0.21,
        "SEMH": 0.15,
        "MLD": 0.09,
        "SLD": 0.06,
        "SPLD": 0.04,
        "PD": 0.03,
        "HI": 0.02,
        "PMLD": 0.01,
        "VI": 0.01,
        "MSI": 0.005,
        "OTH": 0.035,
    },
    settings={
        "mainstream": 0.48,
        "resourced": 0.04,
        "special": 0.26,
        "independent_special": 0.06,
        "alternative": 0.01,
        "fe_college": 0.11,
        "early_years": 0.04,
    },
)


def _num(value: str | None) -> float:
    try:
        return float(value) if value not in (None, "", "x", "z") else 0.0
    except ValueError:
        return 0.0


def _rows(path: Path, level: str, code: str | None, period: str, topic: str) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            r
            for r in csv.DictReader(handle)
            if r["time_period"] == period
            and r["geographic_level"] == level
            and (code is None or r["old_la_code"] == code)
            and r["breakdown_topic"] == topic
        ]


def _share(counts: dict[str, float]) -> dict[str, float]:
    total = sum(counts.values())
    return {k: v / total for k, v in counts.items() if v > 0} if total else {}


def load_profile(data_dir: Path, la_code: str | None = None) -> Profile:
    """Read a profile for ``la_code`` (or England) from the DfE files in ``data_dir``."""
    level, code = ("Local authority", la_code) if la_code else ("National", None)
    caseload = _rows(data_dir / "caseload.csv", level, code, "202425", "All EHC plans")
    if not caseload:
        if la_code:
            raise ValueError(f"No published figures for LA code {la_code} in {data_dir}")
        return ENGLAND
    total = caseload[0]
    plans = int(_num(total["ehcplans"]))
    settings = _share({k: sum(_num(total.get(c)) for c in cols) for k, cols in SETTING_COLUMNS.items()})
    needs_row = _rows(data_dir / "sen_needs_all_plans.csv", level, code, "202425", "All EHC plans")
    needs = (
        _share({k: _num(needs_row[0].get(c)) for k, c in NEED_COLUMNS.items()})
        if needs_row
        else ENGLAND.needs
    )
    ages: dict[int, float] = {}
    for row in _rows(data_dir / "caseload.csv", level, code, "202425", "Child or young persons age"):
        digits = "".join(ch for ch in row["breakdown"] if ch.isdigit())
        if digits:
            ages[int(digits)] = ages.get(int(digits), 0) + _num(row["ehcplans"])
    req = _rows(data_dir / "requests.csv", level, code, "2024", "All requests for EHC needs assessments")
    requests = _num(req[0]["requests_received_in_year"]) if req else plans * ENGLAND.requests_per_plan
    assess_pc = _num(req[0]["request_assess_pc"]) / 100 if req else ENGLAND.assess_rate
    new = _rows(data_dir / "timeliness_20_week.csv", level, code, "2024", "All EHC plans issued")
    issued = _num(new[0]["plans_issued_den"]) if new else plans * ENGLAND.new_plans_per_plan
    within = _num(new[0]["pc_plans_issued_within_20_weeks"]) / 100 if new else ENGLAND.within_20_weeks
    return Profile(
        la_code=la_code or "",
        la_name=total["la_name"] or "England",
        source=f"DfE EHC plans statistics, 2025 release ({total['la_name'] or 'England'})",
        plans=plans,
        requests_per_plan=requests / plans if plans else ENGLAND.requests_per_plan,
        new_plans_per_plan=issued / plans if plans else ENGLAND.new_plans_per_plan,
        within_20_weeks=within or ENGLAND.within_20_weeks,
        assess_rate=assess_pc or ENGLAND.assess_rate,
        needs=needs or ENGLAND.needs,
        settings=settings or ENGLAND.settings,
        ages={k: v / sum(ages.values()) for k, v in ages.items()} if ages else {},
    )
