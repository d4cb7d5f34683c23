"""The matching settings in the administration: a municipal administrator sets whether the
public request form is open, the retention period, the trial period and the deprivation index
(own municipality only). Requests, matches and the audit log have no admin page: they are
read and written through the app's pages only (privacy by design)."""

from django.contrib import admin

from kansen.web.accounts.admin_site import MunicipalityScopedAdmin

from .models import MatchingSettings


@admin.register(MatchingSettings)
class MatchingSettingsAdmin(MunicipalityScopedAdmin):
    list_display = ["municipality", "public_form", "retention_months", "trial_months"]
    fields = [
        "municipality",
        "public_form",
        "retention_months",
        "trial_months",
        "deprivation_index",
        "source",
    ]
