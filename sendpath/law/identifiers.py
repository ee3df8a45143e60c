"""Validate and normalise the identifiers a SEND service in England records.

WHY this module exists: a child's EHC record is matched across schools, health,
colleges and DfE returns by these numbers. A mistyped UPN or NHS number silently
links the wrong child or fails a DfE census/SEN2 return months later, so we check
them at the point of entry and tell the person filling the form *exactly* what is
wrong, in plain English (GOV.UK Design System: error messages say what happened
and how to fix it).

Each ``validate_*`` takes a string and returns the normalised value (upper case,
surrounding and internal spaces removed; postcodes as "SW1A 1AA"), or raises
:class:`InvalidIdentifier`.  The check-digit algorithms for UPN and NHS number come
from python-stdnum (``stdnum.gb.upn``, ``stdnum.gb.nhs``) so we do not maintain a
second copy; we only translate its exceptions into messages. stdnum has no ULN,
URN, UKPRN or postcode validator, so those rules are implemented here.

The ``make_*`` helpers build valid identifiers for synthetic (demo/test) data.
"""

from __future__ import annotations

import re
from unicodedata import category

from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength, ValidationError
from stdnum.gb import nhs, upn

__all__ = [
    "InvalidIdentifier",
    "make_nhs_number",
    "make_uln",
    "make_upn",
    "upn_check_letter",
    "validate_nhs_number",
    "validate_postcode",
    "validate_ukprn",
    "validate_uln",
    "validate_upn",
    "validate_urn",
]

_DIGITS = frozenset("0123456789")
# UPN letters: DfE omit I, O and S so they cannot be mistaken for 1, 0 and 5.
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"

# stdnum's LA list is DfE's January 2011 list. UPNs keep their issuing LA number
# for life, so old numbers stay valid; but LAs created since then issue UPNs too.
# Source: DfE/GIAS 3-digit LA codes after local government reorganisation:
# 838 Dorset and 839 Bournemouth, Christchurch & Poole (April 2019); 940 North and
# 941 West Northamptonshire (April 2021); 942 Cumberland and 943 Westmorland &
# Furness (April 2023).
_LA_CODES_SINCE_2011 = frozenset({838, 839, 940, 941, 942, 943})


class InvalidIdentifier(ValueError):
    """An identifier failed validation.

    ``identifier`` names the kind ("UPN", "NHS number", ...) so a form can attach
    the message to the right field; ``str(error)`` is the message for the person.
    """

    def __init__(self, identifier: str, message: str) -> None:
        super().__init__(message)
        self.identifier = identifier
        self.message = message


def _compact(value: str, kind: str, article: str = "a") -> str:
    """Strip all whitespace and invisible format characters (non-breaking and
    zero-width spaces come with text pasted from PDFs and emails) and upper-case;
    refuse empty input with a GOV.UK-style "Enter a ..." message."""
    if not isinstance(value, str):
        raise TypeError(f"{kind} must be given as a str, not {type(value).__name__}")
    compact = "".join(c for c in value if not c.isspace() and category(c) != "Cf").upper()
    if not compact:
        raise InvalidIdentifier(kind, f"Enter {article} {kind}")
    return compact


def _first_non_digit(number: str, allowed: str = "") -> str | None:
    return next((c for c in number if c not in _DIGITS and c not in allowed), None)


def _digits_only(number: str, kind: str, rule: str) -> None:
    """Shared "N digits" checks for the purely numeric identifiers."""
    bad = _first_non_digit(number)
    if bad is not None:
        raise InvalidIdentifier(kind, f"{rule}, with no letters or symbols; this one contains {bad}")


# --- UPN ------------------------------------------------------------------------


