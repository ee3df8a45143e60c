"""Saved forecasts and scenarios, capacity records and children waiting for a specialist place.

A ``Forecast`` is one run of the model (``model.py``) with its inputs, levers, seed and
results. It is immutable once run: changing a lever makes a new run, so what a finance
officer showed to schools forum can always be shown again. A scenario points at the
baseline it is compared with and shares its estimated parameters.

Money is held in whole pounds here: forecasts are estimates, and the ledger (pence) is
where exact money lives.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from sendpath.organisations.models import Phase, SettingKind
from sendpath.plans.codes import NeedType


class ForecastKind(models.TextChoices):
    BASELINE = "baseline", "Baseline"
    SCENARIO = "scenario", "Scenario"


class Forecast(models.Model):
    """One forecast run: a baseline, or a named scenario with its levers."""

    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="forecasts"
    )
    kind = models.CharField(max_length=8, choices=ForecastKind.choices)
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=400, blank=True)
    baseline = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="scenarios"
    )
    census_date = models.DateField(help_text="The January census the forecast starts from.")
    years = models.PositiveSmallIntegerField(default=10)
    runs = models.PositiveIntegerField(default=1000)
    seed = models.PositiveIntegerField(default=1)
    model_version = models.CharField(max_length=20)
    inputs_hash = models.CharField(max_length=64)
    # Money and population inputs for the deficit path (funding.md §4.6).
    population = models.PositiveIntegerField(help_text="Population aged 0 to 25 in the census year.")
    population_growth = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    hnb_allocation = models.BigIntegerField(help_text="HNB allocation for the first financial year, £.")
    allocation_growth = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    other_spend = models.BigIntegerField(default=0, help_text="HNB spend not on placements, £ a year.")
    opening_deficit = models.BigIntegerField(default=0, help_text="Cumulative DSG deficit at 31 March, £.")
    write_off_share = models.DecimalField(max_digits=5, decimal_places=2, default=90)
    override_end = models.DateField(default=dt.date(2028, 3, 31))
    # Levers (a baseline keeps the defaults).
    request_factor = models.DecimalField(max_digits=5, decimal_places=2, default=100)
    request_from = models.PositiveSmallIntegerField(null=True, blank=True)
    inflation = models.DecimalField(max_digits=5, decimal_places=2, default=3)
    dsp_places = models.PositiveIntegerField(default=0)
    dsp_from = models.PositiveSmallIntegerField(null=True, blank=True)
    iss_reduction = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    iss_to = models.CharField(max_length=24, choices=SettingKind.choices, default=SettingKind.SPECIAL)
    iss_from = models.PositiveSmallIntegerField(null=True, blank=True)
    parameters = models.JSONField(default=dict, help_text="Estimated parameters and their sources.")
    inputs_blob = models.BinaryField(help_text="The model inputs (npz), so scenarios reuse them exactly.")
    results = models.JSONField(default=dict)
    seconds = models.FloatField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["local_authority", "kind", "created_at"])]

    def __str__(self) -> str:
        return self.name

    @property
    def first_year(self) -> int:
        """The calendar year of the census the forecast starts from."""
        return self.census_date.year


class ProvisionType(models.TextChoices):
    SPECIAL = "special", "Special school"
    DSP = "dsp", "Designated specialist provision (DSP) or resource base"
    SEN_UNIT = "sen_unit", "SEN unit"
    AP = "ap", "Alternative provision or pupil referral unit"
    INTERNAL = "internal", "Internal unit run by a school (not commissioned)"


class Confidence(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed"
    LIKELY = "likely", "Likely"
    POSSIBLE = "possible", "Possible"


class CapacityRecord(models.Model):
    """Places at one provision in one academic year, for one need and phase (funding.md §7.1)."""

    setting = models.ForeignKey("organisations.Setting", on_delete=models.CASCADE, related_name="capacity")
    provision = models.CharField(max_length=10, choices=ProvisionType.choices)
    academic_year = models.PositiveSmallIntegerField(
        help_text="The year the academic year starts, e.g. 2025."
    )
    need = models.CharField(max_length=4, choices=NeedType.choices, blank=True, help_text="Empty: any need.")
    phase = models.CharField(max_length=12, choices=Phase.choices)
    physical = models.PositiveIntegerField("Physical capacity", null=True, blank=True)
    places_10k = models.PositiveIntegerField("Commissioned places at £10,000", default=0)
    places_6k = models.PositiveIntegerField("Commissioned places at £6,000", default=0)
    planned_change = models.IntegerField(
        default=0, help_text="Places added (or removed) by a capital project."
    )
    confidence = models.CharField(max_length=10, choices=Confidence.choices, default=Confidence.CONFIRMED)
    note = models.CharField(max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["setting", "academic_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["setting", "academic_year", "need", "phase"], name="capacity_one_per_year_need_phase"
            )
        ]

    @property
    def commissioned(self) -> int:
        return self.places_10k + self.places_6k


class WaitTrigger(models.TextChoices):
    PANEL = "panel", "Panel agreed a specialist place is needed"
    PLAN = "plan", "Plan names specialist provision with no school able to take the child"


class Interim(models.TextChoices):
    MAINSTREAM = "mainstream", "Mainstream with interim support"
    SUPPORT_SERVICE = "support_service", "SEND support service involved"
    INTERNAL_AP = "internal_ap", "Internal alternative provision unit"
    REDUCED = "reduced", "Reduced timetable"
    OUT_OF_SCHOOL = "out_of_school", "Out of school"


class WaitingEntry(models.Model):
    """A child waiting for a specialist place (funding.md §7.2). Days waiting are derived."""

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="waits")
    plan = models.ForeignKey("plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="waits"
    )
    trigger = models.CharField(max_length=6, choices=WaitTrigger.choices)
    opened_on = models.DateField()
    provision_sought = models.CharField(max_length=10, choices=ProvisionType.choices)
    need = models.CharField(max_length=4, choices=NeedType.choices)
    phase = models.CharField(max_length=12, choices=Phase.choices)
    interim = models.CharField(max_length=16, choices=Interim.choices)
    interim_setting = models.ForeignKey(
        "organisations.Setting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_on = models.DateField(null=True, blank=True)
    outcome_setting = models.ForeignKey(
        "organisations.Setting", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["opened_on"]
        indexes = [models.Index(fields=["local_authority", "closed_on", "opened_on"])]
        verbose_name_plural = "waiting entries"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=models.F("opened_on")),
                name="wait_closes_after_opening",
            )
        ]

    def days_waiting(self, today: dt.date) -> int:
        return ((self.closed_on or today) - self.opened_on).days
