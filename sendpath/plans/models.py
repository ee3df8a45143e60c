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
    DRAFT = "draft", "Being drafted"
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
    first_issued_on = models.DateField(
        null=True, blank=True, help_text="Empty while the first plan is a draft."
    )
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
    """One version of a plan's document. Once issued it is never edited: an amendment starts
    a new draft copied from the current version, issued as the next number."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=8, choices=VersionStatus.choices)
    issued_on = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    based_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The version this draft was copied from.",
    )
    draft_sent_on = models.DateField(null=True, blank=True, help_text="Served to the family (reg 13(1)).")
    named_setting = models.ForeignKey(
        "organisations.Setting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_number_per_version")]


class Section(models.TextChoices):
    """The sections of an EHC plan (SEND Code of Practice 9.62; SEND Regulations 2014 reg 12)."""

    A = "A", "A: Views, interests and aspirations"
    B = "B", "B: Special educational needs"
    C = "C", "C: Health needs"
    D = "D", "D: Social care needs"
    E = "E", "E: Outcomes"
    F = "F", "F: Special educational provision"
    G = "G", "G: Health provision"
    H1 = "H1", "H1: Social care provision under the Chronically Sick and Disabled Persons Act"
    H2 = "H2", "H2: Other social care provision"
    I = "I", "I: Placement"  # noqa: E741 - the Code's own letter
    J = "J", "J: Personal budget"
    K = "K", "K: Advice and information"


TEXT_SECTIONS = (Section.A, Section.C, Section.D, Section.I, Section.J)


class SectionText(models.Model):
    """The free text of one section of one version. ``revision`` detects concurrent edits
    section by section: two people may write different sections of a draft at once."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="texts")
    section = models.CharField(max_length=2, choices=Section.choices)
    text = models.TextField(blank=True)
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["version", "section"]
        constraints = [models.UniqueConstraint(fields=["version", "section"], name="one_text_per_section")]


class NeedArea(models.TextChoices):
    """The four broad areas of need (SEND Code of Practice 6.28)."""

    COMMUNICATION = "communication", "Communication and interaction"
    COGNITION = "cognition", "Cognition and learning"
    SEMH = "semh", "Social, emotional and mental health"
    SENSORY_PHYSICAL = "sensory_physical", "Sensory and/or physical"


class DraftLine(models.Model):
    """What every editable line of a draft carries: a revision, so that two people changing
    the same line at once are told, and the second keeps what they typed."""

    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class Need(DraftLine):
    """One special educational need in section B. ``key`` stays the same across versions."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="needs")
    key = models.CharField(max_length=32)
    area = models.CharField(max_length=20, choices=NeedArea.choices)
    description = models.TextField()
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "order", "pk"]


class Outcome(DraftLine):
    """A section E outcome: specific, with a time frame, linked to the needs it addresses.
    ``key`` is stable across versions, so school targets and progress follow the outcome."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="outcomes")
    key = models.CharField(max_length=32)
    text = models.TextField()
    timeframe = models.CharField(max_length=100, help_text="For example: by the end of Year 6")
    achieve_by = models.DateField(null=True, blank=True)
    needs = models.ManyToManyField(Need, blank=True, related_name="outcomes")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "order", "pk"]


class ProvisionSection(models.TextChoices):
    F = "F", "Special educational provision (F)"
    G = "G", "Health provision (G)"
    H1 = "H1", "Social care provision (H1)"
    H2 = "H2", "Social care provision (H2)"


class Provision(DraftLine):
    """One line of provision: what, who delivers it, how often, for how long and where,
    linked to the outcomes it serves."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="provision")
    key = models.CharField(max_length=32)
    section = models.CharField(max_length=2, choices=ProvisionSection.choices, default=ProvisionSection.F)
    what = models.TextField()
    who = models.CharField("Delivered by", max_length=200, blank=True)
    frequency = models.CharField("How often", max_length=200, blank=True)
    duration = models.CharField("For how long", max_length=200, blank=True)
    where = models.CharField(max_length=200, blank=True)
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="provision")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["version", "section", "order", "pk"]


class AdviceReference(models.Model):
    """Section K: the advice and information gathered for the assessment, listed."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="advice")
    advice = models.ForeignKey(
        "assessments.AdviceRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=200)
    given_by = models.CharField(max_length=200, blank=True)
    given_on = models.DateField(null=True, blank=True)
    referenced = models.BooleanField(default=False, help_text="Used in the plan's text")

    class Meta:
        ordering = ["version", "given_on", "pk"]


class DraftComment(models.Model):
    """The family's comment on a draft, within the 15 days (reg 13(1)), kept with the draft.
    A comment may ask for a setting to be named (CFA s38(2)(b))."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="comments")
    section = models.CharField(max_length=2, choices=Section.choices, blank=True)
    text = models.TextField()
    requested_setting = models.ForeignKey(
        "organisations.Setting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    received_on = models.DateField(null=True, blank=True, help_text="When the council received it")
    late = models.BooleanField(default=False, help_text="Received after the 15 days closed")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The council officer who recorded a comment sent by post, email or phone",
    )

    class Meta:
        ordering = ["created_at"]