def _upn_shape_problem(number: str) -> str | None:
    """Describe the first character that breaks the UPN layout, if any.

    Layout (DfE "Unique pupil numbers (UPNs)" guidance for schools and local
    authorities, gov.uk/government/publications/unique-pupil-numbers): position 1 is
    the check letter; 2-4 the LA number; 5-8 the DfE establishment number; 9-10 the
    year of issue; 11-13 a serial number, where a temporary UPN has a letter in
    position 13 instead of a digit.
    """
    if number[0] not in _UPN_LETTERS:
        return (
            "A UPN must start with its check letter (any letter except I, O or S); "
            f"this one starts with {number[0]}"
        )
    for position, char in enumerate(number[1:12], start=2):
        if char not in _DIGITS:
            return f"Characters 2 to 12 of a UPN must be digits; character {position} is {char}"
    if number[12] not in _DIGITS and number[12] not in _UPN_LETTERS:
        return (
            "The last character of a UPN must be a digit, or for a temporary UPN a letter "
            f"other than I, O or S; this one ends with {number[12]}"
        )
    return None


def _check_letter_message(number: str) -> str:
    expected = upn.calc_check_digit(number[1:])
    return (
        f"The check letter of this UPN should be {expected}, not {number[0]}: "
        "check the number has been copied correctly"
    )


def validate_upn(value: str) -> str:
    """Return a Unique Pupil Number in canonical form, or raise InvalidIdentifier.

    Rule source: DfE "Unique pupil numbers (UPNs)" guidance (check letter = sum of
    positions 2-13 weighted by position, mod 23, looked up in ABCDEFGHJKLMNPQRTUVWXYZ),
    as implemented by ``stdnum.gb.upn``. Temporary UPNs (letter last) are accepted.
    """
    number = _compact(value, "UPN")
    try:
        return str(upn.validate(number))
    except InvalidLength:
        raise InvalidIdentifier("UPN", f"A UPN must be 13 characters; this one has {len(number)}") from None
    except ValidationError as error:
        problem = _upn_shape_problem(number)
        if problem is not None:
            raise InvalidIdentifier("UPN", problem) from None
        if isinstance(error, InvalidComponent):
            la_code = int(number[1:4])
            if la_code not in _LA_CODES_SINCE_2011:
                raise InvalidIdentifier(
                    "UPN",
                    f"The UPN's local authority number (positions 2 to 4), {number[1:4]}, "
                    "is not a DfE local authority number",
                ) from None
            if upn.calc_check_digit(number[1:]) == number[0]:
                return number
        raise InvalidIdentifier("UPN", _check_letter_message(number)) from None


def upn_check_letter(body12: str) -> str:
    """Return the check letter for the 12 characters after it (positions 2-13).

    Uses ``stdnum.gb.upn.calc_check_digit``; exposed for test and demo data.
    """
    body = "".join(body12.split()).upper()
    if len(body) != 12 or _upn_shape_problem("A" + body) is not None:
        raise ValueError(f"A UPN body is 11 digits then a digit or letter, not {body12!r}")
    return str(upn.calc_check_digit(body))


def make_upn(la_code: int, establishment: int, year2: int, serial: int) -> str:
    """Build a valid permanent UPN for synthetic data.

    ``la_code`` is a DfE 3-digit LA number, ``establishment`` the 4-digit DfE number,
    ``year2`` the two-digit year of issue and ``serial`` 0-999 (the DfE layout above).
    """
    for name, part, top in (
        ("la_code", la_code, 999),
        ("establishment", establishment, 9999),
        ("year2", year2, 99),
        ("serial", serial, 999),
    ):
        if not 0 <= part <= top:
            raise ValueError(f"{name} must be between 0 and {top}, not {part}")
    body = f"{la_code:03d}{establishment:04d}{year2:02d}{serial:03d}"
    return validate_upn(upn.calc_check_digit(body) + body)


# --- ULN ------------------------------------------------------------------------

