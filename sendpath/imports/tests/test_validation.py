"""Every rule a legacy row is checked against, one at a time, on a small clean export."""

from __future__ import annotations

import csv
import datetime as dt
import io
from types import SimpleNamespace
from typing import Any

import pytest

from sendpath.imports.layout import BY_NAME
from sendpath.imports.readers import read_files
from sendpath.imports.validation import Batch, validate
from sendpath.law.identifiers import make_upn

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)
UPN = make_upn(873, 1234, 19, 5)
UPN2 = make_upn(873, 1234, 19, 6)


def clean(urn: str) -> dict[str, list[dict[str, str]]]:
    """One person with a plan, and everything that hangs from it."""
    return {
        "persons": [
            {"person_id": "P1", "surname": "Okafor", "forename": "Sam", "birth_date": "2016-04-02", "sex": "F",
             "ethnicity": "WBRI", "postcode": "LE1 6ZG", "upn": UPN, "nhs_number": "9434765919"},
        ],
        "requests": [
            {"request_id": "R1", "person_id": "P1", "received_date": "2023-01-09", "request_source": "2",
             "request_outcome": "Y", "request_outcome_date": "2023-02-15"},
        ],
        "assessments": [{"request_id": "R1", "assessment_outcome": "Y", "assessment_outcome_date": "2023-05-20"}],
        "named_plans": [{"plan_id": "E1", "request_id": "R1", "start_date": "2023-05-20", "urn": urn}],
        "active_plans": [{"plan_id": "E1", "review_meeting": "2024-04-30", "last_review": "2024-05-14"}],
        "placements": [{"placement_id": "L1", "plan_id": "E1", "urn": urn, "entry_date": "2023-06-01"}],
        "needs": [
            {"plan_id": "E1", "sen_type": "ASD", "sen_type_rank": "1"},
            {"plan_id": "E1", "sen_type": "SLCN", "sen_type_rank": "2"},
        ],
    }  # fmt: skip


def files(tables: dict[str, list[dict[str, str]]]) -> list[tuple[str, bytes]]:
    out = []
    for name, rows in tables.items():
        text = io.StringIO()
        writer = csv.writer(text)
        columns = BY_NAME[name].column_names
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(c, "") for c in columns])
        out.append((f"{name}.csv", text.getvalue().encode()))
    return out


def check(area: SimpleNamespace, tables: dict[str, list[dict[str, str]]]) -> Batch:
    return validate(read_files(files(tables)), area.la, TODAY)


def problems(batch: Batch) -> list[tuple[str, int, str, str]]:
    return [(p.file.removesuffix(".csv"), p.line, p.column, p.reason) for p in batch.problems()]


@pytest.fixture
def data(area: SimpleNamespace) -> dict[str, Any]:
    return clean(area.urns[0])


