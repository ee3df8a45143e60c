"""Gather the SEN2 return's rows from sendpath's own records, one chunk of children at a time.

Why chunks: an all-England return holds about 640,000 plans. Reading it child by child would
take hours, and reading it all at once would not fit in memory. So the children of the area
are walked in ranges of primary keys; for each range a handful of queries (``values()``,
never model instances) fetch the requests, plans, placements, reviews, exceptions and
disputes of those children, and the rows are assembled in memory and handed to the writer.
Nothing here filters with long ``IN`` lists, so SQLite and PostgreSQL behave the same.

Every derivation below says which SEN2 item it fills and from what (domain/sen2.md section 4).
Items sendpath does not record are left out, never invented: see ``NOT_RECORDED``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Max, Min, Q

from sendpath.assessments.models import AssessmentRequest, ClockException, ExceptionKind
from sendpath.assessments.workflow import Stage
from sendpath.disputes.codes import DecisionAppealed
from sendpath.disputes.models import Dispute
from sendpath.funding.models import Placement
from sendpath.law.clocks import phase_transfer_due
from sendpath.organisations.models import Setting, SettingKind
from sendpath.people.models import Child
from sendpath.plans.models import Plan, PlanVersion, VersionStatus
from sendpath.returns.collection import Collection
from sendpath.reviews.models import AnnualReview

CHUNK = 5000

#: SEN2 items sendpath has no record of, so the return leaves them out (they are optional in
#: our schema). Reported on the return's page and in docs/sen2.md.
NOT_RECORDED = {
    "4.2": "PlanRes (residential setting named in the plan)",
    "4.3": "PlanWBP (work-based learning named in the plan)",
    "4.4a": "PB (personal budget taken up)",
    "4.4b": "OA (organised arrangements)",
    "4.4c": "DP (direct payments)",
    "5.1": "TransferLA (plan transferred in from another LA)",
    "5.2": "Res (residential placement)",
    "5.3": "WBP (work-based placement)",
}

# reg 10(4)(a)-(d): the exceptions that make Week20 = 1 (sen2.md 4.3, item 3.7).
WEEK20_KINDS = (
    ExceptionKind.REG10_4_A,
    ExceptionKind.REG10_4_B,
    ExceptionKind.REG10_4_C,
    ExceptionKind.REG10_4_D,
)

# Phase transfers (reg 18): the age on 31 August before the September move, and whether it
# is the secondary to post-16 move (amend before 31 March rather than 15 February).
PHASE_AGES = ((4, False), (11, False), (16, True))


@dataclass(slots=True)
class Place:
    """A setting named in a plan (4.7) or attended (5.7)."""

    urn: str = ""
    ukprn: str = ""
    sen_setting: str = ""
    sen_setting_other: str = ""
    rank: str = "1"
    entry: dt.date | None = None
    leaving: dt.date | None = None
    sen_unit: str = "0"
    resourced: str = "0"


@dataclass(slots=True)
class NamedPlanRow:
    start: dt.date
    details: list[Place] = field(default_factory=list)
    cease_date: dt.date | None = None
    cease_reason: str = ""


@dataclass(slots=True)
class AssessmentRow:
    outcome: str
    outcome_date: dt.date | None = None
    mediation: str = "0"
    tribunal: str = "0"
    other_mediation: str = "0"
    other_tribunal: str = "0"
    week20: str | None = None
    named_plan: NamedPlanRow | None = None


@dataclass(slots=True)
class ActivePlanRow:
    transfer_la: str = ""
    placements: list[Place] = field(default_factory=list)
    needs: list[tuple[str, str]] = field(default_factory=list)
    review_meeting: dt.date | None = None
    review_outcome: str = ""
    review_draft: dt.date | None = None
    phase_due: dt.date | None = None
    phase_final: dt.date | None = None
    last_review: dt.date | None = None


@dataclass(slots=True)
class RequestRow:
    """One ``Requests`` block. ``request_id`` is 0 for a plan with no request on record."""

    request_id: int
    plan_id: int
    received: dt.date | None
    source: str
    rya: str | None
    outcome: str
    outcome_date: dt.date | None = None
    mediation: str | None = None
    tribunal: str | None = None
    exported: str = ""
    assessment: AssessmentRow | None = None
    active: ActivePlanRow | None = None


@dataclass(slots=True)
class PersonRow:
    child_id: int
    surname: str
    forename: str
    birth_date: dt.date
    sex: str
    ethnicity: str
    postcode: str
    upn: str
    uln: str
    upn_unknown: str
    requests: list[RequestRow] = field(default_factory=list)


# --- scope ------------------------------------------------------------------------------------


def request_in_scope(r: dict, c: Collection, plan_request_ids: set[int]) -> bool:
    """Activity in the year or work still open at its end (2023 tech spec contents), or the
    request behind a plan in scope."""
    if r["pk"] in plan_request_ids:
        return True
    if r["received_on"] > c.period_end:
        return False
    return r["closed_on"] is None or r["closed_on"] >= c.period_start


def plan_in_scope(p: dict, c: Collection) -> bool:
    """Issued by census day and not ceased before the year began: active at any time in the
    year or on census day, or ceased in the year (sen2.md section 1)."""
    issued = p["first_issued_on"]
    if issued is None or issued > c.census:
        return False
    return p["ceased_on"] is None or p["ceased_on"] >= c.period_start


# --- derivations --------------------------------------------------------------------------------


def _when(day: dt.date | None, c: Collection) -> str | None:
    """'in' the collection period, 'before' it, or None if not yet (after its end)."""
    if day is None or day > c.period_end:
        return None
    return "before" if day < c.period_start else "in"


def request_outcome(r: dict, c: Collection) -> tuple[str, dt.date | None]:
    """Items 2.4 and 2.5 as at the end of the period: Y/N with the decision date, H for a
    decision before the period, W for a withdrawal before any decision, else A."""
    for day, code in ((r["decided_to_assess_on"], "Y"), (r["decided_not_to_assess_on"], "N")):
        when = _when(day, c)
        if when == "in":
            return code, day
        if when == "before":
            return "H", None
    if r["stage"] == Stage.WITHDRAWN:
        when = _when(r["closed_on"], c)
        if when:
            return ("W" if when == "in" else "H"), None
    return "A", None


def assessment_outcome(r: dict, plan: dict | None, c: Collection) -> tuple[str, dt.date | None]:
    """Items 3.1 and 3.2. Y's date is the day the final plan was issued (sen2.md 4.3)."""
    issued = r["final_issued_on"] or (plan["first_issued_on"] if plan else None)
    for day, code in ((issued, "Y"), (r["decided_not_to_issue_on"], "N")):
        when = _when(day, c)
        if when == "in":
            return code, day
        if when == "before":
            return "H", None
    if r["stage"] == Stage.WITHDRAWN:
        when = _when(r["closed_on"], c)
        if when:
            return ("W" if when == "in" else "H"), None
    return "A", None


