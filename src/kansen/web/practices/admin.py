from django.contrib import admin

from .models import Practice


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    """For the platform administrator (not in the municipal administrator's table): records
    are kept by the municipality on its own pages."""

    list_display = ("title", "municipality", "status", "evidence_level")
    list_filter = ("status", "municipality")
    search_fields = ("title",)
    readonly_fields = ("uuid", "licence", "evidence_levels_version", "published_at", "withdrawn_at")
