"""Matrix rows for the public High Needs Block summary and the value for money page.

The public pages need no sign-in: everyone gets the same answer, except someone half-way
through signing in, whom the second-factor middleware sends to enter their code first. The
world has no ledger, so the index lists nobody and a council's page is "not found"; pages with
figures are tested in ``sendpath/funding/tests/test_public_views.py``.

Value for money is for SEND managers and finance officers of the council; everyone else
signed in is refused (403). With no ledger its CSV has no table to give (404)."""

from __future__ import annotations

from tests.test_permission_matrix import FORBIDDEN, NOT_FOUND, OK, TO_CODE, TO_SIGN_IN

_SIGNED_IN = [
    "coordinator",
    "manager",
    "finance",
    "data_officer",
    "senco_a",
    "senco_b",
    "teacher",
    "ep",
    "health",
    "social_care",
    "parent1",
    "parent2",
    "young_person",
    "councillor",
    "admin",
]


def _public(outcome: int) -> dict:
    return {**dict.fromkeys(["anonymous", *_SIGNED_IN], outcome), "unverified": TO_CODE}


def _managers(outcome: int) -> dict:
    return {
        **dict.fromkeys(_SIGNED_IN, FORBIDDEN),
        "anonymous": TO_SIGN_IN,
        "unverified": TO_CODE,
        "manager": outcome,
        "finance": outcome,
    }


PATHS = {
    "public/high-needs/": "/public/high-needs/",
    "public/high-needs/<slug:la>/<slug:year>/": "/public/high-needs/000/2025-26/",
    "public/high-needs/<slug:la>/<slug:year>/data.json": "/public/high-needs/000/2025-26/data.json",
    "public/high-needs/<slug:la>/<slug:year>/<slug:table>.csv": "/public/high-needs/000/2025-26/categories.csv",
    "funding/value-for-money/": "/funding/value-for-money/",
    "funding/value-for-money/<slug:table>.csv": "/funding/value-for-money/by_provision.csv",
}

ROWS = {
    "public/high-needs/": _public(OK),
    "public/high-needs/<slug:la>/<slug:year>/": _public(NOT_FOUND),
    "public/high-needs/<slug:la>/<slug:year>/data.json": _public(NOT_FOUND),
    "public/high-needs/<slug:la>/<slug:year>/<slug:table>.csv": _public(NOT_FOUND),
    "funding/value-for-money/": _managers(OK),
    "funding/value-for-money/<slug:table>.csv": _managers(NOT_FOUND),
}
