"""Writing plans: drafts from the assessment, amendments that copy everything, issued
versions that cannot change, and section-by-section concurrency."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from sendpath.accounts.roles import Role
from sendpath.assessments.models import AdviceKind
from sendpath.common.errors import DomainError, NotAllowed, StaleRecord
from sendpath.plans import services
from sendpath.plans.diff import compare
from sendpath.plans.document import load
from sendpath.plans.models import Plan, PlanStatus, VersionStatus
from tests.factories import (
    AdviceRequestFactory,
    AssessmentRequestFactory,
    ChildFactory,
    LocalAuthorityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def w() -> Any:
    la = LocalAuthorityFactory()
    coordinator = UserFactory(role=Role.COORDINATOR, local_authority=la, full_name="Amira Khan")
    colleague = UserFactory(role=Role.MANAGER, local_authority=la, full_name="Manny Ager")
    case = AssessmentRequestFactory(
        child=ChildFactory(local_authority=la), coordinator=coordinator, primary_need="SLCN"
    )
    AdviceRequestFactory(
        request=case,
        kind=AdviceKind.PSYCHOLOGICAL,
        received_on=TODAY,
        needs="Slow processing; anxious in busy rooms.",
    )
    AdviceRequestFactory(request=case, kind=AdviceKind.MEDICAL, received_on=None)
    return type("W", (), {"la": la, "coordinator": coordinator, "colleague": colleague, "case": case})


def issued_plan(w: Any) -> Plan:
    plan = services.start_first_draft(user=w.coordinator, case=w.case)
    draft = services.open_draft(plan)
    need = draft.needs.get()
    outcome = services.save_outcome(
        user=w.coordinator,
        version=draft,
        text="Joins group work",
        timeframe="By July 2027",
        need_ids=[need.pk],
    )
    services.save_provision(
        user=w.coordinator,
        version=draft,
        what="Social skills group",
        who="ELSA",
        frequency="Weekly, 30 minutes",
        duration="Two terms",
        where="School",
        outcome_ids=[outcome.pk],
    )
    services.issue_version(user=w.coordinator, version=draft, on=TODAY)
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.ACTIVE, first_issued_on=TODAY)
    return Plan.objects.get(pk=plan.pk)


def test_first_draft_lists_advice_received_and_seeds_needs_from_it(w: Any) -> None:
    plan = services.start_first_draft(user=w.coordinator, case=w.case)
    assert plan.status == PlanStatus.DRAFT and plan.primary_need == "SLCN"
    draft = services.open_draft(plan)
    assert [a.title for a in draft.advice.all()] == ["Psychological advice"], "only advice received"
    assert [n.description for n in draft.needs.all()] == ["Slow processing; anxious in busy rooms."]
    assert services.start_first_draft(user=w.coordinator, case=w.case) == plan, "idempotent"


def test_an_issued_version_cannot_be_changed(w: Any) -> None:
    plan = issued_plan(w)
    version = services.current_version(plan)
    with pytest.raises(DomainError, match="has been issued and cannot be changed"):
        services.save_section_text(
            user=w.coordinator, version=version, section="A", text="x", expected_revision=1
        )
    with pytest.raises(DomainError, match="has been issued"):
        services.save_provision(user=w.coordinator, version=version, what="More")
    with pytest.raises(DomainError, match="has been issued"):
        services.remove_line(user=w.coordinator, version=version, line=version.outcomes.get())


def test_an_amendment_copies_everything_with_the_same_keys(w: Any) -> None:
    plan = issued_plan(w)
    first = services.current_version(plan)
    draft = services.start_amendment(user=w.coordinator, plan=plan, reason="Annual review: amend")
    assert (draft.number, draft.status, draft.based_on) == (2, VersionStatus.DRAFT, first)
    a, b = load(first), load(draft)
    assert [o["key"] for o in a.outcomes] == [o["key"] for o in b.outcomes]
    assert b.provision[0]["outcomes"] == [b.outcomes[0]["key"]], "links copied"
    assert not any(s.changed for s in compare(a, b))
    with pytest.raises(DomainError, match="already being drafted"):
        services.start_amendment(user=w.coordinator, plan=plan, reason="again")


def test_amending_then_issuing_shows_the_change(w: Any) -> None:
    plan = issued_plan(w)
    draft = services.start_amendment(user=w.coordinator, plan=plan, reason="Review")
    line = draft.provision.get()
    services.save_provision(
        user=w.coordinator,
        version=draft,
        provision=line,
        what=line.what,
        who=line.who,
        frequency="Twice weekly, 30 minutes",
        duration=line.duration,
        where=line.where,
    )
    services.issue_version(user=w.coordinator, version=draft, on=TODAY)
    assert services.current_version(plan).number == 2
    f = {s.section: s for s in compare(load(plan.versions.get(number=1)), load(draft))}["F"]
    assert f.changes[0].kind == "changed" and "<ins>Twice weekly,</ins>" in f.changes[0].marked


def test_sections_are_saved_independently_and_stale_edits_are_refused(w: Any) -> None:
    plan = services.start_first_draft(user=w.coordinator, case=w.case)
    draft = services.open_draft(plan)
    services.save_section_text(
        user=w.colleague, version=draft, section="A", text="Loves trains", expected_revision=1
    )
    # Someone else saving section A does not stop Amira saving section C she opened at revision 1.
    services.save_section_text(
        user=w.coordinator, version=draft, section="C", text="Asthma", expected_revision=1
    )
    with pytest.raises(StaleRecord, match="Section A was changed by Manny Ager") as exc:
        services.save_section_text(
            user=w.coordinator, version=draft, section="A", text="Mine", expected_revision=1
        )
    assert exc.value.current_version == 2
    assert load(draft).texts["A"] == "Loves trains"


def test_only_the_councils_caseworkers_write_plans(w: Any) -> None:
    plan = services.start_first_draft(user=w.coordinator, case=w.case)
    draft = services.open_draft(plan)
    other_la = UserFactory(role=Role.COORDINATOR, local_authority=LocalAuthorityFactory())
    finance = UserFactory(role=Role.FINANCE, local_authority=w.la)
    for user in (other_la, finance):
        with pytest.raises(NotAllowed):
            services.save_outcome(user=user, version=draft, text="x", timeframe="y")


def test_outcomes_need_a_time_frame_and_provision_a_description(w: Any) -> None:
    draft = services.open_draft(services.start_first_draft(user=w.coordinator, case=w.case))
    with pytest.raises(DomainError) as exc:
        services.save_outcome(user=w.coordinator, version=draft, text="", timeframe="")
    assert exc.value.errors == {
        "text": "Describe the outcome",
        "timeframe": "Say by when the outcome should be achieved",
    }
    with pytest.raises(DomainError, match="Say what the provision is"):
        services.save_provision(user=w.coordinator, version=draft, what="  ")


def test_an_amendment_cannot_be_issued_before_the_version_it_amends(w: Any) -> None:
    plan = issued_plan(w)
    draft = services.start_amendment(user=w.coordinator, plan=plan, reason="Review")
    with pytest.raises(DomainError, match="on or after the version it amends"):
        services.issue_version(user=w.coordinator, version=draft, on=TODAY - dt.timedelta(days=1))
    with pytest.raises(DomainError, match="today or in the past"):
        services.issue_version(user=w.coordinator, version=draft, on=TODAY + dt.timedelta(days=1))


def test_two_people_changing_the_same_line_the_second_is_told_who(w: Any) -> None:
    draft = services.open_draft(services.start_first_draft(user=w.coordinator, case=w.case))
    line = services.save_provision(
        user=w.coordinator,
        version=draft,
        what="Phonics",
        who="TA",
        frequency="Daily",
        duration="A year",
        where="Class",
    )
    opened = line.revision
    services.save_provision(
        user=w.colleague,
        version=draft,
        provision=line,
        what="Phonics",
        who="Specialist teacher",
        frequency="Daily",
        duration="A year",
        where="Class",
        expected_revision=opened,
    )
    with pytest.raises(StaleRecord, match="This provision line was changed by Manny Ager") as exc:
        services.save_provision(
            user=w.coordinator,
            version=draft,
            provision=draft.provision.get(pk=line.pk),
            what="Phonics",
            who="TA",
            frequency="Twice daily",
            duration="A year",
            where="Class",
            expected_revision=opened,
        )
    assert exc.value.current_version == opened + 1
    assert draft.provision.get(pk=line.pk).who == "Specialist teacher"


def test_the_line_form_keeps_typed_input_when_someone_saved_first(w: Any) -> None:
    from tests.helpers import new_client, sign_in

    plan = services.start_first_draft(user=w.coordinator, case=w.case)
    draft = services.open_draft(plan)
    line = services.save_provision(
        user=w.coordinator,
        version=draft,
        what="Phonics",
        who="TA",
        frequency="Daily",
        duration="A year",
        where="Class",
    )
    url = f"/plans/{plan.pk}/draft/provision/{line.pk}/"
    client = sign_in(new_client(), w.coordinator)
    assert f'name="revision" value="{line.revision}"' in client.get(url).content.decode()
    services.save_provision(
        user=w.colleague,
        version=draft,
        provision=line,
        what="Phonics",
        who="Teacher",
        frequency="Daily",
        duration="A year",
        where="Class",
        expected_revision=line.revision,
    )
    posted = {
        "revision": "1",
        "section": "F",
        "what": "Phonics",
        "who": "TA",
        "frequency": "Three times daily",
        "duration": "A year",
        "where": "Class",
    }
    page = client.post(url, posted).content.decode()
    assert "This provision line was changed by Manny Ager" in page
    assert 'value="Three times daily"' in page and 'name="revision" value="2"' in page
    assert client.post(url, {**posted, "revision": "2"}).status_code == 302
    assert draft.provision.get(pk=line.pk).frequency == "Three times daily"
