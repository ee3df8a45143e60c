"""Annual reviews of EHC plans (CFA 2014 s44; SEND Regs 2014 regs 18 to 22)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sendpath.plans.codes import CeaseReason


class ReviewDecision(models.TextChoices):
    """SEN2 item 5.4c ReviewOutcome."""

    MAINTAIN = "M", "Maintain the plan"
    AMEND = "A", "Amend the plan"
    CEASE = "C", "Cease the plan"


class ReviewStage(models.TextChoices):
    CONVENED = "convened", "Meeting arranged"
    HELD = "held", "Meeting held"
    REPORTED = "reported", "Report sent"
    DECIDED = "decided", "Decision made"


#: Who a reg 20(2) review meeting must invite. A reg 21 review (a child or young person who
#: attends no school or other institution) invites the same people but the setting.
INVITEES = {
    "family": "The child's parent, or the young person",
    "setting": "The head teacher, principal or early years provider (or the SENCO)",
    "la_officer": "An officer of the council who runs its special educational provision",
    "health": "A health care professional named by the health body",
    "social_care": "An officer of the council who runs its social care for children",
}


class AnnualReview(models.Model):
    """One review of a plan: the meeting, the report, then the LA's decision within 4 weeks."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="reviews")
    due_on = models.DateField(help_text="The s44 last day this review answers.")
    convened_by = models.ForeignKey(
        "organisations.Setting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="convened_reviews",
    )
    meeting_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=1, choices=ReviewDecision.choices, blank=True)
    decision_due = models.DateField(null=True, blank=True, help_text="4 weeks from the meeting")
    decided_on = models.DateField(null=True, blank=True)

    stage = models.CharField(max_length=8, choices=ReviewStage.choices, default=ReviewStage.CONVENED)
    regulation = models.PositiveSmallIntegerField(
        default=20, help_text="20: attends a school or institution; 21: does not, so the LA convenes"
    )
    convened_on = models.DateField(null=True, blank=True)
    convened_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited = models.JSONField(default=list, blank=True, help_text="Keys of INVITEES invited")
    notice_latest = models.DateField(null=True, blank=True, help_text="Meeting - 14 days")
    held_on = models.DateField(null=True, blank=True)
    child_views = models.TextField(blank=True)
    family_views = models.TextField(blank=True)
    professional_views = models.TextField(blank=True)
    report_due = models.DateField(null=True, blank=True)
    report_sent_on = models.DateField(null=True, blank=True)
    recommendation = models.CharField(max_length=1, choices=ReviewDecision.choices, blank=True)
    report_text = models.TextField(blank=True)
    progress = models.JSONField(default=list, blank=True, help_text="Outcome summaries at report time")
    decision_notes = models.TextField(blank=True)
    proposals_sent_on = models.DateField(null=True, blank=True)
    final_amended_due = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "due_on"]
        indexes = [models.Index(fields=["plan", "due_on"])]

    @property
    def meeting_date(self):  # noqa: ANN201
        """The day the clocks run from: the meeting as held, else as arranged."""
        return self.held_on or self.meeting_on

    @property
    def is_open(self) -> bool:
        return self.stage != ReviewStage.DECIDED


class CeaseStage(models.TextChoices):
    """Regulation 31's steps. There is no statutory time limit for them (timescales.md 5), so
    they are states, not deadlines; the appeal window after the notice is the only clock."""

    PROPOSED = "proposed", "Proposal sent to the family"
    CONSULTED = "consulted", "Family and setting consulted"
    NOTICE_SENT = "notice", "Decision to cease sent, with appeal rights"
    KEPT = "kept", "Decided to keep the plan"
    CEASED = "ceased", "Plan ceased"


class CeaseDecision(models.TextChoices):
    CEASE = "cease", "Cease the plan"
    KEEP = "keep", "Keep the plan"


class Cessation(models.Model):
    """Ceasing a plan (CFA 2014 s45; SEND Regs 2014 regs 29 to 32): the proposal, the
    consultation of the family and the named setting, the decision, and the notice with
    appeal rights. The plan stays in force until the appeal window has closed with no appeal
    pending; only then does ``cease`` stop it."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="cessations")
    review = models.ForeignKey(
        AnnualReview, null=True, blank=True, on_delete=models.SET_NULL, related_name="cessations"
    )
    reason = models.CharField(max_length=1, choices=CeaseReason.choices)
    stage = models.CharField(max_length=9, choices=CeaseStage.choices, default=CeaseStage.PROPOSED)
    proposed_on = models.DateField()
    grounds = models.TextField(help_text="Why the council is considering ceasing (s45(1)).")
    family_consulted_on = models.DateField(null=True, blank=True)
    family_views = models.TextField(blank=True)
    setting_consulted_on = models.DateField(null=True, blank=True)
    setting_views = models.TextField(blank=True)
    decision = models.CharField(max_length=5, choices=CeaseDecision.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decision_notes = models.TextField(blank=True)
    notice_sent_on = models.DateField(null=True, blank=True)
    appeal_deadline = models.DateField(null=True, blank=True, help_text="HESC r20(1)(c), from the notice")
    appeal_window_ends = models.DateField(
        null=True, blank=True, help_text="With the August and Christmas extensions"
    )
    ceased_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "proposed_on", "pk"]
        indexes = [models.Index(fields=["stage", "appeal_window_ends"])]

    @property
    def is_open(self) -> bool:
        return self.stage in {CeaseStage.PROPOSED, CeaseStage.CONSULTED, CeaseStage.NOTICE_SENT}


class PlannedMove(models.Model):
    """A young person's move between post-16 institutions at a time other than the start of
    the academic year (reg 18(2)): the plan must be reviewed, and amended where needed, at
    least five months before the move. Recorded by the council when it learns of the move."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="planned_moves")
    move_on = models.DateField(help_text="The day the young person is to start at the new institution.")
    review_by = models.DateField(help_text="Reg 18(2): move - 5 months (rule M backwards).")
    to_setting = models.ForeignKey(
        "organisations.Setting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notes = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_on = models.DateField()

    class Meta:
        ordering = ["review_by", "pk"]
        indexes = [models.Index(fields=["review_by"])]
