"""Demo area: annual reviews at every stage (some breached), phase-transfer cohorts with the
settings consulted, planned mid-year post-16 moves, and a term of teacher ratings for some
schools.

Runs at the end of ``build_area``'s transaction, over what the generator has written. It
uses its own random generator (seeded from the area's), set-based updates and bulk inserts,
so a 20,000-plan area stays quick to build.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from django.db.models import Count, F, Q

from sendpath.accounts.models import User
from sendpath.accounts.roles import Role
from sendpath.assessments.models import Consultation, ConsultationResponse
from sendpath.law.clocks import post16_transfer_review_due
from sendpath.organisations.models import LocalAuthority, Phase, Setting, SettingKind
from sendpath.people.models import TeachingAssignment
from sendpath.plans.models import Outcome, Plan, PlanStatus, PlanVersion, VersionStatus
from sendpath.progress.models import LEVEL_ORDER, Level, Rating, Target
from sendpath.reviews.models import INVITEES, AnnualReview, PlannedMove, ReviewDecision, ReviewStage
from sendpath.reviews.services import refresh_clocks
from sendpath.reviews.transfers import PHASES, birth_window, cohort, transfer_year

LEVELS = [level.value for level in Level]
TERM_DAYS = 84
RATED_SHARE = 0.25  # schools whose teachers rate progress in sendpath
TARGET_BANK = (
    "Uses a visual timetable to move between activities",
    "Asks an adult for help using a help card",
    "Reads ten common exception words on sight",
    "Writes two sentences with capital letters and full stops",
    "Takes turns in a small-group game for five minutes",
    "Uses a calm-down strategy when upset, with one prompt",
    "Counts on from a given number to 20",
    "Follows a two-step instruction in class",
    "Packs their own bag at the end of the day",
    "Stays on task for ten minutes with a timer",
)


def make_reviews_demo(b: Any, la: LocalAuthority, staff: dict[str, list[Any]]) -> None:
    """Everything this module adds to the demo area ``la``; ``b`` is the generator's builder."""
    rng = random.Random(b.seed * 7919 + 5)
    today: dt.date = b.today
    _finish_history(rng, la, today)
    b.counts["open annual reviews"] += _open_reviews(rng, la, today)
    _infant_schools(rng, la, today)
    b.counts["phase transfer consultations"] += _transfer_consultations(rng, la, today)
    b.counts["planned post-16 moves"] += _planned_moves(rng, la, today)
    targets, ratings = _ratings(rng, la, today)
    b.counts["targets"] += targets
    b.counts["ratings"] += ratings


# -- annual reviews --------------------------------------------------------------------------
def _finish_history(rng: random.Random, la: LocalAuthority, today: dt.date) -> None:
    """The generator's past reviews carry their meeting and decision only: mark the decided
    ones decided (held, reported), and move those awaiting a decision to held or reported."""
    reviews = AnnualReview.objects.filter(plan__local_authority=la)
    reviews.filter(decided_on__isnull=False).update(
        stage=ReviewStage.DECIDED,
        held_on=F("meeting_on"),
        report_sent_on=F("meeting_on"),
        recommendation=F("decision"),
        invited=list(INVITEES),
    )
    waiting = list(reviews.filter(decided_on__isnull=True, meeting_on__lte=today).order_by("pk"))
    for review in waiting:
        review.held_on = review.meeting_on
        review.invited = list(INVITEES)
        review.child_views = "Told the meeting what they enjoy and what is hard."
        review.family_views = "Happy with progress; worried about the next school year."
        if rng.random() < 0.5:
            sent = review.meeting_on + dt.timedelta(days=rng.randint(3, 20))
            if sent <= today:
                review.report_sent_on = sent
                review.recommendation = rng.choice([ReviewDecision.MAINTAIN, ReviewDecision.AMEND])
                review.report_text = "The meeting recommends the plan continues with the changes discussed."
        review.stage = ReviewStage.REPORTED if review.report_sent_on else ReviewStage.HELD
        refresh_clocks(review)
    AnnualReview.objects.bulk_update(
        waiting,
        [
            "held_on",
            "invited",
            "child_views",
            "family_views",
            "report_sent_on",
            "recommendation",
            "report_text",
            "stage",
            "notice_latest",
            "report_due",
            "decision_due",
        ],
        batch_size=500,
    )


