"""Admin of regulations, limited to the administrator's own municipality.

The rule is edited as the library's mapping (``rules``); saving checks it with
:func:`kansen.eligibility.parse_regulations` and derives the columns beside it
(:func:`kansen.web.regulations.services.save_regulation`), so the admin cannot store a rule the
check cannot read.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kansen.web.accounts.admin_site import ModelForm, TenantFormAdmin
from kansen.web.accounts.models import Municipality

from . import services
from .models import Regulation
from .problems import worded


class RegulationAdminForm(ModelForm):
    #: The municipality of a municipal administrator (set by the admin); None for superusers.
    tenant: Municipality | None = None

    class Meta:
        model = Regulation
        fields = ["municipality", "provider", "position", "is_published", "rules"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        municipality = self.tenant or data.get("municipality")
        if municipality is None or "rules" not in data:
            return data
        try:
            rule = services.parse_rules(municipality, data["rules"])
        except services.RegulationsRejected as error:
            for problem in error.details:  # by code, in the reader's language
                self.add_error("rules", worded(problem))
            return data
        clash = Regulation.objects.filter(municipality=municipality, code=rule.id)
        if self.instance.pk is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            self.add_error("rules", worded(services.id_taken(rule.id)))
        return data


@admin.register(Regulation)
class RegulationAdmin(TenantFormAdmin):
    form = RegulationAdminForm
    refusal = "only staff of a municipality manage its regulations"
    list_display = ["name", "code", "provider", "apply_route", "is_published", "municipality"]
    list_filter = ["is_published", "apply_route"]
    search_fields = ["name", "code", "provider"]
    readonly_fields = [
        "code",
        "name",
        "description",
        "apply_route",
        "how_to_apply",
        "apply_url",
        "apply_phone",
        "source",
        "updated_at",
    ]

    def get_list_filter(self, request: HttpRequest) -> Any:
        if request.user.is_superuser:
            return [*self.list_filter, "municipality"]
        return self.list_filter

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = ["municipality", "provider", "position", "is_published", "rules"]
        if not request.user.is_superuser:
            fields.remove("municipality")
        return [*fields, *self.readonly_fields]

    def store(self, obj: Regulation) -> None:
        services.save_regulation(obj)
