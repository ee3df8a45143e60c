"""Project-wide pytest configuration: fast password hashing, no sign-in throttling unless a
test asks for it, and helpers to sign a user in with both factors."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_settings(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # WhiteNoise rescans static files per test client unless it autorefreshes instead.
    settings.WHITENOISE_AUTOREFRESH = True
