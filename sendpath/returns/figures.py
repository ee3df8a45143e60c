"""The return's figures as the page shows them: each module and each code, this year beside
last year, with the code's meaning."""

from __future__ import annotations

from typing import Any

from sendpath.assessments.models import RequestSource
from sendpath.people.codes import Sex, UPNUnknown
from sendpath.plans.codes import CeaseReason, NeedType
from sendpath.reviews.models import ReviewDecision

MODULES = (
    ("Person", "1", "People"),
    ("Requests", "2", "Requests for assessment"),
    ("Assessment", "3", "Assessments"),
    ("NamedPlan", "4", "Named plans"),
    ("PlanDetail", "4.7", "Settings named in plans"),
    ("ActivePlans", "5", "Active plans"),
    ("PlacementDetail", "5.7", "Placements attended"),
    ("SENneed", "5.8", "SEN needs"),
)

OUTCOMES = {
    "Y": "Yes",
    "N": "No",
    "A": "Not yet decided",
    "W": "Withdrawn before a decision",
    "H": "Historical (before the year)",
}

CODE_LISTS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("RequestSource", "2.2 Who asked for the assessment", dict(RequestSource.choices)),
    (
        "RequestOutcome",
        "2.5 Decision whether to assess",
        {**OUTCOMES, "Y": "Assessment agreed", "N": "Not to assess"},
    ),
    (
        "AssessmentOutcome",
        "3.1 Decision whether to issue a plan",
        {**OUTCOMES, "Y": "Plan issued", "N": "Not to issue"},
    ),
    ("Week20", "3.7 20-week exceptions apply", {"1": "Yes", "0": "No"}),
    ("CeaseReason", "4.6 Why plans ceased", dict(CeaseReason.choices)),
    ("SENSetting", "4.7c and 5.7c Settings with no URN or UKPRN", {}),
    ("SENtype (primary)", "5.8a Primary need", dict(NeedType.choices)),
    ("SENtype (secondary)", "5.8a Secondary need", dict(NeedType.choices)),
    ("ReviewOutcome", "5.4c Annual review outcomes", dict(ReviewDecision.choices)),
    ("Sex", "1.4 Sex", dict(Sex.choices)),
    ("UPNunknown", "1.7c Why there is no UPN or ULN", dict(UPNUnknown.choices)),
)


def module_rows(counts: dict[str, Any], previous: dict[str, Any]) -> list[dict[str, Any]]:
    now, before = counts.get("modules", {}), previous.get("modules", {})
    return [
        {"name": name, "module": module, "label": label, "now": now.get(name, 0), "before": before.get(name)}
        for name, module, label in MODULES
    ]


def code_tables(counts: dict[str, Any], previous: dict[str, Any]) -> list[dict[str, Any]]:
    now, before = counts.get("codes", {}), previous.get("codes", {})
    tables = []
    for name, title, labels in CODE_LISTS:
        this, last = now.get(name, {}), before.get(name, {})
        codes = list(labels) + sorted(set(this) - set(labels)) if labels else sorted(set(this) | set(last))
        rows = [
            {
                "code": code or "blank",
                "label": labels.get(code, ""),
                "now": this.get(code, 0),
                "before": last.get(code, 0) if previous else None,
            }
            for code in codes
            if this.get(code) or last.get(code) or labels
        ]
        tables.append({"name": name, "title": title, "rows": rows, "total": sum(this.values())})
    return tables
