"""EHC plan pages: reading a plan (HTML and PDF), comparing versions, drafting section by
section, amending and issuing, and the family's comments on a draft.

Views are thin: the plan is found through ``selectors.visible_plans`` (404 and an audited
refusal for anyone who may not see the child), every read is audited, and every change goes
through ``plans.services``, whose DomainErrors are shown in the GOV.UK error summary.
"""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from markupsafe import Markup

from sendpath.accounts.decorators import signed_in
from sendpath.audit.services import record_child_read
from sendpath.common.deadlines import due_state
from sendpath.common.errors import DomainError, StaleRecord
from sendpath.common.forms import govuk_error_summary
from sendpath.common.http import refuse_unseen
from sendpath.law.calendar import add_months
from sendpath.organisations.selectors import settings_in
from sendpath.plans import diff, document, quality, selectors, services
from sendpath.plans.forms import (
    AmendForm,
    IssueForm,
    NeedForm,
    OutcomeForm,
    PlacementForm,
    ProvisionForm,
    SectionTextForm,
)
from sendpath.plans.models import (
    TEXT_SECTIONS,
    Need,
    Outcome,
    Plan,
    PlanVersion,
    Provision,
    Section,
    SectionText,
    VersionStatus,
)
from sendpath.progress.selectors import last_progress_by_plan
from sendpath.reviews import ceasing, interim
from sendpath.reviews.services import is_la_decider

PROVISION_SECTIONS = ("F", "G", "H1", "H2")
#: Sections written as free text: A, C, D, I and J, and the opening text of G, H1 and H2.
FREE_TEXT = {s.value for s in TEXT_SECTIONS} | {"G", "H1", "H2"}


# -- finding the plan ------------------------------------------------------------------------
def plan_or_404(request: HttpRequest, pk: int) -> Plan:
    """The plan, if the user may see its child; otherwise 404 and an audited refusal."""
    plan = (
        selectors.visible_plans(request.user).select_related("child", "child__setting").filter(pk=pk).first()
    )
    if plan is None:
        refuse_unseen(request, Plan, pk)
    return plan


def readable_plan(request: HttpRequest, pk: int) -> Plan:
    """The plan, if the user may read it: 404 if they may not see the child, 403 if they may
    see the child but not this plan (a setting consulted but not named, for example)."""
    plan = plan_or_404(request, pk)
    if not selectors.reads_plan(request.user, plan):
        raise PermissionDenied("You cannot read this plan.")
    return plan


def writable_plan(request: HttpRequest, pk: int) -> Plan:
    plan = plan_or_404(request, pk)
    if not services.may_write(request.user, plan):
        raise PermissionDenied("Only the council's EHC coordinators and SEND managers can change a plan.")
    return plan


def draft_or_redirect(request: HttpRequest, plan: Plan) -> PlanVersion | None:
    draft = services.open_draft(plan)
    if draft is None:
        messages.error(request, "There is no draft of this plan to change. Start an amendment first.")
    return draft


def _errors_into(form: django_forms.Form, exc: DomainError) -> None:
    for field, message in exc.errors.items() or [(None, exc.message)]:
        form.add_error(field if field in form.fields else None, message)


# -- reading -----------------------------------------------------------------------------------
def labels(doc: document.Document | None) -> dict[str, str]:
    """'Need 1', 'Outcome 2': how lines refer to each other on the page and in the PDF."""
    if doc is None:
        return {}
    names = {n["key"]: f"Need {i}" for i, n in enumerate(doc.needs, 1)}
    names |= {o["key"]: f"Outcome {i}" for i, o in enumerate(doc.outcomes, 1)}
    return names


def accessible(marked: str) -> Markup:
    """``diff.mark``'s escaped HTML, with a word a screen reader reads at each change."""
    return Markup(  # noqa: S704 - ``marked`` is escaped by diff.mark; only its own tags are added to
        marked.replace("<ins>", '<ins><span class="govuk-visually-hidden">added: </span>').replace(
            "<del>", '<del><span class="govuk-visually-hidden">removed: </span>'
        )
    )


