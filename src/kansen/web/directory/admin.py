"""Admin of the directory, limited to the administrator's own municipality.

Providers and their members are managed here by the municipality's administrator; offers are
kept in the back office (/aanbieders/), where the form checks every code and computes the
positions, so the admin shows them read-only with a link there.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
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
    TenantFormAdmin,
)
from kansen.web.accounts.models import Municipality

from . import services
from .models import (
    DirectorySettings,
    Offer,
    OfferLocation,
    OfferTranslation,
    PostcodeArea,
    Provider,
)


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
class ProviderAdmin(TenantFormAdmin):
    form = ProviderAdminForm
    refusal = "only staff of a municipality manage its providers"
    list_display = ["name", "slug", "email", "phone", "municipality"]
    search_fields = ["name", "slug"]
    filter_horizontal = ["members"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = ["municipality", "slug", "name", "description", "website", "email", "phone"]
        if not request.user.is_superuser:
            fields.remove("municipality")
        return [*fields, "members"]

    def store(self, obj: Provider) -> None:
        services.store_provider(obj)


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
