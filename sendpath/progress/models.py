"""Progress against a plan's outcomes, recorded in school.

A SENCO breaks each section E outcome of the plan in force into short-term ``Target``s and
names the teachers who work on them; those teachers record ``Rating``s in lessons. Targets
follow the outcome's stable ``key``, so an amended plan keeps its progress.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Level(models.TextChoices):
    """How far a pupil has got with a target. Shown with text and colour, never colour alone."""

    NOT_STARTED = "not_started", "Not started"
    EMERGING = "emerging", "Emerging"
    DEVELOPING = "developing", "Developing"
    SECURE = "secure", "Secure"
    ACHIEVED = "achieved", "Achieved"


#: Each level's place on the scale, for trends.
LEVEL_ORDER = {level.value: n for n, level in enumerate(Level)}

#: GOV.UK tag colour for each level (always shown with the level's name).
LEVEL_COLOUR = {
    Level.NOT_STARTED: "grey",
    Level.EMERGING: "orange",
    Level.DEVELOPING: "yellow",
    Level.SECURE: "blue",
    Level.ACHIEVED: "green",
}

TARGET_LIMIT = 300
NOTE_LIMIT = 280


class RetireReason(models.TextChoices):
    """Why a target is no longer in use. Its ratings stay: they are the pupil's history."""

    ACHIEVED = "achieved", "The pupil achieved it"
    REPLACED = "replaced", "Replaced by a new target"
    NOT_RELEVANT = "not_relevant", "No longer relevant (for example, the plan was amended)"
    OTHER = "other", "Another reason"


class Target(models.Model):
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="targets")
    outcome_key = models.CharField(max_length=32, help_text="The section E outcome's stable key.")
    text = models.CharField(max_length=TARGET_LIMIT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    active = models.BooleanField(default=True)
    teachers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="targets")
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    retired_reason = models.CharField(max_length=20, choices=RetireReason.choices, blank=True)
    retired_note = models.CharField(max_length=NOTE_LIMIT, blank=True)

    class Meta:
        ordering = ["plan", "outcome_key", "created_at", "pk"]
        indexes = [models.Index(fields=["plan", "active"])]

    def __str__(self) -> str:
        return self.text


class Rating(models.Model):
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="ratings")
    level = models.CharField(max_length=12, choices=Level.choices)
    note = models.CharField(max_length=NOTE_LIMIT, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["rated_at", "pk"]
        indexes = [models.Index(fields=["target", "rated_at"])]

    @property
    def colour(self) -> str:
        return LEVEL_COLOUR[Level(self.level)]


class PupilProfile(models.Model):
    """The one-page pupil profile: the strategies that help, written by the SENCO."""

    child = models.OneToOneField("people.Child", on_delete=models.CASCADE, related_name="pupil_profile")
    strategies = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
