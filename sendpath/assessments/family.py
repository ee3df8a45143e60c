"""Signed-in pages about one child: the family's views and the child's for section A, the
family's documents, the download of any document on a case, and a school's request for an
assessment with its evidence.

Why these pages exist: the law puts the family's views at the start of the plan (section A,
reg 6(1)(a) and 7); families had no way to send a drawing or a letter except by post; and a
school's request is only as good as the evidence it attaches. Each page is for one kind of
person: anyone else who can see the child is refused (403), and anyone who cannot is told
there is no such record (404), which the audit trail keeps.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from sendpath.accounts.decorators import signed_in
from sendpath.accounts.roles import Role
from sendpath.assessments import intake, services
from sendpath.assessments.intake import TEXT_MAX
from sendpath.assessments.models import AssessmentRequest, Document
from sendpath.assessments.online import posted
from sendpath.assessments.views import case_or_404
from sendpath.audit.services import record_child_read
from sendpath.common import uploads
from sendpath.common.errors import DomainError
from sendpath.common.forms import govuk_error_summary, govuk_field
from sendpath.common.http import refuse_as_not_found
from sendpath.people.selectors import can_see_child, visible_children
from sendpath.people.views import visible_child_or_404

TOO_LONG = f"Your answer must be {TEXT_MAX:,} characters or less"


def _family_case(request: HttpRequest, pk: int) -> AssessmentRequest:
    """The case, if the user may see its child and is its family; 404 or 403 otherwise."""
    case = case_or_404(request, pk)
    if not intake.is_family(request.user, case.child):
        raise PermissionDenied("Only the child's family can use this page.")
    return case


def _apply(form: forms.Form, exc: DomainError) -> None:
    for field, message in exc.errors.items() or [(None, exc.message)]:
        form.add_error(field if field in form.fields else None, message)


class ViewsForm(forms.Form):
    """Section A's four questions, in the child's words or the family's."""

    about = forms.CharField(required=False, widget=forms.Textarea, max_length=TEXT_MAX)
    hard = forms.CharField(required=False, widget=forms.Textarea, max_length=TEXT_MAX)
    helps = forms.CharField(required=False, widget=forms.Textarea, max_length=TEXT_MAX)
    hopes = forms.CharField(required=False, widget=forms.Textarea, max_length=TEXT_MAX)

    def __init__(self, *args: Any, name: str, you: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            "about": f"What do people like and admire about {name}?",
            "hard": f"What {'do' if you else 'does'} {name} find hard?",
            "helps": f"What helps {name}?",
            "hopes": f"What are {name}'s hopes for the future, and yours?"
            if not you
            else "What are your hopes for the future?",
        }
        for field, label in labels.items():
            self.fields[field].label = label
            self.fields[field].error_messages["max_length"] = TOO_LONG

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        return {k: intake.clean_text(v) if isinstance(v, str) else v for k, v in data.items()}


def _textareas(form: forms.Form) -> list[dict[str, Any]]:
    return [govuk_field(bound, maxlength=TEXT_MAX) for bound in form]


@signed_in
def add_views(request: HttpRequest, pk: int) -> HttpResponse:
    """The family's views and the child's, for section A of the plan."""
    case = _family_case(request, pk)
    child = case.child
    you = child.user_id == request.user.pk
    name = "you" if you else child.first_name
    form = ViewsForm(posted(request), name=name, you=you)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_contribution(user=request.user, case=case, request=request, **form.cleaned_data)
        except DomainError as exc:
            _apply(form, exc)
        else:
            messages.success(request, "Thank you. Your views have been added to the request.")
            return redirect("assessments:case", pk=case.pk)
    record_child_read(request, child, "Family views form", obj=case)
    return render(
        request,
        "assessments/family/views.html",
        {
            "case": case,
            "you": you,
            "form": form,
            "fields": _textareas(form),
            "errors": govuk_error_summary(form),
            "earlier": case.contributions.filter(author=request.user).count(),
        },
    )


class DocumentForm(forms.Form):
    title = forms.CharField(
        label="What is it?",
        max_length=200,
        help_text="For example, a drawing by Sam, or a letter from the doctor.",
        error_messages={
            "required": "Enter what the document is",
            "max_length": "What it is must be 200 characters or less",
        },
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="A photo (JPG or PNG) or a PDF, smaller than 10 MB.",
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty: choose another file",
        },
    )


