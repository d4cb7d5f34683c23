"""Administration of municipalities (platform administrators) and users.

A municipal administrator (staff, role ``administrator``) sees and manages only the users of
their own municipality; platform administrators (superusers) see everything.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Municipality, User


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "slug", "is_active"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "municipality", "role", "is_active"]
    list_filter = ["municipality", "role", "is_active", "is_staff"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Municipality and role"), {"fields": ["municipality", "role"]}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Municipality and role"), {"fields": ["municipality", "role"]}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(
            municipality_id=getattr(request.user, "municipality_id", None), is_superuser=False
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["municipality", "is_superuser", "user_permissions", "groups"]
        return fields

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if not request.user.is_superuser:
            obj.municipality_id = getattr(request.user, "municipality_id", None)
            obj.is_superuser = False
        super().save_model(request, obj, form, change)
