"""Reading disputes."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from sendpath.disputes.codes import CONCEDED_OUTCOMES, Stage
from sendpath.disputes.models import Dispute


def pending_appeals(plan: Any) -> Any:
    """Appeals about this plan (or about its child with no plan named) that are registered and
    not yet over: no outcome yet, or conceded by the council and not yet complied with.

    CFA 2014 s45 and timescales.md 5: a plan is maintained while an appeal against ceasing
    it is pending, so the cease workflow asks this before it lets a plan end.
    """
    about = Q(plan_id=plan.pk) | Q(child_id=plan.child_id, plan__isnull=True)
    undecided = Q(outcome="")
    conceded_not_complied = Q(outcome__in=list(CONCEDED_OUTCOMES)) & ~Q(stage=Stage.CLOSED)
    return Dispute.objects.filter(about, appeal_lodged_on__isnull=False).filter(
        undecided | conceded_not_complied
    )


def has_pending_appeal(plan: Any) -> bool:
    """True when an appeal against this plan (or its child) is lodged and not yet decided,
    withdrawn or conceded-and-complied."""
    return pending_appeals(plan).exists()
