"""Administration of municipalities (platform administrators) and users.

A municipal administrator (staff, role ``administrator``) sees and manages only the users of
their own municipality; platform administrators (superusers) see everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .admin_site import MunicipalityScopedAdmin
from .constants import Role
from .models import Municipality, User

# Generic in django-stubs only (see admin_site).
if TYPE_CHECKING:
    BaseUserAdmin = DjangoUserAdmin[User]
else:
    BaseUserAdmin = DjangoUserAdmin


@admin.register(Municipality)
class MunicipalityAdmin(MunicipalityScopedAdmin):
    """Municipalities: for the platform administrator (not in ``ADMIN_MODELS``)."""

    list_display = ["name", "code", "slug", "is_active"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}

    def municipality_filter(self, municipality: Any) -> Q:
        return Q(pk=municipality.pk)


@admin.register(User)
class UserAdmin(MunicipalityScopedAdmin, BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "municipality", "role", "is_active"]
    list_filter = ["municipality", "role", "is_active", "is_staff"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Municipality and role"), {"fields": ["municipality", "role"]}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Municipality and role"), {"fields": ["municipality", "role"]}),
    )

    def municipality_filter(self, municipality: Any) -> Q:
        return Q(municipality=municipality, is_superuser=False)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["municipality", "is_staff", "is_superuser", "user_permissions", "groups"]
        return fields

    def formfield_for_choice_field(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "role" and not request.user.is_superuser:
            # A municipality's users have a municipal role; the national network has none.
            kwargs["choices"] = [("", "---------")] + [
                (r.value, r.label) for r in Role if r != Role.NATIONAL
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if not request.user.is_superuser:
            obj.municipality_id = getattr(request.user, "municipality_id", None)
            obj.is_superuser = False
        super().save_model(request, obj, form, change)
