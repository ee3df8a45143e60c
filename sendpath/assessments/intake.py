"""Requests that arrive online: a family's request made without an account, a school's
request with its evidence, and the files families add to a case later.

Why a module of its own: these are the only ways a stranger's typing becomes a child's
record. Everything typed is checked again here (the question pages check it too, but a
session can be stale or forged), the records are made in one transaction, and every file is
judged by its first bytes, never by the name it arrived with.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
import unicodedata
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, fields
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import models, transaction
from django.http import HttpRequest

from sendpath.accounts.roles import FAMILY_ROLES, LA_ROLES, Role
from sendpath.assessments import services
from sendpath.assessments.models import AssessmentRequest, Document, RequestSource, StageChange
from sendpath.assessments.workflow import Stage
from sendpath.audit.models import AuditAction
from sendpath.audit.services import record
from sendpath.common.errors import DomainError, NotAllowed
from sendpath.common.uploads import (
    EVIDENCE_TYPES,
    FAMILY_TYPES,
    check_file,
    check_files,
    display_name,
)
from sendpath.law.clocks import decision_to_assess_due
from sendpath.law.identifiers import InvalidIdentifier, validate_postcode
from sendpath.organisations.models import LocalAuthority, Setting
from sendpath.people.codes import RelationshipKind, Sex
from sendpath.people.models import Carer, Child, Relationship

log = logging.getLogger(__name__)

NAME_MAX = 100
TEXT_MAX = 5000
MAX_FILES = 10
#: Submissions allowed per session in RATE_WINDOW seconds: enough for a family with several
#: children, too few to flood a coordinator's queue from one browser.
RATE_LIMIT = 5
RATE_WINDOW = 60 * 60
NOT_IN_SETTING = "none"


class Requester(models.TextChoices):
    """Who is asking. A parent becomes a carer linked to the child; a young person asks
    for themselves (CFA s36(1): the child's parent or the young person may ask)."""

    MOTHER = "mother", "Their mother"
    FATHER = "father", "Their father"
    CARER = "carer", "Another parent or carer, for example a step-parent, grandparent or foster carer"
    YOUNG_PERSON = "young_person", "I am the young person, aged 16 to 25, asking for myself"


RELATIONSHIP = {
    Requester.MOTHER: RelationshipKind.MOTHER,
    Requester.FATHER: RelationshipKind.FATHER,
    Requester.CARER: RelationshipKind.OTHER,
}


def words(for_themselves: bool, you: str, they: str) -> str:
    """The same message for a young person asking for themselves, or for a parent."""
    return you if for_themselves else they


# -- checking what was typed ------------------------------------------------------------------
def clean_text(value: str, limit: int = TEXT_MAX) -> str:
    """Plain text as typed, without control characters, one kind of newline, trimmed.

    Length is checked, not silently cut, by the callers; this is a last guard."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(c for c in value if c in "\n\t" or unicodedata.category(c) != "Cc")
    return value.strip()[:limit]


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def date_of_birth_problem(dob: dt.date | None, for_themselves: bool, today: dt.date) -> str | None:
    """EHC plans are for ages 0 to 25; a young person may ask for themselves from 16."""
    their = words(for_themselves, "your", "their")
    if dob is None:
        return f"Enter {their} date of birth"
    if dob > today:
        return "The date of birth must be today or in the past"
    if age_on(dob, today) > 25:
        who = words(for_themselves, "you are", "they are")
        return f"The date of birth must show {who} 25 or under: EHC plans are for ages 0 to 25"
    if for_themselves and age_on(dob, today) < 16:
        return (
            "You must be 16 or over to ask for yourself. Check the date of birth, or ask a "
            "parent or carer to make the request"
        )
    return None


def postcode_problem(value: str) -> tuple[str, str | None]:
    """The postcode as Royal Mail writes it, or the reason it is not one."""
    try:
        return validate_postcode(value), None
    except InvalidIdentifier as exc:
        return value, str(exc)


_PHONE = re.compile(r"[0-9 ()+\-]+")


def phone_problem(value: str) -> str | None:
    """UK and international numbers, as people type them: spaces, brackets and a +."""
    if not value:
        return None
    digits = sum(c.isdigit() for c in value)
    if len(value) > 20 or not _PHONE.fullmatch(value) or not 10 <= digits <= 15:
        return "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
    return None


def local_authorities() -> list[LocalAuthority]:
    return list(LocalAuthority.objects.order_by("name"))


# -- a family's online request -----------------------------------------------------------------
@dataclass(frozen=True)
class OnlineRequest:
    """Every answer from the question pages, as the service needs them."""

    local_authority_id: int | None
    requester: str
    first_name: str
    last_name: str
    date_of_birth: dt.date | None
    sex: str
    postcode: str
    setting: str  # a setting's pk, or NOT_IN_SETTING
    hard: str
    support: str
    email: str
    phone: str = ""
    contact_first_name: str = ""
    contact_last_name: str = ""

    @property
    def for_themselves(self) -> bool:
        return self.requester == Requester.YOUNG_PERSON

    @classmethod
    def from_answers(cls, answers: Mapping[str, Any]) -> OnlineRequest:
        """From the question pages' answers, kept in the session as strings."""
        text = {f.name: str(answers.get(f.name) or "") for f in fields(cls)}
        la, dob = str(answers.get("local_authority") or ""), text["date_of_birth"]
        return cls(
            **text
            | {
                "requester": str(answers.get("who") or ""),
                "local_authority_id": int(la) if la.isdigit() else None,
                "date_of_birth": dt.date.fromisoformat(dob) if dob else None,
            }
        )


@dataclass(frozen=True)
class Submitted:
    case: AssessmentRequest
    child: Child
    new_child: bool
    warnings: list[str]


def validate(answers: OnlineRequest, today: dt.date) -> dict[str, str]:
    """Every problem with the answers, by field, in the order the pages ask them."""
    you = answers.for_themselves
    their = words(you, "your", "their")
    errors: dict[str, str] = {}
    if answers.requester not in Requester.values:
        errors["who"] = "Select who is asking for the assessment"
    la = LocalAuthority.objects.filter(pk=answers.local_authority_id).first()
    if la is None:
        errors["local_authority"] = "Select the council"
    for field, value, what in (
        ("first_name", answers.first_name, f"{their} first name"),
        ("last_name", answers.last_name, f"{their} last name"),
    ):
        if not value.strip():
            errors[field] = f"Enter {what}"
        elif len(value) > NAME_MAX:
            errors[field] = f"{what[0].upper()}{what[1:]} must be {NAME_MAX} characters or less"
    problem = date_of_birth_problem(answers.date_of_birth, you, today)
    if problem:
        errors["date_of_birth"] = problem
    if answers.sex not in Sex.values:
        errors["sex"] = f"Select {their} sex"
    if postcode_problem(answers.postcode)[1]:
        errors["postcode"] = postcode_problem(answers.postcode)[1] or ""
    if answers.setting != NOT_IN_SETTING and (
        la is None or not answers.setting.isdigit() or not la.settings.filter(pk=answers.setting).exists()
    ):
        errors["setting"] = (
            f"Select {their} school, college or nursery, or say {'you are' if you else 'they are'} not in one"
        )
    if not answers.hard.strip():
        errors["hard"] = f"Describe what is hard for {words(you, 'you', 'them')}"
    for field in ("hard", "support"):
        if len(getattr(answers, field)) > TEXT_MAX:
            errors[field] = f"Your answer must be {TEXT_MAX:,} characters or less"
    if not you:
        for field, what in (("contact_first_name", "first name"), ("contact_last_name", "last name")):
            value = getattr(answers, field)
            if not value.strip():
                errors[field] = f"Enter your {what}"
            elif len(value) > NAME_MAX:
                errors[field] = f"Your {what} must be {NAME_MAX} characters or less"
    if not answers.email.strip():
        errors["email"] = "Enter your email address"
    elif len(answers.email) > 254 or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", answers.email):
        errors["email"] = "Enter an email address in the correct format, like name@example.com"
    if phone_problem(answers.phone):
        errors["phone"] = phone_problem(answers.phone) or ""
    return errors


def find_child(local_authority_id: int, first_name: str, last_name: str, dob: dt.date) -> Child | None:
    """A child already known to the council by the same names and date of birth.

    Matching avoids a second record for the same child, which would hide their history
    (an open request, a plan) from the coordinator."""
    return (
        Child.objects.filter(
            local_authority_id=local_authority_id,
            first_name__iexact=first_name.strip(),
            last_name__iexact=last_name.strip(),
            date_of_birth=dob,
        )
        .order_by("pk")
        .first()
    )


def _reasons(hard: str, support: str, provision: str = "", school: bool = False) -> str:
    parts = [("Why an assessment is asked for" if school else "What is hard for them", hard)]
    parts.append(("Support already given" if school else "Support they have had so far", support or "None"))
    if school:
        parts.append(("Costed provision", provision))
    return "\n\n".join(f"{title}:\n{text}" for title, text in parts)


def flag_duplicates(
    case: AssessmentRequest, warnings: list[str], request: HttpRequest | None, user: Any = None
) -> None:
    """Put the warnings on the case's first timeline entry, which the coordinator reads, and
    in the audit trail. The requester is never told: a stranger must not learn from the
    confirmation that a child with these details already has a request or a plan."""
    if not warnings:
        return
    note = ("Check for a duplicate. " + " ".join(warnings))[:300]
    StageChange.objects.filter(request=case, from_stage="", to_stage=Stage.RECEIVED).update(note=note)
    record(
        user=user,
        action=AuditAction.UPDATE,
        obj=case,
        child_id=case.child_id,
        local_authority_id=case.local_authority_id,
        summary="Possible duplicate flagged to the coordinator",
        changes={"warnings": len(warnings)},
        request=request,
    )


def _audit_create(
    obj: Any, child: Child, summary: str, request: HttpRequest | None, user: Any = None
) -> None:
    record(
        user=user,
        action=AuditAction.CREATE,
        obj=obj,
        child_id=child.pk,
        local_authority_id=child.local_authority_id,
        summary=summary,
        request=request,
    )


def submit_online_request(
    *, answers: OnlineRequest, request: HttpRequest | None = None, today: dt.date | None = None
) -> Submitted:
    """Make the child (or find them), the parent and the request, all or nothing, then
    email the confirmation. The clocks start on the day it arrives (reg 5(1))."""
    today = today or services.today()
    errors = validate(answers, today)
    if errors:
        field, message = next(iter(errors.items()))
        raise DomainError(message, field=field, errors=errors)
    assert answers.date_of_birth is not None and answers.local_authority_id is not None
    la_id = answers.local_authority_id
    setting = None if answers.setting == NOT_IN_SETTING else Setting.objects.get(pk=answers.setting)
    postcode = postcode_problem(answers.postcode)[0]
    with transaction.atomic():
        child = find_child(la_id, answers.first_name, answers.last_name, answers.date_of_birth)
        new_child = child is None
        if child is None:
            child = Child.objects.create(
                local_authority_id=la_id,
                first_name=clean_text(answers.first_name, NAME_MAX),
                last_name=clean_text(answers.last_name, NAME_MAX),
                date_of_birth=answers.date_of_birth,
                sex=answers.sex,
                postcode=postcode,
                setting=setting,
            )
            _audit_create(child, child, "Child's record made from an online request", request)
        if not answers.for_themselves:
            carer = Carer.objects.filter(
                relationships__child=child, email__iexact=answers.email.strip()
            ).first() or Carer.objects.create(
                first_name=clean_text(answers.contact_first_name, NAME_MAX),
                last_name=clean_text(answers.contact_last_name, NAME_MAX),
                email=answers.email.strip(),
                phone=answers.phone.strip(),
                postcode=postcode,
            )
            link, made = Relationship.objects.get_or_create(
                child=child, carer=carer, defaults={"kind": RELATIONSHIP[Requester(answers.requester)]}
            )
            if made:
                _audit_create(link, child, "Parent or carer added from an online request", request)
        case, warnings = services.receive_request(
            user=None,
            child=child,
            received_on=today,
            source=RequestSource.FAMILY,
            reasons=_reasons(clean_text(answers.hard), clean_text(answers.support)),
            contact_email=answers.email.strip(),
            request=request,
        )
        flag_duplicates(case, warnings, request)
    send_confirmation(case, answers.email.strip())
    return Submitted(case=case, child=child, new_child=new_child, warnings=warnings)


def send_confirmation(case: AssessmentRequest, to: str) -> bool:
    """The email that says the request arrived, its reference and the 6-week date.

    It names no child: the address was typed by someone we have not yet checked. A failure
    to send never loses the request; it is logged for the SEND team."""
    due = decision_to_assess_due(case.received_on)
    council = case.local_authority.name
    body = (
        f"We received your request for an education, health and care (EHC) needs assessment "
        f"on {case.received_on.day} {case.received_on:%B %Y}.\n\n"
        f"Your reference is {case.reference}. Quote it if you contact us.\n\n"
        f"What happens next\n\n"
        f"We will tell you by {due.day} {due:%B %Y} whether we will carry out an assessment. "
        f"The law gives the council 6 weeks to decide.\n\n"
        f"{council}'s SEND team will contact you to set up an account, so that you can see "
        f"how the request is going.\n\n"
        f"If you did not make this request, contact {council}'s SEND team."
    )
    try:
        send_mail(
            f"Request for an EHC needs assessment received: {case.reference}",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [to],
        )
    except OSError:  # smtplib.SMTPException is an OSError
        log.exception("Could not send the confirmation for request %s", case.pk)
        return False
    return True


# -- rate limiting the anonymous form ----------------------------------------------------------
RATE_KEY = "online_request_times"


def recent_submissions(session: MutableMapping[str, Any], now: float | None = None) -> list[float]:
    now = time.time() if now is None else now
    return [t for t in session.get(RATE_KEY, []) if isinstance(t, int | float) and now - t < RATE_WINDOW]


def may_submit(session: MutableMapping[str, Any], now: float | None = None) -> bool:
    """At most RATE_LIMIT requests an hour from one browser session."""
    return len(recent_submissions(session, now)) < RATE_LIMIT


def note_submission(session: MutableMapping[str, Any], now: float | None = None) -> None:
    now = time.time() if now is None else now
    session[RATE_KEY] = [*recent_submissions(session, now), now]


# -- files: checked by sendpath.common.uploads --------------------------------------------------
def _store(case: AssessmentRequest, upload: UploadedFile, kind: str, title: str, user: Any) -> Document:
    return Document.objects.create(
        request=case, title=title, file=upload, content_type=kind, size=upload.size, uploaded_by=user
    )


def _remove_files(documents: list[Document]) -> None:
    """A rolled-back transaction keeps no row, so keep no file either."""
    for document in documents:
        document.file.delete(save=False)


def submit_setting_request(
    *,
    user: Any,
    child: Child,
    reasons: str,
    support: str,
    provision: str,
    files: list[UploadedFile],
    request: HttpRequest | None = None,
) -> tuple[AssessmentRequest, list[str]]:
    """A school asks for an assessment for a pupil on its roll, with its evidence."""
    if getattr(user, "role", None) != Role.SENCO or child.setting_id != user.setting_id:
        raise NotAllowed("Only the SENCO of the child's school can ask for an assessment here.")
    errors = {
        field: message
        for field, value, message in (
            ("reasons", reasons, "Say why the school is asking for an assessment"),
            ("support", support, "Describe the support the school has already given"),
            ("provision", provision, "Describe the provision the school has made and what it costs"),
        )
        if not value.strip()
    }
    errors |= {
        f: f"Your answer must be {TEXT_MAX:,} characters or less"
        for f, v in (("reasons", reasons), ("support", support), ("provision", provision))
        if len(v) > TEXT_MAX
    }
    if not files:
        errors["evidence"] = "Select at least one file of evidence"
    elif len(files) > MAX_FILES:
        errors["evidence"] = f"Select up to {MAX_FILES} files"
    else:
        try:
            kinds = check_files(files, EVIDENCE_TYPES)
        except DomainError as exc:
            errors["evidence"] = exc.message
    if errors:
        field, message = next(iter(errors.items()))
        raise DomainError(message, field=field, errors=errors)
    stored: list[Document] = []
    try:
        with transaction.atomic():
            case, warnings = services.receive_request(
                user=user,
                child=child,
                received_on=services.today(),
                source=RequestSource.SETTING,
                reasons=_reasons(
                    clean_text(reasons), clean_text(support), clean_text(provision), school=True
                ),
                request=request,
            )
            for upload, kind in zip(files, kinds, strict=True):
                document = _store(case, upload, kind, display_name(upload.name or ""), user)
                stored.append(document)
                _audit_create(document, child, "Evidence added to a request", request, user)
            flag_duplicates(case, warnings, request, user)
    except BaseException:
        _remove_files(stored)
        raise
    return case, warnings


# -- the family's documents ------------------------------------------------------------------------
def is_family(user: Any, child: Child) -> bool:
    """A parent linked to the child, or the young person themselves."""
    if getattr(user, "role", None) not in FAMILY_ROLES:
        return False
    return child.user_id == user.pk or child.relationships.filter(carer__user=user).exists()


def may_download(user: Any, document: Document) -> bool:
    """Among those who may see the child: the council's staff, the family, and whoever
    uploaded the file (a school its own evidence, for example)."""
    case = document.request
    staff = getattr(user, "role", None) in LA_ROLES and user.local_authority_id == case.local_authority_id
    return staff or is_family(user, case.child) or document.uploaded_by_id == user.pk


def add_family_document(
    *,
    user: Any,
    case: AssessmentRequest,
    upload: UploadedFile | None,
    title: str,
    request: HttpRequest | None = None,
) -> Document:
    """A photo of a drawing, a letter, a report: added by the family to their case."""
    if not is_family(user, case.child):
        raise NotAllowed("Only the child's family or the young person can add documents here.")
    errors: dict[str, str] = {}
    title = clean_text(title, 200)
    if not title:
        errors["title"] = "Enter a name for the document"
    if upload is None:
        errors["file"] = "Select a file"
    else:
        try:
            kind = check_file(upload, FAMILY_TYPES)
        except DomainError as exc:
            errors["file"] = exc.message
    if errors:
        field, message = next(iter(errors.items()))
        raise DomainError(message, field=field, errors=errors)
    assert upload is not None
    stored: list[Document] = []
    try:
        with transaction.atomic():
            document = _store(case, upload, kind, title, user)
            stored.append(document)
            _audit_create(document, case.child, "Family added a document", request, user)
    except BaseException:
        _remove_files(stored)
        raise
    return document