def place_for(setting_id: int | None, settings: dict[int, tuple[str, str, str]]) -> Place | None:
    """URN, else UKPRN (4.7a/b, 5.7a/b). A resourced provision or SEN unit setting sets the
    resourced-provision flag (4.7f, 5.7h): sendpath does not tell the two apart."""
    if setting_id is None or setting_id not in settings:
        return None
    urn, ukprn, kind = settings[setting_id]
    return Place(
        urn=urn or "",
        ukprn="" if urn else (ukprn or ""),
        resourced="1" if kind == SettingKind.RESOURCED else "0",
    )


def phase_transfer(birth: dt.date, c: Collection) -> dt.date | None:
    """Item 5.6a: the reg 18 last day for the amended plan, for a child who moved phase in
    September of the period's year."""
    year = c.period_end.year
    for age, post16 in PHASE_AGES:
        if dt.date(year - age - 1, 9, 1) <= birth <= dt.date(year - age, 8, 31):
            return phase_transfer_due(year, post16)
    return None


def _dispute_flags(rows: list[dict], c: Collection) -> dict[str, str]:
    """Items 2.6, 2.7 and 3.3 to 3.6 from the disputes recorded in the period."""
    flags = dict.fromkeys(
        (
            "request_mediation",
            "request_tribunal",
            "mediation",
            "tribunal",
            "other_mediation",
            "other_tribunal",
        ),
        "0",
    )
    for d in rows:
        if d["decision_appealed"] == DecisionAppealed.REFUSAL_TO_ASSESS:
            prefix = "request_"
        elif d["decision_appealed"] == DecisionAppealed.REFUSAL_TO_ISSUE:
            prefix = ""
        else:
            prefix = "other_"
        if _when(d["mediation_held_on"], c) == "in":
            flags[f"{prefix}mediation"] = "1"
        if _when(d["appeal_lodged_on"], c) == "in":
            flags[f"{prefix}tribunal"] = "1"
    return flags


