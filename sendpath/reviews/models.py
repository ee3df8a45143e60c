"""Annual reviews of EHC plans (CFA 2014 s44; SEND Regs 2014 regs 18 to 22)."""

from __future__ import annotations

from django.db import models


class ReviewDecision(models.TextChoices):
    """SEN2 item 5.4c ReviewOutcome."""

    MAINTAIN = "M", "Maintain the plan"
    AMEND = "A", "Amend the plan"
    CEASE = "C", "Cease the plan"


class AnnualReview(models.Model):
    """One review of a plan: the meeting, then the LA's decision within 4 weeks."""

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

    class Meta:
        ordering = ["plan", "due_on"]
        indexes = [models.Index(fields=["plan", "due_on"])]
