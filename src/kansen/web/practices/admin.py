"""Practice records in the administration, for the platform administrator (a municipal
administrator keeps them on the register's own pages, not here)."""

from django.contrib import admin

from kansen.web.accounts.admin_site import MunicipalityScopedAdmin

from .models import Practice


@admin.register(Practice)
class PracticeAdmin(MunicipalityScopedAdmin):
    list_display = ["title", "municipality", "status", "evidence_level"]
    list_filter = ["status", "municipality"]
    search_fields = ["title"]
    readonly_fields = ["uuid", "licence", "evidence_levels_version", "published_at", "withdrawn_at"]
