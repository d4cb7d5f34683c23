"""Typed access to the fields of a Django form (``form.fields`` holds plain ``Field``s), and the
design system's classes and descriptions on its widgets."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.choices import BaseChoiceIterator


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The field ``name`` of ``form``, a choice field (a ``TypeError`` names it otherwise)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(
            f"{type(form).__name__}.{name} is a {type(field).__name__}, expected a ChoiceField"
        )
    return field


def field_choices(form: forms.BaseForm, name: str) -> Iterable[tuple[Any, Any]]:
    """The (value, label) pairs of the choice field ``name`` (the label of an option group is
    its list of pairs), as Django keeps them once set: a list, or an iterator over a callable."""
    choices = choice_field(form, name).choices
    if not isinstance(choices, (list, BaseChoiceIterator)):
        raise TypeError(f"{type(form).__name__}.{name} has choices Django did not normalise")
    return choices


def describe(form: forms.BaseForm) -> None:
    """Classes of the design system, and each field described by its help text and error."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            pass
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "utrecht-select")
        elif isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("class", "utrecht-textarea")
            widget.attrs.setdefault("rows", 4)
        elif isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "utrecht-checkbox")
        else:
            widget.attrs.setdefault("class", "utrecht-textbox")
        describedby = []
        if field.help_text:
            describedby.append(f"id_{name}_helptext")
        if form.is_bound and name in form.errors:
            describedby.append(f"id_{name}_error")
            widget.attrs["aria-invalid"] = "true"
        if describedby:
            widget.attrs["aria-describedby"] = " ".join(describedby)
