"""Tests for the one small-number suppression rule (funding.md §6.2, sendpath.common.suppression)."""

from __future__ import annotations

import ast
import csv
import io
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendpath.common.suppression import (
    TOTAL,
    Column,
    Figure,
    Kind,
    Reason,
    Rule,
    SumGroup,
    SuppressionError,
    Table,
    determined,
    publish,
    suppress,
)

# ---------------------------------------------------------------------------------------------
# An independent check of "can any suppressed figure be worked out?", with numpy ranks rather than
# the module's exact elimination: x is recoverable iff adding its unit vector to the published
# equations does not raise the rank.
# ---------------------------------------------------------------------------------------------


def recoverable_by_rank(groups, hidden, also_unknown=()):
    """Suppressed figures (``hidden``) whose value follows from the groups; ``also_unknown`` are
    figures nobody can read either (``x``, not available) but that need no protection."""
    secret = set(hidden)
    hidden = sorted(secret | set(also_unknown), key=repr)
    if not hidden:
        return set()
    col = {k: i for i, k in enumerate(hidden)}
    rows = []
    for g in groups:
        row = np.zeros(len(hidden))
        for p in g.parts:
            if p in col:
                row[col[p]] += 1
        if g.total in col:
            row[col[g.total]] -= 1
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    a = np.array(rows)
    base = np.linalg.matrix_rank(a)
    out = set()
    for k, i in col.items():
        e = np.zeros(len(hidden))
        e[i] = 1
        if np.linalg.matrix_rank(np.vstack([a, e])) == base:
            out.add(k)
    return out & secret


def grid_table(key, counts, *, money=None, largest=None):
    """A rows × columns table of counts (and optionally £) with row totals and a total row."""
    ncols = len(counts[0])
    cols = [Column(f"c{j}", f"Column {j}") for j in range(ncols)]
    cols.append(Column("all", "All", sum_of=tuple(f"c{j}" for j in range(ncols))))
    t = Table(key, "Grid", cols, row_header="Row")
    for i, row in enumerate(counts):
        cells = {f"c{j}": Figure(children=n) for j, n in enumerate(row)}
        cells["all"] = Figure(children=sum(row))
        t.add_row(f"r{i}", f"Row {i}", **cells)
    totals = {f"c{j}": Figure(children=sum(r[j] for r in counts)) for j in range(ncols)}
    totals["all"] = Figure(children=sum(map(sum, counts)))
    t.set_total(**totals)
    return t


counts_st = st.lists(
    st.lists(st.one_of(st.integers(0, 12), st.integers(0, 200)), min_size=2, max_size=5),
    min_size=2,
    max_size=5,
).filter(lambda rows: len({len(r) for r in rows}) == 1)


# ---------------------------------------------------------------------------------------------
# The rule's settings
# ---------------------------------------------------------------------------------------------


def test_threshold_defaults_to_ten():
    assert Rule().threshold == 10


@pytest.mark.parametrize("low", [4, 1, 0, -3])
def test_threshold_can_never_be_set_below_five(low):
    with pytest.raises(SuppressionError, match="cannot be set below 5"):
        Rule(threshold=low)


def test_threshold_of_five_is_allowed_and_applied():
    cells = suppress([Figure("a", children=5), Figure("b", children=4)], rule=Rule(threshold=5))
    assert cells["a"].text == "5"
    assert cells["b"].symbol == "c"


def test_dominance_share_and_rounding_cannot_be_weakened():
    with pytest.raises(SuppressionError):
        Rule(dominance=Fraction(3, 5))
    with pytest.raises(SuppressionError):
        Rule(money_rounding_pounds=100)
    with pytest.raises(SuppressionError):
        Rule(average_rounding_pounds=10)


def test_module_imports_no_django():
    source = Path(__file__).resolve().parents[1] / "suppression.py"
    tree = ast.parse(source.read_text())
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [n for n in names if n.startswith("django") or n.startswith("sendpath")]


# ---------------------------------------------------------------------------------------------
# 1. Primary and 2. derived
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", range(1, 10))
def test_counts_of_one_to_nine_are_c(n):
    cell = suppress([Figure("k", children=n)])["k"]
    assert (cell.symbol, cell.text, cell.csv, cell.value, cell.reason) == (
        "c",
        "c",
        "c",
        None,
        Reason.PRIMARY,
    )


