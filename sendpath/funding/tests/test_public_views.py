"""The public High Needs Block summary page, its CSVs and its JSON: no sign-in, and no count of
1 to 9 children anywhere a member of the public can reach."""

from __future__ import annotations

import csv
import io
import json

import pytest
from lxml import html

from sendpath.funding.codes import Category
from sendpath.funding.models import LedgerLine
from sendpath.funding.public_tables import SECTION_ORDER
from sendpath.funding.tests.transparency_area import YEAR, line, make_public_area
from tests.helpers import new_client

pytestmark = pytest.mark.django_db

LABEL = "2025-26"
COUNT_HEADERS = {"Children", "Children placed"}


@pytest.fixture
def area():
    return make_public_area()


def page_url(area) -> str:
    return f"/public/high-needs/{area.la.code}/{LABEL}/"


def small(value: str) -> bool:
    value = value.replace(",", "").strip()
    return value.isdigit() and 1 <= int(value) <= 9


def test_the_index_lists_each_council_and_year(area):
    response = new_client().get("/public/high-needs/")
    assert response.status_code == 200
    assert page_url(area) in response.content.decode()


def test_anyone_can_read_the_page_and_it_reveals_no_small_count(area):
    response = new_client().get(page_url(area))
    assert response.status_code == 200
    doc = html.fromstring(response.content)
    assert len(doc.xpath("//h1")) == 1
    tables = doc.xpath("//table")
    assert len(tables) == len(SECTION_ORDER)
    checked = 0
    for table in tables:
        headers = [th.text_content().strip() for th in table.xpath(".//thead//th")]
        for row in table.xpath(".//tbody/tr"):
            cells = [c.text_content().strip() for c in row.xpath("./th|./td")]
            for header, value in zip(headers, cells, strict=True):
                if header in COUNT_HEADERS:
                    checked += 1
                    assert not small(value), (header, cells)
    assert checked >= 10
    # every chart is an image with a title, beside its table
    for svg in doc.xpath("//*[local-name()='svg'][contains(@class, 'app-chart')]"):
        assert svg.get("role") == "img"
        assert svg.xpath("./*[local-name()='title']")
    text = response.content.decode()
    assert "£1,770,000" not in text  # independent schools: one residential child is 56% of it
    assert "c = suppressed" in text and "x = not available" in text
    assert "funding/public.css" in text  # the print stylesheet


def test_every_csv_carries_the_same_suppression(area):
    client = new_client()
    for key in SECTION_ORDER:
        response = client.get(f"{page_url(area)}{key}.csv")
        assert response.status_code == 200, key
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        header = rows[0]
        for row in rows[1:]:
            if not row or row[0].startswith(("c =", "x =", "z =")):
                continue
            for name, value in zip(header, row, strict=False):
                if name in COUNT_HEADERS:
                    assert not small(value), (key, row)
            assert "1770000" not in row
    assert client.get(f"{page_url(area)}nosuch.csv").status_code == 404


def test_the_json_carries_the_same_suppression(area):
    data = json.loads(new_client().get(f"{page_url(area)}data.json").content)
    assert data["financial_year"] == LABEL
    for table in data["tables"].values():
        kinds = {c["key"]: c["kind"] for c in table["columns"]}
        for row in table["rows"]:
            for key, value in row["cells"].items():
                if kinds[key] == "count" and isinstance(value, int):
                    assert value == 0 or value >= 10
    placements = {r["key"]: r["cells"] for r in data["tables"]["placements"]["rows"]}
    assert placements["resourced"] == {"children": "c", "spend": "c", "average": "c"}
    assert placements["independent_special"]["spend"] == "c"
    assert "1770000" not in json.dumps(data)


def test_the_page_follows_the_ledger(area):
    """The cached tables are keyed on the ledger: a new line shows at once."""
    client = new_client()
    before = json.loads(client.get(f"{page_url(area)}data.json").content)
    total = next(r for r in before["tables"]["dsg"]["rows"] if r["key"] == "outturn")["cells"]["amount"]
    supplier = area.la.suppliers.first()
    LedgerLine.objects.create(
        **{
            f.name: getattr(
                line(
                    area.la,
                    pence=5_000_000_00,
                    category=Category.SUPPORT_SERVICES,
                    s251="1.2.5",
                    supplier=supplier,
                ),
                f.name,
            )
            for f in LedgerLine._meta.concrete_fields
            if f.name != "id"
        }
    )
    after = json.loads(client.get(f"{page_url(area)}data.json").content)
    new_total = next(r for r in after["tables"]["dsg"]["rows"] if r["key"] == "outturn")["cells"]["amount"]
    assert new_total == total + 5_000_000


def test_unknown_council_and_years_are_not_found(area):
    client = new_client()
    assert client.get(f"/public/high-needs/{area.la.code}/2025-27/").status_code == 404
    assert (
        client.get(f"/public/high-needs/{area.la.code}/{YEAR + 3}-{(YEAR + 4) % 100:02d}/").status_code == 404
    )
    assert client.get("/public/high-needs/000/2025-26/").status_code == 404
    assert client.get(f"/public/high-needs/{area.la.code}/notayear/").status_code == 404


def test_other_years_are_linked(area):
    LedgerLine.objects.bulk_create(
        [
            line(
                area.la,
                pence=1_000_00,
                category=Category.SUPPORT_SERVICES,
                s251="1.2.5",
                supplier=area.la.suppliers.first(),
                year=YEAR - 1,
            )  # fmt: skip
        ]
    )
    text = new_client().get(page_url(area)).content.decode()
    assert f"/public/high-needs/{area.la.code}/2024-25/" in text
