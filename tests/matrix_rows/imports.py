"""Matrix rows for the legacy import pages: the data officer's only.

The world has no import run, and the matrix has no placeholder for one, so the run pages
are asked for run 0, which does not exist: the data officer gets 404, every other role 403
before any lookup. A real run, and another authority's run (404), are tested in
sendpath/imports/tests/test_views.py.
"""

from __future__ import annotations

from tests.helpers import USER_NAMES
from tests.test_permission_matrix import FORBIDDEN, NOT_FOUND, OK, TO_CODE, TO_SIGN_IN

SIGN_IN = {"anonymous": TO_SIGN_IN, "unverified": TO_CODE}
OTHERS = dict.fromkeys((n for n in USER_NAMES if n != "data_officer"), FORBIDDEN)

PATHS = {
    "imports/": "/imports/",
    "imports/<int:pk>/": "/imports/0/",
    "imports/<int:pk>/report.csv": "/imports/0/report.csv",
}

ROWS = {
    "imports/": {**SIGN_IN, **OTHERS, "data_officer": OK},
    "imports/<int:pk>/": {**SIGN_IN, **OTHERS, "data_officer": NOT_FOUND},
    "imports/<int:pk>/report.csv": {**SIGN_IN, **OTHERS, "data_officer": NOT_FOUND},
}
