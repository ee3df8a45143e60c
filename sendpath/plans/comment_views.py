"""The family's comments on a draft plan, within the 15 days, and the council's side of
them: sending a draft amendment to the family, and recording a comment sent by post, email
or phone (marked late after the 15 days). Thin views over ``plans.services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sendpath.accounts.decorators import signed_in
from sendpath.audit.services import record_child_read
from sendpath.common.errors import DomainError
from sendpath.common.forms import govuk_error_summary
from sendpath.organisations.selectors import settings_in
from sendpath.plans import selectors, services
from sendpath.plans.forms import CommentForm, RecordCommentForm, SendDraftForm
from sendpath.plans.views import _errors_into, draft_or_redirect, plan_or_404, writable_plan


# -- the family's comments ---------------------------------------------------------------------
@signed_in
def comments(request: HttpRequest, pk: int) -> HttpResponse:
    """The family comments on a draft sent to them, section by section, and may ask for a
    setting to be named."""
    plan = plan_or_404(request, pk)
    if not selectors.is_family_of(request.user, plan):
        raise PermissionDenied("Only the child's family or the young person can comment on the draft.")
    version = services.open_draft(plan)
    if version is None or version.draft_sent_on is None:
        messages.error(request, "There is no draft plan for you to comment on at the moment.")
        return redirect("plans:detail", pk=plan.pk)
    record_child_read(request, plan.child, "EHC plan draft, comments", obj=plan)
    closes = services.comments_close(version)
    the_settings = list(settings_in(plan.local_authority_id))
    form = CommentForm(request.POST or None, settings=[(s.pk, s.name) for s in the_settings])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        chosen = next((s for s in the_settings if str(s.pk) == d["requested_setting"]), None)
        try:
            services.add_comment(
                user=request.user,
                version=version,
                text=d["text"],
                section=d["section"],
                requested_setting=chosen,
                request=request,
            )
        except DomainError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, "Thank you. Your comment has been sent to the council.")
            return redirect("plans:comments", pk=plan.pk)
    return render(
        request,
        "plans/comments.html",
        {
            "plan": plan,
            "child": plan.child,
            "version": version,
            "form": form,
            "mine": list(version.comments.filter(author=request.user)),
            "closes": closes,
            "closed": closes is not None and timezone.localdate() > closes,
            "errors": govuk_error_summary(form),
        },
    )


@signed_in
def send_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that the draft amendment was sent to the family: their 15 days start."""
    plan = writable_plan(request, pk)
    version = draft_or_redirect(request, plan)
    if version is None:
        return redirect("plans:draft", pk=plan.pk)
    if version.number == 1 or version.draft_sent_on is not None:
        messages.error(request, "This draft is sent from the assessment case, or has been sent already.")
        return redirect("plans:draft", pk=plan.pk)
    record_child_read(request, plan.child, "EHC plan, send the draft", obj=plan)
    form = SendDraftForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.send_draft(
                user=request.user, version=version, on=form.cleaned_data["on"], request=request
            )
        except DomainError as exc:
            _errors_into(form, exc)
        else:
            closes = services.comments_close(version)
            messages.success(request, f"The family can comment on the draft until {closes:%-d %B %Y}.")
            return redirect("plans:draft", pk=plan.pk)
    return render(
        request,
        "plans/simple_form.html",
        {
            "plan": plan,
            "child": plan.child,
            "title": f"Send draft version {version.number} to the family",
            "form": form,
            "button": "Record as sent",
            "errors": govuk_error_summary(form),
        },
    )


@signed_in
def record_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator records a comment the family sent by post, email or phone; one that
    arrived after the 15 days is kept, marked late."""
    plan = writable_plan(request, pk)
    version = draft_or_redirect(request, plan)
    if version is None:
        return redirect("plans:draft", pk=plan.pk)
    record_child_read(request, plan.child, "EHC plan draft, record a comment", obj=plan)
    the_settings = list(settings_in(plan.local_authority_id))
    form = RecordCommentForm(request.POST or None, settings=[(s.pk, s.name) for s in the_settings])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            comment = services.record_comment(
                user=request.user,
                version=version,
                text=d["text"],
                received_on=d["received_on"],
                section=d["section"],
                requested_setting=next(
                    (s for s in the_settings if str(s.pk) == d["requested_setting"]), None
                ),
                request=request,
            )
        except DomainError as exc:
            _errors_into(form, exc)
        else:
            messages.success(
                request,
                "The late comment has been recorded." if comment.late else "The comment has been recorded.",
            )
            return redirect("plans:draft", pk=plan.pk)
    closes = services.comments_close(version)
    return render(
        request,
        "plans/simple_form.html",
        {
            "plan": plan,
            "child": plan.child,
            "title": "Record a comment from the family",
            "intro": (
                f"The 15 days for comments end on {closes:%-d %B %Y}. A comment received after then is kept, "
                "marked late."
                if closes
                else "The draft has not been sent to the family yet."
            ),
            "form": form,
            "button": "Record the comment",
            "errors": govuk_error_summary(form),
        },
    )
