"""Progress pages: a pupil's targets and ratings (teachers, on a phone), setting targets
(the SENCO), and the progress summary of a plan (the family and the council).

Who may open what:
- the pupil page: the pupil's assigned teachers at their school, the SENCO of the school
  whose roll they are on, and the council's EHC coordinators and SEND managers;
- setting targets: that SENCO only;
- a plan's progress summary: the child's family, that SENCO, and the council's
  coordinators and managers.
Someone who cannot see the child gets 404 (as if there were none), with the attempt
audited; someone who can see the child but not use the page gets 403. Every page shown is
an audited read of the child's record.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sendpath.accounts.decorators import signed_in
from sendpath.accounts.roles import FAMILY_ROLES, Role
from sendpath.audit.services import record_child_read
from sendpath.common.errors import DomainError
from sendpath.common.forms import govuk_error_summary
from sendpath.common.http import refuse_as_not_found, refuse_unseen
from sendpath.people.models import Child
from sendpath.people.selectors import area_of_child, visible_children
from sendpath.plans.models import Plan
from sendpath.plans.selectors import active_plan, visible_plans
from sendpath.plans.services import current_version
from sendpath.progress import selectors, services
from sendpath.progress.forms import ProfileForm, RatingForm, RetireForm, TargetForm
from sendpath.progress.models import LEVEL_COLOUR, Level, Target

COUNCIL_READERS = frozenset({Role.COORDINATOR, Role.MANAGER})


def _child_or_404(request: HttpRequest, pk: int) -> Child:
    child = visible_children(request.user).select_related("setting").filter(pk=pk).first()
    if child is None:
        area = area_of_child(pk)
        refuse_as_not_found(request, (pk, area) if area is not None else None)
    return child


def _reads_pupil(user: Any, child: Child) -> bool:
    return (
        services.is_pupils_senco(user, child)
        or services.teaches(user, child)
        or (user.role in COUNCIL_READERS and user.local_authority_id == child.local_authority_id)
    )


def level_items(current: str) -> list[dict[str, Any]]:
    """Radio items for the levels: each shows its name in a coloured tag (text and colour)."""
    return [
        {
            "value": level.value,
            "html": f'<strong class="govuk-tag govuk-tag--{LEVEL_COLOUR[level]}">{level.label}</strong>',
            "checked": level.value == current,
        }
        for level in Level
    ]


def _rating_errors(form: RatingForm, target_pk: int) -> dict[str, Any] | None:
    """Error summary for one target's form, linking to that form's fields."""
    if not form.errors:
        return None
    anchors = {"level": f"level-{target_pk}", "note": f"note-{target_pk}"}
    items = []
    for name, errs in form.errors.items():
        items += [
            {"text": str(e), "href": f"#{anchors[name]}"} if name in anchors else {"text": str(e)}
            for e in errs
        ]
    return {"titleText": "There is a problem", "errorList": items}


@signed_in
def pupil(request: HttpRequest, pk: int) -> HttpResponse:
    """A pupil's current targets, the strategies that help, a rating form per target, and
    the progress summary per outcome."""
    child = _child_or_404(request, pk)
    user = request.user
    if not _reads_pupil(user, child):
        raise PermissionDenied("Your role cannot use this page.")
    plan = active_plan(child)
    targets = selectors.current_targets(user, child, plan)
    forms_by_target: dict[int, RatingForm] = {}
    errors = None
    if request.method == "POST":
        form = RatingForm(request.POST)
        target_pk = request.POST.get("target", "")
        target = next((t for t in targets if str(t.pk) == target_pk), None)
        if target is None:
            raise PermissionDenied("You cannot rate this target.")
        if form.is_valid():
            try:
                services.rate(
                    user=user,
                    target=target,
                    level=form.cleaned_data["level"],
                    note=form.cleaned_data["note"],
                    request=request,
                )
            except DomainError as exc:
                for field, message in (exc.errors or {"__all__": exc.message}).items():
                    form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, f"Rating saved: {Level(form.cleaned_data['level']).label}.")
                return redirect(f"{request.path}#target-{target.pk}")
        forms_by_target[target.pk] = form
        errors = _rating_errors(form, target.pk)
    record_child_read(request, child, "Pupil's progress")
    version = current_version(plan) if plan else None
    outcomes = {o.key: o for o in version.outcomes.all()} if version else {}
    rows = []
    for t in targets:
        form = forms_by_target.get(t.pk) or RatingForm(initial={"target": t.pk})
        rows.append(
            {
                "target": t,
                "outcome": outcomes.get(t.outcome_key),
                "form": form,
                "may_rate": services.may_rate(user, t),
                "level_items": level_items(str(form["level"].value() or "")),
                "note": form["note"].value() or "",
            }
        )
    return render(
        request,
        "progress/pupil.html",
        {
            "child": child,
            "plan": plan,
            "version": version,
            "rows": rows,
            "profile": selectors.profile_of(child),
            "summaries": selectors.outcome_summaries(plan) if plan else [],
            "is_senco": services.is_pupils_senco(user, child),
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@signed_in
def targets(request: HttpRequest, pk: int) -> HttpResponse:
    """The SENCO breaks each outcome into targets, names the teachers, and keeps the pupil
    profile."""
    child = _child_or_404(request, pk)
    user = request.user
    if not services.is_pupils_senco(user, child):
        raise PermissionDenied("Only the SENCO of the pupil's school can set targets.")
    plan = active_plan(child)
    version = current_version(plan) if plan else None
    outcomes = list(version.outcomes.all()) if version else []
    teachers = list(services.setting_teachers(child))
    profile = selectors.profile_of(child)
    target_form = TargetForm(outcomes=outcomes, teachers=teachers)
    profile_form = ProfileForm(initial={"strategies": profile.strategies if profile else ""})
    errors = None
    if request.method == "POST":
        if request.POST.get("form") == "profile":
            profile_form = ProfileForm(request.POST)
            if profile_form.is_valid():
                try:
                    services.save_profile(
                        user=user,
                        child=child,
                        strategies=profile_form.cleaned_data["strategies"],
                        request=request,
                    )
                except DomainError as exc:
                    profile_form.add_error(
                        exc.field if exc.field in profile_form.fields else None, exc.message
                    )
                else:
                    messages.success(request, "Strategies that help saved.")
                    return redirect(request.path)
            errors = govuk_error_summary(profile_form)
        else:
            target_form = TargetForm(request.POST, outcomes=outcomes, teachers=teachers)
            if target_form.is_valid():
                try:
                    services.add_target(
                        user=user,
                        child=child,
                        outcome_key=target_form.cleaned_data["outcome_key"],
                        text=target_form.cleaned_data["text"],
                        teacher_ids=[int(t) for t in target_form.cleaned_data["teachers"]],
                        request=request,
                    )
                except DomainError as exc:
                    for field, message in (exc.errors or {"__all__": exc.message}).items():
                        target_form.add_error(field if field in target_form.fields else None, message)
                else:
                    messages.success(request, "Target added.")
                    return redirect(request.path)
            errors = govuk_error_summary(target_form)
            if errors:
                for item in errors["errorList"]:
                    if item.get("href") == "#id_outcome_key":
                        item["href"] = "#outcome_key"
                    if item.get("href") == "#id_teachers":
                        item["href"] = "#teachers"
    record_child_read(request, child, "Pupil's targets")
    by_outcome: dict[str, list[Target]] = {}
    if plan:
        for t in selectors.current_targets(user, child, plan):
            by_outcome.setdefault(t.outcome_key, []).append(t)
    chosen = set(target_form["teachers"].value() or [])
    return render(
        request,
        "progress/targets.html",
        {
            "child": child,
            "plan": plan,
            "version": version,
            "outcomes": [{"outcome": o, "targets": by_outcome.get(o.key, [])} for o in outcomes],
            "target_form": target_form,
            "teacher_items": [
                {"value": str(t.pk), "text": t.full_name, "checked": str(t.pk) in chosen} for t in teachers
            ],
            "profile_form": profile_form,
            "retired": selectors.retired_targets(plan) if plan else [],
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@signed_in
def plan_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress summary of a plan, per outcome: for the family, the SENCO and the
    council's coordinators and managers."""
    user = request.user
    plan = visible_plans(user).select_related("child").filter(pk=pk).first()
    if plan is None:
        refuse_unseen(request, Plan, pk)
    child = plan.child
    allowed = (
        user.role in FAMILY_ROLES
        or services.is_pupils_senco(user, child)
        or (user.role in COUNCIL_READERS and user.local_authority_id == child.local_authority_id)
    )
    if not allowed:
        raise PermissionDenied("Your role cannot use this page.")
    record_child_read(request, child, "Plan progress summary", obj=plan)
    return render(
        request,
        "progress/plan.html",
        {"child": child, "plan": plan, "summaries": selectors.outcome_summaries(plan)},
    )


@signed_in
def retire(request: HttpRequest, pk: int, target: int) -> HttpResponse:
    """The SENCO retires one of the pupil's targets, saying why. Its ratings are kept."""
    child = _child_or_404(request, pk)
    user = request.user
    if not services.is_pupils_senco(user, child):
        raise PermissionDenied("Only the SENCO of the pupil's school can retire a target.")
    found = selectors.target_of(child, target)
    if found is None:
        raise Http404("No such target")
    back = redirect("progress:targets", pk=child.pk)
    if not found.active:
        messages.info(request, "That target is already retired.")
        return back
    record_child_read(request, child, "Retire a target")
    form = RetireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.retire_target(
                user=user,
                target=found,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                request=request,
            )
        except DomainError as exc:
            for field, message in (exc.errors or {"__all__": exc.message}).items():
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, "Target retired. Its ratings are kept in the pupil's progress.")
            return back
    return render(
        request,
        "progress/retire.html",
        {
            "child": child,
            "target": found,
            "ratings": found.ratings.count(),
            "form": form,
            "errors": govuk_error_summary(form),
        },
        status=400 if form.errors else 200,
    )
