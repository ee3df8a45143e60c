"""Performance targets: an authority's ambitions for its EHC figures (funding.md 6.3).

Leicester's 2026/27 ambitions say "EHCP initial timeliness to improve by 15%" and "EHCP
Reviews to be improved by 25%" by April 2027 on a 2024-25 baseline. "Improve by 15%" can
mean x 1.15 or + 15 points, so the target stores which (``kind``) and shows the value it
computes. Which measure and period the authority means is stored with it, and a manager
can change every part.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models

from sendpath.figures import arithmetic as ar


class Metric(models.TextChoices):
    """The figures a target can be set on: each a rate in ``definitions.FIGURES``."""

    INITIAL_TIMELINESS = (
        "issued_within_20_weeks_excluding_exceptions",
        "New plans issued within 20 weeks, excluding exceptions",
    )
    REVIEW_TIMELINESS = (
        "review_decisions_within_4_weeks",
        "Annual review decisions made within 4 weeks of the meeting",
    )


class TargetKind(models.TextChoices):
    RELATIVE = "relative", "Relative: improve by this percentage of the baseline (x 1.15 for 15%)"
    POINTS = "points", "Percentage points: add this many points to the baseline (+ 15 for 15)"


class PerformanceTarget(models.Model):
    """One ambition: a metric, its baseline, how much better, by when, and who set it."""

    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.CASCADE, related_name="performance_targets"
    )
    metric = models.CharField(max_length=60, choices=Metric.choices)
    name = models.CharField(
        max_length=120, help_text="As the ambition is worded, e.g. EHCP initial timeliness"
    )
    baseline_label = models.CharField(max_length=20, help_text='For example "2024-25"')
    baseline_start = models.DateField()
    baseline_end = models.DateField()
    baseline_value = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="A published baseline (%). Empty: computed from our records for the baseline period.",
    )
    kind = models.CharField(max_length=8, choices=TargetKind.choices, default=TargetKind.RELATIVE)
    change = models.DecimalField(max_digits=5, decimal_places=1, help_text="15 for 'improve by 15%'")
    due_on = models.DateField()
    source = models.CharField(max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["metric"]
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "metric"], name="one_target_per_metric"),
            models.CheckConstraint(
                condition=models.Q(baseline_end__gte=models.F("baseline_start")), name="baseline_in_order"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def baseline_period(self) -> ar.Period:
        return ar.Period(self.baseline_start, self.baseline_end, self.baseline_label)

    def target_value(self, baseline: float | Decimal | None) -> float | None:
        """The figure to reach, from the baseline (ours or the published one)."""
        if baseline is None:
            return None
        return ar.percentage_change_target(float(baseline), float(self.change), self.kind)


LEICESTER_SOURCE = (
    "Leicester City Council, SCE priorities and performance ambitions 2026/27, Children, Young People "
    "and Education Scrutiny Commission, 3 March 2026"
)

#: The defaults every authority starts with (funding.md 6.3): edit them to your own ambitions.
DEFAULTS: dict[str, dict[str, object]] = {
    Metric.INITIAL_TIMELINESS: {
        "name": "EHCP initial timeliness",
        "change": Decimal("15"),
    },
    Metric.REVIEW_TIMELINESS: {
        "name": "EHCP reviews",
        "change": Decimal("25"),
    },
}
DEFAULT_BASELINE = ar.Period.financial_year(2024)
DEFAULT_DUE = dt.date(2027, 4, 1)
