"""Reading SEN2 runs: only the user's own local authority's."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sendpath.returns.models import ReturnRun


def runs_for(user: Any) -> QuerySet[ReturnRun]:
    if not user.local_authority_id:
        return ReturnRun.objects.none()
    return ReturnRun.objects.filter(local_authority_id=user.local_authority_id)


def run_for(user: Any, pk: int) -> ReturnRun | None:
    return runs_for(user).filter(pk=pk).first()


def latest_run(user: Any) -> ReturnRun | None:
    return runs_for(user).order_by("-created_at", "-pk").first()
