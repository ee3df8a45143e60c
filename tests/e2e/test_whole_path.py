"""The whole path, in Chromium, from a family's online request to the final plan, as each
person lives it: the family (on a phone), the coordinator, the educational psychologist and
the school's SENCO. axe runs on every page each of them sees.

Time moves on between the steps (time-machine moves the clock of the whole process, server
included), so the dates entered are real dates in order, and the final plan can be issued
only once the family's 15 days for comments are over.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django_otp.oath import TOTP

from sendpath.accounts.roles import Role
from sendpath.accounts.services import create_account
from sendpath.assessments.models import AssessmentRequest
from sendpath.assessments.workflow import Stage
from sendpath.demo.generator import DEMO_PASSWORD
from sendpath.organisations.models import Phase, ServiceKind, SettingKind
from sendpath.people.models import Carer
from sendpath.plans.models import Plan
from tests import factories as f
from tests.e2e.conftest import PHONE, check_accessibility, check_fits, one_h1

LONDON = ZoneInfo("Europe/London")
KEY = "3132333435363738393031323334353637383930"


def moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


@pytest.fixture
def area(transactional_db: Any) -> Any:
    la = f.LocalAuthorityFactory(name="Riverside Council")
    school = f.SettingFactory(
        local_authority=la, name="Brook Primary School", kind=SettingKind.MAINSTREAM, phase=Phase.PRIMARY
    )
    ep_service = f.ServiceFactory(
        local_authority=la, kind=ServiceKind.EDUCATIONAL_PSYCHOLOGY, name="Educational Psychology Service"
    )

    def account(role: Role, email: str, name: str, **org: Any) -> Any:
        return create_account(
            email=email, full_name=name, role=role, password=DEMO_PASSWORD, totp_key=KEY, **org
        )

    return {
        "la": la,
        "school": school,
        "coordinator": account(Role.COORDINATOR, "amira@example.org", "Amira Khan", local_authority=la),
        "ep": account(Role.EP, "dr.shah@example.org", "Priya Shah", service=ep_service),
        "senco": account(Role.SENCO, "mrs.patel@example.org", "Anita Patel", setting=school),
    }


def checked(page: Any, where: str) -> None:
    one_h1(page, where)
    check_accessibility(page, where)
    if page.viewport_size["width"] <= PHONE["width"]:
        check_fits(page, where)


def sign_in(page: Any, base: str, user: Any) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/sign-in/code/"))
    if user.uses_email_code:
        code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    else:
        device = user.totpdevice_set.get()
        code = f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def fill_date(page: Any, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def act(page: Any, base: str, case: AssessmentRequest, link: str, where: str) -> None:
    page.goto(f"{base}/cases/{case.pk}/")
    page.get_by_role("link", name=link).click()
    checked(page, where)


def test_from_an_online_request_to_the_final_plan(area: dict[str, Any], live_server: Any, page: Any) -> None:
    base = live_server.url
    with time_machine.travel(moment(dt.date(2026, 3, 2)), tick=True) as clock:
        # Monday 2 March: the family asks online, on a phone, without an account.
        page.set_viewport_size(PHONE)
        page.goto(f"{base}/request-an-assessment/")
        checked(page, "the start page")
        page.get_by_role("button", name="Start now").click()
        page.get_by_label("Their mother").check()
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("First name").fill("Tobi")
        page.get_by_label("Last name").fill("Okafor")
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("Day").fill("9")
        page.get_by_label("Month").fill("5")
        page.get_by_label("Year").fill("2017")
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("Male", exact=True).check()
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("What is Tobi's postcode?").fill("LE1 6ZG")
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("Brook Primary School").check()
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("What is hard for Tobi?").fill("Reading, and making friends at playtime.")
        page.get_by_label("What help has Tobi had so far?").fill("A reading group twice a week.")
        page.get_by_role("button", name="Continue").click()
        page.get_by_label("Your first name").fill("Ada")
        page.get_by_label("Your last name").fill("Okafor")
        page.get_by_label("Email address").fill("ada.okafor@example.org")
        page.get_by_role("button", name="Continue").click()
        checked(page, "check your answers")
        page.get_by_role("button", name="Accept and send").click()
        page.wait_for_url(re.compile(r"/confirmation/$"))
        case = AssessmentRequest.objects.get(contact_email="ada.okafor@example.org")
        assert case.received_on == dt.date(2026, 3, 2)
        assert case.decision_due == dt.date(2026, 4, 13)  # 6 weeks, reg 5(1)
        checked(page, "the confirmation")

        # Friday 20 March: the coordinator finds the case and decides to assess.
        clock.move_to(moment(dt.date(2026, 3, 20)))
        page.set_viewport_size({"width": 1280, "height": 900})
        sign_in(page, base, area["coordinator"])
        page.goto(f"{base}/cases/?coordinator=all&q=Tobi+Okafor")
        checked(page, "the caseload, searched")
        page.get_by_role("link", name="Tobi Okafor").click()
        checked(page, "the new case")
        act(page, base, case, "Record the decision whether to assess", "the decision form")
        page.get_by_label("Yes, we will assess").check()
        fill_date(page, "Date of the decision", dt.date(2026, 3, 20))
        page.get_by_role("button", name="Save").click()
        assert "The decision has been recorded." in page.locator(".govuk-notification-banner").inner_text()
        act(page, base, case, "Ask for advice", "the advice request form")
        page.get_by_label("Advice needed").select_option("psychological")
        page.get_by_label("Service to ask").select_option(label="Educational Psychology Service")
        fill_date(page, "Date asked", dt.date(2026, 3, 20))
        page.get_by_role("button", name="Save").click()
        checked(page, "the case while assessing")

        # Friday 10 April: the educational psychologist gives her advice.
        clock.move_to(moment(dt.date(2026, 4, 10)))
        sign_in(page, base, area["ep"])
        checked(page, "the psychologist's advice requests")
        page.get_by_role("link", name="Psychological advice for Tobi Okafor").click()
        checked(page, "the advice form")
        page.get_by_label("The child's needs").fill("Phonological processing well below age.")
        page.get_by_label("Provision recommended").fill(
            "Daily precision teaching, 15 minutes, by a trained TA."
        )
        page.get_by_role("button", name="Send advice").click()
        checked(page, "the advice sent")

        # Monday 20 April: the coordinator decides to issue, sends the draft and consults the school.
        clock.move_to(moment(dt.date(2026, 4, 20)))
        sign_in(page, base, area["coordinator"])
        act(page, base, case, "Record the decision whether to issue a plan", "the issue decision form")
        page.get_by_label("Yes, we will write a draft plan").check()
        fill_date(page, "Date of the decision", dt.date(2026, 4, 20))
        page.get_by_role("button", name="Save").click()
        act(page, base, case, "Record that the draft plan was sent", "the draft form")
        fill_date(page, "Date", dt.date(2026, 4, 20))
        page.get_by_role("button", name="Save").click()
        act(page, base, case, "Consult a setting", "the consultation form")
        page.get_by_label("Setting to consult").select_option(label="Brook Primary School")
        fill_date(page, "Date the consultation was sent", dt.date(2026, 4, 20))
        page.get_by_role("button", name="Save").click()

        # Friday 24 April: the school answers that it can meet Tobi's needs.
        clock.move_to(moment(dt.date(2026, 4, 24)))
        sign_in(page, base, area["senco"])
        checked(page, "the SENCO's home page")
        page.get_by_role("link", name="Answer the consultation about Tobi Okafor").click()
        checked(page, "the consultation")
        page.get_by_label("Yes, we can meet the child's needs").check()
        page.get_by_role("button", name="Send answer").click()

        # Tuesday 5 May: the 15 days for comments ended yesterday; the final plan is issued.
        clock.move_to(moment(dt.date(2026, 5, 5)))
        sign_in(page, base, area["coordinator"])
        act(page, base, case, "Issue the final plan", "the final plan form")
        fill_date(page, "Date the final plan is issued", dt.date(2026, 5, 5))
        page.get_by_label("Setting named in section I").select_option(label="Brook Primary School")
        page.get_by_label("Primary type of need").select_option("SPLD")
        page.get_by_role("button", name="Save").click()
        checked(page, "the closed case")
        case.refresh_from_db()
        assert case.stage == Stage.PLAN_ISSUED and case.final_issued_on <= case.final_due
        plan = Plan.objects.get(request=case)
        assert plan.review_due == dt.date(2027, 5, 4)  # CFA s44(1): the day before the anniversary

        # The council sets up the family's account; the mother reads the outcome on her phone.
        carer = Carer.objects.get(email="ada.okafor@example.org")
        carer.user = create_account(
            email="ada.okafor@example.org", full_name="Ada Okafor", role=Role.PARENT, password=DEMO_PASSWORD
        )
        carer.save()
        page.set_viewport_size(PHONE)
        sign_in(page, base, carer.user)
        text = page.locator("main").inner_text()
        assert "We received your request on 2 March 2026." in text
        assert "We issued the final plan on 5 May 2026." in text
        checked(page, "the family's home page")
        assert any("final EHC plan" in m.subject for m in mail.outbox if "ada.okafor@example.org" in m.to)
