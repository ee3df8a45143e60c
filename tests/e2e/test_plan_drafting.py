"""A coordinator drafts, checks and issues a first plan in Chromium, then amends it after a
review: writes sections, adds a need, an outcome and provision, sees the quality checks flag
gaps and fixes them, issues the plan from the case; a year on, amends it (new setting named in
section I, section G text, the draft sent to the family, a late comment recorded) and issues
version 2. The mother finds the comment window closed, then reads the plan, downloads its PDF
and reads the progress summary on her phone. axe runs on every page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine

from sendpath.accounts.roles import Role
from sendpath.accounts.services import create_account
from sendpath.assessments.workflow import Stage
from sendpath.demo.generator import DEMO_PASSWORD
from sendpath.plans import services
from sendpath.plans.models import Plan, VersionStatus
from sendpath.reviews import services as reviews
from tests import factories as f
from tests.e2e.conftest import PHONE
from tests.e2e.test_whole_path import KEY, checked, fill_date, moment, sign_in

START = dt.date(2026, 5, 5)


@pytest.fixture
def area(transactional_db: Any) -> dict[str, Any]:
    with time_machine.travel(moment(START), tick=False):
        la = f.LocalAuthorityFactory(name="Riverside Council")
        school = f.SettingFactory(local_authority=la, name="Brook Primary School")
        f.SettingFactory(local_authority=la, name="Hill Special School")
        coordinator = create_account(
            email="amira@example.org",
            full_name="Amira Khan",
            role=Role.COORDINATOR,
            password=DEMO_PASSWORD,
            totp_key=KEY,
            local_authority=la,
        )
        parent = create_account(
            email="ada.okafor@example.org", full_name="Ada Okafor", role=Role.PARENT, password=DEMO_PASSWORD
        )
        child = f.ChildFactory(
            local_authority=la,
            setting=school,
            first_name="Tobi",
            last_name="Okafor",
            date_of_birth=dt.date(2017, 6, 1),
        )
        f.RelationshipFactory(
            child=child, carer=f.CarerFactory(first_name="Ada", last_name="Okafor", user=parent)
        )
        case = f.AssessmentRequestFactory(
            child=child,
            coordinator=coordinator,
            stage=Stage.DRAFT_SENT,
            received_on=START - dt.timedelta(weeks=16),
            draft_sent_on=START - dt.timedelta(days=16),
        )
        plan = services.start_first_draft(user=coordinator, case=case)
        plan.versions.update(draft_sent_on=case.draft_sent_on)
    return {"coordinator": coordinator, "parent": parent, "case": case, "plan": plan}


def save(page: Any, button: str = "Save") -> None:
    page.get_by_role("button", name=button).click()
    page.wait_for_url(re.compile(r"/draft/"))


def test_draft_check_issue_then_amend_after_a_review(
    area: dict[str, Any], live_server: Any, page: Any
) -> None:
    base, plan, case = live_server.url, area["plan"], area["case"]
    with time_machine.travel(moment(START), tick=True) as clock:
        sign_in(page, base, area["coordinator"])
        page.goto(f"{base}/plans/{plan.pk}/draft/")
        checked(page, "the first draft")
        flags = page.locator(".app-flags").inner_text()
        assert "Section A is empty" in flags and "Section E has no outcomes" in flags
        for key, text in (
            ("A", "Tobi loves football and wants to be a coach."),
            ("C", "No health needs."),
            ("D", "No social care needs."),
            ("I", "A mainstream primary school."),
            ("J", "No personal budget has been asked for."),
        ):
            page.goto(f"{base}/plans/{plan.pk}/draft/sections/{key}/")
            if key == "A":
                checked(page, "a section form")
            page.get_by_label("Your text for the section").fill(text)
            save(page, "Save section")
        page.get_by_role("link", name="Add a need").click()
        checked(page, "the need form")
        page.get_by_label("Area of need").select_option("cognition")
        page.get_by_label("Describe the need").fill("Reads well below the level expected for his age.")
        save(page)
        page.get_by_role("link", name="Add an outcome").click()
        page.get_by_label("The outcome").fill("Tobi reads a short book on his own")
        page.get_by_label("By when").fill("By the end of Year 4")
        page.get_by_label("Reads well below the level expected for his age.", exact=False).check()
        save(page)
        page.get_by_role("link", name="Add provision to section F").click()
        checked(page, "the provision form")
        page.get_by_label("What the provision is").fill("Regular reading support")
        page.get_by_label("Tobi reads a short book on his own").check()
        save(page)
        flags = page.locator(".app-flags").inner_text()
        assert "no how often" in flags and "regular" in flags.lower()
        checked(page, "the draft with quality flags")
        page.get_by_role("link", name=re.compile("Change provision: Regular reading")).click()
        page.get_by_label("What the provision is").fill("Precision teaching of reading")
        page.get_by_label("Who delivers it").fill("A trained teaching assistant")
        page.get_by_label("How often").fill("Every school day")
        page.get_by_label("For how long").fill("15 minutes")
        page.get_by_label("Where").fill("Brook Primary School")
        save(page)
        flags = page.locator("main").inner_text()
        assert "no how often" not in flags and "Regular" not in flags

        # Issued from the case, once the family's 15 days are over.
        page.goto(f"{base}/cases/{case.pk}/")
        page.get_by_role("link", name="Issue the final plan").click()
        checked(page, "the final plan form")
        fill_date(page, "Date the final plan is issued", START)
        page.get_by_label("Setting named in section I").select_option(label="Brook Primary School")
        page.get_by_label("Primary type of need").select_option("SPLD")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(re.compile(rf"/cases/{case.pk}/$"))
        plan = Plan.objects.get(pk=plan.pk)
        assert plan.versions.get(number=1).status == VersionStatus.ISSUED

        # A year on: the annual review decides to amend; the proposals go with the notice.
        clock.move_to(moment(dt.date(2027, 4, 1)))
        review = reviews.convene(
            user=area["coordinator"],
            plan=plan,
            meeting_on=dt.date(2027, 4, 20),
            invited=list(reviews.INVITEES),
        )
        clock.move_to(moment(dt.date(2027, 4, 20), 15))
        reviews.record_meeting(
            user=area["coordinator"],
            review=review,
            expected_version=review.version,
            held_on=dt.date(2027, 4, 20),
            child_views="I want to read comics.",
            family_views="He needs a smaller school.",
            professional_views="",
        )
        clock.move_to(moment(dt.date(2027, 4, 26)))
        reviews.decide(
            user=area["coordinator"],
            review=review,
            expected_version=review.version,
            decision="A",
            on=dt.date(2027, 4, 26),
        )
        sign_in(page, base, area["coordinator"])
        page.goto(f"{base}/plans/{plan.pk}/draft/")
        checked(page, "the amendment's draft")
        assert "their 15 days for comments end on 10 May 2027" in page.locator("main").inner_text()
        page.get_by_role("link", name="Change section I").click()
        checked(page, "the section I form")
        page.get_by_label("School or college named in the plan").select_option(label="Hill Special School")
        page.get_by_label("Your text for the section").fill(
            "A special school for children with learning needs."
        )
        save(page, "Save section")
        page.get_by_role("link", name="Change the text of section G").click()
        page.get_by_label("Your text for the section").fill(
            "The school nurse reviews Tobi's care plan each term."
        )
        save(page, "Save section")

        clock.move_to(moment(dt.date(2027, 5, 12)))
        sign_in(page, base, area["coordinator"])
        page.goto(f"{base}/plans/{plan.pk}/draft/")
        page.get_by_role("link", name="Record a comment the family sent by post, email or phone").click()
        checked(page, "the record-a-comment form")
        page.get_by_label("Your comment", exact=True).fill("Phoned: we agree with Hill Special School.")
        fill_date(page, "Date the comment was received", dt.date(2027, 5, 12))
        page.get_by_role("button", name="Record the comment").click()
        page.wait_for_url(re.compile(r"/draft/"))
        assert (
            "The late comment has been recorded." in page.locator(".govuk-notification-banner").inner_text()
        )
        page.set_viewport_size(PHONE)
        sign_in(page, base, area["parent"])
        page.goto(f"{base}/plans/{plan.pk}/comments/")
        checked(page, "the closed comment window on a phone")
        assert "can no longer be sent here" in page.locator("main").inner_text()
        page.set_viewport_size({"width": 1280, "height": 900})
        clock.move_to(moment(dt.date(2027, 5, 12), 11))  # a new authenticator code
        sign_in(page, base, area["coordinator"])
        page.goto(f"{base}/plans/{plan.pk}/draft/")
        page.get_by_role("link", name="Issue this version").click()
        page.get_by_role("button", name="Issue this version").click()
        page.wait_for_url(re.compile(r"/versions/2/$"))
        checked(page, "version 2, issued")
        assert "Hill Special School" in page.locator("main").inner_text()

        # The mother, on her phone: the plan, its PDF, the progress summary, the closed window.
        page.set_viewport_size(PHONE)
        sign_in(page, base, area["parent"])
        page.goto(f"{base}/plans/{plan.pk}/")
        checked(page, "the plan on a phone")
        response = page.request.get(f"{base}/plans/{plan.pk}/versions/2/pdf/")
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        assert response.body()[:5] == b"%PDF-"
        page.get_by_role("link", name="Progress against the outcomes").click()
        checked(page, "the progress summary on a phone")
        assert "Tobi reads a short book on his own" in page.locator("main").inner_text()
    assert not page.problems  # type: ignore[attr-defined]
