"""Matrix rows for the SEN2 return pages: data officers build and download; managers may
read the figures; nobody else. Runs belong to a local authority; run 0 does not exist, so
the run rows check the guards (who reads a real run is tested in sendpath/returns/tests)."""

from __future__ import annotations

from tests.test_permission_matrix import FORBIDDEN, NOT_FOUND, OK, TO_CODE, TO_SIGN_IN

_OTHERS = [
    "coordinator",
    "finance",
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
_GUARDS = {**dict.fromkeys(_OTHERS, FORBIDDEN), "anonymous": TO_SIGN_IN, "unverified": TO_CODE}

PATHS = {
    "returns/sen2/": "/returns/sen2/",
    "returns/sen2/runs/<int:pk>/": "/returns/sen2/runs/0/",
    "returns/sen2/runs/<int:pk>/download/": "/returns/sen2/runs/0/download/",
}

ROWS = {
    "returns/sen2/": {**_GUARDS, "data_officer": OK, "manager": OK},
    "returns/sen2/runs/<int:pk>/": {**_GUARDS, "data_officer": NOT_FOUND, "manager": NOT_FOUND},
    # The file holds every child in the return: data officers only.
    "returns/sen2/runs/<int:pk>/download/": {**_GUARDS, "data_officer": NOT_FOUND, "manager": FORBIDDEN},
}
