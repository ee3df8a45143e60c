"""The API against its own OpenAPI document, with Schemathesis: generated requests (bounded)
to every operation, as a school's token and as a council's token, must never fail with a
server error and every response must match what the document says.

Hypothesis draws ids, years, stages, search text and paging, including values no client
should send; the answers must still be one of the documented responses.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings

from sendpath.api.api import api
from sendpath.api.tokens import issue_token
from tests.helpers import world_fixture

pytestmark = pytest.mark.django_db(transaction=False)
world = world_fixture()


@pytest.fixture
def council_token(world: Any) -> str:
    return issue_token(world.a.data_officer, "Schema tests (council)").secret


@pytest.fixture
def school_token(world: Any) -> str:
    return issue_token(world.a.senco_a, "Schema tests (school)").secret


@pytest.fixture
def api_schema(world: Any) -> Iterator[Any]:
    # Schemathesis calls the WSGI application directly. Like Django's test client, keep the
    # database connection open between requests, or PostgreSQL's test transaction is lost.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.from_dict(
            api.get_openapi_schema(path_prefix="/api/v1"),
            app=get_wsgi_application(),
            base_url="http://testserver",
        )
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# django-ninja writes OpenAPI 3.1, which Schemathesis 3 supports behind this switch.
schemathesis.experimental.OPEN_API_3_1.enable()
schema = schemathesis.from_pytest_fixture("api_schema")


BOUNDED = settings(
    max_examples=10,
    # No shrinking: a failure is reported as found, so a bad run cannot stall the suite.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
    ],
)


def call_as(case: Any, token: str) -> None:
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
    response = case.call()
    case.validate_response(response)


@schema.parametrize()
@BOUNDED
def test_every_operation_answers_a_council_token_as_documented(case: Any, council_token: str) -> None:
    call_as(case, council_token)


@schema.parametrize()
@BOUNDED
def test_every_operation_answers_a_school_token_as_documented(case: Any, school_token: str) -> None:
    call_as(case, school_token)


def test_the_document_describes_every_endpoint_and_both_ways_in() -> None:
    document = api.get_openapi_schema(path_prefix="/api/v1")
    paths = set(document["paths"])
    assert {
        "/api/v1/children",
        "/api/v1/children/{child_id}",
        "/api/v1/cases",
        "/api/v1/cases/{case_id}",
        "/api/v1/children/{child_id}/plans",
        "/api/v1/plans/{plan_id}",
        "/api/v1/plans/{plan_id}/reviews",
        "/api/v1/reviews/{review_id}",
        "/api/v1/figures/{year}",
    } <= paths
    schemes = document["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} >= {"http", "apiKey"}