def test_true_zero_is_shown_and_ten_is_shown():
    cells = suppress([Figure("zero", children=0), Figure("ten", children=10), Figure("big", children=1234)])
    assert cells["zero"].text == "0" and cells["zero"].symbol is None
    assert cells["ten"].text == "10"
    assert cells["big"].text == "1,234" and cells["big"].csv == "1234"


def test_average_of_three_children_is_c():
    avg = Figure("avg", children=3, value=6_000_000, kind=Kind.MONEY_AVERAGE, largest=7_000_000)
    assert suppress([avg])["avg"].reason is Reason.DERIVED


def test_money_of_a_cell_with_a_suppressed_count_is_c():
    cells = suppress(
        [
            Figure("n", children=4),
            Figure("cost", children=4, value=40_000_000, kind=Kind.MONEY, largest=10_000_000),
        ]
    )
    assert cells["cost"].symbol == "c"


def test_percentage_of_a_small_numerator_is_c():
    pct = Figure("pct", children=(3, 400), value=Fraction(3, 4), kind=Kind.PERCENT)
    assert suppress([pct])["pct"].symbol == "c"
    pct = Figure("pct", children=(30, 400), value=Fraction(30 * 100, 400), kind=Kind.PERCENT)
    assert suppress([pct])["pct"].text == "7.5%"


def test_figure_depending_on_a_suppressed_figure_is_c():
    cells = suppress(
        [
            Figure("cost", children=20, value=900_000_000, kind=Kind.MONEY, largest=600_000_000),
            Figure("n", children=20),
            Figure(
                "avg",
                children=20,
                value=45_000_000,
                kind=Kind.MONEY_AVERAGE,
                largest=600_000_000,
                depends_on=("cost", "n"),
            ),
        ]
    )
    assert cells["cost"].reason is Reason.DOMINANCE
    assert cells["avg"].symbol == "c"
    assert cells["n"].text == "20"


def test_figures_not_about_children_are_not_threshold_suppressed():
    fee = Figure("fee", value=4_500_000, kind=Kind.MONEY)  # a consultant's fee: no child
    assert suppress([fee])["fee"].text == "£45,000"


def test_money_about_children_must_say_its_largest_single_cost():
    with pytest.raises(SuppressionError, match="largest"):
        suppress([Figure("m", children=20, value=100, kind=Kind.MONEY)])


def test_bad_figures_are_refused_with_a_message():
    with pytest.raises(SuppressionError, match="same key"):
        suppress([Figure("a", children=1), Figure("a", children=2)])
    with pytest.raises(SuppressionError, match="not in the publication"):
        suppress([Figure("a", children=10)], [SumGroup("t", ("a",))])
    with pytest.raises(SuppressionError, match="0 or more"):
        suppress([Figure("a", children=-1)])


# ---------------------------------------------------------------------------------------------
# 3. Dominance
# ---------------------------------------------------------------------------------------------


def test_one_expensive_residential_placement_dominates_a_cell_of_twelve():
    # 11 day placements at £20k and one residential at £250k: £470k, one child is 53%.
    total = 11 * 2_000_000 + 25_000_000
    cells = suppress([Figure("iss", children=12, value=total, kind=Kind.MONEY, largest=25_000_000)])
    assert cells["iss"].symbol == "c" and cells["iss"].reason is Reason.DOMINANCE


def test_exactly_half_is_not_dominant():
    cells = suppress([Figure("m", children=12, value=2_000_000, kind=Kind.MONEY, largest=1_000_000)])
    assert cells["m"].text == "£20,000"


def test_dominance_on_an_average():
    avg = Figure("a", children=10, value=3_000_000, kind=Kind.MONEY_AVERAGE, largest=16_000_000)
    assert suppress([avg])["a"].reason is Reason.DOMINANCE


# ---------------------------------------------------------------------------------------------
# 7. Rounding and 8. symbols
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pence", "shown"),
    [
        (123_449_900, "£1,234,000"),
        (123_450_000, "£1,235,000"),  # half up
        (49_999, "£0"),
        (50_000, "£1,000"),
        (-123_450_000, "-£1,235,000"),
    ],
)
def test_money_totals_round_to_the_nearest_thousand_pounds(pence, shown):
    assert suppress([Figure("m", value=pence, kind=Kind.MONEY)])["m"].text == shown


