"""Assessment casework pages: the case (timeline, clock panel, actions) and each action.

Views are thin: they find the case through the user's scoped selector, call one service,
and render. Every page that shows a case records an audit event for the child.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sendpath.accounts.decorators import signed_in
from sendpath.accounts.roles import FAMILY_ROLES, LA_ROLES
from sendpath.assessments import forms as case_forms
from sendpath.assessments import selectors, services
from sendpath.assessments.models import AssessmentRequest
from sendpath.assessments.narrative import family_story
from sendpath.assessments.panel import advice_status, clock_panel
from sendpath.assessments.workflow import OPEN_STAGES, Stage
from sendpath.audit.services import record_child_read
from sendpath.common.concurrency import changed_by
from sendpath.common.errors import DomainError, StaleRecord
from sendpath.common.forms import govuk_error_summary
from sendpath.common.http import refuse_unseen
from sendpath.organisations.selectors import services_in, settings_in


def case_or_404(request: HttpRequest, pk: int) -> AssessmentRequest:
    """The case, if the user may see its child; otherwise 404 and an audited refusal."""
    case = selectors.case_for(request.user, pk)
    if case is None:
        refuse_unseen(request, AssessmentRequest, pk)
    return case


@signed_in
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The case: for the council, the clock panel, timeline and actions; for the family, the
    same story in plain English."""
    user = request.user
    if user.role not in LA_ROLES and user.role not in FAMILY_ROLES:  # type: ignore[union-attr]
        raise PermissionDenied("Your role does not use the case page.")
    case = case_or_404(request, pk)
    record_child_read(request, case.child, "Assessment case", obj=case)
    today = timezone.localdate()
    advice = selectors.advice_for_case(case)
    if user.role in FAMILY_ROLES:  # type: ignore[union-attr]
        return render(
            request,
            "assessments/case_family.html",
            {"case": case, "story": family_story(case, advice, today), "timeline": selectors.timeline(case)},
        )
    exceptions = list(case.exceptions.all())
    return render(
        request,
        "assessments/case.html",
        {
            "case": case,
            "clocks": clock_panel(case, advice, exceptions, today),
            "timeline": selectors.timeline(case),
            "advice": [{"a": a, "status": advice_status(a, today, case.closed_on)} for a in advice],
            "consultations": list(case.consultations.select_related("setting")),
            "exceptions": exceptions,
            "duplicates": list(selectors.open_requests_for_child(case)),
            "actions": [
                (slug, action.title)
                for slug, action in ACTIONS.items()
                if Stage(case.stage) in action.stages and services.works_on(user, case)
            ],
            "is_open": case.stage in OPEN_STAGES,
        },
    )


@dataclass(frozen=True)
class Action:
    title: str
    form: type[forms.Form]
    stages: frozenset[Stage]
    run: Callable[[Any, AssessmentRequest, dict[str, Any], HttpRequest], Any]
    done: str
    choices: Callable[[AssessmentRequest], dict[str, Any]] | None = None


def _settings(case: AssessmentRequest) -> dict[str, Any]:
    return {"settings": list(settings_in(case.local_authority_id))}


def _setting(case: AssessmentRequest, pk: str) -> Any:
    return settings_in(case.local_authority_id).filter(pk=pk).first() if pk else None


