"""The plan pages: who may read what, drafting through the services, stale edits, quality
flags, comparing versions, the PDF and the family's comments."""

from __future__ import annotations

import datetime as dt
import re
import zlib
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from sendpath.audit.models import AuditAction, AuditEvent
from sendpath.plans import services
from sendpath.plans.models import (
    TEXT_SECTIONS,
    DraftComment,
    PlanVersion,
    SectionText,
    VersionStatus,
)
from tests.helpers import new_client, sign_in, world_fixture

pytestmark = pytest.mark.django_db

world = world_fixture()


def build_issued(a: SimpleNamespace) -> PlanVersion:
    """Version 1 of child1's plan, issued, naming school A, with a vague provision line."""
    plan = a.plan1
    v1 = PlanVersion.objects.create(
        plan=plan, number=1, status=VersionStatus.DRAFT, named_setting=a.school_a, reason="First plan"
    )
    SectionText.objects.bulk_create(SectionText(version=v1, section=s) for s in TEXT_SECTIONS)
    user = a.coordinator
    for section, text in (("A", "Alice loves drawing."), ("C", "Asthma."), ("D", "None.")):
        row = v1.texts.get(section=section)
        services.save_section_text(
            user=user, version=v1, section=section, text=text, expected_revision=row.revision
        )
    need = services.save_need(user=user, version=v1, area="cognition", description="Reading well below age")
    outcome = services.save_outcome(
        user=user, version=v1, text="Alice reads a short book alone", timeframe="By July", need_ids=[need.pk]
    )
    services.save_provision(
        user=user,
        version=v1,
        what="Precision teaching",
        who="A trained teaching assistant",
        frequency="",
        duration="15 minutes",
        where="School A",
        outcome_ids=[outcome.pk],
    )
    services.issue_version(user=user, version=v1, on=timezone.localdate() - dt.timedelta(days=30))
    return v1


def amend(a: SimpleNamespace) -> PlanVersion:
    return services.start_amendment(user=a.coordinator, plan=a.plan1, reason="Annual review")


def unpacked_streams(content: bytes) -> bytes:
    """The PDF with every Flate-compressed stream inflated, to search its text and
    metadata without a PDF library."""
    parts = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def get(user: Any, path: str, **kwargs: Any) -> Any:
    return sign_in(new_client(), user).get(path, **kwargs)


def post(user: Any, path: str, data: dict[str, Any]) -> Any:
    return sign_in(new_client(), user).post(path, data)


def test_who_may_read_the_issued_plan(world: SimpleNamespace) -> None:
    a = world.a
    build_issued(a)
    path = f"/plans/{a.plan1.pk}/"
    for user in (a.coordinator, a.manager, a.finance, a.parent1, a.senco_a, a.teacher, a.ep):
        response = get(user, path)
        assert response.status_code == 200, user.role
        body = response.content.decode()
        assert "Alice reads a short book alone" in body
        assert "Precision teaching" in body
    # School B was consulted about Alice, so its SENCO sees her record, but the plan names
    # school A: not theirs to read.
    assert get(a.senco_b, path).status_code == 403
    for user in (a.parent2, a.health, a.social_care, a.councillor, world.b.coordinator):
        assert get(user, path).status_code == 404, user.role


def test_a_refused_read_is_audited_and_a_read_is_recorded(world: SimpleNamespace) -> None:
    a = world.a
    build_issued(a)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    get(a.parent2, f"/plans/{a.plan1.pk}/")
    get(a.parent1, f"/plans/{a.plan1.pk}/")
    events = list(AuditEvent.objects.exclude(pk__in=before).order_by("pk"))
    assert [(e.action, e.child_id, e.user_id) for e in events] == [
        (AuditAction.REFUSED, a.child1.pk, a.parent2.pk),
        (AuditAction.VIEW, a.child1.pk, a.parent1.pk),
    ]
    assert events[1].summary == "EHC plan"


def test_the_page_shows_sections_in_order_history_and_review_date(world: SimpleNamespace) -> None:
    a = world.a
    build_issued(a)
    body = get(a.parent1, f"/plans/{a.plan1.pk}/").content.decode()
    positions = [
        body.index(f'id="section-{s}"')
        for s in ("A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K")
    ]
    assert positions == sorted(positions)
    assert "Annual review due by" in body
    assert "Version history" in body
    assert "A SEND Setting" not in body
    assert a.school_a.name in body  # section I names the setting