def test_a_clean_export_has_no_problems(area: SimpleNamespace, data: dict[str, Any]) -> None:
    batch = check(area, data)
    assert problems(batch) == []
    assert {k: v["loaded"] for k, v in batch.counts().items()} == {
        "persons": 1, "requests": 1, "assessments": 1, "named_plans": 1, "active_plans": 1, "placements": 1,
        "needs": 2,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("table", "changes", "column", "words"),
    [
        ("persons", {"upn": "A" + UPN[1:] if UPN[0] != "A" else "B" + UPN[1:]}, "upn", "check letter"),
        ("persons", {"uln": "9276308687"}, "uln", "check digit"),
        ("persons", {"nhs_number": "9434765918"}, "nhs_number", "check digit"),
        ("persons", {"postcode": "LE1"}, "postcode", "too short"),
        ("persons", {"sex": "X"}, "sex", "X is not a sex code: use M or F"),
        ("persons", {"ethnicity": "WHIT"}, "ethnicity", "not a CBDS ethnicity code"),
        ("persons", {"birth_date": "2016-02-30"}, "birth_date", "2016-02-30 is not a real date"),
        ("persons", {"birth_date": "2027-01-01"}, "birth_date", "is in the future"),
        ("persons", {"birth_date": "next week"}, "birth_date", "is not a date: write it as YYYY-MM-DD"),
        ("persons", {"surname": ""}, "surname", "Required, but empty"),
        ("persons", {"person_id": "P" * 65}, "person_id", "Longer than 64 characters"),
        ("persons", {"upn": ""}, "upn_unknown", "Give a UPN, a ULN, or the reason both are unknown"),
        ("persons", {"upn_unknown": "UN1"}, "upn_unknown", "Leave this empty when a UPN or ULN is given"),
        ("persons", {"upn": "", "upn_unknown": "UN4"}, "upn_unknown", "not a SEN2 UPN-unknown reason"),
        ("requests", {"request_source": "9"}, "request_source", "not a SEN2 request source"),
        ("requests", {"request_outcome": "X"}, "request_outcome", "not a SEN2 request outcome"),
        (
            "requests",
            {"received_date": "2015-01-01"},
            "received_date",
            "is before the date of birth (2016-04-02)",
        ),
        (
            "requests",
            {"request_outcome_date": "2022-12-01"},
            "request_outcome_date",
            "is before received_date",
        ),
        (
            "requests",
            {"request_outcome_date": ""},
            "request_outcome_date",
            "Required when request_outcome is Y",
        ),
        ("assessments", {"assessment_outcome_date": ""}, "assessment_outcome_date", "Required when"),
        (
            "assessments",
            {"assessment_outcome_date": "2023-02-01"},
            "assessment_outcome_date",
            "before the decision",
        ),
        ("named_plans", {"cease_date": "2024-01-01"}, "cease_reason", "Give the reason the plan ceased"),
        ("named_plans", {"cease_reason": "3"}, "cease_date", "Give the date the plan ceased"),
        (
            "named_plans",
            {"cease_date": "2023-05-01", "cease_reason": "3"},
            "cease_date",
            "is before start_date",
        ),
        (
            "named_plans",
            {"cease_date": "2024-05-01", "cease_reason": "0"},
            "cease_reason",
            "not a SEN2 cease reason",
        ),
        ("named_plans", {"urn": "12345"}, "urn", "A URN must be 6 digits; this one has 5"),
        ("named_plans", {"urn": "999999"}, "urn", "No setting with URN 999999 is in sendpath"),
        ("named_plans", {"ukprn": "10004321"}, "ukprn", "not both"),
        ("active_plans", {"last_review": "2024-04-01"}, "last_review", "is before the review meeting"),
        ("active_plans", {"review_meeting": "2023-01-01", "last_review": ""}, "review_meeting", "start_date"),
        ("placements", {"urn": ""}, "urn", "Give the setting's URN or its UKPRN"),
        ("placements", {"leaving_date": "2023-05-31"}, "leaving_date", "is before entry_date"),
        ("placements", {"ukprn": "20004321", "urn": ""}, "ukprn", "starting with 1"),
        ("needs", {"sen_type": "ASD"}, "sen_type", "The secondary need is the same as the primary need"),
    ],
)
def test_each_rule_rejects_the_row_saying_which_column_and_why(
    area: SimpleNamespace, data: dict[str, Any], table: str, changes: dict[str, str], column: str, words: str
) -> None:
    row = data[table][0] if table != "needs" else data[table][1]
    row.update(changes)
    found = [p for p in problems(check(area, data)) if p[0] == table]
    assert any(p[2] == column and words in p[3] for p in found), found
    assert {p[1] for p in found} == {2 if table != "needs" else 3}


def test_a_ukprn_names_a_college(area: SimpleNamespace, data: dict[str, Any]) -> None:
    data["placements"][0].update(urn="", ukprn="10004321")
    batch = check(area, data)
    assert problems(batch) == []
    assert batch.settings_by_ukprn["10004321"] == area.college


def test_dates_may_be_written_day_first(area: SimpleNamespace, data: dict[str, Any]) -> None:
    data["persons"][0]["birth_date"] = "02/04/2016"
    batch = check(area, data)
    assert problems(batch) == [] and batch.valid("persons")[0].clean["birth_date"] == dt.date(2016, 4, 2)


def test_a_rejected_person_takes_every_row_that_hangs_from_it(
    area: SimpleNamespace, data: dict[str, Any]
) -> None:
    data["persons"][0]["postcode"] = "XX"
    found = problems(check(area, data))
    by_table = {p[0]: p for p in found}
    assert set(by_table) == {
        "persons",
        "requests",
        "assessments",
        "named_plans",
        "active_plans",
        "placements",
        "needs",
    }
    assert by_table["requests"][2:] == (
        "person_id",
        "person_id P1: that person was rejected (persons.csv line 2)",
    )
    assert by_table["named_plans"][2:] == (
        "request_id",
        "request_id R1: that request was rejected (requests.csv line 2)",
    )
    assert by_table["placements"][2:] == (
        "plan_id",
        "plan_id E1: that plan was rejected (named_plans.csv line 2)",
    )


