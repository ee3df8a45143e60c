"""API tokens: how another system (a school's MIS, the council's BI tool) reads sendpath.

A token belongs to one organisation and acts through its own service account, so every
selector and permission that decides what a person sees decides what the token sees too.
Only a SHA-256 hash of the secret is kept; the secret is shown once, when it is made.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    name = models.CharField(max_length=80, help_text="What the token is for, e.g. 'MIS nightly sync'.")
    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="api_tokens"
    )
    setting = models.ForeignKey(
        "organisations.Setting", null=True, blank=True, on_delete=models.PROTECT, related_name="api_tokens"
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_token"
    )
    prefix = models.CharField(max_length=8, help_text="The first characters, to recognise the token by.")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens_made"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def organisation_name(self) -> str:
        return self.setting.name if self.setting_id else self.local_authority.name
