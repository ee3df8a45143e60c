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
import re
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

DATE_TAGS = frozenset(
    {
        "PersonBirthDate",
        "ReceivedDate",
        "RequestOutcomeDate",
        "AssessmentOutcomeDate",
        "StartDate",
        "CeaseDate",
        "EntryDate",
        "LeavingDate",
        "ReviewMeeting",
        "LastReview",
        "ReviewDraft",
        "PhaseTransferDueDate",
        "PhaseTransferFinalDate",
    }
)
EMPTY: dict[str, Any] = {}


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


class Block:
    """One ``Requests`` block and its parts (``None`` when absent)."""

    __slots__ = ("i", "r", "a", "n", "ap")

    def __init__(self, i: int, r: dict[str, Any]) -> None:
        self.i, self.r = i, r
        self.a = _first(r, "Assessment")
        self.n = _first(self.a, "NamedPlan") if self.a is not None else None
        self.ap = _first(r, "ActivePlans")


def _first(d: dict[str, Any], tag: str) -> dict[str, Any] | None:
    items = d.get(tag)
    return items[0] if items else None


class PersonView(dict):
    """A person as plain data (like ``as_dict``), read once, with what many rules need
    worked out in the same pass: the blocks, every setting, every date and every value
    outside its code list. Rules then do dictionary look-ups only, which matters at
    700,000 persons."""

    blocks: list[Block]
    settings: list[tuple[int, str, dict[str, Any]]]
    dates: list[tuple[str, str, int, str]]
    bad_codes: list[tuple[str, str, str, int]]


def _read(el: etree._Element, block: str, i: int, view: PersonView) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if len(child):
            out.setdefault(tag, []).append(_read(child, tag, i, view))
            continue
        value = (child.text or "").strip()
        out[tag] = value
        allowed = CODES.get(tag)
        if allowed is not None and value not in allowed:
            view.bad_codes.append((block, tag, value, i))
        if tag in DATE_TAGS:
            view.dates.append((tag, value, i, block))
    return out


def view(el: etree._Element) -> PersonView:
    """Read a ``Person`` element once into a ``PersonView``."""
    v = PersonView()
    v.dates, v.bad_codes, v.blocks, v.settings = [], [], [], []
    i = -1
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == "Requests":
            i += 1
            r = _read(child, tag, i, v)
            v.setdefault(tag, []).append(r)
            b = Block(i, r)
            v.blocks.append(b)
            if b.n is not None:
                v.settings.extend((i, "PlanDetail", d) for d in b.n.get("PlanDetail", ()))
            if b.ap is not None:
                v.settings.extend((i, "PlacementDetail", d) for d in b.ap.get("PlacementDetail", ()))
        elif len(child):
            v.setdefault(tag, []).append(_read(child, tag, -1, v))
        else:
            value = (child.text or "").strip()
            v[tag] = value
            allowed = CODES.get(tag)
            if allowed is not None and value not in allowed:
                v.bad_codes.append(("Person", tag, value, -1))
            if tag in DATE_TAGS:
                v.dates.append((tag, value, -1, "Person"))
    return v


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


Check = Callable[[Any, Context], Iterator[Problem]]


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


_one = _first


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
def v03(p: PersonView, c: Context) -> Iterator[Problem]:
    for name in ("Surname", "Forename", "PersonBirthDate", "Sex", "Ethnicity"):
        if not p.get(name):
            yield Problem(ITEMS[name], f"{name} is missing")


_UPN_SHAPE = re.compile(r"[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]")
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def _upn_ok(value: str) -> bool:
    """The common case, fast: right shape, a DfE LA number and the right check letter
    (sen2.md 10.1). Anything else goes to ``validate_upn`` for its exact message."""
    if not _UPN_SHAPE.fullmatch(value) or value[1:4] not in LA_CODES:
        return False
    last = value[12]
    total = sum(int(ch) * pos for pos, ch in enumerate(value[1:12], start=2))
    total += 13 * (int(last) if last.isdigit() else _UPN_LETTERS.index(last))
    return _UPN_LETTERS[total % 23] == value[0]


