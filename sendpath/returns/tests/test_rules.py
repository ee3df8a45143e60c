"""One negative test per SEN2 rule (sen2.md section 7): each fires on data that breaks it,
and none fires on a good person or header."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable

import pytest
from lxml import etree

from sendpath.returns import rules as r
from sendpath.returns.validate import schema

CTX = r.Context(
    year=2026,
    la_code="919",
    period_start=dt.date(2025, 1, 1),
    period_end=dt.date(2025, 12, 31),
    reference_date=dt.date(2026, 1, 15),
    known_urns=frozenset({"130001", "130002", "130003"}),
    known_ukprns=frozenset({"10012345"}),
    resourced=frozenset({"130003"}),
)

GOOD = """<Person>
  <Surname>Jones</Surname><Forename>Leo</Forename><PersonBirthDate>2013-03-21</PersonBirthDate>
  <Sex>F</Sex><Ethnicity>WBRI</Ethnicity><PostCode>AL6 6EN</PostCode><UPN>G919200020001</UPN>
  <Requests>
    <ReceivedDate>2025-01-13</ReceivedDate><RequestSource>1</RequestSource><RYA>0</RYA>
    <RequestOutcomeDate>2025-03-03</RequestOutcomeDate><RequestOutcome>Y</RequestOutcome>
    <RequestMediation>0</RequestMediation><RequestTribunal>0</RequestTribunal>
    <Assessment>
      <AssessmentOutcome>Y</AssessmentOutcome><AssessmentOutcomeDate>2025-08-11</AssessmentOutcomeDate>
      <AssessmentMediation>0</AssessmentMediation><AssessmentTribunal>0</AssessmentTribunal>
      <OtherMediation>0</OtherMediation><OtherTribunal>0</OtherTribunal><Week20>1</Week20>
      <NamedPlan>
        <StartDate>2025-08-11</StartDate>
        <PlanDetail><URN>130002</URN><PlacementRank>1</PlacementRank><SENunitIndicator>0</SENunitIndicator><ResourcedProvisionIndicator>0</ResourcedProvisionIndicator></PlanDetail>
      </NamedPlan>
    </Assessment>
    <ActivePlans>
      <PlacementDetail><URN>130002</URN><PlacementRank>1</PlacementRank><EntryDate>2025-08-11</EntryDate><SENunitIndicator>0</SENunitIndicator><ResourcedProvisionIndicator>0</ResourcedProvisionIndicator></PlacementDetail>
      <SENneed><SENtype>MLD</SENtype><SENtypeRank>1</SENtypeRank></SENneed>
      <SENneed><SENtype>SEMH</SENtype><SENtypeRank>2</SENtypeRank></SENneed>
      <ReviewMeeting>2025-10-01</ReviewMeeting><ReviewOutcome>A</ReviewOutcome><ReviewDraft>2025-10-20</ReviewDraft>
      <LastReview>2025-10-20</LastReview>
    </ActivePlans>
  </Requests>
</Person>"""

GOOD_HEADER = """<Header>
  <CollectionDetails><Collection>SEN2</Collection><Year>2026</Year><ReferenceDate>2026-01-15</ReferenceDate></CollectionDetails>
  <Source><SourceLevel>L</SourceLevel><LEA>919</LEA><SoftwareCode>sendpath</SoftwareCode><Release>1.0</Release>
  <SerialNo>001</SerialNo><DateTime>2026-01-20T09:30:00</DateTime><DMO>Y</DMO><DCO>N</DCO><DSCO>R</DSCO></Source>
