"""Saved indices in the administration, limited to the administrator's own municipality."""

from django.contrib import admin

from kansen.web.accounts.admin_site import MunicipalityScopedAdmin

from .models import SavedIndex


@admin.register(SavedIndex)
class SavedIndexAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "version", "municipality", "created_by", "created_at"]
    list_filter = ["municipality"]
    readonly_fields = ["definition", "created_at", "created_by"]
