"""Forms of the monitoring pages. A form that does not validate is shown again with what was
typed and a message per field; nothing is saved until every field is right."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kansen.web.areas.models import Indicator as AreaIndicator
from kansen.web.core.forms import describe
from kansen.web.plans.models import Plan

from .models import Direction, SourceKind, TargetKind


def _year(label: Any, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=required, min_value=1990, max_value=2100)


def _decimal(label: Any, required: bool = False, help_text: Any = "") -> forms.DecimalField:
    # localize: "12,5" is read as Dutch readers type it
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=16,
        decimal_places=4,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "utrecht-textbox"}),
    )


def _date_input() -> forms.DateInput:
    """A date picker: its value is always written as ISO 8601 (``2025-07-01``), the only form a
    browser's date field reads; in the reader's format (``01-07-2025``) it would show empty, and
    saving the form would drop the date."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _items_field(label: Any, labels: dict[str, str]) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        choices=list(labels.items()),
        widget=forms.CheckboxSelectMultiple,
    )


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=300)
    description = forms.CharField(label=_("Explanation"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, items: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"] = _items_field(_("Belongs to"), items)
        describe(self)


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=300)
    unit = forms.CharField(
        label=_("Unit"), max_length=60, required=False, help_text=_("For example %, or number.")
    )
    direction = forms.ChoiceField(
        label=_("Better is"), choices=Direction.choices, widget=forms.RadioSelect
    )
    source_kind = forms.ChoiceField(
        label=_("Measured as"), choices=SourceKind.choices, widget=forms.RadioSelect
    )
    area_indicator = forms.ModelChoiceField(
        label=_("Figure on the platform"),
        queryset=AreaIndicator.objects.none(),
        required=False,
        help_text=_("Only for a figure on the platform: its baseline is read from the figures."),
    )
    area_code = forms.CharField(
        label=_("Area (CBS code)"),
        max_length=1000,  # spaces typed between the digits are dropped
        required=False,
        help_text=_(
            "The code of the municipality (GM…), a district or a neighbourhood, or the codes of "
            "several neighbourhoods (or districts) separated by commas, whose figures are "
            "combined; if left empty, the whole municipality."
        ),
    )
    target_group = forms.CharField(label=_("Target group"), max_length=200, required=False)
    baseline_value = _decimal(_("Baseline"))
    baseline_year = _year(_("Baseline year"))
    baseline_source = forms.CharField(
        label=_("Source of the baseline"), max_length=300, required=False
    )
    baseline_count = forms.IntegerField(
        label=_("Number of observations of the baseline"),
        required=False,
        min_value=1,
        help_text=_("Respondents, pupils or participants the baseline rests on, when known."),
    )
    baseline_lower = _decimal(
        _("Lower bound of the baseline (95%)"),
        help_text=_("For an estimate (a survey): its 95% confidence interval. Else empty."),
    )
    baseline_upper = _decimal(_("Upper bound of the baseline (95%)"))
    target_kind = forms.ChoiceField(
        label=_("Target as"), choices=TargetKind.choices, widget=forms.RadioSelect
    )
    target_value = _decimal(
        _("Target"),
        help_text=_("A value, or for a change the percentage: -15 is 15 percent lower."),
    )
    target_year = _year(_("Target year"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Context for readers of the figure, shown beside it."),
    )

    def __init__(self, *args: Any, plan: Plan, user: Any, items: dict[str, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["area_indicator"]
        assert isinstance(field, forms.ModelChoiceField)
        # the municipality's own figures and the national ones, as far as the user may read them
        field.queryset = AreaIndicator.objects.visible_to(user).filter(
            Q(municipality=plan.municipality) | Q(municipality__isnull=True)
        )
        self.fields["items"] = _items_field(_("Belongs to"), items)
        self.municipality_code = str(plan.municipality.code or "")
        self.municipality_name = str(plan.municipality.name)
        describe(self)

    def clean_area_code(self) -> str:
        """The municipality's own code, or one of its districts or neighbourhoods (their codes
        carry its four digits): the figures of another municipality are not this plan's.
        Several codes (separated by commas or semicolons) are neighbourhoods or districts of
        one level, each once (sorted): an area and one inside it would count twice."""
        typed = re.split(r"[,;\n]", str(self.cleaned_data.get("area_code") or ""))
        codes = sorted({self._one_code(part) for part in typed if "".join(part.split())})
        if len(codes) > 1 and (
            any(code.startswith("GM") for code in codes) or len({c[:2] for c in codes}) > 1
        ):
            raise forms.ValidationError(
                _(
                    "Expected several neighbourhoods (BU…) or several districts (WK…), not a mix "
                    "or the whole municipality: an area and one inside it would count twice; "
                    "got “%(got)s”."
                ),
                params={"got": ", ".join(codes)[:200]},
            )
        return ", ".join(codes)

    def _one_code(self, typed: str) -> str:
        code = "".join(typed.split()).upper()
        digits = self.municipality_code.upper().removeprefix("GM")
        own = re.fullmatch(rf"GM{digits}|WK{digits}[0-9]{{2}}|BU{digits}[0-9]{{4}}", code)
        if not digits or not own:
            raise forms.ValidationError(
                _(
                    "Expected the code of %(municipality)s (%(code)s), or of one of its districts "
                    "(WK%(digits)s..) or neighbourhoods (BU%(digits)s....); got “%(got)s”."
                ),
                params={
                    "municipality": self.municipality_name,
                    "code": self.municipality_code,
                    "digits": digits,
                    "got": code[:20],
                },
            )
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("source_kind") == SourceKind.YOUTH
            and self.initial.get("source_kind") != SourceKind.YOUTH
        ):
            self.add_error(
                "source_kind",
                _("Link a youth panel question on the questionnaire's page in the youth panel."),
            )
        if data.get("source_kind") == SourceKind.AREA and not data.get("area_indicator"):
            self.add_error("area_indicator", _("Choose the figure, or choose “measured by hand”."))
        elif data.get("source_kind") == SourceKind.AREA and "," in data.get("area_code", ""):
            self._check_combinable(data["area_indicator"], data["area_code"].split(", "))
        if data.get("target_value") is not None and not data.get("target_year"):
            self.add_error("target_year", _("Say by which year the target is to be reached."))
        if (
            data.get("target_kind") == TargetKind.RELATIVE
            and data.get("target_value") is not None
            and data.get("baseline_value") is None
            and data.get("source_kind") != SourceKind.AREA
        ):
            self.add_error("baseline_value", _("A change in percent needs a baseline."))
        if data.get("baseline_value") is not None and not data.get("baseline_year"):
            self.add_error("baseline_year", _("Say which year the baseline describes."))
        if data.get("baseline_value") is None and any(
            data.get(name) is not None
            for name in ("baseline_count", "baseline_lower", "baseline_upper")
        ):
            self.add_error(
                "baseline_value",
                _("The number of observations and the bounds belong to a baseline: give it."),
            )
        _interval(self, "baseline_value", "baseline_lower", "baseline_upper")
        base, target = data.get("baseline_year"), data.get("target_year")
        if base and target and target <= base:
            self.add_error("target_year", _("The target year comes after the baseline year."))
        return data

    def _check_combinable(self, figure: Any, codes: list[str]) -> None:
        """Several areas' shares or means combine from the numbers of persons they rest on;
        without them the form says so instead of averaging shares."""
        from kansen.monitoring import NotCombinable

        from .services import platform_figures

        try:
            platform_figures(figure, codes)
        except NotCombinable as refused:
            self.add_error(
                "area_code",
                _(
                    "The figures of “%(figure)s” (%(unit)s) of several areas are combined from "
                    "the number of persons each rests on, and the platform does not have it for "
                    "%(areas)s. Expected a count, a figure with its numbers, or one area."
                )
                % {
                    "figure": figure.name,
                    "unit": figure.unit or "–",
                    "areas": ", ".join(refused.missing),
                },
            )


def _interval(form: forms.Form, value: str, lower: str, upper: str) -> None:
    data = form.cleaned_data
    low, high, mid = data.get(lower), data.get(upper), data.get(value)
    if (low is None) != (high is None):
        form.add_error(upper if high is None else lower, _("Give both bounds, or neither."))
    elif low is not None and high is not None and mid is not None and not low <= mid <= high:
        form.add_error(lower, _("The value lies between the lower and the upper bound."))


class MeasurementForm(forms.Form):
    year = _year(_("Year"))
    date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=_date_input(),
        help_text=_(
            "Only for a figure of a day, or of a period (a school year, a quarter): its last "
            "day. Empty for a figure of the year."
        ),
    )
    value = _decimal(_("Value"), required=True)
    source = forms.CharField(label=_("Source"), max_length=300)
    count = forms.IntegerField(
        label=_("Number of observations"),
        required=False,
        min_value=1,
        help_text=_("Respondents, pupils or participants the figure rests on, when known."),
    )
    lower = _decimal(_("Lower bound (95%)"))
    upper = _decimal(_("Upper bound (95%)"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        describe(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year, day = data.get("year"), data.get("date")
        if day is not None and year is None and "year" not in self.errors:
            data["year"] = day.year
        elif year is None and day is None and not self.errors.keys() & {"year", "date"}:
            self.add_error("year", _("Give the year the figure describes, or its date."))
        elif day is not None and year is not None and day.year != year:
            self.add_error(
                "date",
                _("The date is not in %(year)s: give a date in that year, or leave the year empty.")
                % {"year": year},
            )
        _interval(self, "value", "lower", "upper")
        return data


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=_date_input())
    title = forms.CharField(label=_("Subject"), max_length=300)
    organisations = forms.CharField(
        label=_("Organisations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    experts_by_experience = forms.IntegerField(
        label=_("Experts by experience"),
        min_value=0,
        max_value=999,
        initial=0,
        help_text=_("How many took part. No names: they are residents."),
    )
    professionals = forms.CharField(
        label=_("Professionals"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: name, role. Only professionals by name."),
    )
    findings = forms.CharField(label=_("Findings"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, items: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"] = _items_field(_("Discussed"), items)
        describe(self)

    def clean_organisations(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["organisations"].splitlines() if line.strip()
        ]

    def clean_professionals(self) -> list[dict[str, str]]:
        people = []
        for number, line in enumerate(self.cleaned_data["professionals"].splitlines(), 1):
            if not line.strip():
                continue
            name, comma, role = line.partition(",")
            if not comma or not name.strip() or not role.strip():
                raise forms.ValidationError(
                    _("Line %(number)d: expected a name, a comma and a role; got “%(line)s”."),
                    params={"number": number, "line": line.strip()},
                )
            people.append({"name": name.strip(), "role": role.strip()})
        return people


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=500)
    owner = forms.CharField(label=_("Owner"), max_length=200)
    due = forms.DateField(label=_("Due date"), widget=_date_input())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        describe(self)


class YearReportForm(forms.Form):
    next_year = forms.CharField(
        label=_("What changes next year"), required=False, widget=forms.Textarea
    )
    is_public = forms.BooleanField(
        label=_("Publish this report on the public plan page"),
        required=False,
        help_text=_("Public once the plan itself is published."),
    )

    def __init__(
        self, *args: Any, lines: Sequence[tuple[str, str, str]] = (), **kwargs: Any
    ) -> None:
        """``lines``: the cost lines of the year's financial overview (id, label, budget in
        words); each gets a field for the money spent on it."""
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for number, (_line, label, budget) in enumerate(self.lines):
            self.fields[f"spent_{number}"] = _decimal(
                format_lazy(_("Spent on {label}"), label=label),
                help_text=format_lazy(_("Budget: {budget}. Empty: not known yet."), budget=budget),
            )
        describe(self)

    def spending(self) -> dict[str, Any]:
        """The money spent per cost line id (None where the field is empty)."""
        return {
            line: self.cleaned_data.get(f"spent_{number}")
            for number, (line, _label, _budget) in enumerate(self.lines)
        }


class ReportTemplateForm(forms.Form):
    """The structure of the municipality's yearly reports: per section whether it is in, its
    place, and its own title and introduction."""

    def __init__(self, *args: Any, sections: Sequence[tuple[str, Any]], **kwargs: Any) -> None:
        """``sections``: each section's key and default title, in the default order."""
        super().__init__(*args, **kwargs)
        self.sections = list(sections)
        count = len(self.sections)
        for key, default in self.sections:
            self.fields[f"{key}_include"] = forms.BooleanField(
                label=format_lazy(_("Include “{title}”"), title=default), required=False
            )
            self.fields[f"{key}_position"] = forms.IntegerField(
                label=format_lazy(_("Place of “{title}”"), title=default),
                min_value=1,
                max_value=count,
            )
            self.fields[f"{key}_title"] = forms.CharField(
                label=format_lazy(_("Own title for “{title}”"), title=default),
                max_length=200,
                required=False,
            )
            self.fields[f"{key}_intro"] = forms.CharField(
                label=format_lazy(_("Introduction to “{title}”"), title=default),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        describe(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        places = [data.get(f"{key}_position") for key, _title in self.sections]
        if None not in places and len(set(places)) != len(places):
            raise forms.ValidationError(
                _("Give every section its own place, from 1 to %(count)d."),
                params={"count": len(self.sections)},
            )
        return data

    def chosen(self) -> list[dict[str, Any]]:
        """The sections in their chosen order, as :class:`ReportTemplate` keeps them."""
        data = self.cleaned_data
        ordered = sorted(self.sections, key=lambda section: data[f"{section[0]}_position"])
        return [
            {
                "key": key,
                "include": data[f"{key}_include"],
                "title": data[f"{key}_title"].strip(),
                "intro": data[f"{key}_intro"].strip(),
            }
            for key, _title in ordered
        ]
