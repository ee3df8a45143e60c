"""Matrix rows for the annual review pages.

The world's reviews: child1's plan has a meeting arranged (open), child2's plan a finished
review; child3 has no plan and the young person's plan no review yet (``{review}`` is 0)."""

from __future__ import annotations

from tests.test_permission_matrix import FORBIDDEN, NOT_FOUND, OK, TO_CODE, TO_SIGN_IN, Redirect

ALL = 5
NF = NOT_FOUND
TO_REVIEW = Redirect("/reviews/{review}/")
NONE = (NF,) * ALL

PATHS = {
    "reviews/due/": "/reviews/due/",
    "reviews/phase-transfers/": "/reviews/phase-transfers/",
    "reviews/convene/<int:pk>/": "/reviews/convene/{pk}/",
    "reviews/ceasing/": "/reviews/ceasing/",
    "reviews/phase-transfers/moves/<int:pk>/": "/reviews/phase-transfers/moves/{plan}/",
    "reviews/ceasing/<int:pk>/": "/reviews/ceasing/{plan}/",
    "reviews/ceasing/<int:pk>/<slug:step>/": "/reviews/ceasing/{plan}/propose/",
    "reviews/<int:pk>/": "/reviews/{review}/",
    "reviews/<int:pk>/<slug:action>/": "/reviews/{review}/meeting/",
}

_OTHERS = [
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

F = FORBIDDEN
# Ceasing a plan: the council's coordinators and managers only. Those who may see the child
# but not cease its plan get 403; child3 has no plan ({plan} is 0).
CEASE = {
    "anonymous": (TO_SIGN_IN,) * ALL,
    "unverified": (TO_CODE,) * ALL,
    "coordinator": (OK, OK, NF, OK, NF),
    "manager": (OK, OK, NF, OK, NF),
    "finance": (F, F, NF, F, NF),
    "data_officer": (F, F, NF, F, NF),
    "senco_a": (F, NF, NF, NF, NF),
    "senco_b": (F, F, NF, F, NF),
    "teacher": (F, NF, NF, NF, NF),
    "ep": (F, NF, NF, NF, NF),
    "health": (NF, F, NF, NF, NF),
    "social_care": NONE,
    "parent1": (F, NF, NF, NF, NF),
    "parent2": (NF, F, NF, NF, NF),
    "young_person": (NF, NF, NF, F, NF),
    "councillor": NONE,
    "admin": NONE,
}

ROWS = {
    "reviews/ceasing/": {
        **dict.fromkeys(_OTHERS, FORBIDDEN),
        "anonymous": TO_SIGN_IN,
        "unverified": TO_CODE,
        "coordinator": OK,
        "manager": OK,
    },
    "reviews/ceasing/<int:pk>/": CEASE,
    # Recording a planned mid-year post-16 move (reg 18(2)): the same people as ceasing.
    "reviews/phase-transfers/moves/<int:pk>/": CEASE,
    "reviews/ceasing/<int:pk>/<slug:step>/": CEASE,
    # Phase transfers (reg 18): the council's coordinators and managers.
    "reviews/phase-transfers/": {
        **dict.fromkeys(_OTHERS, FORBIDDEN),
        "anonymous": TO_SIGN_IN,
        "unverified": TO_CODE,
        "coordinator": OK,
        "manager": OK,
    },
    # Coordinators and managers only.
    "reviews/due/": {
        **dict.fromkeys(_OTHERS, FORBIDDEN),
        "anonymous": TO_SIGN_IN,
        "unverified": TO_CODE,
        "coordinator": OK,
        "manager": OK,
    },
    # Arranging a review: the SENCO of the child's school or the council's coordinators and
    # managers; an open review sends them to it; a child with no plan has nothing to review.
    "reviews/convene/<int:pk>/": {
        "anonymous": (TO_SIGN_IN,) * ALL,
        "unverified": (TO_CODE,) * ALL,
        "coordinator": (TO_REVIEW, OK, NF, OK, NF),
        "manager": (TO_REVIEW, OK, NF, OK, NF),
        "finance": (FORBIDDEN, FORBIDDEN, NF, FORBIDDEN, NF),
        "data_officer": (FORBIDDEN, FORBIDDEN, NF, FORBIDDEN, NF),
        "senco_a": (TO_REVIEW, NF, NF, NF, NF),
        # Consulted about child1, but child1 is not on school B's roll.
        "senco_b": (FORBIDDEN, OK, NF, OK, NF),
        "teacher": (FORBIDDEN, NF, NF, NF, NF),
        "ep": (FORBIDDEN, NF, NF, NF, NF),
        "health": (NF, FORBIDDEN, NF, NF, NF),
        "social_care": NONE,
        "parent1": (FORBIDDEN, NF, NF, NF, NF),
        "parent2": (NF, FORBIDDEN, NF, NF, NF),
        "young_person": (NF, NF, NF, FORBIDDEN, NF),
        "councillor": NONE,
        "admin": NONE,
    },
    # The review: the council's staff, the SENCO of the child's school and the family.
    "reviews/<int:pk>/": {
        "anonymous": (TO_SIGN_IN,) * ALL,
        "unverified": (TO_CODE,) * ALL,
        "coordinator": (OK, OK, NF, NF, NF),
        "manager": (OK, OK, NF, NF, NF),
        "finance": (OK, OK, NF, NF, NF),
        "data_officer": (OK, OK, NF, NF, NF),
        "senco_a": (OK, NF, NF, NF, NF),
        "senco_b": (FORBIDDEN, OK, NF, NF, NF),
        "teacher": (FORBIDDEN, NF, NF, NF, NF),
        "ep": (FORBIDDEN, NF, NF, NF, NF),
        "health": (NF, FORBIDDEN, NF, NF, NF),
        "social_care": NONE,
        "parent1": (OK, NF, NF, NF, NF),
        "parent2": (NF, OK, NF, NF, NF),
        "young_person": NONE,
        "councillor": NONE,
        "admin": NONE,
    },
    # Recording the meeting: whoever may arrange it; a finished review sends them back to it.
    "reviews/<int:pk>/<slug:action>/": {
        "anonymous": (TO_SIGN_IN,) * ALL,
        "unverified": (TO_CODE,) * ALL,
        "coordinator": (OK, TO_REVIEW, NF, NF, NF),
        "manager": (OK, TO_REVIEW, NF, NF, NF),
        "finance": (FORBIDDEN, FORBIDDEN, NF, NF, NF),
        "data_officer": (FORBIDDEN, FORBIDDEN, NF, NF, NF),
        "senco_a": (OK, NF, NF, NF, NF),
        "senco_b": (FORBIDDEN, TO_REVIEW, NF, NF, NF),
        "teacher": (FORBIDDEN, NF, NF, NF, NF),
        "ep": (FORBIDDEN, NF, NF, NF, NF),
        "health": (NF, FORBIDDEN, NF, NF, NF),
        "social_care": NONE,
        "parent1": (FORBIDDEN, NF, NF, NF, NF),
        "parent2": (NF, FORBIDDEN, NF, NF, NF),
        "young_person": NONE,
        "councillor": NONE,
        "admin": NONE,
    },
}
