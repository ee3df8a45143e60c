"""Value for money: cost per outcome and progress against outcomes per type of provision."""

from __future__ import annotations

import csv
import io

import pytest

from sendpath.accounts.roles import Role
from sendpath.common.suppression import Kind, Rule
from sendpath.funding.tests.transparency_area import YEAR, make_public_area
from sendpath.funding.value_for_money import value_for_money
from tests import factories as f
from tests.helpers import new_client, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def area():
    return make_public_area(with_progress=True)


def test_cost_per_outcome_and_progress_by_type_of_provision(area):
    report = value_for_money(area.la.pk, YEAR, Rule(), "2025-26")
    t = report.publication["by_provision"]
    # 40 special school children at £24,000, each with a plan of two outcomes.
    assert t.cell("special", "children").text == "40"
    assert t.cell("special", "spend").text == "£960,000"
    assert t.cell("special", "average").text == "£24,000"
    assert t.cell("special", "outcomes").text == "80"
    assert t.cell("special", "per_outcome").text == "£12,000"  # 40 × £24,000 ÷ 80 outcomes
    # half of them have both targets secure at the latest rating
    assert t.cell("special", "progress").text == "50.0%"
    # no ratings recorded in mainstream: not available
    assert t.cell("mainstream", "progress").symbol == "x"
    # resourced provision has 4 children: hidden with its money
    assert t.cell("resourced", "children").symbol == "c"
    assert t.cell("resourced", "spend").symbol == "c"


def test_cost_per_outcome_by_area_of_need(area):
    report = value_for_money(area.la.pk, YEAR, Rule(), "2025-26")
    t = report.publication["by_area"]
    assert t.cell("communication", "outcomes").text == "80"
    assert t.cell("communication", "per_outcome").text == "£12,000"


def test_no_small_count_in_any_table(area):
    report = value_for_money(area.la.pk, YEAR, Rule(), "2025-26")
    for cell in report.publication.cells.values():
        if cell.kind is Kind.COUNT and cell.value is not None:
            assert cell.value == 0 or cell.value >= 10


@pytest.mark.parametrize("role", [Role.MANAGER, Role.FINANCE])
def test_managers_and_finance_see_the_page_and_csv(area, role):
    user = f.UserFactory(role=role, local_authority=area.la)
    client = sign_in(new_client(), user)
    page = client.get("/funding/value-for-money/")
    assert page.status_code == 200
    assert "Targets secure or achieved" in page.content.decode()
    response = client.get("/funding/value-for-money/by_provision.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header = rows[0]
    i = header.index("Children")
    for row in rows[1:]:
        if len(row) > i and row[i].isdigit():
            assert int(row[i]) == 0 or int(row[i]) >= 10


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.COUNCILLOR, Role.DATA_OFFICER])
def test_others_are_refused(area, role):
    user = f.UserFactory(role=role, local_authority=area.la)
    client = sign_in(new_client(), user)
    assert client.get("/funding/value-for-money/").status_code == 403


def test_another_councils_manager_sees_none_of_it(area):
    other = f.UserFactory(role=Role.MANAGER, local_authority=f.LocalAuthorityFactory())
    page = sign_in(new_client(), other).get("/funding/value-for-money/")
    assert page.status_code == 200
    assert "No High Needs Block costs are recorded yet." in page.content.decode()
