"""Forms of the plans app that are not generated from the schema: a new plan and an import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kansen.plans import Period, load_templates
from kansen.web.core.forms import choice_field
from kansen.web.core.uploads import check_upload_size, limit_text

from .constants import template_name
from .models import PlanKind


def _template_choices() -> list[tuple[str, Any]]:
    return [("", _("No template"))] + [
        (template.id, template_name(template.id, template.name))
        for template in load_templates().values()
    ]


class NewPlanForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of document"), choices=PlanKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    period = forms.CharField(
        label=_("Period"),
        max_length=20,
        help_text=_("The year or years it covers, such as 2027 or 2025-2028."),
    )
    template = forms.ChoiceField(
        label=_("Template"),
        required=False,
        help_text=_("Decides which fields are required for submission and which ceilings apply."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "template").choices = _template_choices()
        for name, field in self.fields.items():
            describedby = []
            if field.help_text:
                describedby.append(f"id_{name}_helptext")
            if self.is_bound and name in self.errors:
                describedby.append(f"id_{name}_error")
            if describedby:
                field.widget.attrs["aria-describedby"] = " ".join(describedby)

    def clean_period(self) -> str:
        text = self.cleaned_data["period"].strip()
        try:
            period = Period.parse(text)
        except ValueError as error:
            raise forms.ValidationError(
                _(
                    "Enter one year, such as 2027, or the years, such as 2025-2028. You entered "
                    "%(value)s."
                ),
                params={"value": text},
            ) from error
        return period.to_data()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        template = load_templates().get(data.get("template") or "")
        if template is not None and data.get("kind") and str(template.kind) != data["kind"]:
            self.add_error(
                "template",
                _("This template is for another kind of document (%(kind)s).")
                % {"kind": PlanKind(str(template.kind)).label},
            )
        return data


class ImportPlanForm(forms.Form):
    file = forms.FileField(
        label=_("Plan file"),
        help_text=_("A YAML (.yaml, .yml) or JSON (.json) file in the layout of the plan schema."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["aria-describedby"] = "id_file_helptext"
        self.fields["file"].widget.attrs["accept"] = ".yaml,.yml,.json"
        self.fields["file"].help_text = format_lazy(
            "{} {}", self.fields["file"].help_text, limit_text("plan")
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_upload_size(upload, "plan")
        return upload
