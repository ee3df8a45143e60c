"""Messages are recorded, sent once when the change commits, and retried if sending failed."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction

from sendpath.notifications.models import Notification
from sendpath.notifications.services import notify, send_pending
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notify(key: str = "advice-late:1:2026-03-26:u1", **extra: Any) -> bool:
    return notify(
        key=key,
        email="ep@example.org",
        subject="Advice for case 856-26-000001 is late",
        body="Psychological advice for case 856-26-000001 was due on 26 March 2026.",
        **extra,
    )


def test_a_message_is_recorded_and_sent_once(django_capture_on_commit_callbacks: Any) -> None:
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert _notify(user=user, child_id=42) is True
        assert _notify(user=user, child_id=42) is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ep@example.org"]
    assert "was due on 26 March 2026" in mail.outbox[0].body
    note = Notification.objects.get()
    assert note.recipient == user
    assert note.child_id == 42
    assert note.sent_at is not None
    assert note.body == mail.outbox[0].body


def test_nothing_is_sent_for_a_change_that_is_rolled_back(django_capture_on_commit_callbacks: Any) -> None:
    class Undo(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Undo), transaction.atomic():
        _notify()
        raise Undo
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_message_that_failed_is_sent_on_the_next_try(django_capture_on_commit_callbacks: Any) -> None:
    with (
        mock.patch("sendpath.notifications.services.send_mail", side_effect=OSError("mail server down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert _notify() is True
    assert mail.outbox == []
    assert Notification.objects.get().sent_at is None
    assert _notify() is False  # still only one message for the event
    assert send_pending() == 1
    assert send_pending() == 0
    assert len(mail.outbox) == 1


def test_no_address_means_no_message() -> None:
    assert notify(key="k", email="", subject="s", body="b") is False
    assert not Notification.objects.exists()