# --- the walk -------------------------------------------------------------------------------------


@dataclass
class _Chunk:
    children: dict[int, dict]
    requests: list[dict]
    plans: list[dict]
    plan_by_request: dict[int, dict]
    versions: dict[int, list[dict]]
    placements: dict[int, list[dict]]
    reviews: dict[int, list[dict]]
    exceptions: set[int]
    disputes_by_request: dict[int, list[dict]]
    disputes_by_plan: dict[int, list[dict]]


def _load_chunk(la_id: int, lo: int, hi: int, c: Collection) -> _Chunk:
    in_range = {"child_id__gte": lo, "child_id__lt": hi}
    plans = [
        p
        for p in Plan.objects.filter(local_authority_id=la_id, **in_range).values(
            "pk",
            "child_id",
            "request_id",
            "first_issued_on",
            "ceased_on",
            "cease_reason",
            "primary_need",
            "secondary_need",
        )
        if plan_in_scope(p, c)
    ]
    plan_request_ids = {p["request_id"] for p in plans if p["request_id"]}
    requests = [
        r
        for r in AssessmentRequest.objects.filter(local_authority_id=la_id, **in_range)
        .filter(Q(received_on__lte=c.period_end) | Q(plan__isnull=False))
        .values(
            "pk",
            "child_id",
            "received_on",
            "source",
            "stage",
            "decided_to_assess_on",
            "decided_not_to_assess_on",
            "decided_not_to_issue_on",
            "final_issued_on",
            "closed_on",
            "in_youth_accommodation",
            "exported_to_la",
        )
        if request_in_scope(r, c, plan_request_ids)
    ]
    child_ids = {r["child_id"] for r in requests} | {p["child_id"] for p in plans}
    children = {
        ch["pk"]: ch
        for ch in Child.objects.filter(local_authority_id=la_id, pk__gte=lo, pk__lt=hi).values(
            "pk",
            "first_name",
            "last_name",
            "date_of_birth",
            "sex",
            "ethnicity",
            "postcode",
            "upn",
            "uln",
            "upn_unknown",
        )
        if ch["pk"] in child_ids
    }
    plan_ids = {p["pk"] for p in plans}
    plan_range = {"plan__child_id__gte": lo, "plan__child_id__lt": hi, "plan__local_authority_id": la_id}
    versions: dict[int, list[dict]] = defaultdict(list)
    for v in PlanVersion.objects.filter(status=VersionStatus.ISSUED, **plan_range).values(
        "plan_id", "number", "issued_on", "named_setting_id"
    ):
        if v["plan_id"] in plan_ids:
            versions[v["plan_id"]].append(v)
    placements: dict[int, list[dict]] = defaultdict(list)
    for pl in Placement.objects.filter(start_on__lte=c.census, **plan_range).values(
        "pk", "plan_id", "setting_id", "start_on", "end_on"
    ):
        if pl["plan_id"] in plan_ids and (pl["end_on"] is None or pl["end_on"] >= c.period_start):
            placements[pl["plan_id"]].append(pl)
    reviews: dict[int, list[dict]] = defaultdict(list)
    for rv in AnnualReview.objects.filter(**plan_range).values(
        "pk", "plan_id", "meeting_on", "held_on", "decision", "decided_on", "proposals_sent_on"
    ):
        if rv["plan_id"] in plan_ids:
            reviews[rv["plan_id"]].append(rv)
    exceptions = set(
        ClockException.objects.filter(
            kind__in=WEEK20_KINDS,
            request__child_id__gte=lo,
            request__child_id__lt=hi,
            request__local_authority_id=la_id,
        ).values_list("request_id", flat=True)
    )
    by_request: dict[int, list[dict]] = defaultdict(list)
    by_plan: dict[int, list[dict]] = defaultdict(list)
    for d in Dispute.objects.filter(local_authority_id=la_id, **in_range).values(
        "request_id", "plan_id", "decision_appealed", "mediation_held_on", "appeal_lodged_on"
    ):
        if d["request_id"]:
            by_request[d["request_id"]].append(d)
        elif d["plan_id"]:
            by_plan[d["plan_id"]].append(d)
    return _Chunk(
        children=children,
        requests=requests,
        plans=plans,
        plan_by_request={p["request_id"]: p for p in plans if p["request_id"]},
        versions=versions,
        placements=placements,
        reviews=reviews,
        exceptions=exceptions,
        disputes_by_request=by_request,
        disputes_by_plan=by_plan,
    )


