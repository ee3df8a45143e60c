"""The family's views and documents on their own case, and who may download a document."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from sendpath.assessments.models import Contribution, Document
from sendpath.audit.models import AuditAction, AuditEvent
from tests.helpers import new_client, sign_in, world_fixture

pytestmark = pytest.mark.django_db

world = world_fixture()

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _events_since(before: set[int]) -> list[AuditEvent]:
    return list(AuditEvent.objects.exclude(pk__in=before).order_by("pk"))


def _ids() -> set[int]:
    return set(AuditEvent.objects.values_list("pk", flat=True))


# -- views for section A ---------------------------------------------------------------------
def test_a_parent_adds_their_views_and_their_childs(world: SimpleNamespace) -> None:
    a = world.a
    client = sign_in(new_client(), a.parent1)
    path = f"/cases/{a.request1.pk}/views/"
    html = client.get(path).content.decode()
    assert "What do people like and admire about Alice?" in html
    assert html.count("<h1") == 1
    before = _ids()
    response = client.post(
        path, {"about": "Kind and funny.", "hard": "Noise.", "helps": "", "hopes": "College."}
    )
    assert response["Location"] == f"/cases/{a.request1.pk}/"
    views = Contribution.objects.get(request=a.request1)
    assert (views.author, views.about, views.hard, views.hopes) == (
        a.parent1,
        "Kind and funny.",
        "Noise.",
        "College.",
    )
    events = _events_since(before)
    assert [(e.action, e.child_id, e.user_id) for e in events] == [
        (AuditAction.CREATE, a.child1.pk, a.parent1.pk)
    ]


def test_empty_views_are_refused_and_what_was_typed_is_kept(world: SimpleNamespace) -> None:
    a = world.a
    client = sign_in(new_client(), a.parent1)
    response = client.post(f"/cases/{a.request1.pk}/views/", {"about": "  ", "hopes": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Write something in at least one of the boxes" in html
    assert "govuk-error-summary" in html
    long = client.post(f"/cases/{a.request1.pk}/views/", {"about": "x" * 5001, "hard": "Loud rooms"})
    assert "Your answer must be 5,000 characters or less" in long.content.decode()
    assert "Loud rooms" in long.content.decode()
    assert not Contribution.objects.filter(request=a.request1).exists()


def test_the_young_person_adds_their_own_views(world: SimpleNamespace) -> None:
    a = world.a
    client = sign_in(new_client(), a.young_person)
    html = client.get(f"/cases/{a.request_yp.pk}/views/").content.decode()
    assert "What do you find hard?" in html
    client.post(f"/cases/{a.request_yp.pk}/views/", {"hopes": "To live on my own."})
    assert Contribution.objects.get(request=a.request_yp).author == a.young_person


def test_only_the_childs_family_reaches_the_views_page(world: SimpleNamespace) -> None:
    a = world.a
    path = f"/cases/{a.request1.pk}/views/"
    assert sign_in(new_client(), a.parent2).get(path).status_code == 404
    assert sign_in(new_client(), world.b.parent1).get(path).status_code == 404
    assert sign_in(new_client(), a.coordinator).get(path).status_code == 403
    assert sign_in(new_client(), a.parent2).post(path, {"about": "x"}).status_code == 404
    assert not Contribution.objects.filter(request=a.request1).exists()


def test_reading_the_views_page_is_audited(world: SimpleNamespace) -> None:
    a = world.a
    before = _ids()
    sign_in(new_client(), a.parent1).get(f"/cases/{a.request1.pk}/views/")
    events = _events_since(before)
    assert [(e.action, e.child_id, e.summary) for e in events] == [
        (AuditAction.VIEW, a.child1.pk, "Family views form")
    ]


# -- documents ---------------------------------------------------------------------------------
def test_a_parent_uploads_a_photo_of_a_drawing_and_sees_it_listed(world: SimpleNamespace) -> None:
    a = world.a
    client = sign_in(new_client(), a.parent1)
    path = f"/cases/{a.request1.pk}/documents/"
    response = client.post(
        path, {"title": "Alice's drawing", "file": SimpleUploadedFile("IMG_2001.JPG", JPEG)}
    )
    assert response["Location"] == path
    document = Document.objects.get(request=a.request1)
    assert (document.title, document.content_type, document.size, document.uploaded_by) == (
        "Alice's drawing",
        "image/jpeg",
        len(JPEG),
        a.parent1,
    )
    html = client.get(path).content.decode()
    assert "Alice&#39;s drawing" in html
    assert f'href="/documents/{document.pk}/"' in html


def test_a_file_is_judged_by_its_content_not_its_name(world: SimpleNamespace) -> None:
    a = world.a
    client = sign_in(new_client(), a.parent1)
    path = f"/cases/{a.request1.pk}/documents/"
    fake = SimpleUploadedFile("drawing.png", b"<html><script>alert(1)</script></html>")
    html = client.post(path, {"title": "Drawing", "file": fake}).content.decode()
    assert "drawing.png must be a photo (JPG or PNG) or a PDF" in html
    assert 'value="Drawing"' in html
    # A PNG under another name is still a PNG, and is stored as one.
    client.post(path, {"title": "Photo", "file": SimpleUploadedFile("photo.pdf", PNG)})
    assert Document.objects.get(request=a.request1).content_type == "image/png"


def test_a_document_needs_a_name_and_a_file(world: SimpleNamespace) -> None:
    a = world.a
    html = sign_in(new_client(), a.parent1).post(f"/cases/{a.request1.pk}/documents/", {}).content.decode()
    assert "Enter what the document is" in html and "Select a file" in html


def test_another_family_cannot_reach_the_documents(world: SimpleNamespace) -> None:
    a = world.a
    path = f"/cases/{a.request1.pk}/documents/"
    assert sign_in(new_client(), a.parent2).get(path).status_code == 404
    upload = {"title": "x", "file": SimpleUploadedFile("a.png", PNG)}
    assert sign_in(new_client(), a.parent2).post(path, upload).status_code == 404
    assert sign_in(new_client(), a.senco_a).get(path).status_code == 403
    assert not Document.objects.exists()


# -- downloads ------------------------------------------------------------------------------------
@pytest.fixture
def drawing(world: SimpleNamespace) -> Document:
    document = Document(
        request=world.a.request1, title="Alice's drawing", content_type="image/png", size=len(PNG),
        uploaded_by=world.a.parent1,
    )  # fmt: skip
    document.file.save("upload", ContentFile(PNG), save=True)
    return document


def test_a_download_is_an_audited_attachment(world: SimpleNamespace, drawing: Document) -> None:
    a = world.a
    before = _ids()
    response = sign_in(new_client(), a.parent1).get(f"/documents/{drawing.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="Alice_s drawing.png"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    events = _events_since(before)
    assert [(e.action, e.object_type, e.object_id, e.child_id, e.summary) for e in events] == [
        (AuditAction.VIEW, "assessments.document", str(drawing.pk), a.child1.pk, "Document downloaded")
    ]


def test_the_council_and_the_family_may_download(world: SimpleNamespace, drawing: Document) -> None:
    for user in (world.a.coordinator, world.a.manager, world.a.parent1):
        assert sign_in(new_client(), user).get(f"/documents/{drawing.pk}/").status_code == 200


def test_others_who_can_see_the_child_are_refused(world: SimpleNamespace, drawing: Document) -> None:
    # The teacher, the EP and school B (consulted) may see child1 but not its documents.
    for user in (world.a.teacher, world.a.ep, world.a.senco_b, world.a.senco_a):
        assert sign_in(new_client(), user).get(f"/documents/{drawing.pk}/").status_code == 403


def test_those_who_cannot_see_the_child_are_told_it_does_not_exist(
    world: SimpleNamespace, drawing: Document
) -> None:
    a = world.a
    for user in (a.parent2, a.young_person, world.b.coordinator, a.councillor, a.admin, a.social_care):
        before = _ids()
        assert sign_in(new_client(), user).get(f"/documents/{drawing.pk}/").status_code == 404
        assert [e.action for e in _events_since(before)] in ([AuditAction.REFUSED], [])
    assert new_client().get(f"/documents/{drawing.pk}/").status_code == 302


def test_the_uploader_may_download_their_own_evidence(world: SimpleNamespace) -> None:
    a = world.a
    evidence = Document(
        request=a.request3,
        title="Support plan",
        content_type="application/pdf",
        size=9,
        uploaded_by=a.senco_a,
    )
    evidence.file.save("upload", ContentFile(b"%PDF-1.7\n"), save=True)
    assert sign_in(new_client(), a.senco_a).get(f"/documents/{evidence.pk}/").status_code == 200
    assert sign_in(new_client(), a.teacher).get(f"/documents/{evidence.pk}/").status_code == 404


def test_a_missing_file_is_not_found(world: SimpleNamespace, drawing: Document) -> None:
    drawing.file.delete(save=False)
    assert sign_in(new_client(), world.a.parent1).get(f"/documents/{drawing.pk}/").status_code == 404