@pytest.mark.parametrize(
    ("pence", "shown", "csv_"), [(2_345_000, "£23,500", "23500"), (2_344_999, "£23,400", "23400")]
)
def test_averages_round_to_the_nearest_hundred_pounds(pence, shown, csv_):
    cell = suppress([Figure("a", children=40, value=pence, kind=Kind.MONEY_AVERAGE, largest=3_000_000)])["a"]
    assert (cell.text, cell.csv, cell.value) == (shown, csv_, int(csv_))


def test_x_and_z_and_footnotes():
    cells = suppress([Figure("x", kind=Kind.MONEY, missing="x"), Figure("z", kind=Kind.PERCENT, missing="z")])
    assert cells["x"].text == "x" and cells["z"].text == "z"
    notes = Rule().footnotes()
    assert notes[0].startswith("c = suppressed: fewer than 10 children")
    assert notes[1] == "x = not available." and notes[2] == "z = not applicable."
    assert Rule(threshold=6).footnotes(["c"])[0].startswith("c = suppressed: fewer than 6 children")


# ---------------------------------------------------------------------------------------------
# 4. Secondary suppression
# ---------------------------------------------------------------------------------------------


def test_a_single_suppressed_cell_in_a_row_hides_the_next_smallest():
    figs = [
        Figure("a", children=3),
        Figure("b", children=40),
        Figure("c", children=25),
        Figure("t", children=68),
    ]
    cells = suppress(figs, [SumGroup("t", ("a", "b", "c"))])
    assert cells["a"].reason is Reason.PRIMARY
    assert cells["c"].reason is Reason.SECONDARY  # 25 is the next smallest, not 40
    assert cells["b"].text == "40" and cells["t"].text == "68"


def test_zero_is_never_chosen_as_the_complement():
    cells = suppress(
        [
            Figure("a", children=3),
            Figure("z", children=0),
            Figure("b", children=50),
            Figure("t", children=53),
        ],
        [SumGroup("t", ("a", "z", "b"))],
    )
    assert cells["z"].text == "0"
    assert cells["b"].symbol == "c"


def test_when_no_part_is_left_the_total_is_hidden():
    cells = suppress(
        [Figure("a", children=3), Figure("z", children=0), Figure("t", children=3)],
        [SumGroup("t", ("a", "z"))],
    )
    assert cells["t"].symbol == "c"


def test_a_total_published_elsewhere_is_used_and_never_hidden():
    # The s251 LA total is public, so the table's own total row is not needed to recover "a".
    t = Table("spend", "Spend", [Column("m", "Spend", Kind.MONEY)])
    t.add_row("a", "A", m=Figure(children=12, value=30_000_000, kind=Kind.MONEY, largest=20_000_000))
    t.add_row("b", "B", m=Figure(children=30, value=90_000_000, kind=Kind.MONEY, largest=5_000_000))
    t.add_row("c", "C", m=Figure(children=40, value=50_000_000, kind=Kind.MONEY, largest=2_000_000))
    la_total = Figure("s251 total", value=170_000_000, kind=Kind.MONEY, published_elsewhere=True)
    parts = tuple(t.figure_key(r, "m") for r in ("a", "b", "c"))
    pub = publish([t], elsewhere=[la_total], groups=[SumGroup("s251 total", parts)])
    table = pub["spend"]
    assert table.cell("a", "m").reason is Reason.DOMINANCE
    assert table.cell("c", "m").reason is Reason.SECONDARY
    assert "s251 total" not in pub.cells


def test_secondary_across_two_tables_sharing_a_total():
    # Table A by need (one small cell) has no total row of its own; table B publishes the total
    # of the same children. Together they reveal the small cell unless a complement is hidden.
    a = Table("need", "By need", [Column("n", "Children")])
    a.add_row("asd", "Autism", n=Figure(children=120))
    a.add_row("sld", "Severe learning difficulty", n=Figure(children=4))
    a.add_row("slcn", "Speech", n=Figure(children=60))
    b = Table("all", "All", [Column("n", "Children")])
    b.add_row("all", "All children", n=Figure(children=184))
    group = SumGroup(b.figure_key("all", "n"), tuple(a.figure_key(r, "n") for r in ("asd", "sld", "slcn")))
    alone = publish([a])
    assert alone["need"].cell("slcn", "n").text == "60"  # no total: nothing to protect against
    together = publish([a, b], groups=[group])
    assert together["need"].cell("slcn", "n").reason is Reason.SECONDARY


