"""The JSON API (/api/v1). It uses the same selectors, permissions and audit as the pages.

Authentication is the signed-in session with its second factor; a token scheme for
system-to-system use can be added beside it without changing the endpoints.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI, Schema
from ninja.security import SessionAuth

from sendpath.audit.services import record_child_list, record_child_read
from sendpath.people.selectors import search_children, visible_children
from sendpath.people.views import visible_child_or_404


class VerifiedSession(SessionAuth):
    """A session that has passed both sign-in factors."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user and user.is_verified():
            return user
        return None


api = NinjaAPI(
    title="sendpath API",
    version="1",
    urls_namespace="api",
    auth=VerifiedSession(),
    docs_url="/docs",
)


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


@api.get("/children", response=list[ChildOut], summary="Children you may see")
def list_children(request: HttpRequest, q: str = "", limit: int = 50, offset: int = 0) -> Any:
    """Children the signed-in person may see, optionally matching a name or identifier."""
    limit = max(1, min(limit, 200))
    offset = max(0, min(offset, 1_000_000))
    children = list(search_children(request.user, q)[offset : offset + limit])
    record_child_list(request, [c.pk for c in children], "API children list")
    return children


@api.get("/children/{child_id}", response=ChildOut, summary="One child")
def get_child(request: HttpRequest, child_id: int) -> Any:
    """One child's core record. 404 if you may not see them, as if they did not exist."""
    child = visible_child_or_404(request, child_id, visible_children(request.user).select_related("setting"))
    record_child_read(request, child, "API child record")
    return child