@rule("V-04", ERROR, "A UPN has a valid format and check letter", "UPN standard, sen2.md 10.1")
def v04(p: PersonView, c: Context) -> Iterator[Problem]:
    if p.get("UPN") and not _upn_ok(p["UPN"]):
        try:
            validate_upn(p["UPN"])
        except InvalidIdentifier as exc:
            yield Problem("1.7a", f"UPN is not valid: {exc.message}")


@rule("V-05", ERROR, "A ULN has 10 digits and a valid check digit", "ULN standard, sen2.md 10.2")
def v05(p: PersonView, c: Context) -> Iterator[Problem]:
    if p.get("UniqueLearnerNumber"):
        try:
            validate_uln(p["UniqueLearnerNumber"])
        except InvalidIdentifier as exc:
            yield Problem("1.7b", f"UniqueLearnerNumber is not valid: {exc.message}")


@rule("V-06", ERROR, "When there is no UPN or ULN, the reason (UPNunknown) is given", "guide")
def v06(p: PersonView, c: Context) -> Iterator[Problem]:
    if not p.get("UPN") and not p.get("UniqueLearnerNumber") and not p.get("UPNunknown"):
        yield Problem("1.7c", "UPNunknown is needed because there is neither a UPN nor a ULN")


@rule("V-07", QUERY, "UN8 is only for someone new to the LA in the last week of the period", "guide")
def v07(p: PersonView, c: Context) -> Iterator[Problem]:
    """Judged from the return: a request received, or a plan started, more than a week before
    the period's end shows the person was known to the LA before its last week."""
    if p.get("UPNunknown") != "UN8":
        return
    last_week = c.period_end - dt.timedelta(days=7)
    for b in p.blocks:
        for day in (_date(b.r.get("ReceivedDate")), _date((b.n or EMPTY).get("StartDate"))):
            if day is not None and day < last_week:
                yield Problem("1.7c", f"UPNunknown is UN8 but the LA knew this person on {day.isoformat()}")
                return


# --- module 2 -------------------------------------------------------------------------------------


@rule("V-08", ERROR, "ReceivedDate and RYA are given unless the request is historical (H)", "guide")
def v08(p: PersonView, c: Context) -> Iterator[Problem]:
    for b in p.blocks:
        if b.r.get("RequestOutcome") == "H":
            continue
        for name in ("ReceivedDate", "RYA"):
            if not b.r.get(name):
                yield Problem(ITEMS[name], f"{name} is missing", REQUEST, b.i)


@rule("V-09", ERROR, "RequestSource is given (mandatory from 2026)", "SF 2026 comment")
def v09(p: PersonView, c: Context) -> Iterator[Problem]:
    """Not asked of historical (H) requests, whose source may predate any record."""
    if c.year < 2026:
        return
    for b in p.blocks:
        if b.r.get("RequestOutcome") != "H" and not b.r.get("RequestSource"):
            yield Problem("2.2", "RequestSource is missing", REQUEST, b.i)


@rule("V-10", ERROR, "Nothing more is given after a request outcome of A, W or H", "guide")
def v10(p: PersonView, c: Context) -> Iterator[Problem]:
    """A, W and H: no outcome date, mediation or tribunal (module 2). A and W: no assessment.
    H keeps its assessment: a plan made before the period still has its NamedPlan (item 3.1
    has an H code of its own), see docs/sen2.md."""
    for b in p.blocks:
        outcome = b.r.get("RequestOutcome")
        if outcome not in ("A", "W", "H"):
            continue
        for name in ("RequestOutcomeDate", "RequestMediation", "RequestTribunal"):
            if b.r.get(name):
                yield Problem(ITEMS[name], f"{name} is given but RequestOutcome is {outcome}", REQUEST, b.i)
        if outcome in ("A", "W") and b.a is not None:
            yield Problem("3.1", f"an Assessment is given but RequestOutcome is {outcome}", REQUEST, b.i)