_ULN_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def _uln_check_digit(nine: str) -> int | None:
    """Learning Records Service ULN check digit; None when no digit can work.

    Source: HESA Student record field "ULN" (hesa.ac.uk/collection/c21051/a/ULN),
    which publishes the LRS rule: digits 1-9 weighted 10..2, sum mod 11; a remainder
    of 0 is invalid, otherwise the check digit is 10 - remainder. (Equivalently the
    10..1 weighted sum of all ten digits leaves remainder 10.) Designed so a ULN can
    never also be a valid NHS number.
    """
    remainder = sum(w * int(d) for w, d in zip(_ULN_WEIGHTS, nine, strict=True)) % 11
    return None if remainder == 0 else 10 - remainder


def validate_uln(value: str) -> str:
    """Return a Unique Learner Number (10 digits, first not 0), or raise InvalidIdentifier."""
    number = _compact(value, "ULN")
    _digits_only(number, "ULN", "A ULN must be 10 digits")
    if len(number) != 10:
        raise InvalidIdentifier("ULN", f"A ULN must be 10 digits; this one has {len(number)}")
    if number[0] == "0":
        raise InvalidIdentifier("ULN", "A ULN cannot start with 0")
    expected = _uln_check_digit(number[:9])
    if expected is None or expected != int(number[9]):
        raise InvalidIdentifier("ULN", "This ULN fails its check digit: check it has been copied correctly")
    return number


def make_uln(nine_digits: str) -> str | None:
    """Append the check digit to 9 digits (first not 0); None if none exists."""
    if len(nine_digits) != 9 or _first_non_digit(nine_digits) or nine_digits[0] == "0":
        raise ValueError(f"Expected 9 digits not starting with 0, not {nine_digits!r}")
    check = _uln_check_digit(nine_digits)
    return None if check is None else f"{nine_digits}{check}"


# --- NHS number -----------------------------------------------------------------


def validate_nhs_number(value: str) -> str:
    """Return a 10-digit NHS number, or raise InvalidIdentifier.

    Rule source: NHS Data Dictionary, "NHS Number": modulus 11 check digit, where a
    computed check digit of 10 means the number is never valid. Checked by
    ``stdnum.gb.nhs``, which also accepts "943-476-5919" style hyphens.
    """
    number = _compact(value, "NHS number", "an")
    core = nhs.compact(number)  # what stdnum checks: separators (hyphens, dashes) removed
    try:
        return str(nhs.validate(number))
    except InvalidFormat as error:  # InvalidLength is a subclass of InvalidFormat
        bad = _first_non_digit(core)
        if isinstance(error, InvalidLength) or bad is None:
            message = f"An NHS number must be 10 digits; this one has {len(core)}"
        else:
            message = f"An NHS number must be 10 digits, with no letters or symbols; this one contains {bad}"
        raise InvalidIdentifier("NHS number", message) from None
    except ValidationError:  # InvalidChecksum, including the "check digit 10" case
        raise InvalidIdentifier(
            "NHS number",
            "This NHS number fails its check digit: check it has been copied correctly",
        ) from None


def make_nhs_number(nine_digits: str) -> str | None:
    """Append the modulus 11 check digit to 9 digits; None if it would be 10.

    Uses ``stdnum.gb.nhs.checksum`` with a trial check digit of 0: the real digit is
    whatever brings the weighted sum to 0 mod 11.
    """
    if len(nine_digits) != 9 or _first_non_digit(nine_digits):
        raise ValueError(f"Expected 9 digits, not {nine_digits!r}")
    check = -nhs.checksum(nine_digits + "0") % 11
    return None if check == 10 else f"{nine_digits}{check}"


# --- URN and UKPRN ----------------------------------------------------------------


def validate_urn(value: str) -> str:
    """Return a GIAS establishment Unique Reference Number (exactly 6 digits).

    Rule source: Get Information about Schools (GIAS) establishment "URN" field.
    """
    number = _compact(value, "URN")
    _digits_only(number, "URN", "A URN must be 6 digits")
    if len(number) != 6:
        raise InvalidIdentifier("URN", f"A URN must be 6 digits; this one has {len(number)}")
    return number