def _plan_context(request: HttpRequest, plan: Plan, version: PlanVersion | None) -> dict[str, Any]:
    versions = selectors.readable_versions(request.user, plan)
    doc = document.load(version) if version is not None else None
    # Ceasing is told to the council and the family (the family also by email).
    cessation = (
        plan.cessations.order_by("-pk").first()
        if getattr(request.user, "is_la_staff", False) or selectors.is_family_of(request.user, plan)
        else None
    )
    return {
        "plan": plan,
        "child": plan.child,
        "version": version,
        "doc": doc,
        "labels": labels(doc),
        "versions": versions,
        "issued": [v for v in versions if v.status == VersionStatus.ISSUED],
        "review_state": due_state(plan.review_due, timezone.localdate()) if plan.review_due else None,
        "sections": Section,
        "provision_sections": PROVISION_SECTIONS,
        "can_write": services.may_write(request.user, plan),
        "can_comment": selectors.is_family_of(request.user, plan)
        and any(v.status == VersionStatus.DRAFT for v in versions),
        # The council sees when anyone last looked at the outcomes: a term without a rating
        # is a plan nobody is checking.
        "last_progress": last_progress_by_plan([plan.pk])[plan.pk]
        if getattr(request.user, "is_la_staff", False)
        else None,
        "show_progress": getattr(request.user, "is_la_staff", False),
        # The family and the council's coordinators and managers read the progress summary.
        "shows_progress_link": selectors.is_family_of(request.user, plan)
        or is_la_decider(request.user, plan),
        "interim": interim.suggestion(plan, plan.child.date_of_birth, timezone.localdate()),
        "cessation": cessation,
        "cessation_timeline": ceasing.timeline(cessation) if cessation else [],
        "may_cease": is_la_decider(request.user, plan),
        # Reg 18(2) applies to young people over compulsory school age (16 and over).
        "post16": add_months(plan.child.date_of_birth, 192) <= timezone.localdate(),
    }


def _default_version(versions: list[PlanVersion]) -> PlanVersion | None:
    issued = [v for v in versions if v.status == VersionStatus.ISSUED]
    if issued:
        return issued[-1]
    return versions[-1] if versions else None


@signed_in
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan in force (or, before the first is issued, the draft the reader may see)."""
    plan = readable_plan(request, pk)
    record_child_read(request, plan.child, "EHC plan", obj=plan)
    version = _default_version(selectors.readable_versions(request.user, plan))
    return render(request, "plans/plan.html", _plan_context(request, plan, version))


def _version_or_404(request: HttpRequest, plan: Plan, number: int) -> PlanVersion:
    for version in selectors.readable_versions(request.user, plan):
        if version.number == number:
            return version
    raise Http404("No such version")


@signed_in
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    plan = readable_plan(request, pk)
    version = _version_or_404(request, plan, number)
    record_child_read(request, plan.child, f"EHC plan, version {number}", obj=plan)
    return render(request, "plans/plan.html", _plan_context(request, plan, version))


@signed_in
def version_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The version as a PDF, rendered from the same document template as the page."""
    from sendpath.plans import pdf

    plan = readable_plan(request, pk)
    version = _version_or_404(request, plan, number)
    record_child_read(request, plan.child, f"EHC plan PDF, version {number}", obj=plan)
    return pdf.pdf_response(request, _plan_context(request, plan, version))


