"""``manage.py import_legacy``: files from disk, --only-valid, --la, and what it prints."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command

from sendpath.imports.models import ImportRun, RunStatus
from sendpath.imports.tests.conftest import export_for
from tests import factories as f

pytestmark = pytest.mark.django_db


def _write(tmp_path: Path, files: list[tuple[str, bytes]]) -> list[str]:
    paths = []
    for name, data in files:
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    return paths


def test_a_file_with_bad_rows_prints_every_one_and_writes_nothing(
    area: SimpleNamespace, tmp_path: Path
) -> None:
    export = export_for(area, 200, 0.05)
    out = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_legacy", *_write(tmp_path, export.csv_files()), "--la", area.la.code, stdout=out)
    run = ImportRun.objects.get()
    assert run.status == RunStatus.REFUSED and run.source == "command" and run.started_by is None
    printed = out.getvalue().splitlines()
    problems = [line for line in printed if " line " in line]
    assert len(problems) == len(run.report)
    table, line = next(iter(export.bad))
    assert any(p.startswith(f"{table}.csv line {line}, ") for p in problems)
    assert printed[-1].startswith(
        f"Import {run.pk}: Nothing loaded: rows were rejected. 200 rows read, 0 loaded, 10"
    )


def test_only_valid_loads_the_good_rows_from_a_workbook(area: SimpleNamespace, tmp_path: Path) -> None:
    export = export_for(area, 200, 0.05)
    out = io.StringIO()
    call_command(
        "import_legacy", *_write(tmp_path, [export.workbook()]), "--only-valid", "--limit", "3", stdout=out
    )
    run = ImportRun.objects.get()
    assert (run.status, run.rows_loaded, run.rows_rejected) == (RunStatus.LOADED, 190, 10)
    text = out.getvalue()
    assert "  wrote persons: " in text
    assert f"... and {len(run.report) - 3} more problems (see import {run.pk} on the import page)" in text


def test_the_authority_must_be_named_when_there_are_several(area: SimpleNamespace, tmp_path: Path) -> None:
    f.LocalAuthorityFactory()
    paths = _write(tmp_path, export_for(area, 20).csv_files())
    with pytest.raises(CommandError, match="--la CODE"):
        call_command("import_legacy", *paths, stdout=io.StringIO())
    with pytest.raises(CommandError, match="No local authority has the code 000"):
        call_command("import_legacy", *paths, "--la", "000", stdout=io.StringIO())
    with pytest.raises(CommandError, match="is not a file"):
        call_command(
            "import_legacy", str(tmp_path / "missing.csv"), "--la", area.la.code, stdout=io.StringIO()
        )
