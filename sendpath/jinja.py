"""The Jinja2 environment: GOV.UK Frontend macros, our templates and a few helpers.

Pages use Django's Jinja2 backend so that the govuk-frontend-jinja macros (a faithful port
of the GOV.UK Frontend Nunjucks macros) can be used as they are documented.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader

from sendpath.common.forms import field_kind, govuk_error_summary, govuk_field, select_items


def template_dirs() -> list[Path]:
    """Project templates first, then each sendpath app's own ``templates/`` folder."""
    root = Path(settings.BASE_DIR)
    dirs = [root / "templates"]
    dirs += sorted(p for p in (root / "sendpath").glob("*/templates") if p.is_dir())
    return dirs


def format_date(value: dt.date | dt.datetime | None, fmt: str = "long") -> str:
    """Dates as GOV.UK writes them: 3 March 2026, or Tue 3 Mar 2026 in tables."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
        if fmt == "datetime":
            return f"{value.day} {value:%B %Y} at {value:%-I:%M%p}".replace("AM", "am").replace("PM", "pm")
        value = value.date()
    if fmt == "short":
        return f"{value:%a} {value.day} {value:%b %Y}"
    return f"{value.day} {value:%B %Y}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 case', '3 cases': plain English counts."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def environment(**options: Any) -> Environment:
    """Build the Jinja2 environment Django uses for every page."""
    options["loader"] = ChoiceLoader(
        [
            FileSystemLoader([str(d) for d in template_dirs()]),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    options.setdefault("trim_blocks", True)
    options.setdefault("lstrip_blocks", True)
    env = Environment(**options)  # noqa: S701 - autoescape is set by Django's backend
    env.globals.update(
        {
            "static": static,
            "url": lambda name, *args, **kwargs: reverse(name, args=args or None, kwargs=kwargs or None),
            "form_field": govuk_field,
            "field_kind": field_kind,
            "select_items": select_items,
            "error_summary": govuk_error_summary,
            "get_messages": get_messages,
            "service_name": settings.SENDPATH_SERVICE_NAME,
            "today": dt.date.today,
        }
    )
    env.filters.update({"date": format_date, "plural": plural})
    return env
