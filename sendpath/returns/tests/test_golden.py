"""Golden file: a small synthetic area from a fixed seed must give exactly this XML.

Regenerate deliberately, after checking the change is wanted:
    SEN2_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest -p no:cacheprovider -q sendpath/returns/tests/test_golden.py
then read the diff of sendpath/returns/tests/golden/sen2-2026.xml before committing it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from sendpath.returns import runs, validate
from sendpath.returns.collection import collection
from sendpath.returns.tests import area
from sendpath.returns.xml import Header

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).resolve().parent / "golden" / "sen2-2026.xml"


def export_area(tmp_path: Path) -> tuple[Path, object, object]:
    built = area.build()
    c = collection(2026)
    out = tmp_path / "sen2.xml"
    header = Header(la_code=built.la.code, serial=1, generated_at=dt.datetime(2026, 1, 20, 9, 30))
    made = runs.export(built.la, c, out, header)
    return out, made, validate.context_for(built.la.code, c)


def test_the_export_matches_the_golden_file_byte_for_byte(tmp_path: Path) -> None:
    out, _, _ = export_area(tmp_path)
    produced = out.read_bytes()
    if os.environ.get("SEN2_REGENERATE_GOLDEN"):
        GOLDEN.write_bytes(produced)
        pytest.skip(f"Regenerated {GOLDEN}")
    assert GOLDEN.exists(), f"No golden file: regenerate it with SEN2_REGENERATE_GOLDEN=1 ({GOLDEN})"
    expected = GOLDEN.read_bytes()
    if produced != expected:
        diff = next(
            (
                i
                for i, (a, b) in enumerate(zip(produced.splitlines(), expected.splitlines(), strict=False))
                if a != b
            ),
            None,
        )
        pytest.fail(
            f"The export differs from {GOLDEN.name} at line {diff}; if the change is wanted, regenerate it"
        )


def test_the_golden_file_is_valid_against_our_schema() -> None:
    assert validate.validate_document(GOLDEN) == []


def test_the_golden_area_has_no_errors_and_every_story(tmp_path: Path) -> None:
    out, made, context = export_area(tmp_path)
    result = validate.validate(out, context, made.index)
    assert result.schema_error_count == 0, result.schema_errors
    assert result.errors == 0, result.findings
    codes = result.figures.codes
    assert set(codes["RequestOutcome"]) == {"Y", "N", "A", "W", "H"}
    assert set(codes["AssessmentOutcome"]) >= {"Y", "N", "A", "H"}
    assert codes["Week20"]["1"] >= 1
    assert sum(codes["CeaseReason"].values()) == 2
    assert result.persons == made.persons == 28
    text = out.read_text()
    for element in (
        "<Exported>856</Exported>",
        "<RequestMediation>1</RequestMediation>",
        "<UKPRN>10012345</UKPRN>",
        "<UPNunknown>UN2</UPNunknown>",
        "<ReviewDraft>",
        "<LastReview>",
        "<ResourcedProvisionIndicator>1<",
    ):
        assert element in text, element
