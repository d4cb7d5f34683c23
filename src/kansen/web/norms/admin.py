"""Norm periods in the admin: read only (they are entered on the norms page, /normen/)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kansen.web.accounts.admin_site import ModelAdmin, TabularInline

from .models import NormAmount, NormPeriod


class NormAmountInline(TabularInline):
    model = NormAmount
    extra = 0
    can_delete = False
    fields = (
        "household",
        "age_band",
        "children",
        "incl_holiday_allowance",
        "excl_holiday_allowance",
        "source",
        "excl_source",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(NormPeriod)
class NormPeriodAdmin(ModelAdmin):
    list_display = ["valid_from", "source", "origin", "created_by", "created_at"]
    readonly_fields = [
        "valid_from",
        "source",
        "note",
        "origin",
        "filename",
        "created_by",
        "created_at",
    ]
    inlines = [NormAmountInline]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
