"""The admin, for system administrators: local authorities, settings and services.

Identifiers are checked with the same validators as everywhere else, so a bad URN, UKPRN or
postcode gets the same plain message here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from sendpath.law.identifiers import InvalidIdentifier, validate_postcode, validate_ukprn, validate_urn
from sendpath.organisations.models import LocalAuthority, Service, Setting


class SettingForm(forms.ModelForm):
    class Meta:
        model = Setting
        fields = ["local_authority", "name", "urn", "ukprn", "kind", "phase", "postcode"]

    def _check(self, name: str, validate: Any) -> str | None:
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            return None
        try:
            return str(validate(value))
        except InvalidIdentifier as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_urn(self) -> str | None:
        return self._check("urn", validate_urn)

    def clean_ukprn(self) -> str | None:
        return self._check("ukprn", validate_ukprn)

    def clean_postcode(self) -> str | None:
        return self._check("postcode", validate_postcode)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("urn") and not data.get("ukprn"):
            raise forms.ValidationError("Enter the setting's URN or its UKPRN")
        return data


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Setting)
class SettingAdmin(admin.ModelAdmin):
    form = SettingForm
    list_display = ["name", "urn", "ukprn", "kind", "phase", "local_authority"]
    list_filter = ["kind", "phase", "local_authority"]
    search_fields = ["name", "urn", "ukprn"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "local_authority"]
    list_filter = ["kind", "local_authority"]
