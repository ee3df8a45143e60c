"""The public summary's tables: every table goes through suppression, together (no database)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from sendpath.common.suppression import TOTAL, Kind, Reason, Rule
from sendpath.common.tests.test_suppression import recoverable_by_rank
from sendpath.funding.public_data import YearLedger, _add_row
from sendpath.funding.public_tables import Builder, build_summary
from sendpath.funding.tests.transparency_area import PLACEMENTS, RESIDENTIAL_POUNDS

LA = SimpleNamespace(code="999", name="Sendshire Council", pk=1)


def ledger() -> YearLedger:
    """The area of transparency_area.py, written straight into the grouped form."""
    led = YearLedger(year=2025)
    child = iter(range(1, 10_000))

    def add(n: int, pounds: int, category: str, s251: str, kind: str | None, component: str = "top_up",
            funding: str = "hnb", children: bool = True) -> list[int]:  # fmt: skip
        ids = []
        for _ in range(n):
            cid = next(child) if children else None
            ids.append(cid)
            _add_row(
                led,
                {
                    "child_id": cid,
                    "total": pounds * 100,
                    "category": category,
                    "s251_line": s251,
                    "funding_source": funding,
                    "component": component,
                    "setting__kind": kind,
                    "kind": "actual",
                },
            )
        return ids

    for kind, category, s251, n, pounds in PLACEMENTS:
        add(n, pounds, category.value, s251, kind.value)
    add(1, RESIDENTIAL_POUNDS, "independent", "1.2.3", "independent_special", component="residential")
    add(1, 800_000, "support_services", "1.2.5", None, children=False)
    add(1, 150_000, "inclusion", "1.2.8", None, children=False)
    add(12, 8_000, "tribunal", "2.1.2", None, component="legal", funding="general_fund")
    add(3, 2_000, "tribunal", "2.1.2", None, component="expert", funding="general_fund")
    led.tribunal_cases = 12
    led.budget_by_line = {"1.2.1": 25_000_000, "1.2.2": 45_000_000, "1.2.3": 100_000_000, "1.2.5": 80_000_000}
    led.engagements = [
        {
            "pk": 1,
            "supplier": "Banding Partners Ltd",
            "purpose": "Banding review",
            "purpose_detail": "Review of top-up bands",
            "category": "consultants",
            "category_label": "Consultants",
            "contract_pence": 6_250_000,
            "spend_pence": 4_500_000,
            "funding": "High Needs Block",
            "impact": "New bands agreed",
            "start_on": None,
        },
        {"pk": None, "loose_pence": 300_000},
    ]
    return led


@pytest.fixture
def summary():
    return build_summary(LA, ledger())


def all_cells(summary):
    for section in summary.ordered():
        t = section.table
        for r in t.rows:
            for col, cell in zip(t.columns, r.cells, strict=True):
                if cell is not None:
                    yield section.key, r.key, col, cell


def test_no_count_of_one_to_nine_children_is_published(summary):
    counts = [(k, r, c.key, cell) for k, r, c, cell in all_cells(summary) if cell.kind is Kind.COUNT]
    assert counts, "the page has count columns"
    for key, row, col, cell in counts:
        assert cell.value is None or cell.value == 0 or cell.value >= 10, (key, row, col, cell.text)
    assert summary.tribunal_cases.text == "12"


def test_resourced_provision_with_four_children_is_suppressed_with_its_money(summary):
    placements = summary.sections["placements"].table
    for col in ("children", "spend", "average"):
        assert placements.cell("resourced", col).symbol == "c"
    assert placements.cell("resourced", "children").reason is Reason.PRIMARY
    assert placements.cell("resourced", "spend").reason is Reason.DERIVED


def test_one_residential_placement_dominates_the_independent_school_figures(summary):
    placements = summary.sections["placements"].table
    # 12 children is not small; the count is hidden only as the complement of resourced's 4
    assert placements.cell("independent_special", "children").reason in (None, Reason.SECONDARY)
    assert placements.cell("independent_special", "spend").reason is Reason.DOMINANCE
    assert placements.cell("independent_special", "average").symbol == "c"
    categories = summary.sections["categories"].table
    assert categories.cell("independent", "spend").reason is Reason.DOMINANCE
    assert categories.cell("independent", "share").symbol == "c"
    # s251 line 1.2.3 holds the same money: hidden too, and so must its variance or budget be.
    s251 = summary.sections["s251"].table
    assert s251.cell("1.2.3", "outturn").symbol == "c"
    assert s251.cell("1.2.3", "variance").symbol == "c" or s251.cell("1.2.3", "budget").symbol == "c"


def test_secondary_suppression_protects_every_hidden_figure_across_all_tables():
    led = ledger()
    b = Builder(led, Rule())
    pub = b.publish()
    groups = [g for t in b.tables.values() for g in t.groups()] + b.groups + b._link_equal_money()
    hidden = {k for k, c in pub.cells.items() if c.suppressed}
    assert any(c.reason is Reason.SECONDARY for c in pub.cells.values())
    unavailable = {k for k, c in pub.cells.items() if c.symbol == "x"}
    assert not recoverable_by_rank(groups, hidden, unavailable)
    # in particular, no table row total can be used to subtract the hidden placement types
    placements = pub["placements"]
    shown = [placements.cell(r.key, "children") for r in placements.rows if not r.is_total]
    assert sum(1 for c in shown if c.symbol == "c") >= 2 or placements.cell(TOTAL, "children").symbol == "c"


def test_sentences_repeat_only_published_figures(summary):
    text = " ".join(s.summary for s in summary.ordered())
    for raw in ("1,770,000", "£60,000", "1,830,000"):  # independent, resourced, the two together
        assert raw not in text
    assert summary.sections["share"].summary.startswith(
        ("Support services took", "The support services share")
    )
    # a "largest" figure is only called the largest when nothing in its column is hidden
    assert "of the categories shown" in summary.sections["categories"].summary


def test_csv_and_json_hold_only_published_figures(summary):
    for section in summary.ordered():
        csv = section.table.csv_text()
        assert "1770000" not in csv and "60000," not in csv
    data = summary.as_json()
    for key, table in data["tables"].items():
        kinds = {c["key"]: c["kind"] for c in table["columns"]}
        for row in table["rows"]:
            for col, value in row["cells"].items():
                if kinds[col] == "count" and isinstance(value, int):
                    assert value == 0 or value >= 10, (key, row["key"], col, value)
    assert "1770000" not in str(data)


def test_money_is_rounded_for_display(summary):
    categories = summary.sections["categories"].table
    assert categories.cell(TOTAL, "spend").text == "£4,910,000"
    placements = summary.sections["placements"].table
    assert placements.cell("special", "average").text in ("£24,000", "c")
    for _k, _r, _c, cell in all_cells(summary):
        if cell.kind is Kind.MONEY and cell.value is not None:
            assert cell.value % 1000 == 0
        if cell.kind is Kind.MONEY_AVERAGE and cell.value is not None:
            assert cell.value % 100 == 0


def test_charts_are_svg_images_that_draw_no_hidden_bar(summary):
    chart = summary.sections["placements"].chart
    assert 'role="img"' in chart and "<title" in chart and "<desc" in chart
    assert ">c</text>" in chart  # the hidden averages are written as c, with no bar
    for section in summary.ordered():
        if section.chart:
            assert "1,770,000" not in section.chart


def test_a_higher_threshold_hides_more():
    led = ledger()
    strict = build_summary(LA, led, Rule(threshold=25))
    placements = strict.sections["placements"].table
    assert placements.cell("independent_special", "children").reason is Reason.PRIMARY  # 15 < 25
    assert placements.cell("mainstream", "children").text == "60"


def test_transport_and_general_fund_never_reach_hnb_totals(summary):
    categories = summary.sections["categories"].table
    assert not any(r.key == "tribunal" for r in categories.rows)
    tribunal = summary.sections["tribunal"].table
    assert tribunal.cell(TOTAL, "spend").text == "£102,000"
