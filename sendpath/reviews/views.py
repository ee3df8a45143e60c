"""Annual review pages: convening, the review (timeline, clocks, actions), each step, and
the list of reviews due. Views are thin: they find the record through the user's scoped
selectors, call one service and render. Every page that shows a child is audited."""

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
from django.urls import reverse
from django.utils import timezone

from sendpath.accounts.decorators import roles_only, signed_in
from sendpath.accounts.roles import Role
from sendpath.audit.services import record_child_list, record_child_read
from sendpath.common.concurrency import changed_by
from sendpath.common.deadlines import due_state
from sendpath.common.errors import DomainError, StaleRecord
from sendpath.common.forms import govuk_error_summary
from sendpath.common.http import refuse_unseen
from sendpath.law.clocks import LIMITS
from sendpath.organisations.selectors import settings_in
from sendpath.people.models import Child
from sendpath.people.selectors import visible_children
from sendpath.plans.models import Plan
from sendpath.plans.selectors import active_plan, visible_plans
from sendpath.reviews import forms as review_forms
from sendpath.reviews import interim, selectors, services, transfers
from sendpath.reviews.models import AnnualReview, ReviewStage
from sendpath.reviews.transfers import (
    MID_YEAR,
    MID_YEAR_LABEL,
    PHASES,
    cohort,
    mid_year_moves,
    summary,
    transfer_year,
)


def _d(day: Any) -> str:
    return f"{day.day} {day:%B %Y}"


def review_or_404(request: HttpRequest, pk: int) -> AnnualReview:
    """The review if the user may see its child; otherwise 404 and an audited refusal. Those
    who may see the child but are not part of the review get 403."""
    review = selectors.review_for(request.user, pk)
    if review is None:
        refuse_unseen(request, AnnualReview, pk, "plan__child_id", "plan__local_authority_id")
    if not selectors.may_view(request.user, review):
        raise PermissionDenied("Annual reviews are for the council, the child's school and the family.")
    return review


def _checkbox_items(bound: forms.BoundField) -> list[dict[str, Any]]:
    current = {str(v) for v in (bound.value() or [])}
    return [{"value": v, "text": t, "checked": v in current} for v, t in bound.field.choices]


@signed_in
def convene(request: HttpRequest, pk: int) -> HttpResponse:
    """Arrange the annual review meeting of a child's plan (pk is the child)."""
    child = visible_children(request.user).filter(pk=pk).select_related("setting").first()
    if child is None:
        refuse_unseen(request, Child, pk, "pk")
    plan = active_plan(child)
    if plan is None:
        raise Http404("No maintained plan")
    plan.child = child
    if not services.may_arrange(request.user, plan):
        raise PermissionDenied(
            "Only the SENCO of the child's school or the council's SEND team arrange reviews."
        )
    current = services.open_review(plan)
    if current is not None:
        messages.info(request, "A review of this plan is already under way.")
        return redirect("reviews:detail", pk=current.pk)
    record_child_read(request, child, "Convene an annual review", obj=plan)
    regulation = services.regulation_for(plan)
    form = review_forms.ConveneForm(
        request.POST or None, invitees=services.invitees_for(plan), regulation=regulation
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = services.convene(
                user=request.user,
                plan=plan,
                meeting_on=form.cleaned_data["meeting_on"],
                invited=form.cleaned_data["invited"],
                request=request,
            )
        except DomainError as exc:
            for field, message in exc.errors.items() or [(None, exc.message)]:
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request,
                f"The meeting is arranged for {_d(review.meeting_on)}. Send the invitations and the advice "
                f"by {_d(review.notice_latest)}.",
            )
            return redirect("reviews:detail", pk=review.pk)
    return render(
        request,
        "reviews/convene.html",
        {
            "child": child,
            "plan": plan,
            "form": form,
            "invited_items": _checkbox_items(form["invited"]),
            "regulation": regulation,
            "errors": govuk_error_summary(form),
            "today": timezone.localdate(),
        },
    )


@dataclass(frozen=True)
class Action:
    title: str
    form: type[forms.Form]
    stages: frozenset[str]
    allowed: Callable[[Any, Any], bool]
    run: Callable[[Any, AnnualReview, dict[str, Any], HttpRequest], Any]
    done: str


