"""The tribunal outcomes review (funding.md 3.1; the task group's "formal review mechanism for
tribunal outcomes"): appeals by decision type and outcome, the cost per appeal, the share the
council conceded before a hearing, and the root causes recorded.

For managers of one council; figures name no child. Counts come from the disputes, money from
the ledger lines that name them. Consequential provision (what an order or concession costs
in provision afterwards) is reported apart from the cost of the process, as funding.md asks.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Sum

from sendpath.disputes.codes import (
    CONCEDED_OUTCOMES,
    HEARING_OUTCOMES,
    DecisionAppealed,
    DisputeKind,
    Outcome,
    RootCause,
)
from sendpath.disputes.costs import SOURCE_TYPE
from sendpath.disputes.models import Dispute

#: Outcome columns of the decision-type table, in the order a reader expects.
OUTCOME_COLUMNS: list[tuple[str, str]] = [
    ("", "Not yet decided"),
    (Outcome.WITHDRAWN, "Withdrawn"),
    (Outcome.UNOPPOSED, "Not opposed (reg 45)"),
    (Outcome.CONCEDED, "Conceded"),
    (Outcome.UPHELD, "Upheld"),
    (Outcome.PART_UPHELD, "Partly upheld"),
    (Outcome.DISMISSED, "Dismissed"),
]


@dataclass
class Review:
    year: int | None
    appeals: int = 0
    concluded: int = 0
    conceded_before_hearing: int = 0
    hearings: int = 0
    for_family_at_hearing: int = 0
    by_decision: list[dict[str, Any]] = field(default_factory=list)
    outcome_totals: dict[str, int] = field(default_factory=dict)
    costs: list[dict[str, Any]] = field(default_factory=list)
    process_pence: int = 0
    consequential_pence: int = 0
    appeals_with_costs: int = 0
    causes: list[dict[str, Any]] = field(default_factory=list)
    disputes_with_causes: int = 0
    disputes: int = 0

    @property
    def conceded_share(self) -> float | None:
        return self.conceded_before_hearing / self.concluded if self.concluded else None

    @property
    def cost_per_appeal_pence(self) -> int | None:
        return round(self.process_pence / self.appeals) if self.appeals else None


def years(local_authority_id: int) -> list[int]:
    """Calendar years in which appeals were registered, newest first."""
    found = Dispute.objects.filter(
        local_authority_id=local_authority_id, appeal_lodged_on__isnull=False
    ).dates("appeal_lodged_on", "year")
    return sorted({d.year for d in found}, reverse=True)


def _costs_by_dispute(local_authority_id: int, ids: list[int]) -> dict[int, dict[str, int]]:
    from sendpath.funding.models import LedgerLine

    # Every tribunal line of the council, summed in the database, then kept for ``ids``: a
    # few thousand groups, cheaper than an IN list of thousands of ids.
    rows = (
        LedgerLine.objects.filter(local_authority_id=local_authority_id, source_type=SOURCE_TYPE)
        .values_list("source_id", "component")
        .annotate(pence=Sum("amount_pence"))
        .order_by()
    )
    wanted = {str(i) for i in ids}
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for source_id, component, pence in rows:
        if source_id in wanted:
            found[int(source_id)][component] = pence or 0
    return found


def build(local_authority_id: int, year: int | None = None) -> Review:
    """The review for one council, for appeals registered in ``year`` (all years if None).
    Root causes count every dispute whose decision notice fell in the period, mediation too."""
    review = Review(year=year)
    appeals = Dispute.objects.filter(local_authority_id=local_authority_id, kind=DisputeKind.TRIBUNAL)
    every = Dispute.objects.filter(local_authority_id=local_authority_id)
    if year is not None:
        appeals = appeals.filter(appeal_lodged_on__year=year)
        every = every.filter(
            decision_sent_on__gte=dt.date(year, 1, 1), decision_sent_on__lte=dt.date(year, 12, 31)
        )
    rows = list(appeals.values("pk", "decision_appealed", "outcome"))
    review.appeals = len(rows)
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        table[r["decision_appealed"]][r["outcome"]] += 1
    totals: Counter[str] = Counter(r["outcome"] for r in rows)
    review.outcome_totals = {key: totals.get(key, 0) for key, _ in OUTCOME_COLUMNS}
    review.concluded = sum(n for k, n in totals.items() if k)
    review.conceded_before_hearing = sum(totals.get(k, 0) for k in CONCEDED_OUTCOMES)
    review.hearings = sum(totals.get(k, 0) for k in HEARING_OUTCOMES)
    review.for_family_at_hearing = totals.get(Outcome.UPHELD, 0) + totals.get(Outcome.PART_UPHELD, 0)

    money = _costs_by_dispute(local_authority_id, [r["pk"] for r in rows])
    by_type_pence: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # process, consequential, appeals
    for r in rows:
        parts = money.get(r["pk"], {})
        process = sum(v for k, v in parts.items() if k != "consequential")
        consequential = parts.get("consequential", 0)
        acc = by_type_pence[r["decision_appealed"]]
        acc[0] += process
        acc[1] += consequential
        acc[2] += 1
        review.process_pence += process
        review.consequential_pence += consequential
        review.appeals_with_costs += 1 if parts else 0

    for value, label in DecisionAppealed.choices:
        counts = table.get(value)
        if not counts:
            continue
        total = sum(counts.values())
        concluded = sum(n for k, n in counts.items() if k)
        conceded = sum(counts.get(k, 0) for k in CONCEDED_OUTCOMES)
        review.by_decision.append(
            {
                "decision": value,
                "label": label,
                "counts": [counts.get(k, 0) for k, _ in OUTCOME_COLUMNS],
                "total": total,
                "conceded_share": conceded / concluded if concluded else None,
            }
        )
        process, consequential, n = by_type_pence[value]
        review.costs.append(
            {
                "label": label,
                "appeals": n,
                "process_pence": process,
                "per_appeal_pence": round(process / n) if n else None,
                "consequential_pence": consequential,
            }
        )

    cause_rows = list(every.values_list("root_causes", flat=True))
    review.disputes = len(cause_rows)
    counted: Counter[str] = Counter()
    valid = set(RootCause.values)  # TextChoices.values builds a new list on every access
    for causes in cause_rows:
        if causes:
            review.disputes_with_causes += 1
            counted.update(c for c in set(causes) if c in valid)
    review.causes = [
        {"code": code, "label": label, "count": counted[code]}
        for code, label in sorted(RootCause.choices, key=lambda c: (-counted[c[0]], c[1]))
        if counted[code]
    ]
    return review


def summary(review: Review) -> str:
    """The one sentence under the charts."""
    if not review.appeals:
        return "No appeals were registered in this period."
    share = review.conceded_share
    biggest = max(review.by_decision, key=lambda r: r["total"])
    text = (
        f"{review.appeals} appeal{'s were' if review.appeals != 1 else ' was'} registered, most often about "
        f"{biggest['label'][0].lower()}{biggest['label'][1:]} ({biggest['total']})"
    )
    if share is not None:
        text += f"; the council gave way before a hearing in {share:.0%} of those concluded"
    if review.hearings:
        text += (
            f", and {review.for_family_at_hearing} of {review.hearings} decided at a hearing "
            "went at least partly the family's way"
        )
    return text + "."


# -- CSV tables -------------------------------------------------------------------------------------
def _money(pence: int | None) -> str:
    return "" if pence is None else f"{pence / 100:.2f}"


def csv_rows(review: Review, table: str) -> list[list[str]] | None:
    """The rows of one downloadable table, header first; None for an unknown table."""
    if table == "decisions":
        head = [
            "Decision appealed",
            *[label for _, label in OUTCOME_COLUMNS],
            "Total",
            "Conceded before hearing (%)",
        ]
        body = [
            [
                r["label"],
                *[str(n) for n in r["counts"]],
                str(r["total"]),
                "" if r["conceded_share"] is None else f"{100 * r['conceded_share']:.0f}",
            ]
            for r in review.by_decision
        ]
        return [head, *body]
    if table == "costs":
        head = [
            "Decision appealed",
            "Appeals",
            "Process cost (£)",
            "Cost per appeal (£)",
            "Consequential provision (£)",
        ]
        body = [
            [
                r["label"],
                str(r["appeals"]),
                _money(r["process_pence"]),
                _money(r["per_appeal_pence"]),
                _money(r["consequential_pence"]),
            ]
            for r in review.costs
        ]
        body.append(
            [
                "All appeals",
                str(review.appeals),
                _money(review.process_pence),
                _money(review.cost_per_appeal_pence),
                _money(review.consequential_pence),
            ]
        )
        return [head, *body]
    if table == "causes":
        return [["Root cause", "Disputes"], *[[r["label"], str(r["count"])] for r in review.causes]]
    return None
