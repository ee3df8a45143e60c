"""Template context available on every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.templatetags.static import static

from sendpath.home.navigation import navigation_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The header's navigation, and the values GOV.UK Frontend's page template reads.

    They are passed as context because a child template's top-level ``set`` does not reach
    the base template in Jinja. ``cspNonce`` lets the template's one inline script run under
    the Content Security Policy.
    """
    return {
        "navigation": navigation_for(request.user, request.path),
        "cspNonce": str(request.csp_nonce) if hasattr(request, "csp_nonce") else "",
        "assetPath": static("vendor/govuk-frontend/assets"),
        "htmlLang": "en-GB",
    }