def _open_reviews(rng: random.Random, la: LocalAuthority, today: dt.date) -> int:
    """Reviews under way for plans due soon or overdue: arranged (a few with late notice),
    held (some with the report late), reported (some with the decision late). About a third
    of those plans have no review arranged at all, the overdue among them breached."""
    busy = AnnualReview.objects.filter(plan__local_authority=la).exclude(stage=ReviewStage.DECIDED)
    plans = (
        Plan.objects.filter(
            local_authority=la,
            status=PlanStatus.ACTIVE,
            review_due__gte=today - dt.timedelta(days=200),
            review_due__lte=today + dt.timedelta(days=70),
        )
        .exclude(pk__in=busy.values("plan_id"))
        .select_related("child")
        .order_by("pk")
    )
    made = []
    for plan in plans:
        roll = rng.random()
        if roll < 0.35:
            continue
        setting = plan.child.setting_id
        review = AnnualReview(
            plan=plan,
            due_on=plan.review_due,
            convened_by_id=setting,
            regulation=20 if setting else 21,
            invited=[k for k in INVITEES if setting or k != "setting"],
        )
        if roll < 0.65:
            review.stage = ReviewStage.CONVENED
            review.meeting_on = today + dt.timedelta(days=rng.randint(3, 45))
            notice = rng.randint(10, 35) if rng.random() < 0.15 else rng.randint(14, 35)
            review.convened_on = min(today, review.meeting_on - dt.timedelta(days=notice))
        else:
            held = today - dt.timedelta(days=rng.randint(1, 40))
            review.meeting_on = review.held_on = held
            review.convened_on = held - dt.timedelta(days=rng.randint(15, 40))
            review.child_views = "Likes art and the quiet room at lunch."
            review.family_views = "Wants more help with reading at home."
            review.professional_views = "Speech and language therapist: good progress on targets."
            review.stage = ReviewStage.HELD
            if roll >= 0.82:
                sent = held + dt.timedelta(days=rng.randint(4, 18))
                if sent <= today:
                    review.stage = ReviewStage.REPORTED
                    review.report_sent_on = sent
                    review.recommendation = rng.choice([ReviewDecision.MAINTAIN, ReviewDecision.AMEND])
                    review.report_text = "The meeting recommends the changes to section F discussed."
        refresh_clocks(review)
        made.append(review)
    AnnualReview.objects.bulk_create(made, batch_size=1000)
    return len(made)


