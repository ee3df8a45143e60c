"""Dispute pages: the council's list, opening a dispute, the dispute (timeline, clocks, order
steps, root causes, costs), a form for each step, and the family's read-only page. Views are
thin: they find the record through the user's scoped selectors, call one service and render.
Every page that shows a child is audited."""

from __future__ import annotations

import csv
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
from sendpath.audit.models import AuditAction
from sendpath.audit.services import record, record_child_list, record_child_read
from sendpath.common.concurrency import changed_by
from sendpath.common.errors import DomainError, StaleRecord
from sendpath.common.forms import govuk_error_summary, select_items
from sendpath.common.http import refuse_unseen
from sendpath.disputes import charts, costs, review, selectors, services
from sendpath.disputes import forms as dispute_forms
from sendpath.disputes.codes import DecisionAppealed, DisputeKind, PlanSection, RootCause
from sendpath.disputes.deadlines import STEP_LABELS
from sendpath.disputes.models import Dispute, StepStatus
from sendpath.people.models import Child
from sendpath.people.selectors import search_children, visible_children

STAFF = {Role.COORDINATOR, Role.MANAGER, Role.FINANCE}


def dispute_or_404(request: HttpRequest, pk: int) -> Dispute:
    """The dispute if the user may see it; otherwise 404 and an audited refusal."""
    dispute = selectors.dispute_for(request.user, pk)
    if dispute is None:
        refuse_unseen(request, Dispute, pk)
    return dispute


# -- the list ------------------------------------------------------------------------------------
STATUS = {"open": "Open", "closed": "Closed", "all": "Open and closed"}


@roles_only(STAFF)
def dispute_list(request: HttpRequest) -> HttpResponse:
    """The council's mediation and tribunal cases, the most urgent council deadline first."""
    today = timezone.localdate()
    q = request.GET
    filters = selectors.Filters(
        kind=q.get("kind", "") if q.get("kind", "") in DisputeKind.values else "",
        decision=q.get("decision", "") if q.get("decision", "") in DecisionAppealed.values else "",
        status=q.get("status", "open") if q.get("status", "open") in STATUS else "open",
        breached=q.get("breached") == "yes",
        mine=q.get("mine") == "yes",
    )
    page = Paginator(selectors.dispute_list(request.user, filters, today), 50).get_page(q.get("page"))
    rows = [
        {"d": d, "breached": d.next_due is not None and d.next_due < today and d.is_open}
        for d in page.object_list
    ]
    record_child_list(request, [r["d"].child_id for r in rows], "Disputes list")
    query = q.copy()
    query.pop("page", None)
    return render(
        request,
        "disputes/list.html",
        {
            "rows": rows,
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "kind_items": select_items(DisputeKind.choices, filters.kind, "Any"),
            "decision_items": select_items(DecisionAppealed.choices, filters.decision, "Any"),
            "status_items": select_items(STATUS.items(), filters.status),
            "counts": selectors.counts(request.user.local_authority_id, today),  # type: ignore[union-attr]
            "may_open": services.is_caseworker(request.user, request.user.local_authority_id),  # type: ignore[union-attr]
            "today": today,
        },
    )


# -- opening -------------------------------------------------------------------------------------
@roles_only({Role.COORDINATOR, Role.MANAGER})
def find_child(request: HttpRequest) -> HttpResponse:
    """Find the child a new dispute is about."""
    query = request.GET.get("q", "").strip()
    results = list(search_children(request.user, query)[:25]) if query else []
    record_child_list(request, [c.pk for c in results], "Disputes: find a child")
    return render(request, "disputes/find_child.html", {"query": query, "results": results})


def _checkbox_items(bound: forms.BoundField) -> list[dict[str, Any]]:
    current = {str(v) for v in (bound.value() or [])}
    return [{"value": v, "text": t, "checked": v in current} for v, t in bound.field.choices]


