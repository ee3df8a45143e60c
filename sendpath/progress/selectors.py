"""Reading progress: targets for a pupil, summaries per outcome, and when progress was last
recorded. ``outcome_summaries`` is what the annual review paperwork calls."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, QuerySet

from sendpath.accounts.roles import Role
from sendpath.people.models import Child
from sendpath.people.selectors import visible_children
from sendpath.plans.models import Plan, PlanStatus
from sendpath.plans.services import current_version
from sendpath.progress.models import LEVEL_COLOUR, LEVEL_ORDER, Level, PupilProfile, Rating, Target

#: How many of the latest ratings the trend looks at.
TREND_WINDOW = 3


@dataclass(frozen=True)
class OutcomeSummary:
    outcome_key: str
    outcome: str
    timeframe: str
    targets: int
    evidence: int  # how many ratings there are
    last_level: str | None
    last_rated_at: dt.datetime | None
    trend: str | None  # "up", "level", "down"; None with fewer than two ratings

    @property
    def last_label(self) -> str:
        return Level(self.last_level).label if self.last_level else "Not yet rated"

    @property
    def last_colour(self) -> str:
        return LEVEL_COLOUR[Level(self.last_level)] if self.last_level else "grey"

    @property
    def trend_label(self) -> str:
        return {"up": "Improving", "level": "Steady", "down": "Falling back"}.get(
            self.trend or "", "Not enough ratings yet"
        )


def trend(levels: list[str]) -> str | None:
    """Up, level or down across the last ratings (oldest first): the latest rating compared
    with the average of the ones before it in the window."""
    window = levels[-TREND_WINDOW:]
    if len(window) < 2:
        return None
    latest = LEVEL_ORDER[window[-1]]
    before = sum(LEVEL_ORDER[lv] for lv in window[:-1]) / (len(window) - 1)
    if latest > before:
        return "up"
    if latest < before:
        return "down"
    return "level"


def outcome_summaries(plan: Plan) -> list[OutcomeSummary]:
    """One summary per section E outcome of the plan in force, in the plan's order. Ratings
    of every target towards the outcome count, including targets no longer in use."""
    version = current_version(plan)
    if version is None:
        return []
    outcomes = list(version.outcomes.all())
    ratings: dict[str, list[Rating]] = {}
    for r in Rating.objects.filter(target__plan=plan).select_related("target").order_by("rated_at", "pk"):
        ratings.setdefault(r.target.outcome_key, []).append(r)
    target_counts: dict[str, int] = {}
    for key in Target.objects.filter(plan=plan, active=True).values_list("outcome_key", flat=True):
        target_counts[key] = target_counts.get(key, 0) + 1
    summaries = []
    for o in outcomes:
        rs = ratings.get(o.key, [])
        summaries.append(
            OutcomeSummary(
                outcome_key=o.key,
                outcome=o.text,
                timeframe=o.timeframe,
                targets=target_counts.get(o.key, 0),
                evidence=len(rs),
                last_level=rs[-1].level if rs else None,
                last_rated_at=rs[-1].rated_at if rs else None,
                trend=trend([r.level for r in rs]),
            )
        )
    return summaries


def last_progress_by_plan(plan_ids: Iterable[int]) -> dict[int, dt.datetime | None]:
    """When progress was last recorded against each plan (None if never)."""
    ids = list(plan_ids)
    found = dict(
        Target.objects.filter(plan_id__in=ids)
        .values("plan_id")
        .annotate(last=Max("ratings__rated_at"))
        .values_list("plan_id", "last")
    )
    return {pk: found.get(pk) for pk in ids}


def half_term_start(today: dt.date) -> dt.date:
    """The start of the current half-term, taking the usual English pattern of six
    half-terms: from 1 September, 1 November, 1 January, 20 February, 15 April and 1 June."""
    starts = [(1, 1), (2, 20), (4, 15), (6, 1), (9, 1), (11, 1)]
    current = [dt.date(today.year, m, d) for m, d in starts if dt.date(today.year, m, d) <= today]
    return max(current)


def unrated_pupils(user: Any, today: dt.date) -> list[dict[str, Any]]:
    """The SENCO's pupils with a plan in force that nobody has rated this half-term, with
    when progress was last recorded."""
    plans = list(
        Plan.objects.filter(
            child__in=visible_children(user).filter(setting_id=user.setting_id), status=PlanStatus.ACTIVE
        )
        .select_related("child")
        .order_by("child__last_name", "child__first_name")[:500]
    )
    last = last_progress_by_plan(p.pk for p in plans)
    since = half_term_start(today)
    return [
        {"plan": p, "child": p.child, "last": last[p.pk]}
        for p in plans
        if last[p.pk] is None or last[p.pk].date() < since
    ]


def teacher_pupils(user: Any) -> QuerySet[Child]:
    """The teacher's assigned pupils at their setting who have a plan in force."""
    return (
        visible_children(user)
        .filter(plans__status=PlanStatus.ACTIVE)
        .distinct()
        .order_by("last_name", "first_name")
    )


def current_targets(user: Any, child: Child, plan: Plan | None) -> list[Target]:
    """The plan's targets in use: a teacher sees only those they are named on."""
    if plan is None:
        return []
    targets = Target.objects.filter(plan=plan, active=True)
    if getattr(user, "role", None) == Role.TEACHER:
        targets = targets.filter(teachers=user)
    targets = list(targets.prefetch_related("teachers"))
    latest: dict[int, Rating] = {}
    for r in Rating.objects.filter(target__in=targets).order_by("rated_at", "pk"):
        latest[r.target_id] = r
    for t in targets:
        t.latest = latest.get(t.pk)  # type: ignore[attr-defined]
    return targets


def target_of(child: Child, pk: int) -> Target | None:
    """One target of the child's plans (the caller checks who may act on it)."""
    return Target.objects.filter(pk=pk, plan__child=child).select_related("plan__child").first()


def retired_targets(plan: Plan) -> list[Target]:
    """Targets no longer in use, newest first, each with how many ratings it keeps."""
    return list(
        Target.objects.filter(plan=plan, active=False)
        .select_related("retired_by")
        .annotate(rating_count=Count("ratings"))
        .order_by("-retired_at", "-pk")
    )


def profile_of(child: Child) -> PupilProfile | None:
    return PupilProfile.objects.filter(child=child).first()
