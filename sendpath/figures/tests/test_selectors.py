"""figures_for_year: the structure the command prints and the API returns."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sendpath.assessments.workflow import Stage
from sendpath.figures import definitions as d
from sendpath.figures.selectors import figures_for_year
from tests import factories as f

pytestmark = pytest.mark.django_db


def _issued(la, received: dt.date, elapsed: int) -> None:  # noqa: ANN001
    f.AssessmentRequestFactory(
        child=f.ChildFactory(local_authority=la),
        received_on=received,
        stage=Stage.PLAN_ISSUED,
        final_issued_on=received + dt.timedelta(days=elapsed),
    )


def test_figures_for_year_is_json_with_ours_beside_the_published() -> None:
    la = f.LocalAuthorityFactory(code="856", name="Leicester (synthetic)")
    _issued(la, dt.date(2025, 2, 1), 140)
    _issued(la, dt.date(2025, 2, 1), 141)
    result = figures_for_year(la, 2025, today=dt.date(2026, 3, 1))
    assert json.loads(json.dumps(result)) == result
    assert result["period"] == {"start": "2025-01-01", "end": "2025-12-31"}
    assert result["census_day"] == "2026-01-15"
    assert set(result["figures"]) == set(d.FIGURES)
    headline = result["figures"]["issued_within_20_weeks_excluding_exceptions"]
    assert headline["ours"] == {"numerator": 1, "denominator": 2, "percentage": 50.0}
    assert "plans_issued_20_weeks_ex" in headline["dfe_measure"]
    if result["data_available"]:
        assert headline["england"]["year"] == "2024" and headline["england"]["percentage"] == 46.4
        assert headline["authority"]["percentage"] == 51.5


def test_the_command_prints_json_for_the_authority_chosen_by_code() -> None:
    f.LocalAuthorityFactory(code="856")
    f.LocalAuthorityFactory(code="886")
    out = StringIO()
    call_command("sen2_figures", "--year", "2024", "--json", "--la", "886", stdout=out)
    body = json.loads(out.getvalue())
    assert body["local_authority"]["code"] == "886" and body["year"] == 2024
    rate = body["figures"]["request_decisions_within_6_weeks"]["ours"]
    assert set(rate) == {"numerator", "denominator", "percentage"}


def test_the_command_asks_which_authority_when_there_are_several() -> None:
    f.LocalAuthorityFactory()
    f.LocalAuthorityFactory()
    with pytest.raises(CommandError, match="--la"):
        call_command("sen2_figures", "--year", "2024", "--json")
    with pytest.raises(CommandError, match="No local authority"):
        call_command("sen2_figures", "--year", "2024", "--la", "123")


def test_the_command_prints_a_table_without_json() -> None:
    f.LocalAuthorityFactory(code="856")
    out = StringIO()
    call_command("sen2_figures", "--year", "2024", stdout=out)
    assert "New plans issued within 20 weeks" in out.getvalue()
