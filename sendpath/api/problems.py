"""What the API answers when it cannot answer as asked, documented in the OpenAPI document
so that clients (and the schema tests) know every response they can meet."""

from __future__ import annotations

from typing import Any

from ninja import Schema

MAX_ID = 2**62  # beyond any row id; larger numbers are refused before they reach the database


class Problem(Schema):
    detail: Any  # a sentence, or for malformed parameters the list of what was wrong
    field: str | None = None


# 401: no verified session or live token. 403: the caller's role does not use this
# endpoint. 404: no such record, or one the caller may not see (never told apart).
# 422: a parameter out of range or not understood.
ERRORS: dict[int, type[Problem]] = {401: Problem, 403: Problem, 404: Problem, 422: Problem}
