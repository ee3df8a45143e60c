"""A plan version as plain data: what the plan page, the PDF, the quality checks and the
comparison of versions all read. One query per kind of row, whatever the plan's size."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sendpath.plans.models import PlanVersion, Section


@dataclass
class Document:
    version_id: int
    number: int
    status: str
    texts: dict[str, str] = field(default_factory=dict)
    needs: list[dict[str, Any]] = field(default_factory=list)
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    provision: list[dict[str, Any]] = field(default_factory=list)
    advice: list[dict[str, Any]] = field(default_factory=list)
    named_setting: str = ""

    def text(self, section: str) -> str:
        return self.texts.get(section, "")


def load(version: PlanVersion) -> Document:
    """Read one version whole."""
    doc = Document(
        version_id=version.pk,
        number=version.number,
        status=version.status,
        named_setting=version.named_setting.name if version.named_setting_id else "",
    )
    doc.texts = {t.section: t.text for t in version.texts.all()}
    needs = list(version.needs.all())
    doc.needs = [
        {"id": n.pk, "key": n.key, "area": n.get_area_display(), "description": n.description} for n in needs
    ]
    need_keys = {n.pk: n.key for n in needs}
    outcomes = list(version.outcomes.prefetch_related("needs"))
    doc.outcomes = [
        {
            "id": o.pk,
            "key": o.key,
            "text": o.text,
            "timeframe": o.timeframe,
            "needs": [need_keys[n.pk] for n in o.needs.all() if n.pk in need_keys],
        }
        for o in outcomes
    ]
    outcome_keys = {o.pk: o.key for o in outcomes}
    doc.provision = [
        {
            "id": p.pk,
            "key": p.key,
            "section": p.section,
            "what": p.what,
            "who": p.who,
            "frequency": p.frequency,
            "duration": p.duration,
            "where": p.where,
            "outcomes": [outcome_keys[o.pk] for o in p.outcomes.all() if o.pk in outcome_keys],
        }
        for p in version.provision.prefetch_related("outcomes")
    ]
    doc.advice = [
        {
            "id": a.pk,
            "title": a.title,
            "given_by": a.given_by,
            "given_on": a.given_on,
            "referenced": a.referenced,
        }
        for a in version.advice.all()
    ]
    return doc


SECTION_ORDER = [s.value for s in Section]
