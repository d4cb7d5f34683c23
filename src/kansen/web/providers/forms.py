"""Forms of the back office of the directory: an offer with its locations and translations,
the municipality's settings, and the import of a file.

Labels of codes (support types, audiences, costs, apply routes) are those of the code lists of
:mod:`kansen.offers`, translated (``constants``): the vocabulary of the directory itself, shown
the same on the public pages; languages are shown in their own name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kansen.offers import (
    LANGUAGES,
    LOCATION_SCHEMA,
    MAX_AGE,
    MAX_LOCATIONS,
    RTL_LANGUAGES,
    TEXT_FIELDS,
    TRANSLATION_LANGUAGES,
    TranslationRecord,
    field_spec,
)
from kansen.web.accounts.models import Municipality
from kansen.web.areas.models import Area
from kansen.web.core.uploads import check_upload_size, limit_text
from kansen.web.directory.constants import (
    APPLY_ROUTE_CHOICES,
    AUDIENCE_CHOICES,
    COST_CHOICES,
    LANGUAGE_CHOICES,
    SUPPORT_TYPE_CHOICES,
)
from kansen.web.directory.models import Provider
from kansen.web.directory.services import LOCATION_INPUTS, LocationInput
from kansen.web.regulations.models import Regulation

#: A Dutch postcode: four digits (not starting with 0), optionally a space and two letters.
POSTCODE = re.compile(r"^[1-9]\d{3}(\s?[A-Za-z]{2})?$")

TEXTAREA = {"rows": 4}

#: NL Design System (Utrecht) classes per kind of input.
_WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.TextInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.NumberInput: "utrecht-textbox utrecht-textbox--html-input utrecht-textbox--numeric",
    forms.EmailInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.URLInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.ClearableFileInput: "utrecht-textbox utrecht-textbox--html-input",
}


def _style(form: forms.Form) -> None:
    """Give every input the design system's class for its kind."""
    for field in form.fields.values():
        for kind, css in _WIDGET_CLASSES.items():
            if type(field.widget) is kind:
                field.widget.attrs.setdefault("class", css)


