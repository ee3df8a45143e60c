"""Everything that changes an assessment case: receiving a request, each decision, advice,
exceptions, consultations and the final plan.

Each service checks who is acting, that the move is one the law allows from the current
stage, and that dates are in order; then, in one transaction, it saves the case against the
version the person saw (a stale version is refused, never overwritten), stores the stage
change as a row, recomputes the stored clocks and writes the audit event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from sendpath.accounts.roles import LA_ROLES, SERVICE_ROLES, Role
from sendpath.assessments.clocks import NEXT_LIMIT, next_due, request_due_dates
from sendpath.assessments.family_messages import tell_family
from sendpath.assessments.models import (
    AdviceKind,
    AdviceRequest,
    AssessmentRequest,
    ClockException,
    Consultation,
    ConsultationResponse,
    Contribution,
    ExceptionKind,
    RequestSource,
    StageChange,
)
from sendpath.assessments.workflow import OPEN_STAGES, Stage, can_move
from sendpath.audit.models import AuditAction
from sendpath.audit.services import record
from sendpath.common.concurrency import changed_by
from sendpath.common.dates import check_past_date
from sendpath.common.errors import DomainError, NotAllowed, StaleRecord
from sendpath.law.clocks import advice_due, consultation_reply_due, earliest_final_plan
from sendpath.people.models import Child
from sendpath.plans.codes import NeedType

CASEWORK_ROLES = frozenset({Role.COORDINATOR, Role.MANAGER})

# How each exception reads to a family (reg 10(4)(a)-(d)).
EXCEPTION_PLAIN = {
    ExceptionKind.REG10_4_A: "the school or college was closed for 4 weeks or more",
    ExceptionKind.REG10_4_B: "the early years setting was closed for 4 weeks or more",
    ExceptionKind.REG10_4_C: "there were exceptional personal circumstances",
    ExceptionKind.REG10_4_D: "you were away from the area for 4 weeks or more",
    ExceptionKind.COVID_2020: "the coronavirus rules of 2020 applied",
}


def _d(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def today() -> dt.date:
    return timezone.localdate()


def works_on(user: Any, case: AssessmentRequest) -> bool:
    """Coordinators and managers of the case's own local authority run the casework."""
    return (
        getattr(user, "role", None) in CASEWORK_ROLES and user.local_authority_id == case.local_authority_id
    )


def _require_open(case: AssessmentRequest) -> None:
    if case.stage not in OPEN_STAGES:
        raise DomainError(f"The case is closed ({Stage(case.stage).label.lower()}): it cannot be changed.")


def _require_casework(user: Any, case: AssessmentRequest) -> None:
    if not works_on(user, case):
        raise NotAllowed("Only the council's EHC coordinators and SEND managers can do this.")


# Dates of steps taken: given, not in the future, and after the steps they follow.
check_date = check_past_date


def refresh_clocks(case: AssessmentRequest) -> None:
    """Recompute the stored due dates from the facts (the law module does the counting)."""
    for name, due in request_due_dates(case.received_on).items():
        setattr(case, name, due)
    case.next_due = next_due(case)
    case.next_due_for = NEXT_LIMIT.get(Stage(case.stage), "") if case.next_due else ""


CLOCK_FIELDS = ["decision_due", "no_plan_due", "final_due", "next_due", "next_due_for"]


def _save(
    case: AssessmentRequest,
    *,
    user: Any,
    expected_version: int,
    fields: list[str],
    summary: str,
    request: HttpRequest | None,
    changes: dict[str, Any] | None = None,
    tell: str = "",
) -> AssessmentRequest:
    """Write the changed fields if nobody else saved the case since ``expected_version``;
    then, if ``tell`` names an event, email the family what changed (sent on commit)."""
    refresh_clocks(case)
    values = {f: getattr(case, f) for f in [*fields, *CLOCK_FIELDS]}
    updated = AssessmentRequest.objects.filter(pk=case.pk, version=expected_version).update(
        **values, version=F("version") + 1, updated_by=user, updated_at=timezone.now()
    )
    if not updated:
        current = AssessmentRequest.objects.select_related("updated_by").get(pk=case.pk)
        by = changed_by(current)
        raise StaleRecord(
            f"This case was changed by {by}, after you opened it. Nothing has been "
            "saved. Check the case, then try again.",
            current_version=current.version,
        )
    case.version = expected_version + 1
    _audit(user, case, AuditAction.UPDATE, summary, request, changes)
    if tell:
        tell_family(case, tell, today())
    return case


