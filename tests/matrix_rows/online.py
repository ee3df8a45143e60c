"""Matrix rows for online requests and the family's pages on their case.

- The family's online request is public: anyone may open it, signed in or not (someone half
  way through signing in is sent to enter their code first, as on every page outside the
  sign-in steps). With nothing answered yet, each later page sends the visitor back to the
  first question, and the confirmation back to the start page.
- A school's request: the SENCO of the child's school only (senco_a for child1 and child3,
  senco_b for child2 and the young person). senco_b can see child1, through a consultation,
  but child1 is not on its roll: 403.
- The family's views and documents: the child's own family only (``{case}``: the child's
  first request).
- A document download is tested with real documents in
  ``sendpath/assessments/tests/test_family.py``; the matrix holds no document, so the path
  asks for id 0, which no document has.
"""

from __future__ import annotations

from tests.helpers import USER_NAMES
from tests.test_permission_matrix import (
    FORBIDDEN,
    NOT_FOUND,
    OK,
    PRINCIPALS,
    TO_CODE,
    TO_SIGN_IN,
    Redirect,
)

# Targets, in order: child1, child2, child3, yp, b.child1 (other LA).
ALL = 5
NONE = (NOT_FOUND,) * ALL
LA_STAFF = (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND)
TO_FIRST_QUESTION = Redirect("/request-an-assessment/who/")

QUESTIONS = ("council", "name", "date-of-birth", "sex", "postcode", "school", "reasons", "contact")


def public(outcome: object) -> dict[str, object]:
    """The same for everyone, but the half-signed-in are sent to enter their code."""
    return {**dict.fromkeys(PRINCIPALS, outcome), "unverified": TO_CODE}


PATHS = {
    "request-an-assessment/": "/request-an-assessment/",
    "request-an-assessment/who/": "/request-an-assessment/who/",
    **{f"request-an-assessment/{q}/": f"/request-an-assessment/{q}/" for q in QUESTIONS},
    "request-an-assessment/check-answers/": "/request-an-assessment/check-answers/",
    "request-an-assessment/confirmation/": "/request-an-assessment/confirmation/",
    "children/<int:pk>/request-assessment/": "/children/{pk}/request-assessment/",
    "cases/<int:pk>/views/": "/cases/{case}/views/",
    "cases/<int:pk>/documents/": "/cases/{case}/documents/",
    "documents/<int:pk>/": "/documents/0/",
}

# Only the child's family: each parent their own child, the young person themselves.
# Everyone else who can see the child is refused (403); who cannot, 404.
FAMILY_ONLY = {
    "anonymous": (TO_SIGN_IN,) * ALL,
    "unverified": (TO_CODE,) * ALL,
    "coordinator": LA_STAFF,
    "manager": LA_STAFF,
    "finance": LA_STAFF,
    "data_officer": LA_STAFF,
    "senco_a": (FORBIDDEN, NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND),
    "senco_b": (FORBIDDEN, FORBIDDEN, NOT_FOUND, FORBIDDEN, NOT_FOUND),
    "teacher": (FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "ep": (FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "health": (NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "social_care": NONE,
    "parent1": (OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "parent2": (NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "young_person": (NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND),
    "councillor": NONE,
    "admin": NONE,
}

ROWS = {
    "request-an-assessment/": public(OK),
    "request-an-assessment/who/": public(OK),
    **{f"request-an-assessment/{q}/": public(TO_FIRST_QUESTION) for q in QUESTIONS},
    "request-an-assessment/check-answers/": public(TO_FIRST_QUESTION),
    "request-an-assessment/confirmation/": public(Redirect("/request-an-assessment/")),
    # A school's request: the SENCO of the school whose roll the child is on.
    "children/<int:pk>/request-assessment/": {
        **FAMILY_ONLY,
        "senco_a": (OK, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND),
        "senco_b": (FORBIDDEN, OK, NOT_FOUND, OK, NOT_FOUND),
        "parent1": (FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "parent2": (NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "young_person": (NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN, NOT_FOUND),
    },
    "cases/<int:pk>/views/": FAMILY_ONLY,
    "cases/<int:pk>/documents/": FAMILY_ONLY,
    # No document has id 0: not found for everyone signed in.
    "documents/<int:pk>/": {
        **dict.fromkeys(USER_NAMES, NOT_FOUND),
        "anonymous": TO_SIGN_IN,
        "unverified": TO_CODE,
    },
}