class OfferForm(forms.Form):
    """What an offer is, for whom, what it costs and how to apply."""

    provider = forms.ModelChoiceField(
        label=_("Provider"), queryset=Provider.objects.none(), empty_label=None
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=field_spec("title").max_length,
        help_text=_("Short and concrete, e.g. Homework support for group 7 and 8."),
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=field_spec("summary").max_length,
        required=False,
        help_text=_("One or two sentences shown in the list of search results."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        help_text=_("What happens, when and where, in plain language."),
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    support_types = forms.MultipleChoiceField(
        label=_("Kind of support"),
        choices=SUPPORT_TYPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose at least one."),
    )
    audiences = forms.MultipleChoiceField(
        label=_("For whom"),
        choices=AUDIENCE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose at least one."),
    )
    age_min = forms.IntegerField(
        label=_("From age"),
        required=False,
        min_value=0,
        max_value=MAX_AGE,
        help_text=_("In years; leave empty when there is no lower limit."),
    )
    age_max = forms.IntegerField(
        label=_("Up to and including age"),
        required=False,
        min_value=0,
        max_value=MAX_AGE,
        help_text=_("In years; leave empty when there is no upper limit."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages the activity is given in"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose at least one."),
    )
    cost = forms.ChoiceField(label=_("Cost"), choices=COST_CHOICES, widget=forms.RadioSelect)
    cost_amount = forms.DecimalField(
        label=_("Amount in euros"),
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        localize=True,
        help_text=_("For a price or own contribution, e.g. 12,50. Empty when free."),
    )
    cost_note = forms.CharField(
        label=_("About the cost"),
        max_length=field_spec("cost_note").max_length,
        required=False,
        help_text=_("E.g. per season; free with the city pass."),
    )
    apply_route = forms.ChoiceField(
        label=_("How to apply"), choices=APPLY_ROUTE_CHOICES, widget=forms.RadioSelect
    )
    how_to_apply = forms.CharField(
        label=_("What to do to apply"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("The steps, e.g. send an e-mail with the age of your child."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(
        label=_("Phone"), max_length=field_spec("phone").max_length, required=False
    )
    website = forms.URLField(
        label=_("Website"),
        max_length=field_spec("website").max_length,
        required=False,
        assume_scheme="https",
        help_text=_("A full address, e.g. https://www.example.nl/aanbod."),
    )
    capacity = forms.IntegerField(
        label=_("Number of places"),
        required=False,
        min_value=0,
        help_text=_("Leave empty when the number is not limited."),
    )
    regulation = forms.ModelChoiceField(
        label=_("Regulation"),
        queryset=Regulation.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("The municipality's regulation this offer carries out, if any."),
    )
    is_published = forms.BooleanField(
        label=_("Show this offer to residents"), required=False, initial=True
    )

    def __init__(
        self,
        *args: Any,
        providers: QuerySet[Provider],
        municipality: Municipality,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        provider_field = self.fields["provider"]
        assert isinstance(provider_field, forms.ModelChoiceField)
        provider_field.queryset = providers
        regulation_field = self.fields["regulation"]
        assert isinstance(regulation_field, forms.ModelChoiceField)
        regulation_field.queryset = Regulation.objects.filter(municipality=municipality)
        _style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        age_min, age_max = data.get("age_min"), data.get("age_max")
        if age_min is not None and age_max is not None and age_min > age_max:
            self.add_error(
                "age_max",
                _("The highest age must be at least the lowest age (%(min)s).") % {"min": age_min},
            )
        cost, amount = data.get("cost"), data.get("cost_amount")
        if cost == "free" and amount:
            self.add_error("cost_amount", _("A free offer has no amount: leave it empty."))
        return data

    def offer_fields(self) -> dict[str, Any]:
        """The cleaned values of the offer's own fields, for the service."""
        data = self.cleaned_data
        return {name: data[name] for name in self.fields if name not in ("provider", "regulation")}


class LocationForm(forms.Form):
    """One place where the offer takes place; its position comes from the buurt or postcode."""

    name = forms.CharField(
        label=_("Name of the place"),
        max_length=field_spec("name", LOCATION_SCHEMA).max_length,
        required=False,
        help_text=_("E.g. Library Centre; may stay empty."),
    )
    address = forms.CharField(
        label=_("Street and number"),
        max_length=field_spec("address", LOCATION_SCHEMA).max_length,
        required=False,
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=field_spec("postcode", LOCATION_SCHEMA).max_length,
        required=False,
        help_text=_("E.g. 9991 AB."),
    )
    city = forms.CharField(
        label=_("Place"), max_length=field_spec("city", LOCATION_SCHEMA).max_length, required=False
    )
    buurt_code = forms.ChoiceField(
        label=_("Neighbourhood"),
        required=False,
        help_text=_("Used to show the offer on the map and by distance."),
    )

    def __init__(self, *args: Any, buurten: Iterable[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["buurt_code"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose a neighbourhood")), *buurten]
        _style(self)

    def is_used(self) -> bool:
        """Whether the user filled in anything in this row."""
        return any(str(self.data.get(self.add_prefix(name), "")).strip() for name in self.fields)

    def clean_postcode(self) -> str:
        value: str = self.cleaned_data["postcode"].strip().upper()
        if value and not POSTCODE.match(value):
            raise forms.ValidationError(
                _("Enter a postcode of four digits and two letters, e.g. 9991 AB.")
            )
        if len(value) == 6:
            value = f"{value[:4]} {value[4:]}"
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_used():
            if not data.get("address") and "address" not in self.errors:
                self.add_error("address", _("Enter the street and number of this location."))
            if not data.get("city") and "city" not in self.errors:
                self.add_error("city", _("Enter the place of this location."))
        return data

    def location(self) -> LocationInput:
        data = self.cleaned_data
        return LocationInput(**{name: data[name] for name in LOCATION_INPUTS})


class TranslationForm(forms.Form):
    """The offer's texts in one language; the inputs carry ``lang`` (and ``dir`` for Arabic)."""

    title = forms.CharField(
        label=_("Title"), max_length=field_spec("title").max_length, required=False
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=field_spec("summary").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    how_to_apply = forms.CharField(
        label=_("What to do to apply"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language = language
        self.language_name = LANGUAGES[language]
        self.direction = "rtl" if language in RTL_LANGUAGES else "ltr"
        for field in self.fields.values():
            field.widget.attrs.update({"lang": language, "dir": self.direction})
        _style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        others = any(data.get(name) for name in TEXT_FIELDS if name != "title")
        if others and not data.get("title"):
            self.add_error("title", _("A translation needs a title."))
        return data

    def translation(self) -> TranslationRecord | None:
        data = self.cleaned_data
        if not data.get("title"):
            return None
        return TranslationRecord(**{name: data[name] for name in TEXT_FIELDS})


class OfferForms:
    """The offer form with its location rows and translation fieldsets, validated together."""

    def __init__(
        self,
        data: Any | None,
        *,
        providers: QuerySet[Provider],
        municipality: Municipality,
        initial: dict[str, Any] | None = None,
        locations: list[dict[str, Any]] | None = None,
        translations: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        buurten = [
            (code, f"{name} ({code})")
            for code, name in Area.objects.filter(
                municipality_code=municipality.code, level="buurt"
            )
            .order_by("name", "code")
            .values_list("code", "name")
            .distinct()
        ]
        self.offer = OfferForm(
            data, providers=providers, municipality=municipality, initial=initial
        )
        locations = locations or []
        self.locations = [
            LocationForm(
                data,
                buurten=buurten,
                prefix=f"location{n}",
                initial=locations[n - 1] if n <= len(locations) else None,
            )
            for n in range(1, MAX_LOCATIONS + 1)
        ]
        translations = translations or {}
        self.translations = [
            TranslationForm(
                data,
                language=language,
                prefix=f"translation_{language}",
                initial=translations.get(language),
            )
            for language in TRANSLATION_LANGUAGES
        ]

    @property
    def all(self) -> list[forms.Form]:
        return [self.offer, *self.locations, *self.translations]

    def is_valid(self) -> bool:
        # Validate every form, so every error shows at once.
        valid = all([form.is_valid() for form in self.all])
        for form in self.all:
            link_errors(form)
        return valid

    @property
    def has_errors(self) -> bool:
        return any(form.errors for form in self.all)

    def error_summary(self) -> list[tuple[str, str]]:
        """Every field error as (anchor, text) for the list at the top of the page."""
        items = []
        for form in self.all:
            heading = _location_or_language(form)
            for error in form.non_field_errors():
                items.append(("", f"{heading}{error}"))
            for field in form:
                if not field.errors:
                    continue
                anchor = (
                    f"{field.auto_id}_0"
                    if field.widget_type in ("radioselect", "checkboxselectmultiple")
                    else field.auto_id
                )
                items.append((anchor, f"{heading}{field.label}: {field.errors[0]}"))
        return items

    def locations_input(self) -> list[LocationInput]:
        return [form.location() for form in self.locations if form.is_used()]

    def translations_input(self) -> dict[str, TranslationRecord]:
        found = {}
        for form in self.translations:
            text = form.translation()
            if text is not None:
                found[form.language] = text
        return found


def link_errors(form: forms.Form) -> None:
    """Point each invalid input at its help text and its error message (``aria-describedby``),
    so a screen reader reads the error with the field. Groups of options get it on their
    fieldset in the template instead."""
    for field in form:
        if not field.errors or field.widget_type in ("radioselect", "checkboxselectmultiple"):
            continue
        ids = [f"{field.auto_id}_helptext"] if field.help_text else []
        ids.append(f"{field.auto_id}_error")
        field.field.widget.attrs["aria-describedby"] = " ".join(ids)


def form_error_summary(form: forms.Form) -> list[tuple[str, str]]:
    """Every error of a single form as (anchor, text) for the error summary."""
    items = [("", str(error)) for error in form.non_field_errors()]
    for field in form:
        if field.errors:
            items.append((field.auto_id, f"{field.label}: {field.errors[0]}"))
    return items


def _location_or_language(form: forms.Form) -> str:
    if isinstance(form, LocationForm):
        return str(_("Location %(n)s, ") % {"n": (form.prefix or "").removeprefix("location")})
    if isinstance(form, TranslationForm):
        return f"{form.language_name}, "
    return ""


class SettingsForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

    review_months = forms.IntegerField(
        label=_("Check every (months)"),
        min_value=1,
        max_value=60,
        help_text=_("An offer not checked for this many months is flagged to its provider."),
    )
    grace_days = forms.IntegerField(
        label=_("Grace period (days)"),
        min_value=0,
        max_value=365,
        help_text=_("Days after the flag before an unchecked offer is hidden from residents."),
    )


class ImportOffersForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = format_lazy(
            "{} {}", self.fields["file"].help_text, limit_text("offers")
        )
        _style(self)

    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8, separated by ; or ,) or Excel (.xlsx) with one row per offer, in the "
            "layout of the export. Offers are matched by their id: existing ones are updated, "
            "new ones added. The provider column holds the code of an existing provider."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose a CSV file (.csv) or an Excel file (.xlsx)."))
        check_upload_size(upload, "offers")
        return upload