def _audit(
    user: Any,
    case: AssessmentRequest,
    action: str,
    summary: str,
    request: HttpRequest | None,
    changes: dict[str, Any] | None = None,
    obj: Any = None,
) -> None:
    record(
        user=user,
        action=action,
        obj=obj if obj is not None else case,
        child_id=case.child_id,
        local_authority_id=case.local_authority_id,
        summary=summary,
        changes={k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in (changes or {}).items()},
        request=request,
    )


def _move(case: AssessmentRequest, to: Stage, on: dt.date, user: Any, note: str = "") -> None:
    """Move the case to another stage, or refuse with the reason the law gives."""
    if not can_move(case.stage, to):
        raise DomainError(
            f"A case at '{Stage(case.stage).label}' cannot move to '{to.label}'."
            + (" The case is closed." if case.stage not in OPEN_STAGES else "")
        )
    StageChange.objects.create(
        request=case,
        from_stage=case.stage,
        to_stage=to,
        on=on,
        by=user if _is_user(user) else None,
        note=note[:300],
    )
    case.stage = to
    if to not in OPEN_STAGES:
        case.closed_on = on


def _is_user(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


# -- receiving a request ------------------------------------------------------------------
def duplicate_warnings(child: Child, exclude: int | None = None) -> list[str]:
    """An open request or a maintained plan for the same child: flagged, not refused."""
    warnings = []
    open_requests = child.requests.filter(stage__in=OPEN_STAGES)
    if exclude:
        open_requests = open_requests.exclude(pk=exclude)
    for other in open_requests:
        warnings.append(
            f"{child.full_name} already has an open request, {other.reference}, received "
            f"{_d(other.received_on)}."
        )
    if child.plans.filter(status="active").exists():
        warnings.append(f"{child.full_name} already has an EHC plan.")
    return warnings


def _next_reference(case: AssessmentRequest) -> str:
    count = AssessmentRequest.objects.filter(local_authority_id=case.local_authority_id).count()
    return f"{case.local_authority.code}-{case.received_on:%y}-{count + 1:06d}"


def receive_request(
    *,
    user: Any,
    child: Child,
    received_on: dt.date,
    source: str,
    reasons: str = "",
    contact_email: str = "",
    coordinator: Any = None,
    request: HttpRequest | None = None,
) -> tuple[AssessmentRequest, list[str]]:
    """Record a request for an EHC needs assessment; the 6, 16 and 20-week clocks start.

    ``user`` is None for a family's online request made without an account. Returns the
    case and any duplicate warnings for the coordinator.
    """
    role = getattr(user, "role", None)
    if _is_user(user):
        allowed = (
            (role in LA_ROLES and user.local_authority_id == child.local_authority_id)
            or (role == Role.SENCO and child.setting_id == user.setting_id)
            or (role == Role.PARENT and child.relationships.filter(carer__user=user).exists())
            or (role == Role.YOUNG_PERSON and child.user_id == user.pk)
        )
        if not allowed:
            raise NotAllowed("You cannot ask for an assessment for this child.")
    if received_on > today():
        raise DomainError("The date the request was received must be today or in the past", "received_on")
    if received_on < child.date_of_birth:
        raise DomainError("The request cannot be received before the child was born", "received_on")
    if source not in RequestSource.values:
        raise DomainError("Select who made the request", "source")
    warnings = duplicate_warnings(child)
    case = AssessmentRequest(
        local_authority_id=child.local_authority_id,
        child=child,
        received_on=received_on,
        source=source,
        reasons=reasons,
        contact_email=contact_email,
        coordinator=coordinator,
        requested_by=user if _is_user(user) else None,
        stage=Stage.RECEIVED,
    )
    refresh_clocks(case)
    for attempt in range(5):
        try:
            with transaction.atomic():
                case.reference = _next_reference(case)
                if attempt:
                    case.reference += f"-{attempt}"
                case.save()
                StageChange.objects.create(
                    request=case,
                    from_stage="",
                    to_stage=Stage.RECEIVED,
                    on=received_on,
                    by=user if _is_user(user) else None,
                    note="Request received",
                )
                _audit(
                    user,
                    case,
                    AuditAction.CREATE,
                    "Request for assessment received",
                    request,
                    {"received_on": received_on, "source": source},
                )
                if _is_user(user):
                    # Online requests without an account get their own confirmation.
                    tell_family(case, "received", today())
            break
        except IntegrityError:
            case.pk = None
            continue
    else:
        raise DomainError("The request could not be given a reference. Try again in a moment.")
    return case, warnings


# -- decisions ----------------------------------------------------------------------------
def decide_whether_to_assess(
    *,
    user: Any,
    case: AssessmentRequest,
    expected_version: int,
    assess: bool,
    on: dt.date,
    request: HttpRequest | None = None,
) -> AssessmentRequest:
    """Reg 5(1): tell the family within 6 weeks whether we will assess."""
    _require_casework(user, case)
    check_date(on, "of the decision", after=[(case.received_on, "the date the request was received")])
    with transaction.atomic():
        if assess:
            _move(case, Stage.ASSESSING, on, user, "Decided to assess")
            case.decided_to_assess_on = on
            field = "decided_to_assess_on"
        else:
            _move(case, Stage.NOT_ASSESSING, on, user, "Decided not to assess")
            case.decided_not_to_assess_on = on
            field = "decided_not_to_assess_on"
        return _save(
            case,
            user=user,
            expected_version=expected_version,
            fields=["stage", "closed_on", field],
            request=request,
            summary="Decided to assess" if assess else "Decided not to assess",
            changes={field: on},
            tell="decided",
        )


def decide_whether_to_issue(
    *,
    user: Any,
    case: AssessmentRequest,
    expected_version: int,
    issue: bool,
    on: dt.date,
    request: HttpRequest | None = None,
) -> AssessmentRequest:
    """After the assessment: a plan (draft follows), or a notice within 16 weeks (reg 10(1))."""
    _require_casework(user, case)
    check_date(on, "of the decision", after=[(case.decided_to_assess_on, "the decision to assess")])
    with transaction.atomic():
        if issue:
            _move(case, Stage.DRAFTING, on, user, "Decided to issue a plan")
            case.decided_to_issue_on = on
            field = "decided_to_issue_on"
        else:
            _move(case, Stage.NO_PLAN, on, user, "Decided not to issue a plan")
            case.decided_not_to_issue_on = on
            field = "decided_not_to_issue_on"
        _save(
            case,
            user=user,
            expected_version=expected_version,
            fields=["stage", "closed_on", field],
            request=request,
            summary="Decided to issue a plan" if issue else "Decided not to issue a plan",
            changes={field: on},
            tell="issue_decided",
        )
        if issue:
            from sendpath.plans.services import start_first_draft

            start_first_draft(user=user, case=case, request=request)
        return case


def send_draft(
    *,
    user: Any,
    case: AssessmentRequest,
    expected_version: int,
    on: dt.date,
    request: HttpRequest | None = None,
) -> AssessmentRequest:
    """Serve the draft plan: the family's 15 days for comments begin (reg 13(1)(a))."""
    _require_casework(user, case)
    check_date(on, "the draft was sent", after=[(case.decided_to_issue_on, "the decision to issue")])
    with transaction.atomic():
        _move(case, Stage.DRAFT_SENT, on, user, "Draft plan sent")
        case.draft_sent_on = on
        _save(
            case,
            user=user,
            expected_version=expected_version,
            fields=["stage", "draft_sent_on"],
            request=request,
            summary="Draft plan sent",
            changes={"draft_sent_on": on},
            tell="draft_sent",
        )
        from sendpath.plans.models import PlanVersion, VersionStatus

        PlanVersion.objects.filter(plan__request=case, status=VersionStatus.DRAFT).update(draft_sent_on=on)
        return case


def issue_final_plan(
    *,
    user: Any,
    case: AssessmentRequest,
    expected_version: int,
    on: dt.date,
    named_setting: Any,
    primary_need: str,
    request: HttpRequest | None = None,
) -> Any:
    """Issue the final plan (reg 13(2): within 20 weeks) naming a setting in section I.

    Refused before the family's 15 days for comments are over (reg 13(1)(a)).
    """
    from sendpath.funding.models import Placement
    from sendpath.law.clocks import annual_review_due
    from sendpath.plans.models import Plan, PlanStatus, PlanVersion, VersionStatus

    _require_casework(user, case)
    earliest = earliest_final_plan(case.draft_sent_on) if case.draft_sent_on else None
    check_date(
        on,
        "the final plan was issued",
        after=[(earliest, "the day after the family's 15 days for comments end")],
    )
    if named_setting is None:
        raise DomainError("Select the setting the plan names", field="named_setting")
    if primary_need not in NeedType.values:
        raise DomainError("Select the primary type of need", field="primary_need")
    with transaction.atomic():
        _move(case, Stage.PLAN_ISSUED, on, user, f"Final plan issued naming {named_setting.name}")
        case.final_issued_on = on
        case.named_setting = named_setting
        _save(
            case,
            user=user,
            expected_version=expected_version,
            fields=["stage", "closed_on", "final_issued_on", "named_setting"],
            request=request,
            summary="Final plan issued",
            changes={"final_issued_on": on, "named_setting": named_setting.pk},
            tell="plan_issued",
        )
        plan = Plan.objects.filter(request=case).first()
        if plan is None:  # a case recorded before plans were drafted in sendpath
            plan = Plan.objects.create(
                local_authority_id=case.local_authority_id,
                child=case.child,
                request=case,
                primary_need=primary_need,
            )
            PlanVersion.objects.create(plan=plan, number=1, status=VersionStatus.DRAFT, reason="First plan")
        plan.status, plan.first_issued_on, plan.review_due = PlanStatus.ACTIVE, on, annual_review_due(on)
        plan.primary_need, plan.coordinator = primary_need, case.coordinator
        plan.save()
        PlanVersion.objects.filter(plan=plan, number=1).update(
            status=VersionStatus.ISSUED,
            issued_on=on,
            named_setting=named_setting,
            issued_by=user if _is_user(user) else None,
        )
        Placement.objects.create(plan=plan, setting=named_setting, start_on=on)
        _audit(user, case, AuditAction.CREATE, "EHC plan made", request, obj=plan)
    return plan


def withdraw(
    *,
    user: Any,
    case: AssessmentRequest,
    expected_version: int,
    on: dt.date,
    note: str,
    request: HttpRequest | None = None,
) -> AssessmentRequest:
    """The request was withdrawn, or ended, before a decision or a plan."""
    _require_casework(user, case)
    check_date(on, "of withdrawal", after=[(case.received_on, "the date the request was received")])
    if not note.strip():
        raise DomainError("Say why the request ended", field="note")
    with transaction.atomic():
        _move(case, Stage.WITHDRAWN, on, user, note)
        return _save(
            case,
            user=user,
            expected_version=expected_version,
            fields=["stage", "closed_on"],
            request=request,
            summary="Request withdrawn",
            changes={"note": note[:200]},
            tell="withdrawn",
        )


# -- advice --------------------------------------------------------------------------------
def request_advice(
    *,
    user: Any,
    case: AssessmentRequest,
    kind: str,
    requested_on: dt.date,
    service: Any = None,
    setting: Any = None,
    professional: Any = None,
    request: HttpRequest | None = None,
) -> AdviceRequest:
    """Ask for advice (reg 6); it is due 6 weeks after it was asked for (reg 8(1))."""
    _require_casework(user, case)
    if case.stage != Stage.ASSESSING:
        raise DomainError("Advice can be asked for only while the case is being assessed")
    check_date(
        requested_on,
        "advice was asked for",
        after=[(case.decided_to_assess_on, "the decision to assess")],
        field="requested_on",
    )
    if kind == AdviceKind.EDUCATIONAL and setting is None:
        raise DomainError("Select the school or setting to ask for educational advice", field="setting")
    if kind not in (AdviceKind.EDUCATIONAL, AdviceKind.FAMILY) and service is None:
        raise DomainError("Select the service to ask", field="service")
    if service is not None and service.local_authority_id != case.local_authority_id:
        raise DomainError("Select one of your council's services", field="service")
    if professional is not None and (professional.service_id != getattr(service, "pk", None)):
        raise DomainError("The professional must belong to the service asked", field="professional")
    with transaction.atomic():
        advice = AdviceRequest.objects.create(
            request=case,
            kind=kind,
            service=service,
            setting=setting,
            professional=professional,
            requested_on=requested_on,
            due_on=advice_due(requested_on),
        )
        _audit(
            user,
            case,
            AuditAction.CREATE,
            f"Asked for {advice.get_kind_display().lower()}",
            request,
            {"due_on": advice.due_on},
            obj=advice,
        )
    return advice


def may_give_advice(user: Any, advice: AdviceRequest) -> bool:
    """The professional asked, anyone in the service while it is unassigned, or the SENCO
    of the setting asked for educational advice."""
    role = getattr(user, "role", None)
    if role in SERVICE_ROLES and advice.service_id == user.service_id:
        return advice.professional_id in (None, user.pk)
    return role == Role.SENCO and advice.setting_id is not None and advice.setting_id == user.setting_id


def submit_advice(
    *,
    user: Any,
    advice: AdviceRequest,
    needs: str,
    outcomes: str,
    provision: str,
    request: HttpRequest | None = None,
) -> AdviceRequest:
    """Structured advice back to the coordinator: needs, outcomes sought, provision."""
    if not may_give_advice(user, advice):
        raise NotAllowed("You have not been asked for this advice.")
    if advice.received_on is not None:
        raise DomainError("This advice has already been given")
    errors = {
        name: message
        for name, value, message in (
            ("needs", needs, "Describe the child's needs"),
            ("provision", provision, "Describe the provision you recommend"),
        )
        if not value.strip()
    }
    if errors:
        raise DomainError(next(iter(errors.values())), field=next(iter(errors)), errors=errors)
    with transaction.atomic():
        advice.needs, advice.outcomes, advice.provision = needs, outcomes, provision
        advice.received_on = today()
        advice.submitted_by = user
        if advice.professional_id is None and getattr(user, "role", None) in SERVICE_ROLES:
            advice.professional = user
        advice.save()
        _audit(
            user,
            advice.request,
            AuditAction.UPDATE,
            "Advice given",
            request,
            {"received_on": advice.received_on},
            obj=advice,
        )
    return advice


# -- exceptions, consultations and the family's views -------------------------------------------
def record_exception(
    *,
    user: Any,
    case: AssessmentRequest,
    kind: str,
    start_on: dt.date,
    end_on: dt.date,
    evidence: str,
    family_told_on: dt.date | None = None,
    request: HttpRequest | None = None,
) -> ClockException:
    """Record a reg 10(4) exception. It disapplies the limits; it never moves the dates."""
    _require_casework(user, case)
    _require_open(case)
    if kind not in ExceptionKind.values:
        raise DomainError("Select the kind of exception", field="kind")
    if start_on is None or end_on is None:
        raise DomainError("Enter when the exception started and ended", field="start_on")
    if end_on < start_on:
        raise DomainError("The end date must be on or after the start date", field="end_on")
    if start_on < case.received_on:
        raise DomainError("The exception must start on or after the request was received", field="start_on")
    if kind == ExceptionKind.COVID_2020 and end_on > dt.date(2020, 9, 25):
        raise DomainError("The coronavirus exception applies only up to 25 September 2020", field="end_on")
    if kind == ExceptionKind.REG10_4_D and (end_on - start_on).days + 1 < 28:
        raise DomainError("Absence from the area must be 4 weeks or more to be an exception", field="end_on")
    if not evidence.strip():
        raise DomainError("Describe the evidence for the exception", field="evidence")
    if family_told_on is not None:
        check_date(family_told_on, "the family was told", field="family_told_on")
    with transaction.atomic():
        exception = ClockException.objects.create(
            request=case,
            kind=kind,
            start_on=start_on,
            end_on=end_on,
            evidence=evidence,
            family_told_on=family_told_on,
            recorded_by=user,
        )
        _audit(
            user,
            case,
            AuditAction.CREATE,
            "Exception recorded",
            request,
            {"kind": kind, "start_on": start_on, "end_on": end_on},
            obj=exception,
        )
        tell_family(
            case,
            "exception",
            today(),
            extra=(
                f"We have recorded that {EXCEPTION_PLAIN[ExceptionKind(kind)]}, "
                f"from {_d(start_on)} to {_d(end_on)}. The law allows us to take longer than the usual "
                "time limits because of this. The dates above are still the legal dates, and we will "
                "do each step as soon as we can."
            ),
        )
    return exception


def consult_setting(
    *, user: Any, case: AssessmentRequest, setting: Any, sent_on: dt.date, request: HttpRequest | None = None
) -> Consultation:
    """Consult a setting about being named (CFA s39); the reply is asked for in 15 days."""
    _require_casework(user, case)
    if case.stage not in (Stage.DRAFTING, Stage.DRAFT_SENT):
        raise DomainError("Settings are consulted once we have decided to issue a plan")
    check_date(
        sent_on,
        "the consultation was sent",
        after=[(case.decided_to_issue_on, "the decision to issue")],
        field="sent_on",
    )
    if setting is None:
        raise DomainError("Select the setting to consult", field="setting")
    if case.consultations.filter(setting=setting, response=ConsultationResponse.AWAITING).exists():
        raise DomainError(
            f"{setting.name} has already been consulted and has not replied yet", field="setting"
        )
    with transaction.atomic():
        consultation = Consultation.objects.create(
            request=case,
            child=case.child,
            setting=setting,
            sent_on=sent_on,
            due_on=consultation_reply_due(sent_on),
        )
        _audit(
            user,
            case,
            AuditAction.CREATE,
            "Setting consulted",
            request,
            {"setting": setting.pk, "due_on": consultation.due_on},
            obj=consultation,
        )
    return consultation


def respond_to_consultation(
    *,
    user: Any,
    consultation: Consultation,
    response: str,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Consultation:
    """The setting's answer: it can meet the child's needs, or it cannot and says why."""
    role = getattr(user, "role", None)
    if not (role == Role.SENCO and user.setting_id == consultation.setting_id) and not (
        consultation.request is not None and works_on(user, consultation.request)
    ):
        raise NotAllowed("Only the setting consulted can answer this consultation.")
    if consultation.response != ConsultationResponse.AWAITING:
        raise DomainError("This consultation has already been answered")
    if consultation.request is not None:
        _require_open(consultation.request)
    if response not in (ConsultationResponse.CAN_MEET, ConsultationResponse.CANNOT_MEET):
        raise DomainError("Select whether the setting can meet the child's needs", field="response")
    if response == ConsultationResponse.CANNOT_MEET and not reason.strip():
        raise DomainError("Say why the setting cannot meet the child's needs", field="reason")
    with transaction.atomic():
        consultation.response, consultation.reason = response, reason
        consultation.responded_on, consultation.responded_by = today(), user
        consultation.save()
        if consultation.request is not None:
            _audit(
                user,
                consultation.request,
                AuditAction.UPDATE,
                "Consultation answered",
                request,
                {"response": response},
                obj=consultation,
            )
    return consultation


def add_contribution(
    *,
    user: Any,
    case: AssessmentRequest,
    about: str,
    hard: str,
    helps: str,
    hopes: str,
    request: HttpRequest | None = None,
) -> Contribution:
    """The family's and the child's views for section A: what people like about them, what is
    hard, what helps and their hopes."""
    if not _is_user(user):
        raise NotAllowed("Only the child's family or the young person can add their views here.")
    family = case.child.relationships.filter(carer__user=user).exists() or case.child.user_id == user.pk
    if not family:
        raise NotAllowed("Only the child's family or the young person can add their views here.")
    if not any(v.strip() for v in (about, hard, helps, hopes)):
        raise DomainError("Write something in at least one of the boxes", field="about")
    with transaction.atomic():
        contribution = Contribution.objects.create(
            request=case, author=user, about=about, hard=hard, helps=helps, hopes=hopes
        )
        _audit(user, case, AuditAction.CREATE, "Family views added", request, obj=contribution)
    return contribution
