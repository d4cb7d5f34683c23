"""The search form of the public directory: a GET form, so every result has its own URL.

Parameter names are Dutch because residents see and share them (``/aanbod/?q=zwemles&
leeftijd=8&soort=sport``). Every choice is a code of :mod:`kansen.offers`; the labels are
the interface's (English message ids, Dutch in the app's catalog). A wrong value in a link
(a code that no longer exists, ``leeftijd=acht``) is an error at its field, never a crash.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kansen.offers import AUDIENCES, COSTS, LANGUAGES, SUPPORT_TYPES, TRANSLATION_LANGUAGES

#: Interface labels of the codes of :mod:`kansen.offers` (the library's labels are Dutch only).
SUPPORT_TYPE_LABELS: dict[str, Promise] = {
    "taal": pgettext_lazy("support type", "Language"),
    "huiswerk": pgettext_lazy("support type", "Homework"),
    "talentontwikkeling": pgettext_lazy("support type", "Talent development"),
    "sociaal-emotioneel": pgettext_lazy("support type", "Social and emotional development"),
    "cognitief": pgettext_lazy("support type", "Cognitive development"),
    "opvoeding": pgettext_lazy("support type", "Parenting"),
    "sport": pgettext_lazy("support type", "Sport"),
    "cultuur": pgettext_lazy("support type", "Culture"),
    "schoolkosten": pgettext_lazy("support type", "School costs"),
    "voeding": pgettext_lazy("support type", "Food"),
    "geldzaken": pgettext_lazy("support type", "Money matters"),
}
AUDIENCE_LABELS: dict[str, Promise] = {
    "kind": pgettext_lazy("audience", "Children"),
    "jongere": pgettext_lazy("audience", "Young people"),
    "ouder": pgettext_lazy("audience", "Parents"),
    "professional": pgettext_lazy("audience", "Professionals"),
}
COST_LABELS: dict[str, Promise] = {
    "free": pgettext_lazy("cost", "Free"),
    "contribution": pgettext_lazy("cost", "Own contribution"),
    "price": pgettext_lazy("cost", "Paid"),
}
APPLY_ROUTE_LABELS: dict[str, Promise] = {
    "self": _("You can apply yourself"),
    "professional": _("Only through a professional (e.g. a teacher or social worker)"),
}

RELEVANCE, DISTANCE = "relevantie", "afstand"
SORT_CHOICES = [(RELEVANCE, _("Best match")), (DISTANCE, _("Distance from your postcode"))]
PAGE_SIZE = 20

_POSTCODE = re.compile(r"^(\d{4})\s?([A-Za-z]{2})?$")
_CHECKBOXES = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}
_TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}


def _label(labels: Mapping[str, Promise], code: str, fallback: Mapping[str, str]) -> Any:
    return labels.get(code, fallback.get(code, code))


def support_type_label(code: str) -> Any:
    return _label(SUPPORT_TYPE_LABELS, code, SUPPORT_TYPES)


def audience_label(code: str) -> Any:
    return _label(AUDIENCE_LABELS, code, AUDIENCES)


def cost_label(code: str) -> Any:
    return _label(COST_LABELS, code, COSTS)


class DirectorySearchForm(forms.Form):
    """What a resident searches for; the facet choices come from the directory's areas."""

    q = forms.CharField(
        label=_("What are you looking for?"),
        help_text=_("For example: homework help, swimming lessons, football, laptop for school."),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={**_TEXT, "type": "search", "autocomplete": "off"}),
    )
    soort = forms.MultipleChoiceField(
        label=_("Kind of support"),
        required=False,
        choices=[(code, support_type_label(code)) for code in SUPPORT_TYPES],
        widget=forms.CheckboxSelectMultiple(attrs=_CHECKBOXES),
    )
    leeftijd = forms.IntegerField(
        label=_("Age of your child"),
        # Which offers the child's age keeps: see kansen.search.child_ages.
        help_text=_(
            "In years. Shown are the offers for children of this age, and the offers for "
            "parents themselves (such as debt help or language lessons for adults), whatever "
            "the age of their child."
        ),
        required=False,
        min_value=0,
        max_value=99,
        error_messages={
            "invalid": _("Enter an age in whole years, for example 8."),
            "min_value": _("Enter an age from 0 to 99 years."),
            "max_value": _("Enter an age from 0 to 99 years."),
        },
        widget=forms.TextInput(
            attrs={**_TEXT, "inputmode": "numeric", "class": _TEXT["class"] + " age-input"}
        ),
    )
    voor = forms.MultipleChoiceField(
        label=_("For whom"),
        required=False,
        choices=[(code, audience_label(code)) for code in AUDIENCES],
        widget=forms.CheckboxSelectMultiple(attrs=_CHECKBOXES),
    )
    kosten = forms.MultipleChoiceField(
        label=_("Cost"),
        required=False,
        choices=[(code, cost_label(code)) for code in COSTS],
        widget=forms.CheckboxSelectMultiple(attrs=_CHECKBOXES),
    )
    gesproken = forms.MultipleChoiceField(
        label=_("Language of the activity"),
        required=False,
        choices=list(LANGUAGES.items()),
        widget=forms.CheckboxSelectMultiple(attrs=_CHECKBOXES),
    )
    wijk = forms.MultipleChoiceField(
        label=_("District"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=_CHECKBOXES),
    )
    buurt = forms.MultipleChoiceField(
        label=_("Neighbourhood"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=_CHECKBOXES),
    )
    postcode = forms.CharField(
        label=_("Your postcode"),
        help_text=_("The four digits, for example 9991. Used only to sort by distance."),
        required=False,
        max_length=10,
        widget=forms.TextInput(
            attrs={**_TEXT, "autocomplete": "postal-code", "class": _TEXT["class"] + " pc-input"}
        ),
    )
    sorteer = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=SORT_CHOICES,
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )

    def __init__(
        self,
        *args: Any,
        wijken: Sequence[tuple[str, str]] = (),
        buurten: Sequence[tuple[str, str]] = (),
        postcode_centre: Callable[[str], tuple[float, float] | None] = lambda code: None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._postcode_centre = postcode_centre
        self.near: tuple[float, float] | None = None
        self.fields["wijk"].choices = list(wijken)  # type: ignore[attr-defined]
        self.fields["buurt"].choices = list(buurten)  # type: ignore[attr-defined]

    def clean_postcode(self) -> str:
        text = " ".join(self.cleaned_data.get("postcode", "").split())
        if not text:
            return ""
        match = _POSTCODE.match(text)
        if match is None:
            raise forms.ValidationError(
                _(
                    "Enter the four digits of a Dutch postcode, for example 9991; "
                    "you entered %(value)s."
                ),
                params={"value": text},
                code="invalid",
            )
        code = match.group(1)
        centre = self._postcode_centre(code)
        if centre is None:
            raise forms.ValidationError(
                _(
                    "We do not know the postcode %(value)s. Check the four digits, or search "
                    "without sorting by distance."
                ),
                params={"value": code},
                code="unknown",
            )
        self.near = centre
        return code

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("sorteer") == DISTANCE
            and not cleaned.get("postcode")
            and "postcode" not in self.errors
        ):
            self.add_error(
                "postcode",
                forms.ValidationError(
                    _("Enter your postcode to sort by distance, for example 9991."),
                    code="required_for_distance",
                ),
            )
        return cleaned

    @property
    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) for every field error, linked to the field."""
        rows = []
        for name, errors in self.errors.items():
            if name == NON_FIELD_ERRORS:
                continue
            field = self[name]
            widget = field.field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                anchor = f"fieldset-{name}"
            else:
                anchor = field.auto_id
            for error in errors:
                rows.append((anchor, f"{field.label}: {error}"))
        return rows


def content_language(value: str | None) -> str | None:
    """The content language of ``?taal=``: a translation language, or None for Dutch."""
    return value if value in TRANSLATION_LANGUAGES else None


def page_number(value: str | None) -> int:
    """``?pagina=``: a page from 1; anything else is the first page."""
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1
