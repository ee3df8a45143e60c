"""Writing plans: drafting section by section, amending, and issuing.

An issued version is never changed: every edit checks that its version is a draft, and an
amendment copies the current version into a new draft. Concurrent edits are detected per
section (``SectionText.revision``) and per line, and refused with who changed what and when.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.http import HttpRequest
from django.utils import timezone

from sendpath.accounts.roles import Role
from sendpath.audit.models import AuditAction
from sendpath.audit.services import record
from sendpath.common.concurrency import changed_by
from sendpath.common.dates import check_past_date, long_date
from sendpath.common.errors import DomainError, NotAllowed, StaleRecord
from sendpath.law.clocks import amendment_representations_close, draft_representations_close
from sendpath.plans.models import (
    TEXT_SECTIONS,
    AdviceReference,
    DraftComment,
    Need,
    NeedArea,
    Outcome,
    Plan,
    PlanStatus,
    PlanVersion,
    Provision,
    ProvisionSection,
    Section,
    SectionText,
    VersionStatus,
)

WRITERS = frozenset({Role.COORDINATOR, Role.MANAGER})


def new_key() -> str:
    """A stable identifier for a need, outcome or provision line across versions."""
    return uuid.uuid4().hex[:16]


def may_write(user: Any, plan: Plan) -> bool:
    """Only the LA's coordinators and managers edit plans."""
    return getattr(user, "role", None) in WRITERS and user.local_authority_id == plan.local_authority_id


def _editable(user: Any, version: PlanVersion) -> None:
    if not may_write(user, version.plan):
        raise NotAllowed("Only the council's EHC coordinators and SEND managers can change a plan.")
    if version.status != VersionStatus.DRAFT:
        raise DomainError(
            f"Version {version.number} has been issued and cannot be changed. Start an amendment."
        )


def _audit(
    user: Any, version: PlanVersion, summary: str, request: HttpRequest | None, **changes: Any
) -> None:
    record(
        user=user,
        action=AuditAction.UPDATE,
        obj=version,
        child_id=version.plan.child_id,
        local_authority_id=version.plan.local_authority_id,
        summary=summary,
        changes=changes,
        request=request,
    )


# -- drafts --------------------------------------------------------------------------------
def start_first_draft(*, user: Any, case: Any, request: HttpRequest | None = None) -> Plan:
    """The draft plan opened when the council decides to issue one, with section K listing
    the advice received and section B seeded from the needs the advice describes."""
    plan = Plan.objects.filter(request=case).first()
    if plan is not None:
        return plan
    plan = Plan.objects.create(
        local_authority_id=case.local_authority_id,
        child=case.child,
        request=case,
        coordinator=case.coordinator,
        status=PlanStatus.DRAFT,
        primary_need=case.primary_need or "OTH",
    )
    version = PlanVersion.objects.create(plan=plan, number=1, status=VersionStatus.DRAFT, reason="First plan")
    SectionText.objects.bulk_create(SectionText(version=version, section=s) for s in TEXT_SECTIONS)
    advice = list(case.advice_requests.filter(received_on__isnull=False).select_related("service", "setting"))
    AdviceReference.objects.bulk_create(
        AdviceReference(
            version=version,
            advice=a,
            title=a.get_kind_display(),
            given_by=a.service.name if a.service_id else (a.setting.name if a.setting_id else "The family"),
            given_on=a.received_on,
        )
        for a in advice
    )
    Need.objects.bulk_create(
        Need(version=version, key=new_key(), area=_area_for(a.kind), description=a.needs, order=i)
        for i, a in enumerate(a for a in advice if a.needs.strip())
    )
    _audit(user, version, "Draft plan started from the assessment", request)
    return plan


def _area_for(advice_kind: str) -> str:
    return {
        "psychological": NeedArea.COGNITION,
        "educational": NeedArea.COGNITION,
        "medical": NeedArea.SENSORY_PHYSICAL,
        "social_care": NeedArea.SEMH,
    }.get(advice_kind, NeedArea.COMMUNICATION)


def current_version(plan: Plan) -> PlanVersion | None:
    """The latest issued version (the plan in force), or None before the first is issued."""
    return plan.versions.filter(status=VersionStatus.ISSUED).order_by("-number").first()


def open_draft(plan: Plan) -> PlanVersion | None:
    return plan.versions.filter(status=VersionStatus.DRAFT).order_by("-number").first()


