"""Typed access to a form's choice fields (kansen.web.core.forms): what Django holds, or a
TypeError that names the field."""

from __future__ import annotations

import pytest
from django import forms

from kansen.web.core.forms import choice_field, field_choices


class _Form(forms.Form):
    colour = forms.ChoiceField(choices=[("r", "red"), ("g", "green")])
    sizes = forms.MultipleChoiceField(choices=[("s", "small")])
    name = forms.CharField()
    later = forms.ChoiceField(choices=lambda: [("x", "chosen late")])


def test_the_choices_set_on_a_form_are_read_back_as_pairs():
    form = _Form()
    choice_field(form, "colour").choices = [("b", "blue")]
    assert list(field_choices(form, "colour")) == [("b", "blue")]
    assert list(field_choices(form, "sizes")) == [("s", "small")]
    assert list(field_choices(form, "later")) == [("x", "chosen late")]


def test_a_field_that_is_not_a_choice_field_is_named():
    with pytest.raises(TypeError, match=r"^_Form\.name is a CharField, expected a ChoiceField$"):
        choice_field(_Form(), "name")
