"""DfE's published figures read by LA code, with the year named, and "x" when missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

from sendpath.figures import definitions as d
from sendpath.figures import published as p

DATA = Path(__file__).resolve().parents[4] / "shared" / "data" / "dfe-ehcp-2025"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason="DfE files not present")


@needs_data
@override_settings(SENDPATH_DFE_DATA_DIR=DATA)
def test_england_headline_2024_matches_the_release() -> None:
    value = p.published_figure(d.FIGURES["issued_within_20_weeks_excluding_exceptions"], None, 2024)
    assert value == {
        "available": True,
        "year": "2024",
        "numerator": 39407,
        "denominator": 84866,
        "percentage": 46.4,
    }


@needs_data
@override_settings(SENDPATH_DFE_DATA_DIR=DATA)
def test_a_later_year_is_shown_beside_the_latest_published_year_and_says_so() -> None:
    value = p.published_figure(d.FIGURES["issued_within_20_weeks_excluding_exceptions"], "856", 2025)
    assert value["year"] == "2024"
    assert (value["numerator"], value["denominator"], value["percentage"]) == (294, 571, 51.5)
    reviews = p.published_figure(d.FIGURES["review_decisions_within_4_weeks"], "856", 2025)
    assert (reviews["numerator"], reviews["denominator"], reviews["percentage"]) == (100, 639, 15.6)


@needs_data
@override_settings(SENDPATH_DFE_DATA_DIR=DATA)
def test_an_earlier_year_uses_that_years_row() -> None:
    value = p.published_figure(d.FIGURES["requests_received"], None, 2023)
    assert value["year"] == "2023" and value["count"] == 138242


@needs_data
@override_settings(SENDPATH_DFE_DATA_DIR=DATA)
def test_caseload_breakdowns_at_january() -> None:
    need = p.published_figure(d.FIGURES["caseload_by_need"], "856", 2024)
    assert need["year"] == "January 2025"
    setting = p.published_figure(d.FIGURES["caseload_by_setting"], "856", 2024)
    assert setting["total"] == 4057
    by_kind = {r["key"]: r["count"] for r in setting["rows"]}
    assert by_kind["special"] == 794 + 400  # LA maintained and academy/free special schools
    ages = p.published_figure(d.FIGURES["caseload_by_age"], None, 2024)
    assert ages["total"] == 638745
    ceased = p.published_figure(d.FIGURES["plans_ceased"], "856", 2024)
    assert ceased["total"] == 405
    assert {r["key"]: r["count"] for r in ceased["rows"]}["5"] == 131


@needs_data
@override_settings(SENDPATH_DFE_DATA_DIR=DATA)
def test_an_authority_dfe_does_not_know_gets_x() -> None:
    value = p.published_figure(d.FIGURES["issued_within_20_weeks_excluding_exceptions"], "999", 2024)
    assert value["available"] is False
    assert value["numerator"] == value["denominator"] == value["percentage"] == "x"
    assert p.authority_name("999") is None
    assert p.authority_name("886") == "Kent"


@needs_data
@override_settings(SENDPATH_DFE_DATA_DIR=DATA)
def test_dorset_all_exceptions_is_x_not_zero() -> None:
    value = p.published_figure(d.FIGURES["issued_within_20_weeks_excluding_exceptions"], "838", 2024)
    assert value["denominator"] == 0
    assert value["percentage"] == "x"


def test_a_missing_folder_gives_x_everywhere_without_failing(tmp_path: Path) -> None:
    with override_settings(SENDPATH_DFE_DATA_DIR=tmp_path / "absent"):
        assert p.data_dir() is None
        values = p.published_figures("856", 2024)
    assert set(values) == set(d.FIGURES)
    headline = values["issued_within_20_weeks_excluding_exceptions"]
    assert headline["available"] is False and headline["percentage"] == "x"
    assert values["average_weeks_to_issue"]["value"] == "x"