@signed_in
def open_for_child(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that a family disagrees with a decision about this child (pk is the child)."""
    child = visible_children(request.user).filter(pk=pk).first()
    if child is None:
        refuse_unseen(request, Child, pk, "pk")
    if not services.is_caseworker(request.user, child.local_authority_id):
        raise PermissionDenied("Only the council's EHC coordinators and SEND managers record disputes.")
    plan, case = selectors.decision_links(child)
    record_child_read(request, child, "Open a dispute")
    form = dispute_forms.OpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dispute = services.open_dispute(
                user=request.user,
                child=child,
                decision_appealed=form.cleaned_data["decision_appealed"],
                decision_sent_on=form.cleaned_data["decision_sent_on"],
                plan=plan,
                case=case,
                sections=form.cleaned_data["sections"],
                request=request,
            )
        except DomainError as exc:
            for field, message in exc.errors.items() or [(None, exc.message)]:
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, "The dispute has been recorded.")
            return redirect("disputes:detail", pk=dispute.pk)
    return render(
        request,
        "disputes/open.html",
        {
            "child": child,
            "plan": plan,
            "case": case,
            "form": form,
            "section_items": _checkbox_items(form["sections"]),
            "errors": govuk_error_summary(form),
        },
    )


# -- the dispute -----------------------------------------------------------------------------------
@signed_in
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    dispute = dispute_or_404(request, pk)
    record_child_read(request, dispute.child, "Dispute", obj=dispute)
    today = timezone.localdate()
    steps = selectors.steps_of(dispute)
    clocks = [c for c in selectors.clock_panel(dispute, today)]
    context: dict[str, Any] = {
        "dispute": dispute,
        "child": dispute.child,
        "clocks": clocks,
        "breached": [c for c in clocks if c.council and c.open and c.clock.status == "breached"],
        "timeline": selectors.timeline(dispute, steps),
        "steps": [{"s": s, "label": STEP_LABELS.get(s.step, s.step)} for s in steps],
        "causes": [RootCause(c).label for c in dispute.root_causes if c in RootCause.values],
        "sections": [PlanSection(s).label for s in dispute.section_list if s in PlanSection.values],
    }
    if selectors.is_family(request.user):
        return render(request, "disputes/dispute_family.html", context)
    if services.may_see_costs(request.user, dispute):
        lines = selectors.costs_of(dispute)
        context["costs"] = lines
        context["cost_total"] = selectors.cost_totals(lines)["total"]
        context["cost_items"] = costs.ITEMS
    context["actions"] = [(a, ACTIONS[a].title) for a in services.allowed_actions(request.user, dispute)]
    return render(request, "disputes/dispute.html", context)


@dataclass(frozen=True)
class Action:
    title: str
    form: type[forms.Form]
    run: Callable[[Any, Dispute, dict[str, Any], HttpRequest], Any]
    done: str
    versioned: bool = True


def _yes(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


ACTIONS: dict[str, Action] = {
    "mediation": Action(
        "Record contact with the mediation adviser",
        dispute_forms.MediationForm,
        lambda u, d, c, q: services.record_mediation_contact(
            user=u,
            dispute=d,
            expected_version=c["version"],
            contacted_on=c["contacted_on"],
            wanted=_yes(c["wanted"]),
            request=q,
        ),
        "The contact with the mediation adviser has been recorded.",
    ),
    "held": Action(
        "Record that mediation was held",
        dispute_forms.HeldForm,
        lambda u, d, c, q: services.record_mediation_held(
            user=u, dispute=d, expected_version=c["version"], held_on=c["held_on"], request=q
        ),
        "Mediation has been recorded. The certificate is due within 3 working days.",
    ),
    "certificate": Action(
        "Record the mediation certificate",
        dispute_forms.CertificateForm,
        lambda u, d, c, q: services.record_certificate(
            user=u, dispute=d, expected_version=c["version"], issued_on=c["issued_on"], request=q
        ),
        "The certificate has been recorded.",
    ),
    "agreement": Action(
        "Record an agreement at mediation",
        dispute_forms.AgreementForm,
        lambda u, d, c, q: services.record_mediation_agreement(
            user=u,
            dispute=d,
            expected_version=c["version"],
            agreed_on=c["agreed_on"],
            order_made=c["order_made"],
            details=c["details"],
            request=q,
        ),
        "The agreement has been recorded with its deadlines.",
    ),
    "appeal": Action(
        "Record the appeal",
        dispute_forms.AppealForm,
        lambda u, d, c, q: services.record_appeal(
            user=u,
            dispute=d,
            expected_version=c["version"],
            lodged_on=c["lodged_on"],
            reference=c["reference"],
            request=q,
        ),
        "The appeal has been recorded. The council's response is due within 30 working days.",
    ),
    "response": Action(
        "Record the council's response",
        dispute_forms.ResponseForm,
        lambda u, d, c, q: services.record_response(
            user=u, dispute=d, expected_version=c["version"], sent_on=c["sent_on"], request=q
        ),
        "The response has been recorded.",
    ),
    "unopposed": Action(
        "Record that the council will not oppose (reg 45)",
        dispute_forms.UnopposedForm,
        lambda u, d, c, q: services.record_unopposed(
            user=u,
            dispute=d,
            expected_version=c["version"],
            notified_on=c["notified_on"],
            details=c["details"],
            request=q,
        ),
        "Recorded. The regulation 45 deadlines are on the dispute.",
    ),
    "hearing": Action(
        "Record the hearing date",
        dispute_forms.HearingForm,
        lambda u, d, c, q: services.record_hearing(
            user=u, dispute=d, expected_version=c["version"], hearing_on=c["hearing_on"], request=q
        ),
        "The hearing date has been recorded.",
    ),
    "outcome": Action(
        "Record the outcome",
        dispute_forms.OutcomeForm,
        lambda u, d, c, q: services.record_outcome(
            user=u,
            dispute=d,
            expected_version=c["version"],
            outcome=c["outcome"],
            decided_on=c["decided_on"],
            order_made=c["order_made"],
            details=c["details"],
            request=q,
        ),
        "The outcome has been recorded, with the deadlines of any order.",
    ),
    "step": Action(
        "Record a step of the order as done",
        dispute_forms.StepForm,
        lambda u, d, c, q: services.complete_step(
            user=u,
            dispute=d,
            expected_version=c["version"],
            step_id=c["step_id"],
            done_on=c["done_on"],
            request=q,
        ),
        "The step has been recorded.",
    ),
    "close": Action(
        "Close: not taken to appeal",
        dispute_forms.CloseForm,
        lambda u, d, c, q: services.close_without_appeal(
            user=u, dispute=d, expected_version=c["version"], closed_on=c["closed_on"], request=q
        ),
        "The dispute has been closed.",
    ),
    "causes": Action(
        "Record the root causes",
        dispute_forms.CausesForm,
        lambda u, d, c, q: services.record_root_causes(
            user=u, dispute=d, expected_version=c["version"], causes=c["causes"], notes=c["notes"], request=q
        ),
        "The root causes have been recorded.",
    ),
    "cost": Action(
        "Record a cost",
        dispute_forms.CostForm,
        lambda u, d, c, q: costs.record_dispute_cost(
            user=u,
            dispute=d,
            item=c["item"],
            on=c["on"],
            amount=c["amount"],
            hours=c["hours"],
            officer_role=c["officer_role"],
            rate=c["rate"],
            supplier_name=c["supplier_name"],
            description=c["description"],
            request=q,
        ),
        "The cost has been added to the ledger.",
        versioned=False,
    ),
}


@signed_in
def action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404("No such action")
    dispute = dispute_or_404(request, pk)
    if not (services.is_caseworker(request.user, dispute) or services.may_see_costs(request.user, dispute)):
        raise PermissionDenied("Only the council's SEND team records the steps of a dispute.")
    allowed = services.allowed_actions(request.user, dispute)
    if action not in allowed:
        if not services.is_caseworker(request.user, dispute):
            raise PermissionDenied("Finance officers record costs only.")
        posted = request.POST.get("version", "")
        if request.method == "POST" and posted.isdigit() and int(posted) != dispute.version:
            messages.error(
                request,
                f"This dispute was changed by {changed_by(dispute)}, after you opened the form. It is now at "
                f"'{dispute.get_stage_display()}'. Nothing you entered has been saved.",
            )
        else:
            messages.error(
                request, f"That cannot be done while the dispute is at '{dispute.get_stage_display()}'."
            )
        return redirect("disputes:detail", pk=dispute.pk)
    record_child_read(request, dispute.child, f"Dispute step: {spec.title}", obj=dispute)
    initial = {"version": dispute.version, "causes": dispute.root_causes, "notes": dispute.root_cause_notes}
    extra: dict[str, Any] = {}
    if action == "step":
        extra["steps"] = [
            (s.pk, f"{STEP_LABELS.get(s.step, s.step)} (by {s.due:%-d %B %Y})")
            for s in selectors.steps_of(dispute)
            if s.status == StepStatus.OPEN
        ]
    form = spec.form(request.POST or None, initial=initial, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            spec.run(request.user, dispute, form.cleaned_data, request)
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
            return redirect("disputes:detail", pk=dispute.pk)
    checkboxes = _checkbox_items(form["causes"]) if "causes" in form.fields else None
    return render(
        request,
        "disputes/action.html",
        {
            "dispute": dispute,
            "child": dispute.child,
            "form": form,
            "title": spec.title,
            "errors": govuk_error_summary(form),
            "checkboxes": checkboxes,
        },
    )


# -- the tribunal outcomes review (managers) ---------------------------------------------------------
def _review_year(request: HttpRequest, available: list[int]) -> int | None:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and int(raw) in available else None


@roles_only({Role.MANAGER})
def outcomes_review(request: HttpRequest) -> HttpResponse:
    """Appeals by decision type and outcome, cost per appeal, the share conceded before a
    hearing and the root causes, with charts, tables and CSV downloads. Names no child."""
    la_id = request.user.local_authority_id  # type: ignore[union-attr]
    available = review.years(la_id)
    year = _review_year(request, available)
    data = review.build(la_id, year)
    pounds: Callable[[float], str] = lambda v: f"£{v:,.0f}"  # noqa: E731
    context = {
        "r": data,
        "columns": review.OUTCOME_COLUMNS,
        "year_items": select_items([(y, str(y)) for y in available], str(year or ""), "All years"),
        "year": year,
        "summary": review.summary(data),
        "chart_decisions": charts.bar_chart(
            "Appeals by decision appealed", [(r["label"], r["total"]) for r in data.by_decision]
        ),
        "chart_outcomes": charts.bar_chart(
            "Appeals by outcome",
            [(label, data.outcome_totals.get(k, 0)) for k, label in review.OUTCOME_COLUMNS],
        ),
        "chart_costs": charts.bar_chart(
            "Process cost per appeal by decision appealed",
            [(r["label"], (r["per_appeal_pence"] or 0) / 100) for r in data.costs],
            pounds,
        ),
        "chart_causes": charts.bar_chart(
            "Root causes recorded", [(r["label"], r["count"]) for r in data.causes]
        ),
    }
    return render(request, "disputes/review.html", context)


@roles_only({Role.MANAGER})
def outcomes_csv(request: HttpRequest, table: str) -> HttpResponse:
    la_id = request.user.local_authority_id  # type: ignore[union-attr]
    year = _review_year(request, review.years(la_id))
    rows = review.csv_rows(review.build(la_id, year), table)
    if rows is None:
        raise Http404("No such table")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tribunal-{table}-{year or "all"}.csv"'
    writer = csv.writer(response)
    writer.writerows(rows)
    record(
        user=request.user,
        action=AuditAction.EXPORT,
        object_type="disputes.review",
        object_id=table,
        local_authority_id=la_id,
        summary=f"Tribunal outcomes review CSV: {table}",
        request=request,
    )
    return response
