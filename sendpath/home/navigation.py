"""The service navigation each role sees. One list per role, so the header always shows
exactly the places that person can go."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sendpath.accounts.roles import Role

NAVIGATION: dict[str, list[tuple[str, str]]] = {
    Role.COORDINATOR: [
        ("Home", "home:home"),
        ("Cases", "assessments:caseload"),
        ("Reviews", "reviews:due"),
        ("Children", "people:list"),
        ("Disputes", "disputes:list"),
    ],
    Role.MANAGER: [
        ("Home", "home:home"),
        ("Cases", "assessments:caseload"),
        ("Reviews", "reviews:due"),
        ("Children", "people:list"),
        ("Scrutiny", "figures:scrutiny"),
        ("Disputes", "disputes:list"),
        ("High Needs money", "funding:home"),
        ("Value for money", "public_funding:value_for_money"),
        ("Forecasts", "forecast:index"),
    ],
    Role.FINANCE: [
        ("Home", "home:home"),
        ("Children", "people:list"),
        ("Budget and spending", "funding:home"),
        ("Value for money", "public_funding:value_for_money"),
        ("Forecasts", "forecast:index"),
        ("Disputes", "disputes:list"),
    ],
    Role.DATA_OFFICER: [
        ("Home", "home:home"),
        ("SEN2 return", "returns:home"),
        ("Cases", "assessments:caseload"),
        ("Children", "people:list"),
        ("Legacy import", "imports:start"),
        ("DfE figures", "figures:dfe"),
        ("API tokens", "api_tokens:list"),
    ],
    Role.SENCO: [("Home", "home:home"), ("Pupils", "people:list"), ("API tokens", "api_tokens:list")],
    Role.TEACHER: [("My pupils", "home:home")],
    Role.EP: [("My advice requests", "home:home"), ("Children", "people:list")],
    Role.HEALTH: [("My advice requests", "home:home"), ("Children", "people:list")],
    Role.SOCIAL_CARE: [("My advice requests", "home:home"), ("Children", "people:list")],
    Role.PARENT: [("Home", "home:home")],
    Role.YOUNG_PERSON: [("Home", "home:home")],
    Role.COUNCILLOR: [
        ("Home", "home:home"),
        ("Scrutiny dashboard", "figures:scrutiny"),
        ("High Needs spending", "public_funding:index"),
    ],
    Role.ADMIN: [("Home", "home:home"), ("Administration", "admin:index")],
}


def navigation_for(user: Any, path: str) -> list[dict[str, Any]]:
    """Items for govukServiceNavigation, marking the current section as active."""
    if not getattr(user, "is_authenticated", False) or not user.is_verified():
        return []
    items = []
    for text, name in NAVIGATION.get(user.role, []):
        href = reverse(name)
        active = path == href if href == "/" else path.startswith(href)
        items.append({"text": text, "href": href, "active": active})
    return items
