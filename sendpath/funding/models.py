"""Placements: which setting a plan names and the child attends, and when."""

from __future__ import annotations

from django.db import models


class Placement(models.Model):
    """A child's placement at a setting under their plan. Costs follow with the ledger."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="placements")
    setting = models.ForeignKey("organisations.Setting", on_delete=models.PROTECT, related_name="placements")
    start_on = models.DateField()
    end_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "start_on"]
        indexes = [models.Index(fields=["setting", "end_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__isnull=True) | models.Q(end_on__gte=models.F("start_on")),
                name="placement_ends_after_start",
            )
        ]
