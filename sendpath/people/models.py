"""Children and young people, their parents and carers, and who teaches them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from sendpath.people.codes import Ethnicity, RelationshipKind, Sex, UPNUnknown


class Child(models.Model):
    """A child or young person (0 to 25) known to the local authority's SEND service.

    ``version`` is the optimistic-concurrency counter: every change goes through
    ``people.services.update_child``, which refuses a stale version instead of
    overwriting someone else's edit.
    """

    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="children"
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    postcode = models.CharField(max_length=8)
    upn = models.CharField("UPN", max_length=13, blank=True, db_index=True)
    uln = models.CharField("ULN", max_length=10, blank=True)
    upn_unknown = models.CharField(
        "reason UPN and ULN are unknown", max_length=4, choices=UPNUnknown.choices, blank=True
    )
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    setting = models.ForeignKey(
        "organisations.Setting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pupils",
        help_text="The setting whose roll the child is on now.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="own_record",
        help_text="The young person's own account, from 16.",
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["local_authority", "last_name", "first_name"])]
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: dt.date) -> int:
        """Age in whole years on ``day``."""
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class Carer(models.Model):
    """A parent or carer. Has an account once they have signed up."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carer",
    )

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Relationship(models.Model):
    """Links a carer to a child. Only these links let a family see a child's record."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="relationships")
    carer = models.ForeignKey(Carer, on_delete=models.CASCADE, related_name="relationships")
    kind = models.CharField(max_length=16, choices=RelationshipKind.choices)
    parental_responsibility = models.BooleanField(default=True)
    lives_with_child = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "carer"], name="one_relationship_per_pair")]

    def __str__(self) -> str:
        return f"{self.carer} is {self.get_kind_display().lower()} of {self.child}"


class TeachingAssignment(models.Model):
    """A teacher who teaches a child at the child's setting, so they can see the child's
    targets. Set by the setting's SENCO."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="teachers")
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="teaching")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["child", "teacher"], name="one_assignment_per_pair")]
