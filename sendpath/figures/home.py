"""The headline figures on a councillor's home page, through the suppression rule.

Councillors see aggregates only, and a small count (an authority with 3 overdue reviews)
is about identifiable children, so the home page's numbers go through the same
``sendpath.common.suppression`` rule as the scrutiny dashboard before any is shown.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from sendpath.assessments import selectors as cases
from sendpath.common import suppression as sup
from sendpath.plans import selectors as plans


def councillor_headlines(la_id: int, today: dt.date) -> dict[str, object]:
    """Plans maintained, assessments in progress, reviews overdue and 20-week timeliness in
    the last 12 months, as display text (``c`` where suppressed), plus the footnotes."""
    within, issued = cases.decided_in_time(la_id, today - dt.timedelta(days=365), today)
    figures = [
        sup.Figure(key="active_plans", children=plans.active_plan_count(la_id)),
        sup.Figure(key="open_requests", children=sum(cases.stage_counts(la_id).values())),
        sup.Figure(key="overdue_reviews", children=plans.overdue_reviews(la_id, today).count()),
        sup.Figure(key="within", children=within),
        sup.Figure(key="issued", children=issued),
        sup.Figure(
            key="pc",
            kind=sup.Kind.PERCENT,
            children=(within, issued),
            value=Fraction(100 * within, issued) if issued else None,
            missing=None if issued else "z",
        ),
    ]
    cells = sup.suppress(figures)
    symbols = {c.symbol for c in cells.values() if c.symbol}
    return {
        **{key: cell.text for key, cell in cells.items()},
        "has_pc": bool(issued),
        "footnotes": sup.DEFAULT_RULE.footnotes(symbols),
    }
