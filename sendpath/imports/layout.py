"""The legacy import's column layout: one table per SEN2 module, one column per item.

WHY one definition: the page that shows the layout, the reader that checks a file's header
and ``docs/legacy-import.md`` must never disagree, so the page and the reader both read this
module, and a test checks that the document names every table and column here.

The tables follow the SEN2 modules (``shared/domain/sen2.md`` section 3): persons (module 1),
requests (2), assessments (3), named plans (4), active plans, placements and needs (5).
Column names are SEN2 item names in lower case with underscores, as witan.sen2 and the DfE
pre-submission workbook spell them. Each table has a legacy id column so rows refer to each
other: a request names its person, an assessment its request, a plan its request, and an
active plan, a placement and a need their plan.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    meaning: str
    item: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    module: str
    key: str
    about: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> frozenset[str]:
        return frozenset(c.name for c in self.columns if c.required)


DATE = "Date as YYYY-MM-DD (or DD/MM/YYYY)."

PERSONS = Table(
    "persons",
    "Persons",
    "Module 1: person",
    "person_id",
    "One row per child or young person.",
    (
        Column("person_id", True, "The legacy system's id for the person. Unique in the file."),
        Column("surname", True, "Surname.", "1.1"),
        Column("forename", True, "Forename.", "1.2"),
        Column("birth_date", True, f"Date of birth, not in the future. {DATE}", "1.3"),
        Column("sex", True, "M or F.", "1.4"),
        Column("ethnicity", False, "CBDS main ethnicity code, REFU or NOBT. Empty means NOBT.", "1.5"),
        Column("postcode", True, "UK postcode of the home address.", "1.6"),
        Column("upn", False, "Unique Pupil Number, with a correct check letter.", "1.7a"),
        Column("uln", False, "Unique Learner Number, with a correct check digit.", "1.7b"),
        Column("upn_unknown", False, "UN1 to UN10: required when both UPN and ULN are empty.", "1.7c"),
        Column("nhs_number", False, "NHS number, with a correct check digit."),
    ),
)

REQUESTS = Table(
    "requests",
    "Requests",
    "Module 2: requests for assessment",
    "request_id",
    "One row per request for an EHC needs assessment.",
    (
        Column("request_id", True, "The legacy system's id for the request. Unique in the file."),
        Column("person_id", True, "The person the request is for: a person_id in persons."),
        Column(
            "received_date", True, f"The day the request was received: the clocks start here. {DATE}", "2.1"
        ),
        Column(
            "request_source",
            True,
            "1 parent or young person, 2 school, 3 health, 4 social care, 5 other.",
            "2.2",
        ),
        Column(
            "request_outcome",
            True,
            "Y assessed, N not assessed, A not yet decided, W withdrawn, H historical.",
            "2.5",
        ),
        Column(
            "request_outcome_date",
            False,
            "Date of the decision whether to assess (or of withdrawal): required for Y, N and W, "
            "empty for A, optional for H; not before received_date.",
            "2.4",
        ),
    ),
)

ASSESSMENTS = Table(
    "assessments",
    "Assessments",
    "Module 3: EHC needs assessment",
    "request_id",
    "At most one row per request, for requests with outcome Y or H.",
    (
        Column("request_id", True, "The request assessed: a request_id in requests. Unique in the file."),
        Column(
            "assessment_outcome",
            True,
            "Y plan issued, N not to issue, A not yet decided, W withdrawn, H historical or transferred in.",
            "3.1",
        ),
        Column(
            "assessment_outcome_date",
            False,
            "For Y the day the plan was issued; for N the day the family was told; required for "
            "Y, N, W and H, empty for A; not before the request's dates.",
            "3.2",
        ),
    ),
)

NAMED_PLANS = Table(
    "named_plans",
    "Named plans",
    "Module 4: named plan",
    "plan_id",
    "One row per EHC plan. Its request must have an assessment with outcome Y or H.",
    (
        Column("plan_id", True, "The legacy system's id for the plan. Unique in the file."),
        Column("request_id", True, "The request the plan came from: one plan per request."),
        Column("start_date", True, f"The day the plan started (was first issued). {DATE}", "4.1"),
        Column(
            "cease_date",
            False,
            "The day the plan ceased: given with cease_reason, not before start_date.",
            "4.5",
        ),
        Column("cease_reason", False, "1 to 9 (SEN2 code list 5.5): given with cease_date.", "4.6"),
        Column(
            "urn", False, "The setting named in the plan: GIAS URN of a setting known to sendpath.", "4.7a"
        ),
        Column("ukprn", False, "Or its UKPRN. Give at most one of urn and ukprn.", "4.7b"),
    ),
)

ACTIVE_PLANS = Table(
    "active_plans",
    "Active plans",
    "Module 5: active plans (reviews)",
    "plan_id",
    "At most one row per plan: its latest annual review.",
    (
        Column("plan_id", True, "The plan: a plan_id in named_plans. Unique in the file."),
        Column("review_meeting", False, "Latest annual review meeting, not before the plan started.", "5.4a"),
        Column(
            "last_review",
            False,
            "Date of the decision after that review, not before the meeting. The next review is due "
            "within 12 months of it (CFA 2014 s44).",
            "5.4b",
        ),
    ),
)

PLACEMENTS = Table(
    "placements",
    "Placements",
    "Module 5: placement detail",
    "placement_id",
    "One row per setting attended under a plan.",
    (
        Column("placement_id", True, "The legacy system's id for the placement. Unique in the file."),
        Column("plan_id", True, "The plan: a plan_id in named_plans."),
        Column("urn", False, "GIAS URN of the setting attended, known to sendpath.", "5.7a"),
        Column("ukprn", False, "Or its UKPRN. Give exactly one of urn and ukprn.", "5.7b"),
        Column("entry_date", True, f"The day the placement started. {DATE}", "5.7e"),
        Column("leaving_date", False, "The day it ended, not before entry_date.", "5.7f"),
    ),
)

NEEDS = Table(
    "needs",
    "Needs",
    "Module 5: SEN need",
    "plan_id",
    "One or two rows per plan: rank 1 (the primary need) is required, rank 2 is optional.",
    (
        Column("plan_id", True, "The plan: a plan_id in named_plans."),
        Column(
            "sen_type",
            True,
            "SEN2 need type: SPLD, MLD, SLD, PMLD, SEMH, SLCN, HI, VI, MSI, PD, ASD, DS, OTH.",
            "5.8a",
        ),
        Column(
            "sen_type_rank", True, "1 primary need, 2 secondary need. One of each at most per plan.", "5.8b"
        ),
    ),
)

#: In the order they are checked and written: each table refers only to tables before it,
#: except that a plan takes its primary need from the needs table.
TABLES: tuple[Table, ...] = (PERSONS, REQUESTS, ASSESSMENTS, NAMED_PLANS, ACTIVE_PLANS, PLACEMENTS, NEEDS)
BY_NAME = {t.name: t for t in TABLES}


def table_for(name: str) -> Table | None:
    """The table a file or sheet name stands for: ``Named plans``, ``named-plans.csv`` and
    ``NAMED_PLANS`` all mean named_plans."""
    stem = name.rsplit("/", 1)[-1]
    if stem.lower().endswith(".csv"):
        stem = stem[:-4]
    key = "_".join(stem.strip().lower().replace("-", " ").split())
    return BY_NAME.get(key)
