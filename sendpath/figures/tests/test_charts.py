"""SVG charts: labelled for screen readers, escaped, and never drawing a hidden value."""

from __future__ import annotations

from sendpath.figures import charts


def test_a_bar_chart_is_an_image_with_a_title_and_description() -> None:
    svg = charts.bar_chart("Waits <days>", "Median waits & more.", [charts.Bar("Decision", 16, "16 days")])
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "Waits &lt;days&gt;" in svg and "Median waits &amp; more." in svg
    assert "<script" not in svg and "style=" not in svg


def test_a_suppressed_bar_is_not_drawn_and_says_c() -> None:
    svg = charts.bar_chart("t", "s", [charts.Bar("Shown", 50, "50"), charts.Bar("Hidden", None, "c")])
    assert svg.count("<rect") == 1
    assert ">c</text>" in svg


def test_a_line_chart_leaves_gaps_for_missing_months() -> None:
    svg = charts.line_chart(
        "t",
        "s",
        ["Jan", "Feb", "Mar", "Apr"],
        [charts.Series("Plans", [50, None, 60, 70]), charts.Series("R", [1, 2, 3, 4])],
    )
    assert svg.count("<polyline") == 2  # one run (Mar-Apr) for Plans, one for R
    assert svg.count("<circle") == 7
    assert 'stroke-dasharray="8 5"' in svg  # the second line is dashed, not only another colour
