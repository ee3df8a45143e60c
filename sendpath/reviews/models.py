"""Annual reviews of EHC plans (CFA 2014 s44; SEND Regs 2014 regs 18 to 22)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


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


#: Who a reg 20(2) review meeting must invite.
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
