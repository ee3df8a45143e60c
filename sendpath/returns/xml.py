"""Write the SEN2 person-level XML, one person at a time.

Why streaming: an all-England return is hundreds of megabytes. ``lxml.etree.xmlfile`` writes
the envelope incrementally; each person is built as a small element tree, written and
dropped, so memory stays flat whatever the size of the area.

Element order follows the specification of the collection year (``ORDER``): the order inside
``ActivePlans`` changed in 2026 (``LastReview`` moved to the end, sen2.md 3), so the order
is configuration per specification year, not hard-coded in the writer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from lxml import etree

from sendpath.returns.collect import ActivePlanRow, AssessmentRow, NamedPlanRow, PersonRow, Place, RequestRow
from sendpath.returns.collection import Collection

SOFTWARE_CODE = "sendpath"
RELEASE = "1.0"

_ACTIVE_2026 = (
    "TransferLA",
    "PlacementDetail",
    "SENneed",
    "ReviewMeeting",
    "ReviewOutcome",
    "ReviewDraft",
    "PhaseTransferDueDate",
    "PhaseTransferFinalDate",
    "LastReview",
)
_ACTIVE_2025 = (
    "TransferLA",
    "PlacementDetail",
    "SENneed",
    "ReviewMeeting",
    "LastReview",
    "ReviewOutcome",
    "ReviewDraft",
    "PhaseTransferDueDate",
    "PhaseTransferFinalDate",
)

#: Element order per specification year and block (sen2.md 3 and 4).
ORDER: dict[int, dict[str, tuple[str, ...]]] = {
    2026: {"ActivePlans": _ACTIVE_2026},
    2025: {"ActivePlans": _ACTIVE_2025},
}


@dataclass(frozen=True)
class Header:
    """The return's header (LA details). DMO, DCO and DSCO say whether the Designated
    Medical, Clinical and Social Care Officers are in post: Y, N or R (recruiting)."""

    la_code: str
    serial: int = 1
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))
    dmo: str = "Y"
    dco: str = "Y"
    dsco: str = "Y"


def _sub(parent: etree._Element, tag: str, value: Any) -> None:
    """Add ``<tag>value</tag>`` unless the value is empty: an unknown item is left out."""
    if value is None or value == "":
        return
    el = etree.SubElement(parent, tag)
    el.text = value.isoformat() if isinstance(value, dt.date) else str(value)


def _place(parent: etree._Element, tag: str, p: Place, attended: bool) -> None:
    el = etree.SubElement(parent, tag)
    if p.urn:
        _sub(el, "URN", p.urn)
    elif p.ukprn:
        _sub(el, "UKPRN", p.ukprn)
    else:
        _sub(el, "SENSetting", p.sen_setting)
        _sub(el, "SENSettingOther", p.sen_setting_other)
    _sub(el, "PlacementRank", p.rank)
    if attended:
        _sub(el, "EntryDate", p.entry)
        _sub(el, "LeavingDate", p.leaving)
    _sub(el, "SENunitIndicator", p.sen_unit)
    _sub(el, "ResourcedProvisionIndicator", p.resourced)


def _named_plan(parent: etree._Element, n: NamedPlanRow) -> None:
    el = etree.SubElement(parent, "NamedPlan")
    _sub(el, "StartDate", n.start)
    for p in n.details[:2]:
        _place(el, "PlanDetail", p, attended=False)
    _sub(el, "CeaseDate", n.cease_date)
    _sub(el, "CeaseReason", n.cease_reason)


def _assessment(parent: etree._Element, a: AssessmentRow) -> None:
    el = etree.SubElement(parent, "Assessment")
    _sub(el, "AssessmentOutcome", a.outcome)
    _sub(el, "AssessmentOutcomeDate", a.outcome_date)
    if a.outcome in ("Y", "N"):
        _sub(el, "AssessmentMediation", a.mediation)
        _sub(el, "AssessmentTribunal", a.tribunal)
    if a.outcome in ("Y", "N", "H"):
        _sub(el, "OtherMediation", a.other_mediation)
        _sub(el, "OtherTribunal", a.other_tribunal)
    _sub(el, "Week20", a.week20)
    if a.named_plan is not None:
        _named_plan(el, a.named_plan)


def _active(parent: etree._Element, a: ActivePlanRow, order: tuple[str, ...]) -> None:
    el = etree.SubElement(parent, "ActivePlans")
    simple = {
        "TransferLA": a.transfer_la,
        "ReviewMeeting": a.review_meeting,
        "ReviewOutcome": a.review_outcome,
        "ReviewDraft": a.review_draft,
        "PhaseTransferDueDate": a.phase_due,
        "PhaseTransferFinalDate": a.phase_final,
        "LastReview": a.last_review,
    }
    for name in order:
        if name == "PlacementDetail":
            for p in a.placements:
                _place(el, "PlacementDetail", p, attended=True)
        elif name == "SENneed":
            for code, rank in a.needs:
                need = etree.SubElement(el, "SENneed")
                _sub(need, "SENtype", code)
                _sub(need, "SENtypeRank", rank)
        else:
            _sub(el, name, simple[name])


def _request(parent: etree._Element, r: RequestRow, order: dict[str, tuple[str, ...]]) -> None:
    el = etree.SubElement(parent, "Requests")
    _sub(el, "ReceivedDate", r.received)
    _sub(el, "RequestSource", r.source)
    _sub(el, "RYA", r.rya)
    _sub(el, "RequestOutcomeDate", r.outcome_date)
    _sub(el, "RequestOutcome", r.outcome)
    _sub(el, "RequestMediation", r.mediation)
    _sub(el, "RequestTribunal", r.tribunal)
    _sub(el, "Exported", r.exported)
    if r.assessment is not None:
        _assessment(el, r.assessment)
    if r.active is not None:
        _active(el, r.active, order["ActivePlans"])


def person_element(p: PersonRow, spec: int = 2026) -> etree._Element:
    """Module 1 and every request block below it, in the specification's order."""
    el = etree.Element("Person")
    _sub(el, "Surname", p.surname)
    _sub(el, "Forename", p.forename)
    _sub(el, "PersonBirthDate", p.birth_date)
    _sub(el, "Sex", p.sex)
    _sub(el, "Ethnicity", p.ethnicity)
    _sub(el, "PostCode", p.postcode)
    _sub(el, "UPN", p.upn)
    _sub(el, "UniqueLearnerNumber", p.uln)
    if not p.upn and not p.uln:
        _sub(el, "UPNunknown", p.upn_unknown)
    for r in p.requests:
        _request(el, r, ORDER[spec])
    return el