def test_recovery_by_combining_groups_is_caught():
    # A 2×2 block where each row and column already has two hidden cells but a third table
    # publishes a diagonal sum: x11 + x22 = d lets x11 be found with the row/column equations? We
    # check the exact solver against the rank test on a case where combination is needed.
    rows = [
        {"a": Fraction(1), "b": Fraction(1)},  # a + b = r1
        {"b": Fraction(1), "c": Fraction(1)},  # b + c = r2
        {"a": Fraction(1), "c": Fraction(1)},  # a + c = r3
    ]
    assert determined(rows) == {"a", "b", "c"}
    assert determined(rows[:2]) == set()


def test_grid_example():
    t = grid_table("g", [[3, 50, 40], [60, 70, 80], [90, 15, 100]])
    pub = publish([t])
    g = pub["g"]
    assert g.cell("r0", "c0").reason is Reason.PRIMARY
    hidden = {k for k, c in pub.cells.items() if c.suppressed}
    assert len(hidden) >= 4  # a cell, its row partner, its column partner and the fourth corner
    assert not recoverable_by_rank(t.groups(), hidden)


# ---------------------------------------------------------------------------------------------
# Properties (Hypothesis)
# ---------------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(counts=counts_st, threshold=st.integers(5, 12))
def test_property_no_published_count_is_small_and_nothing_is_recoverable(counts, threshold):
    t = grid_table("g", counts)
    pub = publish([t], rule=Rule(threshold=threshold))
    for c in pub.cells.values():
        if c.kind is Kind.COUNT and c.symbol is None:
            assert c.value == 0 or c.value >= threshold
    hidden = {k for k, c in pub.cells.items() if c.suppressed}
    assert not recoverable_by_rank(t.groups(), hidden)
    # and the weaker, obvious form: no group has exactly one hidden figure
    for g in t.groups():
        assert sum(1 for k in (g.total, *g.parts) if k in hidden) != 1
    # zeros stay visible
    for f in t.figures():
        if f.children == 0:
            assert pub.cells[f.key].text == "0"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(a=counts_st, b=counts_st)
def test_property_two_tables_published_together_share_their_grand_total(a, b):
    # Two breakdowns of the same children (e.g. by need and by setting) whose totals are equal.
    total = sum(map(sum, a))
    scale = sum(map(sum, b))
    if total == 0 or scale == 0:
        return
    ta, tb = grid_table("a", a), grid_table("b", b)
    link = SumGroup(ta.figure_key(TOTAL, "all"), (tb.figure_key(TOTAL, "all"),))
    pub = publish([ta, tb], groups=[link])
    hidden = {k for k, c in pub.cells.items() if c.suppressed}
    groups = ta.groups() + tb.groups() + [link]
    assert not recoverable_by_rank(groups, hidden)


money_rows = st.lists(
    st.tuples(
        st.integers(0, 40),  # children
        st.integers(1_000_000, 3_000_000),  # typical cost each, pence
        st.integers(0, 40_000_000),  # one extra-cost child (residential)
    ),
    min_size=2,
    max_size=6,
)


