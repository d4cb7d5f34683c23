"""Admin of regulations, limited to the administrator's own municipality.

The rule is edited as the library's mapping (``rules``); saving checks it with
:func:`kansen.eligibility.parse_regulations` and derives the columns beside it
(:func:`kansen.web.offers.services.save_regulation`), so the admin cannot store a rule the
check cannot read.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import URLField
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kansen.web.accounts.admin_site import (
    ModelForm,
    MunicipalityScopedAdmin,
    ScopedInlineMixin,
    StackedInline,
    TabularInline,
)
from kansen.web.accounts.models import Municipality

from . import directory, services
from .models import (
    DirectorySettings,
    Offer,
    OfferLocation,
    OfferTranslation,
    PostcodeArea,
    Provider,
    Regulation,
)


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
            for problem in error.problems:
                self.add_error("rules", problem)
            return data
        clash = Regulation.objects.filter(municipality=municipality, code=rule.id)
        if self.instance.pk is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            self.add_error(
                "rules", f"id: {rule.id!r} is already used by another regulation of {municipality}"
            )
        return data


@admin.register(Regulation)
class RegulationAdmin(MunicipalityScopedAdmin):
    form = RegulationAdminForm
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

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if request.user.is_superuser:
            return form
        tenant = getattr(request.user, "municipality", None)
        return type("TenantRegulationAdminForm", (form,), {"tenant": tenant})

    def save_model(self, request: HttpRequest, obj: Regulation, form: Any, change: bool) -> None:
        if not request.user.is_superuser:
            tenant_id = _tenant_id(request)
            if tenant_id is None:
                raise PermissionDenied("only staff of a municipality manage its regulations")
            obj.municipality_id = tenant_id
        services.save_regulation(obj)


def _tenant_id(request: HttpRequest) -> int | None:
    """The municipality of the user asking; None for users without one."""
    municipality_id: int | None = getattr(request.user, "municipality_id", None)
    return municipality_id


# --- The directory of offers ------------------------------------------------------------------
#
# Providers and their members are managed here by the municipality's administrator; offers are
# kept in the back office (/aanbieders/), where the form checks every code and computes the
# positions, so the admin shows them read-only with a link there.


class ProviderAdminForm(ModelForm):
    tenant: Municipality | None = None

    website = forms.URLField(
        label=Provider._meta.get_field("website").verbose_name,
        max_length=500,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Provider
        fields = ["municipality", "slug", "name", "description", "website", "email", "phone"]

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        municipality = self.tenant or self.cleaned_data.get("municipality")
        clash = Provider.objects.filter(municipality=municipality, slug=slug)
        if self.instance.pk is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if municipality is not None and clash.exists():
            raise forms.ValidationError(f"{slug!r} is already the code of another provider")
        return slug


@admin.register(Provider)
class ProviderAdmin(MunicipalityScopedAdmin):
    form = ProviderAdminForm
    list_display = ["name", "slug", "email", "phone", "municipality"]
    search_fields = ["name", "slug"]
    filter_horizontal = ["members"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = ["municipality", "slug", "name", "description", "website", "email", "phone"]
        if not request.user.is_superuser:
            fields.remove("municipality")
        return [*fields, "members"]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if request.user.is_superuser:
            return form
        tenant = getattr(request.user, "municipality", None)
        return type("TenantProviderAdminForm", (form,), {"tenant": tenant})

    def save_model(self, request: HttpRequest, obj: Provider, form: Any, change: bool) -> None:
        if not request.user.is_superuser:
            tenant_id = _tenant_id(request)
            if tenant_id is None:
                raise PermissionDenied("only staff of a municipality manage its providers")
            obj.municipality_id = tenant_id
        directory.store_provider(obj)


class ReadOnlyAdminMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OfferLocationInline(ReadOnlyAdminMixin, ScopedInlineMixin, TabularInline):
    model = OfferLocation
    fields = ["name", "address", "postcode", "city", "buurt_code", "x", "y"]
    extra = 0


class OfferTranslationInline(ReadOnlyAdminMixin, ScopedInlineMixin, StackedInline):
    model = OfferTranslation
    fields = ["language", "title", "summary", "description", "how_to_apply"]
    extra = 0


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdminMixin, MunicipalityScopedAdmin):
    """Offers, read-only: they are changed in the back office, which checks and locates."""

    list_display = ["title", "provider", "last_checked", "is_published", "back_office"]
    list_filter = ["is_published", "cost", "apply_route"]
    search_fields = ["title", "slug", "provider__name"]
    date_hierarchy = "last_checked"
    inlines = [OfferLocationInline, OfferTranslationInline]
    formfield_overrides = {URLField: {"assume_scheme": "https"}}

    @admin.display(description=_("back office"))
    def back_office(self, obj: Offer) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("providers:offer_edit", args=[obj.slug]), obj.slug
        )


@admin.register(DirectorySettings)
class DirectorySettingsAdmin(ReadOnlyAdminMixin, MunicipalityScopedAdmin):
    """Shown here; changed on the settings page of the back office."""

    list_display = ["municipality", "review_months", "grace_days"]


@admin.register(PostcodeArea)
class PostcodeAreaAdmin(ReadOnlyAdminMixin, MunicipalityScopedAdmin):
    """National data, loaded with ``kansen import postcodes``: for the platform administrator."""

    municipality_path = ""

    list_display = ["code", "place", "x", "y"]
    search_fields = ["code", "place"]
