"""Telling the family what changed on their request, and by when the next step is due.

Each message names what happened and what happens next, in the words of the family's own
case page ("We received your request on 3 March. We will tell you by 14 April whether we
will assess."), never just "you have new information". Email leaves the service, so the
child is named by case reference only. Each event is sent to each address once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sendpath.assessments.models import AssessmentRequest
from sendpath.assessments.narrative import family_story
from sendpath.notifications.services import notify

SUBJECTS = {
    "received": "We have received your request for an EHC needs assessment",
    "decided": "Our decision about an EHC needs assessment",
    "issue_decided": "Our decision about an EHC plan",
    "draft_sent": "Your draft EHC plan: you have 15 days to comment",
    "plan_issued": "Your final EHC plan has been issued",
    "exception": "A change to the timing of your assessment",
    "withdrawn": "Your request for an EHC needs assessment has ended",
}


def family_addresses(case: AssessmentRequest) -> list[tuple[str, Any]]:
    """(email, user) for the people with parental responsibility, the young person, and
    whoever gave an address when asking online; each address once."""
    found: dict[str, Any] = {}
    for rel in case.child.relationships.filter(parental_responsibility=True).select_related("carer__user"):
        email = (rel.carer.user.email if rel.carer.user_id else rel.carer.email or "").lower()
        if email:
            found.setdefault(email, rel.carer.user)
    if case.child.user_id:
        found.setdefault(case.child.user.email.lower(), case.child.user)
    if case.contact_email:
        found.setdefault(case.contact_email.lower(), None)
    return sorted(found.items(), key=lambda pair: pair[0])


def tell_family(case: AssessmentRequest, event: str, today: dt.date, extra: str = "") -> int:
    """Email the family about ``event``; returns how many messages were newly sent."""
    advice = list(case.advice_requests.all())
    story = family_story(case, advice, today)
    body = "\n\n".join([f"Case reference: {case.reference}", *story, *([extra] if extra else [])])
    sent = 0
    for email, user in family_addresses(case):
        sent += notify(
            key=f"family:{case.pk}:{event}:{case.version}:{email}",
            email=email,
            subject=SUBJECTS[event],
            body=body,
            user=user,
            child_id=case.child_id,
        )
    return sent
