"""Each role's home page: what this person has to do now.

One function per role. Each returns the template, its context, and the ids of the children
the page names, so the view can write one audit event for the list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from sendpath.accounts.models import User
from sendpath.accounts.roles import Role
from sendpath.assessments import selectors as cases
from sendpath.assessments.clocks import next_limit
from sendpath.assessments.narrative import family_story
from sendpath.assessments.workflow import Stage
from sendpath.audit.models import AuditEvent
from sendpath.common.deadlines import due_state
from sendpath.common.terms import term_end, term_name
from sendpath.disputes import selectors as disputes
from sendpath.funding.selectors import funding_summary, placements_by_setting_kind
from sendpath.imports.selectors import runs_for as import_runs
from sendpath.law.clocks import LIMITS
from sendpath.people.models import Child
from sendpath.people.selectors import visible_children
from sendpath.plans import selectors as plans
from sendpath.plans.models import PlanStatus
from sendpath.progress import selectors as progress
from sendpath.returns.selectors import latest_run as latest_sen2_run
from sendpath.reviews.interim import suggestion as interim_suggestion


@dataclass
class Dashboard:
    template: str
    context: dict[str, Any]
    child_ids: list[int] = field(default_factory=list)


def coordinator(user: User, today: dt.date) -> Dashboard:
    open_cases = list(cases.coordinator_open_cases(user)[:200])
    reviews = list(plans.coordinator_reviews_due(user, today + dt.timedelta(days=56))[:200])
    review = LIMITS["annual_review_due"]
    rows = [
        {
            "child": c.child,
            "case": c,
            "stage": c.get_stage_display(),
            "limit": next_limit(c),
            "due": c.next_due,
            "state": due_state(c.next_due, today),
            "ref": c.reference,
        }
        for c in open_cases
    ] + [
        {
            "child": p.child,
            "case": None,
            "stage": "Plan maintained",
            "limit": review,
            "due": p.review_due,
            "state": due_state(p.review_due, today),
            "ref": "",
        }
        for p in reviews
    ]
    rows.sort(key=lambda r: r["due"] or dt.date.max)
    overdue = [r for r in rows if r["state"].state == "overdue"]
    soon = [r for r in rows if r["state"].state == "soon"]
    return Dashboard(
        "home/coordinator.html",
        {
            "rows": rows,
            "overdue": len(overdue),
            "soon": len(soon),
            "open": len(open_cases),
            "late_advice": cases.late_advice_by_service(user, today),
            "disputes": disputes.counts(user.local_authority_id or 0, today, coordinator_id=user.pk),
        },
        [r["child"].pk for r in rows],
    )


def manager(user: User, today: dt.date) -> Dashboard:
    la = user.local_authority_id
    assert la is not None
    month_start = today.replace(day=1)
    within, issued = cases.decided_in_time(la, today - dt.timedelta(days=365), today)
    return Dashboard(
        "home/manager.html",
        {
            "stages": cases.stage_counts(la),
            "stage_labels": dict(Stage.choices),
            "overdue_cases": cases.overdue_requests(la, today).count(),
            "overdue_reviews": plans.overdue_reviews(la, today).count(),
            "breaches_this_month": cases.overdue_requests(la, today)
            .filter(next_due__gte=month_start)
            .count(),
            "workload": cases.workload(la, today),
            "active_plans": plans.active_plan_count(la),
            "within": within,
            "issued": issued,
            "disputes": disputes.counts(la, today),
        },
    )


def finance(user: User, today: dt.date) -> Dashboard:
    la = user.local_authority_id
    assert la is not None
    return Dashboard(
        "home/finance.html",
        {
            "by_kind": placements_by_setting_kind(la, today),
            "active_plans": plans.active_plan_count(la),
            "hnb": funding_summary(la, today),
        },
    )


def data_officer(user: User, today: dt.date) -> Dashboard:
    la = user.local_authority_id
    children = visible_children(user)
    missing = children.filter(upn="", uln="", upn_unknown="")
    census = dt.date(today.year + (1 if today.month > 1 else 0), 1, 15)
    return Dashboard(
        "home/data_officer.html",
        {
            "children": children.count(),
            "missing_ids": missing.count(),
            "missing_sample": list(missing[:20]),
            "no_nhs": children.filter(nhs_number="").count(),
            "census": census,
            "sen2_run": latest_sen2_run(user),
            "active_plans": plans.active_plan_count(la) if la else 0,
            "last_import": import_runs(user).first(),
        },
        [c.pk for c in missing[:20]],
    )


def senco(user: User, today: dt.date) -> Dashboard:
    end = term_end(today)
    reviews = list(plans.setting_reviews_due(user, end)[:200])
    consultations = list(cases.consultations_awaiting(user)[:100])
    advice = list(cases.setting_advice_requests(user)[:100])
    pupils = list(
        visible_children(user)
        .filter(setting_id=user.setting_id, plans__status=PlanStatus.ACTIVE)
        .distinct()[:500]
    )
    unrated = progress.unrated_pupils(user, today)
    return Dashboard(
        "home/senco.html",
        {
            "reviews": [{"plan": p, "state": due_state(p.review_due, today)} for p in reviews],
            "consultations": [{"c": c, "state": due_state(c.due_on, today)} for c in consultations],
            "advice": [{"a": a, "state": due_state(a.due_on, today)} for a in advice],
            "pupils": pupils,
            "term": term_name(today),
            "term_end": end,
            "unrated": unrated,
            "half_term_start": progress.half_term_start(today),
        },
        [p.child_id for p in reviews]
        + [c.child_id for c in consultations]
        + [a.request.child_id for a in advice]
        + [p.pk for p in pupils],
    )


def teacher(user: User, today: dt.date) -> Dashboard:
    """My pupils: the teacher's assigned pupils with a plan in force, each opening their
    targets."""
    pupils = list(progress.teacher_pupils(user)[:200])
    return Dashboard("home/teacher.html", {"pupils": pupils}, [p.pk for p in pupils])


def professional(user: User, today: dt.date) -> Dashboard:
    asked = list(cases.professional_advice_requests(user)[:300])
    rows = [{"a": a, "state": due_state(a.due_on, today)} for a in asked]
    return Dashboard(
        "home/professional.html",
        {
            "rows": rows,
            "late": sum(1 for r in rows if r["state"].state == "overdue"),
            "fortnight": sum(1 for r in rows if 0 <= (r["a"].due_on - today).days <= 14),
        },
        [a.request.child_id for a in asked],
    )


def family(user: User, today: dt.date) -> Dashboard:
    children = list(visible_children(user))
    cards = []
    for child in children:
        latest = cases.requests_for_child(child).first()
        plan = plans.active_plan(child)
        story = family_story(latest, list(latest.advice_requests.all()), today) if latest else []
        cards.append(
            {
                "child": child,
                "story": story,
                "plan": plan,
                "review_state": due_state(plan.review_due, today) if plan else None,
                "disputes": list(disputes.disputes_of_child(user, child)),
                "interim": interim_suggestion(plan, child.date_of_birth, today) if plan else None,
            }
        )
    return Dashboard(
        "home/family.html",
        {"cards": cards, "is_young_person": user.role == Role.YOUNG_PERSON},
        [c.pk for c in children],
    )


def councillor(user: User, today: dt.date) -> Dashboard:
    la = user.local_authority_id
    assert la is not None
    # Councillors see aggregates only, with small numbers suppressed (funding.md 6.2).
    from sendpath.figures.home import councillor_headlines

    return Dashboard("home/councillor.html", councillor_headlines(la, today))


def administrator(user: User, today: dt.date) -> Dashboard:
    from sendpath.accounts.models import User as UserModel

    roles = (
        UserModel.objects.filter(local_authority_id=user.local_authority_id)
        .values("role")
        .annotate(n=Count("pk"))
        .order_by("role")
    )
    return Dashboard(
        "home/admin.html",
        {
            "roles": [{"role": Role(r["role"]).label, "n": r["n"]} for r in roles],
            "all_users": UserModel.objects.count(),
            "events_today": AuditEvent.objects.filter(at__date=today).count(),
            "children": Child.objects.filter(local_authority_id=user.local_authority_id).count(),
        },
    )


DASHBOARDS: dict[str, Callable[[User, dt.date], Dashboard]] = {
    Role.COORDINATOR: coordinator,
    Role.MANAGER: manager,
    Role.FINANCE: finance,
    Role.DATA_OFFICER: data_officer,
    Role.SENCO: senco,
    Role.TEACHER: teacher,
    Role.EP: professional,
    Role.HEALTH: professional,
    Role.SOCIAL_CARE: professional,
    Role.PARENT: family,
    Role.YOUNG_PERSON: family,
    Role.COUNCILLOR: councillor,
    Role.ADMIN: administrator,
}
