"""The questions of the public eligibility check: only what a resident can answer.

Nothing identifying is asked (no name, address, date of birth or citizen service number).
Amounts are typed the Dutch way ("1.234,56") or plainly ("1234.56"); every error says what
was expected and what was typed.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from kansen.eligibility import Answers, Household

MAX_CHILDREN = 20
_MAX_AMOUNT = Decimal("10000000")
_AMOUNT_FORMATS = (
    # Dutch: dots between thousands, a decimal comma (1.234,56 / 1234,5 / 1.234)
    (re.compile(r"^\d{1,3}(\.\d{3})+(,\d{1,2})?$", re.ASCII), "nl"),
    (re.compile(r"^\d+(,\d{1,2})?$", re.ASCII), "nl"),
    # plain, with a decimal point (1234.56 / 12.5)
    (re.compile(r"^\d+(\.\d{1,2})?$", re.ASCII), "plain"),
    # English with both separators (1,234.56): unambiguous
    (re.compile(r"^\d{1,3}(,\d{3})+\.\d{1,2}$", re.ASCII), "en"),
)

YES, NO, UNKNOWN = "yes", "no", "unknown"
HOUSEHOLD_CHOICES = [
    (Household.SINGLE.value, _("Single, without children under 18")),
    (Household.SINGLE_PARENT.value, _("Single parent, with one or more children under 18")),
    (Household.COUPLE.value, _("Married or living together, with or without children")),
]
HOUSEHOLD_SHORT = [
    (Household.SINGLE.value, _("Single")),
    (Household.SINGLE_PARENT.value, _("Single parent")),
    (Household.COUPLE.value, _("Married or living together")),
]
YES_NO_CHOICES = [(YES, _("Yes")), (NO, _("No"))]
BIJSTAND_CHOICES = [(YES, _("Yes")), (NO, _("No")), (UNKNOWN, _("I don't know"))]

_TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input", "autocomplete": "off"}
_RADIO = {"class": "utrecht-radio-button utrecht-radio-button--html-input"}


def parse_euros(text: str) -> Decimal:
    """An amount in euros as typed: ``"1.234,56"``, ``"1234,56"``, ``"1234.56"``, ``"€ 800"``.

    A single dot followed by three digits is a thousands separator (``"1.500"`` is 1500), as
    a Dutch reader means it.

    Raises
    ------
    ValueError
        For anything else, a negative amount, or ten million euros or more.
    """
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text).removeprefix("€").removeprefix("EUR")
    for pattern, style in _AMOUNT_FORMATS:
        if pattern.match(cleaned):
            if style == "nl":
                cleaned = cleaned.replace(".", "").replace(",", ".")
            elif style == "en":
                cleaned = cleaned.replace(",", "")
            amount = Decimal(cleaned)
            if amount >= _MAX_AMOUNT:
                raise ValueError(text)
            return amount
    raise ValueError(text)


def _amount(value: Decimal) -> str:
    return number_format(value, 2, use_l10n=True, force_grouping=True)


def parse_ages(text: str) -> tuple[int, ...]:
    """Ages separated by commas, semicolons or spaces: ``"4, 9, 15"`` -> ``(4, 9, 15)``.

    Raises
    ------
    ValueError
        With the first part that is not a whole number.
    """
    parts = [p for p in re.split(r"[,;\s]+", text.strip()) if p]
    for part in parts:
        if not (part.isascii() and part.isdigit()):
            raise ValueError(part)
    return tuple(int(p) for p in parts)


class EuroField(forms.CharField):
    """A required amount in euros (see :func:`parse_euros`), cleaned to a Decimal."""

    def __init__(self, **kwargs: Any) -> None:
        attrs = {**_TEXT, "inputmode": "decimal", "spellcheck": "false"}
        super().__init__(widget=forms.TextInput(attrs=attrs), **kwargs)

    def to_python(self, value: Any) -> Any:
        text: str = super().to_python(value) or ""
        if not text:
            return None
        try:
            return parse_euros(text)
        except ValueError:
            raise forms.ValidationError(
                _(
                    "Enter an amount in euros of 0 or more, such as 1.234,56 or 850. You entered "
                    "“%(value)s”."
                ),
                code="invalid",
                params={"value": text},
            ) from None


class AgeField(forms.CharField):
    """An age in whole years within bounds, typed in a text box with a numeric keyboard."""

    def __init__(self, *, low: int, high: int, **kwargs: Any) -> None:
        self.low, self.high = low, high
        attrs = {**_TEXT, "inputmode": "numeric", "class": _TEXT["class"] + " age-input"}
        super().__init__(widget=forms.TextInput(attrs=attrs), **kwargs)

    def to_python(self, value: Any) -> Any:
        text: str = super().to_python(value) or ""
        if not text:
            return None
        if not (text.isascii() and text.isdigit()) or not self.low <= int(text) <= self.high:
            raise forms.ValidationError(
                _(
                    "Enter an age in whole years from %(low)s to %(high)s, such as 42. You "
                    "entered “%(value)s”."
                ),
                code="invalid",
                params={"low": self.low, "high": self.high, "value": text},
            )
        return int(text)


class CheckForm(forms.Form):
    """The answers of one household; :meth:`answers` turns them into the library's Answers."""

    # The form says in words that every question needs an answer; a `required` attribute would
    # make the browser mark every empty field as invalid before anything was submitted.
    use_required_attribute = False

    household = forms.ChoiceField(
        label=_("Which describes your household?"),
        choices=HOUSEHOLD_CHOICES,
        widget=forms.RadioSelect(attrs=_RADIO),
        help_text=_("Living together counts as married when you share a household."),
        error_messages={
            "required": _("Choose what describes your household."),
            "invalid_choice": _("Choose what describes your household."),
        },
    )
    age = AgeField(
        low=18,
        high=130,
        label=_("Your age"),
        help_text=_("In whole years. The check is for adults of 18 or older."),
        error_messages={"required": _("Enter your age in whole years, such as 42.")},
    )
    partner_age = AgeField(
        low=18,
        high=130,
        required=False,
        label=_("Your partner's age"),
        help_text=_("Only if you are married or living together. In whole years."),
    )
    child_ages = forms.CharField(
        required=False,
        max_length=100,
        label=_("Ages of the children under 18 in your household"),
        help_text=_(
            "Separated by commas, such as 4, 9, 15. Leave empty if there are no children under 18."
        ),
        widget=forms.TextInput(attrs={**_TEXT, "spellcheck": "false"}),
    )
    income = EuroField(
        label=_("Net income of your household per month"),
        help_text=_(
            "In euros, such as 1.234,56. Wages, benefits and pension of you and your partner "
            "after tax. Do not count child benefit, the child-related budget or allowances "
            "(toeslagen)."
        ),
        error_messages={
            "required": _(
                "Enter the net income of your household per month in euros, such as 1.234,56."
            )
        },
    )
    savings = EuroField(
        label=_("Savings and other assets"),
        help_text=_("In euros, such as 2.500. Fill in 0 if you have none."),
        error_messages={
            "required": _("Enter your savings in euros, such as 2.500, or 0 if you have none.")
        },
    )
    lives_here = forms.ChoiceField(
        choices=YES_NO_CHOICES,
        widget=forms.RadioSelect(attrs=_RADIO),
        error_messages={
            "required": _("Choose yes or no."),
            "invalid_choice": _("Choose yes or no."),
        },
    )
    bijstand = forms.ChoiceField(
        label=_("Do you receive social assistance (bijstand)?"),
        choices=BIJSTAND_CHOICES,
        widget=forms.RadioSelect(attrs=_RADIO),
        error_messages={
            "required": _("Choose yes, no or I don't know."),
            "invalid_choice": _("Choose yes, no or I don't know."),
        },
    )

    def __init__(self, *args: Any, municipality_name: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lives_here"].label = _("Do you live in %(name)s?") % {
            "name": municipality_name
        }

    def clean_child_ages(self) -> tuple[int, ...]:
        text = self.cleaned_data.get("child_ages") or ""
        example = _("such as 4, 9, 15")
        try:
            ages = parse_ages(text)
        except ValueError as error:
            raise forms.ValidationError(
                _(
                    "Enter the ages in whole years, separated by commas, %(example)s. “%(part)s” "
                    "is not a whole number."
                ),
                params={"example": example, "part": error.args[0]},
            ) from None
        too_old = [age for age in ages if age > 17]
        if too_old:
            raise forms.ValidationError(
                _(
                    "Enter only the ages of children under 18 (0 to 17). A child of %(age)s "
                    "counts as an adult: leave that age out."
                ),
                params={"age": too_old[0]},
            )
        if len(ages) > MAX_CHILDREN:
            raise forms.ValidationError(
                _("Enter at most %(max)s ages. You entered %(count)s."),
                params={"max": MAX_CHILDREN, "count": len(ages)},
            )
        return ages

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        household = data.get("household")
        children = data.get("child_ages")
        if household == Household.COUPLE and "partner_age" in data and not data["partner_age"]:
            self.add_error(
                "partner_age",
                _("Enter your partner’s age. You chose married or living together."),
            )
        if household in (Household.SINGLE, Household.SINGLE_PARENT):
            # Only asked of couples: an age typed before choosing another household is
            # neither checked nor used (it stays in the posted answers, for a change back).
            self.errors.pop("partner_age", None)
            data["partner_age"] = None
        if household == Household.SINGLE_PARENT and children == ():
            self.add_error(
                "child_ages",
                _("Enter the age of at least one child. You chose single parent."),
            )
        if household == Household.SINGLE and children:
            self.add_error(
                "household",
                _(
                    "You entered ages of children. Choose single parent, or leave the ages of the "
                    "children empty."
                ),
            )
        return data

    def answers(self) -> Answers:
        """The library's answers; call only on a valid form.

        Raises
        ------
        kansen.eligibility.EligibilityError
            Never for a valid form: the fields check what the library checks.
        """
        data = self.cleaned_data
        adults = (data["age"],) + ((data["partner_age"],) if data["partner_age"] else ())
        return Answers(
            household=Household(data["household"]),
            adult_ages=adults,
            child_ages=data["child_ages"],
            net_monthly_income=data["income"],
            savings=data["savings"],
            lives_in_municipality=data["lives_here"] == YES,
            receives_bijstand={YES: True, NO: False}.get(data["bijstand"]),
        )

    def error_summary(self) -> list[tuple[str, str]]:
        """Every field error as (anchor, text) for the list at the top of the form: the anchor
        is the input (the first option of a radio group), the text names the question."""
        items = []
        for field in self:
            if not field.errors:
                continue
            anchor = f"{field.auto_id}_0" if field.widget_type == "radioselect" else field.auto_id
            label = str(field.label)
            lead = label if label.endswith(("?", ":")) else f"{label}:"
            items.append((anchor, f"{lead} {field.errors[0]}"))
        return items

    def summary(self) -> list[tuple[str, str]]:
        """The answers to show (label, text), in the active language; call on a valid form."""
        data = self.cleaned_data
        money = "€\u00a0{}".format
        rows = [
            (_("Household"), dict(HOUSEHOLD_SHORT)[data["household"]]),
            (self.fields["age"].label, str(data["age"])),
        ]
        if data["partner_age"]:
            rows.append((self.fields["partner_age"].label, str(data["partner_age"])))
        children = ", ".join(map(str, data["child_ages"])) or _("none")
        rows += [
            (self.fields["child_ages"].label, children),
            (self.fields["income"].label, money(_amount(data["income"]))),
            (self.fields["savings"].label, money(_amount(data["savings"]))),
            (self.fields["lives_here"].label, dict(YES_NO_CHOICES)[data["lives_here"]]),
            (self.fields["bijstand"].label, dict(BIJSTAND_CHOICES)[data["bijstand"]]),
        ]
        return [(str(label), str(text)) for label, text in rows]

    def answered(self) -> list[tuple[str, str]]:
        """The answers as typed (name, text), to post them again without storing them."""
        return [(name, str(self.data.get(name, ""))) for name in self.fields]
