"""Matrix rows for forecasts, scenarios and sufficiency (none is about one child by id)."""

from __future__ import annotations

from tests.test_permission_matrix import FORBIDDEN, NOT_FOUND, OK, TO_CODE, TO_SIGN_IN

EVERYONE = (
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
)


def only(allowed: dict[str, object]) -> dict[str, object]:
    """Signed-out visitors go to sign in; the listed roles get their outcome; others 403."""
    return {
        "anonymous": TO_SIGN_IN,
        "unverified": TO_CODE,
        **dict.fromkeys(EVERYONE, FORBIDDEN),
        **allowed,
    }


PATHS = {
    "forecast/": "/forecast/",
    "forecast/baseline/": "/forecast/baseline/",
    # The matrix has no placeholder for a forecast or capacity record; 0 does not exist, so
    # these rows check the role guards. Reading real ones is tested in
    # sendpath/forecast/tests/test_views.py.
    "forecast/<int:pk>/": "/forecast/0/",
    "forecast/<int:pk>/scenario/": "/forecast/0/scenario/",
    "forecast/<int:pk>/csv/": "/forecast/0/csv/",
    "sufficiency/": "/sufficiency/",
    "sufficiency/capacity/new/": "/sufficiency/capacity/new/",
    "sufficiency/capacity/<int:pk>/": "/sufficiency/capacity/0/",
    "sufficiency/waiting/": "/sufficiency/waiting/",
}

ROWS = {
    # Finance officers run forecasts; SEND managers read them.
    "forecast/": only({"finance": OK, "manager": OK}),
    "forecast/baseline/": only({"finance": OK}),
    "forecast/<int:pk>/": only({"finance": NOT_FOUND, "manager": NOT_FOUND}),
    "forecast/<int:pk>/scenario/": only({"finance": NOT_FOUND}),
    "forecast/<int:pk>/csv/": only({"finance": NOT_FOUND, "manager": NOT_FOUND}),
    # Capacity and sufficiency: finance officers and SEND managers.
    "sufficiency/": only({"finance": OK, "manager": OK}),
    "sufficiency/capacity/new/": only({"finance": OK, "manager": OK}),
    "sufficiency/capacity/<int:pk>/": only({"finance": NOT_FOUND, "manager": NOT_FOUND}),
    # The list names children: the council's SEND staff only.
    "sufficiency/waiting/": only({"coordinator": OK, "manager": OK, "finance": OK, "data_officer": OK}),
}