@settings(max_examples=100, deadline=None)
@given(rows=money_rows)
def test_property_money_table_dominance_and_recovery(rows):
    t = Table("m", "Money", [Column("n", "Children"), Column("cost", "Cost", Kind.MONEY)])
    truth = {}
    for i, (n, each, extra) in enumerate(rows):
        value = n * each + (extra if n else 0)
        largest = each + extra if n else 0
        truth[f"r{i}"] = (n, value, largest)
        t.add_row(
            f"r{i}",
            f"Row {i}",
            n=Figure(children=n),
            cost=Figure(children=n, value=value, kind=Kind.MONEY, largest=largest or None),
        )
    n_all = sum(v[0] for v in truth.values())
    v_all = sum(v[1] for v in truth.values())
    l_all = max(v[2] for v in truth.values())
    t.set_total(
        n=Figure(children=n_all),
        cost=Figure(children=n_all, value=v_all, kind=Kind.MONEY, largest=l_all or None),
    )
    pub = publish([t])
    for key, (n, value, largest) in truth.items():
        cell = pub["m"].cell(key, "cost")
        if n and largest * 2 > value:
            assert cell.symbol == "c"
        if 0 < n < 10:
            assert cell.symbol == "c" and pub["m"].cell(key, "n").symbol == "c"
        if cell.symbol is None:
            assert cell.value % 1000 == 0
    hidden = {k for k, c in pub.cells.items() if c.suppressed}
    assert not recoverable_by_rank(t.groups(), hidden)


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(
        st.lists(st.fractions(-3, 3).map(lambda f: f.limit_denominator(3)), min_size=4, max_size=4),
        max_size=6,
    )
)
def test_property_exact_solver_agrees_with_rank(rows):
    keys = ["a", "b", "c", "d"]
    sparse = [{k: v for k, v in zip(keys, r, strict=True) if v} for r in rows]
    sparse = [r for r in sparse if r]
    expected = set()
    if sparse:
        a = np.array([[float(r.get(k, 0)) for k in keys] for r in sparse])
        base = np.linalg.matrix_rank(a)
        for i, k in enumerate(keys):
            e = np.zeros(4)
            e[i] = 1
            if np.linalg.matrix_rank(np.vstack([a, e])) == base:
                expected.add(k)
    assert determined(sparse) == expected


# ---------------------------------------------------------------------------------------------
# Template rows and CSV come from the suppressed table only
# ---------------------------------------------------------------------------------------------


def test_template_rows_and_csv_carry_the_same_suppression():
    t = Table(
        "place",
        "Placements by setting type",
        [
            Column("n", "Children"),
            Column("cost", "Total cost", Kind.MONEY),
            Column("avg", "Average cost", Kind.MONEY_AVERAGE),
        ],
        row_header="Setting type",
    )
    t.add_row(
        "iss",
        "Independent special",
        n=Figure(children=7),
        cost=Figure(children=7, value=45_000_000, kind=Kind.MONEY, largest=9_000_000),
        avg=Figure(
            children=7, value=6_428_571, kind=Kind.MONEY_AVERAGE, largest=9_000_000, depends_on=("cost",)
        ),
    )
    t.add_row(
        "ss",
        "State special",
        n=Figure(children=300),
        cost=Figure(children=300, value=720_000_000, kind=Kind.MONEY, largest=5_000_000),
        avg=Figure(
            children=300, value=2_400_000, kind=Kind.MONEY_AVERAGE, largest=5_000_000, depends_on=("cost",)
        ),
    )
    t.add_row(
        "ms",
        "Mainstream",
        n=Figure(children=900),
        cost=Figure(children=900, value=720_000_000, kind=Kind.MONEY, largest=2_000_000),
        avg=Figure(
            children=900, value=800_000, kind=Kind.MONEY_AVERAGE, largest=2_000_000, depends_on=("cost",)
        ),
    )
    t.set_total(
        n=Figure(children=1207),
        cost=Figure(children=1207, value=1_485_000_000, kind=Kind.MONEY, largest=9_000_000),
    )
    pub = publish([t])
    table = pub["place"]
    rows = table.template_rows()
    by_key = {r["key"]: r for r in rows}
    assert [c["text"] for c in by_key["iss"]["cells"]] == ["c", "c", "c"]
    # the complement: state special (300) is the next smallest count; its cost and average too
    assert by_key["ss"]["cells"][0]["text"] == "c"
    assert by_key["ms"]["cells"][0]["text"] == "900"
    parsed = list(csv.reader(io.StringIO(table.csv_text())))
    assert parsed[0] == ["Setting type", "Children", "Total cost (£)", "Average cost (£)"]
    csv_rows = {r[0]: r[1:] for r in parsed[1:5]}
    assert csv_rows["Independent special"] == ["c", "c", "c"]
    for r in parsed[1:5]:
        for value in r[1:]:
            if value.isdigit() and table.columns[r[1:].index(value)].kind is Kind.COUNT:
                assert int(value) == 0 or int(value) >= 10
    assert any("c = suppressed" in (r[0] if r else "") for r in parsed)
    # nothing in the template rows or CSV holds the raw figure
    assert "450000" not in table.csv_text() and "64285" not in table.csv_text()
    assert pub.footnotes()[0].startswith("c = suppressed")
    hidden = {k for k, c in pub.cells.items() if c.suppressed}
    assert not recoverable_by_rank(t.groups(), hidden)