@signed_in
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two versions side by side, section by section, the changes marked."""
    plan = readable_plan(request, pk)
    record_child_read(request, plan.child, "EHC plan, versions compared", obj=plan)
    versions = selectors.readable_versions(request.user, plan)
    by_number = {v.number: v for v in versions}

    def pick(name: str, default: int | None) -> PlanVersion | None:
        raw = request.GET.get(name, "")
        return by_number.get(int(raw)) if raw.isdigit() and int(raw) in by_number else by_number.get(default)

    numbers = sorted(by_number)
    old = pick("from", numbers[-2] if len(numbers) > 1 else None)
    new = pick("to", numbers[-1] if numbers else None)
    changes = None
    if old is not None and new is not None and old.pk != new.pk:
        changes = diff.compare(document.load(old), document.load(new))
        for section in changes:
            for change in section.changes:
                change.accessible = accessible(change.marked)  # type: ignore[attr-defined]
    return render(
        request,
        "plans/compare.html",
        {
            "plan": plan,
            "child": plan.child,
            "versions": versions,
            "old": old,
            "new": new,
            "changed": [s for s in changes if s.changed] if changes else [],
            "unchanged": [s for s in changes if not s.changed] if changes else [],
            "compared": changes is not None,
        },
    )


# -- drafting ----------------------------------------------------------------------------------
@signed_in
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft as a task list, with the quality checks and the family's comments."""
    plan = writable_plan(request, pk)
    record_child_read(request, plan.child, "EHC plan draft", obj=plan)
    version = services.open_draft(plan)
    context: dict[str, Any] = {
        "plan": plan,
        "child": plan.child,
        "version": version,
        "can_amend": version is None and services.current_version(plan) is not None,
        "amend_form": AmendForm(),
    }
    if version is not None:
        doc = document.load(version)
        flags = quality.check(doc)
        flagged = {f.section for f in flags}
        context.update(
            {
                "doc": doc,
                "labels": labels(doc),
                "provision_sections": PROVISION_SECTIONS,
                "flags": flags,
                "tasks": _tasks(plan, doc, flagged),
                "comments": list(version.comments.select_related("author", "requested_setting")),
                "comments_close": services.comments_close(version),
                "sections": Section,
            }
        )
    return render(request, "plans/draft.html", context)


def _tasks(plan: Plan, doc: document.Document, flagged: set[str]) -> list[dict[str, Any]]:
    """One row per section of the plan for the GOV.UK task list."""
    rows = []
    for section in Section:
        key = section.value
        if key in {s.value for s in TEXT_SECTIONS}:
            href = f"/plans/{plan.pk}/draft/sections/{key}/"
        elif key == "B":
            href = f"/plans/{plan.pk}/draft/#lines-B"
        elif key == "E":
            href = f"/plans/{plan.pk}/draft/#lines-E"
        elif key in PROVISION_SECTIONS:
            href = f"/plans/{plan.pk}/draft/#lines-provision"
        else:
            href = f"/plans/{plan.pk}/draft/#lines-K"
        rows.append({"key": key, "title": section.label, "href": href, "problems": key in flagged})
    return rows


@signed_in
def section_edit(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """One text section, saved on its own. A stale save keeps the typed text and says who
    changed the section, and when."""
    if section not in FREE_TEXT:
        raise Http404("No such section")
    plan = writable_plan(request, pk)
    version = draft_or_redirect(request, plan)
    if version is None:
        return redirect("plans:draft", pk=plan.pk)
    record_child_read(request, plan.child, f"EHC plan draft, section {section}", obj=plan)
    row, _ = SectionText.objects.get_or_create(version=version, section=section)
    initial: dict[str, Any] = {"text": row.text, "revision": row.revision}
    the_settings = list(settings_in(plan.local_authority_id)) if section == "I" else []

    def make_form(data: Any) -> SectionTextForm:
        if section != "I":
            return SectionTextForm(data, initial=initial)
        initial["named_setting"] = str(version.named_setting_id or "")
        return PlacementForm(data, initial=initial, settings=[(s.pk, s.name) for s in the_settings])

    form = make_form(request.POST or None)
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            if section == "I":
                chosen = form.cleaned_data["named_setting"]
                services.save_placement(
                    user=request.user,
                    version=version,
                    text=form.cleaned_data["text"],
                    setting=next((s for s in the_settings if str(s.pk) == chosen), None),
                    expected_revision=form.cleaned_data["revision"],
                    request=request,
                )
            else:
                services.save_section_text(
                    user=request.user,
                    version=version,
                    section=section,
                    text=form.cleaned_data["text"],
                    expected_revision=form.cleaned_data["revision"],
                    request=request,
                )
        except StaleRecord as exc:
            data = request.POST.copy()
            data["revision"] = str(exc.current_version)
            form = make_form(data)
            form.is_valid()
            form.add_error(None, exc.message)
            row.refresh_from_db()
            current = row.text
        except DomainError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, f"Section {section} has been saved.")
            return redirect("plans:draft", pk=plan.pk)
    return render(
        request,
        "plans/section_form.html",
        {
            "plan": plan,
            "child": plan.child,
            "version": version,
            "title": Section(section).label,
            "form": form,
            "current": current,
            "requested": [
                c.requested_setting.name
                for c in version.comments.select_related("requested_setting")
                if c.requested_setting_id
            ]
            if section == "I"
            else [],
            "errors": govuk_error_summary(form),
        },
    )


