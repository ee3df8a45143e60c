"""Matrix rows for the assessment casework pages."""

from __future__ import annotations

from tests.test_permission_matrix import FORBIDDEN, NOT_FOUND, OK, TO_CODE, TO_SIGN_IN, Redirect

# Targets, in order: child1, child2, child3, yp (plan already issued), b.child1 (other LA).
ALL = 5
LA_STAFF = (OK, OK, OK, OK, NOT_FOUND)
NOT_THEIR_PAGE = (FORBIDDEN,) * ALL
TO_CASE = Redirect("/cases/{case}/")

PATHS = {
    "cases/": "/cases/",
    "cases/<int:pk>/": "/cases/{case}/",
    "cases/<int:pk>/<slug:action>/": "/cases/{case}/decide-assess/",
}

ROWS = {
    # The caseload: coordinators, managers and data officers.
    "cases/": {
        **dict.fromkeys(
            [
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
                "finance",
            ],
            FORBIDDEN,
        ),
        "anonymous": TO_SIGN_IN,
        "unverified": TO_CODE,
        "coordinator": OK,
        "manager": OK,
        "data_officer": OK,
    },
    # The case page: the council's staff of that area, and the child's own family.
    "cases/<int:pk>/": {
        "anonymous": (TO_SIGN_IN,) * ALL,
        "unverified": (TO_CODE,) * ALL,
        "coordinator": LA_STAFF,
        "manager": LA_STAFF,
        "finance": LA_STAFF,
        "data_officer": LA_STAFF,
        "senco_a": NOT_THEIR_PAGE,
        "senco_b": NOT_THEIR_PAGE,
        "teacher": NOT_THEIR_PAGE,
        "ep": NOT_THEIR_PAGE,
        "health": NOT_THEIR_PAGE,
        "social_care": NOT_THEIR_PAGE,
        "parent1": (OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "parent2": (NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "young_person": (NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND),
        "councillor": NOT_THEIR_PAGE,
        "admin": NOT_THEIR_PAGE,
    },
    # A casework action: coordinators and managers of that area only. The young person's
    # request is closed, so the action sends them back to the case.
    "cases/<int:pk>/<slug:action>/": {
        "anonymous": (TO_SIGN_IN,) * ALL,
        "unverified": (TO_CODE,) * ALL,
        "coordinator": (OK, OK, OK, TO_CASE, NOT_FOUND),
        "manager": (OK, OK, OK, TO_CASE, NOT_FOUND),
        "finance": (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND),
        "data_officer": (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND),
        # Others are refused when they can see the child (403) and not told it exists when
        # they cannot (404).
        "senco_a": (FORBIDDEN, NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND),
        "senco_b": (FORBIDDEN, FORBIDDEN, NOT_FOUND, FORBIDDEN, NOT_FOUND),
        "teacher": (FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "ep": (FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "health": (NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "social_care": (NOT_FOUND,) * ALL,
        "parent1": (FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "parent2": (NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "young_person": (NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN, NOT_FOUND),
        "councillor": (NOT_FOUND,) * ALL,
        "admin": (NOT_FOUND,) * ALL,
    },
}
