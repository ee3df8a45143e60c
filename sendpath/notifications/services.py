"""Sending messages to people, each exactly once.

``notify`` writes the message to the ``Notification`` table first, under a unique key that
names the event, and sends it only when the surrounding transaction commits. So:

- a repeated or overlapping run finds the key taken and sends nothing (``notify`` returns
  False);
- a change that is rolled back never sends a message about something that did not happen;
- a message whose sending failed (the mail server was down) stays unsent in the table and
  ``send_pending`` tries it again on the next run.

Email goes through Django's email backend (the console locally; GOV.UK Notify or SMTP in
production). Messages say what changed and by when, never just "you have new
information", and refer to a child by case reference, not by name: email leaves the
service, and a reference is enough for the person to find the case once signed in.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from sendpath.notifications.models import Notification

logger = logging.getLogger(__name__)

FOOTER = (
    "\n\n---\nThis message was sent by sendpath, your council's SEND service. "
    "Please do not reply to this email: sign in to sendpath to see the details."
)


def notify(
    *,
    key: str,
    email: str,
    subject: str,
    body: str,
    user: Any = None,
    child_id: int | None = None,
) -> bool:
    """Record the message under ``key`` and send it once the transaction commits.

    Returns True when this call created the message, False when a message with this key
    already exists (it was sent, or is waiting to be retried): the caller need not check
    first, and a reminder run can be repeated safely.
    """
    if not email:
        return False
    try:
        with transaction.atomic():
            note = Notification.objects.create(
                key=key[:200],
                recipient=user if getattr(user, "pk", None) else None,
                email=email,
                subject=subject[:200],
                body=body + FOOTER,
                child_id=child_id,
            )
    except IntegrityError:
        return False
    transaction.on_commit(partial(deliver, note.pk))
    return True


def deliver(pk: int) -> bool:
    """Send one recorded message, if nobody else has claimed it; True if it went.

    The row is claimed by setting ``sent_at`` before sending, so two overlapping runs never
    send it twice. If sending fails the claim is released and ``send_pending`` retries.
    Only the key is logged: it holds ids, never names.
    """
    claimed = Notification.objects.filter(pk=pk, sent_at__isnull=True).update(sent_at=timezone.now())
    if not claimed:
        return False
    note = Notification.objects.get(pk=pk)
    try:
        send_mail(note.subject, note.body, settings.DEFAULT_FROM_EMAIL, [note.email], fail_silently=False)
    except Exception:
        Notification.objects.filter(pk=pk).update(sent_at=None)
        logger.exception("Could not send notification %s; it will be tried again", note.key)
        return False
    return True


def send_pending() -> int:
    """Try again every message that was recorded but not sent; returns how many went."""
    pending = Notification.objects.filter(sent_at__isnull=True).order_by("pk").values_list("pk", flat=True)
    return sum(1 for pk in list(pending) if deliver(pk))
