"""Forms of the support app: a request (with consent), the public request form, a volunteer,
an offer's places, and the answers to a proposed match. Codes come from the library's lists
(support types and languages of :mod:`kansen.offers`, slots of :mod:`kansen.matching`)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kansen.web.accounts.admin_site import ModelForm
from kansen.web.directory.constants import LANGUAGE_CHOICES, SUPPORT_TYPE_CHOICES

from .constants import NOTE_MAX_LENGTH, SLOT_CHOICES, ConsentBy, EndReason, Urgency
from .models import OfferPlaces, Volunteer
from .services import known_pc4

_CLASSES: dict[type[forms.Widget], str] = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.TextInput: "utrecht-textbox utrecht-textbox--html-input",
    forms.NumberInput: "utrecht-textbox utrecht-textbox--html-input utrecht-textbox--numeric",
    forms.DateInput: "utrecht-textbox utrecht-textbox--html-input",
}


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        css = _CLASSES.get(type(field.widget), "")
        if css:
            field.widget.attrs.setdefault("class", css)


def _pc4(value: str) -> str:
    # Digits as typed on any keyboard (Arabic-Indic ٣٥١١ is 3511), as the age field takes them.
    value = "".join(
        str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in (value or "").strip()
    )
    # A full postcode (3511 AB) gives its area; the letters are not kept.
    full = re.fullmatch(r"([0-9]{4}) ?[A-Za-z]{2}", value)
    if full:
        value = full.group(1)
    if not (len(value) == 4 and value.isdigit() and value[0] != "0"):
        raise forms.ValidationError(_("Give the four digits of the postcode, e.g. 3511."))
    if not known_pc4(value):
        raise forms.ValidationError(
            _("Postcode area %(pc4)s is not in the platform's postcode table.") % {"pc4": value}
        )
    return value


class DateInput(forms.DateInput):
    input_type = "date"


class RequestForm(forms.Form):
    """A request for one child: no name, birth date, address or BSN."""

    age = forms.IntegerField(label=_("Age of the child (years)"), min_value=0, max_value=23)
    pc4 = forms.CharField(
        label=_("Postcode area (four digits)"),
        max_length=7,
        help_text=_("Only the four digits, e.g. 3511: never the full address."),
    )
    needs = forms.MultipleChoiceField(
        label=_("What support is asked for"),
        choices=SUPPORT_TYPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages the child or family speaks"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    slots = forms.MultipleChoiceField(
        label=_("When the child can"), choices=SLOT_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    urgency = forms.TypedChoiceField(
        label=_("Urgency"), choices=Urgency.choices, coerce=int, initial=Urgency.NORMAL
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "At most 300 characters. Do not write a name, address, birth date, BSN, diagnosis "
            "or family situation here: only what a volunteer needs to know to help."
        ),
    )
    consent_by = forms.ChoiceField(
        label=_("Consent given by"), choices=ConsentBy.choices, widget=forms.RadioSelect
    )
    consent_on = forms.DateField(label=_("Consent given on"), widget=DateInput)
    consent_for = forms.CharField(
        label=_("Consent given for"),
        max_length=200,
        initial=_("sharing this request with a coordinator and a matched volunteer or offer"),
    )

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        _style(self)

    def clean_pc4(self) -> str:
        return _pc4(self.cleaned_data.get("pc4", ""))

    def clean_consent_on(self) -> date:
        value: date = self.cleaned_data["consent_on"]
        if self.today is not None and value > self.today:
            raise forms.ValidationError(_("Consent cannot be given in the future."))
        return value


class PublicRequestForm(RequestForm):
    """The short public form: the parent or young person gives consent by sending it."""

    consent = forms.BooleanField(
        label=_(
            "I agree that the municipality's coordinator and a matched volunteer or offer see "
            "this request, and that it is erased after it is closed."
        )
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("consent_on", "consent_for"):
            del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["consent_on"] = self.today
        data["consent_for"] = str(self.fields["consent"].label)[:200]
        return data


class VolunteerForm(ModelForm):
    support_types = forms.MultipleChoiceField(
        label=_("Support types"), choices=SUPPORT_TYPE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    slots = forms.MultipleChoiceField(
        label=_("When available"), choices=SLOT_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Volunteer
        fields = [
            "provider",
            "name",
            "support_types",
            "languages",
            "slots",
            "pc4",
            "max_km",
            "max_children",
            "min_age",
            "max_age",
            "available_from",
            "available_until",
        ]
        widgets = {"available_from": DateInput, "available_until": DateInput}

    def __init__(self, *args: Any, providers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provider = self.fields["provider"]
        assert isinstance(provider, forms.ModelChoiceField)
        provider.queryset = providers
        provider.empty_label = None
        _style(self)

    def clean_pc4(self) -> str:
        return _pc4(self.cleaned_data.get("pc4", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("min_age") or 0) > (data.get("max_age") or 0):
            self.add_error("max_age", _("The highest age is below the lowest."))
        start, end = data.get("available_from"), data.get("available_until")
        if start and end and start > end:
            self.add_error("available_until", _("The end date is before the start date."))
        return data


class OfferPlacesForm(ModelForm):
    slots = forms.MultipleChoiceField(
        label=_("When"), choices=SLOT_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = OfferPlaces
        fields = ["places", "slots", "pc4", "max_km"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

    def clean_pc4(self) -> str:
        return _pc4(self.cleaned_data.get("pc4", ""))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class EndForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why the match ends"), choices=EndReason.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class ChangeForm(forms.Form):
    supply = forms.ChoiceField(label=_("Another volunteer or offer"))

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        supply = self.fields["supply"]
        assert isinstance(supply, forms.ChoiceField)
        supply.choices = choices
        _style(self)