def _named_plan(plan: dict, ch: _Chunk, settings: dict, c: Collection) -> NamedPlanRow:
    """Module 4. The setting named is the latest issued version's named setting (4.7); when
    no version names one, the placement the child attends on census day stands in for it."""
    row = NamedPlanRow(start=plan["first_issued_on"])
    issued = [v for v in ch.versions.get(plan["pk"], []) if v["issued_on"] and v["issued_on"] <= c.census]
    issued.sort(key=lambda v: v["number"])
    named = issued[-1]["named_setting_id"] if issued else None
    if named is None:
        current = sorted(ch.placements.get(plan["pk"], []), key=lambda p: (p["start_on"], p["pk"]))
        named = current[-1]["setting_id"] if current else None
    place = place_for(named, settings)
    if place is not None:
        row.details.append(place)
    if _when(plan["ceased_on"], c):
        row.cease_date = plan["ceased_on"]
        row.cease_reason = plan["cease_reason"]
    return row


def _active_plan(plan: dict, birth: dt.date, ch: _Chunk, settings: dict, c: Collection) -> ActivePlanRow:
    """Module 5: the placements attended in the year, the needs, and the review in the year."""
    row = ActivePlanRow()
    open_at_census = 0
    for pl in sorted(ch.placements.get(plan["pk"], []), key=lambda p: (p["start_on"], p["pk"])):
        place = place_for(pl["setting_id"], settings)
        if place is None:
            continue
        place.entry = pl["start_on"]
        if pl["end_on"] is not None and pl["end_on"] <= c.census:
            place.leaving = pl["end_on"]
        else:
            open_at_census += 1
            place.rank = "1" if open_at_census == 1 else "2"
        row.placements.append(place)
    row.needs.append((plan["primary_need"], "1"))
    if plan["secondary_need"] and plan["secondary_need"] != plan["primary_need"]:
        row.needs.append((plan["secondary_need"], "2"))
    held = [
        (rv["held_on"] or rv["meeting_on"], rv["pk"], rv)
        for rv in ch.reviews.get(plan["pk"], [])
        if _when(rv["held_on"] or rv["meeting_on"], c) == "in"
    ]
    if held:
        meeting, _, review = max(held, key=lambda t: (t[0], t[1]))
        row.review_meeting = meeting
        decided = review["decided_on"]
        if review["decision"] and decided and decided <= c.reference_date:
            row.review_outcome = review["decision"]
            row.last_review = decided
            sent = review["proposals_sent_on"]
            if review["decision"] == "A" and sent and sent <= c.reference_date:
                row.review_draft = sent
    row.phase_due = phase_transfer(birth, c)
    if row.phase_due is not None:
        window = (dt.date(c.period_end.year - 1, 9, 1), dt.date(c.period_end.year, 8, 31))
        amended = sorted(
            v["issued_on"]
            for v in ch.versions.get(plan["pk"], [])
            if v["number"] > 1 and v["issued_on"] and window[0] <= v["issued_on"] <= window[1]
        )
        row.phase_final = amended[0] if amended else None
    return row


