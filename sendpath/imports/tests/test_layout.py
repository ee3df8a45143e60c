"""The column layout: names that find their table, and the document that describes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from sendpath.imports.layout import TABLES, table_for

DOC = Path(__file__).resolve().parents[3] / "docs" / "legacy-import.md"


@pytest.mark.parametrize(
    ("name", "table"),
    [
        ("persons.csv", "persons"),
        ("export/Named plans.CSV", "named_plans"),
        ("active-plans", "active_plans"),
        (" NEEDS ", "needs"),
        ("pupils.csv", None),
        ("plans.csv", None),
    ],
)
def test_file_and_sheet_names_find_their_table(name: str, table: str | None) -> None:
    found = table_for(name)
    assert (found.name if found else None) == table


def test_every_table_refers_only_to_tables_before_it_and_has_its_key_required() -> None:
    seen: set[str] = set()
    refers = {"person_id": "persons", "request_id": "requests", "plan_id": "named_plans"}
    for table in TABLES:
        assert table.key in table.required
        for column in table.column_names:
            target = refers.get(column)
            if target and target != table.name:
                assert target in seen, f"{table.name}.{column} refers to {target}, which comes later"
        seen.add(table.name)


def test_the_document_describes_every_table_and_column() -> None:
    text = DOC.read_text(encoding="utf-8")
    for table in TABLES:
        assert f"### {table.name}:" in text
        for column in table.columns:
            assert f"| `{column.name}` | {'yes' if column.required else 'no'} |" in text, column.name