@rule("V-11", ERROR, "After Exported, the exporting LA gives nothing further", "guide")
def v11(p: PersonView, c: Context) -> Iterator[Problem]:
    for b in p.blocks:
        if b.r.get("Exported") and (b.a is not None or b.ap is not None):
            yield Problem(
                "2.8", "Exported is given, so no Assessment or ActivePlans may follow", REQUEST, b.i
            )


# --- module 3 -------------------------------------------------------------------------------------


@rule("V-12", ERROR, "No NamedPlan after an assessment outcome of A or W", "guide")
def v12(p: PersonView, c: Context) -> Iterator[Problem]:
    for b in p.blocks:
        if b.n is not None and b.a.get("AssessmentOutcome") in ("A", "W"):
            yield Problem(
                "3.1",
                f"a NamedPlan is given but AssessmentOutcome is {b.a['AssessmentOutcome']}",
                REQUEST,
                b.i,
            )


@rule("V-13", ERROR, "AssessmentOutcomeDate is given when the outcome is Y or N", "guide")
def v13(p: PersonView, c: Context) -> Iterator[Problem]:
    for b in p.blocks:
        a = b.a
        if a is not None and a.get("AssessmentOutcome") in ("Y", "N") and not a.get("AssessmentOutcomeDate"):
            yield Problem(
                "3.2", f"AssessmentOutcomeDate is missing for outcome {a['AssessmentOutcome']}", REQUEST, b.i
            )


# --- settings (4.7 and 5.7) -------------------------------------------------------------------------


@rule("V-14", ERROR, "Each setting has exactly one of URN, UKPRN or SENSetting, and a PlacementRank", "guide")
def v14(p: PersonView, c: Context) -> Iterator[Problem]:
    for i, block, d in p.settings:
        given = ("URN" in d) + ("UKPRN" in d) + ("SENSetting" in d)
        if given != 1:
            yield Problem(
                setting_item(block, "URN") + "-c",
                f"{block} must have exactly one of URN, UKPRN or SENSetting, not {given}",
                PLAN,
                i,
            )
        if not d.get("PlacementRank"):
            yield Problem(setting_item(block, "PlacementRank"), f"{block} has no PlacementRank", PLAN, i)


@rule("V-15", ERROR, "At most two PlanDetail, one of each rank", "guide / SF XSD")
def v15(p: PersonView, c: Context) -> Iterator[Problem]:
    for b in p.blocks:
        details = b.n.get("PlanDetail", ()) if b.n is not None else ()
        if len(details) < 2:
            continue
        ranks = [d.get("PlacementRank") for d in details]
        if len(details) > 2 or len(ranks) != len(set(ranks)):
            yield Problem(
                "4.7d", f"{len(details)} PlanDetail with ranks {', '.join(map(str, ranks))}", PLAN, b.i
            )


@rule("V-16a", ERROR, "SENSettingOther is given when SENSetting is NIEO", "guide")
def v16a(p: PersonView, c: Context) -> Iterator[Problem]:
    for i, block, d in p.settings:
        if d.get("SENSetting") == "NIEO" and not d.get("SENSettingOther"):
            yield Problem(
                setting_item(block, "SENSettingOther"), "SENSettingOther is needed for NIEO", PLAN, i
            )


@rule("V-16b", QUERY, "SENSettingOther is expected when SENSetting is OTH", "guide")
def v16b(p: PersonView, c: Context) -> Iterator[Problem]:
    for i, block, d in p.settings:
        if d.get("SENSetting") == "OTH" and not d.get("SENSettingOther"):
            yield Problem(
                setting_item(block, "SENSettingOther"), "SENSettingOther is expected for OTH", PLAN, i
            )


@rule("V-17", ERROR, "NEET, NIEC and NIEO describe the setting attended, not the one named", "SF XSD comment")
def v17(p: PersonView, c: Context) -> Iterator[Problem]:
    for i, block, d in p.settings:
        if block == "PlanDetail" and d.get("SENSetting") in ("NEET", "NIEC", "NIEO"):
            yield Problem(
                "4.7c", f"SENSetting {d['SENSetting']} cannot be the setting named in a plan", PLAN, i
            )


