"""A run of the SEN2 export: what the data officer asked for, how far it has got, and what
it found. The work runs as a command in its own process (``sen2_export --run-id N``); the
page reads this row to show progress, so a large export never holds a browser request open.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Finished"
    FAILED = "failed", "Failed"


class Officer(models.TextChoices):
    """Whether a designated officer is in post (SEN2 header DMO, DCO, DSCO)."""

    YES = "Y", "Yes, in post"
    NO = "N", "No"
    RECRUITING = "R", "Recruitment in progress"


class ReturnRun(models.Model):
    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="sen2_runs"
    )
    year = models.PositiveSmallIntegerField(help_text="The collection year, e.g. 2026.")
    reference_date = models.DateField(help_text="Header ReferenceDate: the census day unless changed.")
    dmo = models.CharField("Designated Medical Officer", max_length=1, choices=Officer.choices, default="Y")
    dco = models.CharField("Designated Clinical Officer", max_length=1, choices=Officer.choices, default="Y")
    dsco = models.CharField(
        "Designated Social Care Officer", max_length=1, choices=Officer.choices, default="Y"
    )
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    stage = models.CharField(max_length=100, blank=True, help_text="What the run is doing now.")
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent done.")
    persons = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True, help_text="Counts per module and per code.")
    previous_counts = models.JSONField(default=dict, blank=True, help_text="The year before, for comparison.")
    findings = models.JSONField(default=dict, blank=True, help_text="Rule results grouped by rule.")
    schema_errors = models.JSONField(default=list, blank=True)
    schema_error_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    query_count = models.PositiveIntegerField(default=0)
    file_path = models.CharField(max_length=300, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    message = models.TextField(blank=True, help_text="Why a run failed.")
    seconds = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["local_authority", "year", "status"])]

    def __str__(self) -> str:
        return f"SEN2 {self.year} run {self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)
