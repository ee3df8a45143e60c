"""The schema rejects malformed returns; the streaming check reports every problem with its
line and record, and links findings to the page where they are fixed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sendpath.returns import validate
from sendpath.returns.tests.test_rules import CTX, GOOD, GOOD_HEADER


def message(*persons: str, header: str = GOOD_HEADER) -> str:
    return f"<?xml version='1.0' encoding='UTF-8'?>\n<Message>{header}<Persons>{''.join(persons)}</Persons></Message>\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sen2.xml"
    path.write_text(text)
    return path


def test_a_good_message_is_valid(tmp_path: Path) -> None:
    assert validate.validate_document(write(tmp_path, message(GOOD, GOOD))) == []


@pytest.mark.parametrize(
    ("broken", "why"),
    [
        (GOOD.replace("<Surname>Jones</Surname>", ""), "Surname"),
        (GOOD.replace("<Sex>F</Sex>", "<Sex>X</Sex>"), "Sex"),
        (GOOD.replace("<UPN>G919200020001</UPN>", "<UPN>G91920002000</UPN>"), "UPN"),
        (GOOD.replace("<UPN>G919200020001</UPN>", "<UPN>I919200020001</UPN>"), "UPN"),
        (GOOD.replace("<RYA>0</RYA>", "<RYA>true</RYA>"), "RYA"),
        (
            GOOD.replace(
                "<URN>130002</URN><PlacementRank>1</PlacementRank><SENunitIndicator>0",
                "<URN>13002</URN><PlacementRank>1</PlacementRank><SENunitIndicator>0",
                1,
            ),
            "URN",
        ),
        (
            GOOD.replace(
                "<ReviewMeeting>2025-10-01</ReviewMeeting>", "<ReviewMeeting>1 October 2025</ReviewMeeting>"
            ),
            "ReviewMeeting",
        ),
        # Out of order: Forename before Surname.
        (
            GOOD.replace(
                "<Surname>Jones</Surname><Forename>Leo</Forename>",
                "<Forename>Leo</Forename><Surname>Jones</Surname>",
            ),
            "Forename",
        ),
        # 2026 order: LastReview is last in ActivePlans; the 2025 order is refused.
        (
            GOOD.replace(
                "<ReviewOutcome>A</ReviewOutcome><ReviewDraft>2025-10-20</ReviewDraft>\n      <LastReview>2025-10-20</LastReview>",
                "<LastReview>2025-10-20</LastReview><ReviewOutcome>A</ReviewOutcome><ReviewDraft>2025-10-20</ReviewDraft>",
            ),
            "ReviewOutcome",
        ),
        # NEET is for the setting attended, not the one named in the plan.
        (
            GOOD.replace("<PlanDetail><URN>130002</URN>", "<PlanDetail><SENSetting>NEET</SENSetting>"),
            "SENSetting",
        ),
        # No SEN need on an active plan.
        (
            GOOD.replace("<SENneed><SENtype>MLD</SENtype><SENtypeRank>1</SENtypeRank></SENneed>", "").replace(
                "<SENneed><SENtype>SEMH</SENtype><SENtypeRank>2</SENtypeRank></SENneed>", ""
            ),
            "SENneed",
        ),
        # Three settings named in one plan.
        (
            GOOD.replace(
                "</PlanDetail>",
                "</PlanDetail>"
                + "<PlanDetail><URN>130001</URN><PlacementRank>2</PlacementRank></PlanDetail>" * 2,
            ),
            "PlanDetail",
        ),
    ],
    ids=lambda v: v if len(v) < 30 else "",
)
def test_the_schema_rejects_malformed_output(tmp_path: Path, broken: str, why: str) -> None:
    errors = validate.validate_document(write(tmp_path, message(GOOD, broken)))
    assert errors, f"the schema accepted a bad {why}"
    assert any(why in e for e in errors), errors


def test_the_schema_rejects_a_bad_header_and_a_broken_file(tmp_path: Path) -> None:
    bad_header = GOOD_HEADER.replace("<Collection>SEN2</Collection>", "<Collection>SEN1</Collection>")
    assert validate.validate_document(write(tmp_path, message(GOOD, header=bad_header)))
    assert validate.validate_document(write(tmp_path, message(GOOD)[:-30]))


def test_the_2025_schema_takes_the_2025_order(tmp_path: Path) -> None:
    old = GOOD.replace(
        "<ReviewOutcome>A</ReviewOutcome><ReviewDraft>2025-10-20</ReviewDraft>\n      <LastReview>2025-10-20</LastReview>",
        "<LastReview>2025-10-20</LastReview><ReviewOutcome>A</ReviewOutcome><ReviewDraft>2025-10-20</ReviewDraft>",
    )
    assert validate.validate_document(write(tmp_path, message(old)), spec=2025) == []
    assert validate.validate_document(write(tmp_path, message(old)), spec=2026)


def test_streaming_reports_every_schema_error_with_its_line_and_record(tmp_path: Path) -> None:
    bad = GOOD.replace("<Sex>F</Sex>", "<Sex>X</Sex>")
    path = write(tmp_path, message(GOOD, bad, GOOD, bad))
    index = validate.RecordIndex()
    for child in (11, 12, 13, 14):
        index.add(child, [(100 + child, 200 + child)])
    result = validate.validate(path, CTX, index)
    assert result.persons == 4
    assert result.schema_error_count == 2
    assert all("line" in e["message"] for e in result.schema_errors)
    assert [e["url"] for e in result.schema_errors] == ["/children/12/edit/", "/children/14/edit/"]
    # The same problem is a V-20 finding, naming the item and the child's record.
    group = result.findings["V-20"]
    assert group["count"] == 2 and group["severity"] == "error"
    assert group["examples"][0]["message"] == "Item 1.4: Sex 'X' is not one of its codes (child record 12)"


def test_findings_link_to_the_case_or_the_plan(tmp_path: Path) -> None:
    no_source = GOOD.replace("<RequestSource>1</RequestSource>", "")
    no_place = GOOD.replace(
        "<PlacementDetail><URN>130002</URN><PlacementRank>1</PlacementRank><EntryDate>2025-08-11</EntryDate><SENunitIndicator>0</SENunitIndicator><ResourcedProvisionIndicator>0</ResourcedProvisionIndicator></PlacementDetail>",
        "",
    )
    index = validate.RecordIndex()
    index.add(7, [(70, 700)])
    index.add(8, [(80, 800)])
    result = validate.validate(write(tmp_path, message(no_source, no_place)), CTX, index)
    assert result.findings["V-09"]["examples"] == [
        {"message": "Item 2.2: RequestSource is missing (child record 7, request 70)", "url": "/cases/70/"}
    ]
    assert result.findings["S-08"]["examples"][0]["url"] == "/plans/800/"
    assert result.errors == 1 and result.queries == 1


def test_a_file_that_is_not_a_message_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, f"<Persons>{GOOD}</Persons>")
    result = validate.validate(path, CTX)
    assert result.schema_error_count == 1
    assert "Message" in result.schema_errors[0]["message"]


def test_figures_count_each_module_and_code(tmp_path: Path) -> None:
    result = validate.validate(write(tmp_path, message(GOOD, GOOD)), CTX)
    figures = result.figures.as_json()
    assert figures["modules"] == {
        "Person": 2,
        "Requests": 2,
        "Assessment": 2,
        "NamedPlan": 2,
        "PlanDetail": 2,
        "ActivePlans": 2,
        "PlacementDetail": 2,
        "SENneed": 4,
    }
    assert figures["codes"]["SENtype (primary)"] == {"MLD": 2}
    assert figures["codes"]["ReviewOutcome"] == {"A": 2}
    assert result.findings == {}


def test_the_header_date_is_the_collection_reference_date() -> None:
    assert CTX.reference_date == dt.date(2026, 1, 15)