@rule("V-18", ERROR, "One or two SEN needs: one primary, at most one secondary, no repeats", "guide")
def v18(p: PersonView, c: Context) -> Iterator[Problem]:
    for b in p.blocks:
        if b.ap is None:
            continue
        needs = b.ap.get("SENneed", ())
        ranks = [n.get("SENtypeRank") for n in needs]
        types = [n.get("SENtype") for n in needs]
        if (
            not 1 <= len(needs) <= 2
            or ranks.count("1") != 1
            or ranks.count("2") > 1
            or len(set(types)) != len(types)
        ):
            listed = ", ".join(f"{t} rank {k}" for t, k in zip(types, ranks, strict=True)) or "none"
            yield Problem("5.8", f"SEN needs {listed}", PLAN, b.i)


_REQUEST_BLOCKS = frozenset({"Requests", "Assessment"})
_SETTING_BLOCKS = frozenset({"PlanDetail", "PlacementDetail"})


@rule("V-20", ERROR, "Codes come from the published lists; yes/no items are 1 or 0", "guide")
def v20(p: PersonView, c: Context) -> Iterator[Problem]:
    for block, name, value, i in p.bad_codes:
        item = setting_item(block, name) if block in _SETTING_BLOCKS else ITEMS.get(name, "")
        where = PERSON if i < 0 else (REQUEST if block in _REQUEST_BLOCKS else PLAN)
        yield Problem(item, f"{name} '{value}' is not one of its codes", where, i)


# --- project sanity checks --------------------------------------------------------------------------


@rule("S-01", ERROR, "CeaseDate and CeaseReason come together", "project")
def s01(p: PersonView, c: Context) -> Iterator[Problem]:
    for b in p.blocks:
        n = b.n
        if n is not None and bool(n.get("CeaseDate")) != bool(n.get("CeaseReason")):
            missing = "CeaseReason" if n.get("CeaseDate") else "CeaseDate"
            yield Problem(ITEMS[missing], f"{missing} is missing", PLAN, b.i)


def _order(first: str, a: str | None, second: str, b: str | None, where: str, i: int) -> Iterator[Problem]:
    if a and b and a > b:  # ISO dates compare as text; bad dates are V-20's and the schema's
        da, db = _date(a), _date(b)
        if da and db and da > db:
            yield Problem(
                ITEMS.get(second, second),
                f"{second} {db.isoformat()} is before {first} {da.isoformat()}",
                where,
                i,
            )


@rule("S-02", ERROR, "Dates are in order", "project")
def s02(p: PersonView, c: Context) -> Iterator[Problem]:
    for b in p.blocks:
        r, a, n, ap = b.r, b.a or EMPTY, b.n or EMPTY, b.ap or EMPTY
        received, decided, outcome = (
            r.get("ReceivedDate"),
            r.get("RequestOutcomeDate"),
            a.get("AssessmentOutcomeDate"),
        )
        yield from _order("ReceivedDate", received, "RequestOutcomeDate", decided, REQUEST, b.i)
        yield from _order("RequestOutcomeDate", decided, "AssessmentOutcomeDate", outcome, REQUEST, b.i)
        yield from _order("ReceivedDate", received, "AssessmentOutcomeDate", outcome, REQUEST, b.i)
        yield from _order("StartDate", n.get("StartDate"), "CeaseDate", n.get("CeaseDate"), PLAN, b.i)
        yield from _order(
            "ReviewMeeting", ap.get("ReviewMeeting"), "LastReview", ap.get("LastReview"), PLAN, b.i
        )
        for d in ap.get("PlacementDetail", ()):
            yield from _order("EntryDate", d.get("EntryDate"), "LeavingDate", d.get("LeavingDate"), PLAN, b.i)


_PLAN_BLOCKS = frozenset({"NamedPlan", "ActivePlans", "PlacementDetail", "PlanDetail"})


