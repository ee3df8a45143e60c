"""An annual review in Chromium: the SENCO convenes it, records the meeting and writes the
report; the coordinator records "amend". axe runs on each page at desktop and 375 px."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine

from sendpath.accounts.roles import Role
from sendpath.accounts.services import create_account
from sendpath.demo.generator import DEMO_PASSWORD
from sendpath.plans.models import PlanVersion, VersionStatus
from sendpath.reviews.models import AnnualReview, ReviewStage
from tests import factories as f
from tests.e2e.conftest import DESKTOP, PHONE, check_accessibility, check_fits, one_h1
from tests.e2e.test_whole_path import KEY, fill_date, moment, sign_in


@pytest.fixture
def area(transactional_db: Any) -> Any:
    la = f.LocalAuthorityFactory(name="Riverside Council")
    school = f.SettingFactory(local_authority=la, name="Brook Primary School")
    child = f.ChildFactory(local_authority=la, setting=school, first_name="Tobi", last_name="Okafor")
    plan = f.PlanFactory(child=child, first_issued_on=dt.date(2025, 3, 31))
    PlanVersion.objects.create(
        plan=plan, number=1, status=VersionStatus.ISSUED, issued_on=plan.first_issued_on
    )

    def account(role: Role, email: str, name: str, **org: Any) -> Any:
        return create_account(
            email=email, full_name=name, role=role, password=DEMO_PASSWORD, totp_key=KEY, **org
        )

    return {
        "plan": plan,
        "coordinator": account(Role.COORDINATOR, "amira@example.org", "Amira Khan", local_authority=la),
        "senco": account(Role.SENCO, "mrs.patel@example.org", "Anita Patel", setting=school),
    }


def both_sizes(page: Any, where: str) -> None:
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.wait_for_load_state()
        one_h1(page, where)
        check_accessibility(page, f"{where} at {size['width']} px")
        if size is PHONE:
            check_fits(page, where)
    page.set_viewport_size(DESKTOP)


def test_a_senco_runs_a_review_and_the_coordinator_amends(
    area: dict[str, Any], live_server: Any, page: Any
) -> None:
    base = live_server.url
    plan = area["plan"]
    with time_machine.travel(moment(dt.date(2026, 3, 2)), tick=True) as clock:
        sign_in(page, base, area["senco"])
        both_sizes(page, "the SENCO's home page")
        page.get_by_role("link", name="Review Tobi Okafor's plan").click()
        both_sizes(page, "the convene form")
        # Too soon: less than 2 weeks away.
        fill_date(page, "Date of the review meeting", dt.date(2026, 3, 10))
        for box in (
            page.get_by_role("group", name=re.compile("Who has been invited")).get_by_role("checkbox").all()
        ):
            box.check()
        page.get_by_role("button", name="Arrange the meeting").click()
        assert "2 weeks" in page.locator(".govuk-error-summary").inner_text()
        both_sizes(page, "the convene form with an error")
        fill_date(page, "Date of the review meeting", dt.date(2026, 3, 20))
        page.get_by_role("button", name="Arrange the meeting").click()
        page.wait_for_url(re.compile(r"/reviews/\d+/$"))
        assert "6 March 2026" in page.locator(".govuk-notification-banner").inner_text()
        both_sizes(page, "the review, arranged")
        review = AnnualReview.objects.get(plan=plan)

        clock.move_to(moment(dt.date(2026, 3, 20), 15))
        sign_in(page, base, area["senco"])
        page.goto(f"{base}/reviews/{review.pk}/")
        page.get_by_role("link", name="Record the review meeting").click()
        both_sizes(page, "the meeting form")
        fill_date(page, "Date the meeting was held", dt.date(2026, 3, 20))
        page.get_by_label("The child's or young person's views").fill("I like maths and lunchtime club.")
        page.get_by_label("The family's views").fill("Reading has come on well.")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(re.compile(r"/reviews/\d+/$"))

        clock.move_to(moment(dt.date(2026, 3, 27)))
        sign_in(page, base, area["senco"])
        page.goto(f"{base}/reviews/{review.pk}/")
        page.get_by_role("link", name="Write the review report").click()
        both_sizes(page, "the report form")
        page.get_by_label("Amend the plan").check()
        page.get_by_label("Report of the meeting").fill(
            "Section F should add a weekly speech and language session."
        )
        fill_date(page, "Date the report was sent", dt.date(2026, 3, 27))
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(re.compile(r"/reviews/\d+/$"))
        both_sizes(page, "the review, reported")

        clock.move_to(moment(dt.date(2026, 3, 27), 15))
        sign_in(page, base, area["coordinator"])
        page.goto(f"{base}/reviews/{review.pk}/")
        page.get_by_role("link", name="Record the council's decision").click()
        both_sizes(page, "the decision form")
        page.get_by_label("Amend the plan").check()
        fill_date(page, "Date of the decision notice", dt.date(2026, 3, 27))
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(re.compile(r"/reviews/\d+/$"))
        both_sizes(page, "the review, decided")
        body = page.locator("main").inner_text()
        assert "22 May 2026" in body  # 27 March + 8 weeks, inside the 12-week Devon cap (12 June)
        review.refresh_from_db()
        plan.refresh_from_db()
        assert review.stage == ReviewStage.DECIDED and review.decision == "A"
        assert plan.last_reviewed_on == dt.date(2026, 3, 27) and plan.review_due == dt.date(2027, 3, 26)
        assert plan.versions.filter(status=VersionStatus.DRAFT).exists()
        page.goto(f"{base}/reviews/due/")
        both_sizes(page, "the reviews due")
        page.goto(f"{base}/reviews/due/?show=interim")
        both_sizes(page, "the under-fives' interim reviews")
    assert not page.problems, page.problems
