"""Mediation and tribunal cases.

One ``Dispute`` follows one disagreement about one decision from the written notice of the
decision, through mediation (or the certificate that says none was wanted), to an appeal to
the First-tier Tribunal (SEND), its outcome, and the council carrying out what was ordered.
Keeping it one record means the family's whole route is one timeline and every clock on it
(mediation contact, certificate, appeal deadline, reg 44 or 45 compliance) hangs off dates
stored here. Costs are not stored here: they are ledger lines in ``sendpath.funding`` that
name the dispute, because finance owns the money (funding.md 3.1).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sendpath.disputes.codes import (
    DecisionAppealed,
    DisputeKind,
    OrderMade,
    Outcome,
    Stage,
)


class Dispute(models.Model):
    """A family's mediation and (if it goes that far) tribunal appeal about one decision."""

    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="disputes"
    )
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="disputes")
    plan = models.ForeignKey(
        "plans.Plan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="disputes",
        help_text="The plan the decision was about, when there is one.",
    )
    request = models.ForeignKey(
        "assessments.AssessmentRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="disputes",
        help_text="The assessment case the decision was made in, when there is one.",
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="disputes",
    )
    kind = models.CharField(max_length=10, choices=DisputeKind.choices, default=DisputeKind.MEDIATION)
    decision_appealed = models.CharField(max_length=20, choices=DecisionAppealed.choices)
    sections = models.CharField(
        max_length=20, blank=True, help_text="Plan sections disputed, comma separated (B,F,I)."
    )
    tribunal_reference = models.CharField(max_length=30, blank=True)

    # The dates, in the order they happen (services check the order).
    decision_sent_on = models.DateField(help_text="Written notice of the decision was sent.")
    mediation_contacted_on = models.DateField(null=True, blank=True)
    mediation_wanted = models.BooleanField(null=True, blank=True)
    mediation_held_on = models.DateField(null=True, blank=True)
    certificate_issued_on = models.DateField(null=True, blank=True)
    appeal_lodged_on = models.DateField(null=True, blank=True)
    response_sent_on = models.DateField(
        null=True, blank=True, help_text="The council sent its response to the appeal."
    )
    unopposed_notified_on = models.DateField(
        null=True, blank=True, help_text="The council told the tribunal it will not oppose (reg 45)."
    )
    hearing_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(
        null=True, blank=True, help_text="The tribunal's decision or order, or the outcome agreed."
    )

    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    order_made = models.CharField(max_length=20, choices=OrderMade.choices, blank=True)
    order_details = models.TextField(blank=True, help_text="What the council must do, in words.")
    root_causes = models.JSONField(default=list, blank=True)
    root_cause_notes = models.TextField(blank=True)

    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.DECISION_NOTIFIED)
    closed_on = models.DateField(null=True, blank=True)
    # The earliest open deadline, kept by the services so lists sort and count breaches in SQL.
    next_due = models.DateField(null=True, blank=True)
    next_due_label = models.CharField(max_length=100, blank=True)

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["next_due", "decision_sent_on"]
        indexes = [
            models.Index(fields=["local_authority", "stage", "next_due"]),
            models.Index(fields=["coordinator", "stage", "next_due"]),
            models.Index(fields=["plan", "stage"]),
            models.Index(fields=["child", "stage"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_decision_appealed_display()}"

    @property
    def section_list(self) -> list[str]:
        return [s for s in self.sections.split(",") if s]

    @property
    def is_open(self) -> bool:
        return self.stage != Stage.CLOSED


class StepStatus(models.TextChoices):
    OPEN = "open", "To do"
    DONE = "done", "Done"
    NOT_NEEDED = "not_needed", "Not needed"


class OrderStep(models.Model):
    """One thing the council must do after an order (reg 44) or a concession (reg 45), with
    its last day from the law module. Stored, so the compliance clocks of every case can be
    listed and counted without recomputing them."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=24, help_text="sendpath.law.clocks.Step value")
    due = models.DateField()
    citation = models.CharField(max_length=80)
    status = models.CharField(max_length=10, choices=StepStatus.choices, default=StepStatus.OPEN)
    done_on = models.DateField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["dispute", "order"]
        constraints = [models.UniqueConstraint(fields=["dispute", "step"], name="one_step_per_dispute")]
