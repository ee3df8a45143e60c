"""Requests for an EHC needs assessment, the advice asked for, and settings consulted.

Due dates come from ``sendpath.law.clocks`` and are stored as indexed columns, recomputed
by the services when the facts change, so lists sort by the next legal deadline without
computing anything per row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sendpath.assessments.workflow import Stage


class RequestSource(models.TextChoices):
    """SEN2 item 2.2."""

    FAMILY = "1", "Parent or young person"
    SETTING = "2", "School or other education setting"
    HEALTH = "3", "Health professional"
    SOCIAL_CARE = "4", "Social care professional"
    OTHER = "5", "Other"


class AssessmentRequest(models.Model):
    """One request for an EHC needs assessment and its journey to a plan (or not)."""

    reference = models.CharField(max_length=16, unique=True)
    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="requests"
    )
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="requests")
    received_on = models.DateField(help_text="The statutory clocks start on this day.")
    source = models.CharField(max_length=1, choices=RequestSource.choices)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessment_cases",
    )
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.RECEIVED)
    decision_due = models.DateField(help_text="6 weeks: reg 5(1)")
    no_plan_due = models.DateField(help_text="16 weeks: reg 10(1)")
    final_due = models.DateField(help_text="20 weeks: reg 13(2)")
    next_due = models.DateField(null=True, blank=True, help_text="The next legal deadline.")
    decided_to_assess_on = models.DateField(null=True, blank=True)
    decided_not_to_assess_on = models.DateField(null=True, blank=True)
    decided_to_issue_on = models.DateField(null=True, blank=True)
    decided_not_to_issue_on = models.DateField(null=True, blank=True)
    draft_sent_on = models.DateField(null=True, blank=True)
    final_issued_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["next_due", "received_on"]
        indexes = [
            models.Index(fields=["local_authority", "stage", "next_due"]),
            models.Index(fields=["coordinator", "stage", "next_due"]),
            models.Index(fields=["local_authority", "received_on"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class StageChange(models.Model):
    """One move of a request from one stage to another: the case's history."""

    request = models.ForeignKey(AssessmentRequest, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=16, choices=Stage.choices)
    on = models.DateField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["on", "pk"]


class AdviceKind(models.TextChoices):
    """The advice reg 6(1) requires the LA to seek."""

    EDUCATIONAL = "educational", "Educational advice"
    MEDICAL = "medical", "Medical advice"
    PSYCHOLOGICAL = "psychological", "Psychological advice"
    SOCIAL_CARE = "social_care", "Social care advice"
    OTHER = "other", "Other advice"


class AdviceRequest(models.Model):
    """Advice asked of a service for an assessment (reg 6), due within 6 weeks (reg 8(1)).

    It is addressed to a service and may be assigned to one professional in it. The
    professional (or, until assigned, the service) may see the child.
    """

    request = models.ForeignKey(AssessmentRequest, on_delete=models.CASCADE, related_name="advice_requests")
    kind = models.CharField(max_length=16, choices=AdviceKind.choices)
    service = models.ForeignKey(
        "organisations.Service", on_delete=models.PROTECT, related_name="advice_requests"
    )
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advice_requests",
    )
    requested_on = models.DateField()
    due_on = models.DateField(db_index=True)
    received_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on"]
        indexes = [models.Index(fields=["professional", "received_on", "due_on"])]


class ConsultationResponse(models.TextChoices):
    AWAITING = "awaiting", "Awaiting reply"
    CAN_MEET = "can_meet", "Can meet needs"
    CANNOT_MEET = "cannot_meet", "Cannot meet needs"


class Consultation(models.Model):
    """A setting consulted about being named in a child's plan (CFA s39(2))."""

    request = models.ForeignKey(
        AssessmentRequest,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consultations",
    )
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="consultations")
    setting = models.ForeignKey(
        "organisations.Setting", on_delete=models.PROTECT, related_name="consultations"
    )
    sent_on = models.DateField()
    due_on = models.DateField(help_text="15 days, by the Code of Practice")
    response = models.CharField(
        max_length=12, choices=ConsultationResponse.choices, default=ConsultationResponse.AWAITING
    )
    responded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on"]
        indexes = [models.Index(fields=["setting", "response", "due_on"])]
