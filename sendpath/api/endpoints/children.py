"""Children: the core record, scoped exactly as the pages scope it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Path, Router, Schema

from sendpath.api.paging import page
from sendpath.api.problems import ERRORS, MAX_ID
from sendpath.audit.services import record_child_list, record_child_read
from sendpath.people.selectors import search_children, visible_children
from sendpath.people.views import visible_child_or_404

router = Router(tags=["Children"])


class ChildOut(Schema):
    id: int
    first_name: str
    last_name: str
    date_of_birth: dt.date
    upn: str
    setting: str | None

    @staticmethod
    def resolve_setting(obj: Any) -> str | None:
        return obj.setting.name if obj.setting_id else None


@router.get("/children", response={200: list[ChildOut], **ERRORS}, summary="Children you may see")
def list_children(request: HttpRequest, q: str = "", limit: int = 50, offset: int = 0) -> Any:
    """Children the caller may see, optionally matching a name or identifier."""
    q = q.replace("\x00", "")[:100]  # PostgreSQL refuses NUL in text; no name is longer
    children = page(search_children(request.user, q), limit, offset)
    record_child_list(request, [c.pk for c in children], "API children list")
    return children


@router.get("/children/{child_id}", response={200: ChildOut, **ERRORS}, summary="One child")
def get_child(request: HttpRequest, child_id: int = Path(..., ge=0, le=MAX_ID)) -> Any:
    """One child's core record. 404 if the caller may not see them, as if they did not exist."""
    child = visible_child_or_404(request, child_id, visible_children(request.user).select_related("setting"))
    record_child_read(request, child, "API child record")
    return child