ACTIONS: dict[str, Action] = {
    "meeting": Action(
        "Record the review meeting",
        review_forms.MeetingForm,
        frozenset({ReviewStage.CONVENED}),
        services.may_arrange,
        lambda u, r, d, q: services.record_meeting(
            user=u,
            review=r,
            expected_version=d["version"],
            held_on=d["held_on"],
            child_views=d["child_views"],
            family_views=d["family_views"],
            professional_views=d["professional_views"],
            request=q,
        ),
        "The meeting has been recorded. The report is due within 2 weeks of it.",
    ),
    "report": Action(
        "Write the review report",
        review_forms.ReportForm,
        frozenset({ReviewStage.HELD}),
        services.may_arrange,
        lambda u, r, d, q: services.write_report(
            user=u,
            review=r,
            expected_version=d["version"],
            recommendation=d["recommendation"],
            text=d["text"],
            sent_on=d["sent_on"],
            request=q,
        ),
        "The report has been recorded as sent to the council.",
    ),
    "decide": Action(
        "Record the council's decision",
        review_forms.DecisionForm,
        frozenset({ReviewStage.HELD, ReviewStage.REPORTED}),
        services.is_la_decider,
        lambda u, r, d, q: services.decide(
            user=u,
            review=r,
            expected_version=d["version"],
            decision=d["decision"],
            on=d["on"],
            notes=d["notes"],
            request=q,
        ),
        "The decision has been recorded and the family told.",
    ),
}


@signed_in
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = review_or_404(request, pk)
    record_child_read(request, review.plan.child, "Annual review", obj=review)
    today = timezone.localdate()
    context = {
        "review": review,
        "plan": review.plan,
        "child": review.plan.child,
        "timeline": selectors.timeline(review),
        "clocks": selectors.clock_panel(review, today),
        "late": review.meeting_on is not None and review.meeting_on > review.due_on,
        "invited": selectors.invitee_labels(review),
        "devon_cap": selectors.devon_cap(review),
    }
    if selectors.is_family(request.user):
        return render(request, "reviews/review_family.html", context)
    context["may_cease"] = services.is_la_decider(request.user, review.plan)
    context["actions"] = [
        (slug, a.title)
        for slug, a in ACTIONS.items()
        if review.stage in a.stages and a.allowed(request.user, review.plan)
    ]
    return render(request, "reviews/review.html", context)


@signed_in
def action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("No such action")
    review = review_or_404(request, pk)
    if not spec.allowed(request.user, review.plan):
        raise PermissionDenied("You cannot do this step of the review.")
    posted = request.POST.get("version", "")
    if review.stage not in spec.stages:
        if request.method == "POST" and posted.isdigit() and int(posted) != review.version:
            by = changed_by(review)
            messages.error(
                request,
                f"This review was changed by {by}, after you opened the form. It is now at "
                f"'{review.get_stage_display()}'. Nothing you entered has been saved.",
            )
        else:
            messages.error(
                request, f"That cannot be done while the review is at '{review.get_stage_display()}'."
            )
        return redirect("reviews:detail", pk=review.pk)
    record_child_read(request, review.plan.child, f"Review step: {spec.title}", obj=review)
    initial = {"version": review.version}
    form = spec.form(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            spec.run(request.user, review, form.cleaned_data, request)
        except StaleRecord as exc:
            data = request.POST.copy()
            data["version"] = str(exc.current_version)
            form = spec.form(data, initial=initial)
            form.is_valid()
            form.add_error(None, exc.message)
        except DomainError as exc:
            for field, message in exc.errors.items() or [(None, exc.message)]:
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, spec.done)
            return redirect("reviews:detail", pk=review.pk)
    progress = services.outcome_progress(review.plan) if action == "report" else []
    return render(
        request,
        "reviews/action.html",
        {
            "review": review,
            "child": review.plan.child,
            "form": form,
            "title": spec.title,
            "errors": govuk_error_summary(form),
            "progress": progress,
        },
    )


SHOW = {
    "all": "Overdue or due in the next 8 weeks",
    "overdue": "Overdue only",
    "soon": "Due in the next 8 weeks",
    "interim": "Under-fives: interim reviews suggested",
}


