"""Recomputing every stored dispute deadline after the law module changes: each reg 44/45
step's last day from its order or concession, and each dispute's next council deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from sendpath.disputes.codes import OPEN_STAGES
from sendpath.disputes.deadlines import dispute_clocks, next_council_due
from sendpath.disputes.models import Dispute, OrderStep
from sendpath.disputes.services import APPEAL_KIND
from sendpath.law import clocks as law


@dataclass(frozen=True)
class Result:
    checked: int
    changed: int


def _step_due(d: Dispute, s: OrderStep) -> dt.date | None:
    """The step's last day as the law module now counts it (None: leave it as stored)."""
    if s.step == "agreement":
        return law.mediation_agreement_due(d.decided_on) if d.decided_on else None
    if d.unopposed_notified_on:
        kind = APPEAL_KIND.get(d.decision_appealed)
        if kind is None:
            return None
        return law.unopposed_appeal_steps(d.unopposed_notified_on, kind).get(law.Step(s.step))
    if d.order_made and d.decided_on:
        steps = law.tribunal_order_steps(d.decided_on, law.OrderKind(d.order_made))
        return steps.get(law.Step(s.step)) if s.step in steps else None
    return None


def recompute_all(today: dt.date | None = None) -> Result:
    """Every open dispute; one UPDATE per changed row, in one transaction."""
    today = today or timezone.localdate()
    checked = changed = 0
    disputes = list(Dispute.objects.filter(stage__in=list(OPEN_STAGES)))
    steps: dict[int, list[OrderStep]] = {}
    for s in OrderStep.objects.filter(dispute__in=disputes).order_by("order", "pk"):
        steps.setdefault(s.dispute_id, []).append(s)
    with transaction.atomic():
        for d in disputes:
            checked += 1
            rows = steps.get(d.pk, [])
            for s in rows:
                due = _step_due(d, s)
                if due is not None and due != s.due:
                    s.due = due
                    OrderStep.objects.filter(pk=s.pk).update(due=due)
                    changed += 1
            nxt, label = next_council_due(dispute_clocks(d, rows, today))
            if (nxt, label) != (d.next_due, d.next_due_label):
                Dispute.objects.filter(pk=d.pk).update(next_due=nxt, next_due_label=label)
                changed += 1
    return Result(checked, changed)