def test_drafts_are_for_the_council_and_for_the_family_once_sent(world: SimpleNamespace) -> None:
    a = world.a
    build_issued(a)
    v2 = amend(a)
    path = f"/plans/{a.plan1.pk}/versions/2/"
    assert get(a.coordinator, path).status_code == 200
    assert get(a.parent1, path).status_code == 404
    assert get(a.senco_a, path).status_code == 404
    # The plan page itself still shows the plan in force, version 1, to the family.
    assert "Version 1:" in get(a.parent1, f"/plans/{a.plan1.pk}/").content.decode()
    v2.draft_sent_on = timezone.localdate()
    v2.save()
    assert get(a.parent1, path).status_code == 200
    assert get(a.senco_a, path).status_code == 404


def test_an_issued_version_cannot_be_changed_through_the_pages(world: SimpleNamespace) -> None:
    a = world.a
    v1 = build_issued(a)
    row = v1.texts.get(section="A")
    response = post(
        a.coordinator, f"/plans/{a.plan1.pk}/draft/sections/A/", {"text": "Changed", "revision": row.revision}
    )
    assert response.status_code == 302 and response["Location"] == f"/plans/{a.plan1.pk}/draft/"
    need = v1.needs.get()
    response = post(
        a.coordinator,
        f"/plans/{a.plan1.pk}/draft/needs/{need.pk}/",
        {"area": "semh", "description": "Changed"},
    )
    assert response.status_code == 302
    # With an amendment open, version 1's lines are not lines of the draft.
    amend(a)
    response = post(
        a.coordinator,
        f"/plans/{a.plan1.pk}/draft/needs/{need.pk}/",
        {"area": "semh", "description": "Changed"},
    )
    assert response.status_code == 404
    response = post(a.coordinator, f"/plans/{a.plan1.pk}/draft/needs/{need.pk}/remove/", {})
    assert response.status_code == 404
    v1.refresh_from_db()
    assert v1.status == VersionStatus.ISSUED
    assert v1.texts.get(section="A").text == "Alice loves drawing."
    assert v1.needs.get().description == "Reading well below age"


def test_only_coordinators_and_managers_draft(world: SimpleNamespace) -> None:
    a = world.a
    build_issued(a)
    amend(a)
    for user in (a.coordinator, a.manager):
        assert get(user, f"/plans/{a.plan1.pk}/draft/").status_code == 200
    for user in (a.finance, a.data_officer, a.parent1, a.senco_a, a.teacher):
        assert get(user, f"/plans/{a.plan1.pk}/draft/").status_code == 403
    response = post(a.parent1, f"/plans/{a.plan1.pk}/draft/sections/A/", {"text": "x", "revision": 1})
    assert response.status_code == 403


def test_a_stale_section_save_keeps_the_typed_text(world: SimpleNamespace) -> None:
    a = world.a
    build_issued(a)
    v2 = amend(a)
    row = v2.texts.get(section="A")
    opened = row.revision
    services.save_section_text(
        user=a.manager, version=v2, section="A", text="The manager's words", expected_revision=opened
    )
    path = f"/plans/{a.plan1.pk}/draft/sections/A/"
    response = post(a.coordinator, path, {"text": "My careful paragraph", "revision": opened})
    assert response.status_code == 200
    body = response.content.decode()
    assert "was changed by Manager A" in body
    assert "My careful paragraph" in body
    assert "The manager&#39;s words" in body or "The manager's words" in body
    assert v2.texts.get(section="A").text == "The manager's words"
    # A deliberate second save, against the section as it now is, succeeds.
    row.refresh_from_db()
    response = post(a.coordinator, path, {"text": "My careful paragraph", "revision": row.revision})
    assert response.status_code == 302
    assert v2.texts.get(section="A").text == "My careful paragraph"


def test_quality_flags_show_and_go_when_fixed(world: SimpleNamespace) -> None:
    a = world.a
    build_issued(a)
    v2 = amend(a)
    line = v2.provision.get()
    body = get(a.coordinator, f"/plans/{a.plan1.pk}/draft/").content.decode()
    assert (
        "&#34;Precision teaching&#34;: no how often" in body or '"Precision teaching": no how often' in body
    )
    assert f'href="#provision-{line.key}"' in body
    assert f'id="provision-{line.key}"' in body
    assert "Why it matters" in body
    outcome = v2.outcomes.get()
    response = post(
        a.coordinator,
        f"/plans/{a.plan1.pk}/draft/provision/{line.pk}/",
        {
            "section": "F",
            "what": "Precision teaching",
            "who": "A trained teaching assistant",
            "frequency": "Every school day",
            "duration": "15 minutes",
            "where": "School A",
            "outcomes": [str(outcome.pk)],
        },
    )
    assert response.status_code == 302
    body = get(a.coordinator, f"/plans/{a.plan1.pk}/draft/").content.decode()
    assert "no how often" not in body


