"""Accounts in the admin. Children's records are deliberately not in the admin: they are
reached only through the service's own pages, which check permission and audit every read."""

from __future__ import annotations

from django.contrib import admin

from sendpath.accounts.models import User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "role", "local_authority", "setting", "service", "is_active"]
    list_filter = ["role", "is_active", "local_authority"]
    search_fields = ["full_name", "email"]
    fields = ["email", "full_name", "role", "local_authority", "setting", "service", "is_active"]
    raw_id_fields = ["setting", "service"]