def test_a_plan_whose_request_is_missing_is_rejected_with_that_reason(
    area: SimpleNamespace, data: dict[str, Any]
) -> None:
    data["named_plans"][0]["request_id"] = "R9"
    found = problems(check(area, data))
    assert ("named_plans", 2, "request_id", "request_id R9 is not in the requests table") in found
    assert {p[0] for p in found} == {"named_plans", "active_plans", "placements", "needs"}


def test_a_plan_whose_request_was_not_assessed_is_rejected(
    area: SimpleNamespace, data: dict[str, Any]
) -> None:
    data["requests"][0].update(request_outcome="N")
    found = problems(check(area, data))
    assert found[0][:3] == ("assessments", 2, "request_id")
    assert "has request_outcome N (not to assess): only a request with outcome Y or H" in found[0][3]
    plan = next(p for p in found if p[0] == "named_plans")
    assert plan[2:] == (
        "request_id",
        "Request R1 has no assessment with outcome Y or H, so no plan can come from it",
    )


def test_a_historical_request_needs_its_assessment(area: SimpleNamespace, data: dict[str, Any]) -> None:
    data["requests"][0]["request_outcome"] = "H"
    assert problems(check(area, data)) == []
    data["assessments"] = []
    found = problems(check(area, data))
    assert found[0][:3] == ("requests", 2, "request_outcome")
    assert "needs its row in the assessments table" in found[0][3]


def test_a_plan_needs_one_primary_need(area: SimpleNamespace, data: dict[str, Any]) -> None:
    data["needs"] = [data["needs"][1]]
    found = problems(check(area, data))
    assert (
        "named_plans",
        2,
        "plan_id",
        "Plan E1 has no primary need: the needs table needs its rank 1 row",
    ) in found
    assert ("needs", 2, "plan_id", "plan_id E1: that plan was rejected (named_plans.csv line 2)") in found
    primary = {"plan_id": "E1", "sen_type_rank": "1"}
    data["needs"] = [primary | {"sen_type": "HI"}, primary | {"sen_type": "VI"}]
    found = problems(check(area, data))
    assert [p[2:] for p in found if p[0] == "needs"] == [
        ("sen_type_rank", "Plan E1 has more than one primary need (lines 2, 3)")
    ] * 2


def test_duplicates_within_the_file_reject_every_copy(area: SimpleNamespace, data: dict[str, Any]) -> None:
    twin = dict(data["persons"][0], upn=UPN2, nhs_number="")
    other = dict(data["persons"][0], person_id="P2", nhs_number="")
    data["persons"] += [twin, other]
    found = problems(check(area, data))
    assert ("persons", 2, "person_id", "person_id P1 is on more than one row (lines 2, 3)") in found
    assert ("persons", 3, "person_id", "person_id P1 is on more than one row (lines 2, 3)") in found
    assert ("persons", 4, "upn", f"UPN {UPN} is on more than one row (lines 2, 4)") in found
    assert (
        "requests",
        2,
        "person_id",
        "person_id P1: that person was rejected (persons.csv line 2)",
    ) in found


def test_a_second_plan_from_one_request_is_refused(area: SimpleNamespace, data: dict[str, Any]) -> None:
    data["named_plans"].append(dict(data["named_plans"][0], plan_id="E2"))
    found = problems(check(area, data))
    assert ("named_plans", 3, "request_id", "request R1 is on more than one row (lines 2, 3)") in found


def test_children_already_in_sendpath_are_refused(area: SimpleNamespace, data: dict[str, Any]) -> None:
    data["persons"][0]["upn"] = area.existing_upns[0]
    found = problems(check(area, data))
    assert ("persons", 2, "upn", "A child with this UPN is already in sendpath") in found


def test_a_reference_to_a_table_not_given_is_explained(area: SimpleNamespace, data: dict[str, Any]) -> None:
    del data["persons"]
    found = problems(check(area, data))
    assert found[0] == ("requests", 2, "person_id", "person_id P1 is not in the persons table")
