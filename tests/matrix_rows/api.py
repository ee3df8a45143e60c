"""Matrix rows for the JSON API's casework, plan, review and figures endpoints, and the
page where organisations make API tokens. (The children endpoints' rows are in the main
table.) Callers here use sessions; tokens get the same answers, tested in
sendpath/api/tests/test_tokens.py.

The API answers 401 to anyone not signed in with both factors, 403 to a role that does not
use an endpoint at all (the same for every id, so it reveals nothing), and 404 for a record
the caller may not see, exactly as if it did not exist."""

from __future__ import annotations

from tests.test_permission_matrix import FORBIDDEN, NOT_FOUND, OK, TO_CODE, TO_SIGN_IN

UNAUTHORISED = 401
NOT_ALLOWED = 405
ALL = 5
NF = NOT_FOUND
NONE = (NF,) * ALL
NO = (UNAUTHORISED,) * ALL
LA_STAFF = ("coordinator", "manager", "finance", "data_officer")
NOT_CASEWORK = ("senco_a", "senco_b", "teacher", "ep", "health", "social_care", "councillor", "admin")
FAMILIES = {
    "parent1": (OK, NF, NF, NF, NF),
    "parent2": (NF, OK, NF, NF, NF),
    "young_person": (NF, NF, NF, OK, NF),
}
NOBODY_ELSE = ("social_care", "councillor", "admin")

PATHS = {
    "api/v1/cases": "/api/v1/cases",
    "api/v1/cases/<case_id>": "/api/v1/cases/{case}",
    "api/v1/children/<child_id>/plans": "/api/v1/children/{pk}/plans",
    "api/v1/plans/<plan_id>": "/api/v1/plans/{plan}",
    "api/v1/plans/<plan_id>/reviews": "/api/v1/plans/{plan}/reviews",
    "api/v1/reviews/<review_id>": "/api/v1/reviews/{review}",
    "api/v1/figures/<year>": "/api/v1/figures/2025",
    "api-tokens/": "/api-tokens/",
    "api-tokens/<int:pk>/revoke/": "/api-tokens/0/revoke/",
}

_TOKEN_MAKERS = ("manager", "data_officer", "senco_a", "senco_b")
_EVERYONE = (
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

ROWS = {
    # Cases: the people of the case page (the council's staff and the child's own family).
    "api/v1/cases": {
        **dict.fromkeys(NOT_CASEWORK, FORBIDDEN),
        **dict.fromkeys(LA_STAFF, OK),
        **dict.fromkeys(FAMILIES, OK),
        "anonymous": UNAUTHORISED,
        "unverified": UNAUTHORISED,
    },
    "api/v1/cases/<case_id>": {
        **dict.fromkeys(NOT_CASEWORK, (FORBIDDEN,) * ALL),
        **dict.fromkeys(LA_STAFF, (OK, OK, OK, OK, NF)),
        **FAMILIES,
        "anonymous": NO,
        "unverified": NO,
    },
    # A child's plans: anyone who may see the child gets the list of plans they may read
    # (child3 has none, so an empty list); the list itself is filtered by the plan rule.
    "api/v1/children/<child_id>/plans": {
        **dict.fromkeys(LA_STAFF, (OK, OK, OK, OK, NF)),
        **dict.fromkeys(NOBODY_ELSE, NONE),
        **FAMILIES,
        "senco_a": (OK, NF, OK, NF, NF),
        "senco_b": (OK, OK, NF, OK, NF),
        "teacher": (OK, NF, NF, NF, NF),
        "ep": (OK, NF, NF, NF, NF),
        "health": (NF, OK, NF, NF, NF),
        "anonymous": NO,
        "unverified": NO,
    },
    # One plan: the plan page's readers. School B was consulted about child1 but is not the
    # named setting, so it may not read child1's plan. child3 has no plan.
    "api/v1/plans/<plan_id>": {
        **dict.fromkeys(LA_STAFF, (OK, OK, NF, OK, NF)),
        **dict.fromkeys(NOBODY_ELSE, NONE),
        **FAMILIES,
        "senco_a": (OK, NF, NF, NF, NF),
        "senco_b": (NF, OK, NF, OK, NF),
        "teacher": (OK, NF, NF, NF, NF),
        "ep": (OK, NF, NF, NF, NF),
        "health": (NF, OK, NF, NF, NF),
        "anonymous": NO,
        "unverified": NO,
    },
    # Reviews: the review page's people (council, the SENCO of the child's school, family).
    "api/v1/plans/<plan_id>/reviews": {
        **dict.fromkeys(LA_STAFF, (OK, OK, NF, OK, NF)),
        **dict.fromkeys(("teacher", "ep", "health", *NOBODY_ELSE), NONE),
        **FAMILIES,
        "senco_a": (OK, NF, NF, NF, NF),
        "senco_b": (NF, OK, NF, OK, NF),
        "anonymous": NO,
        "unverified": NO,
    },
    # The young person's plan has no review yet, nor has child3 a plan.
    "api/v1/reviews/<review_id>": {
        **dict.fromkeys(LA_STAFF, (OK, OK, NF, NF, NF)),
        **dict.fromkeys(("teacher", "ep", "health", "young_person", *NOBODY_ELSE), NONE),
        "parent1": (OK, NF, NF, NF, NF),
        "parent2": (NF, OK, NF, NF, NF),
        "senco_a": (OK, NF, NF, NF, NF),
        "senco_b": (NF, OK, NF, NF, NF),
        "anonymous": NO,
        "unverified": NO,
    },
    # The authority's figures, whole: the council's staff.
    "api/v1/figures/<year>": {
        **dict.fromkeys(_EVERYONE, FORBIDDEN),
        **dict.fromkeys(LA_STAFF, OK),
        "anonymous": UNAUTHORISED,
        "unverified": UNAUTHORISED,
    },
    # Making tokens: council managers and data officers, and each school's SENCO.
    "api-tokens/": {
        **dict.fromkeys(_EVERYONE, FORBIDDEN),
        **dict.fromkeys(_TOKEN_MAKERS, OK),
        "anonymous": TO_SIGN_IN,
        "unverified": TO_CODE,
    },
    # Revoking is a POST; a GET by someone allowed is refused as the wrong method.
    "api-tokens/<int:pk>/revoke/": {
        **dict.fromkeys(_EVERYONE, FORBIDDEN),
        **dict.fromkeys(_TOKEN_MAKERS, NOT_ALLOWED),
        "anonymous": TO_SIGN_IN,
        "unverified": TO_CODE,
    },
}
