"""Reading children's records, always scoped to the person asking.

This is the one place that decides who may see which child. Every page and API endpoint
that shows a child starts from ``visible_children(user)``; the role-by-URL test walks the
whole site to prove nothing leaks.

- LA staff see children of their own local authority only.
- A SENCO sees children on the setting's roll, or named in a consultation sent to it.
- A teacher sees the pupils on the setting's roll that the SENCO has assigned to them.
- A professional sees children whose advice was asked of them, or of their service while
  the request is not yet assigned to anyone.
- A parent or carer sees only the children they are linked to; a young person, themselves.
- Councillors and system administrators see no child: councillors get aggregates only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from sendpath.accounts.roles import LA_ROLES, SERVICE_ROLES, Role
from sendpath.assessments.models import AdviceRequest, Consultation
from sendpath.people.models import Child, Relationship, TeachingAssignment


def visible_children(user: Any) -> QuerySet[Child]:
    """Every child this user may see, as a queryset to filter further."""
    children = Child.objects.all()
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return children.none()
    role = user.role
    if role in LA_ROLES:
        return children.filter(local_authority_id=user.local_authority_id)
    if role == Role.SENCO:
        consulted = Consultation.objects.filter(setting_id=user.setting_id).values("child_id")
        return children.filter(Q(setting_id=user.setting_id) | Q(pk__in=consulted))
    if role == Role.TEACHER:
        taught = TeachingAssignment.objects.filter(teacher_id=user.pk).values("child_id")
        return children.filter(setting_id=user.setting_id, pk__in=taught)
    if role in SERVICE_ROLES:
        asked = AdviceRequest.objects.filter(
            Q(professional_id=user.pk) | Q(professional__isnull=True, service_id=user.service_id)
        ).values("request__child_id")
        return children.filter(pk__in=asked)
    if role == Role.PARENT:
        own = Relationship.objects.filter(carer__user_id=user.pk).values("child_id")
        return children.filter(pk__in=own)
    if role == Role.YOUNG_PERSON:
        return children.filter(user_id=user.pk)
    return children.none()


def can_see_child(user: Any, child: Child) -> bool:
    """Single-object check used by ``rules`` predicates and the API."""
    return visible_children(user).filter(pk=child.pk).exists()


def search_children(user: Any, query: str = "") -> QuerySet[Child]:
    """Children this user may see, matching a name, UPN or NHS number."""
    children = visible_children(user).select_related("setting")
    query = query.strip()
    if not query:
        return children
    compact = query.replace(" ", "").upper()
    words = query.split()
    terms = Q(upn=compact) | Q(nhs_number=compact) | Q(uln=compact)
    if len(words) >= 2:
        terms |= Q(first_name__istartswith=words[0], last_name__istartswith=words[-1])
    else:
        terms |= Q(first_name__istartswith=words[0]) | Q(last_name__istartswith=words[0])
    return children.filter(terms)


def carers_of(child: Child) -> QuerySet[Relationship]:
    """The child's parents and carers (the caller has already been allowed to see the child)."""
    return Relationship.objects.filter(child=child).select_related("carer")


def area_of_child(pk: int) -> int | None:
    """The local authority of any child, whoever asks, or None if there is no such child.

    Used only to record refused attempts in the audit trail; never shown to the user.
    """
    return Child.objects.filter(pk=pk).values_list("local_authority_id", flat=True).first()
