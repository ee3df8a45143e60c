"""Reading legacy files into rows: CSV files, a zip of them, or one Excel workbook.

WHY here and not in the validator: the validator sees only tables of text cells with their
line numbers, whatever the file was, so a CSV and a workbook are checked the same way.
A file's kind is judged by its content, never by its name (as ``sendpath.common.uploads``
does for every other upload).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from sendpath.imports.layout import Table, table_for
from sendpath.imports.report import Problem

CSV, ZIP, XLSX = "csv", "zip", "xlsx"
#: A zip may not unpack to more than this: a small file that unpacks to gigabytes is refused.
MAX_UNPACKED = 500 * 1024 * 1024


@dataclass
class Row:
    line: int
    values: dict[str, str]
    #: Set when the row cannot be read at all (more cells than the header has).
    problem: str = ""


@dataclass
class RawTable:
    table: Table
    source: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class ReadResult:
    tables: dict[str, RawTable] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def kind_of(data: bytes) -> str | None:
    """csv, zip or xlsx, from the bytes; None for anything else (a PDF, an image, binary)."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        return XLSX if "xl/workbook.xml" in names else ZIP
    head = data[:65536]
    if head.startswith(b"%PDF-") or b"\x00" in head:
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        if len(data) == len(head) or exc.start < len(head) - 4:
            return None
    return CSV


def read_files(files: list[tuple[str, bytes]]) -> ReadResult:
    """Every table in these files, or a problem for each file or table that cannot be used."""
    result = ReadResult()
    for name, data in files:
        kind = kind_of(data)
        if kind == CSV:
            _add_csv(result, name, name, data)
        elif kind == ZIP:
            _read_zip(result, name, data)
        elif kind == XLSX:
            _read_workbook(result, name, data)
        else:
            result.problems.append(
                Problem(
                    name,
                    0,
                    "",
                    "This file is not a CSV file, a zip of CSV files or an Excel workbook (.xlsx)",
                )
            )
    return result


def _claim(result: ReadResult, name: str, source: str) -> Table | None:
    """The table this file or sheet holds, refusing unknown names and a table given twice."""
    table = table_for(name)
    if table is None:
        result.problems.append(
            Problem(
                source,
                0,
                "",
                "The name does not say which table this is: name it persons, requests, assessments, "
                "named_plans, active_plans, placements or needs",
            )
        )
        return None
    if table.name in result.tables:
        result.problems.append(
            Problem(
                source,
                0,
                "",
                f"The {table.name} table is given twice: here and in {result.tables[table.name].source}",
            )
        )
        return None
    return table


def _add_csv(result: ReadResult, name: str, source: str, data: bytes) -> None:
    table = _claim(result, name, source)
    if table is None:
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.problems.append(
            Problem(source, 0, "", "Save the file as CSV UTF-8: it has characters that are not UTF-8")
        )
        return
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        records = []
        start = 1
        for cells in reader:
            records.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        result.problems.append(Problem(source, reader.line_num, "", f"The CSV cannot be read: {exc}"))
        return
    _add_table(result, table, source, records)


def _read_zip(result: ReadResult, name: str, data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir()
            and not info.filename.startswith("__MACOSX/")
            and not info.filename.rsplit("/", 1)[-1].startswith(".")
        ]
        if sum(info.file_size for info in members) > MAX_UNPACKED:
            result.problems.append(Problem(name, 0, "", "The zip unpacks to more than 500 MB: split it"))
            return
        if not members:
            result.problems.append(Problem(name, 0, "", "The zip holds no files"))
        for info in members:
            source = f"{name}: {info.filename}"
            if not info.filename.lower().endswith(".csv"):
                result.problems.append(Problem(source, 0, "", "Only CSV files can be in the zip"))
                continue
            _add_csv(result, info.filename, source, archive.read(info))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_workbook(result: ReadResult, name: str, data: bytes) -> None:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        result.problems.append(
            Problem(name, 0, "", "The workbook cannot be opened: save it again from Excel as .xlsx")
        )
        return
    try:
        for sheet in book.worksheets:
            source = f"{name}: {sheet.title}"
            table = _claim(result, sheet.title, source)
            if table is None:
                continue
            records = [
                (line, [_cell(v) for v in values])
                for line, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            ]
            _add_table(result, table, source, records)
    finally:
        book.close()


def _header_name(cell: str) -> str:
    return "_".join(cell.strip().lower().replace("-", " ").split())


def _add_table(result: ReadResult, table: Table, source: str, records: list[tuple[int, list[str]]]) -> None:
    """Check the header, then keep each non-empty row as a dict of stripped cells."""
    if not records:
        result.problems.append(Problem(source, 0, "", "The table is empty: it needs a header row"))
        return
    line, header_cells = records[0]
    header = [_header_name(c) for c in header_cells]
    while header and header[-1] == "":
        header.pop()
    problems = []
    unknown = [h for h in header if h and h not in table.column_names]
    if unknown:
        problems.append(
            f"Unknown column{'s' if len(unknown) > 1 else ''} {', '.join(repr(h) for h in unknown)}: "
            f"the {table.name} table has {', '.join(table.column_names)}"
        )
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    if repeated:
        problems.append(f"Column{'s' if len(repeated) > 1 else ''} given twice: {', '.join(repeated)}")
    missing = [c for c in table.column_names if c in table.required and c not in header]
    if missing:
        problems.append(f"Missing required column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")
    if problems:
        result.problems.extend(Problem(source, line, "", p) for p in problems)
        return
    raw = RawTable(table, source)
    width = len(header)
    for line, cells in records[1:]:
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        extra = any(cells[width:])
        values = dict(zip(header, cells[:width], strict=False))
        for name in header[len(cells) :]:
            values[name] = ""
        raw.rows.append(
            Row(line, values, f"The row has more cells than the header ({width})" if extra else "")
        )
    result.tables[table.name] = raw
