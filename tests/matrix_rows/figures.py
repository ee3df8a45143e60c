"""Matrix rows for the figures pages: the scrutiny dashboard, its CSVs and the targets."""

from __future__ import annotations

from tests.test_permission_matrix import FORBIDDEN, NOT_FOUND, OK, PRINCIPALS, TO_CODE, TO_SIGN_IN

_STAFF = [p for p in PRINCIPALS if p not in ("anonymous", "unverified")]

PATHS = {
    "figures/scrutiny/": "/figures/scrutiny/",
    "figures/scrutiny/<slug:table>.csv": "/figures/scrutiny/waits.csv",
    # Target 0 does not exist: the row checks the guards; editing is tested in test_views.py.
    "figures/targets/<int:pk>/": "/figures/targets/0/",
    "figures/dfe/": "/figures/dfe/",
    "figures/dfe/<slug:table>.csv": "/figures/dfe/rates.csv",
}

ROWS = {
    # The scrutiny dashboard and its CSVs: SEND team managers and councillors (suppressed).
    "figures/scrutiny/": {
        **dict.fromkeys(_STAFF, FORBIDDEN),
        "anonymous": TO_SIGN_IN,
        "unverified": TO_CODE,
        "manager": OK,
        "councillor": OK,
    },
    "figures/scrutiny/<slug:table>.csv": {
        **dict.fromkeys(_STAFF, FORBIDDEN),
        "anonymous": TO_SIGN_IN,
        "unverified": TO_CODE,
        "manager": OK,
        "councillor": OK,
    },
    # Changing a target: managers only.
    "figures/targets/<int:pk>/": {
        **dict.fromkeys(_STAFF, FORBIDDEN),
        "anonymous": TO_SIGN_IN,
        "unverified": TO_CODE,
        "manager": NOT_FOUND,
    },
    # DfE's figures beside the published ones: managers and data officers (exact) and
    # councillors (suppressed).
    "figures/dfe/": {
        **dict.fromkeys(_STAFF, FORBIDDEN),
        "anonymous": TO_SIGN_IN,
        "unverified": TO_CODE,
        "manager": OK,
        "data_officer": OK,
        "councillor": OK,
    },
    "figures/dfe/<slug:table>.csv": {
        **dict.fromkeys(_STAFF, FORBIDDEN),
        "anonymous": TO_SIGN_IN,
        "unverified": TO_CODE,
        "manager": OK,
        "data_officer": OK,
        "councillor": OK,
    },
}
