"""Typed access to the fields of a Django form (``form.fields`` holds plain ``Field``s)."""

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
