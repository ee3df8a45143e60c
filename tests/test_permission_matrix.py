"""Role-by-URL permission matrix: every URL in the project, asked for by every kind of user.

``EXPECTED`` below is the single table of who may open what. It is keyed by the route of
every URL pattern the resolver knows (walked recursively), and ``test_every_url_has_expectations``
fails as soon as a URL is added without a row here: nobody can add a page without saying
who may see it.

The principals are everyone in local authority ``a`` of ``tests.helpers.make_world`` (one
account of every role), plus an anonymous visitor and ``unverified``: a's coordinator signed
in with a password but not yet with the second factor.

For URLs about one child the expectation is a tuple, one outcome per target in ``TARGETS``:
a's child1, child2, child3 and young person, and child1 of local authority ``b``, the most
connected child there (taught, consulted on, advised on, with a family), so every role is
also tried across the boundary between two authorities.

Outcomes: a status code, or ``Redirect(path)`` for a 302 to that path (query ignored).
Refusals are 404 where the person may not know the child exists, 403 where they may see
the child but not use this page, and a redirect to sign in for anonymous visitors.

URLs left out of the matrix, on purpose (``EXCLUDED``):
- ``admin/...`` below the admin index: Django's own admin pages, guarded as a whole by
  ``OTPAdminSite.has_permission`` (staff + second factor). ``admin/`` itself and the
  project's ``admin/login/`` redirect are in the matrix.
- ``api/v1/docs`` and ``api/v1/openapi.json``: django-ninja's generated documentation.
- Static files are served by WhiteNoise before URL resolution, so they are not URL
  patterns at all; any ``static/`` pattern that appears (``django.conf.urls.static``) is
  excluded too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from sendpath.accounts.roles import Role
from sendpath.assessments.models import AdviceRequest
from tests.helpers import (
    USER_NAMES,
    new_client,
    sign_in,
    sign_in_password_only,
    world_fixture,
)

pytestmark = pytest.mark.django_db

world = world_fixture()


@dataclass(frozen=True)
class Redirect:
    """A 302 to this path (the query string, such as ``?next=``, is not compared)."""

    to: str


OK, UNAUTHORISED, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, 401, 403, 404, 405
TO_SIGN_IN = Redirect("/sign-in/")
TO_CODE = Redirect("/sign-in/code/")
TO_HOME = Redirect("/")
TO_ADMIN_LOGIN = Redirect("/admin/login/")

Outcome = int | Redirect

PRINCIPALS = ("anonymous", "unverified", *USER_NAMES)
TARGETS = ("child1", "child2", "child3", "yp", "b.child1")


def _excluded(route: str) -> bool:
    """See the module docstring for why each of these is left out."""
    if route.startswith("admin/") and route not in {"admin/", "admin/login/"}:
        return True
    if route.startswith("static/"):
        return True
    return route in {"api/v1/docs", "api/v1/openapi.json"}


#: How to reach each route: a path, with ``{pk}`` standing for the target child's id.
PATHS: dict[str, str] = {
    "": "/",
    "accessibility/": "/accessibility/",
    "cookies/": "/cookies/",
    "privacy/": "/privacy/",
    "healthz/": "/healthz/",
    "sign-in/": "/sign-in/",
    "sign-in/code/": "/sign-in/code/",
    "sign-in/authenticator/": "/sign-in/authenticator/",
    "sign-out/": "/sign-out/",
    "sign-in/signed-out/": "/sign-in/signed-out/",
    "children/": "/children/",
    "children/<int:pk>/": "/children/{pk}/",
    "children/<int:pk>/edit/": "/children/{pk}/edit/",
    "children/<int:pk>/audit/": "/children/{pk}/audit/",
    "api/v1/": "/api/v1/",
    "api/v1/children": "/api/v1/children",
    "api/v1/children/<child_id>": "/api/v1/children/{pk}",
    "admin/": "/admin/",
    "admin/login/": "/admin/login/",
}

# Public pages: the same for everyone.
PUBLIC = dict.fromkeys(PRINCIPALS, OK)

EXPECTED: dict[str, dict[str, Outcome | tuple[Outcome, ...]]] = {
    # Home: everyone signed in gets their own dashboard.
    "": {
        "anonymous": TO_SIGN_IN,
        "unverified": TO_CODE,
        "coordinator": OK,
        "manager": OK,
        "finance": OK,
        "data_officer": OK,
        "senco_a": OK,
        "senco_b": OK,
        "teacher": OK,
        "ep": OK,
        "health": OK,
        "social_care": OK,
        "parent1": OK,
        "parent2": OK,
        "young_person": OK,
        "councillor": OK,
        "admin": OK,
    },
    "accessibility/": PUBLIC,
    "cookies/": PUBLIC,
    # The privacy notice is public, but not in the second-factor middleware's open list,
    # so someone half-way through signing in is sent to enter their code first.
    "privacy/": PUBLIC,
    "healthz/": PUBLIC,
    "sign-in/signed-out/": PUBLIC,
    # Signed in already: straight on to the home page.
    "sign-in/": {
        **dict.fromkeys(USER_NAMES, TO_HOME),
        "anonymous": OK,
        "unverified": OK,
    },
    "sign-in/code/": {
        **dict.fromkeys(USER_NAMES, TO_HOME),
        "anonymous": TO_SIGN_IN,
        "unverified": OK,
    },
    # Staff who already have an authenticator go to the code page; families and
    # professionals, who get codes by email, are sent back to sign in.
    "sign-in/authenticator/": {
        "anonymous": TO_SIGN_IN,
        "unverified": TO_CODE,
        "coordinator": TO_CODE,
        "manager": TO_CODE,
        "finance": TO_CODE,
        "data_officer": TO_CODE,
        "senco_a": TO_CODE,
        "senco_b": TO_CODE,
        "teacher": TO_CODE,
        "ep": TO_SIGN_IN,
        "health": TO_SIGN_IN,
        "social_care": TO_SIGN_IN,
        "parent1": TO_SIGN_IN,
        "parent2": TO_SIGN_IN,
        "young_person": TO_SIGN_IN,
        "councillor": TO_CODE,
        "admin": TO_CODE,
    },
    # Sign-out takes POST only (see test_sign_in.py for the POST).
    "sign-out/": dict.fromkeys(PRINCIPALS, NOT_ALLOWED),
    # Finding a child: the council's SEND team, SENCOs and professionals.
    "children/": {
        "anonymous": TO_SIGN_IN,
        "unverified": TO_CODE,
        "coordinator": OK,
        "manager": OK,
        "finance": OK,
        "data_officer": OK,
        "senco_a": OK,
        "senco_b": OK,
        "teacher": FORBIDDEN,
        "ep": OK,
        "health": OK,
        "social_care": OK,
        "parent1": FORBIDDEN,
        "parent2": FORBIDDEN,
        "young_person": FORBIDDEN,
        "councillor": FORBIDDEN,
        "admin": FORBIDDEN,
    },
    # A child's record. Targets:  child1     child2     child3     yp         b.child1
    "children/<int:pk>/": {
        "anonymous": (TO_SIGN_IN, TO_SIGN_IN, TO_SIGN_IN, TO_SIGN_IN, TO_SIGN_IN),
        "unverified": (TO_CODE, TO_CODE, TO_CODE, TO_CODE, TO_CODE),
        "coordinator": (OK, OK, OK, OK, NOT_FOUND),
        "manager": (OK, OK, OK, OK, NOT_FOUND),
        "finance": (OK, OK, OK, OK, NOT_FOUND),
        "data_officer": (OK, OK, OK, OK, NOT_FOUND),
        # School A's roll: child1 and child3. School B's roll: child2 and yp, and child1
        # because the LA consulted school B about it.
        "senco_a": (OK, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND),
        "senco_b": (OK, OK, NOT_FOUND, OK, NOT_FOUND),
        # Assigned to child1 only; child3 is on the same roll but not theirs.
        "teacher": (OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        # Advice asked of the EP by name for child1; of the health service (unassigned)
        # for child2; nothing asked of social care.
        "ep": (OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "health": (NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "social_care": (NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "parent1": (OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "parent2": (NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "young_person": (NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND),
        "councillor": (NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "admin": (NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    # Correcting a child's details: coordinators, managers and data officers of the child's
    # LA. Anyone else who can see the child gets 403; who cannot, 404.
    "children/<int:pk>/edit/": {
        "anonymous": (TO_SIGN_IN, TO_SIGN_IN, TO_SIGN_IN, TO_SIGN_IN, TO_SIGN_IN),
        "unverified": (TO_CODE, TO_CODE, TO_CODE, TO_CODE, TO_CODE),
        "coordinator": (OK, OK, OK, OK, NOT_FOUND),
        "manager": (OK, OK, OK, OK, NOT_FOUND),
        "finance": (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND),
        "data_officer": (OK, OK, OK, OK, NOT_FOUND),
        "senco_a": (FORBIDDEN, NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND),
        "senco_b": (FORBIDDEN, FORBIDDEN, NOT_FOUND, FORBIDDEN, NOT_FOUND),
        "teacher": (FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "ep": (FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "health": (NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "social_care": (NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "parent1": (FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "parent2": (NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "young_person": (NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN, NOT_FOUND),
        "councillor": (NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "admin": (NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    # Who opened the record: SEND team managers of the child's LA only.
    "children/<int:pk>/audit/": {
        "anonymous": (TO_SIGN_IN, TO_SIGN_IN, TO_SIGN_IN, TO_SIGN_IN, TO_SIGN_IN),
        "unverified": (TO_CODE, TO_CODE, TO_CODE, TO_CODE, TO_CODE),
        "coordinator": (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND),
        "manager": (OK, OK, OK, OK, NOT_FOUND),
        "finance": (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND),
        "data_officer": (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, NOT_FOUND),
        "senco_a": (FORBIDDEN, NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND),
        "senco_b": (FORBIDDEN, FORBIDDEN, NOT_FOUND, FORBIDDEN, NOT_FOUND),
        "teacher": (FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "ep": (FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "health": (NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "social_care": (NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "parent1": (FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "parent2": (NOT_FOUND, FORBIDDEN, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "young_person": (NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN, NOT_FOUND),
        "councillor": (NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "admin": (NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    # django-ninja's root view only exists to name the API's prefix: 404 for everyone.
    "api/v1/": {**dict.fromkeys(PRINCIPALS, NOT_FOUND), "unverified": UNAUTHORISED},
    # Everyone signed in may ask for the list; what it holds is tested below.
    "api/v1/children": {
        **dict.fromkeys(USER_NAMES, OK),
        "anonymous": UNAUTHORISED,
        "unverified": UNAUTHORISED,
    },
    # One child through the API: the same people as the record page.
    "api/v1/children/<child_id>": {
        "anonymous": (UNAUTHORISED,) * 5,
        "unverified": (UNAUTHORISED,) * 5,
        "coordinator": (OK, OK, OK, OK, NOT_FOUND),
        "manager": (OK, OK, OK, OK, NOT_FOUND),
        "finance": (OK, OK, OK, OK, NOT_FOUND),
        "data_officer": (OK, OK, OK, OK, NOT_FOUND),
        "senco_a": (OK, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND),
        "senco_b": (OK, OK, NOT_FOUND, OK, NOT_FOUND),
        "teacher": (OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "ep": (OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "health": (NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "social_care": (NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "parent1": (OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "parent2": (NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "young_person": (NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND),
        "councillor": (NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
        "admin": (NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    },
    # The Django admin: system administrators only, after the second factor. Everyone else
    # is sent to the admin's login, which refuses anyone already signed in (403) and sends
    # everyone else to sign-in, so there is no redirect loop.
    "admin/": {
        **dict.fromkeys(USER_NAMES, TO_ADMIN_LOGIN),
        "anonymous": TO_ADMIN_LOGIN,
        "unverified": TO_CODE,
        "admin": OK,
    },
    "admin/login/": {
        **dict.fromkeys(USER_NAMES, FORBIDDEN),
        "anonymous": TO_SIGN_IN,
        "unverified": TO_CODE,
    },
}


# Rows for each area's pages live beside this file in tests/matrix_rows/<area>.py, each with
# its own PATHS and ROWS, so that work on different areas does not collide in one table.
def _load_area_rows() -> None:
    import importlib
    import pkgutil

    import tests.matrix_rows as package

    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"tests.matrix_rows.{info.name}")
        PATHS.update(module.PATHS)
        EXPECTED.update(module.ROWS)


_load_area_rows()


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def project_routes() -> set[str]:
    """Every route the resolver knows, less the documented exclusions."""
    return {r for r in _walk(get_resolver().url_patterns) if not _excluded(r)}


PLACEHOLDERS = ("pk", "case", "advice", "consultation", "review", "plan", "dispute")


def _is_child_route(route: str) -> bool:
    return any(f"{{{name}}}" in PATHS[route] for name in PLACEHOLDERS)


def _fill(template: str, child: Any) -> str:
    """A path or redirect target for one target child: ``{pk}`` is the child, ``{case}``
    the child's first request for assessment, ``{advice}`` the first advice asked for on
    that request, ``{consultation}`` the child's first consultation and ``{plan}`` the child's
    first plan and ``{dispute}`` the child's first dispute (0, which no record has, when the
    child has none)."""
    if child is None:
        return template
    case = child.requests.order_by("pk").values_list("pk", flat=True).first()
    advice = consultation = 0
    if "{advice}" in template and case is not None:
        advice = (
            AdviceRequest.objects.filter(request_id=case).order_by("pk").values_list("pk", flat=True).first()
            or 0
        )
    if "{consultation}" in template:
        consultation = child.consultations.order_by("pk").values_list("pk", flat=True).first() or 0
    review = 0
    if "{review}" in template:
        from sendpath.reviews.models import AnnualReview

        plan = child.plans.order_by("pk").values_list("pk", flat=True).first()
        review = (
            AnnualReview.objects.filter(plan_id=plan).order_by("pk").values_list("pk", flat=True).first() or 0
        )
    plan_pk = (
        child.plans.order_by("pk").values_list("pk", flat=True).first() or 0 if "{plan}" in template else 0
    )
    dispute = 0
    if "{dispute}" in template:
        dispute = child.disputes.order_by("pk").values_list("pk", flat=True).first() or 0
    return template.format(
        pk=child.pk,
        case=case,
        advice=advice,
        consultation=consultation,
        review=review,
        plan=plan_pk,
        dispute=dispute,
    )


def _target(world: SimpleNamespace, name: str) -> Any:
    area, _, child = name.rpartition(".")
    return getattr(getattr(world, area or "a"), child)


def _client_for(world: SimpleNamespace, principal: str) -> Client:
    client = new_client()
    if principal == "anonymous":
        return client
    if principal == "unverified":
        return sign_in_password_only(client, world.a.coordinator)
    return sign_in(client, getattr(world.a, principal))


def _mismatch(response: HttpResponse, expected: Outcome) -> str | None:
    """Why the response is not the expected outcome, or None if it is."""
    if isinstance(expected, Redirect):
        location = urlsplit(response.get("Location", "")).path
        if response.status_code != 302 or location != expected.to:
            return f"expected 302 to {expected.to}, got {response.status_code} {location}"
        return None
    if response.status_code != expected:
        return f"expected {expected}, got {response.status_code}"
    return None


# --- the table is complete ------------------------------------------------------------


def test_every_url_has_expectations() -> None:
    routes = project_routes()
    missing = routes - set(EXPECTED)
    assert not missing, f"URLs with no row in EXPECTED (say who may open them): {sorted(missing)}"
    stale = set(EXPECTED) - routes
    assert not stale, f"Rows in EXPECTED for URLs that no longer exist: {sorted(stale)}"
    assert set(PATHS) == set(EXPECTED)


def test_the_resolver_walk_finds_the_known_pages() -> None:
    """Guard the walk itself: it must see the pages inside included URLconfs."""
    routes = project_routes()
    assert {"children/<int:pk>/", "api/v1/children/<child_id>", "sign-in/code/", ""} <= routes
    assert "api/v1/docs" not in routes
    assert "admin/auth/user/" not in routes


@pytest.mark.parametrize("route", sorted(EXPECTED))
def test_each_row_covers_every_principal_and_reaches_its_route(route: str) -> None:
    row = EXPECTED[route]
    assert set(row) == set(PRINCIPALS), route
    for outcome in row.values():
        if _is_child_route(route):
            assert isinstance(outcome, tuple) and len(outcome) == len(TARGETS), route
        else:
            assert not isinstance(outcome, tuple), route
    assert resolve(PATHS[route].format(**dict.fromkeys(PLACEHOLDERS, 12345))).route == route


def test_the_principals_hold_every_role(world: SimpleNamespace) -> None:
    roles = {getattr(world.a, name).role for name in USER_NAMES}
    assert roles == set(Role.values)


# --- the matrix ---------------------------------------------------------------------


@pytest.mark.parametrize("route", sorted(EXPECTED))
def test_permission_matrix(route: str, world: SimpleNamespace) -> None:
    problems: list[str] = []
    for principal in PRINCIPALS:
        client = _client_for(world, principal)
        expected = EXPECTED[route][principal]
        if isinstance(expected, tuple):
            cases = [(_target(world, t), outcome) for t, outcome in zip(TARGETS, expected, strict=True)]
        else:
            cases = [(None, expected)]
        for child, outcome in cases:
            path = _fill(PATHS[route], child)
            response = client.get(path)
            if isinstance(outcome, Redirect):
                outcome = Redirect(_fill(outcome.to, child))
            problem = _mismatch(response, outcome)
            shows_name = child is not None and child.full_name in response.content.decode()
            if response.status_code in (403, 404) and shows_name:
                # A refusal must not leak the record: not even the child's name.
                problem = f"refused with {response.status_code} but shows the child's name"
            if child is not None and outcome == OK and "/api/" not in path and not shows_name:
                problem = "200 but the page does not show the child's name"
            if problem:
                problems.append(f"{principal} GET {path}: {problem}")
    assert not problems, "\n".join(problems)


# --- the negative cases, one by one ---------------------------------------------------


def _get(world: SimpleNamespace, user: Any, path: str) -> HttpResponse:
    return sign_in(new_client(), user).get(path)


def test_a_family_cannot_open_another_familys_child(world: SimpleNamespace) -> None:
    a = world.a
    assert _get(world, a.parent1, f"/children/{a.child2.pk}/").status_code == 404
    assert _get(world, a.parent2, f"/children/{a.child1.pk}/").status_code == 404
    assert _get(world, a.parent1, f"/children/{a.child1.pk}/").status_code == 200


def test_a_senco_cannot_open_a_child_at_another_school_never_consulted(world: SimpleNamespace) -> None:
    a = world.a
    # child2 is on school B's roll and school A was never consulted about it.
    assert _get(world, a.senco_a, f"/children/{a.child2.pk}/").status_code == 404
    assert _get(world, a.senco_a, f"/api/v1/children/{a.child2.pk}").status_code == 404


def test_a_senco_can_open_a_child_their_school_was_consulted_about(world: SimpleNamespace) -> None:
    a = world.a
    assert a.child1.setting_id == a.school_a.pk
    assert a.consultation.setting_id == a.school_b.pk
    response = _get(world, a.senco_b, f"/children/{a.child1.pk}/")
    assert response.status_code == 200
    assert a.child1.full_name in response.content.decode()


def test_a_teacher_cannot_open_a_pupil_at_their_school_not_assigned_to_them(
    world: SimpleNamespace,
) -> None:
    a = world.a
    assert a.child3.setting_id == a.teacher.setting_id
    assert _get(world, a.teacher, f"/children/{a.child3.pk}/").status_code == 404
    assert _get(world, a.teacher, f"/children/{a.child1.pk}/").status_code == 200


def test_a_professional_cannot_open_a_child_never_referred_to_them(world: SimpleNamespace) -> None:
    a = world.a
    assert _get(world, a.ep, f"/children/{a.child2.pk}/").status_code == 404
    assert _get(world, a.social_care, f"/children/{a.child1.pk}/").status_code == 404
    assert _get(world, a.health, f"/children/{a.child1.pk}/").status_code == 404


def test_la_staff_cannot_open_a_child_of_another_authority(world: SimpleNamespace) -> None:
    for user in (world.a.coordinator, world.a.manager, world.a.data_officer, world.a.finance):
        for child in (world.b.child1, world.b.child2, world.b.yp):
            assert _get(world, user, f"/children/{child.pk}/").status_code == 404
            assert _get(world, user, f"/children/{child.pk}/edit/").status_code == 404
    assert _get(world, world.b.manager, f"/children/{world.a.child1.pk}/audit/").status_code == 404


def test_councillors_and_administrators_open_no_child_record(world: SimpleNamespace) -> None:
    for user in (world.a.councillor, world.a.admin):
        for child in (world.a.child1, world.a.child2, world.a.child3, world.a.yp):
            for path in (f"/children/{child.pk}/", f"/api/v1/children/{child.pk}"):
                assert _get(world, user, path).status_code in (403, 404)


def test_only_managers_see_a_childs_audit_trail(world: SimpleNamespace) -> None:
    a = world.a
    path = f"/children/{a.child1.pk}/audit/"
    assert _get(world, a.manager, path).status_code == 200
    for user in (a.coordinator, a.finance, a.data_officer):
        assert _get(world, user, path).status_code == 403


def test_only_coordinators_managers_and_data_officers_reach_the_edit_page(
    world: SimpleNamespace,
) -> None:
    a = world.a
    path = f"/children/{a.child1.pk}/edit/"
    for user in (a.coordinator, a.manager, a.data_officer):
        assert _get(world, user, path).status_code == 200
    for user in (a.finance, a.senco_a, a.senco_b, a.teacher, a.ep, a.parent1):
        assert _get(world, user, path).status_code == 403


@pytest.mark.parametrize("name", USER_NAMES)
def test_home_works_for_every_role_in_both_authorities(name: str, world: SimpleNamespace) -> None:
    for area in (world.a, world.b):
        assert _get(world, getattr(area, name), "/").status_code == 200


@pytest.mark.parametrize("name", USER_NAMES)
def test_without_the_second_factor_every_role_is_sent_to_enter_a_code(
    name: str, world: SimpleNamespace
) -> None:
    client = sign_in_password_only(new_client(), getattr(world.a, name))
    for path in ("/", f"/children/{world.a.child1.pk}/", "/children/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/sign-in/code/", path
    assert client.get("/api/v1/children").status_code == 401


# --- the JSON API -------------------------------------------------------------------

#: Exactly which children each person sees, by name in their own area.
VISIBLE: dict[str, set[str]] = {
    "coordinator": {"child1", "child2", "child3", "yp"},
    "manager": {"child1", "child2", "child3", "yp"},
    "finance": {"child1", "child2", "child3", "yp"},
    "data_officer": {"child1", "child2", "child3", "yp"},
    "senco_a": {"child1", "child3"},
    "senco_b": {"child1", "child2", "yp"},
    "teacher": {"child1"},
    "ep": {"child1"},
    "health": {"child2"},
    "social_care": set(),
    "parent1": {"child1"},
    "parent2": {"child2"},
    "young_person": {"yp"},
    "councillor": set(),
    "admin": set(),
}


def test_visible_table_covers_every_user() -> None:
    assert set(VISIBLE) == set(USER_NAMES)


@pytest.mark.parametrize("name", USER_NAMES)
def test_api_list_holds_exactly_the_visible_children(name: str, world: SimpleNamespace) -> None:
    for area in (world.a, world.b):
        response = sign_in(new_client(), getattr(area, name)).get("/api/v1/children")
        assert response.status_code == 200
        got = {row["id"] for row in response.json()}
        assert got == {getattr(area, child).pk for child in VISIBLE[name]}, (area.code, name)


def test_api_list_search_stays_within_what_the_user_may_see(world: SimpleNamespace) -> None:
    # The same first name exists in both authorities; each coordinator finds their own.
    a, b = world.a, world.b
    assert a.child1.first_name == b.child1.first_name
    got = sign_in(new_client(), a.coordinator).get("/api/v1/children", {"q": "Alice"}).json()
    assert [row["id"] for row in got] == [a.child1.pk]
    got = sign_in(new_client(), a.senco_a).get("/api/v1/children", {"q": "Bilal"}).json()
    assert got == []


def test_api_detail_shows_the_record_to_those_who_may_see_it(world: SimpleNamespace) -> None:
    a = world.a
    response = sign_in(new_client(), a.parent1).get(f"/api/v1/children/{a.child1.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == a.child1.pk
    assert body["first_name"] == a.child1.first_name
    assert body["setting"] == a.school_a.name
    assert sign_in(new_client(), a.parent1).get(f"/api/v1/children/{a.child2.pk}").status_code == 404


def test_api_refuses_anonymous_callers(world: SimpleNamespace) -> None:
    client = new_client()
    assert client.get("/api/v1/children").status_code == 401
    assert client.get(f"/api/v1/children/{world.a.child1.pk}").status_code == 401