@roles_only({Role.COORDINATOR, Role.MANAGER})
def due_list(request: HttpRequest) -> HttpResponse:
    """Plans whose annual review is overdue or due in the next 8 weeks, the overdue first."""
    today = timezone.localdate()
    show = request.GET.get("show", "all")
    show = show if show in SHOW else "all"
    la = request.user.local_authority_id  # type: ignore[union-attr]
    # Under-fives' interim reminders: on the default list and their own; not on the
    # overdue-only list, which is kept to one indexed query.
    interims = interim.interim_due(la, today) if show in ("all", "interim") else []
    show_items = [{"value": k, "text": v, "selected": k == show} for k, v in SHOW.items()]
    if show == "interim":
        record_child_list(request, [r["plan"].child_id for r in interims], "Interim reviews suggested")
        return render(
            request,
            "reviews/due.html",
            {"interims": interims, "show": show, "show_items": show_items, "code": interim.CODE},
        )
    page = Paginator(
        selectors.reviews_due(request.user.local_authority_id, today, show),
        100,  # type: ignore[union-attr]
    ).get_page(request.GET.get("page"))
    rows = [{"plan": p, "state": due_state(p.review_due, today)} for p in page.object_list]
    record_child_list(request, [r["plan"].child_id for r in rows], "Annual reviews due")
    return render(
        request,
        "reviews/due.html",
        {
            "rows": rows,
            "page": page,
            "show": show,
            "show_items": show_items,
            "limit": LIMITS["annual_review_due"],
            "interim_now": sum(1 for r in interims if r["interim"].state != "later"),
        },
    )


@roles_only({Role.COORDINATOR, Role.MANAGER})
def phase_transfers(request: HttpRequest) -> HttpResponse:
    """Children moving to a new phase next September, by phase, with the reg 18 deadline."""
    today = timezone.localdate()
    year = transfer_year(today)
    la = request.user.local_authority_id  # type: ignore[union-attr]
    wanted = request.GET.get("phase")
    if wanted == MID_YEAR:
        phase = None
        rows: list[Any] = mid_year_moves(la, today)
    else:
        phase = next((p for p in PHASES if p.key == wanted), next(p for p in PHASES if p.key == "primary"))
        rows = cohort(la, year, phase, today)
    record_child_list(
        request, [r.plan.child_id for r in rows], f"Phase transfers: {phase.key if phase else MID_YEAR}"
    )
    return render(
        request,
        "reviews/phase_transfers.html",
        {
            "year": year,
            "phase": phase,
            "phases": PHASES,
            "mid_year": MID_YEAR,
            "mid_year_label": MID_YEAR_LABEL,
            "rows": [{"row": r, "state": due_state(r.due, today)} for r in rows],
            "summary": summary(rows),
            "law": LIMITS["phase_transfer_due"] if phase else LIMITS["post16_transfer_review_due"],
        },
    )


@signed_in
def record_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a planned post-16 move at another time of year (reg 18(2)); pk is the plan."""
    plan = visible_plans(request.user).select_related("child").filter(pk=pk).first()
    if plan is None:
        refuse_unseen(request, Plan, pk)
    if not services.is_la_decider(request.user, plan):
        raise PermissionDenied("Only the council's EHC coordinators and SEND managers record planned moves.")
    record_child_read(request, plan.child, "Record a planned post-16 move", obj=plan)
    the_settings = list(settings_in(plan.local_authority_id))
    form = review_forms.MoveForm(request.POST or None, settings=[(s.pk, s.name) for s in the_settings])
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        chosen = next((s for s in the_settings if str(s.pk) == d["to_setting"]), None)
        try:
            move = transfers.record_move(
                user=request.user,
                plan=plan,
                move_on=d["move_on"],
                to_setting=chosen,
                notes=d["notes"],
                request=request,
            )
        except DomainError as exc:
            for field, message in exc.errors.items() or [(None, exc.message)]:
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request,
                f"The move on {_d(move.move_on)} is recorded. The plan must be reviewed by "
                f"{_d(move.review_by)}, at least 5 months before it.",
            )
            return redirect(f"{reverse('reviews:transfers')}?phase={MID_YEAR}")
    return render(
        request,
        "reviews/move.html",
        {"plan": plan, "child": plan.child, "form": form, "errors": govuk_error_summary(form)},
    )
