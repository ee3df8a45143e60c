"""The legal clocks of a dispute, read on the same clock panel as every other process.

Two kinds of limit run on a dispute, and they are shown differently on purpose:

- the family's own limits (contact the mediation adviser within 2 months, register the appeal
  in time) bind the parent or young person. The council tracks them, but a family that lets
  one pass has not made the council late, so they are never "breached": once passed without
  the step they read "Not needed" with a sentence saying so;
- the council's limits (hold mediation within 30 days, the certificate, the response to the
  appeal, and every reg 44 / reg 45 step after an order or a concession) are breached when
  missed, and the earliest open one is stored as ``next_due`` so lists sort and count
  breaches in SQL.

The law module does all the counting (timescales.md part 1); this module only picks the
trigger dates from the dispute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from sendpath.common.clock_panel import Clock, clock, limit_status
from sendpath.disputes.codes import NO_CERTIFICATE_NEEDED, Outcome
from sendpath.law import clocks as law

#: How each reg 44/45 step reads to the council.
STEP_LABELS: dict[str, str] = {
    law.Step.CEASE_PLAN: "Cease the plan",
    law.Step.NOTIFY_WILL_ASSESS: "Tell the family we will assess",
    law.Step.NO_PLAN_DECISION: "Decide not to issue a plan, with reasons",
    law.Step.DRAFT_PLAN: "Issue the draft plan",
    law.Step.FINAL_PLAN: "Issue the final plan",
    law.Step.RECONSIDER: "Reconsider and tell the family",
    law.Step.AMENDED_PLAN: "Issue the amended plan",
    law.Step.CONTINUE: "Continue to maintain the plan",
    "agreement": "Carry out the mediation agreement",
}

#: Steps of which only one is done: after an order to assess, either a no-plan decision or a
#: final plan follows (reg 44(2)(b), reg 45(3A)).
ALTERNATIVES: dict[str, str] = {
    law.Step.NO_PLAN_DECISION: law.Step.FINAL_PLAN,
    law.Step.FINAL_PLAN: law.Step.NO_PLAN_DECISION,
}


@dataclass(frozen=True)
class DisputeClock:
    """A clock on the panel, and whether it binds the council (and so counts as a breach)."""

    clock: Clock
    council: bool
    #: The step can no longer be taken (the dispute moved past it): a breach stays on the
    #: record, but it is not an open deadline any more.
    ended: bool = False

    @property
    def open(self) -> bool:
        return not self.ended and self.clock.status in {"due", "at_risk", "breached"}


def _family(name: str, due: dt.date, done_on: dt.date | None, today: dt.date, passed: str) -> Clock:
    """A limit on the family: passed without the step reads "Not needed", never "Breached"."""
    c = clock(name, due, done_on, today)
    if c.status == "breached":
        return replace(c, status="not_needed", detail=passed)
    if c.status == "late":
        return replace(c, status="met", detail="Admitted late by the tribunal")
    return c


def certificate_trigger(d: Any) -> dt.date | None:
    """The day the certificate clock starts: the end of mediation, or the day the adviser was
    told the family did not want it (reg 34(1) and the parallel certificate limits)."""
    if d.mediation_wanted is True:
        return d.mediation_held_on
    if d.mediation_wanted is False:
        return d.mediation_contacted_on
    return None


def dispute_clocks(d: Any, steps: Iterable[Any], today: dt.date) -> list[DisputeClock]:
    """Every limit on the dispute, in the order the process meets them.

    ``d`` is a ``Dispute`` (or anything with its date fields); ``steps`` its ``OrderStep`` rows.
    """
    sent: dt.date = d.decision_sent_on
    contacted, held = d.mediation_contacted_on, d.mediation_held_on
    certificate, lodged = d.certificate_issued_on, d.appeal_lodged_on
    outcome, closed = d.outcome or "", d.closed_on
    result: list[DisputeClock] = []

    skipped_mediation = lodged is not None and contacted is None
    contact_due = law.mediation_contact_due(sent)
    if skipped_mediation:
        why = (
            "No certificate is needed for an appeal about section I only"
            if d.decision_appealed in NO_CERTIFICATE_NEEDED
            else "The appeal was registered without mediation advice"
        )
        contact = Clock(*_label("mediation_contact_due"), contact_due, "not_needed", why)
    else:
        contact = _family(
            "mediation_contact_due",
            contact_due,
            contacted,
            today,
            "Passed without the family contacting the mediation adviser",
        )
    result.append(DisputeClock(contact, council=False))

    if d.mediation_wanted is True and contacted is not None:
        ended = (certificate or lodged or closed) if held is None else None
        c = clock("mediation_due", law.mediation_due(contacted), held, today, closed_on=ended)
        result.append(DisputeClock(c, council=True, ended=ended is not None))
    trigger = certificate_trigger(d)
    if trigger is not None:
        ended = (lodged or d.decided_on or closed) if certificate is None else None
        due = law.mediation_certificate_due(trigger)
        if outcome == Outcome.MEDIATION_AGREED and certificate is None:
            c = Clock(*_label("mediation_certificate_due"), due, "not_needed", "Agreed at mediation")
        else:
            c = clock("mediation_certificate_due", due, certificate, today, closed_on=ended)
        result.append(DisputeClock(c, council=True, ended=ended is not None))

    window = law.appeal_deadline_with_extension(sent, certificate)
    if outcome in {Outcome.MEDIATION_AGREED} and lodged is None:
        c = Clock(*_label("appeal_deadline_with_extension"), window, "not_needed", "Agreed at mediation")
    else:
        c = _family(
            "appeal_deadline_with_extension",
            window,
            lodged,
            today,
            "The appeal window closed without an appeal",
        )
    result.append(DisputeClock(c, council=False))

    if lodged is not None:
        answered = d.response_sent_on or d.unopposed_notified_on
        ended = d.decided_on if answered is None and outcome else None
        c = clock("appeal_response_due", law.appeal_response_due(lodged), answered, today, closed_on=ended)
        result.append(DisputeClock(c, council=True, ended=ended is not None))

    for s in steps:
        label = STEP_LABELS.get(s.step, s.step)
        if s.status == "not_needed":
            status, detail = "not_needed", "The other route was taken"
        else:
            status, detail = limit_status(s.due, s.done_on, today), ""
        result.append(DisputeClock(Clock(label, s.citation, s.due, status, detail), council=True))
    return result


def _label(name: str) -> tuple[str, str]:
    info = law.LIMITS[name]
    return info.label, info.citation


def next_council_due(clocks: Iterable[DisputeClock]) -> tuple[dt.date | None, str]:
    """The earliest open limit on the council (a breached one included), for lists and counts."""
    open_ = sorted((c.clock.due, c.clock.label) for c in clocks if c.council and c.open)
    return open_[0] if open_ else (None, "")
