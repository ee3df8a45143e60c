"""Reading organisations, scoped to a local authority."""

from __future__ import annotations

from django.db.models import QuerySet

from sendpath.organisations.models import Service, Setting


def settings_in(local_authority_id: int) -> QuerySet[Setting]:
    return Setting.objects.filter(local_authority_id=local_authority_id).order_by("name")


def services_in(local_authority_id: int) -> QuerySet[Service]:
    return Service.objects.filter(local_authority_id=local_authority_id).order_by("name")
