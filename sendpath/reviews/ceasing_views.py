"""Pages for ceasing a plan (regs 31 and 32): the area's plans being ceased, one plan's
ceasing (its state, timeline and next step), and a form per step. The council's EHC
coordinators and SEND managers only; the family follows it on the plan page and by email."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sendpath.accounts.decorators import roles_only, signed_in
from sendpath.accounts.roles import Role
from sendpath.audit.services import record_child_list, record_child_read
from sendpath.common.errors import DomainError, StaleRecord
from sendpath.common.forms import govuk_error_summary
from sendpath.common.http import refuse_unseen
from sendpath.law.clocks import LIMITS
from sendpath.plans.models import Plan, PlanStatus
from sendpath.plans.selectors import named_setting_id, visible_plans
from sendpath.reviews import ceasing
from sendpath.reviews import forms as review_forms
from sendpath.reviews.models import CeaseStage, Cessation
from sendpath.reviews.services import is_la_decider, open_review


def _plan_or_404(request: HttpRequest, pk: int) -> Plan:
    """The plan if the user may see its child (else 404, audited); the council's
    coordinators and managers only (else 403)."""
    plan = visible_plans(request.user).select_related("child", "child__setting").filter(pk=pk).first()
    if plan is None:
        refuse_unseen(request, Plan, pk)
    if not is_la_decider(request.user, plan):
        raise PermissionDenied("Only the council's EHC coordinators and SEND managers cease plans.")
    return plan


@roles_only({Role.COORDINATOR, Role.MANAGER})
def in_progress(request: HttpRequest) -> HttpResponse:
    """Plans the council is ceasing, those whose appeal window closes first at the top."""
    today = timezone.localdate()
    page = Paginator(
        ceasing.in_progress(request.user.local_authority_id),  # type: ignore[union-attr]
        100,
    ).get_page(request.GET.get("page"))
    rows = [
        {"c": c, "ready": c.appeal_window_ends is not None and c.appeal_window_ends < today}
        for c in page.object_list
    ]
    record_child_list(request, [r["c"].plan.child_id for r in rows], "Plans being ceased")
    return render(request, "reviews/ceasing_list.html", {"rows": rows, "page": page})


@signed_in
def cessation(request: HttpRequest, pk: int) -> HttpResponse:
    """One plan's ceasing: where it stands, what happened, and the next step."""
    plan = _plan_or_404(request, pk)
    record_child_read(request, plan.child, "Ceasing the plan", obj=plan)
    current = ceasing.open_cessation(plan)
    shown = current or plan.cessations.order_by("-pk").first()
    steps = []
    if current is not None:
        steps = [
            (slug, s.title) for slug, s in STEPS.items() if slug != "propose" and current.stage in s.stages
        ]
    review = open_review(plan)
    return render(
        request,
        "reviews/cease.html",
        {
            "plan": plan,
            "child": plan.child,
            "c": shown,
            "steps": steps,
            "can_propose": current is None and plan.status == PlanStatus.ACTIVE,
            "timeline": ceasing.timeline(shown) if shown else [],
            "earliest": ceasing.earliest_cease_date(shown) if shown else None,
            "appeal_limit": LIMITS["appeal_deadline"],
            "names_setting": named_setting_id(plan) is not None,
            "review": review,
            "today": timezone.localdate(),
        },
    )


@dataclass(frozen=True)
class Step:
    title: str
    form: type[forms.Form]
    stages: frozenset[str]
    run: Callable[[Any, Cessation, dict[str, Any], HttpRequest], Any]
    done: str


STEPS: dict[str, Step] = {
    "propose": Step(
        "Propose to cease the plan",
        review_forms.ProposeCeaseForm,
        frozenset(),
        lambda u, c, d, q: None,  # handled in ``step``: there is no record yet
        "The proposal is recorded and the family has been told. Now consult the family and the setting.",
    ),
    "consult": Step(
        "Record the consultation",
        review_forms.ConsultCeaseForm,
        frozenset({CeaseStage.PROPOSED, CeaseStage.CONSULTED}),
        lambda u, c, d, q: ceasing.consult(
            user=u,
            cessation=c,
            expected_version=d["version"],
            family_on=d["family_on"],
            family_views=d["family_views"],
            setting_on=d["setting_on"],
            setting_views=d["setting_views"],
            request=q,
        ),
        "The consultation has been recorded.",
    ),
    "decide": Step(
        "Record the decision",
        review_forms.DecideCeaseForm,
        frozenset({CeaseStage.CONSULTED}),
        lambda u, c, d, q: ceasing.decide(
            user=u,
            cessation=c,
            expected_version=d["version"],
            decision=d["decision"],
            on=d["on"],
            notice_on=d["notice_on"],
            notes=d["notes"],
            request=q,
        ),
        "The decision has been recorded and the family told.",
    ),
    "cease": Step(
        "Cease the plan",
        review_forms.CeaseForm,
        frozenset({CeaseStage.NOTICE_SENT}),
        lambda u, c, d, q: ceasing.cease(
            user=u, cessation=c, expected_version=d["version"], on=d["on"], request=q
        ),
        "The plan has ceased and the family has been told.",
    ),
}


def _errors_into(form: forms.Form, exc: DomainError) -> None:
    for field, message in exc.errors.items() or [(None, exc.message)]:
        form.add_error(field if field in form.fields else None, message)


@signed_in
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    spec = STEPS.get(step)
    if spec is None:
        raise Http404("No such step")
    plan = _plan_or_404(request, pk)
    current = ceasing.open_cessation(plan)
    back = redirect("reviews:ceasing", pk=plan.pk)
    if step == "propose" and (current is not None or plan.status != PlanStatus.ACTIVE):
        messages.error(request, "Ceasing this plan is already under way, or the plan is not maintained.")
        return back
    if step != "propose" and (current is None or current.stage not in spec.stages):
        messages.error(request, "That step cannot be taken now.")
        return back
    record_child_read(request, plan.child, f"Ceasing the plan: {spec.title.lower()}", obj=plan)
    initial = {"version": current.version} if current else {}
    form = spec.form(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if step == "propose":
                ceasing.propose(
                    user=request.user,
                    plan=plan,
                    reason=d["reason"],
                    grounds=d["grounds"],
                    on=d["on"],
                    review=plan.reviews.filter(decision="C").order_by("-pk").first(),
                    request=request,
                )
            else:
                assert current is not None
                spec.run(request.user, current, d, request)
        except StaleRecord as exc:
            data = request.POST.copy()
            data["version"] = str(exc.current_version)
            form = spec.form(data, initial=initial)
            form.is_valid()
            form.add_error(None, exc.message)
        except DomainError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, spec.done)
            return back
    return render(
        request,
        "reviews/cease_step.html",
        {
            "plan": plan,
            "child": plan.child,
            "c": current,
            "title": spec.title,
            "form": form,
            "errors": govuk_error_summary(form),
            "earliest": ceasing.earliest_cease_date(current) if current else None,
            "names_setting": named_setting_id(plan) is not None,
        },
    )
