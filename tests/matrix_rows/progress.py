"""Matrix rows for the progress pages (targets, ratings and summaries)."""

from __future__ import annotations

from tests.test_permission_matrix import FORBIDDEN, NOT_FOUND, OK, TO_CODE, TO_SIGN_IN

# Targets, in order: child1 (school A, taught by the teacher, school B consulted), child2
# (school B), child3 (school A, no plan), yp (school B), b.child1 (other LA).
ALL = 5
NONE = (NOT_FOUND,) * ALL
SIGN_IN = {"anonymous": (TO_SIGN_IN,) * ALL, "unverified": (TO_CODE,) * ALL}
# Those who may see the child but not use a progress page get 403; others 404.
SEEN_NOT_USED = {
    "finance": (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND),
    "data_officer": (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND),
    "ep": (FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "health": (NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "social_care": NONE,
    "parent1": (FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "parent2": (NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    "young_person": (NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN, NOT_FOUND),
    "councillor": NONE,
    "admin": NONE,
}

PATHS = {
    "progress/pupils/<int:pk>/": "/progress/pupils/{pk}/",
    "progress/pupils/<int:pk>/targets/": "/progress/pupils/{pk}/targets/",
    # Target 0 does not exist: this row checks who gets past the guards (the pupil's SENCO
    # then gets 404 for the missing target). Retiring real targets is tested in
    # sendpath/progress/tests/test_progress.py.
    "progress/pupils/<int:pk>/targets/<int:target>/retire/": "/progress/pupils/{pk}/targets/0/retire/",
    # The matrix has no placeholder for a plan's id; plan 0 does not exist, so this row
    # checks the guards only. Who reads a real plan's summary is tested in
    # sendpath/progress/tests/test_progress.py.
    "progress/plans/<int:pk>/": "/progress/plans/0/",
}

ROWS = {
    # A pupil's targets and progress: their assigned teacher, the SENCO of the school whose
    # roll they are on (school B's SENCO was only consulted about child1: 403), and the
    # council's coordinators and managers.
    "progress/pupils/<int:pk>/": {
        **SIGN_IN,
        **SEEN_NOT_USED,
        "coordinator": (OK, OK, OK, OK, NOT_FOUND),
        "manager": (OK, OK, OK, OK, NOT_FOUND),
        "senco_a": (OK, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND),
        "senco_b": (FORBIDDEN, OK, NOT_FOUND, OK, NOT_FOUND),
        "teacher": (OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    # Setting targets: the SENCO of the pupil's school only.
    "progress/pupils/<int:pk>/targets/": {
        **SIGN_IN,
        **SEEN_NOT_USED,
        "coordinator": (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND),
        "manager": (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND),
        "senco_a": (OK, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND),
        "senco_b": (FORBIDDEN, OK, NOT_FOUND, OK, NOT_FOUND),
        "teacher": (FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    # Retiring a target: the SENCO of the pupil's school only.
    "progress/pupils/<int:pk>/targets/<int:target>/retire/": {
        **SIGN_IN,
        **SEEN_NOT_USED,
        "coordinator": (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND),
        "manager": (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND),
        "senco_a": (NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "senco_b": (FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "teacher": (FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    "progress/plans/<int:pk>/": {
        "anonymous": TO_SIGN_IN,
        "unverified": TO_CODE,
        **dict.fromkeys(
            [
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
            ],
            NOT_FOUND,
        ),
    },
}
