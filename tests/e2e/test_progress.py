"""Mr Evans rates progress on a 375 px phone: My pupils, the pupil, one rating, the summary."""

from __future__ import annotations

from typing import Any

import pytest

from sendpath.accounts.roles import Role
from sendpath.accounts.services import create_account
from sendpath.demo.generator import DEMO_PASSWORD
from sendpath.people.models import TeachingAssignment
from sendpath.plans.models import Outcome, PlanVersion, VersionStatus
from sendpath.progress import services
from sendpath.progress.models import Rating
from tests import factories as f
from tests.e2e.conftest import PHONE
from tests.e2e.test_whole_path import KEY, checked, sign_in


@pytest.fixture
def school(transactional_db: Any) -> dict[str, Any]:
    la = f.LocalAuthorityFactory(name="Riverside Council")
    setting = f.SettingFactory(local_authority=la, name="Brook Primary School")
    child = f.ChildFactory(local_authority=la, setting=setting, first_name="Sam", last_name="Okafor")
    plan = f.PlanFactory(child=child)
    version = PlanVersion.objects.create(
        plan=plan, number=1, status=VersionStatus.ISSUED, issued_on=f.today()
    )
    Outcome.objects.create(
        version=version, key="o1", text="Moves between activities calmly", timeframe="By July"
    )
    senco = create_account(
        email="mrs.patel@example.org",
        full_name="Anita Patel",
        role=Role.SENCO,
        password=DEMO_PASSWORD,
        totp_key=KEY,
        setting=setting,
    )
    teacher = create_account(
        email="mr.evans@example.org",
        full_name="Tom Evans",
        role=Role.TEACHER,
        password=DEMO_PASSWORD,
        totp_key=KEY,
        setting=setting,
    )
    TeachingAssignment.objects.create(child=child, teacher=teacher)
    services.save_profile(user=senco, child=child, strategies="Give a five-minute warning before a change")
    services.add_target(
        user=senco,
        child=child,
        outcome_key="o1",
        text="Uses a visual timetable to move between activities",
        teacher_ids=[teacher.pk],
    )
    return {"child": child, "teacher": teacher, "senco": senco}


def test_a_teacher_rates_a_target_on_a_phone(school: dict[str, Any], live_server: Any, page: Any) -> None:
    base = live_server.url
    page.set_viewport_size(PHONE)
    sign_in(page, base, school["teacher"])
    checked(page, "My pupils")
    page.get_by_role("link", name="Sam Okafor", exact=True).click()
    checked(page, "the pupil's targets")
    assert page.get_by_text("Give a five-minute warning before a change").is_visible()
    form = page.locator("form", has=page.get_by_role("button", name="Save rating"))
    # Three taps and one line: the level, the note, save.
    form.get_by_label("Developing").check()
    form.get_by_label("Note (optional)").fill("managed two transitions unprompted")
    form.get_by_role("button", name="Save rating").click()
    checked(page, "the pupil's targets after rating")
    assert page.get_by_text("Rating saved: Developing.").is_visible()
    summary = page.locator("#progress-summary")
    assert "Developing" in summary.inner_text()
    assert "1" in summary.inner_text()
    assert page.get_by_text("managed two transitions unprompted").first.is_visible()
    rating = Rating.objects.get()
    assert (rating.level, rating.note) == ("developing", "managed two transitions unprompted")
    assert not page.problems  # type: ignore[attr-defined]
    # The SENCO's pages pass too, on the phone.
    sign_in(page, base, school["senco"])
    checked(page, "the SENCO's home")
    page.goto(f"{base}/progress/pupils/{school['child'].pk}/targets/")
    checked(page, "setting targets")
    page.get_by_role(
        "link", name="Retire the target: Uses a visual timetable to move between activities"
    ).click()
    checked(page, "retiring a target")
    page.get_by_label("The pupil achieved it").check()
    page.get_by_role("button", name="Retire the target").click()
    checked(page, "setting targets, one retired")
    assert "1 rating kept" in page.locator("main").inner_text()
    assert Rating.objects.count() == 1
