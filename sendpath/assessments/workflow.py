"""The stages of an EHC needs assessment and the moves allowed between them.

No FSM library: an Enum and a table. Every move is stored as a ``StageChange`` row by the
service that makes it, so the case timeline is the history of these rows.
"""

from __future__ import annotations

from django.db import models


class Stage(models.TextChoices):
    RECEIVED = "received", "Request received"
    ASSESSING = "assessing", "Assessing"
    NOT_ASSESSING = "not_assessing", "Decided not to assess"
    DRAFTING = "drafting", "Writing the draft plan"
    DRAFT_SENT = "draft_sent", "Draft plan sent"
    PLAN_ISSUED = "plan_issued", "Final plan issued"
    NO_PLAN = "no_plan", "Decided not to issue a plan"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_STAGES = frozenset({Stage.RECEIVED, Stage.ASSESSING, Stage.DRAFTING, Stage.DRAFT_SENT})
CLOSED_STAGES = frozenset(set(Stage) - OPEN_STAGES)

ALLOWED: dict[Stage, frozenset[Stage]] = {
    Stage.RECEIVED: frozenset({Stage.ASSESSING, Stage.NOT_ASSESSING, Stage.WITHDRAWN}),
    Stage.ASSESSING: frozenset({Stage.DRAFTING, Stage.NO_PLAN, Stage.WITHDRAWN}),
    Stage.DRAFTING: frozenset({Stage.DRAFT_SENT, Stage.WITHDRAWN}),
    Stage.DRAFT_SENT: frozenset({Stage.PLAN_ISSUED, Stage.DRAFTING, Stage.WITHDRAWN}),
    Stage.NOT_ASSESSING: frozenset(),
    Stage.PLAN_ISSUED: frozenset(),
    Stage.NO_PLAN: frozenset(),
    Stage.WITHDRAWN: frozenset(),
}


def can_move(current: str, target: str) -> bool:
    """True when the process allows going from ``current`` to ``target``."""
    return Stage(target) in ALLOWED[Stage(current)]
