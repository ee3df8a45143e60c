"""The pages where people outside the council answer it: a professional's advice for an
assessment, and a school's answer to a consultation about being named in a plan.

The rule for who may open each page is the same as everywhere: someone who cannot see the
child (``people.selectors.visible_children``) gets 404, as if there were no such record,
and the attempt is kept in the audit trail; someone who can see the child but was not asked
gets 403. Every page shown is an audited read of the child's record; the answers are
written, and audited, by ``assessments.services``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sendpath.accounts.decorators import signed_in
from sendpath.accounts.roles import Role
from sendpath.assessments import services
from sendpath.assessments.models import (
    AdviceRequest,
    Consultation,
    ConsultationResponse,
    Document,
)
from sendpath.audit.models import AuditAction
from sendpath.audit.services import record, record_child_read
from sendpath.common.deadlines import due_state
from sendpath.common.errors import DomainError
from sendpath.common.forms import govuk_error_summary
from sendpath.common.http import refuse_as_not_found
from sendpath.common.uploads import REPORT_TYPES, check_file, display_name
from sendpath.law.clocks import LIMITS
from sendpath.people.selectors import visible_children

TEXT_LIMIT = 20_000


# -- reads, scoped to the user -------------------------------------------------------------------
# These belong with the other reads in ``assessments/selectors.py``; they live here while
# that module is being changed by other work, and can move as they are.
def advice_for(user: Any, pk: int) -> AdviceRequest | None:
    """An advice request about a child this user may see, or None."""
    return (
        AdviceRequest.objects.filter(pk=pk, request__child__in=visible_children(user))
        .select_related(
            "request", "request__child", "request__coordinator", "service", "setting", "professional"
        )
        .first()
    )


def consultation_for(user: Any, pk: int) -> Consultation | None:
    """A consultation about a child this user may see, or None."""
    return (
        Consultation.objects.filter(pk=pk, child__in=visible_children(user))
        .select_related("child", "child__setting", "setting", "request", "responded_by")
        .first()
    )


def _lock_unanswered(model: Any, pk: int, field: str, unanswered: Any) -> None:
    """Lock the row and check it is still unanswered, inside the answer's transaction.

    The page was read before the form was posted; two answers sent at the same moment
    would otherwise both pass that check and the second would overwrite the first. On
    PostgreSQL the row lock makes the second wait and then see the first; SQLite runs
    write transactions one at a time (``IMMEDIATE``), which does the same.
    """
    current = model.objects.select_for_update().filter(pk=pk).values_list(field, flat=True).first()
    if current != unanswered:
        raise DomainError("This has already been answered. It cannot be sent again.")


# -- the report file -------------------------------------------------------------------------------
class AdviceForm(forms.Form):
    """Reg 6 advice, structured as the plan needs it: needs (section B), outcomes sought
    (section E) and provision recommended (section F), with the professional's report."""

    needs = forms.CharField(
        label="The child's needs",
        help_text="What you found about their special educational needs, and the evidence.",
        widget=forms.Textarea,
        max_length=TEXT_LIMIT,
        error_messages={
            "required": "Describe the child's needs",
            "max_length": f"The child's needs must be {TEXT_LIMIT:,} characters or fewer",
        },
    )
    outcomes = forms.CharField(
        label="Outcomes sought (optional)",
        help_text="What the child should be able to do, by when.",
        widget=forms.Textarea,
        required=False,
        max_length=TEXT_LIMIT,
        error_messages={"max_length": f"Outcomes sought must be {TEXT_LIMIT:,} characters or fewer"},
    )
    provision = forms.CharField(
        label="Provision recommended",
        help_text="The support the child needs: what it is, who gives it, and how often.",
        widget=forms.Textarea,
        max_length=TEXT_LIMIT,
        error_messages={
            "required": "Describe the provision you recommend",
            "max_length": f"Provision recommended must be {TEXT_LIMIT:,} characters or fewer",
        },
    )
    report = forms.FileField(
        label="Your report (optional)",
        help_text="A PDF or Word (DOCX) file, smaller than 10MB.",
        required=False,
        error_messages={
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be uploaded: try again",
            "missing": "The selected file could not be uploaded: try again",
            "max_length": "The file's name must be 100 characters or fewer",
        },
    )

    def clean_report(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("report")
        if not upload:
            return None
        try:
            kind = check_file(upload, REPORT_TYPES)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc
        upload.sniffed_type = kind  # type: ignore[union-attr]
        return upload


def attach_report(
    *, user: Any, advice: AdviceRequest, upload: UploadedFile, request: HttpRequest
) -> Document:
    """Store the report with the advice, under a random name, and audit it.

    Called inside the same transaction as ``services.submit_advice``, so advice and report
    arrive together or not at all.
    """
    name = display_name(upload.name or "report", 150)
    document = Document.objects.create(
        request=advice.request,
        advice=advice,
        title=f"{advice.get_kind_display()} report: {name}"[:200],
        file=upload,
        content_type=upload.sniffed_type,  # type: ignore[attr-defined]
        size=upload.size or 0,
        uploaded_by=user,
    )
    record(
        user=user,
        action=AuditAction.CREATE,
        obj=document,
        child_id=advice.request.child_id,
        local_authority_id=advice.request.local_authority_id,
        summary="Advice report attached",
        changes={"content_type": document.content_type, "size": document.size},
        request=request,
    )
    return document


# -- the professional's advice -----------------------------------------------------------------------
@signed_in
def give_advice(request: HttpRequest, pk: int) -> HttpResponse:
    """The advice form for the professional asked (or their service while unassigned, or
    the SENCO for educational advice). Once given, the page shows what was sent."""
    advice = advice_for(request.user, pk)
    if advice is None:
        refuse_as_not_found(
            request,
            AdviceRequest.objects.filter(pk=pk)
            .values_list("request__child_id", "request__local_authority_id")
            .first(),
        )
    if not services.may_give_advice(request.user, advice):
        raise PermissionDenied("You have not been asked for this advice.")
    child = advice.request.child
    record_child_read(request, child, "Advice request", obj=advice)
    posted = request.method == "POST"
    form = AdviceForm(request.POST if posted else None, request.FILES if posted else None)
    refusal = None
    if request.method == "POST":
        if advice.received_on is not None:
            refusal = "This advice has already been given. It cannot be sent again."
        elif form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    _lock_unanswered(AdviceRequest, advice.pk, "received_on", None)
                    services.submit_advice(
                        user=request.user,
                        advice=advice,
                        needs=data["needs"],
                        outcomes=data["outcomes"],
                        provision=data["provision"],
                        request=request,
                    )
                    if data["report"]:
                        attach_report(
                            user=request.user, advice=advice, upload=data["report"], request=request
                        )
            except DomainError as exc:
                for field, message in exc.errors.items() or [(None, exc.message)]:
                    form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, "Your advice has been sent to the EHC coordinator.")
                return redirect("advice:give", pk=advice.pk)
    errors = govuk_error_summary(form)
    if refusal:
        errors = {"titleText": "There is a problem", "errorList": [{"text": refusal}]}
    today = timezone.localdate()
    return render(
        request,
        "assessments/advice/give.html",
        {
            "advice": advice,
            "child": child,
            "case": advice.request,
            "form": form,
            "errors": errors,
            "state": due_state(advice.due_on, today, done=advice.received_on is not None),
            "asked_of": advice.service.name
            if advice.service_id
            else (advice.setting.name if advice.setting_id else ""),  # type: ignore[union-attr]
            "documents": list(advice.documents.all()) if advice.received_on else [],
            "reselect_file": bool(request.FILES) and form.is_bound and bool(form.errors),
            "law": LIMITS["advice_due"],
        },
    )