def _block(r: dict | None, plan: dict | None, birth: dt.date, ch: _Chunk, settings: dict, c: Collection):  # noqa: ANN202
    if r is None:
        # A plan with no request on record (made before sendpath, or transferred in): the
        # request and assessment are historical (2.5 and 3.1 = H).
        assert plan is not None
        block = RequestRow(request_id=0, plan_id=plan["pk"], received=None, source="", rya=None, outcome="H")
        block.assessment = AssessmentRow(outcome="H", named_plan=_named_plan(plan, ch, settings, c))
        block.active = _active_plan(plan, birth, ch, settings, c)
        return block
    outcome, outcome_date = request_outcome(r, c)
    flags = _dispute_flags(
        ch.disputes_by_request.get(r["pk"], []) + (ch.disputes_by_plan.get(plan["pk"], []) if plan else []), c
    )
    block = RequestRow(
        request_id=r["pk"],
        plan_id=plan["pk"] if plan else 0,
        received=r["received_on"],
        source=r["source"],
        rya="1" if r["in_youth_accommodation"] else "0",
        outcome=outcome,
        outcome_date=outcome_date,
        exported=r["exported_to_la"],
    )
    if outcome in ("Y", "N"):
        block.mediation, block.tribunal = flags["request_mediation"], flags["request_tribunal"]
    assessed = r["decided_to_assess_on"] is not None and r["decided_to_assess_on"] <= c.period_end
    if r["exported_to_la"] or not assessed or outcome not in ("Y", "H"):
        return block  # 2.8: the exporting LA supplies nothing further
    a_outcome, a_date = assessment_outcome(r, plan, c)
    assessment = AssessmentRow(outcome=a_outcome, outcome_date=a_date)
    if a_outcome in ("Y", "N"):
        assessment.mediation, assessment.tribunal = flags["mediation"], flags["tribunal"]
        assessment.week20 = "1" if r["pk"] in ch.exceptions else "0"
    if a_outcome in ("Y", "N", "H"):
        assessment.other_mediation = flags["other_mediation"]
        assessment.other_tribunal = flags["other_tribunal"]
    if plan is not None and a_outcome in ("Y", "H"):
        assessment.named_plan = _named_plan(plan, ch, settings, c)
        block.active = _active_plan(plan, birth, ch, settings, c)
    block.assessment = assessment
    return block


def setting_codes() -> dict[int, tuple[str, str, str]]:
    """Every setting's URN, UKPRN and kind: a few thousand rows, read once."""
    return {
        pk: (urn, ukprn, kind)
        for pk, urn, ukprn, kind in Setting.objects.values_list("pk", "urn", "ukprn", "kind")
    }


def persons(la_id: int, c: Collection, chunk: int = CHUNK) -> Iterator[PersonRow]:
    """Every person in the return, in the order of their records, with their request blocks
    in the order the requests were received."""
    settings = setting_codes()
    bounds = Child.objects.filter(local_authority_id=la_id).aggregate(lo=Min("pk"), hi=Max("pk"))
    if bounds["lo"] is None:
        return
    for lo in range(bounds["lo"], bounds["hi"] + 1, chunk):
        ch = _load_chunk(la_id, lo, lo + chunk, c)
        blocks: dict[int, list[RequestRow]] = defaultdict(list)
        for r in ch.requests:
            plan = ch.plan_by_request.get(r["pk"])
            birth = ch.children[r["child_id"]]["date_of_birth"]
            blocks[r["child_id"]].append(_block(r, plan, birth, ch, settings, c))
        request_ids = {r["pk"] for r in ch.requests}
        for p in ch.plans:
            if p["request_id"] not in request_ids:
                birth = ch.children[p["child_id"]]["date_of_birth"]
                blocks[p["child_id"]].append(_block(None, p, birth, ch, settings, c))
        for pk in sorted(ch.children):
            child = ch.children[pk]
            rows = blocks[pk]
            rows.sort(key=lambda b: (b.received or dt.date.min, b.request_id, b.plan_id))
            yield PersonRow(
                child_id=pk,
                surname=child["last_name"],
                forename=child["first_name"],
                birth_date=child["date_of_birth"],
                sex=child["sex"],
                ethnicity=child["ethnicity"],
                postcode=child["postcode"],
                upn=child["upn"],
                uln=child["uln"],
                upn_unknown=child["upn_unknown"],
                requests=rows,
            )
