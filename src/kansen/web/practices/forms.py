"""The form of a practice record and the register's search; the rules of a record live in
:mod:`.services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kansen.web.core.forms import describe
from kansen.web.directory.constants import AUDIENCE_CHOICES, SUPPORT_TYPE_CHOICES

from . import levels
from .constants import AGE_BANDS, Province
from .models import Practice


def _codes(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def _checkboxes(label: Any, choices: Any = ()) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, widget=forms.CheckboxSelectMultiple, required=False
    )


def _age_band_label(a: int, b: int) -> str:
    return gettext("%(a)s to %(b)s years") % {"a": a, "b": b}


# translated when shown, not when the module is imported (a lazy text formatted with % is not)
_age_band_label_lazy = lazy(_age_band_label, str)


class PracticeForm(forms.Form):
    title = forms.CharField(label=_("Name of the practice"), max_length=200)
    aim = forms.CharField(label=_("Aim"), widget=forms.Textarea)
    target_group = forms.CharField(label=_("Target group"), max_length=300)
    audiences = _checkboxes(_("For whom"), AUDIENCE_CHOICES)
    support_types = _checkboxes(_("Kind of support"), SUPPORT_TYPE_CHOICES)
    age_min = forms.IntegerField(label=_("From age"), min_value=0, max_value=99, required=False)
    age_max = forms.IntegerField(label=_("Up to age"), min_value=0, max_value=99, required=False)
    approach = forms.CharField(
        label=_("Approach"),
        widget=forms.Textarea,
        required=False,
        help_text=_("What is done, how often, by whom; needed before publishing."),
    )
    working_elements = forms.CharField(
        label=_("Working elements"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Why it should work: the elements that make the difference."),
    )
    carried_out_by = forms.CharField(label=_("Carried out by"), max_length=500, required=False)
    # starts empty: with the first province chosen, records were saved in Drenthe unnoticed
    province = forms.ChoiceField(label=_("Province"), choices=[("", "—"), *Province.choices])
    neighbourhoods = forms.CharField(
        label=_("Neighbourhoods"),
        required=False,
        help_text=_("CBS codes separated by commas, e.g. BU05460101."),
    )
    schools = forms.CharField(
        label=_("Schools"), required=False, help_text=_("Separated by commas.")
    )
    location_description = forms.CharField(
        label=_("Where, in words"), max_length=300, required=False
    )
    children_reached = forms.IntegerField(
        label=_("Children reached a year"), min_value=1, required=False
    )
    cost_total = forms.DecimalField(
        label=_("Total cost a year (euros)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text=_("The cost per child is this divided by the children reached."),
    )
    cost_note = forms.CharField(label=_("About the cost"), max_length=500, required=False)
    result_summary = forms.CharField(
        label=_("Results in one sentence"),
        max_length=300,
        required=False,
        help_text=_("What was measured, as it was measured; shown on the card."),
    )
    indicator_uuids = forms.MultipleChoiceField(
        label=_("Indicators from monitoring"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Their baseline and latest measurement are shown on the record."),
    )
    evaluation_findings = forms.CharField(
        label=_("Evaluation findings"), widget=forms.Textarea, required=False
    )
    evidence_level = forms.ChoiceField(label=_("Evidence level"), choices=[])
    evidence_entry_name = forms.CharField(
        label=_("Name of the entry in the databank"),
        max_length=300,
        required=False,
        help_text=_("Only for a level of NJi or Movisie."),
    )
    evidence_entry_url = forms.URLField(
        label=_("Address of the entry in the databank"),
        max_length=500,
        required=False,
        assume_scheme="https",
    )
    evidence_date = forms.DateField(
        label=_("Date of the recognition"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    evidence_basis = forms.CharField(
        label=_("Basis of the own level"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Only for an own level: what was described, measured or studied, and when."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail address"), required=False)
    website = forms.URLField(
        label=_("Website"), max_length=500, required=False, assume_scheme="https"
    )

    def __init__(
        self, *args: Any, indicators: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        level = self.fields["evidence_level"]
        assert isinstance(level, forms.ChoiceField)
        level.choices = [("", "—"), *levels.level_choices()]
        linked = self.fields["indicator_uuids"]
        assert isinstance(linked, forms.ChoiceField)
        if indicators:
            linked.choices = indicators
        else:
            del self.fields["indicator_uuids"]
        describe(self)

    def data_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["neighbourhoods"] = _codes(data.get("neighbourhoods", ""))
        data["schools"] = _codes(data.get("schools", ""))
        if "indicator_uuids" not in self.fields:
            data.pop("indicator_uuids", None)
        return data


def initial_of(practice: Practice) -> dict[str, Any]:
    """The form's values of a stored record."""
    initial = {name: getattr(practice, name) for name in PracticeForm.base_fields}
    initial["neighbourhoods"] = ", ".join(practice.neighbourhoods)
    initial["schools"] = ", ".join(practice.schools)
    return initial


class SearchForm(forms.Form):
    """The register's search: text and facets (GET; a value that is not a choice drops that
    facet only)."""

    q = forms.CharField(label=_("Search words"), required=False, max_length=200)
    soort = _checkboxes(_("Kind of support"), SUPPORT_TYPE_CHOICES)
    voor = _checkboxes(_("For whom"), AUDIENCE_CHOICES)
    leeftijd = _checkboxes(
        _("Age"),
        [(code, _age_band_label_lazy(a, b)) for code, a, b in AGE_BANDS],
    )
    niveau = _checkboxes(_("Evidence level"))
    kosten = _checkboxes(_("Cost per child a year"))
    gemeente = _checkboxes(_("Municipality"))
    provincie = _checkboxes(_("Province"), Province.choices)
    achterstand = _checkboxes(
        # ranked within each municipality: the platform has no national index of areas
        _("Deprivation of the areas where it works, within its own municipality"),
        [
            ("10", _("Among the most deprived 10% of areas within its own municipality")),
            ("20", _("Among the most deprived 20% of areas within its own municipality")),
        ],
    )
    achterstand_nl = _checkboxes(
        # the municipality among the country's, when national figures are held (the view
        # shows it only then: kansen.web.practices.deprivation)
        _("Deprivation of the municipality, nationally"),
        [
            ("10", _("Municipality among the most deprived 10% of the country's municipalities")),
            ("20", _("Municipality among the most deprived 20% of the country's municipalities")),
        ],
    )

    def __init__(self, *args: Any, municipalities: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        data = levels.evidence_data()
        choices = {
            "niveau": [
                (lv.code, f"{lv.scheme.short}: {lv.name}" if lv.recognised else lv.name)
                for lv in data.levels.values()
            ],
            "kosten": [(b.code, b.name) for b in data.cost_bands],
            "gemeente": municipalities,
        }
        for name, values in choices.items():
            found = self.fields[name]
            assert isinstance(found, forms.ChoiceField)
            found.choices = values
        describe(self)

    def filters(self) -> dict[str, list[str]]:
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {k: list(v) for k, v in cleaned.items() if k != "q" and v}
