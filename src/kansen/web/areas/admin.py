"""Admin of areas and area data, limited to the administrator's own municipality."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from .models import Area, ImportRun, Indicator


class _TenantScoped(admin.ModelAdmin):
    tenant_field = "municipality"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(
            **{f"{self.tenant_field}_id": getattr(request.user, "municipality_id", None)}
        )


@admin.register(Indicator)
class IndicatorAdmin(_TenantScoped):
    list_display = ["name", "code", "unit", "domain", "direction", "municipality", "is_public"]
    list_filter = ["domain", "is_public", "municipality"]
    search_fields = ["name", "code"]


@admin.register(ImportRun)
class ImportRunAdmin(_TenantScoped):
    list_display = ["filename", "kind", "status", "municipality", "user", "created_at"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in ImportRun._meta.fields]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "year", "municipality_code"]
    list_filter = ["level", "year"]
    search_fields = ["code", "name"]
    readonly_fields = ["geometry", "bbox", "area_m2", "point_x", "point_y", "updated_by"]
    raw_id_fields = ["parent"]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return bool(request.user.is_superuser)
