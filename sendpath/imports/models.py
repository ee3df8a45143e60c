"""Import runs and the legacy ids they loaded.

An ``ImportRun`` is kept for every attempt, whether it loaded rows, refused the file or
failed midway, with who ran it, when, on which files, the counts and every rejected row:
the data officer's evidence of what came from the legacy system. ``LegacyRecord`` maps a
legacy id to the record made from it, so importing the same rows twice is refused.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class RunStatus(models.TextChoices):
    LOADED = "loaded", "Loaded"
    REFUSED = "refused", "Nothing loaded: rows were rejected"
    FAILED = "failed", "Nothing loaded: the import failed"


class ImportRun(models.Model):
    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="import_runs"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=8, choices=[("page", "Import page"), ("command", "Command line")])
    file_names = models.JSONField(default=list)
    only_valid = models.BooleanField(default=False, help_text="Load the valid rows and report the rest.")
    status = models.CharField(max_length=8, choices=RunStatus.choices)
    rows_read = models.PositiveIntegerField(default=0)
    rows_loaded = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    #: Per table: {"persons": {"read": n, "loaded": n, "rejected": n}, ...}
    counts = models.JSONField(default=dict)
    #: Every problem as [file, line, column, reason], in file and line order.
    report = models.JSONField(default=list)
    error = models.TextField(blank=True, help_text="Why a failed run stopped.")

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["local_authority", "started_at"])]

    def __str__(self) -> str:
        return f"Import {self.pk}"


class LegacyRecord(models.Model):
    """One legacy id and the record made from it, unique per authority and table."""

    run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="records")
    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="+"
    )
    table = models.CharField(max_length=16)
    legacy_id = models.CharField(max_length=64)
    object_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "table", "legacy_id"], name="one_record_per_legacy_id"
            )
        ]
