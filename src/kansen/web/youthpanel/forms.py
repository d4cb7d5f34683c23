"""Forms of the youth panel. A form that does not validate is shown again with what was typed
and a message per field; nothing is saved until every field is right."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kansen.io import DEFAULT_LIMITS, LimitExceeded, load_json
from kansen.surveys import LANGUAGES
from kansen.web.core.forms import describe

from .constants import LANGUAGE_NAMES, Background, QuestionType

IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,29}$")
_IDENTIFIER_HELP = _("Lower-case letters, digits and _, starting with a letter (at most 40).")


def _identifier(value: str) -> str:
    value = value.strip()
    if not IDENTIFIER.match(value):
        raise forms.ValidationError(
            _("Expected lower-case letters, digits and _, starting with a letter.")
        )
    return value


class NewQuestionnaireForm(forms.Form):
    title = forms.CharField(label=_("Title (Dutch)"), max_length=200)
    identifier = forms.CharField(label=_("Identifier"), max_length=40, help_text=_IDENTIFIER_HELP)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        describe(self)

    def clean_identifier(self) -> str:
        return _identifier(self.cleaned_data["identifier"])


def _lang_label(text: Any, language: str) -> Any:
    return format_lazy("{} ({})", text, LANGUAGE_NAMES[language])


class SettingsForm(forms.Form):
    """The questionnaire's languages, what a class code carries, and its texts per language."""

    languages = forms.MultipleChoiceField(
        label=_("Languages besides Dutch"),
        required=False,
        choices=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES if code != "nl"],
        widget=forms.CheckboxSelectMultiple,
    )
    background = forms.MultipleChoiceField(
        label=_("What a class code carries (the breakdowns of the results)"),
        required=False,
        choices=Background.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for language in languages:
            required = language == "nl"
            self.fields[f"title_{language}"] = forms.CharField(
                label=_lang_label(_("Title"), language), required=required, max_length=200
            )
            self.fields[f"introduction_{language}"] = forms.CharField(
                label=_lang_label(_("Introduction"), language),
                required=False,
                widget=forms.Textarea,
                max_length=2000,
            )
            self.fields[f"thanks_{language}"] = forms.CharField(
                label=_lang_label(_("Thank-you: what happens with the answers"), language),
                required=False,
                widget=forms.Textarea,
                max_length=2000,
            )
        describe(self)


class QuestionForm(forms.Form):
    """One question: its section, type, texts per language and what its type needs."""

    section = forms.ChoiceField(label=_("Part of the questionnaire"), required=False)
    new_section = forms.CharField(
        label=_("Or a new section (title in Dutch)"), required=False, max_length=200
    )
    id = forms.CharField(label=_("Question identifier"), max_length=40, help_text=_IDENTIFIER_HELP)
    type = forms.ChoiceField(label=_("Type"), choices=QuestionType.choices)
    codes = forms.CharField(
        label=_("Answer codes (choice questions)"),
        required=False,
        widget=forms.Textarea,
        help_text=_(
            "One per line, in the order of the labels: lower-case letters, digits, - and _."
        ),
    )
    points = forms.IntegerField(
        label=_("Points of the scale"), required=False, min_value=3, max_value=11
    )
    minimum = forms.DecimalField(label=_("Lowest number"), required=False, localize=True)
    maximum = forms.DecimalField(label=_("Highest number"), required=False, localize=True)
    whole = forms.BooleanField(label=_("Whole numbers only"), required=False)
    max_length = forms.IntegerField(
        label=_("Longest answer (characters)"), required=False, min_value=1, max_value=2000
    )
    show_if_question = forms.ChoiceField(label=_("Show only after an answer to"), required=False)
    show_if_answers = forms.CharField(
        label=_("Answer codes that show this question"),
        required=False,
        max_length=300,
        help_text=_("Separated by commas, such as nee, soms (scales: the points, such as 1, 2)."),
    )

    def __init__(
        self,
        *args: Any,
        languages: list[str],
        sections: list[tuple[str, str]],
        earlier: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.languages = languages
        section_field = self.fields["section"]
        condition_field = self.fields["show_if_question"]
        assert isinstance(section_field, forms.ChoiceField)
        assert isinstance(condition_field, forms.ChoiceField)
        section_field.choices = sections
        condition_field.choices = [("", _("(always shown)")), *earlier]
        for language in languages:
            required = language == "nl"
            self.fields[f"text_{language}"] = forms.CharField(
                label=_lang_label(_("Question"), language),
                required=required,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"help_{language}"] = forms.CharField(
                label=_lang_label(_("Explanation (optional)"), language),
                required=False,
                max_length=500,
            )
            self.fields[f"labels_{language}"] = forms.CharField(
                label=_lang_label(_("Answer labels, one per line (choice questions)"), language),
                required=False,
                widget=forms.Textarea,
            )
            self.fields[f"low_{language}"] = forms.CharField(
                label=_lang_label(_("Label of the lowest point (scales)"), language),
                required=False,
                max_length=100,
            )
            self.fields[f"high_{language}"] = forms.CharField(
                label=_lang_label(_("Label of the highest point (scales)"), language),
                required=False,
                max_length=100,
            )
            self.fields[f"unit_{language}"] = forms.CharField(
                label=_lang_label(_("Unit (numbers, optional)"), language),
                required=False,
                max_length=40,
            )
        describe(self)

    def clean_id(self) -> str:
        return _identifier(self.cleaned_data["id"])

    def _texts(self, prefix: str) -> dict[str, str]:
        return {
            lang: self.cleaned_data[f"{prefix}_{lang}"].strip()
            for lang in self.languages
            if self.cleaned_data.get(f"{prefix}_{lang}", "").strip()
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("type")
        if kind in ("single", "multiple"):
            codes = [c.strip() for c in data.get("codes", "").splitlines() if c.strip()]
            bad = [c for c in codes if not CODE.match(c)]
            if bad:
                self.add_error("codes", _("Not a code: %(codes)s.") % {"codes": ", ".join(bad)})
            if len(codes) < 2:
                self.add_error("codes", _("A choice question needs at least two answers."))
            for lang in self.languages:
                lines = [
                    c.strip() for c in data.get(f"labels_{lang}", "").splitlines() if c.strip()
                ]
                if (lines or lang == "nl") and len(lines) != len(codes):
                    self.add_error(
                        f"labels_{lang}",
                        _("Expected %(n)s labels, one per answer code; got %(m)s.")
                        % {"n": len(codes), "m": len(lines)},
                    )
        elif kind == "likert":
            if not data.get("points"):
                self.add_error("points", _("A scale needs its number of points (3 to 11)."))
            for prefix in ("low", "high"):
                if not data.get(f"{prefix}_nl", "").strip():
                    self.add_error(f"{prefix}_nl", _("A scale needs the labels of its ends."))
        elif kind == "number":
            low, high = data.get("minimum"), data.get("maximum")
            if low is None:
                self.add_error("minimum", _("A number question needs its lowest number."))
            if high is None:
                self.add_error("maximum", _("A number question needs its highest number."))
            if low is not None and high is not None and low > high:
                self.add_error("maximum", _("The highest number is lower than the lowest."))
        if data.get("show_if_question") and not data.get("show_if_answers", "").strip():
            self.add_error("show_if_answers", _("Which answers show this question?"))
        return data

    def question(self) -> dict[str, Any]:
        """The question as the document holds it."""
        data = self.cleaned_data
        kind = data["type"]
        question: dict[str, Any] = {"id": data["id"], "type": kind, "text": self._texts("text")}
        helps = self._texts("help")
        if helps.get("nl"):
            question["help"] = helps
        if data.get("show_if_question"):
            answers = [a.strip() for a in data["show_if_answers"].split(",") if a.strip()]
            question["show_if"] = {"question": data["show_if_question"], "answers": answers}
        if kind in ("single", "multiple"):
            codes = [c.strip() for c in data["codes"].splitlines() if c.strip()]
            labels = {
                lang: [c.strip() for c in data.get(f"labels_{lang}", "").splitlines() if c.strip()]
                for lang in self.languages
            }
            question["options"] = [
                {
                    "code": code,
                    "label": {lang: labels[lang][i] for lang in self.languages if labels[lang]},
                }
                for i, code in enumerate(codes)
            ]
        elif kind == "likert":
            question["points"] = data["points"]
            question["anchors"] = [self._texts("low"), self._texts("high")]
        elif kind == "number":
            question["minimum"] = _number(data["minimum"])
            question["maximum"] = _number(data["maximum"])
            question["whole"] = bool(data.get("whole"))
            units = self._texts("unit")
            if units.get("nl"):
                question["unit"] = units
        elif kind == "text" and data.get("max_length"):
            question["max_length"] = data["max_length"]
        return question


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def question_initial(question: dict[str, Any], section: str) -> dict[str, Any]:
    """The form's fields for a question of the document."""
    initial: dict[str, Any] = {
        "id": question.get("id"),
        "type": question.get("type"),
        "section": section,
    }
    for lang, text in (question.get("text") or {}).items():
        initial[f"text_{lang}"] = text
    for lang, text in (question.get("help") or {}).items():
        initial[f"help_{lang}"] = text
    options = question.get("options") or []
    initial["codes"] = "\n".join(str(o.get("code", "")) for o in options)
    languages = {lang for o in options for lang in (o.get("label") or {})}
    for lang in languages:
        initial[f"labels_{lang}"] = "\n".join(
            str((o.get("label") or {}).get(lang, "")) for o in options
        )
    if question.get("type") == "likert":
        initial["points"] = question.get("points")
        anchors = question.get("anchors") or [{}, {}]
        for lang, text in (anchors[0] or {}).items():
            initial[f"low_{lang}"] = text
        for lang, text in (anchors[-1] or {}).items():
            initial[f"high_{lang}"] = text
    for name in ("minimum", "maximum", "whole", "max_length"):
        if name in question:
            initial[name] = question[name]
    for lang, text in (question.get("unit") or {}).items():
        initial[f"unit_{lang}"] = text
    condition = question.get("show_if") or {}
    if condition:
        initial["show_if_question"] = condition.get("question")
        initial["show_if_answers"] = ", ".join(str(a) for a in condition.get("answers") or [])
    return initial


class DocumentForm(forms.Form):
    """The whole draft as JSON, for those who write it by hand."""

    document = forms.CharField(
        label=_("The questionnaire as JSON"),
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
        max_length=2 * 1024 * 1024,
        help_text=_("The format of docs/surveys.md; checked when saved as a version."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        describe(self)

    def clean_document(self) -> dict[str, Any]:
        text = self.cleaned_data["document"]
        try:
            value = load_json(text)
        except LimitExceeded:
            raise forms.ValidationError(
                _("Nested too deeply: at most %(n)s levels.") % {"n": DEFAULT_LIMITS.max_nesting}
            ) from None
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("Not JSON: %(error)s (line %(line)s, column %(column)s).")
                % {"error": error.msg, "line": error.lineno, "column": error.colno}
            ) from None
        if not isinstance(value, dict):
            raise forms.ValidationError(_("Expected a JSON object {...} at the top."))
        return value


class WaveForm(forms.Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=20,
        help_text=_("A year or a period, such as 2026 or 2026-najaar; no day or time."),
    )
    opens = forms.DateField(
        label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    closes = forms.DateField(
        label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    min_response_rate = forms.DecimalField(
        label=_("Minimum response rate"),
        min_value=Decimal(0),
        max_value=Decimal(1),
        decimal_places=2,
        initial=Decimal("0.60"),
        localize=True,
        help_text=_("Between 0 and 1; a group under it is marked in the results."),
    )
    min_n = forms.IntegerField(
        label=_("Fewest respondents shown"), min_value=10, max_value=100, initial=10
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        describe(self)


class ClassForm(forms.Form):
    name = forms.CharField(label=_("Class (as the school calls it)"), max_length=40, required=False)
    school_level = forms.CharField(label=_("School level"), max_length=40, required=False)
    school = forms.CharField(label=_("School"), max_length=100, required=False)
    year_of_study = forms.CharField(label=_("Year of study"), max_length=10, required=False)
    neighbourhood = forms.CharField(
        label=_("Neighbourhood of the school"), max_length=100, required=False
    )
    pupils = forms.IntegerField(
        label=_("Pupils in the class"), required=False, min_value=1, max_value=200
    )

    def __init__(self, *args: Any, background: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("school_level", "school", "year_of_study", "neighbourhood"):
            if name not in background:
                del self.fields[name]
        describe(self)


class PupilsForm(forms.Form):
    pupils = forms.IntegerField(label=_("Pupils in the class"), min_value=1, max_value=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        describe(self)


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Class code"), max_length=12)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        describe(self)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters"}
        )

    def clean_code(self) -> str:
        return re.sub(r"[\s-]", "", self.cleaned_data["code"]).upper()


class IndicatorLinkForm(forms.Form):
    """Which monitoring indicator a figure of the questionnaire measures."""

    indicator = forms.ChoiceField(label=_("Indicator of a goal"))
    figure = forms.ChoiceField(label=_("Figure of the youth panel"))

    def __init__(
        self,
        *args: Any,
        indicators: list[tuple[str, str]],
        figures: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (("indicator", indicators), ("figure", figures)):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices
