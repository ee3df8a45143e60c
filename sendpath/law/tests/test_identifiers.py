"""Tests for sendpath.law.identifiers: real check-digit examples, every error
message, normalisation, and property tests for the synthetic-data generators."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendpath.law.identifiers import (
    InvalidIdentifier,
    make_nhs_number,
    make_uln,
    make_upn,
    upn_check_letter,
    validate_nhs_number,
    validate_postcode,
    validate_ukprn,
    validate_uln,
    validate_upn,
    validate_urn,
)

Validator = Callable[[str], str]

ALL_VALIDATORS = [
    (validate_upn, "UPN", "Enter a UPN"),
    (validate_uln, "ULN", "Enter a ULN"),
    (validate_nhs_number, "NHS number", "Enter an NHS number"),
    (validate_urn, "URN", "Enter a URN"),
    (validate_ukprn, "UKPRN", "Enter a UKPRN"),
    (validate_postcode, "postcode", "Enter a postcode"),
]


def _raises(func: Validator, value: str, message: str, identifier: str) -> None:
    with pytest.raises(InvalidIdentifier, match=re.escape(message)) as info:
        func(value)
    assert info.value.identifier == identifier
    assert isinstance(info.value, ValueError)


# --- shared behaviour -------------------------------------------------------------


@pytest.mark.parametrize(("func", "kind", "message"), ALL_VALIDATORS)
@pytest.mark.parametrize("blank", ["", "   ", "\t\n", "\u00a0"])
def test_blank_input_asks_for_a_value(func: Validator, kind: str, message: str, blank: str) -> None:
    with pytest.raises(InvalidIdentifier, match=f"^{re.escape(message)}$") as info:
        func(blank)
    assert info.value.identifier == kind
    assert info.value.message == message


@pytest.mark.parametrize(("func", "kind", "message"), ALL_VALIDATORS)
def test_non_string_is_a_type_error(func: Validator, kind: str, message: str) -> None:
    with pytest.raises(TypeError, match="must be given as a str, not int"):
        func(9434765919)  # type: ignore[arg-type]


# --- UPN ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("R873200124123", "R873200124123"),  # permanent
        ("Z87320012412A", "Z87320012412A"),  # temporary: letter last
        ("B801200005001", "B801200005001"),
        ("b801200005001", "B801200005001"),
        ("  r873 2001 2412 3 ", "R873200124123"),
        ("\ufeffR873200124123\u200b", "R873200124123"),  # zero-width characters from a paste
        ("z87320012412a", "Z87320012412A"),
    ],
)
def test_valid_upns(value: str, expected: str) -> None:
    assert validate_upn(value) == expected


def test_upn_length() -> None:
    _raises(validate_upn, "R87320012412", "A UPN must be 13 characters; this one has 12", "UPN")
    _raises(validate_upn, "R8732001241234", "A UPN must be 13 characters; this one has 14", "UPN")


def test_upn_wrong_check_letter() -> None:
    _raises(
        validate_upn,
        "A801200005001",
        "The check letter of this UPN should be B, not A: check the number has been copied correctly",
        "UPN",
    )
    _raises(validate_upn, "A873200124123", "should be R, not A", "UPN")
    _raises(validate_upn, "A87320012412A", "should be Z, not A", "UPN")


def test_upn_transposed_digits_caught() -> None:
    _raises(validate_upn, "R873200121423", "The check letter of this UPN should be", "UPN")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "8873200124123",
            "A UPN must start with its check letter (any letter except I, O or S); this one starts with 8",
        ),
        ("I873200124123", "this one starts with I"),
        ("R8732X0124123", "Characters 2 to 12 of a UPN must be digits; character 6 is X"),
        ("R87320012-123", "character 10 is -"),
        (
            "R87320012412O",
            "The last character of a UPN must be a digit, or for a temporary UPN "
            "a letter other than I, O or S; this one ends with O",
        ),
        ("R87320012412-", "this one ends with -"),
    ],
)
def test_upn_shape_errors(value: str, message: str) -> None:
    _raises(validate_upn, value, message, "UPN")


def test_upn_unknown_local_authority() -> None:
    _raises(
        validate_upn,
        "A999200124123",
        "The UPN's local authority number (positions 2 to 4), 999, is not a DfE local authority number",
        "UPN",
    )


@pytest.mark.parametrize("la_code", [838, 839, 940, 941, 942, 943])
def test_upn_from_local_authorities_created_since_2011(la_code: int) -> None:
    number = make_upn(la_code, 2001, 24, 17)
    assert validate_upn(number) == number
    wrong = ("A" if number[0] != "A" else "B") + number[1:]
    _raises(validate_upn, wrong, f"should be {number[0]}, not {wrong[0]}", "UPN")


def test_upn_check_letter() -> None:
    assert upn_check_letter("873200124123") == "R"
    assert upn_check_letter("87320012412a") == "Z"
    assert upn_check_letter("801200005001") == "B"
    with pytest.raises(ValueError, match="11 digits"):
        upn_check_letter("8732001241")
    with pytest.raises(ValueError, match="11 digits"):
        upn_check_letter("8732001X4123")


def test_make_upn() -> None:
    assert make_upn(873, 2001, 24, 123) == "R873200124123"
    with pytest.raises(ValueError, match="serial must be between 0 and 999, not 1000"):
        make_upn(873, 2001, 24, 1000)
    with pytest.raises(ValueError, match="la_code must be between 0 and 999"):
        make_upn(-1, 2001, 24, 1)
    with pytest.raises(InvalidIdentifier, match="not a DfE local authority number"):
        make_upn(999, 2001, 24, 1)


@given(
    la_code=st.sampled_from([201, 213, 420, 800, 873, 909, 938, 839, 943]),
    establishment=st.integers(0, 9999),
    year2=st.integers(0, 99),
    serial=st.integers(0, 999),
)
def test_make_upn_always_validates(la_code: int, establishment: int, year2: int, serial: int) -> None:
    number = make_upn(la_code, establishment, year2, serial)
    assert len(number) == 13
    assert validate_upn(number.lower()) == number


# --- ULN ----------------------------------------------------------------------------


def test_valid_uln() -> None:
    assert validate_uln("9276308686") == "9276308686"
    assert validate_uln(" 927 630 8686 ") == "9276308686"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("927630868", "A ULN must be 10 digits; this one has 9"),
        ("92763086861", "A ULN must be 10 digits; this one has 11"),
        ("92763O8686", "A ULN must be 10 digits, with no letters or symbols; this one contains O"),
        ("927-630-8686", "this one contains -"),
        ("0276308686", "A ULN cannot start with 0"),
        ("9276308687", "This ULN fails its check digit: check it has been copied correctly"),
        ("1000000060", "This ULN fails its check digit"),  # remainder 0: no digit works
    ],
)
def test_uln_errors(value: str, message: str) -> None:
    _raises(validate_uln, value, message, "ULN")


def test_make_uln() -> None:
    assert make_uln("927630868") == "9276308686"
    assert make_uln("100000006") is None  # weighted sum is a multiple of 11
    for bad in ["92763086", "027630868", "92763086X"]:
        with pytest.raises(ValueError, match="Expected 9 digits"):
            make_uln(bad)


@given(st.integers(100_000_000, 999_999_999))
def test_make_uln_round_trips_or_no_digit_exists(n: int) -> None:
    nine = str(n)
    uln = make_uln(nine)
    completions = [nine + str(d) for d in range(10)]
    valid = [c for c in completions if _is_valid(validate_uln, c)]
    if uln is None:
        assert valid == []
    else:
        assert valid == [uln]


# --- NHS number ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("9434765919", "9434765919"),
        ("9434765870", "9434765870"),
        ("4010232137", "4010232137"),
        ("943 476 5919", "9434765919"),
        (" 401 023 2137\n", "4010232137"),
        ("943-476-5870", "9434765870"),
        ("943\u2013476\u20135870", "9434765870"),  # en dashes, as pasted from a letter
    ],
)
def test_valid_nhs_numbers(value: str, expected: str) -> None:
    assert validate_nhs_number(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("943476591", "An NHS number must be 10 digits; this one has 9"),
        ("943 476 59190", "An NHS number must be 10 digits; this one has 11"),
        (
            "94347659I9",
            "An NHS number must be 10 digits, with no letters or symbols; this one contains I",
        ),
        ("943/476/5919", "this one contains /"),
        ("-", "An NHS number must be 10 digits; this one has 0"),
        ("943-476-591", "An NHS number must be 10 digits; this one has 9"),
        ("9434765918", "This NHS number fails its check digit: check it has been copied correctly"),
        ("9434765871", "This NHS number fails its check digit"),
        ("9434765030", "This NHS number fails its check digit"),  # check digit would be 10
    ],
)
def test_nhs_number_errors(value: str, message: str) -> None:
    _raises(validate_nhs_number, value, message, "NHS number")


def test_make_nhs_number() -> None:
    assert make_nhs_number("943476591") == "9434765919"
    assert make_nhs_number("401023213") == "4010232137"
    assert make_nhs_number("943476503") is None  # check digit would be 10
    for d in range(10):
        assert not _is_valid(validate_nhs_number, f"943476503{d}")
    with pytest.raises(ValueError, match="Expected 9 digits"):
        make_nhs_number("94347659A")


@given(st.from_regex(r"[0-9]{9}", fullmatch=True))
def test_make_nhs_number_always_validates(nine: str) -> None:
    number = make_nhs_number(nine)
    if number is not None:
        assert validate_nhs_number(number) == number


@given(
    st.from_regex(r"[0-9]{9}", fullmatch=True).map(make_nhs_number).filter(bool),
    st.integers(0, 9),
    st.integers(1, 9),
)
def test_any_single_digit_change_to_nhs_number_is_rejected(
    number: str | None, position: int, delta: int
) -> None:
    assert number is not None
    changed = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    with pytest.raises(InvalidIdentifier, match="fails its check digit"):
        validate_nhs_number(changed)


@given(st.from_regex(r"[1-9][0-9]{8}", fullmatch=True).map(make_uln).filter(bool))
def test_a_valid_uln_is_never_a_valid_nhs_number(uln: str | None) -> None:
    assert uln is not None
    assert not _is_valid(validate_nhs_number, uln)


# --- URN and UKPRN ------------------------------------------------------------------


def test_valid_urn() -> None:
    assert validate_urn("100000") == "100000"
    assert validate_urn(" 145 123 ") == "145123"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("12345", "A URN must be 6 digits; this one has 5"),
        ("1234567", "A URN must be 6 digits; this one has 7"),
        ("12345A", "A URN must be 6 digits, with no letters or symbols; this one contains A"),
    ],
)
def test_urn_errors(value: str, message: str) -> None:
    _raises(validate_urn, value, message, "URN")


@pytest.mark.parametrize("value", ["10000000", "19999999", "10012345", " 1001 2345 "])
def test_valid_ukprn(value: str) -> None:
    assert validate_ukprn(value) == value.replace(" ", "")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1001234", "A UKPRN must be 8 digits starting with 1; this one has 7 digits"),
        ("100123456", "A UKPRN must be 8 digits starting with 1; this one has 9 digits"),
        ("20012345", "A UKPRN must be 8 digits starting with 1; this one starts with 2"),
        ("09999999", "this one starts with 0"),
        (
            "1001234X",
            "A UKPRN must be 8 digits starting with 1, with no letters or symbols; this one contains X",
        ),
    ],
)
def test_ukprn_errors(value: str, message: str) -> None:
    _raises(validate_ukprn, value, message, "UKPRN")


# --- Postcode -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("le16zg", "LE1 6ZG"),
        ("LE1 6ZG", "LE1 6ZG"),
        ("sw1a1aa", "SW1A 1AA"),
        ("  sw1a   1aa ", "SW1A 1AA"),
        ("LE16 ZG", "LE1 6ZG"),  # space in the wrong place is re-split
        ("m11ae", "M1 1AE"),  # A9
        ("b338th", "B33 8TH"),  # A99
        ("cr26xh", "CR2 6XH"),  # AA9
        ("dn551pt", "DN55 1PT"),  # AA99
        ("w1a0ax", "W1A 0AX"),  # A9A
        ("ec1a1bb", "EC1A 1BB"),  # AA9A
        ("n1c 4aa", "N1C 4AA"),
        ("gir0aa", "GIR 0AA"),
        ("GIR 0AA", "GIR 0AA"),
    ],
)
def test_valid_postcodes(value: str, expected: str) -> None:
    assert validate_postcode(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("LE1", "Enter a full UK postcode, like LE1 6ZG: this one is too short"),
        ("LE16", "Enter a full UK postcode, like LE1 6ZG: this one is too short"),
        ("LE1 6Z", "The last part of a postcode must be a number then 2 letters, like 6ZG, not 6Z"),
        ("LE16Z", "The last part of a postcode must be a number then 2 letters, like 6ZG, not 16Z"),
        ("SW1A 1AAA", "Enter a full UK postcode, like LE1 6ZG: this one is too long"),
        ("LE1-6ZG", "A postcode can only contain letters and numbers; this one contains -"),
        (
            "LE1 6Z9",
            "The last part of a postcode must be a number then 2 letters, like 6ZG, not 6Z9",
        ),
        ("LE1 ZZG", "not ZZG"),
        ("LE1 6CG", "The last 2 letters of a postcode never include C, I, K, M, O or V"),
        ("LE1 6ZV", "never include C, I, K, M, O or V"),
        (
            "1E1 6ZG",
            "The first part of a postcode must look like L1, LE1, LE12, W1A or SW1A, not 1E1",
        ),
        ("LEE1 6ZG", "not LEE1"),
        ("LE1AA 6ZG", "too long"),
        ("QE1 6ZG", "A postcode cannot start with Q, V or X"),
        ("LJ1 6ZG", "The second letter of a postcode cannot be I, J or Z"),
        ("W1L 0AX", "W1L is not a UK postcode area: its last letter cannot be L"),
        ("EC1C 1BB", "EC1C is not a UK postcode area: its last letter cannot be C"),
    ],
)
def test_postcode_errors(value: str, message: str) -> None:
    _raises(validate_postcode, value, message, "postcode")


@given(
    st.sampled_from(["LE1", "SW1A", "M1", "B33", "CR2", "DN55", "W1A", "EC1A"]),
    st.integers(0, 9),
    st.text(alphabet="ABDEFGHJLNPQRSTUWXYZ", min_size=2, max_size=2),
    st.sampled_from(["", " ", "  "]),
    st.booleans(),
)
def test_postcode_normalisation_is_idempotent(
    outward: str, digit: int, letters: str, gap: str, lower: bool
) -> None:
    typed = f"{outward}{gap}{digit}{letters}"
    canonical = validate_postcode(typed.lower() if lower else typed)
    assert canonical == f"{outward} {digit}{letters}"
    assert validate_postcode(canonical) == canonical


# --- helpers ------------------------------------------------------------------------


def _is_valid(func: Validator, value: str) -> bool:
    try:
        func(value)
    except InvalidIdentifier:
        return False
    return True


@pytest.mark.parametrize(("func", "kind", "message"), ALL_VALIDATORS)
@given(text=st.text(max_size=16))
def test_any_text_either_validates_idempotently_or_raises_invalid_identifier(
    func: Validator, kind: str, message: str, text: str
) -> None:
    try:
        result = func(text)
    except InvalidIdentifier as error:
        assert error.identifier == kind
        assert str(error)
    else:
        assert func(result) == result
