"""Matrix rows for the finance officer's High Needs pages and a child's costs.

LA money pages: finance officers and SEND managers look, finance officers change; every
other role gets 403. A child's costs: finance and managers of the child's authority; anyone
else who may see the child gets 403 (costs are not theirs to see), everyone else 404.
Placement, scheme and rate ids have no placeholder in the matrix: id 0 checks the guards
only; real records are walked in sendpath/funding/tests/test_views.py."""

from __future__ import annotations

from tests.helpers import USER_NAMES
from tests.test_permission_matrix import FORBIDDEN, NOT_ALLOWED, NOT_FOUND, OK, TO_CODE, TO_SIGN_IN

F, NF = FORBIDDEN, NOT_FOUND
ALL = 5
GUARDS = {"anonymous": TO_SIGN_IN, "unverified": TO_CODE}

PATHS = {
    "finance/": "/finance/",
    "finance/budget/<int:year>/": "/finance/budget/2025/",
    "finance/recompute/": "/finance/recompute/",
    "finance/bands/": "/finance/bands/",
    "finance/bands/<int:pk>/add/": "/finance/bands/0/add/",
    "finance/bands/rates/<int:pk>/": "/finance/bands/rates/0/",
    "finance/ledger/": "/finance/ledger/",
    "finance/ledger/add/": "/finance/ledger/add/",
    "finance/placements/<int:pk>/": "/finance/placements/0/",
    "children/<int:pk>/costs/": "/children/{pk}/costs/",
}

VIEW = {**GUARDS, **dict.fromkeys(USER_NAMES, F), "finance": OK, "manager": OK}
EDIT = {**GUARDS, **dict.fromkeys(USER_NAMES, F), "finance": OK}
EDIT_MISSING = {**GUARDS, **dict.fromkeys(USER_NAMES, F), "finance": NF}

ROWS = {
    "finance/": VIEW,
    "finance/budget/<int:year>/": EDIT,
    # Recomputing is a POST for finance officers: their GET is refused as the wrong method.
    "finance/recompute/": {**GUARDS, **dict.fromkeys(USER_NAMES, F), "finance": NOT_ALLOWED},
    "finance/bands/": VIEW,
    "finance/bands/<int:pk>/add/": EDIT_MISSING,
    "finance/bands/rates/<int:pk>/": EDIT_MISSING,
    "finance/ledger/": VIEW,
    "finance/ledger/add/": EDIT,
    "finance/placements/<int:pk>/": {**GUARDS, **dict.fromkeys(USER_NAMES, NF)},
    "children/<int:pk>/costs/": {
        "anonymous": (TO_SIGN_IN,) * ALL,
        "unverified": (TO_CODE,) * ALL,
        "coordinator": (F, F, F, F, NF),
        "manager": (OK, OK, OK, OK, NF),
        "finance": (OK, OK, OK, OK, NF),
        "data_officer": (F, F, F, F, NF),
        "senco_a": (F, NF, F, NF, NF),
        "senco_b": (F, F, NF, F, NF),
        "teacher": (F, NF, NF, NF, NF),
        "ep": (F, NF, NF, NF, NF),
        "health": (NF, F, NF, NF, NF),
        "social_care": (NF,) * ALL,
        "parent1": (F, NF, NF, NF, NF),
        "parent2": (NF, F, NF, NF, NF),
        "young_person": (NF, NF, NF, F, NF),
        "councillor": (NF,) * ALL,
        "admin": (NF,) * ALL,
    },
}