def header_element(h: Header, c: Collection) -> etree._Element:
    el = etree.Element("Header")
    details = etree.SubElement(el, "CollectionDetails")
    _sub(details, "Collection", "SEN2")
    _sub(details, "Year", c.year)
    _sub(details, "ReferenceDate", c.reference_date)
    source = etree.SubElement(el, "Source")
    _sub(source, "SourceLevel", "L")
    _sub(source, "LEA", h.la_code)
    _sub(source, "SoftwareCode", SOFTWARE_CODE)
    _sub(source, "Release", RELEASE)
    _sub(source, "SerialNo", f"{h.serial % 1000:03d}")
    _sub(source, "DateTime", h.generated_at.replace(microsecond=0, tzinfo=None).isoformat())
    _sub(source, "DMO", h.dmo)
    _sub(source, "DCO", h.dco)
    _sub(source, "DSCO", h.dsco)
    return el


def write(
    out: IO[bytes],
    header: Header,
    c: Collection,
    people: Iterable[PersonRow],
    on_person: Callable[[PersonRow], None] | None = None,
) -> int:
    """Write the whole return to ``out`` and return the number of persons written.
    ``on_person`` is called after each person (progress, the index of records)."""
    written = 0
    with etree.xmlfile(out, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element("Message"):
            xf.write("\n")
            xf.write(header_element(header, c), pretty_print=True)
            with xf.element("Persons"):
                xf.write("\n")
                for person in people:
                    xf.write(person_element(person, c.spec), pretty_print=True)
                    written += 1
                    if on_person is not None:
                        on_person(person)
            xf.write("\n")
    return written
