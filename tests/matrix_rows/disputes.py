"""Matrix rows for the dispute pages.

The world's disputes: child1 has an appeal registered and undecided, child2 a dispute closed
at mediation, the young person one at mediation; child3 none (``{dispute}`` is 0). Disputes
are for the council's coordinators and managers (finance officers read them, for the costs)
and, read-only, for the child's own family; schools and professionals see none."""

from __future__ import annotations

from tests.test_permission_matrix import FORBIDDEN, NOT_FOUND, OK, TO_CODE, TO_SIGN_IN

ALL = 5
NF = NOT_FOUND
FB = FORBIDDEN
NONE = (NF,) * ALL

PATHS = {
    "disputes/": "/disputes/",
    "disputes/new/": "/disputes/new/",
    "disputes/new/<int:pk>/": "/disputes/new/{pk}/",
    "disputes/review/": "/disputes/review/",
    "disputes/review/<slug:table>.csv": "/disputes/review/decisions.csv",
    "disputes/<int:pk>/": "/disputes/{dispute}/",
    "disputes/<int:pk>/<slug:action>/": "/disputes/{dispute}/causes/",
}

_EVERYONE = [
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


def _only(*allowed: str) -> dict[str, object]:
    row: dict[str, object] = dict.fromkeys(_EVERYONE, FORBIDDEN)
    row.update(dict.fromkeys(allowed, OK))
    row.update({"anonymous": TO_SIGN_IN, "unverified": TO_CODE})
    return row


ROWS = {
    # The list: the council's SEND team and its finance officers.
    "disputes/": _only("coordinator", "manager", "finance"),
    # Finding a child to open a dispute about: coordinators and managers.
    "disputes/new/": _only("coordinator", "manager"),
    # The tribunal outcomes review and its CSV: managers (aggregates, no child named).
    "disputes/review/": _only("manager"),
    "disputes/review/<slug:table>.csv": _only("manager"),
    # Opening a dispute about a child: coordinators and managers; anyone else who may see the
    # child is refused (403), and a child they may not see does not exist for them (404).
    "disputes/new/<int:pk>/": {
        "anonymous": (TO_SIGN_IN,) * ALL,
        "unverified": (TO_CODE,) * ALL,
        "coordinator": (OK, OK, OK, OK, NF),
        "manager": (OK, OK, OK, OK, NF),
        "finance": (FB, FB, FB, FB, NF),
        "data_officer": (FB, FB, FB, FB, NF),
        "senco_a": (FB, NF, FB, NF, NF),
        "senco_b": (FB, FB, NF, FB, NF),
        "teacher": (FB, NF, NF, NF, NF),
        "ep": (FB, NF, NF, NF, NF),
        "health": (NF, FB, NF, NF, NF),
        "social_care": NONE,
        "parent1": (FB, NF, NF, NF, NF),
        "parent2": (NF, FB, NF, NF, NF),
        "young_person": (NF, NF, NF, FB, NF),
        "councillor": NONE,
        "admin": NONE,
    },
    # The dispute: council staff, and the child's own family (read-only). Schools and
    # professionals never learn a dispute exists.
    "disputes/<int:pk>/": {
        "anonymous": (TO_SIGN_IN,) * ALL,
        "unverified": (TO_CODE,) * ALL,
        "coordinator": (OK, OK, NF, OK, NF),
        "manager": (OK, OK, NF, OK, NF),
        "finance": (OK, OK, NF, OK, NF),
        "data_officer": NONE,
        "senco_a": NONE,
        "senco_b": NONE,
        "teacher": NONE,
        "ep": NONE,
        "health": NONE,
        "social_care": NONE,
        "parent1": (OK, NF, NF, NF, NF),
        "parent2": (NF, OK, NF, NF, NF),
        "young_person": (NF, NF, NF, OK, NF),
        "councillor": NONE,
        "admin": NONE,
    },
    # Recording a step (root causes are allowed at any stage): coordinators and managers;
    # finance officers record costs only; the family reads only.
    "disputes/<int:pk>/<slug:action>/": {
        "anonymous": (TO_SIGN_IN,) * ALL,
        "unverified": (TO_CODE,) * ALL,
        "coordinator": (OK, OK, NF, OK, NF),
        "manager": (OK, OK, NF, OK, NF),
        "finance": (FB, FB, NF, FB, NF),
        "data_officer": NONE,
        "senco_a": NONE,
        "senco_b": NONE,
        "teacher": NONE,
        "ep": NONE,
        "health": NONE,
        "social_care": NONE,
        "parent1": (FB, NF, NF, NF, NF),
        "parent2": (NF, FB, NF, NF, NF),
        "young_person": (NF, NF, NF, FB, NF),
        "councillor": NONE,
        "admin": NONE,
    },
}