LINES: dict[str, tuple[type, str]] = {
    "needs": (Need, "need (section B)"),
    "outcomes": (Outcome, "outcome (section E)"),
    "provision": (Provision, "provision line"),
}


def _line(version: PlanVersion, kind: str, line: int | None) -> Any:
    if kind not in LINES:
        raise Http404("No such kind of line")
    if line is None:
        return None
    found = selectors.line_of(version, LINES[kind][0], line)
    if found is None:
        raise Http404("No such line")
    return found


@signed_in
def line_edit(request: HttpRequest, pk: int, kind: str, line: int | None = None) -> HttpResponse:
    """Add or change a need, an outcome or a provision line of the draft."""
    if kind not in LINES:
        raise Http404("No such kind of line")
    plan = writable_plan(request, pk)
    version = draft_or_redirect(request, plan)
    if version is None:
        return redirect("plans:draft", pk=plan.pk)
    obj = _line(version, kind, line)
    record_child_read(request, plan.child, f"EHC plan draft, {LINES[kind][1]}", obj=plan)
    data = request.POST or None
    if kind == "needs":
        initial = {"area": obj.area, "description": obj.description, "revision": obj.revision} if obj else {}
        form: django_forms.Form = NeedForm(data, initial=initial)
    elif kind == "outcomes":
        initial = (
            {
                "text": obj.text,
                "timeframe": obj.timeframe,
                "needs": [str(n.pk) for n in obj.needs.all()],
                "revision": obj.revision,
            }
            if obj
            else {}
        )
        needs = [(n.pk, f"{n.get_area_display()}: {n.description[:80]}") for n in version.needs.all()]
        form = OutcomeForm(data, initial=initial, needs=needs)
    else:
        initial = (
            {
                "section": obj.section,
                "what": obj.what,
                "who": obj.who,
                "frequency": obj.frequency,
                "duration": obj.duration,
                "where": obj.where,
                "outcomes": [str(o.pk) for o in obj.outcomes.all()],
                "revision": obj.revision,
            }
            if obj
            else {"section": request.GET.get("section", "F")}
        )
        outcomes = [(o.pk, o.text[:80]) for o in version.outcomes.all()]
        form = ProvisionForm(data, initial=initial, outcomes=outcomes)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if kind == "needs":
                saved = services.save_need(
                    user=request.user,
                    version=version,
                    area=d["area"],
                    description=d["description"],
                    need=obj,
                    expected_revision=d.get("revision"),
                    request=request,
                )
            elif kind == "outcomes":
                saved = services.save_outcome(
                    user=request.user,
                    version=version,
                    text=d["text"],
                    timeframe=d["timeframe"],
                    need_ids=[int(x) for x in d["needs"]],
                    outcome=obj,
                    expected_revision=d.get("revision"),
                    request=request,
                )
            else:
                saved = services.save_provision(
                    user=request.user,
                    version=version,
                    what=d["what"],
                    who=d["who"],
                    frequency=d["frequency"],
                    duration=d["duration"],
                    where=d["where"],
                    section=d["section"],
                    outcome_ids=[int(x) for x in d["outcomes"]],
                    provision=obj,
                    expected_revision=d.get("revision"),
                    request=request,
                )
        except StaleRecord as exc:
            # Keep what was typed, against the line as it now is, so a second save works.
            data = request.POST.copy()
            data["revision"] = str(exc.current_version)
            form = type(form)(
                data,
                initial=initial,
                **({"needs": needs} if kind == "outcomes" else {}),
                **({"outcomes": outcomes} if kind == "provision" else {}),
            )
            form.is_valid()
            _errors_into(form, exc)
        except DomainError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, f"The {LINES[kind][1]} has been saved.")
            anchor = {"needs": "need", "outcomes": "outcome", "provision": "provision"}[kind]
            return redirect(f"/plans/{plan.pk}/draft/#{anchor}-{saved.key}")
    verb = "Change" if obj else "Add"
    return render(
        request,
        "plans/line_form.html",
        {
            "plan": plan,
            "child": plan.child,
            "version": version,
            "title": f"{verb} a {LINES[kind][1]}",
            "form": form,
            "obj": obj,
            "kind": kind,
            "errors": govuk_error_summary(form),
        },
    )