@signed_in
def documents(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a document to the case, and see the documents on it."""
    case = _family_case(request, pk)
    form = DocumentForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            intake.add_family_document(
                user=request.user,
                case=case,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                request=request,
            )
        except DomainError as exc:
            _apply(form, exc)
        else:
            messages.success(request, "Your document has been added.")
            return redirect("online:documents", pk=case.pk)
    record_child_read(request, case.child, "Case documents", obj=case)
    title = govuk_field(form["title"], classes="govuk-!-width-two-thirds")
    upload = govuk_field(form["file"], attributes={"accept": ".jpg,.jpeg,.png,.pdf"})
    upload.pop("value", None)
    rows = [
        {
            "d": d,
            "href": reverse("online:download", args=[d.pk]),
            "type": uploads.EXTENSIONS.get(d.content_type, ""),
        }
        for d in case.documents.select_related("uploaded_by").order_by("-uploaded_at")
    ]
    return render(
        request,
        "assessments/family/documents.html",
        {
            "case": case,
            "form": form,
            "title_field": title,
            "file_field": upload,
            "rows": rows,
            "errors": govuk_error_summary(form),
        },
    )


def _download_name(document: Document) -> str:
    """A safe file name from the title, with the extension of the type it really is."""
    stem = "".join(c if c.isalnum() or c in " -_" else "_" for c in document.title).strip() or "document"
    return f"{stem[:80]}.{uploads.EXTENSIONS.get(document.content_type, 'bin')}"


@signed_in
def download(request: HttpRequest, pk: int) -> HttpResponse:
    """One document, to those who may see the child and are the council, the family or the
    uploader. Every download is audited. Served as an attachment, never shown inline, so a
    file cannot run as a page of this site."""
    document = Document.objects.select_related("request__child").filter(pk=pk).first()
    if document is None:
        raise Http404("No such document")
    child = document.request.child
    if not can_see_child(request.user, child):
        refuse_as_not_found(request, (child.pk, child.local_authority_id))
    if not intake.may_download(request.user, document):
        raise PermissionDenied("You cannot download this document.")
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The file is missing") from exc
    record_child_read(request, child, "Document downloaded", obj=document)
    response = FileResponse(
        handle, as_attachment=True, filename=_download_name(document), content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# -- a school's request ------------------------------------------------------------------------
class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """One or more files; each is judged by ``uploads.check_files``."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(EvidenceField, self).clean(f, initial) for f in files]


def _text(label: str, hint: str, required: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        widget=forms.Textarea,
        max_length=TEXT_MAX,
        error_messages={"required": required, "max_length": TOO_LONG},
    )


class SchoolRequestForm(forms.Form):
    reasons = _text(
        "Why is the school asking for an assessment?",
        "The child's needs, and why the support the school can give is not enough.",
        "Say why the school is asking for an assessment",
    )
    support = _text(
        "What support has the school already given?",
        "The SEN support in place, for how long, and what difference it made.",
        "Describe the support the school has already given",
    )
    provision = _text(
        "Costed provision",
        "Each kind of provision, how often, and what it costs each year.",
        "Describe the provision the school has made and what it costs",
    )
    evidence = EvidenceField(
        label="Evidence",
        help_text="PDF, Word (DOCX), JPG or PNG files, each smaller than 10 MB.",
        error_messages={
            "required": "Select at least one file of evidence",
            "empty": "The selected file is empty: choose another file",
        },
    )


@signed_in
def school_request(request: HttpRequest, pk: int) -> HttpResponse:
    """A SENCO asks for an assessment for a pupil on the school's roll, with evidence."""
    user: Any = request.user
    child = visible_child_or_404(request, pk, visible_children(user).select_related("setting"))
    if user.role != Role.SENCO or child.setting_id != user.setting_id:
        raise PermissionDenied("Only the SENCO of the child's school can ask for an assessment here.")
    sent = request.session.get("school_request_sent")
    if request.method == "GET" and request.GET.get("sent") and sent and sent.get("child") == child.pk:
        record_child_read(request, child, "Assessment request sent")
        return render(request, "assessments/online/school_sent.html", {"child": child, "sent": sent})
    form = SchoolRequestForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            case, warnings = intake.submit_setting_request(
                user=user, child=child, files=form.cleaned_data["evidence"], request=request,
                **{k: form.cleaned_data[k] for k in ("reasons", "support", "provision")},
            )  # fmt: skip
        except DomainError as exc:
            _apply(form, exc)
        else:
            request.session["school_request_sent"] = {
                "child": child.pk, "reference": case.reference, "warnings": warnings,
                "decision_due": f"{case.decision_due.day} {case.decision_due:%B %Y}",
            }  # fmt: skip
            return redirect(f"{reverse('online:school_request', args=[child.pk])}?sent=1")
    record_child_read(request, child, "Assessment request form")
    fields = []
    for bound in form:
        params = govuk_field(bound)
        kind = "file" if bound.name == "evidence" else "character-count"
        if kind == "file":
            params.update({"multiple": True, "attributes": {"accept": ".pdf,.docx,.jpg,.jpeg,.png"}})
            params.pop("value", None)
        else:
            params["maxlength"] = TEXT_MAX
        fields.append((kind, params))
    return render(
        request,
        "assessments/online/school_request.html",
        {"child": child, "form": form, "fields": fields, "errors": govuk_error_summary(form)},
    )
