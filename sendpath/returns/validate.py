"""Check a SEN2 file: first against sendpath's XSD, then against the business rules.

Why per person: ``lxml.etree.iterparse`` reads the file one ``Person`` at a time; each is
validated against the schema's global ``Person`` declaration, checked by every rule, counted
for the figures, and then freed. The envelope (``Message``, ``Header``, ``Persons``) is
checked on its own. So an all-England file is checked in constant memory, and every schema
error is reported with its line and its child, rather than stopping at the first one.
``validate_document`` checks a whole (small) file in one go, for tests and for anyone who
wants lxml's own verdict.
"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.urls import reverse
from lxml import etree

from sendpath.returns import rules as r

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
EXAMPLES = 200  # findings kept per rule for the page; the count is always complete


@cache
def schema(spec: int = 2026) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / f"sen2-{spec}.xsd")))


def validate_document(path: str | Path, spec: int = 2026) -> list[str]:
    """The whole file against the XSD in one go: every error as 'line N: message'."""
    s = schema(spec)
    try:
        doc = etree.parse(str(path))
    except etree.XMLSyntaxError as exc:
        return [f"line {exc.lineno}: {exc.msg}"]
    if s.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in s.error_log]


class RecordIndex:
    """Which record each person and request block of a file came from, so a finding can link
    to the page where it is fixed. Compact arrays: 640,000 persons take a few megabytes."""

    def __init__(self) -> None:
        self.child = array("q")
        self.first_block = array("q")
        self.request = array("q")
        self.plan = array("q")

    def add(self, child_id: int, blocks: list[tuple[int, int]]) -> None:
        self.child.append(child_id)
        self.first_block.append(len(self.request))
        for request_id, plan_id in blocks:
            self.request.append(request_id)
            self.plan.append(plan_id)

    def block(self, person: int, block: int) -> tuple[int, int]:
        at = self.first_block[person] + block
        if block < 0 or at >= len(self.request):
            return 0, 0
        return self.request[at], self.plan[at]


@dataclass
class Figures:
    """Counts per module and per code, as found in the file."""

    modules: Counter = field(default_factory=Counter)
    codes: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, p: r.PersonView) -> None:
        m, codes = self.modules, self.codes
        m["Person"] += 1
        codes["Sex"][p.get("Sex", "")] += 1
        if p.get("UPNunknown"):
            codes["UPNunknown"][p["UPNunknown"]] += 1
        for b in p.blocks:
            req = b.r
            m["Requests"] += 1
            codes["RequestOutcome"][req.get("RequestOutcome", "")] += 1
            if req.get("RequestSource"):
                codes["RequestSource"][req["RequestSource"]] += 1
            if b.a is not None:
                m["Assessment"] += 1
                codes["AssessmentOutcome"][b.a.get("AssessmentOutcome", "")] += 1
                if b.a.get("Week20"):
                    codes["Week20"][b.a["Week20"]] += 1
            if b.n is not None:
                m["NamedPlan"] += 1
                if b.n.get("CeaseReason"):
                    codes["CeaseReason"][b.n["CeaseReason"]] += 1
            if b.ap is not None:
                m["ActivePlans"] += 1
                if b.ap.get("ReviewOutcome"):
                    codes["ReviewOutcome"][b.ap["ReviewOutcome"]] += 1
                for need in b.ap.get("SENneed", ()):
                    m["SENneed"] += 1
                    key = "SENtype (primary)" if need.get("SENtypeRank") == "1" else "SENtype (secondary)"
                    codes[key][need.get("SENtype", "")] += 1
        for _, block, d in p.settings:
            m[block] += 1
            if d.get("SENSetting"):
                codes["SENSetting"][d["SENSetting"]] += 1

    def as_json(self) -> dict[str, Any]:
        return {
            "modules": dict(self.modules),
            "codes": {name: dict(sorted(values.items())) for name, values in sorted(self.codes.items())},
        }


@dataclass
class Result:
    persons: int = 0
    schema_errors: list[dict[str, Any]] = field(default_factory=list)
    schema_error_count: int = 0
    findings: dict[str, dict[str, Any]] = field(default_factory=dict)
    figures: Figures = field(default_factory=Figures)

    @property
    def errors(self) -> int:
        return sum(g["count"] for g in self.findings.values() if g["severity"] == r.ERROR)

    @property
    def queries(self) -> int:
        return sum(g["count"] for g in self.findings.values() if g["severity"] == r.QUERY)

    def fired(self) -> set[str]:
        return {rule_id for rule_id, g in self.findings.items() if g["count"]}

    def add(self, rule: r.Rule, message: str, url: str) -> None:
        group = self.findings.setdefault(
            rule.id, {"severity": rule.severity, "title": rule.title, "count": 0, "examples": []}
        )
        group["count"] += 1
        if len(group["examples"]) < EXAMPLES:
            group["examples"].append({"message": message, "url": url})


class _Links:
    """Where each finding is fixed. URLs are built once and filled with the record number."""

    def __init__(self) -> None:
        self.person = reverse("people:edit", kwargs={"pk": 999999999}).replace("999999999", "{}")
        self.request = reverse("assessments:case", kwargs={"pk": 999999999}).replace("999999999", "{}")
        self.plan = reverse("plans:detail", kwargs={"pk": 999999999}).replace("999999999", "{}")
        self.header = reverse("returns:home")

    def describe(self, problem: r.Problem, person: int, index: RecordIndex | None) -> tuple[str, str]:
        """The message's record part and the link."""
        if problem.where in (r.HEADER, r.RETURN):
            return "in the return", self.header + ("#codes" if problem.where == r.RETURN else "#header")
        if index is None or person >= len(index.child):
            return f"person {person + 1} in the file", ""
        child = index.child[person]
        record = f"child record {child}"
        request_id, plan_id = index.block(person, problem.block)
        if problem.where == r.REQUEST and request_id:
            return f"{record}, request {request_id}", self.request.format(request_id)
        if problem.where == r.PLAN and plan_id:
            return f"{record}, plan {plan_id}", self.plan.format(plan_id)
        if problem.block >= 0 and request_id:
            return f"{record}, request {request_id}", self.request.format(request_id)
        return record, self.person.format(child)


