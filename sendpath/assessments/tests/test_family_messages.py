"""The family is told what changed, by email, once per event, without the child's name."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import mail

from sendpath.accounts.roles import Role
from sendpath.assessments import services
from sendpath.assessments.models import ExceptionKind
from sendpath.notifications.models import Notification
from tests.factories import (
    AssessmentRequestFactory,
    CarerFactory,
    ChildFactory,
    LocalAuthorityFactory,
    RelationshipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case() -> Any:
    la = LocalAuthorityFactory()
    child = ChildFactory(local_authority=la, first_name="Tobi", last_name="Okafor")
    parent = UserFactory(role=Role.PARENT, email="mum@example.org")
    RelationshipFactory(child=child, carer=CarerFactory(user=parent, email="mum@example.org"))
    RelationshipFactory(child=child, carer=CarerFactory(user=None, email="dad@example.org"))
    RelationshipFactory(
        child=child, carer=CarerFactory(user=None, email="gran@example.org"), parental_responsibility=False
    )
    coordinator = UserFactory(role=Role.COORDINATOR, local_authority=la)
    return AssessmentRequestFactory(
        child=child, coordinator=coordinator, received_on=dt.date(2026, 3, 3), contact_email="Mum@Example.org"
    )


@time_machine.travel(dt.datetime(2026, 3, 20, 12, 0), tick=False)
def test_a_decision_is_emailed_to_each_parent_once(
    case: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_whether_to_assess(
            user=case.coordinator, case=case, expected_version=1, assess=True, on=dt.date(2026, 3, 20)
        )
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["dad@example.org", "mum@example.org"], "not the grandparent; each address once"
    body = mail.outbox[0].body
    assert "We received your request on 3 March 2026." in body
    assert "On 20 March 2026 we decided to carry out an assessment." in body
    assert case.reference in body
    assert "Tobi" not in body and "Okafor" not in body, "email names the case, not the child"
    assert Notification.objects.filter(key__startswith=f"family:{case.pk}:decided:").count() == 2


@time_machine.travel(dt.datetime(2026, 3, 20, 12, 0), tick=False)
def test_an_exception_tells_the_family_in_plain_words(
    case: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.record_exception(
            user=case.coordinator,
            case=case,
            kind=ExceptionKind.REG10_4_D,
            start_on=dt.date(2026, 3, 4),
            end_on=dt.date(2026, 4, 10),
            evidence="Abroad",
            family_told_on=None,
        )
    assert mail.outbox
    assert (
        "you were away from the area for 4 weeks or more, from 4 March 2026 to 10 April 2026"
        in mail.outbox[0].body
    )