# -- the school's answer to a consultation ---------------------------------------------------------
class ConsultationForm(forms.Form):
    response = forms.ChoiceField(
        choices=[
            (str(ConsultationResponse.CAN_MEET), "Yes, we can meet the child's needs"),
            (str(ConsultationResponse.CANNOT_MEET), "No, we cannot meet the child's needs"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether your school can meet the child's needs"},
    )
    reason = forms.CharField(
        label="Why can your school not meet the child's needs?",
        help_text="Only if your answer is no. The council considers your reasons before it decides "
        "whether to name your school.",
        widget=forms.Textarea,
        required=False,
        max_length=TEXT_LIMIT,
        error_messages={"max_length": f"The reason must be {TEXT_LIMIT:,} characters or fewer"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("response") == ConsultationResponse.CANNOT_MEET and not data.get("reason", "").strip():
            self.add_error("reason", "Say why your school cannot meet the child's needs")
        return data


def _answers_for(user: Any, consultation: Consultation) -> bool:
    """The SENCO of the setting consulted answers for it."""
    return getattr(user, "role", None) == Role.SENCO and user.setting_id == consultation.setting_id


@signed_in
def answer_consultation(request: HttpRequest, pk: int) -> HttpResponse:
    """The school consulted says whether it can meet the child's needs (CFA s39)."""
    consultation = consultation_for(request.user, pk)
    if consultation is None:
        refuse_as_not_found(
            request,
            Consultation.objects.filter(pk=pk).values_list("child_id", "child__local_authority_id").first(),
        )
    if not _answers_for(request.user, consultation):
        raise PermissionDenied("Only the school consulted can answer this consultation.")
    child = consultation.child
    record_child_read(request, child, "Consultation", obj=consultation)
    form = ConsultationForm(request.POST if request.method == "POST" else None)
    refusal = None
    if request.method == "POST":
        if consultation.response != ConsultationResponse.AWAITING:
            refusal = "Your school has already answered this consultation."
        elif form.is_valid():
            try:
                with transaction.atomic():
                    _lock_unanswered(Consultation, consultation.pk, "response", ConsultationResponse.AWAITING)
                    services.respond_to_consultation(
                        user=request.user,
                        consultation=consultation,
                        response=form.cleaned_data["response"],
                        reason=form.cleaned_data["reason"],
                        request=request,
                    )
            except DomainError as exc:
                for field, message in exc.errors.items() or [(None, exc.message)]:
                    form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, "Your answer has been sent to the council.")
                return redirect("advice:consultation", pk=consultation.pk)
    errors = govuk_error_summary(form)
    if refusal:
        errors = {"titleText": "There is a problem", "errorList": [{"text": refusal}]}
    today = timezone.localdate()
    answered = consultation.response != ConsultationResponse.AWAITING
    return render(
        request,
        "assessments/consultation/answer.html",
        {
            "consultation": consultation,
            "child": child,
            "form": form,
            "errors": errors,
            "answered": answered,
            "state": due_state(consultation.due_on, today, done=answered),
            "law": LIMITS["consultation_reply_due"],
        },
    )
