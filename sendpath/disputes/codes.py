"""The fixed lists a dispute is recorded with: what was appealed, how it ended, what the
tribunal ordered, and why it happened. Kept apart from the models so the law module's own
enums (``OrderKind``, ``AppealKind``) map onto them in one place (see ``deadlines.py``)."""

from __future__ import annotations

from django.db import models


class DisputeKind(models.TextChoices):
    """A dispute starts as mediation (or a certificate without it) and becomes a tribunal
    case when an appeal is registered; the kind says how far it has gone."""

    MEDIATION = "mediation", "Mediation"
    TRIBUNAL = "tribunal", "Tribunal appeal"


class DecisionAppealed(models.TextChoices):
    """The decision the family disagrees with (CFA 2014 s51(2); SEND Regs 2014 reg 32)."""

    REFUSAL_TO_ASSESS = "refusal_to_assess", "Refusal to assess"
    REFUSAL_TO_REASSESS = "refusal_to_reassess", "Refusal to re-assess"
    REFUSAL_TO_ISSUE = "refusal_to_issue", "Refusal to issue a plan"
    PLAN_CONTENT = "plan_content", "Plan content (sections B, F or I)"
    PLACEMENT = "placement", "Placement only (section I)"
    REFUSAL_TO_AMEND = "refusal_to_amend", "Refusal to amend after a review"
    CEASING = "ceasing", "Ceasing the plan"
    HEALTH_SOCIAL_CARE = "health_social_care", "Health or social care (recommendations only)"


#: Decisions about a plan that already exists: the dispute is linked to the plan.
PLAN_DECISIONS = frozenset(
    {
        DecisionAppealed.PLAN_CONTENT,
        DecisionAppealed.PLACEMENT,
        DecisionAppealed.REFUSAL_TO_AMEND,
        DecisionAppealed.CEASING,
        DecisionAppealed.REFUSAL_TO_REASSESS,
        DecisionAppealed.HEALTH_SOCIAL_CARE,
    }
)

#: No mediation certificate is needed to appeal about section I alone (timescales.md 6).
NO_CERTIFICATE_NEEDED = frozenset({DecisionAppealed.PLACEMENT})


class PlanSection(models.TextChoices):
    """Sections of a plan a content appeal can be about (the tribunal can order B, F and I;
    health and social care sections only as recommendations)."""

    B = "B", "B: Special educational needs"
    F = "F", "F: Special educational provision"
    I = "I", "I: Placement"  # noqa: E741 - the Code's own letter
    C = "C", "C: Health needs"
    D = "D", "D: Social care needs"
    G = "G", "G: Health provision"
    H = "H", "H: Social care provision"


class Stage(models.TextChoices):
    """Where the dispute stands; stored so lists filter by it cheaply."""

    DECISION_NOTIFIED = "notified", "Family disagrees with the decision"
    MEDIATION = "mediation", "Mediation"
    CERTIFICATE = "certificate", "Certificate issued, appeal possible"
    APPEAL = "appeal", "Appeal registered"
    COMPLYING = "complying", "Council acting on the outcome"
    CLOSED = "closed", "Closed"


OPEN_STAGES = frozenset(
    {Stage.DECISION_NOTIFIED, Stage.MEDIATION, Stage.CERTIFICATE, Stage.APPEAL, Stage.COMPLYING}
)


class Outcome(models.TextChoices):
    """How the dispute ended."""

    MEDIATION_AGREED = "mediation_agreed", "Agreed at mediation"
    NOT_PURSUED = "not_pursued", "Not taken to appeal"
    WITHDRAWN = "withdrawn", "Appeal withdrawn by the family"
    UNOPPOSED = "unopposed", "Not opposed by the council (reg 45)"
    CONCEDED = "conceded", "Conceded by the council before the hearing"
    UPHELD = "upheld", "Upheld by the tribunal"
    PART_UPHELD = "part_upheld", "Partly upheld by the tribunal"
    DISMISSED = "dismissed", "Dismissed by the tribunal"


#: Outcomes decided at (or after) a hearing.
HEARING_OUTCOMES = frozenset({Outcome.UPHELD, Outcome.PART_UPHELD, Outcome.DISMISSED})
#: The council gave way before a hearing: the share the review reports.
CONCEDED_OUTCOMES = frozenset({Outcome.UNOPPOSED, Outcome.CONCEDED})
#: Outcomes that end an appeal.
APPEAL_OUTCOMES = frozenset({Outcome.WITHDRAWN, Outcome.UNOPPOSED, Outcome.CONCEDED, *HEARING_OUTCOMES})
#: Outcomes that need no appeal.
PRE_APPEAL_OUTCOMES = frozenset({Outcome.MEDIATION_AGREED, Outcome.NOT_PURSUED})


class OrderMade(models.TextChoices):
    """What the council must do (reg 44(2) orders, or what a reg 45 concession requires).
    Values match :class:`sendpath.law.clocks.OrderKind`."""

    NONE = "", "Nothing (no order)"
    DISMISS_CEASE_APPEAL = "dismiss_cease_appeal", "Cease the plan (cease appeal dismissed)"
    ASSESS = "assess", "Assess or re-assess"
    MAKE_PLAN = "make_plan", "Make and maintain a plan"
    RECONSIDER = "reconsider", "Reconsider and notify"
    AMEND_PLAN = "amend_plan", "Amend the plan"
    AMEND_SECTION_I = "amend_section_i", "Amend only the school named in section I"
    CONTINUE = "continue", "Continue to maintain the plan"
    CONTINUE_AND_AMEND = "continue_and_amend", "Continue to maintain and amend the plan"


class RootCause(models.TextChoices):
    """Why the dispute happened, as the team records it after the event. A short list on
    purpose: the outcomes review counts them, and text says the rest."""

    EVIDENCE = "evidence", "Evidence or advice not weighed properly"
    ADVICE_LATE = "advice_late", "Advice missing or late"
    VAGUE_PROVISION = "vague_provision", "Provision vague or not quantified"
    PLACEMENT_SUFFICIENCY = "sufficiency", "No suitable place available"
    COST = "cost", "Cost of the placement requested"
    COMMUNICATION = "communication", "Poor communication with the family"
    TIMELINESS = "timeliness", "Statutory deadlines missed"
    THRESHOLD = "threshold", "Threshold for assessment applied too strictly"
    HEALTH_SOCIAL_CARE = "health_social_care", "Health or social care input missing"
    OTHER = "other", "Other (see notes)"
