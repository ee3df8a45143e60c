"""Reading one cell: dates, codes and identifiers, each with a message that says what is wrong.

Identifiers go through ``sendpath.law.identifiers`` (the same checks as every form); codes
come from the SEN2 code lists the models use, so an imported row can hold nothing a form
could not.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

from sendpath.assessments.models import RequestSource
from sendpath.law.identifiers import (
    InvalidIdentifier,
    validate_nhs_number,
    validate_postcode,
    validate_ukprn,
    validate_uln,
    validate_upn,
    validate_urn,
)
from sendpath.people.codes import Ethnicity, Sex, UPNUnknown
from sendpath.plans.codes import CeaseReason, NeedType


class BadCell(ValueError):
    """The cell's value cannot be used; ``str(error)`` says why."""


_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")

REQUEST_OUTCOMES = {
    "Y": "assessed",
    "N": "not to assess",
    "A": "not yet decided",
    "W": "withdrawn",
    "H": "historical",
}
ASSESSMENT_OUTCOMES = {
    "Y": "plan issued",
    "N": "not to issue",
    "A": "not yet decided",
    "W": "withdrawn",
    "H": "historical or transferred in",
}
RANKS = {"1": "primary", "2": "secondary"}


def date(value: str, today: dt.date) -> dt.date:
    """A date given as YYYY-MM-DD (how Excel and SEN2 write it) or DD/MM/YYYY (how people
    type it), that is real and not in the future."""
    text = value.strip()
    iso, uk = _ISO.fullmatch(text), _UK.fullmatch(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif uk:
        day, month, year = (int(g) for g in uk.groups())
    else:
        raise BadCell(f"{text} is not a date: write it as YYYY-MM-DD")
    try:
        parsed = dt.date(year, month, day)
    except ValueError:
        raise BadCell(f"{text} is not a real date") from None
    if parsed > today:
        raise BadCell(f"{text} is in the future")
    if parsed.year < 1900:
        raise BadCell(f"{text} is too long ago to be right")
    return parsed


def code(value: str, allowed: Iterable[str], what: str) -> str:
    """One of a code list, ignoring case; the message lists the codes allowed."""
    codes = list(allowed)
    text = value.strip().upper()
    if text not in codes:
        raise BadCell(f"{value} is not {what}: use {_list(codes)}")
    return text


def _list(codes: list[str]) -> str:
    return ", ".join(codes[:-1]) + f" or {codes[-1]}" if len(codes) > 1 else codes[0]


def identifier(value: str, check: Callable[[str], str]) -> str:
    try:
        return check(value)
    except InvalidIdentifier as exc:
        raise BadCell(exc.message) from None


SEX = [c.value for c in Sex]
ETHNICITY = [c.value for c in Ethnicity]
UPN_UNKNOWN = [c.value for c in UPNUnknown]
SOURCES = [c.value for c in RequestSource]
NEED_TYPES = [c.value for c in NeedType]
CEASE_REASONS = [c.value for c in CeaseReason]

IDENTIFIERS: dict[str, Callable[[str], str]] = {
    "upn": validate_upn,
    "uln": validate_uln,
    "nhs_number": validate_nhs_number,
    "postcode": validate_postcode,
    "urn": validate_urn,
    "ukprn": validate_ukprn,
}
