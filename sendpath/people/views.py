"""Children's records: find a child, read the record, correct it, and see its audit trail.

Every view reads through ``people.selectors`` (scoped to the user) and writes an audit
event for each read of a child's record.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sendpath.accounts.decorators import roles_only, signed_in
from sendpath.accounts.roles import LA_ROLES, SERVICE_ROLES, Role
from sendpath.assessments.selectors import requests_for_child
from sendpath.audit.selectors import events_for_child
from sendpath.audit.services import record_child_list, record_child_read
from sendpath.common.deadlines import due_state
from sendpath.common.errors import DomainError, StaleRecord
from sendpath.common.forms import govuk_error_summary
from sendpath.common.http import refuse_as_not_found
from sendpath.people import selectors, services
from sendpath.people.forms import ChildForm
from sendpath.people.models import Child
from sendpath.people.rules import edits_child, reads_child_audit
from sendpath.plans.selectors import plans_for_child

LIST_ROLES = LA_ROLES | SERVICE_ROLES | {Role.SENCO}


def visible_child_or_404(request: HttpRequest, pk: int, children: QuerySet[Child] | None = None) -> Child:
    """The child, if this user may see them. Otherwise 404, as if there were no such child,
    and the refused attempt is recorded in the audit trail."""
    scope = children if children is not None else selectors.visible_children(request.user)
    child = scope.filter(pk=pk).first()
    if child is None:
        area = selectors.area_of_child(pk)
        refuse_as_not_found(request, (pk, area) if area is not None else None)
    return child


@roles_only(LIST_ROLES)
def child_list(request: HttpRequest) -> HttpResponse:
    """Find a child by name, UPN, ULN or NHS number."""
    query = request.GET.get("q", "")[:100]
    page = Paginator(selectors.search_children(request.user, query), 25).get_page(request.GET.get("page"))
    record_child_list(request, [c.pk for c in page], "Children list")
    return render(request, "people/list.html", {"page": page, "q": query})


@signed_in
def child_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A child's record: details, family, requests and plans."""
    child = visible_child_or_404(
        request, pk, selectors.visible_children(request.user).select_related("setting")
    )
    record_child_read(request, child, "Child's record")
    today = timezone.localdate()
    family = request.user.is_family  # type: ignore[union-attr]
    plans = list(plans_for_child(child))
    return render(
        request,
        "people/detail.html",
        {
            "child": child,
            "carers": list(selectors.carers_of(child)) if not request.user.is_setting_staff else [],  # type: ignore[union-attr]
            "requests": list(requests_for_child(child)),
            "plans": [{"plan": p, "state": due_state(p.review_due, today)} for p in plans],
            "can_edit": edits_child(request.user, child),
            "can_audit": reads_child_audit(request.user, child),
            "is_family": family,
        },
    )


@signed_in
def child_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a child's details. A stale form is refused and the input kept."""
    child = visible_child_or_404(request, pk)
    if not edits_child(request.user, child):
        raise PermissionDenied("Only the council's SEND team can change a child's details.")
    record_child_read(request, child, "Child's details form")
    initial = {f: getattr(child, f) for f in services.EDITABLE_FIELDS} | {"version": child.version}
    form = ChildForm(request.POST or None, initial=initial)
    stale = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.update_child(
                user=request.user,
                child=child,
                expected_version=form.cleaned_data["version"],
                data=data,
                request=request,
            )
        except StaleRecord as exc:
            # Keep everything typed, but against the record as it now is, so a second
            # deliberate save succeeds.
            data = request.POST.copy()
            data["version"] = str(exc.current_version)
            form = ChildForm(data, initial=initial)
            form.is_valid()
            stale = exc.message
            form.add_error(None, exc.message)
        except DomainError as exc:
            for field, message in exc.errors.items() or [(None, exc.message)]:
                form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, "The child's details have been saved.")
            return redirect("people:detail", pk=child.pk)
    return render(
        request,
        "people/edit.html",
        {"child": child, "form": form, "errors": govuk_error_summary(form), "stale": stale},
    )


@signed_in
def child_audit(request: HttpRequest, pk: int) -> HttpResponse:
    """Who read or changed this child's record, and when. Reading it is itself audited."""
    child = visible_child_or_404(request, pk)
    if not reads_child_audit(request.user, child):
        raise PermissionDenied("Only a SEND team manager can see who opened a record.")
    record_child_read(request, child, "Audit trail of the child's record")
    return render(request, "people/audit.html", {"child": child, "events": list(events_for_child(child.pk))})
