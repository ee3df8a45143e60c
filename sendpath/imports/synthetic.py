"""Synthetic legacy exports for tests and the benchmark, from a fixed seed.

``legacy_export(rows=10_000, bad=0.1, seed=1, urns=[...])`` makes exactly ``rows`` rows over
the seven tables, of which exactly ``round(rows * bad)`` must be rejected, and says for each
which column and which words the reason must hold. Bad rows are of several kinds: a wrong
UPN check letter, a UPN already in sendpath, an unknown code, dates out of order, a plan
whose request is missing, a legacy id given twice, a setting sendpath does not know. Rows
that refer to a bad row are bad too, and are counted.

Only synthetic data: names are drawn from short lists, identifiers are made valid by
``sendpath.law.identifiers``' own helpers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from sendpath.imports.layout import TABLES
from sendpath.law.identifiers import make_nhs_number, make_upn

FORENAMES = ("Amara", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hassan", "Isla", "Jay", "Kai", "Lena")
SURNAMES = ("Adeyemi", "Brown", "Clarke", "Davies", "Evans", "Fischer", "Green", "Hughes", "Iqbal", "Jones")
ETHNICITIES = ("WBRI", "WOTH", "MWBC", "AIND", "APKN", "BAFR", "CHNE", "OOTH", "REFU", "NOBT")
NEEDS = ("ASD", "SLCN", "SEMH", "MLD", "SLD", "PD", "SPLD", "HI")
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

Row = dict[str, str]
#: What the report must say about a bad row: the column and words in the reason.
Expect = tuple[str, str]


@dataclass
class Chain:
    """One person and the rows that hang from them, table by table."""

    kind: str
    rows: list[tuple[str, Row]] = field(default_factory=list)
    expect: dict[int, Expect] = field(default_factory=dict)

    def first(self, table: str) -> int:
        return next(i for i, (t, _) in enumerate(self.rows) if t == table)

    def has(self, table: str) -> bool:
        return any(t == table for t, _ in self.rows)

    def reject_all(self, start: int, reason: Expect) -> None:
        """Row ``start`` is bad for ``reason``; everything after it refers to it."""
        self.expect[start] = reason
        for i in range(start + 1, len(self.rows)):
            self.expect.setdefault(i, (REF[self.rows[i][0]], "was rejected"))


REF = {
    "requests": "person_id",
    "assessments": "request_id",
    "named_plans": "request_id",
    "active_plans": "plan_id",
    "placements": "plan_id",
    "needs": "plan_id",
}


@dataclass
class LegacyExport:
    tables: dict[str, list[Row]]
    #: (table, line) -> (column, words in the reason), line as the report counts it.
    bad: dict[tuple[str, int], Expect]

    @property
    def rows(self) -> int:
        return sum(len(v) for v in self.tables.values())

    def csv_files(self) -> list[tuple[str, bytes]]:
        files = []
        for table in TABLES:
            out = io.StringIO()
            writer = csv.writer(out)
            writer.writerow(table.column_names)
            for row in self.tables[table.name]:
                writer.writerow([row.get(c, "") for c in table.column_names])
            files.append((f"{table.name}.csv", out.getvalue().encode("utf-8")))
        return files

    def zip_file(self, name: str = "legacy.zip") -> tuple[str, bytes]:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for file_name, data in self.csv_files():
                archive.writestr(file_name, data)
        return name, out.getvalue()

    def workbook(self, name: str = "legacy.xlsx") -> tuple[str, bytes]:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        for table in TABLES:
            sheet = book.create_sheet(table.name)
            sheet.append(list(table.column_names))
            for row in self.tables[table.name]:
                sheet.append([row.get(c, "") for c in table.column_names])
        out = io.BytesIO()
        book.save(out)
        return name, out.getvalue()


class _Maker:
    def __init__(self, seed: int, today: dt.date, urns: list[str]) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.urns = urns
        self.existing: list[str] = []
        self.n = 0

    def ago(self, low: int, high: int) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(low, high))

    def person(self) -> Row:
        self.n += 1
        n = self.n
        age = self.rng.randint(3, 19)
        dob = self.today - dt.timedelta(days=365 * age + self.rng.randint(0, 360))
        nhs = None
        block = 11 * n
        while nhs is None:
            nhs = make_nhs_number(f"{600_000_000 + block:09d}")
            block += 1
        letters = self.rng.choice(POSTCODE_LETTERS) + self.rng.choice(POSTCODE_LETTERS)
        return {
            "person_id": f"P{n}",
            "surname": self.rng.choice(SURNAMES),
            "forename": self.rng.choice(FORENAMES),
            "birth_date": dob.isoformat(),
            "sex": self.rng.choice("MF"),
            "ethnicity": self.rng.choice(ETHNICITIES),
            "postcode": f"LE{self.rng.randint(1, 19)} {self.rng.randint(1, 9)}{letters}",
            "upn": make_upn(873, 1000 + n // 1000, 21, n % 1000),
            "uln": "",
            "upn_unknown": "",
            "nhs_number": nhs,
        }

    def request(self, person: Row, outcome: str, low: int, high: int) -> Row:
        dob = dt.date.fromisoformat(person["birth_date"])
        received = max(self.ago(low, high), dob + dt.timedelta(days=400))
        return {
            "request_id": f"R{self.n}",
            "person_id": person["person_id"],
            "received_date": received.isoformat(),
            "request_source": self.rng.choice("11122345"),
            "request_outcome": outcome,
            "request_outcome_date": ""
            if outcome == "A"
            else (received + dt.timedelta(days=self.rng.randint(25, 45))).isoformat(),
        }

    def chain(self, kind: str) -> Chain:
        c = Chain(kind)
        person = self.person()
        c.rows.append(("persons", person))
        if kind == "person":
            return c
        if kind in ("refused", "open"):
            outcome, low, high = ("N", 60, 900) if kind == "refused" else ("A", 1, 40)
            c.rows.append(("requests", self.request(person, outcome, low, high)))
            return c
        request = self.request(person, "Y", 160, 1800)
        c.rows.append(("requests", request))
        received = dt.date.fromisoformat(request["received_date"])
        decided = received + dt.timedelta(days=self.rng.randint(90, 140))
        if kind == "no_plan":
            c.rows.append(
                (
                    "assessments",
                    {
                        "request_id": request["request_id"],
                        "assessment_outcome": "N",
                        "assessment_outcome_date": decided.isoformat(),
                    },
                )
            )
            return c
        c.rows.append(
            (
                "assessments",
                {
                    "request_id": request["request_id"],
                    "assessment_outcome": "Y",
                    "assessment_outcome_date": decided.isoformat(),
                },
            )
        )
        plan = {
            "plan_id": f"E{self.n}",
            "request_id": request["request_id"],
            "start_date": decided.isoformat(),
        }
        c.rows.append(("named_plans", plan))
        left = ""
        if kind == "ceased":
            room = max(1, (self.today - decided).days - 1)
            ceased = decided + dt.timedelta(days=self.rng.randint(1, room))
            plan.update(cease_date=ceased.isoformat(), cease_reason=self.rng.choice("1225679"))
            left = ceased.isoformat()
        else:
            meeting = decided + dt.timedelta(days=self.rng.randint(300, 340))
            if meeting <= self.today - dt.timedelta(days=30):
                review = {
                    "plan_id": plan["plan_id"],
                    "review_meeting": meeting.isoformat(),
                    "last_review": (meeting + dt.timedelta(days=self.rng.randint(5, 25))).isoformat(),
                }
            else:
                review = {"plan_id": plan["plan_id"]}
            c.rows.append(("active_plans", review))
        c.rows.append(
            (
                "placements",
                {
                    "placement_id": f"L{self.n}",
                    "plan_id": plan["plan_id"],
                    "urn": self.rng.choice(self.urns),
                    "entry_date": decided.isoformat(),
                    "leaving_date": left,
                },
            )
        )
        needs = self.rng.sample(NEEDS, 2)
        c.rows.append(("needs", {"plan_id": plan["plan_id"], "sen_type": needs[0], "sen_type_rank": "1"}))
        if kind == "plan" and self.rng.random() < 0.5:
            c.rows.append(("needs", {"plan_id": plan["plan_id"], "sen_type": needs[1], "sen_type_rank": "2"}))
        return c


# --- faults: each makes one chain (or two) bad and says what the report must say ----------


def _wrong_check_letter(c: Chain, maker: _Maker) -> None:
    person = c.rows[0][1]
    letter = "A" if person["upn"][0] != "A" else "B"
    person["upn"] = letter + person["upn"][1:]
    c.reject_all(0, ("upn", "check letter"))


def _upn_in_database(c: Chain, maker: _Maker) -> None:
    c.rows[0][1]["upn"] = maker.existing.pop()
    c.reject_all(0, ("upn", "already in sendpath"))


def _received_before_birth(c: Chain, maker: _Maker) -> None:
    i = c.first("requests")
    dob = dt.date.fromisoformat(c.rows[0][1]["birth_date"])
    c.rows[i][1]["received_date"] = (dob - dt.timedelta(days=10)).isoformat()
    c.reject_all(i, ("received_date", "before the date of birth"))


def _plan_request_missing(c: Chain, maker: _Maker) -> None:
    i = c.first("named_plans")
    c.rows[i][1]["request_id"] = "R-MISSING-" + c.rows[i][1]["plan_id"]
    c.reject_all(i, ("request_id", "is not in the requests table"))


def _primary_need_unknown(c: Chain, maker: _Maker) -> None:
    """The rank 1 need is bad, so the plan has no primary need: the plan and every row
    that refers to it go too (the second need, the review row, the placement)."""
    i = next(k for k, (t, r) in enumerate(c.rows) if t == "needs" and r["sen_type_rank"] == "1")
    c.rows[i][1]["sen_type"] = "AUT"
    plan = c.first("named_plans")
    c.expect[i] = ("sen_type", "is not a SEN2 need type")
    c.expect[plan] = ("plan_id", "has no primary need")
    for k in range(plan + 1, len(c.rows)):
        c.expect.setdefault(k, ("plan_id", "was rejected"))


def _secondary_need_unknown(c: Chain, maker: _Maker) -> None:
    i = next(k for k, (t, r) in enumerate(c.rows) if t == "needs" and r["sen_type_rank"] == "2")
    c.rows[i][1]["sen_type"] = "DYS"
    c.expect[i] = ("sen_type", "is not a SEN2 need type")


def _placement_ends_before_entry(c: Chain, maker: _Maker) -> None:
    i = c.first("placements")
    entry = dt.date.fromisoformat(c.rows[i][1]["entry_date"])
    c.rows[i][1]["leaving_date"] = (entry - dt.timedelta(days=3)).isoformat()
    c.expect[i] = ("leaving_date", "is before entry_date")


def _unknown_setting(c: Chain, maker: _Maker) -> None:
    i = c.first("placements")
    c.rows[i][1]["urn"] = "999999"
    c.expect[i] = ("urn", "No setting with URN 999999")


def _review_decided_before_meeting(c: Chain, maker: _Maker) -> None:
    i = c.first("active_plans")
    row = c.rows[i][1]
    row["review_meeting"] = (
        dt.date.fromisoformat(c.rows[c.first("named_plans")][1]["start_date"]) + dt.timedelta(days=20)
    ).isoformat()
    row["last_review"] = (dt.date.fromisoformat(row["review_meeting"]) - dt.timedelta(days=2)).isoformat()
    c.expect[i] = ("last_review", "is before the review meeting")


def _bad_postcode(c: Chain, maker: _Maker) -> None:
    c.rows[0][1]["postcode"] = "LE1 6ZC"
    c.reject_all(0, ("postcode", "never include C"))


def _unknown_request_source(c: Chain, maker: _Maker) -> None:
    i = c.first("requests")
    c.rows[i][1]["request_source"] = "7"
    c.reject_all(i, ("request_source", "is not a SEN2 request source"))


def _assessed_before_decision(c: Chain, maker: _Maker) -> None:
    i = c.first("assessments")
    request = c.rows[c.first("requests")][1]
    c.rows[i][1]["assessment_outcome_date"] = request["received_date"]
    c.reject_all(i, ("assessment_outcome_date", "before the decision to assess"))


def _ceased_without_reason(c: Chain, maker: _Maker) -> None:
    i = c.first("named_plans")
    c.rows[i][1]["cease_reason"] = ""
    c.reject_all(i, ("cease_reason", "Give the reason the plan ceased"))


Fault = Callable[[Chain, _Maker], None]
FAULTS: dict[str, list[Fault]] = {
    "plan": [
        _wrong_check_letter,
        _upn_in_database,
        _received_before_birth,
        _plan_request_missing,
        _primary_need_unknown,
        _secondary_need_unknown,
        _placement_ends_before_entry,
        _unknown_setting,
        _review_decided_before_meeting,
    ],
    "ceased": [_ceased_without_reason, _placement_ends_before_entry, _wrong_check_letter],
    "no_plan": [_assessed_before_decision, _unknown_request_source],
    "refused": [_unknown_request_source, _bad_postcode],
    "open": [_unknown_request_source],
    "person": [_bad_postcode, _wrong_check_letter],
}
KINDS = {"plan": 45, "ceased": 10, "no_plan": 8, "refused": 15, "open": 7, "person": 15}


def _size(c: Chain, fault: Fault, maker: _Maker) -> int | None:
    """How many rows the fault would make bad, or None if it does not fit the chain."""
    trial = Chain(c.kind, [(t, dict(r)) for t, r in c.rows], {})
    saved = list(maker.existing)
    try:
        fault(trial, maker)
    except (StopIteration, IndexError, ValueError):
        return None
    finally:
        maker.existing = saved
    return len(trial.expect)


def _duplicates(chains: list[Chain], order: list[int], target: int) -> int:
    """Legacy ids given twice: two people with one person_id (both rejected, and their
    requests with them) and two placements with one placement_id. Returns the rows made bad."""
    made = 0
    refused = [chains[i] for i in order if chains[i].kind == "refused"][:2]
    if len(refused) == 2 and target - made >= 4:
        first, second = refused
        second.rows[0][1]["person_id"] = first.rows[0][1]["person_id"]
        second.rows[1][1]["person_id"] = first.rows[0][1]["person_id"]
        for c in refused:
            c.expect[0] = ("person_id", "is on more than one row")
            c.expect[1] = ("person_id", "was rejected")
        made += 4
    plans = [chains[i] for i in order if chains[i].kind == "plan" and not chains[i].expect][:2]
    if len(plans) == 2 and target - made >= 2:
        first, second = plans
        i, j = first.first("placements"), second.first("placements")
        second.rows[j][1]["placement_id"] = first.rows[i][1]["placement_id"]
        first.expect[i] = second.expect[j] = ("placement_id", "is on more than one row")
        made += 2
    return made


def legacy_export(
    rows: int = 10_000,
    bad: float = 0.1,
    seed: int = 1,
    urns: list[str] | None = None,
    existing_upns: list[str] | None = None,
    today: dt.date | None = None,
) -> LegacyExport:
    """Exactly ``rows`` rows, exactly ``round(rows * bad)`` of them bad, from ``seed``.

    ``urns`` are settings that exist in sendpath; ``existing_upns`` are UPNs of children
    already in sendpath (each is used once, for the "already in sendpath" fault).
    """
    maker = _Maker(seed, today or dt.date.today(), urns or ["100001"])
    maker.existing = list(existing_upns or [])
    chains: list[Chain] = []
    total = 0
    kinds, weights = list(KINDS), list(KINDS.values())
    while total < rows - 8:
        chain = maker.chain(maker.rng.choices(kinds, weights)[0])
        chains.append(chain)
        total += len(chain.rows)
    while total < rows:
        chains.append(maker.chain("person"))
        total += 1

    target = round(rows * bad)
    order = list(range(len(chains)))
    maker.rng.shuffle(order)
    remaining = target - _duplicates(chains, order, target)
    turn = 0
    for idx in order:
        if remaining <= 0:
            break
        chain = chains[idx]
        if chain.expect:
            continue
        faults = FAULTS[chain.kind]
        # Take the faults in turn so every kind appears; skip those too big for what is left.
        for step in range(len(faults)):
            fault = faults[(turn + step) % len(faults)]
            if fault is _upn_in_database and not maker.existing:
                continue
            size = _size(chain, fault, maker)
            if size is not None and size <= remaining:
                fault(chain, maker)
                remaining -= len(chain.expect)
                turn += 1
                break
    if remaining:
        raise ValueError(f"could not place {remaining} more bad rows; ask for more rows")

    tables: dict[str, list[Row]] = {t.name: [] for t in TABLES}
    expected: dict[tuple[str, int], Expect] = {}
    for chain in chains:
        for i, (table, row) in enumerate(chain.rows):
            tables[table].append(row)
            if i in chain.expect:
                expected[(table, len(tables[table]) + 1)] = chain.expect[i]
    return LegacyExport(tables, expected)