def _message(problem: r.Problem, where: str) -> str:
    item = f"Item {problem.item}: " if problem.item and problem.item != "header" else "Header: "
    return f"{item}{problem.text} ({where})"


def validate(
    path: str | Path,
    context: r.Context,
    index: RecordIndex | None = None,
    spec: int = 2026,
    progress: Callable[[int], None] | None = None,
) -> Result:
    """Schema and rules for the file at ``path``. ``progress`` is called every 1,000 persons."""
    s = schema(spec)
    links = _Links()
    result = Result()
    found_header = False
    person = 0

    def schema_error(where: str, url: str) -> None:
        for e in s.error_log:
            result.schema_error_count += 1
            if len(result.schema_errors) < EXAMPLES:
                result.schema_errors.append({"message": f"line {e.line}: {e.message} ({where})", "url": url})

    try:
        parser = etree.iterparse(str(path), events=("end",), tag=("Header", "Person"), huge_tree=True)
        for _, el in parser:
            if el.tag == "Header":
                found_header = True
                if not s.validate(el):
                    schema_error("the header", links.header + "#header")
                h = r.as_dict(el)
                for rule in r.HEADER_RULES:
                    for problem in rule.check(h, context):
                        result.add(rule, _message(problem, "in the return"), links.header + "#header")
                continue
            valid = s.validate(el)
            if not valid:
                where, url = links.describe(r.Problem("", "", r.PERSON), person, index)
                schema_error(where, url)
            p = r.view(el)
            result.figures.add(p)
            for rule in r.RULES:
                for problem in rule.check(p, context):
                    where, url = links.describe(problem, person, index)
                    result.add(rule, _message(problem, where), url)
            person += 1
            el.clear()
            parent = el.getparent()
            if parent is not None:
                while el.getprevious() is not None:
                    del parent[0]
            if progress is not None and person % 1000 == 0:
                progress(person)
        root = parser.root
    except etree.XMLSyntaxError as exc:
        result.schema_error_count += 1
        result.schema_errors.append({"message": f"line {exc.lineno}: {exc.msg}", "url": ""})
        result.persons = person
        return result
    if (
        root is None
        or root.tag != "Message"
        or [c.tag for c in root] != ["Header", "Persons"]
        or not found_header
    ):
        result.schema_error_count += 1
        result.schema_errors.append(
            {"message": "The file must be a Message holding a Header and then Persons", "url": ""}
        )
    counts = {name: dict(values) for name, values in result.figures.codes.items()}
    for problem in r.v19(counts):
        result.add(r.V19, _message(problem, "in the return"), links.header + "#codes")
    result.persons = person
    return result


def context_for(la_code: str, collection: Any) -> r.Context:
    """The rules' context for a collection, with sendpath's register of settings."""
    from sendpath.organisations.models import Setting, SettingKind

    urns, ukprns, resourced = set(), set(), set()
    for urn, ukprn, kind in Setting.objects.values_list("urn", "ukprn", "kind"):
        if urn:
            urns.add(urn)
        if ukprn:
            ukprns.add(ukprn)
        if kind == SettingKind.RESOURCED:
            resourced.add(urn or ukprn)
    return r.Context(
        year=collection.year,
        la_code=la_code,
        period_start=collection.period_start,
        period_end=collection.period_end,
        reference_date=collection.reference_date,
        known_urns=frozenset(urns),
        known_ukprns=frozenset(ukprns),
        resourced=frozenset(resourced),
    )
