"""The services behind online requests: checking answers, matching a known child, making the
records all or nothing, the rate limit, and judging files by their content."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from sendpath.assessments import intake
from sendpath.assessments.intake import OnlineRequest, Requester
from sendpath.assessments.models import AssessmentRequest, Document, RequestSource, StageChange
from sendpath.audit.models import AuditAction, AuditEvent
from sendpath.common import uploads
from sendpath.common.errors import DomainError, NotAllowed
from sendpath.people.codes import RelationshipKind
from sendpath.people.models import Carer, Child, Relationship
from tests import factories as f

TODAY = dt.date(2026, 3, 3)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.4\n" + b"0" * 32


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    # Fixed timestamps, so every pytest-xdist worker builds (and names) the same test.
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in (("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")):
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def answers(la: Any = None, **changes: Any) -> OnlineRequest:
    base = OnlineRequest(
        local_authority_id=la.pk if la else None,
        requester=Requester.MOTHER,
        first_name="Tobi",
        last_name="Okafor",
        date_of_birth=dt.date(2017, 5, 9),
        sex="M",
        postcode="le1 6zg",
        setting=intake.NOT_IN_SETTING,
        hard="Reading.",
        support="",
        email="ada@example.org",
        phone="07700 900982",
        contact_first_name="Ada",
        contact_last_name="Okafor",
    )
    return dataclasses.replace(base, **changes)


# -- checking answers (no database needed beyond the council) -----------------------------------
@pytest.mark.django_db
def test_good_answers_have_no_problems() -> None:
    assert intake.validate(answers(f.LocalAuthorityFactory()), TODAY) == {}


@pytest.mark.django_db
def test_every_problem_is_reported_at_once_in_plain_english() -> None:
    bad = answers(
        None, requester="", first_name="", last_name="x" * 101, date_of_birth=None, sex="", postcode="LE1",
        setting="", hard=" ", email="ada@", phone="12", contact_first_name="", contact_last_name="",
    )  # fmt: skip
    assert intake.validate(bad, TODAY) == {
        "who": "Select who is asking for the assessment",
        "local_authority": "Select the council",
        "first_name": "Enter their first name",
        "last_name": "Their last name must be 100 characters or less",
        "date_of_birth": "Enter their date of birth",
        "sex": "Select their sex",
        "postcode": "Enter a full UK postcode, like LE1 6ZG: this one is too short",
        "setting": "Select their school, college or nursery, or say they are not in one",
        "hard": "Describe what is hard for them",
        "contact_first_name": "Enter your first name",
        "contact_last_name": "Enter your last name",
        "email": "Enter an email address in the correct format, like name@example.com",
        "phone": "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
    }


@pytest.mark.parametrize(
    ("dob", "for_themselves", "message"),
    [
        (dt.date(2026, 3, 4), False, "The date of birth must be today or in the past"),
        (dt.date(2000, 3, 3), False, "The date of birth must show they are 25 or under"),
        (dt.date(2000, 3, 3), True, "The date of birth must show you are 25 or under"),
        (dt.date(2010, 3, 4), True, "You must be 16 or over to ask for yourself"),
        (dt.date(2010, 3, 3), True, None),
        (dt.date(2000, 3, 4), False, None),
        (dt.date(2026, 3, 3), False, None),
    ],
)
def test_date_of_birth_rules(dob: dt.date, for_themselves: bool, message: str | None) -> None:
    problem = intake.date_of_birth_problem(dob, for_themselves, TODAY)
    if message is None:
        assert problem is None
    else:
        assert problem is not None and problem.startswith(message)


@pytest.mark.django_db
def test_a_setting_of_another_council_is_refused() -> None:
    la, other = f.LocalAuthorityFactory(), f.LocalAuthorityFactory()
    elsewhere = f.SettingFactory(local_authority=other)
    assert "setting" in intake.validate(answers(la, setting=str(elsewhere.pk)), TODAY)


def test_text_is_cleaned_of_control_characters_and_cut_to_its_limit() -> None:
    assert intake.clean_text(" a\x00b\r\nc\td\x1b ") == "ab\nc\td"
    assert len(intake.clean_text("x" * 6000)) == intake.TEXT_MAX


def test_answers_from_the_session() -> None:
    got = OnlineRequest.from_answers(
        {"who": "young_person", "local_authority": "7", "date_of_birth": "2009-01-02", "email": "a@b.org"}
    )
    assert (got.requester, got.local_authority_id, got.date_of_birth, got.email, got.first_name) == (
        "young_person", 7, dt.date(2009, 1, 2), "a@b.org", "",
    )  # fmt: skip
    assert got.for_themselves


# -- making the records -------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_new_child_their_parent_and_the_request_are_made_and_audited() -> None:
    la = f.LocalAuthorityFactory()
    school = f.SettingFactory(local_authority=la)
    sent = intake.submit_online_request(answers=answers(la, setting=str(school.pk)), today=TODAY)
    child = sent.child
    assert sent.new_child and sent.warnings == []
    assert (child.first_name, child.postcode, child.setting, child.sex) == ("Tobi", "LE1 6ZG", school, "M")
    link = Relationship.objects.get(child=child)
    assert (link.carer.first_name, link.carer.email, link.carer.phone, link.kind) == (
        "Ada", "ada@example.org", "07700 900982", RelationshipKind.MOTHER,
    )  # fmt: skip
    case = sent.case
    assert (case.received_on, case.source, case.contact_email, case.requested_by) == (
        TODAY, RequestSource.FAMILY, "ada@example.org", None,
    )  # fmt: skip
    assert case.decision_due == dt.date(2026, 4, 14)
    assert "What is hard for them:\nReading." in case.reasons
    events = AuditEvent.objects.filter(child_id=child.pk).order_by("pk")
    assert [(e.action, e.object_type, e.user_id) for e in events] == [
        (AuditAction.CREATE, "people.child", None),
        (AuditAction.CREATE, "people.relationship", None),
        (AuditAction.CREATE, "assessments.assessmentrequest", None),
    ]
    (email,) = mail.outbox
    assert email.to == ["ada@example.org"]
    assert case.reference in email.subject and "14 April 2026" in email.body
    assert "Tobi" not in email.body, "the email names no child"


@pytest.mark.django_db
def test_a_known_child_is_matched_by_names_and_date_of_birth_and_the_duplicate_flagged() -> None:
    la = f.LocalAuthorityFactory()
    known = f.ChildFactory(
        local_authority=la, first_name="TOBI", last_name="okafor", date_of_birth=dt.date(2017, 5, 9)
    )
    earlier = f.AssessmentRequestFactory(child=known, received_on=TODAY - dt.timedelta(days=10))
    f.PlanFactory(child=known)
    sent = intake.submit_online_request(answers=answers(la), today=TODAY)
    assert sent.child == known and not sent.new_child
    assert Child.objects.count() == 1
    assert sent.warnings == [
        f"TOBI okafor already has an open request, {earlier.reference}, received 21 February 2026.",
        "TOBI okafor already has an EHC plan.",
    ]
    note = StageChange.objects.get(request=sent.case).note
    assert note.startswith("Check for a duplicate.") and earlier.reference in note
    assert AuditEvent.objects.filter(
        child_id=known.pk, summary="Possible duplicate flagged to the coordinator"
    ).exists()


@pytest.mark.django_db
def test_a_child_of_the_same_name_elsewhere_or_born_another_day_is_not_matched() -> None:
    la, other = f.LocalAuthorityFactory(), f.LocalAuthorityFactory()
    f.ChildFactory(
        local_authority=other, first_name="Tobi", last_name="Okafor", date_of_birth=dt.date(2017, 5, 9)
    )
    f.ChildFactory(
        local_authority=la, first_name="Tobi", last_name="Okafor", date_of_birth=dt.date(2017, 5, 10)
    )
    sent = intake.submit_online_request(answers=answers(la), today=TODAY)
    assert sent.new_child and sent.warnings == []


@pytest.mark.django_db
def test_the_same_parent_asking_again_is_not_added_twice() -> None:
    la = f.LocalAuthorityFactory()
    first = intake.submit_online_request(answers=answers(la), today=TODAY)
    intake.submit_online_request(answers=answers(la, email="ADA@example.org"), today=TODAY)
    assert Carer.objects.count() == 1
    assert Relationship.objects.filter(child=first.child).count() == 1
    assert AssessmentRequest.objects.filter(child=first.child).count() == 2


@pytest.mark.django_db
def test_a_young_person_asking_for_themselves_has_no_carer_made() -> None:
    la = f.LocalAuthorityFactory()
    you = answers(
        la, requester=Requester.YOUNG_PERSON, date_of_birth=dt.date(2008, 1, 1), contact_first_name=""
    )
    sent = intake.submit_online_request(answers=you, today=TODAY)
    assert not Carer.objects.exists() and not Relationship.objects.exists()
    assert sent.case.source == RequestSource.FAMILY


@pytest.mark.django_db
def test_bad_answers_make_nothing() -> None:
    la = f.LocalAuthorityFactory()
    with pytest.raises(DomainError) as caught:
        intake.submit_online_request(answers=answers(la, postcode="nope"), today=TODAY)
    assert caught.value.field == "postcode"
    assert not Child.objects.exists() and not mail.outbox


@pytest.mark.django_db
def test_it_is_all_or_nothing() -> None:
    la = f.LocalAuthorityFactory()
    with (
        mock.patch.object(intake.services, "receive_request", side_effect=RuntimeError("database went away")),
        pytest.raises(RuntimeError),
    ):
        intake.submit_online_request(answers=answers(la), today=TODAY)
    assert not Child.objects.exists()
    assert not Carer.objects.exists() and not Relationship.objects.exists()
    assert not AuditEvent.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
def test_an_email_that_cannot_be_sent_does_not_lose_the_request() -> None:
    la = f.LocalAuthorityFactory()
    with mock.patch.object(intake, "send_mail", side_effect=OSError("no mail server")):
        sent = intake.submit_online_request(answers=answers(la), today=TODAY)
    assert AssessmentRequest.objects.filter(pk=sent.case.pk).exists()


# -- the rate limit -------------------------------------------------------------------------------
def test_five_an_hour_per_session() -> None:
    session: dict[str, Any] = {}
    for n in range(intake.RATE_LIMIT):
        assert intake.may_submit(session, now=1000.0 + n)
        intake.note_submission(session, now=1000.0 + n)
    assert not intake.may_submit(session, now=1010.0)
    assert intake.may_submit(session, now=1000.0 + intake.RATE_WINDOW + 1)
    assert intake.may_submit({intake.RATE_KEY: ["junk", None]}, now=1.0)


# -- files ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (PDF, uploads.PDF),
        (PNG, uploads.PNG),
        (b"\xff\xd8\xff\xdb" + b"\x00" * 8, uploads.JPEG),
        (docx_bytes(), uploads.DOCX),
        (b"PK\x03\x04not really a zip", None),
        (b"GIF89a....", None),
        (b"<svg onload=alert(1)>", None),
    ],
    ids=["pdf", "png", "jpeg", "docx", "fake-zip", "gif", "svg"],
)
def test_files_are_known_by_their_first_bytes(content: bytes, kind: str | None) -> None:
    assert uploads.sniff(SimpleUploadedFile("whatever.pdf", content)) == kind


def test_a_file_that_is_empty_too_big_or_the_wrong_kind_is_refused_by_name() -> None:
    messages = []
    for upload in (
        SimpleUploadedFile("empty.pdf", b""),
        SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * uploads.MAX_FILE_SIZE),
        SimpleUploadedFile("C:\\Users\\me\\notes.docx", b"plain text"),
    ):
        with pytest.raises(DomainError) as caught:
            uploads.check_file(upload, uploads.EVIDENCE_TYPES)
        messages.append(caught.value.message)
    assert messages == [
        "empty.pdf is empty: choose another file",
        "big.pdf must be smaller than 10 MB",
        "notes.docx must be a PDF, a Word document (DOCX), a JPG or a PNG",
    ]
    with pytest.raises(DomainError, match="must be a photo"):
        uploads.check_file(SimpleUploadedFile("x.docx", docx_bytes()), uploads.FAMILY_TYPES)


@pytest.mark.django_db
def test_a_school_request_stores_its_evidence_and_only_the_schools_senco_may_send_it() -> None:
    la = f.LocalAuthorityFactory()
    school = f.SettingFactory(local_authority=la)
    senco = f.SencoFactory(setting=school)
    pupil = f.ChildFactory(local_authority=la, setting=school)
    files = [SimpleUploadedFile("plan.docx", docx_bytes()), SimpleUploadedFile("a.pdf", PDF)]
    case, warnings = intake.submit_setting_request(
        user=senco, child=pupil, reasons="Why", support="Support", provision="£1,000", files=files
    )
    assert warnings == [] and case.source == RequestSource.SETTING
    assert sorted(Document.objects.values_list("content_type", flat=True)) == [uploads.PDF, uploads.DOCX]
    other = f.SencoFactory(setting=f.SettingFactory(local_authority=la))
    with pytest.raises(NotAllowed):
        intake.submit_setting_request(
            user=other, child=pupil, reasons="a", support="b", provision="c", files=files
        )


@pytest.mark.django_db
def test_a_failed_school_request_leaves_no_row_and_no_file(tmp_path: Path) -> None:
    la = f.LocalAuthorityFactory()
    school = f.SettingFactory(local_authority=la)
    senco = f.SencoFactory(setting=school)
    pupil = f.ChildFactory(local_authority=la, setting=school)
    with (
        mock.patch.object(intake, "flag_duplicates", side_effect=RuntimeError("crash after the files")),
        pytest.raises(RuntimeError),
    ):
        intake.submit_setting_request(
            user=senco, child=pupil, reasons="a", support="b", provision="c",
            files=[SimpleUploadedFile("a.pdf", PDF)],
        )  # fmt: skip
    assert not AssessmentRequest.objects.exists() and not Document.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


@pytest.mark.django_db
def test_a_school_request_reports_every_missing_answer() -> None:
    la = f.LocalAuthorityFactory()
    school = f.SettingFactory(local_authority=la)
    senco = f.SencoFactory(setting=school)
    pupil = f.ChildFactory(local_authority=la, setting=school)
    with pytest.raises(DomainError) as caught:
        intake.submit_setting_request(user=senco, child=pupil, reasons="", support="", provision="", files=[])
    assert set(caught.value.errors) == {"reasons", "support", "provision", "evidence"}
