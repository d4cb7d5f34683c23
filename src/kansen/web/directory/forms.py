"""The search form of the public directory: a GET form, so every result has its own URL.

Parameter names are Dutch because residents see and share them (``/aanbod/?q=zwemles&
leeftijd=8&soort=sport``). Every choice is a code of :mod:`kansen.offers`; the labels are
the interface's (English message ids, Dutch in the app's catalog). A wrong value in a link
(a code that no longer exists, ``leeftijd=acht``) is an error at its field, never a crash.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kansen.offers import ApplyRoute, Audience, Cost, SupportType
from kansen.web.core.forms import choice_field

from .constants import (
    AUDIENCE_CHOICES,
    COST_CHOICES,
    LANGUAGE_CHOICES,
    SUPPORT_TYPE_CHOICES,
    label,
)

#: What the page of an offer says of how to apply, by code of :class:`kansen.offers.ApplyRoute`.
APPLY_ROUTE_LABELS: dict[str, Promise] = {
    ApplyRoute.SELF: _("You can apply yourself"),
    ApplyRoute.PROFESSIONAL: _("Only through a professional (e.g. a teacher or social worker)"),
}

RELEVANCE, DISTANCE = "relevantie", "afstand"
SORT_CHOICES = [(RELEVANCE, _("Best match")), (DISTANCE, _("Distance from your postcode"))]
PAGE_SIZE = 20

_POSTCODE = re.compile(r"^(\d{4})\s?([A-Za-z]{2})?$")
_CHECKBOXES = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}
_TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}


def support_type_label(code: str) -> Any:
    return label(SupportType, code)


def audience_label(code: str) -> Any:
    return label(Audience, code)


def cost_label(code: str) -> Any:
    return label(Cost, code)


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
        choices=SUPPORT_TYPE_CHOICES,
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
        choices=AUDIENCE_CHOICES,
        widget=forms.CheckboxSelectMultiple(attrs=_CHECKBOXES),
    )
    kosten = forms.MultipleChoiceField(
        label=_("Cost"),
        required=False,
        choices=COST_CHOICES,
        widget=forms.CheckboxSelectMultiple(attrs=_CHECKBOXES),
    )
    gesproken = forms.MultipleChoiceField(
        label=_("Language of the activity"),
        required=False,
        choices=LANGUAGE_CHOICES,
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
        choice_field(self, "wijk").choices = list(wijken)
        choice_field(self, "buurt").choices = list(buurten)

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


def page_number(value: str | None) -> int:
    """``?pagina=``: a page from 1; anything else is the first page."""
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1
