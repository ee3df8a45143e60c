"""The case page and its action pages, through the test client, against a real database.

The coordinator sees the clock panel, the timeline with who did what, duplicate warnings and
the actions the stage allows; the family sees the same story in plain English. Each action
redirects back with a message on success, shows a GOV.UK error summary and keeps what was
typed on failure, and on a stale version names who changed the case and offers the new
version so a second, deliberate save works. Every page that shows a case is audited.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from sendpath.assessments import services
from sendpath.assessments.models import (
    AdviceKind,
    AdviceRequest,
    AssessmentRequest,
    ClockException,
    Consultation,
    ExceptionKind,
)
from sendpath.assessments.tests.test_services import (
    DECIDED_TO_ASSESS,
    DECIDED_TO_ISSUE,
    DRAFT_SERVED,
    EARLIEST_FINAL,
    RECEIVED,
    TODAY,
    assessing,
    at,
    build,
    draft_sent,
    drafting,
    fresh,
    new_case,
)
from sendpath.assessments.workflow import Stage
from sendpath.audit.models import AuditAction, AuditEvent
from sendpath.plans.models import Plan
from tests.helpers import new_client, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with at(TODAY):
        yield


@pytest.fixture
def w() -> SimpleNamespace:
    return build()


def client_for(user: Any) -> Client:
    return sign_in(new_client(), user)


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def url(case: AssessmentRequest, action: str = "") -> str:
    return f"/cases/{case.pk}/{action + '/' if action else ''}"


def date_fields(
    name: str, day: dt.date | None = None, *, raw: tuple[str, str, str] | None = None
) -> dict[str, str]:
    d, m, y = raw if raw else (str(day.day), str(day.month), str(day.year))  # type: ignore[union-attr]
    return {f"{name}-day": d, f"{name}-month": m, f"{name}-year": y}


def input_value(page: str, name: str) -> str | None:
    """The value of the text or hidden input called ``name``, as the page would submit it."""
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', page)
    if tag is None:
        return None
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


def checked(page: str, name: str) -> list[str]:
    """The values of the radios called ``name`` that are checked."""
    return [
        re.search(r'\bvalue="([^"]*)"', tag).group(1)  # type: ignore[union-attr]
        for tag in re.findall(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', page)
        if re.search(r"\bchecked\b", tag)
    ]


def selected(page: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*\bname="{re.escape(name)}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"no select called {name}"
    return re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select.group(1))


def textarea(page: str, name: str) -> str | None:
    found = re.search(rf'<textarea[^>]*\bname="{re.escape(name)}"[^>]*>(.*?)</textarea>', page, re.S)
    return found.group(1).strip() if found else None


def error_summary(page: str) -> str:
    found = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    assert found, "the page has a GOV.UK error summary"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0)))


def banner(response: Any) -> str:
    found = re.search(r'<div class="govuk-notification-banner.*?</div>\s*</div>', text(response), re.S)
    assert found, "the page has a notification banner"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0)))


def clock_rows(page: str) -> list[str]:
    """Each row of the clock panel as plain text: limit, citation, detail, date, status."""
    panel = re.search(r'<h2 class="govuk-heading-m">Legal clocks</h2>(.*?)</table>', page, re.S)
    assert panel, "the page has a clock panel"
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', panel.group(1), re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r)).strip() for r in rows[1:]]


def action_links(page: str, case: AssessmentRequest) -> list[str]:
    return re.findall(rf'href="/cases/{case.pk}/([a-z-]+)/"', page)


def views_of(case: AssessmentRequest) -> list[tuple[str, str, Any]]:
    return [
        (e.summary, e.object_type, e.user)
        for e in AuditEvent.objects.filter(child_id=case.child_id, action=AuditAction.VIEW).order_by("pk")
    ]


# -- the case page, for the council ----------------------------------------------------------
def test_the_coordinator_sees_the_clock_panel_the_timeline_and_the_actions(w: SimpleNamespace) -> None:
    case = new_case(w)
    response = client_for(w.coordinator).get(url(case))
    assert response.status_code == 200
    page = text(response)
    assert '<h1 class="govuk-heading-l">Maya Shah: Request received</h1>' in page
    assert f"Case {case.reference}" in page
    # The clock panel: every limit, its legal date and its state (today is 20 March 2026).
    assert clock_rows(page) == [
        "6-week decision SEND Regulations 2014, reg 5(1). Tell the family whether we will assess Mon 16 Feb 2026 Breached",
        "16-week decision SEND Regulations 2014, reg 10(1). Tell the family we will not make a plan Mon 27 Apr 2026 Due",
        "20-week plan SEND Regulations 2014, reg 13(2). Send the final EHC plan Mon 25 May 2026 Due",
    ]
    # The timeline, with who did it.
    assert (
        'Request received</strong>. Request received <span class="govuk-body-s">(Cora Ordinator)</span>'
        in page
    )
    assert "5 January 2026" in page
    # The actions this stage allows, and no others.
    assert action_links(page, case) == ["decide-assess", "record-exception", "withdraw"]
    assert "No advice has been asked for yet." in page
    assert "another open request" not in page


def test_the_actions_follow_the_stage(w: SimpleNamespace) -> None:
    client = client_for(w.coordinator)
    case = assessing(w)
    assert action_links(text(client.get(url(case))), case) == [
        "request-advice",
        "decide-issue",
        "record-exception",
        "withdraw",
    ]
    case = services.decide_whether_to_issue(
        user=w.coordinator, case=case, expected_version=2, issue=True, on=DECIDED_TO_ISSUE
    )
    assert action_links(text(client.get(url(case))), case) == [
        "send-draft",
        "consult",
        "record-exception",
        "withdraw",
    ]
    case = services.send_draft(user=w.coordinator, case=case, expected_version=3, on=DRAFT_SERVED)
    page = text(client.get(url(case)))
    assert action_links(page, case) == ["consult", "issue-plan", "record-exception", "withdraw"]
    assert "15-day comment window" in page and "Mon 16 Mar 2026" in page
    services.issue_final_plan(
        user=w.coordinator,
        case=case,
        expected_version=4,
        on=EARLIEST_FINAL,
        named_setting=w.special,
        primary_need="ASD",
    )
    page = text(client.get(url(case)))
    assert action_links(page, case) == []
    assert "The case is closed." in page
    assert "Maya Shah: Final plan issued" in page


def test_the_timeline_names_who_did_each_step(w: SimpleNamespace) -> None:
    case = assessing(w)
    services.request_advice(
        user=w.coordinator,
        case=case,
        kind=AdviceKind.PSYCHOLOGICAL,
        requested_on=dt.date(2026, 2, 13),
        service=w.ep_service,
        professional=w.ep,
    )
    advice = AdviceRequest.objects.get(request=case)
    services.submit_advice(user=w.ep, advice=advice, needs="Memory", outcomes="Reads", provision="1:1 daily")
    services.record_exception(
        user=w.manager,
        case=case,
        kind=ExceptionKind.REG10_4_C,
        start_on=dt.date(2026, 2, 20),
        end_on=dt.date(2026, 3, 6),
        evidence="Hospital stay",
    )
    page = text(client_for(w.coordinator).get(url(case)))
    items = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", i)).strip()
        for i in re.findall(r'<li class="app-timeline__item">(.*?)</li>', page, re.S)
    ]
    assert items == [
        "5 January 2026 Request received . Request received (Cora Ordinator)",
        "12 February 2026 Assessing . Decided to assess (Cora Ordinator)",
        "13 February 2026 Asked Shire EP service for psychological advice . Due 27 March 2026",
        "20 February 2026 Exception: Exceptional personal circumstances, reg 10(4)(c) . Until 6 March 2026 (Manny Ager)",
        "20 March 2026 Psychological advice received from Shire EP service (Eve Psych)",
    ]
    assert "An exception to the time limits is recorded." in page
    assert "Mon 16 Feb 2026" in page
    assert "Psychological advice</strong> from Shire EP service (Eve Psych)" in page
    assert "1:1 daily" in page


def test_a_second_open_request_is_flagged_on_the_case(w: SimpleNamespace) -> None:
    first = new_case(w)
    second, _ = services.receive_request(user=w.parent, child=w.child, received_on=TODAY, source="1")
    page = text(client_for(w.coordinator).get(url(second)))
    assert (
        f"This child has another open request, {first.reference}, received 5 January 2026. "
        "Check it is not a duplicate."
    ) in page
    assert "govuk-warning-text" in page


def test_a_manager_may_act_and_a_finance_officer_only_reads(w: SimpleNamespace) -> None:
    case = new_case(w)
    assert action_links(text(client_for(w.manager).get(url(case))), case) == [
        "decide-assess",
        "record-exception",
        "withdraw",
    ]
    page = text(client_for(w.finance).get(url(case)))
    assert action_links(page, case) == []
    assert "Only the council's coordinators and SEND managers act on cases." in page
    assert client_for(w.finance).get(url(case, "decide-assess")).status_code == 403


def test_every_view_of_the_case_is_audited(w: SimpleNamespace) -> None:
    case = new_case(w)
    client_for(w.coordinator).get(url(case))
    client_for(w.finance).get(url(case))
    client_for(w.parent).get(url(case))
    client_for(w.coordinator).get(url(case, "decide-assess"))
    assert views_of(case) == [
        ("Assessment case", "assessments.assessmentrequest", w.coordinator),
        ("Assessment case", "assessments.assessmentrequest", w.finance),
        ("Assessment case", "assessments.assessmentrequest", w.parent),
        (
            "Case action: Record the decision whether to assess",
            "assessments.assessmentrequest",
            w.coordinator,
        ),
    ]
    event = AuditEvent.objects.filter(child_id=w.child.pk, action=AuditAction.VIEW).first()
    assert (event.object_id, event.local_authority_id, event.path) == (
        str(case.pk),
        w.la.pk,
        url(case, "decide-assess"),
    )


@pytest.mark.parametrize("who", ["other_coordinator", "other_manager", "other_parent"])
def test_people_who_may_not_see_the_child_get_not_found_and_it_is_recorded(
    w: SimpleNamespace, who: str
) -> None:
    case = new_case(w)
    client = client_for(getattr(w, who))
    assert client.get(url(case)).status_code == 404
    assert client.get(url(case, "decide-assess")).status_code == 404
    refusals = AuditEvent.objects.filter(child_id=w.child.pk, action=AuditAction.REFUSED).order_by("pk")
    assert [(e.summary, e.user) for e in refusals] == [
        (f"Refused: {url(case)}", getattr(w, who)),
        (f"Refused: {url(case, 'decide-assess')}", getattr(w, who)),
    ]
    assert not AuditEvent.objects.filter(child_id=w.child.pk, action=AuditAction.VIEW).exists()


@pytest.mark.parametrize("who", ["senco", "teacher", "ep", "councillor", "admin"])
def test_roles_that_do_not_use_the_case_page_are_forbidden(w: SimpleNamespace, who: str) -> None:
    case = new_case(w)
    assert client_for(getattr(w, who)).get(url(case)).status_code == 403
    assert not AuditEvent.objects.filter(child_id=w.child.pk, action=AuditAction.VIEW).exists()


def test_a_professional_asked_for_advice_still_does_not_use_the_case_page(w: SimpleNamespace) -> None:
    case = assessing(w)
    services.request_advice(
        user=w.coordinator,
        case=case,
        kind=AdviceKind.PSYCHOLOGICAL,
        requested_on=TODAY,
        service=w.ep_service,
        professional=w.ep,
    )
    assert client_for(w.ep).get(url(case)).status_code == 403


def test_signing_in_is_required(w: SimpleNamespace) -> None:
    case = new_case(w)
    response = new_client().get(url(case))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


# -- the case page, for the family -------------------------------------------------------------
def test_the_parent_sees_the_story_in_plain_english_and_no_actions(w: SimpleNamespace) -> None:
    case = assessing(w)
    response = client_for(w.parent).get(url(case))
    assert response.status_code == 200
    page = text(response)
    assert "Maya Shah's assessment" in page
    assert f"Reference {case.reference}" in page
    for line in (
        "We received your request on 5 January 2026.",
        "On 12 February 2026 we decided to carry out an assessment.",
        "We will tell you by 27 April 2026 whether we will issue a plan.",
        "If we issue one, the final plan is due by 25 May 2026.",
    ):
        assert f'<p class="govuk-body">{line}</p>' in page
    assert "The law gives the council 6 weeks" in page
    assert action_links(page, case) == []
    assert "Legal clocks" not in page
    assert "Actions" not in page
    assert "Cora Ordinator" not in page, "the family page does not name council staff"
    assert client_for(w.parent).get(url(case, "decide-issue")).status_code == 403


def test_the_young_person_sees_their_own_case(w: SimpleNamespace) -> None:
    case = new_case(w, child=w.yp_child)
    page = text(client_for(w.young_person).get(url(case)))
    assert "Yan Person's assessment" in page
    assert "We will tell you by 16 February 2026" not in page
    assert "We should have told you by 16 February 2026 whether we will assess." in page


# -- each action: success -------------------------------------------------------------------------
def test_every_action_form_opens_with_the_case_version(w: SimpleNamespace) -> None:
    client = client_for(w.coordinator)
    cases = {
        Stage.RECEIVED: new_case(w),
        Stage.ASSESSING: assessing(SimpleNamespace(**{**vars(w), "child": w.other_child})),
        Stage.DRAFTING: drafting(SimpleNamespace(**{**vars(w), "child": w.yp_child})),
    }
    forms = {
        "decide-assess": (Stage.RECEIVED, "Record the decision whether to assess"),
        "request-advice": (Stage.ASSESSING, "Ask for advice"),
        "decide-issue": (Stage.ASSESSING, "Record the decision whether to issue a plan"),
        "send-draft": (Stage.DRAFTING, "Record that the draft plan was sent"),
        "consult": (Stage.DRAFTING, "Consult a setting"),
        "record-exception": (Stage.RECEIVED, "Record an exception to the time limits"),
        "withdraw": (Stage.ASSESSING, "Close the request as withdrawn"),
    }
    for slug, (stage, title) in forms.items():
        case = cases[stage]
        response = client.get(url(case, slug))
        assert response.status_code == 200, slug
        page = text(response)
        assert f'<h1 class="govuk-heading-l">{title}</h1>' in page, slug
        assert "There is a problem" not in page
        assert f'href="{url(case)}"' in page, "a way back to the case"
        if slug not in ("request-advice", "consult", "record-exception"):
            assert input_value(page, "version") == str(case.version), slug


def test_recording_the_decision_to_assess(w: SimpleNamespace) -> None:
    case = new_case(w)
    response = client_for(w.coordinator).post(
        url(case, "decide-assess"),
        {"version": "1", "assess": "yes", **date_fields("on", DECIDED_TO_ASSESS)},
        follow=True,
    )
    assert response.redirect_chain == [(url(case), 302)]
    assert "The decision has been recorded." in banner(response)
    case = fresh(case)
    assert (case.stage, case.decided_to_assess_on, case.version) == (Stage.ASSESSING, DECIDED_TO_ASSESS, 2)
    assert "Maya Shah: Assessing" in text(response)
    updates = AuditEvent.objects.filter(child_id=w.child.pk, action=AuditAction.UPDATE)
    assert [(e.summary, e.path) for e in updates] == [("Decided to assess", url(case, "decide-assess"))]


def test_recording_a_decision_not_to_assess(w: SimpleNamespace) -> None:
    case = new_case(w)
    response = client_for(w.manager).post(
        url(case, "decide-assess"), {"version": "1", "assess": "no", **date_fields("on", TODAY)}
    )
    assert response.status_code == 302
    case = fresh(case)
    assert (case.stage, case.decided_not_to_assess_on, case.closed_on) == (Stage.NOT_ASSESSING, TODAY, TODAY)


def test_asking_for_advice(w: SimpleNamespace) -> None:
    case = assessing(w)
    client = client_for(w.coordinator)
    page = text(client.get(url(case, "request-advice")))
    assert f'<option value="{w.ep_service.pk}">Shire EP service</option>' in page
    assert "Other EP service" not in page, "only the council's own services are offered"
    response = client.post(
        url(case, "request-advice"),
        {
            "kind": "psychological",
            "service": str(w.ep_service.pk),
            "setting": "",
            **date_fields("requested_on", TODAY),
        },
        follow=True,
    )
    assert response.redirect_chain == [(url(case), 302)]
    assert "The advice request has been sent." in banner(response)
    advice = AdviceRequest.objects.get(request=case)
    assert (advice.kind, advice.service, advice.due_on) == (
        "psychological",
        w.ep_service,
        dt.date(2026, 5, 1),
    )
    assert "Asked Shire EP service for psychological advice" in text(response)


def test_asking_for_educational_advice_from_the_school(w: SimpleNamespace) -> None:
    case = assessing(w)
    response = client_for(w.coordinator).post(
        url(case, "request-advice"),
        {
            "kind": "educational",
            "service": "",
            "setting": str(w.school.pk),
            **date_fields("requested_on", TODAY),
        },
    )
    assert response.status_code == 302
    assert AdviceRequest.objects.get(request=case).setting == w.school


def test_recording_the_decision_to_issue_and_the_draft(w: SimpleNamespace) -> None:
    case = assessing(w)
    client = client_for(w.coordinator)
    response = client.post(
        url(case, "decide-issue"),
        {"version": "2", "issue": "yes", **date_fields("on", DECIDED_TO_ISSUE)},
        follow=True,
    )
    assert "The decision has been recorded." in banner(response)
    assert fresh(case).stage == Stage.DRAFTING
    response = client.post(
        url(case, "send-draft"), {"version": "3", **date_fields("on", DRAFT_SERVED)}, follow=True
    )
    assert response.redirect_chain == [(url(case), 302)]
    assert (
        "The draft plan has been recorded as sent. The family's 15 days for comments have begun."
        in banner(response)
    )
    assert (fresh(case).stage, fresh(case).draft_sent_on) == (Stage.DRAFT_SENT, DRAFT_SERVED)


def test_consulting_a_setting(w: SimpleNamespace) -> None:
    case = drafting(w)
    response = client_for(w.coordinator).post(
        url(case, "consult"), {"setting": str(w.special.pk), **date_fields("sent_on", TODAY)}, follow=True
    )
    assert "The consultation has been recorded." in banner(response)
    consultation = Consultation.objects.get(request=case)
    assert (consultation.setting, consultation.due_on) == (w.special, dt.date(2026, 4, 4))
    assert "Oakfield Special School: awaiting reply, reply asked for by 4 April 2026" in text(response)


def test_issuing_the_final_plan(w: SimpleNamespace) -> None:
    case = draft_sent(w)
    client = client_for(w.coordinator)
    page = text(client.get(url(case, "issue-plan")))
    assert f'<option value="{w.special.pk}">Oakfield Special School</option>' in page
    response = client.post(
        url(case, "issue-plan"),
        {
            "version": "4",
            "named_setting": str(w.special.pk),
            "primary_need": "SLCN",
            **date_fields("on", EARLIEST_FINAL),
        },
        follow=True,
    )
    assert response.redirect_chain == [(url(case), 302)]
    assert "The final plan has been issued." in banner(response)
    plan = Plan.objects.get(child=w.child)
    assert (plan.first_issued_on, plan.primary_need, plan.review_due) == (
        EARLIEST_FINAL,
        "SLCN",
        dt.date(2027, 3, 16),
    )
    assert plan.placements.get().setting == w.special
    assert fresh(case).named_setting == w.special


def test_recording_an_exception(w: SimpleNamespace) -> None:
    case = new_case(w)
    response = client_for(w.coordinator).post(
        url(case, "record-exception"),
        {
            "kind": "reg10_4_d",
            **date_fields("start_on", dt.date(2026, 1, 10)),
            **date_fields("end_on", dt.date(2026, 2, 28)),
            "evidence": "Family abroad; tickets seen",
            **date_fields("family_told_on", dt.date(2026, 1, 12)),
        },
        follow=True,
    )
    assert "The exception has been recorded. The limits still show, marked 'exception applies'." in banner(
        response
    )
    exception = ClockException.objects.get(request=case)
    assert (exception.kind, exception.family_told_on, exception.recorded_by) == (
        "reg10_4_d",
        dt.date(2026, 1, 12),
        w.coordinator,
    )
    assert fresh(case).decision_due == dt.date(2026, 2, 16)
    assert "Exception applies" in text(response)


def test_an_exception_without_the_optional_date_the_family_was_told(w: SimpleNamespace) -> None:
    case = new_case(w)
    response = client_for(w.coordinator).post(
        url(case, "record-exception"),
        {
            "kind": "reg10_4_c",
            **date_fields("start_on", dt.date(2026, 1, 10)),
            **date_fields("end_on", dt.date(2026, 1, 30)),
            "evidence": "Bereavement",
            **date_fields("family_told_on", raw=("", "", "")),
        },
    )
    assert response.status_code == 302
    assert ClockException.objects.get(request=case).family_told_on is None


def test_withdrawing_a_request(w: SimpleNamespace) -> None:
    case = new_case(w)
    response = client_for(w.coordinator).post(
        url(case, "withdraw"),
        {"version": "1", "note": "The family moved to Wales", **date_fields("on", TODAY)},
        follow=True,
    )
    assert "The request has been closed." in banner(response)
    assert fresh(case).stage == Stage.WITHDRAWN
    assert "The family moved to Wales" in text(response)


# -- each action: invalid input keeps what was typed --------------------------------------------
def test_a_decision_with_missing_answers_shows_every_error(w: SimpleNamespace) -> None:
    case = new_case(w)
    response = client_for(w.coordinator).post(
        url(case, "decide-assess"), {"version": "1", **date_fields("on", raw=("12", "", "2026"))}
    )
    assert response.status_code == 200
    page = text(response)
    assert "<title>Error: " in page
    summary = error_summary(page)
    assert "There is a problem" in summary
    assert "Select whether we will assess" in summary
    assert "The date of the decision must include a month" in summary
    assert 'href="#on-day"' in page
    assert (input_value(page, "on-day"), input_value(page, "on-month"), input_value(page, "on-year")) == (
        "12",
        "",
        "2026",
    )
    assert "govuk-input--error" in page
    assert fresh(case).stage == Stage.RECEIVED


def test_a_decision_dated_before_the_request_shows_the_rule_and_keeps_the_answers(w: SimpleNamespace) -> None:
    case = new_case(w)
    response = client_for(w.coordinator).post(
        url(case, "decide-assess"),
        {"version": "1", "assess": "no", **date_fields("on", dt.date(2025, 12, 24))},
    )
    assert response.status_code == 200
    page = text(response)
    assert (
        "The date of the decision must be on or after the date the request was received (5 January 2026)"
        in error_summary(page)
    )
    assert 'href="#on-day"' in page, "the error links to the date"
    assert checked(page, "assess") == ["no"]
    assert (input_value(page, "on-day"), input_value(page, "on-month"), input_value(page, "on-year")) == (
        "24",
        "12",
        "2025",
    )
    assert input_value(page, "version") == "1"
    case = fresh(case)
    assert (case.stage, case.version) == (Stage.RECEIVED, 1)
    assert not AuditEvent.objects.filter(child_id=w.child.pk, action=AuditAction.UPDATE).exists()


def test_a_date_that_does_not_exist_is_refused(w: SimpleNamespace) -> None:
    case = assessing(w)
    response = client_for(w.coordinator).post(
        url(case, "decide-issue"),
        {"version": "2", "issue": "yes", **date_fields("on", raw=("30", "2", "2026"))},
    )
    page = text(response)
    assert "The date of the decision must be a real date" in error_summary(page)
    assert checked(page, "issue") == ["yes"]
    assert input_value(page, "on-day") == "30"


def test_advice_without_a_service_keeps_the_choices(w: SimpleNamespace) -> None:
    case = assessing(w)
    response = client_for(w.coordinator).post(
        url(case, "request-advice"),
        {"kind": "medical", "service": "", "setting": str(w.school.pk), **date_fields("requested_on", TODAY)},
    )
    assert response.status_code == 200
    page = text(response)
    assert "Select the service to ask" in error_summary(page)
    assert selected(page, "kind") == ["medical"]
    assert selected(page, "setting") == [str(w.school.pk)]
    assert input_value(page, "requested_on-day") == "20"
    assert not AdviceRequest.objects.exists()


def test_a_final_plan_inside_the_15_days_is_refused_on_the_form(w: SimpleNamespace) -> None:
    case = draft_sent(w)
    response = client_for(w.coordinator).post(
        url(case, "issue-plan"),
        {
            "version": "4",
            "named_setting": str(w.special.pk),
            "primary_need": "ASD",
            **date_fields("on", dt.date(2026, 3, 16)),
        },
    )
    assert response.status_code == 200
    page = text(response)
    assert "(17 March 2026)" in error_summary(page)
    assert selected(page, "named_setting") == [str(w.special.pk)]
    assert selected(page, "primary_need") == ["ASD"]
    assert not Plan.objects.exclude(status="draft").exists(), "no plan issued"


def test_a_final_plan_without_a_setting_is_refused_on_the_form(w: SimpleNamespace) -> None:
    case = draft_sent(w)
    response = client_for(w.coordinator).post(
        url(case, "issue-plan"),
        {"version": "4", "named_setting": "", "primary_need": "ASD", **date_fields("on", TODAY)},
    )
    assert "Select the setting" in error_summary(text(response))
    assert not Plan.objects.exclude(status="draft").exists(), "no plan issued"


def test_an_exception_that_ends_before_it_starts_keeps_the_evidence(w: SimpleNamespace) -> None:
    case = new_case(w)
    response = client_for(w.coordinator).post(
        url(case, "record-exception"),
        {
            "kind": "reg10_4_c",
            **date_fields("start_on", dt.date(2026, 2, 10)),
            **date_fields("end_on", dt.date(2026, 2, 1)),
            "evidence": "Letter from the hospital, 9 Feb",
        },
    )
    assert response.status_code == 200
    page = text(response)
    assert "The end date must be on or after the start date" in error_summary(page)
    assert 'href="#end_on-day"' in page
    assert textarea(page, "evidence") == "Letter from the hospital, 9 Feb"
    assert checked(page, "kind") == ["reg10_4_c"]
    assert not ClockException.objects.exists()


def test_consulting_the_same_setting_twice_is_refused_on_the_form(w: SimpleNamespace) -> None:
    case = drafting(w)
    services.consult_setting(user=w.coordinator, case=case, setting=w.special, sent_on=TODAY)
    response = client_for(w.coordinator).post(
        url(case, "consult"), {"setting": str(w.special.pk), **date_fields("sent_on", TODAY)}
    )
    assert "Oakfield Special School has already been consulted and has not replied yet" in error_summary(
        text(response)
    )
    assert Consultation.objects.count() == 1


def test_a_withdrawal_without_a_reason(w: SimpleNamespace) -> None:
    case = new_case(w)
    response = client_for(w.coordinator).post(
        url(case, "withdraw"), {"version": "1", **date_fields("on", TODAY)}
    )
    page = text(response)
    assert "Say why the request ended" in error_summary(page)
    assert input_value(page, "on-day") == "20"


# -- concurrent edits ------------------------------------------------------------------------------
def test_a_stale_save_names_the_other_change_keeps_the_input_and_a_second_save_works(
    w: SimpleNamespace,
) -> None:
    case = assessing(w)
    client = client_for(w.coordinator)
    form = text(client.get(url(case, "withdraw")))
    assert input_value(form, "version") == "2"
    with at(TODAY, 9, 30):  # meanwhile the manager records the decision to issue
        services.decide_whether_to_issue(
            user=w.manager, case=fresh(case), expected_version=2, issue=True, on=DECIDED_TO_ISSUE
        )
    posted = {"version": "2", "note": "Family asked to stop; email of 19 March", **date_fields("on", TODAY)}
    response = client.post(url(case, "withdraw"), posted)
    assert response.status_code == 200
    page = text(response)
    assert (
        "This case was changed by Manny Ager on 20 March 2026 at 09:30, after you opened it. "
        "Nothing has been saved. Check the case, then try again."
    ) in error_summary(page)
    assert textarea(page, "note") == "Family asked to stop; email of 19 March"
    assert input_value(page, "on-day") == "20"
    assert input_value(page, "version") == "3", "the form now carries the version the user has been shown"
    case = fresh(case)
    assert (case.stage, case.version) == (Stage.DRAFTING, 3), "nothing of the stale save was kept"
    # The coordinator has read the change and saves again, deliberately.
    again = {
        "version": input_value(page, "version"),
        "note": textarea(page, "note"),
        **date_fields("on", TODAY),
    }
    response = client.post(url(case, "withdraw"), again, follow=True)
    assert response.redirect_chain == [(url(case), 302)]
    assert "The request has been closed." in banner(response)
    case = fresh(case)
    assert (case.stage, case.version, case.updated_by) == (Stage.WITHDRAWN, 4, w.coordinator)


def test_two_people_recording_the_same_decision_the_second_is_told_who(w: SimpleNamespace) -> None:
    case = new_case(w)
    client = client_for(w.coordinator)
    client.get(url(case, "decide-assess"))
    services.decide_whether_to_assess(
        user=w.manager, case=fresh(case), expected_version=1, assess=True, on=TODAY
    )
    response = client.post(
        url(case, "decide-assess"), {"version": "1", "assess": "no", **date_fields("on", TODAY)}, follow=True
    )
    assert "Manny Ager" in banner(response) or "Manny Ager" in error_summary(text(response))


# -- actions the stage does not allow -----------------------------------------------------------
@pytest.mark.parametrize(
    ("slug", "stage_label"),
    [
        ("issue-plan", "Request received"),
        ("request-advice", "Request received"),
        ("send-draft", "Request received"),
        ("consult", "Request received"),
        ("decide-issue", "Request received"),
    ],
)
def test_an_action_the_stage_does_not_allow_goes_back_with_a_message(
    w: SimpleNamespace, slug: str, stage_label: str
) -> None:
    case = new_case(w)
    client = client_for(w.coordinator)
    response = client.get(url(case, slug), follow=True)
    assert response.redirect_chain == [(url(case), 302)]
    assert f"That cannot be done while the case is at '{stage_label}'." in banner(response)
    response = client.post(url(case, slug), {"version": "1", **date_fields("on", TODAY)})
    assert response.status_code == 302
    assert fresh(case).stage == Stage.RECEIVED
    assert not Plan.objects.exclude(status="draft").exists(), "no plan issued"
    assert not AuditEvent.objects.filter(
        child_id=w.child.pk, action=AuditAction.VIEW, summary__startswith="Case action"
    ).exists()


def test_nothing_can_be_done_to_a_closed_case(w: SimpleNamespace) -> None:
    case = new_case(w)
    services.withdraw(user=w.coordinator, case=case, expected_version=1, on=TODAY, note="Moved")
    client = client_for(w.coordinator)
    for slug in ("decide-assess", "withdraw", "record-exception"):
        response = client.get(url(case, slug), follow=True)
        assert "That cannot be done while the case is at 'Withdrawn'." in banner(response), slug


def test_an_unknown_action_is_not_found(w: SimpleNamespace) -> None:
    case = new_case(w)
    assert client_for(w.coordinator).get(url(case, "approve-everything")).status_code == 404


def test_a_case_that_does_not_exist_is_not_found(w: SimpleNamespace) -> None:
    assert client_for(w.coordinator).get("/cases/999999/").status_code == 404


def test_the_decision_is_recorded_against_the_right_dates(w: SimpleNamespace) -> None:
    """The form's date is the decision's date, not today's: a decision made on 12 February
    and keyed in on 20 March is met, not late."""
    case = new_case(w)
    client_for(w.coordinator).post(
        url(case, "decide-assess"), {"version": "1", "assess": "yes", **date_fields("on", DECIDED_TO_ASSESS)}
    )
    rows = clock_rows(text(client_for(w.coordinator).get(url(case))))
    assert rows[0] == (
        "6-week decision SEND Regulations 2014, reg 5(1). Tell the family whether we will assess Mon 16 Feb 2026 Met"
    )
    assert fresh(case).received_on == RECEIVED