@signed_in
def line_remove(request: HttpRequest, pk: int, kind: str, line: int) -> HttpResponse:
    """Confirm, then remove one line of the draft."""
    if kind not in LINES:
        raise Http404("No such kind of line")
    plan = writable_plan(request, pk)
    version = draft_or_redirect(request, plan)
    if version is None:
        return redirect("plans:draft", pk=plan.pk)
    obj = _line(version, kind, line)
    record_child_read(request, plan.child, f"EHC plan draft, remove a {LINES[kind][1]}", obj=plan)
    error = None
    if request.method == "POST":
        try:
            services.remove_line(user=request.user, version=version, line=obj, request=request)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, f"The {LINES[kind][1]} has been removed.")
            return redirect("plans:draft", pk=plan.pk)
    label = getattr(obj, "description", None) or getattr(obj, "text", None) or obj.what
    return render(
        request,
        "plans/remove.html",
        {
            "plan": plan,
            "child": plan.child,
            "title": f"Remove this {LINES[kind][1]}?",
            "label": label,
            "errors": {"titleText": "There is a problem", "errorList": [{"text": error}]} if error else None,
        },
    )


@signed_in
def amend(request: HttpRequest, pk: int) -> HttpResponse:
    """Start an amendment: a new draft copied from the plan in force."""
    plan = writable_plan(request, pk)
    if services.open_draft(plan) is not None or services.current_version(plan) is None:
        messages.error(
            request,
            "An amendment can be started only from an issued plan with no draft already open.",
        )
        return redirect("plans:draft", pk=plan.pk)
    record_child_read(request, plan.child, "EHC plan, start an amendment", obj=plan)
    form = AmendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.start_amendment(
                user=request.user, plan=plan, reason=form.cleaned_data["reason"], request=request
            )
        except DomainError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, f"Version {version.number} has been started as a draft.")
            return redirect("plans:draft", pk=plan.pk)
    return render(
        request,
        "plans/simple_form.html",
        {
            "plan": plan,
            "child": plan.child,
            "title": "Start an amendment",
            "form": form,
            "button": "Start the amendment",
            "errors": govuk_error_summary(form),
        },
    )


@signed_in
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue an amended version. The first version is issued by the assessment case's
    'Issue the final plan' action, which also names the setting and starts the review clock."""
    plan = writable_plan(request, pk)
    version = draft_or_redirect(request, plan)
    if version is None:
        return redirect("plans:draft", pk=plan.pk)
    if version.number == 1:
        messages.error(request, "The first plan is issued from the assessment case: 'Issue the final plan'.")
        return redirect("plans:draft", pk=plan.pk)
    record_child_read(request, plan.child, "EHC plan, issue a version", obj=plan)
    form = IssueForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.issue_version(
                user=request.user, version=version, on=form.cleaned_data["on"], request=request
            )
        except DomainError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, f"Version {version.number} has been issued.")
            return redirect("plans:version", pk=plan.pk, number=version.number)
    return render(
        request,
        "plans/simple_form.html",
        {
            "plan": plan,
            "child": plan.child,
            "title": f"Issue version {version.number}",
            "form": form,
            "button": "Issue this version",
            "warning": "Once issued, this version cannot be changed.",
            "errors": govuk_error_summary(form),
        },
    )
