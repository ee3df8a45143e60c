"""Checking every legacy row before anything is written.

A row is checked on its own (required cells, identifiers, codes, dates and their order),
then against the rest of the file (a legacy id given twice, a UPN on two people), against
the database (a child with that UPN already here, a legacy id imported before) and against
the rows it refers to. A row that refers to a rejected row is rejected too, saying which
row and why, so the data officer can follow a chain back to the one cell to fix.

The tables are checked in the order of ``layout.TABLES``: each refers only to tables
before it. Two rules look forward and are applied once the later table is checked: a
historical request (H) needs its assessment row, and a plan needs its primary need.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sendpath.imports import fields as f
from sendpath.imports.layout import TABLES, Table
from sendpath.imports.models import LegacyRecord
from sendpath.imports.readers import RawTable, ReadResult
from sendpath.imports.report import Problem
from sendpath.organisations.models import LocalAuthority, Setting
from sendpath.people.models import Child

CHUNK = 900  # under SQLite's limit on query parameters
MAX_ID = 64  # LegacyRecord.legacy_id


@dataclass
class Checked:
    """One row: its line, its cells as read, its values as understood, and what is wrong."""

    line: int
    raw: dict[str, str]
    clean: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, column: str, reason: str) -> None:
        self.errors.append((column, reason))


@dataclass
class Batch:
    """Every row of every table, checked. ``valid`` are the rows to write."""

    rows: dict[str, list[Checked]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    #: Settings named by URN or UKPRN in the files, found in the database.
    settings_by_urn: dict[str, Setting] = field(default_factory=dict)
    settings_by_ukprn: dict[str, Setting] = field(default_factory=dict)

    def valid(self, table: str) -> list[Checked]:
        return [r for r in self.rows.get(table, []) if r.ok]

    def problems(self) -> list[Problem]:
        return [
            Problem(self.sources[name], row.line, column, reason)
            for name, rows in self.rows.items()
            for row in rows
            for column, reason in row.errors
        ]

    def counts(self) -> dict[str, dict[str, int]]:
        out = {}
        for name, rows in self.rows.items():
            good = sum(1 for r in rows if r.ok)
            out[name] = {"read": len(rows), "loaded": good, "rejected": len(rows) - good}
        return out


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    items = list(values)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


class _Checker:
    def __init__(self, read: ReadResult, la: LocalAuthority, today: dt.date) -> None:
        self.la = la
        self.today = today
        self.batch = Batch()
        self.raw: dict[str, RawTable] = read.tables
        for table in TABLES:
            raw = read.tables.get(table.name)
            self.batch.sources[table.name] = raw.source if raw else f"{table.name} (not given)"
            self.batch.rows[table.name] = (
                [Checked(r.line, r.values, errors=[("", r.problem)] if r.problem else []) for r in raw.rows]
                if raw
                else []
            )

    # --- cells -------------------------------------------------------------------------

    def cell(self, row: Checked, table: Table, column: str, parse: Callable[[str], Any] | None = None) -> Any:
        """The cell's value understood by ``parse``; None (and an error if it is required)
        when it is empty; None with an error when it cannot be understood."""
        text = row.raw.get(column, "")
        if not text:
            if column in table.required:
                row.error(column, "Required, but empty")
            row.clean[column] = None
            return None
        try:
            value = parse(text) if parse else text
        except f.BadCell as exc:
            row.error(column, str(exc))
            value = None
        row.clean[column] = value
        return value

    def legacy_id(self, row: Checked, table: Table, column: str) -> str | None:
        """A row's own legacy id: kept in ``LegacyRecord``, so at most 64 characters."""
        value = self.cell(row, table, column)
        if value and len(value) > MAX_ID:
            row.error(column, f"Longer than {MAX_ID} characters")
        return value

    def date(self, row: Checked, table: Table, column: str) -> dt.date | None:
        return self.cell(row, table, column, lambda v: f.date(v, self.today))

    def code(self, row: Checked, table: Table, column: str, codes: list[str], what: str) -> str | None:
        return self.cell(row, table, column, lambda v: f.code(v, codes, what))

    def ident(self, row: Checked, table: Table, column: str) -> str | None:
        return self.cell(row, table, column, lambda v: f.identifier(v, f.IDENTIFIERS[column]))

    @staticmethod
    def not_before(
        row: Checked, column: str, later: dt.date | None, earlier: dt.date | None, what: str
    ) -> None:
        if later is not None and earlier is not None and later < earlier:
            row.error(column, f"{later.isoformat()} is before {what} ({earlier.isoformat()})")

    # --- across rows -------------------------------------------------------------------

    @staticmethod
    def unique(rows: list[Checked], column: str, what: str | None = None) -> None:
        """Every row sharing a value of ``column`` is rejected: nobody can tell which is right."""
        groups: dict[str, list[Checked]] = defaultdict(list)
        for row in rows:
            value = row.clean.get(column)
            if value:
                groups[value].append(row)
        for value, group in groups.items():
            if len(group) > 1:
                lines = ", ".join(str(r.line) for r in group[:10]) + (", ..." if len(group) > 10 else "")
                for row in group:
                    row.error(column, f"{what or column} {value} is on more than one row (lines {lines})")

    def imported_before(self, rows: list[Checked], table: str, column: str) -> None:
        ids = {r.clean[column] for r in rows if r.clean.get(column)}
        found: dict[str, int] = {}
        for chunk in _chunks(ids):
            found.update(
                LegacyRecord.objects.filter(
                    local_authority=self.la, table=table, legacy_id__in=chunk
                ).values_list("legacy_id", "run_id")
            )
        for row in rows:
            run = found.get(row.clean.get(column) or "")
            if run is not None:
                row.error(
                    column,
                    f"{column} {row.clean[column]} was loaded by import {run}: it is already in sendpath",
                )

    @staticmethod
    def index(rows: list[Checked], column: str) -> dict[str, list[Checked]]:
        out: dict[str, list[Checked]] = defaultdict(list)
        for row in rows:
            value = row.raw.get(column, "")
            if value:
                out[value].append(row)
        return out

    def refer(
        self, row: Checked, column: str, index: dict[str, list[Checked]], table: str, noun: str
    ) -> Checked | None:
        """The one valid row ``column`` refers to; otherwise None and a reason."""
        value = row.raw.get(column, "")
        row.clean[column] = value or None
        if not value:
            row.error(column, "Required, but empty")
            return None
        targets = index.get(value)
        if not targets:
            row.error(column, f"{column} {value} is not in the {table} table")
            return None
        if len(targets) > 1 or not targets[0].ok:
            row.error(
                column,
                f"{column} {value}: that {noun} was rejected "
                f"({self.batch.sources[table]} line {targets[0].line})",
            )
            return None
        return targets[0]

    # --- tables ------------------------------------------------------------------------

    def persons(self) -> None:
        from sendpath.imports.layout import PERSONS as t

        rows = self.batch.rows[t.name]
        for row in rows:
            self.legacy_id(row, t, "person_id")
            for name in ("surname", "forename"):
                value = self.cell(row, t, name)
                if value and len(value) > 100:
                    row.error(name, "Longer than 100 characters")
            self.date(row, t, "birth_date")
            self.code(row, t, "sex", f.SEX, "a sex code")
            ethnicity = self.code(row, t, "ethnicity", f.ETHNICITY, "a CBDS ethnicity code")
            row.clean["ethnicity"] = ethnicity or "NOBT"
            self.ident(row, t, "postcode")
            upn = self.ident(row, t, "upn")
            uln = self.ident(row, t, "uln")
            unknown = self.code(row, t, "upn_unknown", f.UPN_UNKNOWN, "a SEN2 UPN-unknown reason")
            if not row.raw.get("upn") and not row.raw.get("uln") and not row.raw.get("upn_unknown"):
                row.error("upn_unknown", "Give a UPN, a ULN, or the reason both are unknown (UN1 to UN10)")
            elif unknown and (upn or uln):
                row.error("upn_unknown", "Leave this empty when a UPN or ULN is given")
            self.ident(row, t, "nhs_number")
        self.unique(rows, "person_id")
        self.unique(rows, "upn", "UPN")
        self.unique(rows, "nhs_number", "NHS number")
        self.imported_before(rows, t.name, "person_id")
        for column, what in (("upn", "UPN"), ("nhs_number", "NHS number")):
            values = {r.clean[column] for r in rows if r.clean.get(column)}
            known: set[str] = set()
            for chunk in _chunks(values):
                known.update(
                    Child.objects.filter(local_authority=self.la, **{f"{column}__in": chunk}).values_list(
                        column, flat=True
                    )
                )
            for row in rows:
                if row.clean.get(column) in known:
                    row.error(column, f"A child with this {what} is already in sendpath")

    def requests(self) -> None:
        from sendpath.imports.layout import REQUESTS as t

        rows = self.batch.rows[t.name]
        people = self.index(self.batch.rows["persons"], "person_id")
        for row in rows:
            self.legacy_id(row, t, "request_id")
            person = self.refer(row, "person_id", people, "persons", "person")
            received = self.date(row, t, "received_date")
            if person is not None:
                self.not_before(
                    row, "received_date", received, person.clean["birth_date"], "the date of birth"
                )
            self.code(row, t, "request_source", f.SOURCES, "a SEN2 request source")
            outcome = self.code(row, t, "request_outcome", list(f.REQUEST_OUTCOMES), "a SEN2 request outcome")
            decided = self.date(row, t, "request_outcome_date")
            if outcome in ("Y", "N", "W") and decided is None and not row.raw.get("request_outcome_date"):
                row.error("request_outcome_date", f"Required when request_outcome is {outcome}")
            if outcome == "A" and row.raw.get("request_outcome_date"):
                row.error("request_outcome_date", "Leave this empty while the decision is not yet made (A)")
            self.not_before(row, "request_outcome_date", decided, received, "received_date")
        self.unique(rows, "request_id")
        self.imported_before(rows, t.name, "request_id")

    def assessments(self) -> None:
        from sendpath.imports.layout import ASSESSMENTS as t

        rows = self.batch.rows[t.name]
        requests = self.index(self.batch.rows["requests"], "request_id")
        for row in rows:
            request = self.refer(row, "request_id", requests, "requests", "request")
            outcome = self.code(
                row, t, "assessment_outcome", list(f.ASSESSMENT_OUTCOMES), "a SEN2 assessment outcome"
            )
            decided = self.date(row, t, "assessment_outcome_date")
            if (
                outcome in ("Y", "N", "W", "H")
                and decided is None
                and not row.raw.get("assessment_outcome_date")
            ):
                row.error("assessment_outcome_date", f"Required when assessment_outcome is {outcome}")
            if outcome == "A" and row.raw.get("assessment_outcome_date"):
                row.error(
                    "assessment_outcome_date", "Leave this empty while the decision is not yet made (A)"
                )
            if request is not None:
                asked = request.clean["request_outcome"]
                if asked not in ("Y", "H"):
                    row.error(
                        "request_id",
                        f"Request {row.raw['request_id']} has request_outcome {asked} "
                        f"({f.REQUEST_OUTCOMES[asked]}): "
                        "only a request with outcome Y or H has an assessment",
                    )
                self.not_before(
                    row, "assessment_outcome_date", decided, request.clean["received_date"], "received_date"
                )
                self.not_before(
                    row,
                    "assessment_outcome_date",
                    decided,
                    request.clean["request_outcome_date"],
                    "the decision to assess (request_outcome_date)",
                )
        self.unique(rows, "request_id")
        # A historical request says only that it was decided before the collection period:
        # without its assessment row nobody knows how it ended.
        assessed = {r.raw["request_id"] for r in rows if r.ok}
        for request in self.batch.rows["requests"]:
            if (
                request.ok
                and request.clean["request_outcome"] == "H"
                and request.raw["request_id"] not in assessed
            ):
                request.error(
                    "request_outcome",
                    "A historical request (H) needs its row in the assessments table, to say how it ended",
                )

    def named_plans(self) -> None:
        from sendpath.imports.layout import NAMED_PLANS as t

        rows = self.batch.rows[t.name]
        requests = self.index(self.batch.rows["requests"], "request_id")
        assessments = {r.raw["request_id"]: r for r in self.batch.valid("assessments")}
        for row in rows:
            self.legacy_id(row, t, "plan_id")
            request = self.refer(row, "request_id", requests, "requests", "request")
            start = self.date(row, t, "start_date")
            ceased = self.date(row, t, "cease_date")
            self.code(row, t, "cease_reason", f.CEASE_REASONS, "a SEN2 cease reason")
            if row.raw.get("cease_date") and not row.raw.get("cease_reason"):
                row.error("cease_reason", "Give the reason the plan ceased with its cease_date")
            if row.raw.get("cease_reason") and not row.raw.get("cease_date"):
                row.error("cease_date", "Give the date the plan ceased with its cease_reason")
            self.not_before(row, "cease_date", ceased, start, "start_date")
            self.setting(row, t, required=False)
            if request is not None:
                assessment = assessments.get(row.raw["request_id"])
                if assessment is None or assessment.clean["assessment_outcome"] not in ("Y", "H"):
                    row.error(
                        "request_id",
                        f"Request {row.raw['request_id']} has no assessment with outcome Y or H, "
                        "so no plan can come from it",
                    )
                self.not_before(
                    row, "start_date", start, request.clean["received_date"], "the request's received_date"
                )
        self.unique(rows, "plan_id")
        self.unique(rows, "request_id", "request")
        self.imported_before(rows, t.name, "plan_id")

    def setting(self, row: Checked, table: Table, required: bool) -> None:
        """The setting named by exactly one of urn and ukprn, which sendpath must know."""
        urn = self.ident(row, table, "urn")
        ukprn = self.ident(row, table, "ukprn")
        if row.raw.get("urn") and row.raw.get("ukprn"):
            row.error("ukprn", "Give the setting's URN or its UKPRN, not both")
        elif required and not row.raw.get("urn") and not row.raw.get("ukprn"):
            row.error("urn", "Give the setting's URN or its UKPRN")
        if urn and urn not in self.batch.settings_by_urn:
            row.error("urn", f"No setting with URN {urn} is in sendpath: add the setting first")
        if ukprn and ukprn not in self.batch.settings_by_ukprn:
            row.error("ukprn", f"No setting with UKPRN {ukprn} is in sendpath: add the setting first")

    def load_settings(self) -> None:
        urns, ukprns = set(), set()
        for name in ("named_plans", "placements"):
            for row in self.batch.rows[name]:
                if row.raw.get("urn"):
                    urns.add(row.raw["urn"].strip())
                if row.raw.get("ukprn"):
                    ukprns.add(row.raw["ukprn"].strip())
        for chunk in _chunks(urns):
            self.batch.settings_by_urn.update({s.urn: s for s in Setting.objects.filter(urn__in=chunk)})
        for chunk in _chunks(ukprns):
            self.batch.settings_by_ukprn.update({s.ukprn: s for s in Setting.objects.filter(ukprn__in=chunk)})

    def needs(self) -> None:
        from sendpath.imports.layout import NEEDS as t

        rows = self.batch.rows[t.name]
        plans = self.index(self.batch.rows["named_plans"], "plan_id")
        for row in rows:
            self.refer(row, "plan_id", plans, "named_plans", "plan")
            self.code(row, t, "sen_type", f.NEED_TYPES, "a SEN2 need type")
            self.code(row, t, "sen_type_rank", list(f.RANKS), "a need rank")
        by_plan: dict[str, list[Checked]] = defaultdict(list)
        for row in rows:
            if row.raw.get("plan_id"):
                by_plan[row.raw["plan_id"]].append(row)
        for plan_id, group in by_plan.items():
            for rank in f.RANKS:
                same = [r for r in group if r.clean.get("sen_type_rank") == rank]
                if len(same) > 1:
                    lines = ", ".join(str(r.line) for r in same)
                    for r in same:
                        r.error(
                            "sen_type_rank",
                            f"Plan {plan_id} has more than one {f.RANKS[rank]} need (lines {lines})",
                        )
            first = next((r for r in group if r.clean.get("sen_type_rank") == "1"), None)
            for r in group:
                if (
                    first is not None
                    and r.clean.get("sen_type_rank") == "2"
                    and r.clean.get("sen_type")
                    and r.clean["sen_type"] == first.clean.get("sen_type")
                ):
                    r.error(
                        "sen_type",
                        f"The secondary need is the same as the primary need ({r.clean['sen_type']})",
                    )
        # A plan's primary need comes from this table; a plan without one is rejected, and
        # so is every row that refers to it.
        primary = {r.raw["plan_id"] for r in rows if r.ok and r.clean["sen_type_rank"] == "1"}
        for plan in self.batch.rows["named_plans"]:
            if plan.ok and plan.raw["plan_id"] not in primary:
                plan.error(
                    "plan_id",
                    f"Plan {plan.raw['plan_id']} has no primary need: the needs table needs its rank 1 row",
                )
        for row in rows:
            if row.ok:
                self.refer(row, "plan_id", plans, "named_plans", "plan")

    def active_plans(self) -> None:
        from sendpath.imports.layout import ACTIVE_PLANS as t

        rows = self.batch.rows[t.name]
        plans = self.index(self.batch.rows["named_plans"], "plan_id")
        for row in rows:
            plan = self.refer(row, "plan_id", plans, "named_plans", "plan")
            meeting = self.date(row, t, "review_meeting")
            decided = self.date(row, t, "last_review")
            self.not_before(row, "last_review", decided, meeting, "the review meeting")
            if plan is not None:
                start = plan.clean["start_date"]
                self.not_before(row, "review_meeting", meeting, start, "the plan's start_date")
                self.not_before(row, "last_review", decided, start, "the plan's start_date")
        self.unique(rows, "plan_id")

    def placements(self) -> None:
        from sendpath.imports.layout import PLACEMENTS as t

        rows = self.batch.rows[t.name]
        plans = self.index(self.batch.rows["named_plans"], "plan_id")
        for row in rows:
            self.legacy_id(row, t, "placement_id")
            self.refer(row, "plan_id", plans, "named_plans", "plan")
            self.setting(row, t, required=True)
            entry = self.date(row, t, "entry_date")
            left = self.date(row, t, "leaving_date")
            self.not_before(row, "leaving_date", left, entry, "entry_date")
        self.unique(rows, "placement_id")
        self.imported_before(rows, t.name, "placement_id")


def validate(read: ReadResult, la: LocalAuthority, today: dt.date) -> Batch:
    """Check every row of every table read; the batch says which rows may be written."""
    checker = _Checker(read, la, today)
    checker.load_settings()
    checker.persons()
    checker.requests()
    checker.assessments()
    checker.named_plans()
    checker.needs()
    checker.active_plans()
    checker.placements()
    return checker.batch
