"""A parent asks for an EHC needs assessment without an account, in Chromium, on a 375 px
phone and at desktop width: every page passes axe (and fits the phone), one wrong answer is
explained and kept, a change link returns to "Check your answers", and the journey ends on
the confirmation panel with the reference, which is also emailed.

Then, signed in, the family adds their views and a drawing to their case, and a SENCO asks
for an assessment with the school's evidence, with axe at both widths on each page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from sendpath.assessments.models import AssessmentRequest
from tests import factories as f
from tests.e2e.conftest import DESKTOP, PHONE, check_accessibility, check_fits, one_h1


@pytest.fixture
def councils(transactional_db: Any) -> Any:
    la = f.LocalAuthorityFactory(name="Riverside Council")
    f.LocalAuthorityFactory(name="Hillside Council")
    f.SettingFactory(local_authority=la, name="Brook Primary School")
    f.SettingFactory(local_authority=la, name="Meadow Academy")
    return la


def checked(page: Any, where: str) -> None:
    """axe on the page as it is; on the phone, nothing wider than the screen (nor than a
    320 px one); one h1."""
    one_h1(page, f"{where} has one h1")
    check_accessibility(page, where)
    if page.viewport_size["width"] <= PHONE["width"]:
        check_fits(page, where)
        page.set_viewport_size({"width": 320, "height": 700})
        check_fits(page, f"{where}, narrowed to 320 px")
        page.set_viewport_size(PHONE)


def carry_on(page: Any) -> None:
    page.get_by_role("button", name="Continue").click()


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_parent_asks_for_an_assessment_without_an_account(
    size: dict[str, int], councils: Any, live_server: Any, page: Any
) -> None:
    page.set_viewport_size(size)
    width = f"{size['width']} px"
    page.goto(f"{live_server.url}/request-an-assessment/")
    assert "within 6 weeks" in page.locator("main").inner_text()
    checked(page, f"the start page at {width}")
    page.get_by_role("button", name="Start now").click()

    # A page sent empty explains what to do.
    carry_on(page)
    assert "Select who is asking for the assessment" in page.locator(".govuk-error-summary").inner_text()
    checked(page, f"the first question with an error at {width}")
    page.get_by_label("Their mother").check()
    carry_on(page)

    checked(page, f"the council question at {width}")
    page.get_by_label("Riverside Council").check()
    carry_on(page)

    checked(page, f"the name question at {width}")
    page.get_by_label("First name").fill("Tobi")
    page.get_by_label("Last name").fill("Okafor")
    carry_on(page)

    checked(page, f"the date of birth question at {width}")
    page.get_by_label("Day").fill("9")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("2017")
    carry_on(page)

    checked(page, f"the sex question at {width}")
    page.get_by_label("Male", exact=True).check()
    carry_on(page)

    # A wrong postcode is explained, and what was typed is kept.
    page.get_by_label("What is Tobi's postcode?").fill("LE1 6Z")
    carry_on(page)
    assert "number then 2 letters" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("What is Tobi's postcode?").input_value() == "LE1 6Z"
    checked(page, f"the postcode question with an error at {width}")
    page.get_by_label("What is Tobi's postcode?").fill("LE1 6ZG")
    carry_on(page)

    checked(page, f"the school question at {width}")
    page.get_by_label("Brook Primary School").check()
    carry_on(page)

    checked(page, f"the reasons question at {width}")
    page.get_by_label("What is hard for Tobi?").fill("Reading, and making friends at playtime.")
    page.get_by_label("What help has Tobi had so far?").fill("A reading group twice a week.")
    carry_on(page)

    checked(page, f"the contact details question at {width}")
    page.get_by_label("Your first name").fill("Ada")
    page.get_by_label("Your last name").fill("Okafor")
    page.get_by_label("Email address").fill("ada.okafor@example.org")
    page.get_by_label("Phone number (optional)").fill("07700 900982")
    carry_on(page)

    assert page.locator("h1").inner_text() == "Check your answers before sending your request"
    checked(page, f"check your answers at {width}")
    page.get_by_role("link", name="Change postcode").click()
    page.get_by_label("What is Tobi's postcode?").fill("LE3 9QP")
    carry_on(page)
    assert "LE3 9QP" in page.locator(".govuk-summary-list").inner_text()
    page.get_by_role("button", name="Accept and send").click()

    page.wait_for_url(re.compile(r"/request-an-assessment/confirmation/$"))
    case = AssessmentRequest.objects.get(contact_email="ada.okafor@example.org")
    panel = page.locator(".govuk-panel")
    assert "Request sent" in panel.inner_text()
    assert case.reference in panel.inner_text()
    checked(page, f"the confirmation at {width}")
    assert not [p for p in page.problems if "Content Security Policy" in p], page.problems

    (email,) = mail.outbox
    assert email.to == ["ada.okafor@example.org"]
    assert case.reference in email.body


# -- the family's and the school's pages, signed in ----------------------------------------------
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64


@pytest.fixture
def area(transactional_db: Any) -> Any:
    from django.utils import timezone

    from sendpath.demo.calibration import ENGLAND
    from sendpath.demo.generator import build_area

    return build_area(plans=40, seed=11, profile=ENGLAND, today=timezone.localdate(), la_code="999")


def test_a_parent_adds_views_and_a_drawing_and_a_senco_asks_with_evidence(
    area: Any, live_server: Any, page: Any, settings: Any, tmp_path: Any
) -> None:
    from sendpath.accounts.models import User
    from sendpath.accounts.roles import Role
    from sendpath.demo.generator import demo_email
    from sendpath.people.models import Child
    from tests.e2e.test_pages import both_widths
    from tests.e2e.test_sign_in_and_home import sign_in

    settings.MEDIA_ROOT = tmp_path
    parent_email = demo_email(Role.PARENT, "999")
    child = Child.objects.filter(
        relationships__carer__user__email=parent_email, requests__isnull=False
    ).first()
    sign_in(page, live_server.url, parent_email, Role.PARENT)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/children/{child.pk}/")
    page.get_by_role("link", name=f"Tell us your views and {child.first_name}'s").first.click()
    both_widths(page, "the family's views form")
    page.get_by_label(f"What do people like and admire about {child.first_name}?").fill("Kind to his sister.")
    page.get_by_role("button", name="Send your views").click()
    assert "Your views have been added" in page.locator(".govuk-notification-banner").inner_text()
    page.goto(f"{live_server.url}/children/{child.pk}/")
    page.get_by_role("link", name="Send a photo or a document").first.click()
    page.get_by_label("What is it?").fill("A drawing of our house")
    page.get_by_label("Upload a file").set_input_files(
        {"name": "drawing.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_role("button", name="Send the document").click()
    assert "A drawing of our house" in page.locator("table").inner_text()
    both_widths(page, "the family's documents")
    page.get_by_role("button", name="Sign out").click()

    senco = User.objects.get(email=demo_email(Role.SENCO, "999"))
    pupil = Child.objects.filter(setting_id=senco.setting_id).order_by("pk").first()
    sign_in(page, live_server.url, senco.email, Role.SENCO)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/children/{pupil.pk}/")
    page.get_by_role("link", name=f"Ask for an EHC needs assessment for {pupil.first_name}").click()
    both_widths(page, "a school's request form")
    page.get_by_role("button", name="Send the request").click()
    assert "Select at least one file of evidence" in page.locator(".govuk-error-summary").inner_text()
    both_widths(page, "a school's request form with errors")
    page.get_by_label("Why is the school asking for an assessment?").fill("Little progress in reading.")
    page.get_by_label("What support has the school already given?").fill("Two terms of a phonics group.")
    page.get_by_label("Costed provision").fill("Teaching assistant, 5 hours a week: £3,900 a year.")
    page.get_by_label("Evidence").set_input_files(
        [{"name": "support-plan.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Send the request").click()
    assert "Request sent" in page.locator(".govuk-panel").inner_text()
    both_widths(page, "a school's request sent")