ACTIONS: dict[str, Action] = {
    "decide-assess": Action(
        "Record the decision whether to assess",
        case_forms.DecideAssessForm,
        frozenset({Stage.RECEIVED}),
        lambda u, c, d, r: services.decide_whether_to_assess(
            user=u, case=c, expected_version=d["version"], assess=d["assess"] == "yes", on=d["on"], request=r
        ),
        "The decision has been recorded.",
    ),
    "request-advice": Action(
        "Ask for advice",
        case_forms.AdviceRequestForm,
        frozenset({Stage.ASSESSING}),
        lambda u, c, d, r: services.request_advice(
            user=u,
            case=c,
            kind=d["kind"],
            requested_on=d["requested_on"],
            service=services_in(c.local_authority_id).filter(pk=d["service"]).first()
            if d["service"]
            else None,
            setting=_setting(c, d["setting"]),
            request=r,
        ),
        "The advice request has been sent.",
        lambda c: {"services": list(services_in(c.local_authority_id)), **_settings(c)},
    ),
    "decide-issue": Action(
        "Record the decision whether to issue a plan",
        case_forms.DecideIssueForm,
        frozenset({Stage.ASSESSING}),
        lambda u, c, d, r: services.decide_whether_to_issue(
            user=u, case=c, expected_version=d["version"], issue=d["issue"] == "yes", on=d["on"], request=r
        ),
        "The decision has been recorded.",
    ),
    "send-draft": Action(
        "Record that the draft plan was sent",
        case_forms.DateForm,
        frozenset({Stage.DRAFTING}),
        lambda u, c, d, r: services.send_draft(
            user=u, case=c, expected_version=d["version"], on=d["on"], request=r
        ),
        "The draft plan has been recorded as sent. The family's 15 days for comments have begun.",
    ),
    "consult": Action(
        "Consult a setting",
        case_forms.ConsultForm,
        frozenset({Stage.DRAFTING, Stage.DRAFT_SENT}),
        lambda u, c, d, r: services.consult_setting(
            user=u, case=c, setting=_setting(c, d["setting"]), sent_on=d["sent_on"], request=r
        ),
        "The consultation has been recorded.",
        _settings,
    ),
    "issue-plan": Action(
        "Issue the final plan",
        case_forms.IssuePlanForm,
        frozenset({Stage.DRAFT_SENT}),
        lambda u, c, d, r: services.issue_final_plan(
            user=u,
            case=c,
            expected_version=d["version"],
            on=d["on"],
            named_setting=_setting(c, d["named_setting"]),
            primary_need=d["primary_need"],
            request=r,
        ),
        "The final plan has been issued.",
        _settings,
    ),
    "record-exception": Action(
        "Record an exception to the time limits",
        case_forms.ExceptionForm,
        frozenset(OPEN_STAGES),
        lambda u, c, d, r: services.record_exception(
            user=u,
            case=c,
            kind=d["kind"],
            start_on=d["start_on"],
            end_on=d["end_on"],
            evidence=d["evidence"],
            family_told_on=d.get("family_told_on"),
            request=r,
        ),
        "The exception has been recorded. The limits still show, marked 'exception applies'.",
    ),
    "withdraw": Action(
        "Close the request as withdrawn",
        case_forms.WithdrawForm,
        frozenset(OPEN_STAGES),
        lambda u, c, d, r: services.withdraw(
            user=u, case=c, expected_version=d["version"], on=d["on"], note=d["note"], request=r
        ),
        "The request has been closed.",
    ),
}


@signed_in
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One casework action: a form, then the service; errors keep everything typed."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("No such action")
    case = case_or_404(request, pk)
    if not services.works_on(request.user, case):
        raise PermissionDenied("Only the council's EHC coordinators and SEND managers can do this.")
    posted = request.POST.get("version", "")
    stale = request.method == "POST" and posted.isdigit() and int(posted) != case.version
    if stale and Stage(case.stage) not in spec.stages:
        # Someone saved the case after this form was opened and moved it on: say who and
        # when, not just that the action no longer fits.
        by = changed_by(case)
        messages.error(
            request,
            f"This case was changed by {by}, after you opened the form. "
            f"It is now at '{case.get_stage_display()}'. Nothing you entered has been saved.",
        )
        return redirect("assessments:case", pk=case.pk)
    if Stage(case.stage) not in spec.stages:
        messages.error(request, f"That cannot be done while the case is at '{case.get_stage_display()}'.")
        return redirect("assessments:case", pk=case.pk)
    record_child_read(request, case.child, f"Case action: {spec.title}", obj=case)
    extra = spec.choices(case) if spec.choices else {}
    initial = {"version": case.version}
    form = spec.form(request.POST or None, initial=initial, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            spec.run(request.user, case, form.cleaned_data, request)
        except StaleRecord as exc:
            data = request.POST.copy()
            data["version"] = str(exc.current_version)
            form = spec.form(data, initial=initial, **extra)
            form.is_valid()
            form.add_error(None, exc.message)
        except DomainError as exc:
            for field, message in exc.errors.items() or [(None, exc.message)]:
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, spec.done)
            return redirect("assessments:case", pk=case.pk)
    return render(
        request,
        "assessments/action.html",
        {"case": case, "form": form, "title": spec.title, "errors": govuk_error_summary(form)},
    )
