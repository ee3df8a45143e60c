"""Quality checks on a draft plan, shown to the coordinator before it is issued.

Ofsted found plans that were vague and inaccurate. Each flag says what is wrong, why it
matters (the Code of Practice asks for provision that is "detailed and specific", 9.69, and
outcomes that are specific with a time frame, 9.66), and which line to fix. Pure: it reads a
``plans.document.Document``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sendpath.plans.document import Document

VAGUE = (
    "access to",
    "regular",
    "regularly",
    "opportunities for",
    "opportunity to",
    "as appropriate",
    "up to",
    "as required",
    "as needed",
    "where possible",
)
VAGUE_RE = re.compile(r"\b(" + "|".join(re.escape(w) for w in VAGUE) + r")\b", re.IGNORECASE)
REQUIRED_TEXT = ("A", "C", "D", "I")


@dataclass(frozen=True)
class Flag:
    section: str
    anchor: str  # the id of the line on the page
    problem: str
    why: str


def check(doc: Document) -> list[Flag]:
    """Every problem found, in section order."""
    flags: list[Flag] = []
    for section in REQUIRED_TEXT:
        if not doc.text(section).strip() and not (section == "I" and doc.named_setting):
            flags.append(
                Flag(
                    section,
                    f"section-{section}",
                    f"Section {section} is empty",
                    "Every section must be completed, or say why it does not apply (Code of Practice 9.62).",
                )
            )
    if not doc.needs:
        flags.append(
            Flag(
                "B",
                "section-B",
                "Section B lists no needs",
                "Provision must meet each need, so the needs must be set out (Code of Practice 9.69).",
            )
        )
    if not doc.outcomes:
        flags.append(
            Flag(
                "E",
                "section-E",
                "Section E has no outcomes",
                "Outcomes say what the provision is for and are reviewed each year (9.66).",
            )
        )
    served = {key for line in doc.provision for key in line["outcomes"]}
    for outcome in doc.outcomes:
        anchor = f"outcome-{outcome['key']}"
        if not outcome["timeframe"].strip():
            flags.append(
                Flag(
                    "E",
                    anchor,
                    f'Outcome has no time frame: "{_short(outcome["text"])}"',
                    "Outcomes must say by when they should be achieved (9.66).",
                )
            )
        if outcome["key"] not in served:
            flags.append(
                Flag(
                    "E",
                    anchor,
                    f'No provision serves the outcome "{_short(outcome["text"])}"',
                    "An outcome nobody works towards will not be met.",
                )
            )
    for line in doc.provision:
        anchor = f"provision-{line['key']}"
        missing = [
            label
            for label, name in (
                ("how often", "frequency"),
                ("for how long", "duration"),
                ("who delivers it", "who"),
            )
            if not line[name].strip()
        ]
        if missing:
            flags.append(
                Flag(
                    line["section"],
                    anchor,
                    f'"{_short(line["what"])}": no {", no ".join(missing)}',
                    "Provision must be specific and quantified, so that it can be checked and "
                    "enforced (Code of Practice 9.69).",
                )
            )
        if line["section"] == "F" and not line["outcomes"]:
            flags.append(
                Flag(
                    "F",
                    anchor,
                    f'"{_short(line["what"])}" serves no outcome',
                    "Each provision line should say which outcome it helps the child achieve.",
                )
            )
        words = sorted(
            {
                m.group(0).lower()
                for m in VAGUE_RE.finditer(" ".join(line[f] for f in ("what", "frequency", "duration")))
            }
        )
        if words:
            flags.append(
                Flag(
                    line["section"],
                    anchor,
                    f'"{_short(line["what"])}" uses vague words: {", ".join(words)}',
                    "Words like these leave the amount of help open, so it cannot be enforced.",
                )
            )
    referenced_titles = " ".join(doc.texts.values()).lower()
    for advice in doc.advice:
        if not advice["referenced"] and advice["title"].lower() not in referenced_titles:
            flags.append(
                Flag(
                    "K",
                    f"advice-{advice['id']}",
                    f"Advice not referenced: {advice['title']}",
                    "The plan must take account of all the advice received (reg 11, Code 9.61).",
                )
            )
    return flags


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