def test_a_domain_error_is_shown_and_the_input_kept(world: SimpleNamespace) -> None:
    a = world.a
    build_issued(a)
    amend(a)
    response = post(
        a.coordinator,
        f"/plans/{a.plan1.pk}/draft/outcomes/new/",
        {"text": "Alice writes a sentence", "timeframe": ""},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Say by when the outcome should be achieved" in body
    assert "Alice writes a sentence" in body


def test_amend_issue_and_compare(world: SimpleNamespace) -> None:
    a = world.a
    build_issued(a)
    response = post(a.coordinator, f"/plans/{a.plan1.pk}/amend/", {"reason": ""})
    assert "Say why the plan is being amended" in response.content.decode()
    response = post(a.coordinator, f"/plans/{a.plan1.pk}/amend/", {"reason": "Annual review"})
    assert response.status_code == 302
    v2 = a.plan1.versions.get(number=2)
    outcome = v2.outcomes.get()
    post(
        a.coordinator,
        f"/plans/{a.plan1.pk}/draft/outcomes/{outcome.pk}/",
        {
            "text": "Alice reads a chapter book alone",
            "timeframe": "By July",
            "needs": [str(v2.needs.get().pk)],
        },
    )
    today = timezone.localdate()
    response = post(
        a.coordinator,
        f"/plans/{a.plan1.pk}/draft/issue/",
        {"on-day": today.day, "on-month": today.month, "on-year": today.year},
    )
    assert response.status_code == 302
    v2.refresh_from_db()
    assert v2.status == VersionStatus.ISSUED and v2.issued_on == today
    # The family, who may read both, compares them.
    response = get(a.parent1, f"/plans/{a.plan1.pk}/compare/", data={"from": 1, "to": 2})
    body = response.content.decode()
    assert response.status_code == 200
    assert '<del><span class="govuk-visually-hidden">removed: </span>short</del>' in body
    assert '<ins><span class="govuk-visually-hidden">added: </span>chapter</ins>' in body
    changed, unchanged = body.split("Sections with no changes")
    assert "E: Outcomes" in changed
    assert "A: Views, interests and aspirations" in unchanged
    assert "govuk-details" in unchanged


def test_the_first_version_is_issued_from_the_case_not_here(world: SimpleNamespace) -> None:
    a = world.a
    PlanVersion.objects.create(plan=a.plan1, number=1, status=VersionStatus.DRAFT)
    response = get(a.coordinator, f"/plans/{a.plan1.pk}/draft/issue/")
    assert response.status_code == 302
    assert "Issue this version" not in get(a.coordinator, f"/plans/{a.plan1.pk}/draft/").content.decode()


def test_the_pdf(world: SimpleNamespace) -> None:
    a = world.a
    build_issued(a)
    before = AuditEvent.objects.count()
    response = get(a.parent1, f"/plans/{a.plan1.pk}/versions/1/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert a.child1.last_name not in response["Content-Disposition"]
    content = response.content
    assert content.startswith(b"%PDF")
    assert len(content) > 5000
    # The document's title carries the child's name (PDF/UA asks for a title), and the
    # document is tagged: a structure tree, so screen readers get headings and order.
    unpacked = unpacked_streams(content)
    assert f"EHC plan for {a.child1.full_name}".encode() in unpacked
    assert b"/StructTreeRoot" in unpacked
    assert b"pdfuaid:part" in unpacked
    assert AuditEvent.objects.count() == before + 1
    assert get(a.parent2, f"/plans/{a.plan1.pk}/versions/1/pdf/").status_code == 404


def test_the_pdf_says_so_when_weasyprint_is_missing(world: SimpleNamespace, monkeypatch: Any) -> None:
    from sendpath.plans import pdf

    a = world.a
    build_issued(a)
    monkeypatch.setattr(pdf, "_weasyprint", lambda: None)
    response = get(a.parent1, f"/plans/{a.plan1.pk}/versions/1/pdf/")
    assert response.status_code == 503
    assert "The PDF is not available" in response.content.decode()


def test_the_family_comments_on_a_sent_draft(world: SimpleNamespace) -> None:
    a = world.a
    build_issued(a)
    path = f"/plans/{a.plan1.pk}/comments/"
    v2 = amend(a)
    assert get(a.parent1, path).status_code == 302  # not sent yet
    v2.draft_sent_on = timezone.localdate()
    v2.save()
    assert get(a.coordinator, path).status_code == 403
    assert get(a.parent2, path).status_code == 404
    response = post(a.parent1, path, {"section": "", "text": "", "requested_setting": ""})
    assert "Write your comment" in response.content.decode()
    response = post(
        a.parent1,
        path,
        {"section": "F", "text": "She needs this every day.", "requested_setting": str(a.school_b.pk)},
    )
    assert response.status_code == 302
    comment = DraftComment.objects.get(version=v2)
    assert comment.section == "F" and comment.requested_setting == a.school_b
    body = get(a.coordinator, f"/plans/{a.plan1.pk}/draft/").content.decode()
    assert "She needs this every day." in body
    assert f"Asks for {a.school_b.name} to be named" in body


def test_an_amendment_names_a_new_setting_and_edits_health_and_care_text(world: SimpleNamespace) -> None:
    a = world.a
    build_issued(a)
    v2 = amend(a)
    base = f"/plans/{a.plan1.pk}/draft/sections"
    page = get(a.coordinator, f"{base}/I/").content.decode()
    assert "School or college named in the plan" in page and a.school_b.name in page
    row = v2.texts.get(section="I")
    response = post(
        a.coordinator,
        f"{base}/I/",
        {"revision": row.revision, "text": "A special school.", "named_setting": str(a.school_b.pk)},
    )
    assert response.status_code == 302
    v2.refresh_from_db()
    assert v2.named_setting == a.school_b and v2.texts.get(section="I").text == "A special school."
    assert AuditEvent.objects.filter(summary="Setting named in section I changed").exists()
    # A stale save of section I keeps what was typed and names nobody silently.
    stale = post(
        a.coordinator,
        f"{base}/I/",
        {"revision": row.revision, "text": "Typed meanwhile", "named_setting": str(a.school_a.pk)},
    ).content.decode()
    assert "was changed by" in stale and "Typed meanwhile" in stale
    v2.refresh_from_db()
    assert v2.named_setting == a.school_b
    for section in ("G", "H1", "H2"):
        response = post(a.coordinator, f"{base}/{section}/", {"revision": 1, "text": f"Text for {section}"})
        assert response.status_code == 302, section
    draft = get(a.coordinator, f"/plans/{a.plan1.pk}/draft/").content.decode()
    assert "Change the text of section G" in draft and "Text for H2" in draft
    # Section I of the issued version 1 still names school A.
    assert a.plan1.versions.get(number=1).named_setting == a.school_a
    assert get(a.coordinator, f"{base}/K/").status_code == 404


def test_the_15_days_for_comments_are_enforced_and_late_ones_recorded(world: SimpleNamespace) -> None:
    import time_machine

    a = world.a
    build_issued(a)
    v2 = amend(a)
    path = f"/plans/{a.plan1.pk}/comments/"
    sent = timezone.localdate()
    response = post(
        a.coordinator,
        f"/plans/{a.plan1.pk}/draft/send/",
        {"on-day": sent.day, "on-month": sent.month, "on-year": sent.year},
    )
    assert response.status_code == 302
    v2.refresh_from_db()
    assert v2.draft_sent_on == sent and services.comments_close(v2) == sent + dt.timedelta(days=14)
    last = sent + dt.timedelta(days=14)
    with time_machine.travel(dt.datetime(last.year, last.month, last.day, 12, 0), tick=False):
        services.add_comment(user=a.parent1, version=v2, text="On the last day.")
    after = last + dt.timedelta(days=1)
    with time_machine.travel(dt.datetime(after.year, after.month, after.day, 12, 0), tick=False):
        with pytest.raises(services.DomainError, match="ended on"):
            services.add_comment(user=a.parent1, version=v2, text="Too late.")
        page = get(a.parent1, path).content.decode()
        assert "can no longer be sent here" in page and "contact your EHC coordinator" in page
        refused = post(a.parent1, path, {"section": "", "text": "Too late.", "requested_setting": ""})
        assert "ended on" in refused.content.decode()
        response = post(
            a.coordinator,
            f"/plans/{a.plan1.pk}/draft/comments/new/",
            {
                "section": "F",
                "text": "Phoned in: more speech therapy.",
                "requested_setting": "",
                "received-day": "",
                "received_on-day": after.day,
                "received_on-month": after.month,
                "received_on-year": after.year,
            },
        )
        assert response.status_code == 302
    late = DraftComment.objects.get(version=v2, text="Phoned in: more speech therapy.")
    assert late.late and late.recorded_by == a.coordinator and late.author is None
    assert not DraftComment.objects.get(version=v2, text="On the last day.").late
    body = get(a.coordinator, f"/plans/{a.plan1.pk}/draft/").content.decode()
    assert "Late" in body and "Phoned in: more speech therapy." in body
