"""Reading import runs: a data officer sees only their own authority's."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sendpath.imports.models import ImportRun


def runs_for(user: Any) -> QuerySet[ImportRun]:
    """The runs of the user's local authority, newest first, without their reports."""
    return (
        ImportRun.objects.filter(local_authority_id=user.local_authority_id)
        .select_related("started_by")
        .defer("report")
    )


def run_for(user: Any, pk: int) -> ImportRun:
    """One run of the user's authority; 404 for any other, as if it did not exist."""
    run = (
        ImportRun.objects.filter(local_authority_id=user.local_authority_id, pk=pk)
        .select_related("started_by")
        .first()
    )
    if run is None:
        raise Http404("No such import")
    return run