</Header>"""


def fired(el: etree._Element, rules: list[r.Rule] = r.RULES) -> set[str]:
    data = r.view(el) if rules is r.RULES else r.as_dict(el)
    return {rule.id for rule in rules for _ in rule.check(data, CTX)}


def good() -> etree._Element:
    return etree.fromstring(GOOD)


def test_the_good_person_is_valid_and_breaks_no_rule() -> None:
    assert schema(2026).validate(good()), schema(2026).error_log
    assert fired(good()) == set()


def test_the_good_header_is_valid_and_breaks_no_rule() -> None:
    header = etree.fromstring(GOOD_HEADER)
    assert schema(2026).validate(header), schema(2026).error_log
    assert fired(header, r.HEADER_RULES) == set()


# --- helpers to break one thing -----------------------------------------------------------------


def remove(path: str) -> Callable[[etree._Element], None]:
    def go(el: etree._Element) -> None:
        target = el.find(path)
        target.getparent().remove(target)

    return go


def set_text(path: str, value: str) -> Callable[[etree._Element], None]:
    def go(el: etree._Element) -> None:
        el.find(path).text = value

    return go


def add_after(path: str, tag: str, value: str) -> Callable[[etree._Element], None]:
    def go(el: etree._Element) -> None:
        target = el.find(path)
        new = etree.Element(tag)
        new.text = value
        target.addnext(new)

    return go


def both(*steps: Callable[[etree._Element], None]) -> Callable[[etree._Element], None]:
    def go(el: etree._Element) -> None:
        for step in steps:
            step(el)

    return go


def duplicate(path: str) -> Callable[[etree._Element], None]:
    def go(el: etree._Element) -> None:
        target = el.find(path)
        target.addnext(copy.deepcopy(target))

    return go


def swap_identifier(path: str, tag: str, value: str) -> Callable[[etree._Element], None]:
    def go(el: etree._Element) -> None:
        target = el.find(path)
        target.tag, target.text = tag, value

    return go


REQ = "Requests"
ASSESS = "Requests/Assessment"
NAMED = "Requests/Assessment/NamedPlan"
DETAIL = "Requests/Assessment/NamedPlan/PlanDetail"
ACTIVE = "Requests/ActivePlans"
PLACE = "Requests/ActivePlans/PlacementDetail"

BREAKS: dict[str, Callable[[etree._Element], None]] = {
    "V-03": remove("Surname"),
    "V-04": set_text("UPN", "B919200020001"),
    "V-05": add_after("UPN", "UniqueLearnerNumber", "9276308687"),
    "V-06": remove("UPN"),
    "V-07": both(remove("UPN"), add_after("PostCode", "UPNunknown", "UN8")),
    "V-08": remove(f"{REQ}/ReceivedDate"),
    "V-09": remove(f"{REQ}/RequestSource"),
    "V-10": set_text(f"{REQ}/RequestOutcome", "A"),
    "V-11": add_after(f"{REQ}/RequestTribunal", "Exported", "856"),
    "V-12": set_text(f"{ASSESS}/AssessmentOutcome", "W"),
    "V-13": remove(f"{ASSESS}/AssessmentOutcomeDate"),
    "V-14": add_after(f"{DETAIL}/URN", "UKPRN", "10012345"),
    "V-15": duplicate(DETAIL),
    "V-16a": swap_identifier(f"{PLACE}/URN", "SENSetting", "NIEO"),
    "V-16b": swap_identifier(f"{DETAIL}/URN", "SENSetting", "OTH"),
    "V-17": swap_identifier(f"{DETAIL}/URN", "SENSetting", "NEET"),
    "V-18": set_text(f"{ACTIVE}/SENneed[2]/SENtype", "MLD"),
    "V-20": set_text("Sex", "X"),
    "S-01": add_after(f"{DETAIL}", "CeaseDate", "2025-12-01"),
    "S-02": add_after(f"{PLACE}/EntryDate", "LeavingDate", "2025-08-01"),
    "S-03": set_text(f"{ACTIVE}/LastReview", "2026-02-01"),
    "S-04": set_text("PersonBirthDate", "1990-01-01"),
    "S-05": set_text(f"{ACTIVE}/ReviewOutcome", "M"),
    "S-06": remove(f"{ASSESS}/Week20"),
    "S-07": add_after(f"{REQ}/RequestTribunal", "Exported", "919"),
    "S-08": remove(PLACE),
    "S-09": set_text(f"{DETAIL}/URN", "999999"),
    "S-10": duplicate(REQ),
}


def test_every_person_rule_has_a_negative_test() -> None:
    assert {rule.id for rule in r.RULES} == set(BREAKS)


@pytest.mark.parametrize("rule_id", sorted(BREAKS))
def test_each_rule_fires_on_data_that_breaks_it(rule_id: str) -> None:
    el = good()
    BREAKS[rule_id](el)
    assert rule_id in fired(el)


@pytest.mark.parametrize("rule_id", sorted(BREAKS))
def test_each_finding_names_the_item(rule_id: str) -> None:
    el = good()
    BREAKS[rule_id](el)
    rule = next(x for x in r.RULES if x.id == rule_id)
    problems = list(rule.check(r.view(el), CTX))
    assert problems and all(p.item and p.text for p in problems)


def test_v01_fires_on_a_header_for_another_la() -> None:
    header = etree.fromstring(GOOD_HEADER)
    header.find("Source/LEA").text = "856"
    assert fired(header, r.HEADER_RULES) == {"V-01"}


def test_v02_fires_when_an_officer_is_not_given() -> None:
    header = etree.fromstring(GOOD_HEADER)
    dsco = header.find("Source/DSCO")
    dsco.getparent().remove(dsco)
    assert fired(header, r.HEADER_RULES) == {"V-02"}


def test_v19_fires_when_other_codes_are_common_and_not_when_rare() -> None:
    common = {"RequestSource": {"1": 80, "5": 20}}
    rare = {"RequestSource": {"1": 99, "5": 1}, "CeaseReason": {"2": 40, "9": 2}}
    assert [p.item for p in r.v19(common)] == ["2.2"]
    assert list(r.v19(rare)) == []


def test_historical_requests_keep_their_plan_but_give_no_decision_details() -> None:
    el = good()
    el.find(f"{REQ}/RequestOutcome").text = "H"
    for tag in ("RequestOutcomeDate", "RequestMediation", "RequestTribunal"):
        remove(f"{REQ}/{tag}")(el)
    el.find(f"{ASSESS}/AssessmentOutcome").text = "H"
    assert "V-10" not in fired(el)
    remove(f"{REQ}/RequestSource")(el)
    assert "V-09" not in fired(el), "H requests may predate any record of their source"


@pytest.mark.parametrize(
    ("upn", "fast"),
    [
        ("R873200124123", True),  # sen2.md 10.1 worked example
        ("Z87320012412A", True),  # temporary UPN
        ("B801200005001", True),  # python-stdnum test vector
        ("A801200005001", False),  # wrong check letter
        ("R873200124124", False),
        ("I873200124123", False),  # I is never a check letter
        ("R999200124123", False),  # 999 is not an LA number
    ],
)
def test_the_fast_upn_check_agrees_with_the_identifier_rules(upn: str, fast: bool) -> None:
    from sendpath.law.identifiers import InvalidIdentifier, validate_upn

    assert r._upn_ok(upn) is fast
    if fast:
        assert validate_upn(upn) == upn
    else:
        with pytest.raises(InvalidIdentifier):
            validate_upn(upn)
