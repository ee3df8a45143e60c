"""Progress against outcomes: services, selectors and views."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from sendpath.accounts.roles import Role
from sendpath.audit.models import AuditAction, AuditEvent
from sendpath.common.errors import DomainError, NotAllowed
from sendpath.people.models import TeachingAssignment
from sendpath.plans.models import Outcome, PlanVersion, VersionStatus
from sendpath.progress import selectors, services
from sendpath.progress.models import Level, Rating, Target
from tests import factories as f
from tests.helpers import new_client, sign_in

pytestmark = pytest.mark.django_db


def issued(plan: Any, number: int, outcomes: list[tuple[str, str]]) -> PlanVersion:
    version = PlanVersion.objects.create(
        plan=plan, number=number, status=VersionStatus.ISSUED, issued_on=f.today()
    )
    for n, (key, text) in enumerate(outcomes):
        Outcome.objects.create(version=version, key=key, text=text, timeframe="By July", order=n)
    return version


@pytest.fixture
def w() -> SimpleNamespace:
    la = f.LocalAuthorityFactory()
    school = f.SettingFactory(local_authority=la)
    other_school = f.SettingFactory(local_authority=la)
    child = f.ChildFactory(local_authority=la, setting=school, first_name="Zara", last_name="Quinn")
    other = f.ChildFactory(local_authority=la, setting=school)
    plan = f.PlanFactory(child=child)
    issued(plan, 1, [("o1", "Old wording"), ("o2", "Makes friends")])
    issued(plan, 2, [("o1", "Moves between activities calmly")])
    f.PlanFactory(child=other)
    senco = f.UserFactory(role=Role.SENCO, setting=school)
    other_senco = f.UserFactory(role=Role.SENCO, setting=other_school)
    teacher = f.UserFactory(role=Role.TEACHER, setting=school)
    unassigned = f.UserFactory(role=Role.TEACHER, setting=school)
    elsewhere = f.UserFactory(role=Role.TEACHER, setting=other_school)
    TeachingAssignment.objects.create(child=child, teacher=teacher)
    carer_user = f.UserFactory(role=Role.PARENT)
    carer = f.CarerFactory(user=carer_user)
    f.RelationshipFactory(child=child, carer=carer)
    coordinator = f.UserFactory(role=Role.COORDINATOR, local_authority=la)
    return SimpleNamespace(**locals())


def target(w: SimpleNamespace, *teachers: Any) -> Target:
    return services.add_target(
        user=w.senco,
        child=w.child,
        outcome_key="o1",
        text="Uses a visual timetable to move between activities",
        teacher_ids=[t.pk for t in teachers],
    )


# -- services -----------------------------------------------------------------------------
def test_senco_sets_a_target_on_an_outcome_of_the_plan_in_force(w: SimpleNamespace) -> None:
    t = target(w, w.teacher, w.unassigned)
    assert t.plan == w.plan and t.active
    assert set(t.teachers.all()) == {w.teacher, w.unassigned}
    # Naming a teacher assigns them to the pupil.
    assert TeachingAssignment.objects.filter(child=w.child, teacher=w.unassigned).exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, child_id=w.child.pk, summary="Target set"
    ).exists()


def test_target_validation(w: SimpleNamespace) -> None:
    with pytest.raises(DomainError) as exc:
        services.add_target(
            user=w.senco, child=w.child, outcome_key="o2", text=" ", teacher_ids=[w.elsewhere.pk]
        )
    # o2 is not in the plan in force (version 2); blank text; a teacher of another school.
    assert set(exc.value.errors) == {"outcome_key", "text", "teachers"}
    assert not Target.objects.exists()


def test_only_the_senco_of_the_pupils_school_sets_targets(w: SimpleNamespace) -> None:
    for user in (w.other_senco, w.teacher, w.coordinator):
        with pytest.raises(NotAllowed):
            services.add_target(user=user, child=w.child, outcome_key="o1", text="x", teacher_ids=[])


def test_a_pupil_without_an_issued_plan_has_no_outcomes(w: SimpleNamespace) -> None:
    with pytest.raises(DomainError, match="no EHC plan in force"):
        services.add_target(user=w.senco, child=w.other, outcome_key="o1", text="x", teacher_ids=[])


def test_who_may_rate(w: SimpleNamespace) -> None:
    t = target(w, w.teacher)
    assert services.may_rate(w.teacher, t)
    assert services.may_rate(w.senco, t)
    assert not services.may_rate(w.unassigned, t)  # not named on the target
    assert not services.may_rate(w.elsewhere, t)
    assert not services.may_rate(w.other_senco, t)
    # Named on the target, but since unassigned from the pupil: no longer.
    TeachingAssignment.objects.filter(child=w.child, teacher=w.teacher).delete()
    assert not services.may_rate(w.teacher, t)
    with pytest.raises(NotAllowed):
        services.rate(user=w.teacher, target=t, level=Level.SECURE)


def test_rating_validation(w: SimpleNamespace) -> None:
    t = target(w, w.teacher)
    with pytest.raises(DomainError) as exc:
        services.rate(user=w.teacher, target=t, level="brilliant", note="x" * 281)
    assert set(exc.value.errors) == {"level", "note"}
    r = services.rate(user=w.teacher, target=t, level=Level.DEVELOPING, note="  managed\ntwo  ")
    assert r.note == "managed two" and r.rated_by == w.teacher
    assert AuditEvent.objects.filter(summary="Progress rated", child_id=w.child.pk).count() == 1
    t.active = False
    t.save()
    with pytest.raises(DomainError, match="no longer in use"):
        services.rate(user=w.teacher, target=t, level=Level.SECURE)


def test_pupil_profile_by_the_senco_only(w: SimpleNamespace) -> None:
    services.save_profile(user=w.senco, child=w.child, strategies="Visual timetable")
    assert selectors.profile_of(w.child).strategies == "Visual timetable"
    with pytest.raises(NotAllowed):
        services.save_profile(user=w.teacher, child=w.child, strategies="x")


# -- selectors ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        ([], None),
        (["emerging"], None),
        (["emerging", "developing"], "up"),
        (["secure", "developing"], "down"),
        (["developing", "developing"], "level"),
        (["achieved", "emerging", "emerging", "developing"], "up"),  # only the last three count
        (["not_started", "secure", "achieved", "emerging"], "down"),
    ],
)
def test_trend(levels: list[str], expected: str | None) -> None:
    assert selectors.trend(levels) == expected


def test_outcome_summaries(w: SimpleNamespace) -> None:
    t1 = target(w, w.teacher)
    t2 = target(w, w.teacher)
    [s] = selectors.outcome_summaries(w.plan)
    assert (s.outcome_key, s.targets, s.evidence, s.last_level, s.trend) == ("o1", 2, 0, None, None)
    assert s.last_label == "Not yet rated"
    start = timezone.now() - dt.timedelta(days=10)
    for n, (t, level) in enumerate([(t1, "emerging"), (t2, "emerging"), (t1, "developing")]):
        Rating.objects.create(
            target=t, level=level, rated_by=w.teacher, rated_at=start + dt.timedelta(days=n)
        )
    [s] = selectors.outcome_summaries(w.plan)
    assert (s.evidence, s.last_level, s.trend, s.last_label) == (3, "developing", "up", "Developing")
    assert s.last_rated_at == start + dt.timedelta(days=2)


def test_last_progress_by_plan_and_unrated_pupils(w: SimpleNamespace) -> None:
    other_plan = w.other.plans.get()
    assert selectors.last_progress_by_plan([w.plan.pk, other_plan.pk]) == {
        w.plan.pk: None,
        other_plan.pk: None,
    }
    t = target(w, w.teacher)
    today = dt.date(2026, 3, 10)
    Rating.objects.create(target=t, level="emerging", rated_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC))
    assert selectors.half_term_start(today) == dt.date(2026, 2, 20)
    assert {r["child"] for r in selectors.unrated_pupils(w.senco, today)} == {w.child, w.other}
    Rating.objects.create(target=t, level="developing", rated_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC))
    last = selectors.last_progress_by_plan([w.plan.pk])
    assert last[w.plan.pk] == dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    assert [r["child"] for r in selectors.unrated_pupils(w.senco, today)] == [w.other]
    assert selectors.unrated_pupils(w.other_senco, today) == []


def test_teacher_sees_only_assigned_pupils_and_their_own_targets(w: SimpleNamespace) -> None:
    mine = target(w, w.teacher)
    target(w, w.unassigned)
    assert list(selectors.teacher_pupils(w.teacher)) == [w.child]
    assert list(selectors.teacher_pupils(w.elsewhere)) == []
    assert selectors.current_targets(w.teacher, w.child, w.plan) == [mine]
    assert len(selectors.current_targets(w.senco, w.child, w.plan)) == 2


# -- views --------------------------------------------------------------------------------
def test_three_tap_rating(w: SimpleNamespace) -> None:
    t = target(w, w.teacher)
    services.save_profile(user=w.senco, child=w.child, strategies="Give a five-minute warning")
    client = sign_in(new_client(), w.teacher)
    home = client.get("/").content.decode()
    assert f"/progress/pupils/{w.child.pk}/" in home and "Zara Quinn" in home
    path = f"/progress/pupils/{w.child.pk}/"
    page = client.get(path).content.decode()
    assert t.text in page and "Give a five-minute warning" in page and "Save rating" in page
    assert "govuk-tag--yellow" in page and ">Developing<" in page  # colour and text
    response = client.post(
        path, {"target": t.pk, "level": "developing", "note": "managed two transitions unprompted"}
    )
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert (rating.level, rating.note, rating.rated_by) == (
        "developing",
        "managed two transitions unprompted",
        w.teacher,
    )
    page = client.get(path).content.decode()
    assert "Rating saved: Developing." in page and "managed two transitions unprompted" in page
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, child_id=w.child.pk, summary="Pupil's progress"
    ).exists()


def test_rating_errors_keep_the_input(w: SimpleNamespace) -> None:
    t = target(w, w.teacher)
    client = sign_in(new_client(), w.teacher)
    response = client.post(
        f"/progress/pupils/{w.child.pk}/", {"target": t.pk, "level": "", "note": "kept note"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and f'href="#level-{t.pk}"' in page
    assert 'value="kept note"' in page
    response = client.post(
        f"/progress/pupils/{w.child.pk}/", {"target": t.pk, "level": "secure", "note": "y" * 281}
    )
    page = response.content.decode()
    assert response.status_code == 400 and "280 characters or fewer" in page
    assert 'value="secure" checked' in page
    assert not Rating.objects.exists()


def test_a_teacher_cannot_rate_a_target_not_theirs(w: SimpleNamespace) -> None:
    t = target(w, w.unassigned)
    client = sign_in(new_client(), w.teacher)
    response = client.post(f"/progress/pupils/{w.child.pk}/", {"target": t.pk, "level": "secure"})
    assert response.status_code == 403
    assert not Rating.objects.exists()


def test_a_teacher_not_assigned_gets_an_audited_404(w: SimpleNamespace) -> None:
    client = sign_in(new_client(), w.elsewhere)
    assert client.get(f"/progress/pupils/{w.child.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED, child_id=w.child.pk).exists()
    assert sign_in(new_client(), w.teacher).get(f"/progress/pupils/{w.other.pk}/").status_code == 404


def test_senco_adds_a_target_and_errors_keep_input(w: SimpleNamespace) -> None:
    client = sign_in(new_client(), w.senco)
    path = f"/progress/pupils/{w.child.pk}/targets/"
    page = client.get(path).content.decode()
    assert "Moves between activities calmly" in page and "Old wording" not in page
    response = client.post(
        path, {"form": "target", "outcome_key": "", "text": "Kept text", "teachers": [w.teacher.pk]}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#outcome_key"' in page and 'value="Kept text"' in page
    assert f'value="{w.teacher.pk}" checked' in page
    response = client.post(
        path, {"form": "target", "outcome_key": "o1", "text": "Kept text", "teachers": [w.teacher.pk]}
    )
    assert response.status_code == 302
    assert list(Target.objects.get().teachers.all()) == [w.teacher]
    response = client.post(path, {"form": "profile", "strategies": "Quiet corner"})
    assert response.status_code == 302 and selectors.profile_of(w.child).strategies == "Quiet corner"
    assert sign_in(new_client(), w.other_senco).get(path).status_code == 404
    assert sign_in(new_client(), w.teacher).get(path).status_code == 403


def test_family_and_council_see_the_plan_summary(w: SimpleNamespace) -> None:
    t = target(w, w.teacher)
    services.rate(user=w.teacher, target=t, level=Level.SECURE)
    path = f"/progress/plans/{w.plan.pk}/"
    for user in (w.carer_user, w.coordinator, w.senco):
        page = sign_in(new_client(), user).get(path).content.decode()
        assert "Moves between activities calmly" in page and ">Secure<" in page, user.role
    assert AuditEvent.objects.filter(summary="Plan progress summary", child_id=w.child.pk).count() == 3
    assert sign_in(new_client(), w.teacher).get(path).status_code == 403
    other_parent = f.UserFactory(role=Role.PARENT)
    assert sign_in(new_client(), other_parent).get(path).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED, child_id=w.child.pk).exists()


def test_senco_home_lists_pupils_nobody_has_rated(w: SimpleNamespace) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC)):
        page = sign_in(new_client(), w.senco).get("/").content.decode()
    assert "nobody has rated this half-term" in page
    assert f"/progress/pupils/{w.child.pk}/" in page and "last progress recorded never" in page


def test_the_senco_retires_a_target_and_its_ratings_stay(w: SimpleNamespace) -> None:
    t = target(w, w.teacher)
    services.rate(user=w.teacher, target=t, level=Level.SECURE)
    with pytest.raises(NotAllowed):
        services.retire_target(user=w.teacher, target=t, reason="achieved")
    with pytest.raises(DomainError) as exc:
        services.retire_target(user=w.senco, target=t, reason="other", note=" ")
    assert exc.value.errors == {"note": "Say why the target is being retired"}
    services.retire_target(user=w.senco, target=t, reason="achieved")
    t.refresh_from_db()
    assert not t.active and t.retired_by == w.senco and t.retired_reason == "achieved"
    assert Rating.objects.filter(target=t).count() == 1
    (summary, *_) = selectors.outcome_summaries(w.plan)
    assert summary.evidence == 1 and summary.targets == 0
    assert selectors.current_targets(w.teacher, w.child, w.plan) == []
    with pytest.raises(DomainError, match="no longer in use"):
        services.rate(user=w.teacher, target=t, level=Level.ACHIEVED)
    with pytest.raises(DomainError, match="already retired"):
        services.retire_target(user=w.senco, target=t, reason="achieved")
    assert AuditEvent.objects.filter(summary="Target retired", object_id=str(t.pk)).exists()


def test_the_retire_page(w: SimpleNamespace) -> None:
    t = target(w, w.teacher)
    path = f"/progress/pupils/{w.child.pk}/targets/{t.pk}/retire/"
    assert sign_in(new_client(), w.teacher).get(path).status_code == 403
    assert sign_in(new_client(), w.other_senco).get(path).status_code == 404
    client = sign_in(new_client(), w.senco)
    assert "Retire<span" in client.get(f"/progress/pupils/{w.child.pk}/targets/").content.decode()
    bad = client.post(path, {"reason": "other", "note": ""})
    assert bad.status_code == 400 and "Say why the target is being retired" in bad.content.decode()
    assert client.post(path, {"reason": "replaced", "note": "Split in two"}).status_code == 302
    page = client.get(f"/progress/pupils/{w.child.pk}/targets/").content.decode()
    assert "Retired targets" in page and "Split in two" in page
    assert client.get(path).status_code == 302  # already retired
    other_child_target = f"/progress/pupils/{w.other.pk}/targets/{t.pk}/retire/"
    assert client.get(other_child_target).status_code == 404