@rule("S-03", QUERY, "No date falls after the reference date", "project")
def s03(p: PersonView, c: Context) -> Iterator[Problem]:
    """Every date but the phase transfer due date, which the law may set after census day."""
    limit = c.reference_date.isoformat()
    for name, value, i, block in p.dates:
        if value > limit and name not in ("PhaseTransferDueDate", "PersonBirthDate"):
            day = _date(value)
            if day is not None:
                where = PLAN if block in _PLAN_BLOCKS else REQUEST
                yield Problem(ITEMS.get(name, name), f"{name} {value} is after the reference date", where, i)


@rule("S-04", QUERY, "Age when the request was received is between 0 and 25", "project (witan.sen2)")
def s04(p: PersonView, c: Context) -> Iterator[Problem]:
    birth = _date(p.get("PersonBirthDate"))
    if birth is None:
        return
    for b in p.blocks:
        received = _date(b.r.get("ReceivedDate"))
        if received is None:
            continue
        age = received.year - birth.year - ((received.month, received.day) < (birth.month, birth.day))
        if not 0 <= age <= 25:
            yield Problem("2.1", f"the person was {age} when the request was received", REQUEST, b.i)


@rule("S-05", QUERY, "ReviewDraft is given only when the review outcome is amend (A)", "project")
def s05(p: PersonView, c: Context) -> Iterator[Problem]:
    for b in p.blocks:
        ap = b.ap
        if ap is not None and ap.get("ReviewDraft") and ap.get("ReviewOutcome") != "A":
            yield Problem(
                "5.4d",
                f"ReviewDraft is given but ReviewOutcome is {ap.get('ReviewOutcome') or 'blank'}",
                PLAN,
                b.i,
            )


@rule("S-06", QUERY, "Week20 is given when a plan was issued (AssessmentOutcome Y)", "project")
def s06(p: PersonView, c: Context) -> Iterator[Problem]:
    for b in p.blocks:
        if b.a is not None and b.a.get("AssessmentOutcome") == "Y" and not b.a.get("Week20"):
            yield Problem("3.7", "Week20 is missing", REQUEST, b.i)


@rule("S-07", ERROR, "TransferLA and Exported are real LA numbers, not this LA's", "project")
def s07(p: PersonView, c: Context) -> Iterator[Problem]:
    for b in p.blocks:
        for name, value, where in (
            ("Exported", b.r.get("Exported"), REQUEST),
            ("TransferLA", (b.ap or EMPTY).get("TransferLA"), PLAN),
        ):
            if not value or value == "XXX":
                continue
            if value == c.la_code:
                yield Problem(ITEMS[name], f"{name} is this LA's own number, {value}", where, b.i)
            elif value not in LA_CODES:
                yield Problem(ITEMS[name], f"{name} {value} is not a DfE LA number", where, b.i)


@rule("S-08", QUERY, "An active plan has a NamedPlan and a placement", "witan.sen2 check")
def s08(p: PersonView, c: Context) -> Iterator[Problem]:
    for b in p.blocks:
        if b.ap is None:
            continue
        if b.n is None:
            yield Problem("4.1", "the active plan has no NamedPlan", PLAN, b.i)
        elif b.n.get("CeaseDate"):
            continue
        if not b.ap.get("PlacementDetail"):
            yield Problem("5.7", "the active plan has no PlacementDetail", PLAN, b.i)


@rule(
    "S-09",
    QUERY,
    "URNs and UKPRNs are known settings; resourced provision only where recorded",
    "witan.sen2 check",
)
def s09(p: PersonView, c: Context) -> Iterator[Problem]:
    """Checked against sendpath's own register of settings (GIAS and UKRLP are not read)."""
    for i, block, d in p.settings:
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
def s10(p: PersonView, c: Context) -> Iterator[Problem]:
    if len(p.blocks) < 2:
        return
    live = [b.i for b in p.blocks if b.n is not None and not b.n.get("CeaseDate")]
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
