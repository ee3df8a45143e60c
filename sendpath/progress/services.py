"""Changing progress records: targets, ratings and the pupil profile.

Every change checks who may make it, validates, and writes its audit event in the same
transaction. Names never go into audit summaries.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sendpath.accounts.models import User
from sendpath.accounts.roles import Role
from sendpath.audit.models import AuditAction
from sendpath.audit.services import record
from sendpath.common.errors import DomainError, NotAllowed
from sendpath.people.models import Child, TeachingAssignment
from sendpath.plans.models import PlanStatus
from sendpath.plans.services import current_version
from sendpath.progress.models import (
    NOTE_LIMIT,
    TARGET_LIMIT,
    Level,
    PupilProfile,
    Rating,
    RetireReason,
    Target,
)


def is_pupils_senco(user: Any, child: Child) -> bool:
    """The SENCO of the setting whose roll the child is on."""
    return (
        getattr(user, "role", None) == Role.SENCO
        and child.setting_id is not None
        and user.setting_id == child.setting_id
    )


def teaches(user: Any, child: Child) -> bool:
    """A teacher at the child's setting whom the SENCO has assigned to the child."""
    return (
        getattr(user, "role", None) == Role.TEACHER
        and child.setting_id is not None
        and user.setting_id == child.setting_id
        and TeachingAssignment.objects.filter(child_id=child.pk, teacher_id=user.pk).exists()
    )


def may_rate(user: Any, target: Target) -> bool:
    """The teachers named on the target who still teach the pupil, and the pupil's SENCO."""
    child = target.plan.child
    if is_pupils_senco(user, child):
        return True
    return teaches(user, child) and target.teachers.filter(pk=user.pk).exists()


def setting_teachers(child: Child) -> Any:
    """The teachers of the child's setting, whom the SENCO may name on a target."""
    return User.objects.filter(role=Role.TEACHER, setting_id=child.setting_id, is_active=True).order_by(
        "full_name"
    )


def _audit(
    user: Any, obj: Any, child: Child, action: str, summary: str, request: Any, **changes: Any
) -> None:
    record(
        user=user,
        action=action,
        obj=obj,
        child_id=child.pk,
        local_authority_id=child.local_authority_id,
        summary=summary,
        changes=changes,
        request=request,
    )


@transaction.atomic
def add_target(
    *,
    user: Any,
    child: Child,
    outcome_key: str,
    text: str,
    teacher_ids: Iterable[int],
    request: HttpRequest | None = None,
) -> Target:
    """A short-term target towards one section E outcome of the plan in force, with the
    teachers who will rate it. Teachers not yet assigned to the pupil are assigned."""
    if not is_pupils_senco(user, child):
        raise NotAllowed("Only the SENCO of the pupil's school can set targets.")
    plan = child.plans.filter(status=PlanStatus.ACTIVE).order_by("-first_issued_on").first()
    version = current_version(plan) if plan else None
    if plan is None or version is None:
        raise DomainError("This pupil has no EHC plan in force, so there are no outcomes to set targets for.")
    errors: dict[str, str] = {}
    if not version.outcomes.filter(key=outcome_key).exists():
        errors["outcome_key"] = "Select the outcome this target works towards"
    text = " ".join((text or "").split())
    if not text:
        errors["text"] = "Enter the target"
    elif len(text) > TARGET_LIMIT:
        errors["text"] = f"The target must be {TARGET_LIMIT} characters or fewer"
    wanted = {int(pk) for pk in teacher_ids}
    teachers = list(setting_teachers(child).filter(pk__in=wanted))
    if len(teachers) != len(wanted):
        errors["teachers"] = "Select teachers from your school only"
    if errors:
        raise DomainError(next(iter(errors.values())), errors=errors)
    target = Target.objects.create(plan=plan, outcome_key=outcome_key, text=text, created_by=user)
    target.teachers.set(teachers)
    for teacher in teachers:
        TeachingAssignment.objects.get_or_create(child=child, teacher=teacher)
    _audit(
        user,
        target,
        child,
        AuditAction.CREATE,
        "Target set",
        request,
        outcome_key=outcome_key,
        teacher_ids=sorted(t.pk for t in teachers),
    )
    return target


@transaction.atomic
def rate(
    *, user: Any, target: Target, level: str, note: str = "", request: HttpRequest | None = None
) -> Rating:
    """One rating of a target, with an optional one-line note."""
    child = target.plan.child
    if not may_rate(user, target):
        raise NotAllowed("Only the pupil's teachers named on this target, or their SENCO, can rate it.")
    if not target.active:
        raise DomainError("This target is no longer in use.")
    errors: dict[str, str] = {}
    if level not in Level.values:
        errors["level"] = "Select how far the pupil has got with this target"
    note = " ".join((note or "").split())
    if len(note) > NOTE_LIMIT:
        errors["note"] = f"The note must be {NOTE_LIMIT} characters or fewer"
    if errors:
        raise DomainError(next(iter(errors.values())), errors=errors)
    rating = Rating.objects.create(target=target, level=level, note=note, rated_by=user)
    _audit(user, rating, child, AuditAction.CREATE, "Progress rated", request, target=target.pk, level=level)
    return rating


@transaction.atomic
def retire_target(
    *, user: Any, target: Target, reason: str, note: str = "", request: HttpRequest | None = None
) -> Target:
    """Stop using a target: teachers no longer see or rate it. Its ratings are kept and
    still count in the outcome's summary for the review."""
    child = target.plan.child
    if not is_pupils_senco(user, child):
        raise NotAllowed("Only the SENCO of the pupil's school can retire a target.")
    locked = Target.objects.select_for_update().get(pk=target.pk)
    if not locked.active:
        raise DomainError("This target is already retired.")
    errors: dict[str, str] = {}
    if reason not in RetireReason.values:
        errors["reason"] = "Select why the target is being retired"
    note = " ".join((note or "").split())
    if len(note) > NOTE_LIMIT:
        errors["note"] = f"The note must be {NOTE_LIMIT} characters or fewer"
    elif reason == RetireReason.OTHER and not note:
        errors["note"] = "Say why the target is being retired"
    if errors:
        raise DomainError(next(iter(errors.values())), errors=errors)
    target.active, target.retired_at, target.retired_by = False, timezone.now(), user
    target.retired_reason, target.retired_note = reason, note
    target.save(update_fields=["active", "retired_at", "retired_by", "retired_reason", "retired_note"])
    _audit(
        user, target, child, AuditAction.UPDATE, "Target retired", request, target=target.pk, reason=reason
    )
    return target


@transaction.atomic
def save_profile(
    *, user: Any, child: Child, strategies: str, request: HttpRequest | None = None
) -> PupilProfile:
    """The strategies that help the pupil, shown to their teachers."""
    if not is_pupils_senco(user, child):
        raise NotAllowed("Only the SENCO of the pupil's school can change the pupil profile.")
    strategies = (strategies or "").strip()
    if len(strategies) > 5000:
        raise DomainError("Strategies that help must be 5,000 characters or fewer", field="strategies")
    profile, _ = PupilProfile.objects.get_or_create(child=child)
    before = profile.strategies
    profile.strategies = strategies
    profile.updated_by = user
    profile.save()
    _audit(
        user,
        profile,
        child,
        AuditAction.UPDATE,
        "Pupil profile changed",
        request,
        changed=before != strategies,
    )
    return profile
