"""The question pages of the online request, and a school's request, through the views."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sendpath.assessments.intake import RATE_KEY, RATE_LIMIT
from sendpath.assessments.models import AssessmentRequest, Document, RequestSource
from sendpath.audit.models import AuditAction, AuditEvent
from sendpath.people.models import Child
from tests import factories as f
from tests.helpers import new_client, sign_in

pytestmark = pytest.mark.django_db

BASE = "/request-an-assessment"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def area() -> SimpleNamespace:
    """Two councils, so the council question is asked; two schools in the first."""
    la = f.LocalAuthorityFactory(name="Riverside Council")
    other = f.LocalAuthorityFactory(name="Hillside Council")
    school = f.SettingFactory(local_authority=la, name="Brook Primary School")
    f.SettingFactory(local_authority=la, name="Meadow Academy")
    return SimpleNamespace(la=la, other=other, school=school)


def dob_years_ago(years: int) -> dt.date:
    today = dt.date.today()
    return today.replace(year=today.year - years, day=1)


def parent_answers(area: SimpleNamespace, dob: dt.date | None = None) -> list[tuple[str, dict[str, str]]]:
    dob = dob or dob_years_ago(8)
    return [
        ("who", {"who": "mother"}),
        ("council", {"local_authority": str(area.la.pk)}),
        ("name", {"first_name": "Tobi", "last_name": "Okafor"}),
        (
            "date-of-birth",
            {
                "date_of_birth-day": str(dob.day),
                "date_of_birth-month": str(dob.month),
                "date_of_birth-year": str(dob.year),
            },
        ),
        ("sex", {"sex": "M"}),
        ("postcode", {"postcode": "le1 6zg"}),
        ("school", {"setting": str(area.school.pk)}),
        ("reasons", {"hard": "Reading and making friends.", "support": "Extra help in class."}),
        ("contact", {"contact_first_name": "Ada", "contact_last_name": "Okafor", "email": "ada@example.org"}),
    ]


def answer_all(client: Client, area: SimpleNamespace, **kwargs: Any) -> None:
    for slug, data in parent_answers(area, **kwargs):
        response = client.post(f"{BASE}/{slug}/", data)
        assert response.status_code == 302, (slug, response.content.decode()[:2000])


def test_start_page_explains_the_assessment_and_the_6_weeks(area: SimpleNamespace) -> None:
    html = new_client().get(f"{BASE}/").content.decode()
    assert html.count("<h1") == 1
    assert "EHC needs assessment" in html
    assert "within 6 weeks" in html
    assert f'href="{BASE}/who/"' in html


def test_each_page_leads_to_the_next_then_to_check_answers(area: SimpleNamespace) -> None:
    client = new_client()
    steps = parent_answers(area)
    for (slug, data), (next_slug, _) in zip(steps, [*steps[1:], ("check-answers", {})], strict=True):
        response = client.post(f"{BASE}/{slug}/", data)
        assert response["Location"] == f"{BASE}/{next_slug}/", slug


def test_a_later_page_sends_you_back_to_the_first_unanswered_question(area: SimpleNamespace) -> None:
    client = new_client()
    assert client.get(f"{BASE}/postcode/")["Location"] == f"{BASE}/who/"
    client.post(f"{BASE}/who/", {"who": "father"})
    assert client.get(f"{BASE}/postcode/")["Location"] == f"{BASE}/council/"
    assert client.get(f"{BASE}/check-answers/")["Location"] == f"{BASE}/council/"
    assert client.get(f"{BASE}/confirmation/")["Location"] == f"{BASE}/"


def test_with_many_schools_the_school_question_is_a_list(area: SimpleNamespace) -> None:
    for n in range(10):
        f.SettingFactory(local_authority=area.la, name=f"School {n}")
    client = new_client()
    for slug, data in parent_answers(area)[:6]:
        client.post(f"{BASE}/{slug}/", data)
    html = client.get(f"{BASE}/school/").content.decode()
    assert '<select class="govuk-select' in html
    assert "They are not in a school, college or nursery" in html
    assert client.post(f"{BASE}/school/", {"setting": "none"})["Location"] == f"{BASE}/reasons/"


def test_with_one_council_the_council_question_is_not_asked(area: SimpleNamespace) -> None:
    area.other.delete()
    client = new_client()
    assert client.post(f"{BASE}/who/", {"who": "mother"})["Location"] == f"{BASE}/name/"
    assert client.get(f"{BASE}/council/")["Location"] == f"{BASE}/name/"


@pytest.mark.parametrize(
    ("slug", "data", "message"),
    [
        ("who", {}, "Select who is asking for the assessment"),
        ("council", {}, "Select the council"),
        ("name", {"first_name": "Tobi"}, "Enter their last name"),
        ("name", {"first_name": "T" * 101, "last_name": "O"}, "First name must be 100 characters or less"),
        ("date-of-birth", {}, "Enter their date of birth"),
        ("date-of-birth", {"date_of_birth-day": "31", "date_of_birth-month": "2", "date_of_birth-year": "2019"},
         "The date of birth must be a real date"),
        ("date-of-birth", {"date_of_birth-day": "1", "date_of_birth-month": "1", "date_of_birth-year": "1990"},
         "The date of birth must show they are 25 or under"),
        ("sex", {}, "Select their sex"),
        ("postcode", {"postcode": "LE1 6Z"}, "The last part of a postcode must be a number then 2 letters"),
        ("school", {}, "Select their school, college or nursery, or say they are not in one"),
        ("reasons", {"support": "Some"}, "Describe what is hard for them"),
        ("reasons", {"hard": "x" * 5001}, "Your answer must be 5,000 characters or less"),
        ("contact", {"contact_first_name": "Ada", "contact_last_name": "O", "email": "ada@"},
         "Enter an email address in the correct format, like name@example.com"),
        ("contact", {"contact_first_name": "Ada", "contact_last_name": "O", "email": "a@b.org", "phone": "12ab"},
         "Enter a phone number, like 01632 960 001"),
    ],
)  # fmt: skip
def test_each_page_explains_a_wrong_answer_and_keeps_it(
    slug: str, data: dict[str, str], message: str, area: SimpleNamespace
) -> None:
    client = new_client()
    for earlier, values in parent_answers(area):
        if earlier == slug:
            break
        client.post(f"{BASE}/{earlier}/", values)
    response = client.post(f"{BASE}/{slug}/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "<title>Error: " in html
    assert message in html
    assert html.count("<h1") == 1
    for value in data.values():
        if len(value) < 200:
            assert f'value="{value}"' in html or f">{value}</textarea>" in html, value


def test_check_answers_shows_every_answer_with_a_change_link(area: SimpleNamespace) -> None:
    client = new_client()
    answer_all(client, area)
    html = client.get(f"{BASE}/check-answers/").content.decode()
    for text in ("Their mother", "Riverside Council", "Tobi Okafor", "Male", "LE1 6ZG", "Brook Primary School",
                 "Reading and making friends.", "Extra help in class.", "Ada Okafor", "ada@example.org"):  # fmt: skip
        assert text in html, text
    for slug in (
        "who",
        "council",
        "name",
        "date-of-birth",
        "sex",
        "postcode",
        "school",
        "reasons",
        "contact",
    ):
        assert f'href="{BASE}/{slug}/?change=1"' in html, slug


def test_a_change_link_returns_to_check_answers(area: SimpleNamespace) -> None:
    client = new_client()
    answer_all(client, area)
    page = client.get(f"{BASE}/postcode/?change=1").content.decode()
    assert f'href="{BASE}/check-answers/"' in page, "the back link goes to check answers"
    assert 'value="LE1 6ZG"' in page
    response = client.post(f"{BASE}/postcode/?change=1", {"postcode": "LE3 9QP"})
    assert response["Location"] == f"{BASE}/check-answers/"
    assert "LE3 9QP" in client.get(f"{BASE}/check-answers/").content.decode()


def test_becoming_the_young_person_asks_the_date_of_birth_and_contact_again(area: SimpleNamespace) -> None:
    client = new_client()
    answer_all(client, area, dob=dob_years_ago(17))
    response = client.post(f"{BASE}/who/?change=1", {"who": "young_person"})
    assert response["Location"] == f"{BASE}/date-of-birth/"
    page = client.get(f"{BASE}/date-of-birth/").content.decode()
    assert "What is your date of birth?" in page
    assert (
        client.post(f"{BASE}/date-of-birth/", parent_answers(area, dob_years_ago(17))[3][1])["Location"]
        == f"{BASE}/contact/"
    )
    page = client.get(f"{BASE}/contact/").content.decode()
    assert "Your first name" not in page, "a young person's name is already known"
    client.post(f"{BASE}/contact/", {"email": "tobi@example.org"})
    page = client.get(f"{BASE}/check-answers/").content.decode()
    assert "Ada Okafor" not in page, "no parent's name for a young person asking for themselves"
    assert "I am the young person" in page and "Tobi Okafor" in page


def test_sending_makes_the_request_and_shows_the_reference(area: SimpleNamespace) -> None:
    client = new_client()
    answer_all(client, area)
    response = client.post(f"{BASE}/check-answers/")
    assert response["Location"] == f"{BASE}/confirmation/"
    case = AssessmentRequest.objects.get(child__last_name="Okafor")
    assert case.source == RequestSource.FAMILY
    assert case.contact_email == "ada@example.org"
    html = client.get(f"{BASE}/confirmation/").content.decode()
    assert "govuk-panel" in html
    assert case.reference in html
    assert "contact you to set up an account" in html
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]
    assert case.reference in mail.outbox[0].body
    # The answers are gone: a second send starts again.
    assert client.get(f"{BASE}/check-answers/")["Location"] == f"{BASE}/who/"


def test_the_confirmation_never_says_the_child_is_already_known(area: SimpleNamespace) -> None:
    dob = dob_years_ago(8)
    known = f.ChildFactory(local_authority=area.la, first_name="Tobi", last_name="Okafor", date_of_birth=dob)
    f.AssessmentRequestFactory(child=known)
    client = new_client()
    answer_all(client, area, dob=dob)
    client.post(f"{BASE}/check-answers/")
    html = client.get(f"{BASE}/confirmation/").content.decode()
    assert "already" not in html and "duplicate" not in html
    assert Child.objects.filter(last_name="Okafor").count() == 1


def test_more_than_5_requests_an_hour_from_one_session_are_refused(area: SimpleNamespace) -> None:
    client = new_client()
    answer_all(client, area)
    session = client.session
    session[RATE_KEY] = [time.time() - 60] * RATE_LIMIT
    session.save()
    response = client.post(f"{BASE}/check-answers/")
    assert response.status_code == 429
    html = response.content.decode()
    assert "You have sent too many requests" in html
    assert "Your answers have been kept" in html
    assert not AssessmentRequest.objects.exists()
    # An hour later the same answers can be sent.
    session = client.session
    session[RATE_KEY] = [time.time() - 3601] * RATE_LIMIT
    session.save()
    assert client.post(f"{BASE}/check-answers/")["Location"] == f"{BASE}/confirmation/"


def test_the_sixth_send_in_an_hour_is_refused(area: SimpleNamespace) -> None:
    client = new_client()
    for n in range(RATE_LIMIT):
        answer_all(client, area)
        assert client.post(f"{BASE}/check-answers/").status_code == 302, n
    answer_all(client, area)
    assert client.post(f"{BASE}/check-answers/").status_code == 429
    assert AssessmentRequest.objects.count() == RATE_LIMIT


def test_a_post_without_the_csrf_token_is_refused(area: SimpleNamespace) -> None:
    client = new_client(enforce_csrf_checks=True)
    assert client.post(f"{BASE}/who/", {"who": "mother"}).status_code == 403
    html = client.get(f"{BASE}/who/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in html


def test_a_problem_found_when_sending_links_to_its_page(area: SimpleNamespace) -> None:
    client = new_client()
    answer_all(client, area)
    area.school.delete()
    response = client.post(f"{BASE}/check-answers/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select their school, college or nursery" in html
    assert f'href="{BASE}/school/?change=1"' in html
    assert not AssessmentRequest.objects.exists()


# -- a school's request ------------------------------------------------------------------------
@pytest.fixture
def school(area: SimpleNamespace) -> SimpleNamespace:
    senco = f.SencoFactory(setting=area.school)
    pupil = f.ChildFactory(local_authority=area.la, setting=area.school, first_name="Mina", last_name="Shah")
    other_school = f.SettingFactory(local_authority=area.la)
    elsewhere = f.ChildFactory(
        local_authority=area.la, setting=other_school, first_name="Kai", last_name="Lee"
    )
    consulted = f.ChildFactory(
        local_authority=area.la, setting=other_school, first_name="Ola", last_name="Ray"
    )
    f.ConsultationFactory(child=consulted, setting=area.school)
    return SimpleNamespace(senco=senco, pupil=pupil, elsewhere=elsewhere, consulted=consulted)


def school_form(*files: SimpleUploadedFile) -> dict[str, Any]:
    return {
        "reasons": "Slow progress in reading despite support.",
        "support": "Daily phonics group for two terms.",
        "provision": "Teaching assistant 5 hours a week: £3,900 a year.",
        "evidence": list(files) or [SimpleUploadedFile("plan.pdf", PDF)],
    }


def test_a_senco_asks_for_a_pupil_on_the_roll_with_evidence(school: SimpleNamespace) -> None:
    client = sign_in(new_client(), school.senco)
    path = f"/children/{school.pupil.pk}/request-assessment/"
    assert "Mina Shah" in client.get(path).content.decode()
    files = [SimpleUploadedFile("support plan.pdf", PDF), SimpleUploadedFile("work.png", PNG)]
    response = client.post(path, school_form(*files))
    assert response["Location"] == f"{path}?sent=1"
    case = AssessmentRequest.objects.get(child=school.pupil)
    assert case.source == RequestSource.SETTING
    assert case.requested_by == school.senco
    assert "£3,900" in case.reasons
    docs = list(Document.objects.filter(request=case).order_by("title"))
    assert [(d.title, d.content_type, d.size, d.uploaded_by) for d in docs] == [
        ("support plan.pdf", "application/pdf", len(PDF), school.senco),
        ("work.png", "image/png", len(PNG), school.senco),
    ]
    assert docs[0].file.read() == PDF
    html = client.get(response["Location"]).content.decode()
    assert case.reference in html and "govuk-panel" in html


def test_the_confirmation_shows_the_duplicate_warnings(school: SimpleNamespace) -> None:
    earlier = f.AssessmentRequestFactory(child=school.pupil)
    client = sign_in(new_client(), school.senco)
    path = f"/children/{school.pupil.pk}/request-assessment/"
    response = client.post(path, school_form())
    html = client.get(response["Location"]).content.decode()
    assert f"already has an open request, {earlier.reference}" in html


def test_a_file_of_the_wrong_type_is_refused_with_a_clear_message(school: SimpleNamespace) -> None:
    client = sign_in(new_client(), school.senco)
    path = f"/children/{school.pupil.pk}/request-assessment/"
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 this is a program, not a PDF")
    response = client.post(path, school_form(fake))
    assert response.status_code == 200
    html = response.content.decode()
    assert "report.pdf must be a PDF, a Word document (DOCX), a JPG or a PNG" in html
    assert "Slow progress in reading despite support." in html, "what was typed is kept"
    assert not AssessmentRequest.objects.filter(child=school.pupil).exists()
    assert not Document.objects.exists()


def test_a_file_over_10_mb_is_refused(school: SimpleNamespace) -> None:
    client = sign_in(new_client(), school.senco)
    big = SimpleUploadedFile("scan.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    html = client.post(f"/children/{school.pupil.pk}/request-assessment/", school_form(big)).content.decode()
    assert "scan.pdf must be smaller than 10 MB" in html


def test_evidence_is_required(school: SimpleNamespace) -> None:
    client = sign_in(new_client(), school.senco)
    data = school_form()
    del data["evidence"]
    html = client.post(f"/children/{school.pupil.pk}/request-assessment/", data).content.decode()
    assert "Select at least one file of evidence" in html


def test_only_for_pupils_on_the_roll(school: SimpleNamespace, area: SimpleNamespace) -> None:
    client = sign_in(new_client(), school.senco)
    assert client.get(f"/children/{school.elsewhere.pk}/request-assessment/").status_code == 404
    # Seen through a consultation, but not on this school's roll.
    assert client.get(f"/children/{school.consulted.pk}/request-assessment/").status_code == 403
    coordinator = f.CoordinatorFactory(local_authority=area.la)
    staff = sign_in(new_client(), coordinator)
    assert staff.get(f"/children/{school.pupil.pk}/request-assessment/").status_code == 403
    assert (
        client.post(f"/children/{school.elsewhere.pk}/request-assessment/", school_form()).status_code == 404
    )
    assert not AssessmentRequest.objects.exists()


def test_the_form_is_audited_as_a_read_of_the_child(school: SimpleNamespace, area: SimpleNamespace) -> None:
    """What tests/test_audit_coverage.py asks of every page about one child."""
    client = sign_in(new_client(), school.senco)
    path = f"/children/{school.pupil.pk}/request-assessment/?from=matrix"
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    client.get(path, REMOTE_ADDR="203.0.113.9")
    events = list(AuditEvent.objects.exclude(pk__in=before))
    assert [(e.action, e.object_type, e.object_id, e.summary, e.path, e.ip_address) for e in events] == [
        (
            AuditAction.VIEW,
            "people.child",
            str(school.pupil.pk),
            "Assessment request form",
            path,
            "203.0.113.9",
        )
    ]
    stranger = sign_in(new_client(), f.CoordinatorFactory(local_authority=area.other))
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    assert stranger.get(path).status_code == 404
    events = list(AuditEvent.objects.exclude(pk__in=before))
    assert [(e.action, e.child_id) for e in events] == [(AuditAction.REFUSED, school.pupil.pk)]
