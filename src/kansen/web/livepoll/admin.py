"""Live polls in the administration: polls for the platform administrator to look at. Answers
have no admin page: they are read (and removed) through the poll's pages."""

from django.contrib import admin

from kansen.web.accounts.admin_site import MunicipalityScopedAdmin

from .models import Poll


@admin.register(Poll)
class PollAdmin(MunicipalityScopedAdmin):
    list_display = ["title", "meeting_on", "municipality", "status", "code"]
    list_filter = ["status", "municipality"]
    readonly_fields = ["uuid", "code", "revision", "current"]
