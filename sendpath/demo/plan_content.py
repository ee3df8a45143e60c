"""Synthetic plan documents for the demo area: needs, outcomes and provision that read like
real plans, linked to each other, with a second version for plans amended at review and some
vague wording for the quality checks to find.

Full documents are written for a bounded number of plans (``MAX_DOCUMENTS``) so that a
20,000-plan area still builds in well under a minute; every plan still has its versions.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sendpath.plans.models import (
    AdviceReference,
    Need,
    NeedArea,
    Outcome,
    Plan,
    PlanVersion,
    Provision,
    SectionText,
    VersionStatus,
)
from sendpath.plans.services import new_key
from sendpath.reviews.models import ReviewDecision

MAX_DOCUMENTS = 1500

# (area, need, outcome, [(what, who, how often, how long, where)])
BANK = [
    (
        NeedArea.COMMUNICATION,
        "Finds it hard to understand long spoken instructions and to put ideas into sentences.",
        "Follows a two-step instruction in class without adult help",
        [
            (
                "Speech and language therapy programme",
                "Speech and language therapist",
                "Fortnightly, 45 minutes",
                "For one year",
                "In school",
            ),
            (
                "Language group using the therapist's programme",
                "Trained teaching assistant",
                "3 times a week, 20 minutes",
                "For one year",
                "In a quiet room",
            ),
        ],
    ),
    (
        NeedArea.COGNITION,
        "Reading and spelling are well below age; slow to process new information.",
        "Reads a book at the right level aloud with 95% accuracy",
        [
            (
                "Precision teaching of high-frequency words",
                "Trained teaching assistant",
                "Daily, 10 minutes",
                "For two terms",
                "In class",
            ),
            (
                "Structured phonics programme",
                "Class teacher",
                "4 times a week, 20 minutes",
                "For one year",
                "In a small group",
            ),
        ],
    ),
    (
        NeedArea.SEMH,
        "Becomes anxious at changes of routine and may leave the room.",
        "Moves between lessons using a visual timetable without adult prompting",
        [
            (
                "Emotional literacy sessions (ELSA)",
                "Emotional literacy support assistant",
                "Weekly, 30 minutes",
                "For two terms",
                "In the nurture room",
            ),
            (
                "Access to a quiet space as appropriate",
                "All staff",
                "Regularly",
                "Up to the end of the year",
                "In school",
            ),
        ],
    ),
    (
        NeedArea.SENSORY_PHYSICAL,
        "Has a hearing impairment and uses hearing aids; misses speech in noisy rooms.",
        "Checks understanding by asking a question in each lesson",
        [
            (
                "Teacher of the deaf visits and advises staff",
                "Qualified teacher of the deaf",
                "Half-termly, 1 hour",
                "For one year",
                "In school",
            ),
            ("Radio aid used in every lesson", "Class teacher", "Every lesson", "Ongoing", "In class"),
        ],
    ),
]
VIEWS = [
    "Likes trains, drawing and being outside. Wants to be a vet. Finds busy playtimes hard.",
    "Loves football and music. Says reading makes them feel tired. Would like more friends.",
    "Enjoys Lego and animals. Worries about getting things wrong. Wants to work in a garage.",
]


def make_documents(
    rng: random.Random, plans: list[Plan], reviews_by_plan: dict[int, list[Any]], today: dt.date
) -> dict[str, int]:
    """Write documents for up to MAX_DOCUMENTS active plans, and version 2 where a review
    decided to amend. Returns counts of what was made."""
    chosen = [p for p in plans if p.status == "active"][:MAX_DOCUMENTS]
    versions_1 = {v.plan_id: v for v in PlanVersion.objects.filter(plan__in=chosen, number=1)}
    amended = []
    for plan in chosen:
        amend = next(
            (
                r
                for r in reviews_by_plan.get(plan.pk, [])
                if r.decision == ReviewDecision.AMEND and r.decided_on
            ),
            None,
        )
        if amend is not None:
            amended.append(
                PlanVersion(
                    plan=plan,
                    number=2,
                    status=VersionStatus.ISSUED,
                    issued_on=min(today, amend.decided_on + dt.timedelta(days=42)),
                    reason="Amended after annual review",
                    based_on=versions_1[plan.pk],
                )
            )
    PlanVersion.objects.bulk_create(amended, batch_size=2000)
    versions: list[tuple[PlanVersion, bool]] = [(versions_1[p.pk], False) for p in chosen] + [
        (v, True) for v in amended
    ]
    texts, needs, outcomes, provision, advice = [], [], [], [], []
    links_on: list[tuple[Outcome, Need]] = []
    links_po: list[tuple[Provision, Outcome]] = []
    # The same keys in both versions of a plan, so progress and comparisons follow each line.
    plan_keys: dict[int, list[dict[str, Any]]] = {}
    for version, is_amendment in versions:
        plan_id = version.plan_id
        if plan_id not in plan_keys:
            plan_keys[plan_id] = [
                {"bank": i, "need": new_key(), "outcome": new_key(), "lines": [new_key() for _ in BANK[i][3]]}
                for i in rng.sample(range(len(BANK)), k=rng.randint(2, 3))
            ]
        texts += [
            SectionText(version=version, section="A", text=rng.choice(VIEWS)),
            SectionText(version=version, section="C", text="No health needs affect education."),
            SectionText(version=version, section="D", text="No social care needs at present."),
            SectionText(version=version, section="I", text="The setting named below."),
        ]
        advice.append(
            AdviceReference(
                version=version,
                title="Psychological advice",
                given_by="Educational Psychology Service",
                referenced=True,
            )
        )
        for order, keys in enumerate(plan_keys[plan_id]):
            area, need_text, outcome_text, lines = BANK[keys["bank"]]
            need = Need(version=version, key=keys["need"], area=area, description=need_text, order=order)
            outcome = Outcome(
                version=version,
                key=keys["outcome"],
                text=outcome_text,
                order=order,
                timeframe="By the end of the school year",
            )
            needs.append(need)
            outcomes.append(outcome)
            links_on.append((outcome, need))
            for line_order, (key, (what, who, often, how_long, where)) in enumerate(
                zip(keys["lines"], lines, strict=True)
            ):
                if is_amendment and line_order == 0:
                    often = often.replace("Weekly", "Twice weekly").replace("Fortnightly", "Weekly")
                line = Provision(
                    version=version,
                    key=key,
                    what=what,
                    who=who,
                    frequency=often,
                    duration=how_long,
                    where=where,
                    order=order * 10 + line_order,
                )
                provision.append(line)
                links_po.append((line, outcome))
    SectionText.objects.bulk_create(texts, batch_size=2000)
    AdviceReference.objects.bulk_create(advice, batch_size=2000)
    Need.objects.bulk_create(needs, batch_size=2000)
    Outcome.objects.bulk_create(outcomes, batch_size=2000)
    Provision.objects.bulk_create(provision, batch_size=2000)
    Outcome.needs.through.objects.bulk_create(
        [Outcome.needs.through(outcome_id=o.pk, need_id=n.pk) for o, n in links_on], batch_size=2000
    )
    Provision.outcomes.through.objects.bulk_create(
        [Provision.outcomes.through(provision_id=p.pk, outcome_id=o.pk) for p, o in links_po], batch_size=2000
    )
    return {
        "plan documents": len(chosen),
        "amended versions": len(amended),
        "outcomes": len(outcomes),
        "provision lines": len(provision),
    }
