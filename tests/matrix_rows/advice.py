"""Matrix rows for the pages where the council's partners answer it: a professional's
advice (``{advice}``: the first advice asked on the target child's first request) and a
school's answer to a consultation (``{consultation}``: the child's first consultation).

In the world: child1 has psychological advice asked of the EP by name and a consultation
sent to school B; child2 has medical advice asked of the health service, not yet assigned;
child3 and the young person have neither, so their paths use id 0 and are 404 for everyone
signed in. b.child1 is the same as child1 in the other authority.
"""

from __future__ import annotations

from tests.test_permission_matrix import FORBIDDEN, NOT_FOUND, OK, TO_CODE, TO_SIGN_IN

# Targets, in order: child1, child2, child3, yp, b.child1 (other LA).
ALL = 5
NONE = (NOT_FOUND,) * ALL
SEES_CHILD1 = (FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)
SEES_CHILD2 = (NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND)
SEES_BOTH = (FORBIDDEN, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND)

PATHS = {
    "advice/<int:pk>/": "/advice/{advice}/",
    "consultations/<int:pk>/": "/consultations/{consultation}/",
}

ROWS = {
    # The advice form: the professional asked, or anyone in the service while the request
    # is unassigned. Everyone else who can see the child is refused (403), including the
    # council's staff, who read advice on the case page; who cannot see the child, 404.
    "advice/<int:pk>/": {
        "anonymous": (TO_SIGN_IN,) * ALL,
        "unverified": (TO_CODE,) * ALL,
        "coordinator": SEES_BOTH,
        "manager": SEES_BOTH,
        "finance": SEES_BOTH,
        "data_officer": SEES_BOTH,
        "senco_a": SEES_CHILD1,
        "senco_b": SEES_BOTH,
        "teacher": SEES_CHILD1,
        "ep": (OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "health": (NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "social_care": NONE,
        "parent1": SEES_CHILD1,
        "parent2": SEES_CHILD2,
        "young_person": NONE,
        "councillor": NONE,
        "admin": NONE,
    },
    # The consultation answer: the SENCO of the school consulted (school B, about child1,
    # who is on school A's roll). School A's SENCO sees child1 but was not consulted.
    "consultations/<int:pk>/": {
        "anonymous": (TO_SIGN_IN,) * ALL,
        "unverified": (TO_CODE,) * ALL,
        "coordinator": SEES_CHILD1,
        "manager": SEES_CHILD1,
        "finance": SEES_CHILD1,
        "data_officer": SEES_CHILD1,
        "senco_a": SEES_CHILD1,
        "senco_b": (OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "teacher": SEES_CHILD1,
        "ep": SEES_CHILD1,
        "health": NONE,
        "social_care": NONE,
        "parent1": SEES_CHILD1,
        "parent2": NONE,
        "young_person": NONE,
        "councillor": NONE,
        "admin": NONE,
    },
}
