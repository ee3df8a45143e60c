"""Comparing two versions of a plan, section by section, with the changes marked.

Pure: it reads two ``plans.document.Document``s. Outcomes, needs and provision are matched
by their stable ``key``, so an edited line shows as changed, not as removed and added.
"""

from __future__ import annotations

import difflib
import html
from dataclasses import dataclass, field
from typing import Any

from sendpath.plans.document import Document
from sendpath.plans.models import Section


@dataclass
class Change:
    kind: str  # added | removed | changed | same
    label: str
    old: str = ""
    new: str = ""
    marked: str = ""  # HTML with <ins>/<del>, escaped


@dataclass
class SectionChanges:
    section: str
    title: str
    changes: list[Change] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(c.kind != "same" for c in self.changes)


def mark(old: str, new: str) -> str:
    """Word-level differences as escaped HTML with <del> and <ins>."""
    a, b = old.split(), new.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(html.escape(" ".join(a[i1:i2])))
        if op in ("delete", "replace"):
            out.append(f"<del>{html.escape(' '.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{html.escape(' '.join(b[j1:j2]))}</ins>")
    return " ".join(out)


def _text_change(label: str, old: str, new: str) -> Change:
    if old == new:
        return Change("same", label, old, new, html.escape(new))
    kind = "added" if not old else ("removed" if not new else "changed")
    return Change(kind, label, old, new, mark(old, new))


def _rows(old: list[dict[str, Any]], new: list[dict[str, Any]], render: Any, label: str) -> list[Change]:
    before = {row["key"]: row for row in old}
    after = {row["key"]: row for row in new}
    changes = []
    for key in [*after, *[k for k in before if k not in after]]:
        changes.append(
            _text_change(
                label,
                render(before[key]) if key in before else "",
                render(after[key]) if key in after else "",
            )
        )
    return changes


def _provision(row: dict[str, Any]) -> str:
    return (
        f"{row['what']}. Delivered by {row['who'] or '(not said)'}; "
        f"{row['frequency'] or '(how often not said)'}; "
        f"{row['duration'] or '(for how long not said)'}; {row['where'] or '(where not said)'}."
    )


def compare(old: Document, new: Document) -> list[SectionChanges]:
    """Every section of the plan, in order, with each difference between ``old`` and ``new``."""
    result = []
    for section in Section:
        entry = SectionChanges(section.value, section.label)
        if section == Section.B:
            entry.changes = _rows(old.needs, new.needs, lambda r: f"{r['area']}: {r['description']}", "Need")
        elif section == Section.E:
            entry.changes = _rows(
                old.outcomes, new.outcomes, lambda r: f"{r['text']} ({r['timeframe']})", "Outcome"
            )
        elif section.value in ("F", "G", "H1", "H2"):
            entry.changes = _rows(
                [p for p in old.provision if p["section"] == section.value],
                [p for p in new.provision if p["section"] == section.value],
                _provision,
                "Provision",
            )
            if section.value in ("G", "H1", "H2"):
                entry.changes.insert(
                    0, _text_change("Text", old.text(section.value), new.text(section.value))
                )
        elif section == Section.K:
            entry.changes = [
                _text_change(
                    "Advice",
                    "; ".join(a["title"] for a in old.advice),
                    "; ".join(a["title"] for a in new.advice),
                )
            ]
        elif section == Section.I:
            entry.changes = [
                _text_change("Setting named", old.named_setting, new.named_setting),
                _text_change("Text", old.text("I"), new.text("I")),
            ]
        else:
            entry.changes = [_text_change("Text", old.text(section.value), new.text(section.value))]
        result.append(entry)
    return result
