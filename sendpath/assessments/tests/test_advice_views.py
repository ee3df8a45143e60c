"""The professional's advice form and the school's consultation answer: only the people
asked may use them, bad input is refused with everything typed kept, every read and answer
is audited, and an answer cannot be given twice."""

from __future__ import annotations

import html
import io
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from sendpath.assessments.models import AdviceRequest, Consultation, ConsultationResponse, Document
from sendpath.audit.models import AuditAction, AuditEvent
from sendpath.common.uploads import DOCX, PDF
from sendpath.common.uploads import MAX_FILE_SIZE as MAX_REPORT_BYTES
from tests.helpers import new_client, sign_in, world_fixture

pytestmark = pytest.mark.django_db

world = world_fixture()

PDF_BYTES = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _client(user: Any) -> Client:
    return sign_in(new_client(), user)


def _page(response: Any) -> str:
    return html.unescape(response.content.decode())


def _docx_bytes(word: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml" if word else "xl/workbook.xml", "<document/>")
    return buffer.getvalue()


def _advice_post(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "needs": "Finds busy rooms overwhelming; reading two years behind.",
        "outcomes": "By the end of Year 5, reads books matched to age.",
        "provision": "Daily 20-minute phonics session with a trained assistant.",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _events(child: Any, action: str, summary: str) -> int:
    return AuditEvent.objects.filter(child_id=child.pk, action=action, summary=summary).count()


# -- who may open the advice form --------------------------------------------------------------
def test_the_professional_asked_sees_the_child_what_is_asked_and_the_law(world: SimpleNamespace) -> None:
    a = world.a
    response = _client(a.ep).get(f"/advice/{a.ep_advice.pk}/")
    assert response.status_code == 200
    page = _page(response)
    assert a.child1.full_name in page
    assert "Psychological advice" in page
    assert "SEND Regulations 2014, regulation 8: advice within 6 weeks" in page
    assert f"{a.ep_advice.due_on.day} {a.ep_advice.due_on:%B %Y}" in page
    assert page.count("<h1") == 1
    assert _events(a.child1, AuditAction.VIEW, "Advice request") == 1


def test_anyone_in_the_service_may_answer_unassigned_advice(world: SimpleNamespace) -> None:
    a = world.a
    assert _client(a.health).get(f"/advice/{a.health_advice.pk}/").status_code == 200


def test_people_who_see_the_child_but_were_not_asked_are_refused(world: SimpleNamespace) -> None:
    a = world.a
    for user in (a.coordinator, a.manager, a.senco_a, a.teacher, a.parent1):
        response = _client(user).get(f"/advice/{a.ep_advice.pk}/")
        assert response.status_code == 403, user.role
        assert a.child1.full_name not in _page(response)
        assert _client(user).post(f"/advice/{a.ep_advice.pk}/", _advice_post()).status_code == 403


def test_people_who_cannot_see_the_child_get_not_found_and_the_attempt_is_kept(
    world: SimpleNamespace,
) -> None:
    a = world.a
    for user in (a.health, a.social_care, a.parent2, world.b.ep, world.b.coordinator):
        response = _client(user).get(f"/advice/{a.ep_advice.pk}/")
        assert response.status_code == 404
        assert a.child1.full_name not in _page(response)
    assert _events(a.child1, AuditAction.REFUSED, f"Refused: /advice/{a.ep_advice.pk}/") == 5
    assert _client(a.ep).get("/advice/999999/").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(world: SimpleNamespace) -> None:
    response = new_client().get(f"/advice/{world.a.ep_advice.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


# -- giving advice -------------------------------------------------------------------------------
def test_missing_answers_are_refused_and_everything_typed_is_kept(world: SimpleNamespace) -> None:
    a = world.a
    response = _client(a.ep).post(
        f"/advice/{a.ep_advice.pk}/",
        _advice_post(needs="", provision="   ", outcomes="Reads fluently by Year 6 & beyond"),
    )
    assert response.status_code == 200
    page = _page(response)
    assert "There is a problem" in page
    assert "Describe the child's needs" in page
    assert "Describe the provision you recommend" in page
    assert 'href="#id_needs"' in page
    assert "Reads fluently by Year 6 & beyond" in page
    assert page.startswith("<!DOCTYPE html>") or "<title>Error:" in page
    a.ep_advice.refresh_from_db()
    assert a.ep_advice.received_on is None


def test_advice_is_given_with_its_report_audited_and_shown_to_the_coordinator(
    world: SimpleNamespace,
) -> None:
    a = world.a
    report = SimpleUploadedFile("shah-report.pdf", PDF_BYTES, content_type="application/octet-stream")
    client = _client(a.ep)
    response = client.post(f"/advice/{a.ep_advice.pk}/", {**_advice_post(), "report": report})
    assert response.status_code == 302
    assert response["Location"] == f"/advice/{a.ep_advice.pk}/"

    advice = AdviceRequest.objects.get(pk=a.ep_advice.pk)
    assert advice.received_on == timezone.localdate()
    assert advice.submitted_by == a.ep
    assert advice.provision.startswith("Daily 20-minute phonics")
    document = Document.objects.get(advice=advice)
    assert document.content_type == PDF  # sniffed, not the browser's octet-stream
    assert document.request_id == a.request1.pk
    assert document.size == len(PDF_BYTES)
    assert "shah-report.pdf" in document.title
    assert _events(a.child1, AuditAction.UPDATE, "Advice given") == 1
    assert _events(a.child1, AuditAction.CREATE, "Advice report attached") == 1

    page = _page(client.get(response["Location"]))
    assert "Your advice has been sent to the EHC coordinator." in page
    assert "The advice you gave" in page
    assert "Send advice" not in page

    case_page = _page(_client(a.coordinator).get(f"/cases/{a.request1.pk}/"))
    assert "Finds busy rooms overwhelming" in case_page
    assert "Received" in case_page


def test_a_second_submission_is_refused_and_changes_nothing(world: SimpleNamespace) -> None:
    a = world.a
    client = _client(a.ep)
    assert client.post(f"/advice/{a.ep_advice.pk}/", _advice_post()).status_code == 302
    response = client.post(f"/advice/{a.ep_advice.pk}/", _advice_post(needs="Something else entirely"))
    assert response.status_code == 200
    assert "This advice has already been given" in _page(response)
    advice = AdviceRequest.objects.get(pk=a.ep_advice.pk)
    assert advice.needs.startswith("Finds busy rooms")
    assert _events(a.child1, AuditAction.UPDATE, "Advice given") == 1


def test_two_answers_sent_at_once_the_second_is_refused(world: SimpleNamespace) -> None:
    """The second request read the advice before the first was saved; the row is checked
    again, locked, inside the transaction, so the first answer is never overwritten."""
    a = world.a
    stale = AdviceRequest.objects.select_related("request__child", "service").get(pk=a.ep_advice.pk)
    assert _client(a.ep).post(f"/advice/{a.ep_advice.pk}/", _advice_post()).status_code == 302
    with mock.patch("sendpath.assessments.advice_views.advice_for", return_value=stale):
        response = _client(a.ep).post(f"/advice/{a.ep_advice.pk}/", _advice_post(needs="Overwrite"))
    assert "already been answered" in _page(response)
    assert AdviceRequest.objects.get(pk=a.ep_advice.pk).needs.startswith("Finds busy rooms")


def test_unassigned_advice_is_taken_by_the_professional_who_gives_it(world: SimpleNamespace) -> None:
    a = world.a
    assert _client(a.health).post(f"/advice/{a.health_advice.pk}/", _advice_post()).status_code == 302
    advice = AdviceRequest.objects.get(pk=a.health_advice.pk)
    assert advice.professional == a.health
    assert advice.received_on is not None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.pdf", b"Just some text pretending", "must be a PDF or a Word document"),
        ("sheet.docx", None, "must be a PDF or a Word document"),
        ("empty.pdf", b"", "The selected file is empty"),
        ("huge.pdf", b"%PDF-" + b"0" * MAX_REPORT_BYTES, "must be smaller than 10 MB"),
    ],
)
def test_a_report_that_is_not_a_small_pdf_or_docx_is_refused(
    world: SimpleNamespace, name: str, content: bytes | None, message: str
) -> None:
    a = world.a
    upload = SimpleUploadedFile(name, content if content is not None else _docx_bytes(word=False))
    response = _client(a.ep).post(f"/advice/{a.ep_advice.pk}/", {**_advice_post(), "report": upload})
    assert response.status_code == 200
    page = _page(response)
    assert message in page
    assert "Finds busy rooms overwhelming" in page  # what was typed is kept
    assert "Select your file again" not in page or message in page
    assert AdviceRequest.objects.get(pk=a.ep_advice.pk).received_on is None
    assert not Document.objects.filter(advice=a.ep_advice).exists()


def test_a_word_document_is_accepted(world: SimpleNamespace) -> None:
    a = world.a
    upload = SimpleUploadedFile("report.docx", _docx_bytes())
    response = _client(a.ep).post(f"/advice/{a.ep_advice.pk}/", {**_advice_post(), "report": upload})
    assert response.status_code == 302
    assert Document.objects.get(advice=a.ep_advice).content_type == DOCX


def test_a_good_file_with_a_missing_answer_asks_for_the_file_again(world: SimpleNamespace) -> None:
    a = world.a
    upload = SimpleUploadedFile("report.pdf", PDF_BYTES)
    response = _client(a.ep).post(f"/advice/{a.ep_advice.pk}/", {**_advice_post(needs=""), "report": upload})
    assert "Select your file again" in _page(response)
    assert not Document.objects.exists()


# -- the consultation ----------------------------------------------------------------------------
def test_the_school_consulted_sees_the_consultation(world: SimpleNamespace) -> None:
    a = world.a
    response = _client(a.senco_b).get(f"/consultations/{a.consultation.pk}/")
    assert response.status_code == 200
    page = _page(response)
    assert a.child1.full_name in page
    assert f"Can {a.school_b.name} meet {a.child1.first_name}'s needs?" in page
    assert "Children and Families Act 2014, section 39" in page
    assert page.count("<h1") == 1
    assert _events(a.child1, AuditAction.VIEW, "Consultation") == 1


def test_only_the_school_consulted_may_answer(world: SimpleNamespace) -> None:
    a = world.a
    path = f"/consultations/{a.consultation.pk}/"
    for user in (a.senco_a, a.coordinator, a.teacher, a.ep, a.parent1):
        assert _client(user).get(path).status_code == 403, user.role
        assert _client(user).post(path, {"response": "can_meet"}).status_code == 403
    for user in (a.health, a.parent2, world.b.senco_b, world.b.coordinator):
        assert _client(user).get(path).status_code == 404
    assert Consultation.objects.get(pk=a.consultation.pk).response == ConsultationResponse.AWAITING


def test_cannot_meet_needs_a_reason_and_the_choice_is_kept(world: SimpleNamespace) -> None:
    a = world.a
    response = _client(a.senco_b).post(
        f"/consultations/{a.consultation.pk}/", {"response": "cannot_meet", "reason": ""}
    )
    assert response.status_code == 200
    page = _page(response)
    assert "Say why your school cannot meet the child's needs" in page
    assert 'value="cannot_meet" checked' in page
    assert (
        _page(_client(a.senco_b).post(f"/consultations/{a.consultation.pk}/", {})).count(
            "Select whether your school can meet the child's needs"
        )
        == 2
    )  # in the summary and beside the question


def test_the_school_answers_once_and_the_answer_is_audited(world: SimpleNamespace) -> None:
    a = world.a
    path = f"/consultations/{a.consultation.pk}/"
    client = _client(a.senco_b)
    response = client.post(path, {"response": "cannot_meet", "reason": "No space in the resource base."})
    assert response.status_code == 302
    consultation = Consultation.objects.get(pk=a.consultation.pk)
    assert consultation.response == ConsultationResponse.CANNOT_MEET
    assert consultation.reason == "No space in the resource base."
    assert consultation.responded_by == a.senco_b
    assert _events(a.child1, AuditAction.UPDATE, "Consultation answered") == 1
    page = _page(client.get(path))
    assert "Your answer has been sent to the council." in page
    assert "No space in the resource base." in page

    again = client.post(path, {"response": "can_meet"})
    assert "already answered" in _page(again)
    assert Consultation.objects.get(pk=a.consultation.pk).response == ConsultationResponse.CANNOT_MEET


# -- the way in ------------------------------------------------------------------------------------
def test_home_pages_link_to_the_advice_and_the_consultation(world: SimpleNamespace) -> None:
    a = world.a
    assert f"/advice/{a.ep_advice.pk}/" in _page(_client(a.ep).get("/"))
    assert f"/advice/{a.health_advice.pk}/" in _page(_client(a.health).get("/"))
    assert f"/consultations/{a.consultation.pk}/" in _page(_client(a.senco_b).get("/"))