@transaction.atomic
def start_amendment(*, user: Any, plan: Plan, reason: str, request: HttpRequest | None = None) -> PlanVersion:
    """Copy the plan in force into a new draft, keeping every key so progress and the
    comparison of versions follow each outcome and line."""
    if not may_write(user, plan):
        raise NotAllowed("Only the council's EHC coordinators and SEND managers can amend a plan.")
    if open_draft(plan) is not None:
        raise DomainError("An amendment is already being drafted. Finish or discard it first.")
    source = current_version(plan)
    if source is None:
        raise DomainError("The plan has no issued version to amend yet.")
    if not reason.strip():
        raise DomainError("Say why the plan is being amended", field="reason")
    number = (plan.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = PlanVersion.objects.create(
        plan=plan,
        number=number,
        status=VersionStatus.DRAFT,
        reason=reason[:200],
        based_on=source,
        named_setting=source.named_setting,
    )
    copy_content(source, draft)
    _audit(user, draft, f"Amendment started: version {number}", request, reason=reason[:200])
    return draft


def copy_content(source: PlanVersion, target: PlanVersion) -> None:
    """Every section, need, outcome, provision line and advice reference, links included."""
    SectionText.objects.bulk_create(
        SectionText(version=target, section=t.section, text=t.text) for t in source.texts.all()
    )
    needs = {
        n.pk: Need(version=target, key=n.key, area=n.area, description=n.description, order=n.order)
        for n in source.needs.all()
    }
    Need.objects.bulk_create(needs.values())
    outcomes = {}
    for o in source.outcomes.prefetch_related("needs"):
        copy = Outcome.objects.create(
            version=target,
            key=o.key,
            text=o.text,
            timeframe=o.timeframe,
            achieve_by=o.achieve_by,
            order=o.order,
        )
        copy.needs.set([needs[n.pk] for n in o.needs.all()])
        outcomes[o.pk] = copy
    for p in source.provision.prefetch_related("outcomes"):
        copy = Provision.objects.create(
            version=target,
            key=p.key,
            section=p.section,
            what=p.what,
            who=p.who,
            frequency=p.frequency,
            duration=p.duration,
            where=p.where,
            order=p.order,
        )
        copy.outcomes.set([outcomes[o.pk] for o in p.outcomes.all()])
    AdviceReference.objects.bulk_create(
        AdviceReference(
            version=target,
            advice_id=a.advice_id,
            title=a.title,
            given_by=a.given_by,
            given_on=a.given_on,
            referenced=a.referenced,
        )
        for a in source.advice.all()
    )


# -- editing a draft -------------------------------------------------------------------------
def save_section_text(
    *,
    user: Any,
    version: PlanVersion,
    section: str,
    text: str,
    expected_revision: int,
    request: HttpRequest | None = None,
) -> SectionText:
    """Save one section's text, unless someone else saved that section since it was opened."""
    _editable(user, version)
    if section not in {s.value for s in TEXT_SECTIONS} | {"G", "H1", "H2"}:
        raise DomainError("That section is not written as free text")
    row, _ = SectionText.objects.get_or_create(version=version, section=section)
    updated = SectionText.objects.filter(pk=row.pk, revision=expected_revision).update(
        text=text, revision=F("revision") + 1, updated_by=user, updated_at=timezone.now()
    )
    if not updated:
        row.refresh_from_db()
        by = changed_by(row)
        raise StaleRecord(
            f"Section {section} was changed by {by}, after you opened it. Your text has "
            "not been saved: it is kept below. Compare it with the section as it is now, then save again.",
            current_version=row.revision,
        )
    row.refresh_from_db()
    _audit(user, version, f"Section {section} saved", request)
    return row


@transaction.atomic
def save_placement(
    *,
    user: Any,
    version: PlanVersion,
    text: str,
    setting: Any,
    expected_revision: int,
    request: HttpRequest | None = None,
) -> SectionText:
    """Section I: the setting named (or none, when only a type of setting is named) and the
    section's text, saved together against the section's revision, so two people choosing
    the placement at once are told."""
    _editable(user, version)
    if setting is not None and setting.local_authority_id != version.plan.local_authority_id:
        raise DomainError("Select a setting from the list", field="named_setting")
    row = save_section_text(
        user=user,
        version=version,
        section="I",
        text=text,
        expected_revision=expected_revision,
        request=request,
    )
    before = version.named_setting_id
    version.named_setting = setting
    version.save(update_fields=["named_setting"])
    if before != version.named_setting_id:
        _audit(
            user,
            version,
            "Setting named in section I changed",
            request,
            named_setting=version.named_setting_id,
        )
    return row


def _claim(line: Any, expected_revision: int | None, user: Any, label: str) -> None:
    """Take the line at the revision the person opened, or refuse: someone else changed it."""
    if line.pk is None or expected_revision is None:
        return
    updated = (
        type(line)
        .objects.filter(pk=line.pk, revision=expected_revision)
        .update(revision=F("revision") + 1, updated_by=user, updated_at=timezone.now())
    )
    if not updated:
        line.refresh_from_db()
        by = changed_by(line)
        raise StaleRecord(
            f"This {label} was changed by {by}, after you opened it. Your changes have "
            "not been saved: they are kept below. Check the line as it is now, then save again.",
            current_version=line.revision,
        )
    line.revision = expected_revision + 1
    line.updated_by = user


def save_need(
    *,
    user: Any,
    version: PlanVersion,
    area: str,
    description: str,
    need: Need | None = None,
    expected_revision: int | None = None,
    request: HttpRequest | None = None,
) -> Need:
    _editable(user, version)
    if area not in NeedArea.values:
        raise DomainError("Select the area of need", field="area")
    if not description.strip():
        raise DomainError("Describe the need", field="description")
    if need is None:
        need = Need(version=version, key=new_key(), order=version.needs.count())
    elif need.version_id != version.pk:
        raise DomainError("That need belongs to another version")
    _claim(need, expected_revision, user, "need")
    need.area, need.description = area, description
    need.save()
    _audit(user, version, "Need saved (section B)", request)
    return need


def save_outcome(
    *,
    user: Any,
    version: PlanVersion,
    text: str,
    timeframe: str,
    need_ids: list[int] | None = None,
    outcome: Outcome | None = None,
    achieve_by: dt.date | None = None,
    expected_revision: int | None = None,
    request: HttpRequest | None = None,
) -> Outcome:
    """A section E outcome: specific, with a time frame, linked to the needs it addresses."""
    _editable(user, version)
    errors = {}
    if not text.strip():
        errors["text"] = "Describe the outcome"
    if not timeframe.strip():
        errors["timeframe"] = "Say by when the outcome should be achieved"
    if errors:
        raise DomainError(next(iter(errors.values())), field=next(iter(errors)), errors=errors)
    if outcome is None:
        outcome = Outcome(version=version, key=new_key(), order=version.outcomes.count())
    elif outcome.version_id != version.pk:
        raise DomainError("That outcome belongs to another version")
    _claim(outcome, expected_revision, user, "outcome")
    outcome.text, outcome.timeframe, outcome.achieve_by = text, timeframe, achieve_by
    outcome.save()
    if need_ids is not None:
        outcome.needs.set(version.needs.filter(pk__in=need_ids))
    _audit(user, version, "Outcome saved (section E)", request)
    return outcome


def save_provision(
    *,
    user: Any,
    version: PlanVersion,
    what: str,
    who: str = "",
    frequency: str = "",
    duration: str = "",
    where: str = "",
    section: str = ProvisionSection.F,
    outcome_ids: list[int] | None = None,
    provision: Provision | None = None,
    expected_revision: int | None = None,
    request: HttpRequest | None = None,
) -> Provision:
    """One line of provision. Gaps are allowed while drafting; the quality checks flag them."""
    _editable(user, version)
    if not what.strip():
        raise DomainError("Say what the provision is", field="what")
    if section not in ProvisionSection.values:
        raise DomainError("Select the section the provision belongs in", field="section")
    if provision is None:
        provision = Provision(version=version, key=new_key(), order=version.provision.count())
    elif provision.version_id != version.pk:
        raise DomainError("That provision belongs to another version")
    _claim(provision, expected_revision, user, "provision line")
    provision.section, provision.what, provision.who = section, what, who
    provision.frequency, provision.duration, provision.where = frequency, duration, where
    provision.save()
    if outcome_ids is not None:
        provision.outcomes.set(version.outcomes.filter(pk__in=outcome_ids))
    _audit(user, version, f"Provision saved (section {section})", request)
    return provision


def remove_line(
    *, user: Any, version: PlanVersion, line: Need | Outcome | Provision, request: HttpRequest | None = None
) -> None:
    _editable(user, version)
    if line.version_id != version.pk:
        raise DomainError("That line belongs to another version")
    line.delete()
    _audit(user, version, f"{type(line).__name__} removed", request)


def comments_close(version: PlanVersion) -> dt.date | None:
    """The last day of the family's 15 days on a draft: reg 13(1) for a first plan, reg
    22(2)(c) for proposed amendments; both are 15 days beginning with the day it was sent."""
    if version.draft_sent_on is None:
        return None
    if version.number == 1:
        return draft_representations_close(version.draft_sent_on)
    return amendment_representations_close(version.draft_sent_on)


def _comment_fields(text: str, section: str, requested_setting: Any) -> None:
    if not text.strip() and requested_setting is None:
        raise DomainError("Write the comment", field="text")
    if section and section not in Section.values:
        raise DomainError("Select a section", field="section")


def add_comment(
    *,
    user: Any,
    version: PlanVersion,
    text: str,
    section: str = "",
    requested_setting: Any = None,
    request: HttpRequest | None = None,
) -> DraftComment:
    """The family's comment on a draft they were sent, within the 15 days. After they close
    the family is told to contact their coordinator, who may record a late comment."""
    plan = version.plan
    family = plan.child.relationships.filter(carer__user=user).exists() or plan.child.user_id == getattr(
        user, "pk", None
    )
    if not getattr(user, "is_authenticated", False) or not family:
        raise NotAllowed("Only the child's family or the young person can comment on the draft.")
    if version.status != VersionStatus.DRAFT or version.draft_sent_on is None:
        raise DomainError("Comments can be made on a draft once it has been sent to you")
    closes = comments_close(version)
    if closes is not None and timezone.localdate() > closes:
        raise DomainError(
            f"The 15 days for comments on this draft ended on {long_date(closes)}, so comments can no "
            "longer be sent here. If you still want to comment, contact your EHC coordinator: they can "
            "record your comment as a late one."
        )
    if not text.strip() and requested_setting is None:
        raise DomainError("Write your comment", field="text")
    _comment_fields(text, section, requested_setting)
    comment = DraftComment.objects.create(
        version=version,
        text=text,
        section=section,
        requested_setting=requested_setting,
        author=user,
        received_on=timezone.localdate(),
    )
    _audit(user, version, "The family commented on the draft", request)
    return comment


def record_comment(
    *,
    user: Any,
    version: PlanVersion,
    text: str,
    received_on: dt.date | None,
    section: str = "",
    requested_setting: Any = None,
    request: HttpRequest | None = None,
) -> DraftComment:
    """A comment the family sent by post, email or phone, recorded by the council, marked
    late if it arrived after the 15 days, and kept with the draft either way."""
    _editable(user, version)
    if version.draft_sent_on is None:
        raise DomainError("Send the draft to the family first: comments follow it")
    check_past_date(
        received_on,
        "the comment was received",
        field="received_on",
        after=[(version.draft_sent_on, "the draft was sent")],
    )
    _comment_fields(text, section, requested_setting)
    assert received_on is not None
    closes = comments_close(version)
    late = closes is not None and received_on > closes
    comment = DraftComment.objects.create(
        version=version,
        text=text,
        section=section,
        requested_setting=requested_setting,
        author=None,
        recorded_by=user,
        received_on=received_on,
        late=late,
    )
    _audit(
        user,
        version,
        "A late comment from the family recorded" if late else "A comment from the family recorded",
        request,
        received_on=received_on.isoformat(),
        late=late,
    )
    return comment


@transaction.atomic
def send_draft(
    *, user: Any, version: PlanVersion, on: dt.date | None, request: HttpRequest | None = None
) -> PlanVersion:
    """Serve a draft amendment on the family (reg 22(2)): their 15 days start that day. The
    first draft is sent from the assessment case instead."""
    _editable(user, version)
    if version.number == 1:
        raise DomainError("The first draft is sent from the assessment case.")
    if version.draft_sent_on is not None:
        raise DomainError("This draft has already been sent to the family.")
    check_past_date(on, "the draft was sent", field="on")
    assert on is not None
    version.draft_sent_on = on
    version.save(update_fields=["draft_sent_on"])
    _audit(user, version, f"Draft version {version.number} sent to the family", request, on=on.isoformat())
    return version


# -- issuing ---------------------------------------------------------------------------------
@transaction.atomic
def issue_version(
    *, user: Any, version: PlanVersion, on: dt.date, request: HttpRequest | None = None
) -> PlanVersion:
    """Issue a draft: from now on it is the plan in force and is never changed."""
    _editable(user, version)
    if on > timezone.localdate():
        raise DomainError("The date of issue must be today or in the past", field="on")
    previous = version.based_on
    if previous is not None and previous.issued_on and on < previous.issued_on:
        raise DomainError(
            "The date of issue must be on or after the version it amends was issued", field="on"
        )
    version.status, version.issued_on, version.issued_by = VersionStatus.ISSUED, on, user
    version.save(update_fields=["status", "issued_on", "issued_by"])
    Plan.objects.filter(pk=version.plan_id).update(version=F("version") + 1)
    _audit(user, version, f"Version {version.number} issued", request, issued_on=on.isoformat())
    return version
