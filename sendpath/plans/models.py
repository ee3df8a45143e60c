"""EHC plans and their versions.

A plan is the long-lived record; each issued version is an immutable document. Sections
A to K arrive with the plan-writing work; this module holds what every other part of the
service needs: who the plan is for, when it was made and reviewed, and when the next
review is legally due.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sendpath.plans.codes import CeaseReason, NeedType


class PlanStatus(models.TextChoices):
    ACTIVE = "active", "Maintained"
    CEASED = "ceased", "Ceased"


class Plan(models.Model):
    """A child's EHC plan, maintained by one local authority."""

    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="plans"
    )
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="plans")
    request = models.OneToOneField(
        "assessments.AssessmentRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan",
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
    )
    status = models.CharField(max_length=8, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    first_issued_on = models.DateField()
    last_reviewed_on = models.DateField(null=True, blank=True)
    review_due = models.DateField(
        null=True, blank=True, help_text="CFA 2014 s44(1): last day for the next review."
    )
    primary_need = models.CharField(max_length=4, choices=NeedType.choices)
    secondary_need = models.CharField(max_length=4, choices=NeedType.choices, blank=True)
    ceased_on = models.DateField(null=True, blank=True)
    cease_reason = models.CharField(max_length=1, choices=CeaseReason.choices, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["review_due"]
        indexes = [
            models.Index(fields=["local_authority", "status", "review_due"]),
            models.Index(fields=["coordinator", "status", "review_due"]),
        ]

    def __str__(self) -> str:
        return f"EHC plan for {self.child}"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"


class PlanVersion(models.Model):
    """One version of a plan's document. Once issued it is never edited."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=8, choices=VersionStatus.choices)
    issued_on = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_number_per_version")]
