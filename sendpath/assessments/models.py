"""Requests for an EHC needs assessment, the advice asked for, and settings consulted.

Due dates come from ``sendpath.law.clocks`` and are stored as indexed columns, recomputed
by the services when the facts change, so lists sort by the next legal deadline without
computing anything per row.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from sendpath.assessments.workflow import Stage
from sendpath.plans.codes import NeedType


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
    next_due_for = models.CharField(
        max_length=40, blank=True, help_text="Which limit next_due is: a key of law.clocks.LIMITS."
    )
    clock_start_basis = models.CharField(
        max_length=16,
        choices=[("s36_request", "Request under CFA s36(1)"), ("s24_responsible", "Became responsible, s24")],
        default="s36_request",
    )
    reasons = models.TextField("Why an assessment is asked for", blank=True)
    primary_need = models.CharField(
        "Main area of need, as first described",
        max_length=4,
        blank=True,
        choices=NeedType.choices,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact_email = models.EmailField(blank=True, help_text="Where confirmations go, for online requests.")
    named_setting = models.ForeignKey(
        "organisations.Setting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    in_youth_accommodation = models.BooleanField(
        "In relevant youth accommodation when the request was made",
        default=False,
        help_text="SEN2 item 2.3 RYA (CFA 2014 s70).",
    )
    exported_to_la = models.CharField(
        "Moved to this local authority before the assessment finished",
        max_length=3,
        blank=True,
        help_text="SEN2 item 2.8 Exported: the new LA's 3-digit DfE number.",
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

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
    FAMILY = "family", "The family's views"
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
        "organisations.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="advice_requests",
    )
    setting = models.ForeignKey(
        "organisations.Setting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="advice_requests",
        help_text="For educational advice from the child's setting.",
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
    needs = models.TextField("Needs", blank=True)
    outcomes = models.TextField("Outcomes sought", blank=True)
    provision = models.TextField("Provision recommended", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chased_on = models.DateField(null=True, blank=True)
    escalated_on = models.DateField(null=True, blank=True)

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
    reason = models.TextField("Why the setting cannot meet the needs", blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on"]
        indexes = [models.Index(fields=["setting", "response", "due_on"])]


class ExceptionKind(models.TextChoices):
    """Reasons a limit need not be met (reg 10(4)(a)-(d), applied by regs 5(4) and 13(3)).

    An exception disapplies the limit; it never extends or pauses the clock
    (timescales.md 1.10). The original date is still shown, marked "exception applies".
    """

    REG10_4_A = "reg10_4_a", "School or college closed for 4 weeks or more, reg 10(4)(a)"
    REG10_4_B = "reg10_4_b", "Early years provider closed for 4 weeks or more, reg 10(4)(b)"
    REG10_4_C = "reg10_4_c", "Exceptional personal circumstances, reg 10(4)(c)"
    REG10_4_D = "reg10_4_d", "Away from the area for 4 weeks or more, reg 10(4)(d)"
    COVID_2020 = "covid_2020", "Coronavirus, SI 2020/471 (1 May to 25 September 2020 only)"


class ClockException(models.Model):
    """A recorded exception to the assessment's limits: a fact with dates and evidence."""

    request = models.ForeignKey(AssessmentRequest, on_delete=models.CASCADE, related_name="exceptions")
    kind = models.CharField(max_length=12, choices=ExceptionKind.choices)
    start_on = models.DateField()
    end_on = models.DateField()
    evidence = models.TextField()
    family_told_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__gte=models.F("start_on")), name="exception_ends_after_start"
            )
        ]


class Contribution(models.Model):
    """The family's and the child's views, for section A of the plan (reg 6(1)(a), 7)."""

    request = models.ForeignKey(AssessmentRequest, on_delete=models.CASCADE, related_name="contributions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    about = models.TextField("What people like and admire about the child", blank=True)
    hard = models.TextField("What is hard", blank=True)
    helps = models.TextField("What helps", blank=True)
    hopes = models.TextField("Hopes for the future", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]


def document_path(instance: Document, filename: str) -> str:
    """Files are stored by case, under a random name: the original name is kept in the row."""
    return f"cases/{instance.request_id}/{uuid.uuid4().hex}"


class Document(models.Model):
    """A file attached to a case: evidence with a request, an advice report, a drawing."""

    request = models.ForeignKey(AssessmentRequest, on_delete=models.CASCADE, related_name="documents")
    advice = models.ForeignKey(
        AdviceRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=document_path)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
