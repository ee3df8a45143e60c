"""The SEN2 business rules: domain/sen2.md section 7, one function each.

DfE's own validation-rules file was not available (sen2.md 12.1), so the ids are sendpath's:
V-xx are implied by the guide, S-xx are the project's sanity checks. Each rule has a
severity: an **error** blocks authorisation in COLLECT until fixed; a **query** can be
explained in a note. Each finding names the SEN2 item number, the child's record (by its
record number, never a name: findings may be logged) and the page where it is fixed.

Rules run on the return itself (the XML, one person at a time, turned into plain dicts by
``as_dict``), not on sendpath's tables: that way they judge exactly what would be sent, and a
file from anywhere can be checked. Where an interpretation of the guide was needed it is
said in the rule's docstring and in docs/sen2.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from stdnum.gb import upn as stdnum_upn

from sendpath.law.identifiers import InvalidIdentifier, validate_uln, validate_upn

ERROR, QUERY = "error", "query"

# Where a finding is fixed: the child's details, the request (case) or the plan.
PERSON, REQUEST, PLAN, HEADER, RETURN = "person", "request", "plan", "header", "return"

#: LA numbers DfE recognises (school census rule 1530 via stdnum, plus those made since 2011).
LA_CODES = frozenset(f"{n:03d}" for n in stdnum_upn._la_numbers) | {"838", "839", "940", "941", "942", "943"}

YES_NO = frozenset({"0", "1"})
CODES: dict[str, frozenset[str]] = {
    "Sex": frozenset({"M", "F"}),
    "UPNunknown": frozenset({"UN1", "UN2", "UN3", "UN5", "UN8", "UN9", "UN10"}),
    "RequestSource": frozenset("12345"),
    "RequestOutcome": frozenset("YNAWH"),
    "AssessmentOutcome": frozenset("YNAWH"),
    "PlanRes": frozenset("AB"),
    "Res": frozenset("AB"),
    "PlanWBP": frozenset("ATS"),
    "WBP": frozenset("ATS"),
    "DP": frozenset("ESHI"),
    "CeaseReason": frozenset("123456789"),
    "SENSetting": frozenset({"OLA", "OPA", "EHE", "EYP", "OTH", "NEET", "NIEC", "NIEO"}),
    "PlacementRank": frozenset("12"),
    "SENtype": frozenset(
        {"SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "DS", "OTH"}
    ),
    "SENtypeRank": frozenset("12"),
    "ReviewOutcome": frozenset("MAC"),
    "DMO": frozenset("YNR"),
    "DCO": frozenset("YNR"),
    "DSCO": frozenset("YNR"),
    **{
        name: YES_NO
        for name in (
            "RYA",
            "RequestMediation",
            "RequestTribunal",
            "AssessmentMediation",
            "AssessmentTribunal",
            "OtherMediation",
            "OtherTribunal",
            "Week20",
            "PB",
            "OA",
            "SENunitIndicator",
            "ResourcedProvisionIndicator",
        )
    },
}

#: SEN2 item numbers (2025/2026 guide). Settings' items depend on the block: 4.7x or 5.7x.
ITEMS = {
    "Surname": "1.1",
    "Forename": "1.2",
    "PersonBirthDate": "1.3",
    "Sex": "1.4",
    "Ethnicity": "1.5",
    "PostCode": "1.6",
    "UPN": "1.7a",
    "UniqueLearnerNumber": "1.7b",
    "UPNunknown": "1.7c",
    "ReceivedDate": "2.1",
    "RequestSource": "2.2",
    "RYA": "2.3",
    "RequestOutcomeDate": "2.4",
    "RequestOutcome": "2.5",
    "RequestMediation": "2.6",
    "RequestTribunal": "2.7",
    "Exported": "2.8",
    "AssessmentOutcome": "3.1",
    "AssessmentOutcomeDate": "3.2",
    "AssessmentMediation": "3.3",
    "AssessmentTribunal": "3.4",
    "OtherMediation": "3.5",
    "OtherTribunal": "3.6",
    "Week20": "3.7",
    "StartDate": "4.1",
    "PlanRes": "4.2",
    "PlanWBP": "4.3",
    "PB": "4.4a",
    "OA": "4.4b",
    "DP": "4.4c",
    "CeaseDate": "4.5",
    "CeaseReason": "4.6",
    "PlanDetail": "4.7",
    "TransferLA": "5.1",
    "Res": "5.2",
    "WBP": "5.3",
    "ReviewMeeting": "5.4a",
    "LastReview": "5.4b",
    "ReviewOutcome": "5.4c",
    "ReviewDraft": "5.4d",
    "PhaseTransferDueDate": "5.6a",
    "PhaseTransferFinalDate": "5.6b",
    "PlacementDetail": "5.7",
    "SENneed": "5.8",
    "SENtype": "5.8a",
    "SENtypeRank": "5.8b",
}
SETTING_ITEMS = {
    "URN": "a",
    "UKPRN": "b",
    "SENSetting": "c",
    "SENSettingOther": "c(i)",
    "PlacementRank": "d",
    "EntryDate": "e",
    "LeavingDate": "f",
}


def setting_item(block: str, name: str) -> str:
    base = "4.7" if block == "PlanDetail" else "5.7"
    if name in ("SENunitIndicator", "ResourcedProvisionIndicator"):
        suffix = {"PlanDetail": "ef", "PlacementDetail": "gh"}[block][name == "ResourcedProvisionIndicator"]
        return base + suffix
    return base + SETTING_ITEMS.get(name, "")


# --- the person as plain data ---------------------------------------------------------------


def as_dict(el: etree._Element) -> dict[str, Any]:
    """Leaves become ``tag: text``; blocks become ``tag: [dict, ...]`` in document order."""
    out: dict[str, Any] = {}
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if len(child):
            out.setdefault(tag, []).append(as_dict(child))
        else:
            out[tag] = (child.text or "").strip()
    return out


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@dataclass
class Context:
    """What the rules know besides the person: the collection and the settings register."""

    year: int
    la_code: str
    period_start: dt.date
    period_end: dt.date
    reference_date: dt.date
    known_urns: frozenset[str] | None = None
    known_ukprns: frozenset[str] | None = None
    resourced: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Problem:
    """One finding before it is tied to a record: the item, what is wrong, and where it is
    fixed (``where`` is PERSON, REQUEST or PLAN with the request block's index)."""

    item: str
    text: str
    where: str = PERSON
    block: int = -1


Check = Callable[[dict[str, Any], Context], Iterator[Problem]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str
    check: Check
    source: str


RULES: list[Rule] = []
HEADER_RULES: list[Rule] = []


def rule(
    rule_id: str, severity: str, title: str, source: str, *, header: bool = False
) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        (HEADER_RULES if header else RULES).append(Rule(rule_id, severity, title, fn, source))
        return fn

    return register


def _blocks(p: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    yield from enumerate(p.get("Requests", []))


def _one(d: dict[str, Any], tag: str) -> dict[str, Any] | None:
    items = d.get(tag)
    return items[0] if items else None


def _settings(p: dict[str, Any]) -> Iterator[tuple[int, str, dict[str, Any], dict[str, Any]]]:
    """(block index, 'PlanDetail'|'PlacementDetail', the setting, its parent) for every setting."""
    for i, r in _blocks(p):
        a = _one(r, "Assessment")
        n = _one(a, "NamedPlan") if a else None
        for d in (n or {}).get("PlanDetail", []):
            yield i, "PlanDetail", d, n
        ap = _one(r, "ActivePlans")
        for d in (ap or {}).get("PlacementDetail", []):
            yield i, "PlacementDetail", d, ap


# --- header -------------------------------------------------------------------------------------


@rule("V-01", ERROR, "The header names SEN2, the LA level and this LA", "tech spec / SF XSD", header=True)
def v01(h: dict[str, Any], c: Context) -> Iterator[Problem]:
    details = _one(h, "CollectionDetails") or {}
    source = _one(h, "Source") or {}
    if details.get("Collection") != "SEN2":
        yield Problem("header", "Collection must be SEN2", HEADER)
    if source.get("SourceLevel") != "L":
        yield Problem("header", "SourceLevel must be L", HEADER)
    if source.get("LEA") != c.la_code:
        yield Problem(
            "header", f"LEA must be this LA's number, {c.la_code}, not {source.get('LEA') or 'blank'}", HEADER
        )


@rule("V-02", ERROR, "DMO, DCO and DSCO are given as Y, N or R", "SF XSD", header=True)
def v02(h: dict[str, Any], c: Context) -> Iterator[Problem]:
    source = _one(h, "Source") or {}
    names = ("DMO", "DCO", "DSCO") if c.year >= 2026 else ("DMO", "DCO")
    for name in names:
        if source.get(name) not in CODES[name]:
            yield Problem("header", f"{name} must be Y, N or R", HEADER)


# --- module 1 -------------------------------------------------------------------------------------


@rule("V-03", ERROR, "Each person has a surname, forename, date of birth, sex and ethnicity", "guide")
def v03(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    for name in ("Surname", "Forename", "PersonBirthDate", "Sex", "Ethnicity"):
        if not p.get(name):
            yield Problem(ITEMS[name], f"{name} is missing")


@rule("V-04", ERROR, "A UPN has a valid format and check letter", "UPN standard, sen2.md 10.1")
def v04(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    if p.get("UPN"):
        try:
            validate_upn(p["UPN"])
        except InvalidIdentifier as exc:
            yield Problem("1.7a", f"UPN is not valid: {exc.message}")


@rule("V-05", ERROR, "A ULN has 10 digits and a valid check digit", "ULN standard, sen2.md 10.2")
def v05(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    if p.get("UniqueLearnerNumber"):
        try:
            validate_uln(p["UniqueLearnerNumber"])
        except InvalidIdentifier as exc:
            yield Problem("1.7b", f"UniqueLearnerNumber is not valid: {exc.message}")


@rule("V-06", ERROR, "When there is no UPN or ULN, the reason (UPNunknown) is given", "guide")
def v06(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    if not p.get("UPN") and not p.get("UniqueLearnerNumber") and not p.get("UPNunknown"):
        yield Problem("1.7c", "UPNunknown is needed because there is neither a UPN nor a ULN")


@rule("V-07", QUERY, "UN8 is only for someone new to the LA in the last week of the period", "guide")
def v07(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    """Judged from the return: a request received, or a plan started, more than a week before
    the period's end shows the person was known to the LA before its last week."""
    if p.get("UPNunknown") != "UN8":
        return
    last_week = c.period_end - dt.timedelta(days=7)
    for _, r in _blocks(p):
        a = _one(r, "Assessment") or {}
        n = _one(a, "NamedPlan") or {}
        for day in (_date(r.get("ReceivedDate")), _date(n.get("StartDate"))):
            if day is not None and day < last_week:
                yield Problem("1.7c", f"UPNunknown is UN8 but the LA knew this person on {day.isoformat()}")
                return


# --- module 2 -------------------------------------------------------------------------------------


@rule("V-08", ERROR, "ReceivedDate and RYA are given unless the request is historical (H)", "guide")
def v08(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    for i, r in _blocks(p):
        if r.get("RequestOutcome") == "H":
            continue
        for name in ("ReceivedDate", "RYA"):
            if not r.get(name):
                yield Problem(ITEMS[name], f"{name} is missing", REQUEST, i)


@rule("V-09", ERROR, "RequestSource is given (mandatory from 2026)", "SF 2026 comment")
def v09(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    """Not asked of historical (H) requests, whose source may predate any record."""
    if c.year < 2026:
        return
    for i, r in _blocks(p):
        if r.get("RequestOutcome") != "H" and not r.get("RequestSource"):
            yield Problem("2.2", "RequestSource is missing", REQUEST, i)


@rule("V-10", ERROR, "Nothing more is given after a request outcome of A, W or H", "guide")
def v10(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    """A, W and H: no outcome date, mediation or tribunal (module 2). A and W: no assessment.
    H keeps its assessment: a plan made before the period still has its NamedPlan (item 3.1
    has an H code of its own), see docs/sen2.md."""
    for i, r in _blocks(p):
        outcome = r.get("RequestOutcome")
        if outcome not in ("A", "W", "H"):
            continue
        for name in ("RequestOutcomeDate", "RequestMediation", "RequestTribunal"):
            if r.get(name):
                yield Problem(ITEMS[name], f"{name} is given but RequestOutcome is {outcome}", REQUEST, i)
        if outcome in ("A", "W") and r.get("Assessment"):
            yield Problem("3.1", f"an Assessment is given but RequestOutcome is {outcome}", REQUEST, i)


@rule("V-11", ERROR, "After Exported, the exporting LA gives nothing further", "guide")
def v11(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    for i, r in _blocks(p):
        if r.get("Exported") and (r.get("Assessment") or r.get("ActivePlans")):
            yield Problem("2.8", "Exported is given, so no Assessment or ActivePlans may follow", REQUEST, i)


# --- module 3 -------------------------------------------------------------------------------------


@rule("V-12", ERROR, "No NamedPlan after an assessment outcome of A or W", "guide")
def v12(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    for i, r in _blocks(p):
        a = _one(r, "Assessment")
        if a and a.get("AssessmentOutcome") in ("A", "W") and a.get("NamedPlan"):
            yield Problem(
                "3.1", f"a NamedPlan is given but AssessmentOutcome is {a['AssessmentOutcome']}", REQUEST, i
            )


@rule("V-13", ERROR, "AssessmentOutcomeDate is given when the outcome is Y or N", "guide")
def v13(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    for i, r in _blocks(p):
        a = _one(r, "Assessment")
        if a and a.get("AssessmentOutcome") in ("Y", "N") and not a.get("AssessmentOutcomeDate"):
            yield Problem(
                "3.2", f"AssessmentOutcomeDate is missing for outcome {a['AssessmentOutcome']}", REQUEST, i
            )


# --- settings (4.7 and 5.7) -------------------------------------------------------------------------


@rule("V-14", ERROR, "Each setting has exactly one of URN, UKPRN or SENSetting, and a PlacementRank", "guide")
def v14(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    for i, block, d, _ in _settings(p):
        given = [name for name in ("URN", "UKPRN", "SENSetting") if d.get(name)]
        if len(given) != 1:
            yield Problem(
                setting_item(block, "URN") + "-c",
                f"{block} must have exactly one of URN, UKPRN or SENSetting, not {len(given)}",
                PLAN,
                i,
            )
        if not d.get("PlacementRank"):
            yield Problem(setting_item(block, "PlacementRank"), f"{block} has no PlacementRank", PLAN, i)


@rule("V-15", ERROR, "At most two PlanDetail, one of each rank", "guide / SF XSD")
def v15(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    for i, r in _blocks(p):
        n = _one(_one(r, "Assessment") or {}, "NamedPlan") or {}
        details = n.get("PlanDetail", [])
        ranks = [d.get("PlacementRank") for d in details]
        if len(details) > 2 or len(ranks) != len(set(ranks)):
            yield Problem(
                "4.7d", f"{len(details)} PlanDetail with ranks {', '.join(map(str, ranks))}", PLAN, i
            )


@rule("V-16a", ERROR, "SENSettingOther is given when SENSetting is NIEO", "guide")
def v16a(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    for i, block, d, _ in _settings(p):
        if d.get("SENSetting") == "NIEO" and not d.get("SENSettingOther"):
            yield Problem(
                setting_item(block, "SENSettingOther"), "SENSettingOther is needed for NIEO", PLAN, i
            )


@rule("V-16b", QUERY, "SENSettingOther is expected when SENSetting is OTH", "guide")
def v16b(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    for i, block, d, _ in _settings(p):
        if d.get("SENSetting") == "OTH" and not d.get("SENSettingOther"):
            yield Problem(
                setting_item(block, "SENSettingOther"), "SENSettingOther is expected for OTH", PLAN, i
            )


@rule("V-17", ERROR, "NEET, NIEC and NIEO describe the setting attended, not the one named", "SF XSD comment")
def v17(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    for i, block, d, _ in _settings(p):
        if block == "PlanDetail" and d.get("SENSetting") in ("NEET", "NIEC", "NIEO"):
            yield Problem(
                "4.7c", f"SENSetting {d['SENSetting']} cannot be the setting named in a plan", PLAN, i
            )


@rule("V-18", ERROR, "One or two SEN needs: one primary, at most one secondary, no repeats", "guide")
def v18(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    for i, r in _blocks(p):
        ap = _one(r, "ActivePlans")
        if ap is None:
            continue
        needs = ap.get("SENneed", [])
        ranks = [n.get("SENtypeRank") for n in needs]
        types = [n.get("SENtype") for n in needs]
        if (
            not 1 <= len(needs) <= 2
            or ranks.count("1") != 1
            or ranks.count("2") > 1
            or len(set(types)) != len(types)
        ):
            yield Problem(
                "5.8",
                "SEN needs "
                + (", ".join(f"{t} rank {k}" for t, k in zip(types, ranks, strict=True)) or "none"),
                PLAN,
                i,
            )


@rule("V-20", ERROR, "Codes come from the published lists; yes/no items are 1 or 0", "guide")
def v20(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    def walk(d: dict[str, Any], block: str, i: int) -> Iterator[Problem]:
        for name, value in d.items():
            if isinstance(value, list):
                for sub in value:
                    yield from walk(sub, name, i if name != "Requests" else -1)
            elif name in CODES and value not in CODES[name]:
                item = (
                    setting_item(block, name)
                    if block in ("PlanDetail", "PlacementDetail")
                    else ITEMS.get(name, "")
                )
                where = PERSON if i < 0 else (REQUEST if block in ("Requests", "Assessment") else PLAN)
                yield Problem(item, f"{name} '{value}' is not one of its codes", where, i)

    yield from walk({k: v for k, v in p.items() if k != "Requests"}, "Person", -1)
    for i, r in _blocks(p):
        yield from walk(r, "Requests", i)


# --- project sanity checks --------------------------------------------------------------------------


@rule("S-01", ERROR, "CeaseDate and CeaseReason come together", "project")
def s01(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    for i, r in _blocks(p):
        n = _one(_one(r, "Assessment") or {}, "NamedPlan") or {}
        if bool(n.get("CeaseDate")) != bool(n.get("CeaseReason")):
            missing = "CeaseReason" if n.get("CeaseDate") else "CeaseDate"
            yield Problem(ITEMS[missing], f"{missing} is missing", PLAN, i)


def _order(pairs: list[tuple[str, str | None, str, str | None]], where: str, i: int) -> Iterator[Problem]:
    for first, a, second, b in pairs:
        da, db = _date(a), _date(b)
        if da and db and da > db:
            yield Problem(
                ITEMS.get(second, second),
                f"{second} {db.isoformat()} is before {first} {da.isoformat()}",
                where,
                i,
            )


@rule("S-02", ERROR, "Dates are in order", "project")
def s02(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    for i, r in _blocks(p):
        a = _one(r, "Assessment") or {}
        n = _one(a, "NamedPlan") or {}
        ap = _one(r, "ActivePlans") or {}
        yield from _order(
            [
                ("ReceivedDate", r.get("ReceivedDate"), "RequestOutcomeDate", r.get("RequestOutcomeDate")),
                (
                    "RequestOutcomeDate",
                    r.get("RequestOutcomeDate"),
                    "AssessmentOutcomeDate",
                    a.get("AssessmentOutcomeDate"),
                ),
                (
                    "ReceivedDate",
                    r.get("ReceivedDate"),
                    "AssessmentOutcomeDate",
                    a.get("AssessmentOutcomeDate"),
                ),
            ],
            REQUEST,
            i,
        )
        yield from _order(
            [
                ("StartDate", n.get("StartDate"), "CeaseDate", n.get("CeaseDate")),
                ("ReviewMeeting", ap.get("ReviewMeeting"), "LastReview", ap.get("LastReview")),
            ]
            + [
                ("EntryDate", d.get("EntryDate"), "LeavingDate", d.get("LeavingDate"))
                for d in ap.get("PlacementDetail", [])
            ],
            PLAN,
            i,
        )


@rule("S-03", QUERY, "No date falls after the reference date", "project")
def s03(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    """Every date but the phase transfer due date, which the law may set after census day."""

    def late(d: dict[str, Any], i: int, where: str) -> Iterator[Problem]:
        for name, value in d.items():
            if isinstance(value, list) or name == "PhaseTransferDueDate":
                continue
            day = (
                _date(value)
                if name.endswith("Date") or name in ("ReviewMeeting", "LastReview", "ReviewDraft")
                else None
            )
            if day and day > c.reference_date:
                yield Problem(
                    ITEMS.get(name, name), f"{name} {day.isoformat()} is after the reference date", where, i
                )

    for i, r in _blocks(p):
        yield from late(r, i, REQUEST)
        a = _one(r, "Assessment") or {}
        yield from late(a, i, REQUEST)
        n = _one(a, "NamedPlan") or {}
        yield from late(n, i, PLAN)
        ap = _one(r, "ActivePlans") or {}
        yield from late(ap, i, PLAN)
        for d in ap.get("PlacementDetail", []):
            yield from late(d, i, PLAN)


@rule("S-04", QUERY, "Age when the request was received is between 0 and 25", "project (witan.sen2)")
def s04(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    birth = _date(p.get("PersonBirthDate"))
    if birth is None:
        return
    for i, r in _blocks(p):
        received = _date(r.get("ReceivedDate"))
        if received is None:
            continue
        age = received.year - birth.year - ((received.month, received.day) < (birth.month, birth.day))
        if not 0 <= age <= 25:
            yield Problem("2.1", f"the person was {age} when the request was received", REQUEST, i)


@rule("S-05", QUERY, "ReviewDraft is given only when the review outcome is amend (A)", "project")
def s05(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    for i, r in _blocks(p):
        ap = _one(r, "ActivePlans") or {}
        if ap.get("ReviewDraft") and ap.get("ReviewOutcome") != "A":
            yield Problem(
                "5.4d",
                f"ReviewDraft is given but ReviewOutcome is {ap.get('ReviewOutcome') or 'blank'}",
                PLAN,
                i,
            )


@rule("S-06", QUERY, "Week20 is given when a plan was issued (AssessmentOutcome Y)", "project")
def s06(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    for i, r in _blocks(p):
        a = _one(r, "Assessment") or {}
        if a.get("AssessmentOutcome") == "Y" and not a.get("Week20"):
            yield Problem("3.7", "Week20 is missing", REQUEST, i)


@rule("S-07", ERROR, "TransferLA and Exported are real LA numbers, not this LA's", "project")
def s07(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    for i, r in _blocks(p):
        for name, value, where in (
            ("Exported", r.get("Exported"), REQUEST),
            ("TransferLA", (_one(r, "ActivePlans") or {}).get("TransferLA"), PLAN),
        ):
            if not value or value == "XXX":
                continue
            if value == c.la_code:
                yield Problem(ITEMS[name], f"{name} is this LA's own number, {value}", where, i)
            elif value not in LA_CODES:
                yield Problem(ITEMS[name], f"{name} {value} is not a DfE LA number", where, i)


@rule("S-08", QUERY, "An active plan has a NamedPlan and a placement", "witan.sen2 check")
def s08(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    for i, r in _blocks(p):
        ap = _one(r, "ActivePlans")
        if ap is None:
            continue
        n = _one(_one(r, "Assessment") or {}, "NamedPlan")
        if n is None:
            yield Problem("4.1", "the active plan has no NamedPlan", PLAN, i)
        elif n.get("CeaseDate"):
            continue
        if not ap.get("PlacementDetail"):
            yield Problem("5.7", "the active plan has no PlacementDetail", PLAN, i)


@rule(
    "S-09",
    QUERY,
    "URNs and UKPRNs are known settings; resourced provision only where recorded",
    "witan.sen2 check",
)
def s09(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    """Checked against sendpath's own register of settings (GIAS and UKRLP are not read)."""
    for i, block, d, _ in _settings(p):
        urn, ukprn = d.get("URN"), d.get("UKPRN")
        if urn and c.known_urns is not None and urn not in c.known_urns:
            yield Problem(setting_item(block, "URN"), f"URN {urn} is not a setting sendpath knows", PLAN, i)
        if ukprn and c.known_ukprns is not None and ukprn not in c.known_ukprns:
            yield Problem(
                setting_item(block, "UKPRN"), f"UKPRN {ukprn} is not a setting sendpath knows", PLAN, i
            )
        flagged = d.get("SENunitIndicator") == "1" or d.get("ResourcedProvisionIndicator") == "1"
        if flagged and (urn or ukprn) and (urn or ukprn) not in c.resourced:
            yield Problem(
                setting_item(block, "ResourcedProvisionIndicator"),
                "a SEN unit or resourced provision flag is set for a setting not recorded as one",
                PLAN,
                i,
            )


@rule("S-10", QUERY, "A person has one plan at a time", "witan.sen2 check")
def s10(p: dict[str, Any], c: Context) -> Iterator[Problem]:
    live = [
        i
        for i, r in _blocks(p)
        if (n := _one(_one(r, "Assessment") or {}, "NamedPlan")) is not None and not n.get("CeaseDate")
    ]
    if len(live) > 1:
        yield Problem(
            "4.1", f"{len(live)} plans from different requests are in force at once", PLAN, live[-1]
        )


#: V-19 works on the return as a whole: "other" codes used often draw a COLLECT query.
OTHER_CODES = (
    ("2.2", "RequestSource", "5"),
    ("4.6", "CeaseReason", "9"),
    ("4.7c/5.7c", "SENSetting", "OTH"),
    ("4.7c/5.7c", "SENSetting", "NIEO"),
)
OTHER_SHARE = 0.05
V19 = Rule("V-19", QUERY, "'Other' codes are not used often", lambda p, c: iter(()), "guide")


def v19(counts: dict[str, dict[str, int]]) -> Iterator[Problem]:
    """Each 'other' code that is more than 5% of its item's values (the project's threshold;
    DfE's is unpublished)."""
    for item, name, code in OTHER_CODES:
        values = counts.get(name, {})
        total = sum(values.values())
        used = values.get(code, 0)
        if total and used / total > OTHER_SHARE:
            yield Problem(item, f"{name} {code} is {used:,} of {total:,} ({used / total:.0%})", RETURN)


ALL_RULES = [*HEADER_RULES, *RULES, V19]
