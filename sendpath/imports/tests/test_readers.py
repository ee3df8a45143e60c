"""Reading CSV files, a zip of them and Excel workbooks into rows with their line numbers."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import Workbook

from sendpath.imports.readers import CSV, XLSX, ZIP, kind_of, read_files


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def _workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_kinds_are_judged_by_content() -> None:
    assert kind_of(b"person_id,surname\n") == CSV
    assert kind_of(_zip({"persons.csv": b"person_id\n"})) == ZIP
    assert kind_of(_workbook({"persons": [["person_id"]]})) == XLSX
    assert kind_of(b"%PDF-1.7 ...") is None
    assert kind_of(b"\x00\x01binary") is None
    assert kind_of("Zoë".encode("latin-1") + b",x\n") is None


def test_a_csv_is_read_with_its_line_numbers_skipping_blank_rows_and_a_bom() -> None:
    data = '\ufeffPlan ID,Review-meeting\nP1,2024-01-01\n\n,\n"P2","2024\n01"\nP3,\n'.encode()
    result = read_files([("Active plans.csv", data)])
    assert result.problems == []
    table = result.tables["active_plans"]
    assert table.source == "Active plans.csv"
    assert [(r.line, r.values["plan_id"]) for r in table.rows] == [(2, "P1"), (5, "P2"), (7, "P3")]
    assert table.rows[1].values["review_meeting"] == "2024\n01"


def test_header_problems_are_reported_for_the_whole_table() -> None:
    result = read_files([("requests.csv", b"request_id,person,person_id,person_id\nR1,x,P1,P1\n")])
    assert "requests" not in result.tables
    reasons = [p.reason for p in result.problems]
    assert all(p.line == 1 for p in result.problems)
    assert any("Unknown column 'person'" in r for r in reasons)
    assert any("given twice: person_id" in r for r in reasons)
    assert any(
        "Missing required columns: received_date, request_source, request_outcome" in r for r in reasons
    )


def test_unknown_table_names_and_tables_given_twice_are_refused() -> None:
    result = read_files(
        [("pupils.csv", b"a\n1\n"), ("active_plans.csv", b"plan_id\n"), ("Active-Plans.CSV", b"plan_id\n")]
    )
    assert [(p.file, p.line) for p in result.problems] == [("pupils.csv", 0), ("Active-Plans.CSV", 0)]
    assert "given twice" in result.problems[1].reason


def test_a_row_with_more_cells_than_the_header_is_marked() -> None:
    result = read_files([("needs.csv", b"plan_id,sen_type,sen_type_rank\nE1,ASD,1,extra\nE2,HI\n")])
    rows = result.tables["needs"].rows
    assert rows[0].problem.startswith("The row has more cells")
    assert rows[1].problem == "" and rows[1].values["sen_type_rank"] == ""


def test_a_zip_of_csv_files_is_read_file_by_file() -> None:
    data = _zip({"export/active_plans.csv": b"plan_id\nE1\n", "readme.txt": b"hi", "__MACOSX/._x.csv": b"x"})
    result = read_files([("legacy.zip", data)])
    assert result.tables["active_plans"].source == "legacy.zip: export/active_plans.csv"
    assert [(p.file, p.reason) for p in result.problems] == [
        ("legacy.zip: readme.txt", "Only CSV files can be in the zip")
    ]


def test_a_workbook_is_read_sheet_by_sheet_with_dates_and_numbers_as_text() -> None:
    data = _workbook(
        {
            "Active plans": [["plan_id", "last_review"], [17, dt.datetime(2025, 3, 4)], [None, None]],
            "Named plans": [["plan_id", "request_id", "start_date"], ["E1", 2.0, dt.date(2024, 5, 1)]],
        }
    )
    result = read_files([("legacy.xlsx", data)])
    assert result.problems == []
    review = result.tables["active_plans"].rows[0]
    assert (review.line, review.values["plan_id"], review.values["last_review"]) == (2, "17", "2025-03-04")
    assert len(result.tables["active_plans"].rows) == 1
    plan = result.tables["named_plans"].rows[0]
    assert plan.values == {"plan_id": "E1", "request_id": "2", "start_date": "2024-05-01"}
    assert result.tables["named_plans"].source == "legacy.xlsx: Named plans"


def test_a_damaged_workbook_is_refused() -> None:
    data = _zip({"xl/workbook.xml": b"<not a workbook"})
    result = read_files([("broken.xlsx", data)])
    assert result.tables == {} and "cannot be opened" in result.problems[0].reason