# -- phase transfers ---------------------------------------------------------------------------
def _infant_schools(rng: random.Random, la: LocalAuthority, today: dt.date) -> None:
    """About one primary school in ten is an infant school, always including one that has a
    Year 2 child with a plan, so the infant-to-junior cohort has children in it."""
    primaries = list(
        Setting.objects.filter(
            local_authority=la,
            kind=SettingKind.MAINSTREAM,
            phase=Phase.PRIMARY,
            name__endswith="Primary School",
        ).order_by("pk")
    )
    if not primaries:
        return
    infant = next(p for p in PHASES if p.infant_school_only)
    earliest, latest = birth_window(transfer_year(today), infant)
    with_year_2 = sorted(
        set(
            Plan.objects.filter(
                local_authority=la,
                status=PlanStatus.ACTIVE,
                child__date_of_birth__range=(earliest, latest),
                child__setting__in=primaries,
            ).values_list("child__setting_id", flat=True)
        )
    )
    chosen = rng.sample(primaries, k=max(1, len(primaries) // 10))
    if with_year_2 and not any(s.pk in with_year_2 for s in chosen):
        pick = with_year_2[rng.randrange(len(with_year_2))]
        chosen[0] = next(s for s in primaries if s.pk == pick)
    for s in chosen:
        s.name = s.name.replace("Primary School", "Infant School")
    Setting.objects.bulk_update(chosen, ["name"])


NEXT_SETTING = {
    "early_years": (SettingKind.MAINSTREAM, Phase.PRIMARY),
    "infant": (SettingKind.MAINSTREAM, Phase.PRIMARY),
    "primary": (SettingKind.MAINSTREAM, Phase.SECONDARY),
    "post16": (SettingKind.FE_COLLEGE, Phase.POST_16),
}


def _transfer_consultations(rng: random.Random, la: LocalAuthority, today: dt.date) -> int:
    """For next September's cohorts: most children have a new setting consulted (agreed,
    refused or awaiting an answer); the rest none yet, which the list warns about as the
    deadline nears."""
    year = transfer_year(today)
    made = []
    for phase in PHASES:
        kind, to_phase = NEXT_SETTING[phase.key]
        options = list(Setting.objects.filter(local_authority=la, kind=kind, phase=to_phase).order_by("pk"))
        if not options:
            continue
        # In a fixed order (names can tie), so SQLite and PostgreSQL build the same area.
        for row in sorted(cohort(la.pk, year, phase, today), key=lambda r: r.plan.pk):
            if rng.random() < 0.3:
                continue
            sent = today - dt.timedelta(days=rng.randint(3, 80))
            answer = rng.choices(
                [
                    ConsultationResponse.CAN_MEET,
                    ConsultationResponse.CANNOT_MEET,
                    ConsultationResponse.AWAITING,
                ],
                weights=[60, 15, 25],
            )[0]
            waiting = answer == ConsultationResponse.AWAITING
            made.append(
                Consultation(
                    child_id=row.plan.child_id,
                    setting=rng.choice(options),
                    sent_on=sent,
                    due_on=sent + dt.timedelta(days=14),
                    response=answer,
                    responded_on=None
                    if waiting
                    else min(today, sent + dt.timedelta(days=rng.randint(4, 20))),
                    reason="The school cannot meet the child's sensory needs."
                    if answer == ConsultationResponse.CANNOT_MEET
                    else "",
                )
            )
    Consultation.objects.bulk_create(made, batch_size=1000)
    return len(made)


def _planned_moves(rng: random.Random, la: LocalAuthority, today: dt.date) -> int:
    """A few young people at college move to another college part-way through a year."""
    colleges = list(Setting.objects.filter(local_authority=la, kind=SettingKind.FE_COLLEGE).order_by("pk"))
    students = list(
        Plan.objects.filter(
            local_authority=la, status=PlanStatus.ACTIVE, child__setting__kind=SettingKind.FE_COLLEGE
        ).order_by("pk")[:400]
    )
    coordinator = User.objects.filter(role=Role.COORDINATOR, local_authority=la).order_by("pk").first()
    made = []
    for plan in rng.sample(students, k=min(len(students), max(1, len(students) // 25))):
        move = today + dt.timedelta(days=rng.randint(60, 300))
        if move.month == 9:
            move += dt.timedelta(days=31)
        made.append(
            PlannedMove(
                plan=plan,
                move_on=move,
                review_by=post16_transfer_review_due(move),
                to_setting=rng.choice(colleges) if colleges and rng.random() < 0.5 else None,
                notes="Moving to a course that starts in January." if move.month == 1 else "",
                recorded_by=coordinator,
                recorded_on=today - dt.timedelta(days=rng.randint(1, 30)),
            )
        )
    PlannedMove.objects.bulk_create(made)
    return len(made)


# -- progress ----------------------------------------------------------------------------------
def _rated_settings(rng: random.Random, la: LocalAuthority) -> set[int]:
    """A quarter of the schools, always including the one whose SENCO is the demo login
    (chosen as ``generator._choose_demo_logins`` chooses it)."""
    schools = list(
        Setting.objects.filter(local_authority=la, kind__in=[SettingKind.MAINSTREAM, SettingKind.SPECIAL])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    chosen = set(rng.sample(schools, k=max(1, int(len(schools) * RATED_SHARE)))) if schools else set()
    demo = (
        User.objects.filter(role=Role.SENCO, setting__local_authority=la, setting__kind="mainstream")
        .annotate(
            n=Count("setting__consultations", filter=Q(setting__consultations__response="awaiting")),
            p=Count("setting__pupils"),
        )
        .order_by("-n", "-p", "pk")
        .values_list("setting_id", flat=True)
        .first()
    )
    if demo:
        chosen.add(demo)
    return chosen


def _ratings(rng: random.Random, la: LocalAuthority, today: dt.date) -> tuple[int, int]:
    """Targets towards up to two outcomes of each pupil's plan at the chosen schools, rated by
    their teachers every week or two for a term; about one pupil in seven has not been rated
    this half-term."""
    rated = _rated_settings(rng, la)
    plans = list(
        Plan.objects.filter(local_authority=la, status=PlanStatus.ACTIVE, child__setting_id__in=rated)
        .order_by("pk")
        .values_list("pk", "child_id")
    )
    latest: dict[int, int] = {}
    for plan_id, version_id, _number in (
        PlanVersion.objects.filter(plan_id__in=[p for p, _ in plans], status=VersionStatus.ISSUED)
        .order_by("plan_id", "number")
        .values_list("plan_id", "pk", "number")
    ):
        latest[plan_id] = version_id
    outcomes: dict[int, list[str]] = defaultdict(list)
    for version_id, key in (
        Outcome.objects.filter(version_id__in=latest.values())
        .order_by("version_id", "order", "pk")
        .values_list("version_id", "key")
    ):
        outcomes[version_id].append(key)
    teachers: dict[int, list[int]] = defaultdict(list)
    for child_id, teacher_id in (
        TeachingAssignment.objects.filter(child__setting_id__in=rated)
        .order_by("child_id", "teacher_id")
        .values_list("child_id", "teacher_id")
    ):
        teachers[child_id].append(teacher_id)

    targets: list[Target] = []
    owners: list[list[int]] = []
    for plan_id, child_id in plans:
        keys = outcomes.get(latest.get(plan_id, 0), [])
        if not keys or not teachers.get(child_id):
            continue
        for key in keys[:2]:
            targets.append(Target(plan_id=plan_id, outcome_key=key, text=rng.choice(TARGET_BANK)))
            owners.append(teachers[child_id])
    Target.objects.bulk_create(targets, batch_size=1000)
    Through = Target.teachers.through
    Through.objects.bulk_create(
        [Through(target_id=t.pk, user_id=u) for t, who in zip(targets, owners, strict=True) for u in who],
        batch_size=2000,
    )

    start = today - dt.timedelta(days=TERM_DAYS)
    ratings: list[Rating] = []
    quiet_plans = {p for p, _ in plans if rng.random() < 0.15}
    for target, who in zip(targets, owners, strict=True):
        stop = today - dt.timedelta(days=rng.randint(45, 70)) if target.plan_id in quiet_plans else today
        day, level = start + dt.timedelta(days=rng.randint(0, 10)), rng.randint(0, 1)
        while day <= stop:
            ratings.append(
                Rating(
                    target=target,
                    level=LEVELS[level],
                    note="Managed it with one prompt." if rng.random() < 0.2 else "",
                    rated_by_id=rng.choice(who),
                    rated_at=dt.datetime.combine(day, dt.time(10 + rng.randint(0, 5)), tzinfo=dt.UTC),
                )
            )
            step = rng.random()
            if step < 0.35 and level < LEVEL_ORDER[Level.ACHIEVED]:
                level += 1
            elif step > 0.93 and level > 0:
                level -= 1
            day += dt.timedelta(days=rng.randint(7, 14))
    Rating.objects.bulk_create(ratings, batch_size=2000)
    return len(targets), len(ratings)