def validate_ukprn(value: str) -> str:
    """Return a UK Provider Reference Number (8 digits, 10000000-19999999).

    Rule source: UK Register of Learning Providers (UKRLP): UKPRNs are 8 digits and
    all begin with 1. Colleges and independent specialist providers named in EHC
    plans are identified by UKPRN in DfE/ESFA returns.
    """
    number = _compact(value, "UKPRN")
    rule = "A UKPRN must be 8 digits starting with 1"
    _digits_only(number, "UKPRN", rule)
    if len(number) != 8:
        raise InvalidIdentifier("UKPRN", f"{rule}; this one has {len(number)} digits")
    if number[0] != "1":
        raise InvalidIdentifier("UKPRN", f"{rule}; this one starts with {number[0]}")
    return number


# --- Postcode -------------------------------------------------------------------

# Royal Mail PAF Programmers' Guide, "Postcode format" (also the GOV.UK/BS 7666
# regular expression): outward code A9, A99, AA9, AA99, A9A or AA9A; inward code 9AA.
_OUTWARD = re.compile(r"[A-Z](?:[0-9][0-9A-Z]?|[A-Z][0-9][0-9A-Z]?)")
_INWARD = re.compile(r"[0-9][A-Z]{2}")
_EXAMPLE = "Enter a full UK postcode, like LE1 6ZG"


def _outward_problem(outward: str) -> str | None:
    """Royal Mail position rules: the letters each position may hold."""
    if _OUTWARD.fullmatch(outward) is None:
        return f"The first part of a postcode must look like L1, LE1, LE12, W1A or SW1A, not {outward}"
    if outward[0] in "QVX":
        return "A postcode cannot start with Q, V or X"
    if outward[1].isalpha():
        if outward[1] in "IJZ":
            return "The second letter of a postcode cannot be I, J or Z"
        if len(outward) == 4 and outward[3].isalpha() and outward[3] not in "ABEHMNPRVWXY":
            return f"{outward} is not a UK postcode area: its last letter cannot be {outward[3]}"
    elif len(outward) == 3 and outward[2].isalpha() and outward[2] not in "ABCDEFGHJKPSTUW":
        return f"{outward} is not a UK postcode area: its last letter cannot be {outward[2]}"
    return None


def validate_postcode(value: str) -> str:
    """Return a UK postcode as "SW1A 1AA", accepting any spacing or case.

    Rule source: Royal Mail PAF Programmers' Guide (format and letter rules; the
    inward code never uses C, I, K, M, O or V). "GIR 0AA" (Girobank) is the one
    historic exception Royal Mail still lists. This checks the *shape* only: a
    well-formed postcode may still not exist.
    """
    code = _compact(value, "postcode")
    bad = next((c for c in code if not ("A" <= c <= "Z" or c in _DIGITS)), None)
    if bad is not None:
        raise InvalidIdentifier(
            "postcode", f"A postcode can only contain letters and numbers; this one contains {bad}"
        )
    if len(code) < 5:
        raise InvalidIdentifier("postcode", f"{_EXAMPLE}: this one is too short")
    if len(code) > 7:
        raise InvalidIdentifier("postcode", f"{_EXAMPLE}: this one is too long")
    outward, inward = code[:-3], code[-3:]
    if code == "GIR0AA":
        return "GIR 0AA"
    if _INWARD.fullmatch(inward) is None:
        parts = value.split()  # quote what they typed if they split it themselves
        typed = parts[-1].upper() if len(parts) > 1 else inward
        raise InvalidIdentifier(
            "postcode",
            f"The last part of a postcode must be a number then 2 letters, like 6ZG, not {typed}",
        )
    if set(inward[1:]) & set("CIKMOV"):
        raise InvalidIdentifier(
            "postcode", "The last 2 letters of a postcode never include C, I, K, M, O or V"
        )
    problem = _outward_problem(outward)
    if problem is not None:
        raise InvalidIdentifier("postcode", problem)
    return f"{outward} {inward}"
