from django.contrib import admin

from .models import SavedIndex


@admin.register(SavedIndex)
class SavedIndexAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "municipality", "created_by", "created_at"]
    list_filter = ["municipality"]
    readonly_fields = ["definition", "created_at", "created_by"]
