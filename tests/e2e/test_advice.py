"""Dr Shah's journey in Chromium: the educational psychologist signs in, opens a request from
"My advice requests", is told what to fix, then sends her advice with her report; the
coordinator has it at once. Axe passes at desktop width and at 375 px, and the pages fit
320 px."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from sendpath.accounts.models import User
from sendpath.accounts.roles import Role
from sendpath.assessments.models import AdviceKind, AdviceRequest, AssessmentRequest, Document
from sendpath.assessments.workflow import Stage
from sendpath.demo.calibration import ENGLAND
from sendpath.demo.generator import build_area, demo_email
from sendpath.law.clocks import advice_due
from tests.e2e.conftest import DESKTOP, PHONE, check_accessibility, check_fits, one_h1
from tests.e2e.test_sign_in_and_home import sign_in

PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def area(transactional_db: Any, settings: Any, tmp_path: Path) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return build_area(plans=60, seed=7, profile=ENGLAND, today=timezone.localdate(), la_code="999")


def _open_advice_for(ep: User) -> AdviceRequest:
    """The EP's most pressing open request; one is made if the demo dealt her none."""
    advice = (
        AdviceRequest.objects.filter(professional=ep, received_on__isnull=True)
        .select_related("request__child")
        .order_by("due_on", "pk")
        .first()
    )
    if advice is not None:
        return advice
    case = AssessmentRequest.objects.filter(stage=Stage.ASSESSING).select_related("child").first()
    assert case is not None, "the demo area has an assessment in progress"
    asked = timezone.localdate() - dt.timedelta(days=20)
    return AdviceRequest.objects.create(
        request=case,
        kind=AdviceKind.PSYCHOLOGICAL,
        service=ep.service,
        professional=ep,
        requested_on=asked,
        due_on=advice_due(asked),
    )


def every_width(page: Any, where: str) -> None:
    check_accessibility(page, f"{where} at desktop width")
    page.set_viewport_size(PHONE)
    check_accessibility(page, f"{where} at 375 px")
    check_fits(page, f"{where} at 375 px")
    page.set_viewport_size({"width": 320, "height": 700})
    check_fits(page, f"{where} at 320 px")
    page.set_viewport_size(DESKTOP)


def test_the_educational_psychologist_gives_advice(area: Any, live_server: Any, page: Any) -> None:
    email = demo_email(Role.EP, "999")
    ep = User.objects.get(email=email)
    advice = _open_advice_for(ep)
    child = advice.request.child

    sign_in(page, live_server.url, email, Role.EP)
    page.wait_for_url(f"{live_server.url}/")
    assert "My advice requests" in page.locator("h1").inner_text()
    link = page.get_by_role("link", name=f"{advice.get_kind_display()} for {child.full_name}")
    link.first.click()
    page.wait_for_url(re.compile(rf"/advice/{advice.pk}/$"))
    one_h1(page, "test_advice.py")
    assert child.full_name in page.locator("h1").inner_text()
    assert "SEND Regulations 2014, regulation 8" in page.locator("main").inner_text()
    every_width(page, "the advice form")

    # Nothing typed: each missing answer is named, and linked from the summary.
    page.get_by_label("Outcomes sought (optional)").fill("Joins in group work in class by July.")
    page.get_by_role("button", name="Send advice").click()
    summary = page.locator(".govuk-error-summary")
    assert "Describe the child's needs" in summary.inner_text()
    assert "Describe the provision you recommend" in summary.inner_text()
    assert page.get_by_label("Outcomes sought (optional)").input_value() == (
        "Joins in group work in class by July."
    ), "what was typed is kept"
    every_width(page, "the advice form with errors")

    page.get_by_label("The child's needs").fill("Working memory well below age; anxious in busy rooms.")
    page.get_by_label("Provision recommended").fill("Daily precision teaching, 15 minutes, by a trained TA.")
    page.get_by_label("Your report (optional)").set_input_files(
        {"name": "ep-report.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_role("button", name="Send advice").click()
    page.wait_for_url(re.compile(rf"/advice/{advice.pk}/$"))
    assert "Your advice has been sent to the EHC coordinator." in page.locator("main").inner_text()
    assert "The advice you gave" in page.locator("main").inner_text()
    every_width(page, "the advice page once given")

    advice.refresh_from_db()
    assert advice.received_on == timezone.localdate()
    assert advice.provision.startswith("Daily precision teaching")
    assert Document.objects.get(advice=advice).content_type == "application/pdf"

    page.get_by_role("link", name="Back to your advice requests").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("link", name=f"{advice.get_kind_display()} for {child.full_name}").count() == 0
    assert not [p for p in page.problems if "Content Security Policy" in p], page.problems
