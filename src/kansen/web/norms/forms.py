"""The forms of the norms page: one period by hand, or a CSV file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kansen.eligibility import SITUATIONS

from .constants import MAX_CSV_BYTES, SITUATION_LABELS, situation_key

_AMOUNT: dict[str, Any] = {
    "max_digits": 7,
    "decimal_places": 2,
    "min_value": Decimal("0.01"),
    "max_value": Decimal("99999.99"),
}


class EuroField(forms.DecimalField):
    """An amount as people type it: 1419,46, 1.419,46 or 1419.46."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = str(value or "").strip().replace("€", "").replace(" ", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        if len(text) > 20:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(text)


class PeriodForm(forms.Form):
    """The norms of every situation from one date on."""

    valid_from = forms.DateField(
        label=_("Valid from"),
        help_text=_("1 January or 1 July, as 1-1-2027 or 2027-01-01."),
        input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
        error_messages={
            "required": _("Enter the date the norms apply from."),
            "invalid": _("Enter a date as 1-1-2027 or 2027-01-01."),
        },
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=500,
        help_text=_(
            "Where the amounts come from, e.g. the Staatscourant publication of the norms "
            "or the consolidated Participatiewet on wetten.overheid.nl."
        ),
        error_messages={"required": _("Enter where the amounts come from.")},
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, *args: Any, previous: dict[str, tuple[Decimal, Decimal]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for situation in SITUATIONS:
            key = situation_key(situation)
            label = SITUATION_LABELS[situation]
            incl = EuroField(
                label=_("%(situation)s: with holiday allowance") % {"situation": label},
                error_messages={
                    "required": _("Enter the amount with holiday allowance."),
                    "invalid": _("Enter an amount in euros, like 1419,46."),
                    "min_value": _("Enter an amount above 0."),
                    "max_value": _("Enter a monthly amount below 100.000."),
                    "max_decimal_places": _("Enter at most 2 decimals."),
                    "max_digits": _("Enter a monthly amount below 100.000."),
                    "max_whole_digits": _("Enter a monthly amount below 100.000."),
                },
                **_AMOUNT,
            )
            excl = EuroField(
                label=_("%(situation)s: without holiday allowance") % {"situation": label},
                required=False,
                error_messages=incl.error_messages,
                **_AMOUNT,
            )
            self.fields[f"incl__{key}"] = incl
            self.fields[f"excl__{key}"] = excl
            self.rows.append(
                (label, self[f"incl__{key}"], self[f"excl__{key}"], (previous or {}).get(key))
            )

    def clean_valid_from(self) -> date:
        value: date = self.cleaned_data["valid_from"]
        if (value.month, value.day) not in ((1, 1), (7, 1)):
            raise forms.ValidationError(
                _("Norms change on 1 January and 1 July: choose one of those dates.")
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for situation in SITUATIONS:
            key = situation_key(situation)
            incl, excl = cleaned.get(f"incl__{key}"), cleaned.get(f"excl__{key}")
            if incl is not None and excl is not None and excl > incl:
                self.add_error(
                    f"excl__{key}",
                    _("The amount without holiday allowance cannot be more than with it."),
                )
        return cleaned

    def amounts(self) -> dict[Any, tuple[Decimal, Decimal | None]]:
        return {
            situation: (
                self.cleaned_data[f"incl__{situation_key(situation)}"],
                self.cleaned_data.get(f"excl__{situation_key(situation)}"),
            )
            for situation in SITUATIONS
        }


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8, comma-separated, with the columns of the packaged bijstandsnormen.csv; "
            "every date with all nine situations. At most 1 MB."
        ),
        error_messages={"required": _("Choose a CSV file.")},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s bytes; the limit is 1 MB (1048576 bytes).")
                % {"size": upload.size}
            )
        return upload
