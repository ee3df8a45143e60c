"""Quality checks and the comparison of versions: pure functions over plan documents."""

from __future__ import annotations

from sendpath.plans.diff import compare, mark
from sendpath.plans.document import Document
from sendpath.plans.quality import check


def doc(**kw: object) -> Document:
    base = dict(
        version_id=1,
        number=1,
        status="draft",
        texts={"A": "Likes trains.", "C": "None known.", "D": "None.", "I": "Brook Primary"},
        needs=[{"id": 1, "key": "n1", "area": "Cognition and learning", "description": "Reading age 6"}],
        outcomes=[
            {
                "id": 1,
                "key": "o1",
                "text": "Reads a chapter book",
                "timeframe": "By July 2027",
                "needs": ["n1"],
            }
        ],
        provision=[
            {
                "id": 1,
                "key": "p1",
                "section": "F",
                "what": "Phonics teaching",
                "who": "Trained TA",
                "frequency": "Daily, 20 minutes",
                "duration": "For a year",
                "where": "Classroom",
                "outcomes": ["o1"],
            }
        ],
        advice=[
            {
                "id": 9,
                "title": "Psychological advice",
                "given_by": "EP service",
                "given_on": None,
                "referenced": True,
            }
        ],
    )
    base.update(kw)
    return Document(**base)  # type: ignore[arg-type]


def problems(d: Document) -> list[str]:
    return [f.problem for f in check(d)]


def test_a_complete_specific_plan_has_no_flags() -> None:
    assert check(doc()) == []


def test_provision_without_frequency_duration_or_deliverer_is_flagged_with_why() -> None:
    line = {
        "id": 1,
        "key": "p1",
        "section": "F",
        "what": "Speech and language therapy",
        "who": "",
        "frequency": "",
        "duration": "",
        "where": "",
        "outcomes": ["o1"],
    }
    (flag,) = check(doc(provision=[line]))
    assert flag.problem == '"Speech and language therapy": no how often, no for how long, no who delivers it'
    assert "9.69" in flag.why and flag.anchor == "provision-p1"


def test_vague_words_are_flagged() -> None:
    line = {
        "id": 1,
        "key": "p2",
        "section": "F",
        "what": "Access to regular opportunities for small group work",
        "who": "TA",
        "frequency": "Up to 3 times a week, as appropriate",
        "duration": "A year",
        "where": "",
        "outcomes": ["o1"],
    }
    (flag,) = check(doc(provision=[line]))
    assert "access to, as appropriate, opportunities for, regular, up to" in flag.problem


def test_outcome_without_provision_and_provision_without_outcome() -> None:
    orphan_outcome = {"id": 2, "key": "o2", "text": "Makes a friend", "timeframe": "", "needs": []}
    orphan_line = {
        "id": 2,
        "key": "p9",
        "section": "F",
        "what": "Lego therapy",
        "who": "TA",
        "frequency": "Weekly",
        "duration": "Term",
        "where": "Hall",
        "outcomes": [],
    }
    d = doc(outcomes=[*doc().outcomes, orphan_outcome], provision=[*doc().provision, orphan_line])
    found = problems(d)
    assert 'Outcome has no time frame: "Makes a friend"' in found
    assert 'No provision serves the outcome "Makes a friend"' in found
    assert '"Lego therapy" serves no outcome' in found


def test_empty_sections_and_unreferenced_advice() -> None:
    d = doc(
        texts={"A": "", "C": "x", "D": "x", "I": ""},
        needs=[],
        named_setting="",
        advice=[{"id": 3, "title": "Medical advice", "given_by": "", "given_on": None, "referenced": False}],
    )
    found = problems(d)
    assert "Section A is empty" in found and "Section I is empty" in found
    assert "Section B lists no needs" in found
    assert "Advice not referenced: Medical advice" in found


def test_mark_shows_words_removed_and_added_escaped() -> None:
    assert mark("Weekly speech therapy", "Daily speech <b>therapy</b>") == (
        "<del>Weekly</del> <ins>Daily</ins> speech <del>therapy</del> <ins>&lt;b&gt;therapy&lt;/b&gt;</ins>"
    )


def test_compare_matches_lines_by_key_and_marks_each_kind_of_change() -> None:
    old = doc()
    new_line = dict(old.provision[0], frequency="Twice daily, 20 minutes")
    added = {
        "id": 5,
        "key": "p5",
        "section": "F",
        "what": "Touch typing",
        "who": "TA",
        "frequency": "Weekly",
        "duration": "Term",
        "where": "ICT room",
        "outcomes": ["o1"],
    }
    new = doc(number=2, provision=[new_line, added], texts={**old.texts, "A": "Likes trains and buses."})
    sections = {s.section: s for s in compare(old, new)}
    assert [c.kind for c in sections["F"].changes] == ["changed", "added"]
    assert "<del>Daily,</del> <ins>Twice daily,</ins>" in sections["F"].changes[0].marked
    assert sections["A"].changed and not sections["C"].changed
    assert [s.section for s in compare(old, new)] == [
        "A",
        "B",
        "C",
        "D",
        "E",
        "F",
        "G",
        "H1",
        "H2",
        "I",
        "J",
        "K",
    ]
    removed = {s.section: s for s in compare(new, old)}["F"]
    assert [c.kind for c in removed.changes] == ["changed", "removed"]
