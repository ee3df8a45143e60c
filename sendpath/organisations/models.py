"""Organisations: the local authority, its settings (schools, colleges, nurseries) and services.

People belong to organisations, not to cases: a SENCO is a member of a setting and an
educational psychologist of a service, so when staff change the case stays with the
organisation and is never stranded.
"""

from __future__ import annotations

from django.db import models


class LocalAuthority(models.Model):
    """A local authority, identified by its three-digit DfE number (e.g. 856 Leicester)."""

    code = models.CharField("DfE LA number", max_length=3, unique=True)
    name = models.CharField(max_length=120)
    gss_code = models.CharField("ONS code", max_length=9, blank=True)

    class Meta:
        verbose_name_plural = "local authorities"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class SettingKind(models.TextChoices):
    MAINSTREAM = "mainstream", "Mainstream school"
    SPECIAL = "special", "Special school"
    RESOURCED = "resourced", "Resourced provision or SEN unit"
    INDEPENDENT_SPECIAL = "independent_special", "Independent or non-maintained special school"
    FE_COLLEGE = "fe_college", "Further education college"
    EARLY_YEARS = "early_years", "Early years setting"
    ALTERNATIVE = "alternative", "Alternative provision"


class Phase(models.TextChoices):
    NURSERY = "nursery", "Nursery"
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    POST_16 = "post16", "16 plus"


class Setting(models.Model):
    """A school, college or early years provider, identified by GIAS URN or UKRLP UKPRN."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="settings")
    name = models.CharField(max_length=160)
    urn = models.CharField("URN", max_length=6, unique=True, null=True, blank=True)
    ukprn = models.CharField("UKPRN", max_length=8, unique=True, null=True, blank=True)
    kind = models.CharField(max_length=24, choices=SettingKind.choices)
    phase = models.CharField(max_length=12, choices=Phase.choices)
    postcode = models.CharField(max_length=8)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(urn__isnull=False) | models.Q(ukprn__isnull=False),
                name="setting_has_urn_or_ukprn",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def identifier(self) -> str:
        return f"URN {self.urn}" if self.urn else f"UKPRN {self.ukprn}"


class ServiceKind(models.TextChoices):
    EDUCATIONAL_PSYCHOLOGY = "ep", "Educational psychology"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    SPECIALIST_TEACHING = "specialist_teaching", "Specialist teaching"
    SENSORY_SUPPORT = "sensory", "Sensory support"


class Service(models.Model):
    """A service that gives advice or support: educational psychology, health, social care..."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=160)
    kind = models.CharField(max_length=24, choices=ServiceKind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
