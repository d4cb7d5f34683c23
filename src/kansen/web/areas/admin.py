"""Admin of areas and area data, limited to the administrator's own municipality."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q
from django.http import HttpRequest

from kansen.web.accounts.admin_site import MunicipalityScopedAdmin

from .models import Area, ImportRun, Indicator


@admin.register(Indicator)
class IndicatorAdmin(MunicipalityScopedAdmin):
    list_display = ["name", "code", "unit", "domain", "direction", "municipality", "is_public"]
    list_filter = ["domain", "is_public", "municipality"]
    search_fields = ["name", "code"]


@admin.register(ImportRun)
class ImportRunAdmin(MunicipalityScopedAdmin):
    list_display = ["filename", "kind", "status", "municipality", "user", "created_at"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in ImportRun._meta.fields]


@admin.register(Area)
class AreaAdmin(MunicipalityScopedAdmin):
    """Areas are CBS geography: a municipal administrator sees its own; only the platform
    administrator changes them."""

    list_display = ["code", "name", "level", "year", "municipality_code"]
    list_filter = ["level", "year"]
    search_fields = ["code", "name"]
    readonly_fields = ["geometry", "bbox", "area_m2", "point_x", "point_y", "updated_by"]
    raw_id_fields = ["parent"]

    def municipality_filter(self, municipality: Any) -> Q:
        return Q(municipality_code=municipality.code)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)
