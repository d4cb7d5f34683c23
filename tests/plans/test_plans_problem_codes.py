"""A plan that cannot be read says why as a reason with parameters, beside its English
message (ADR 0015): the platform and the command line translate the reason, never the words."""

from __future__ import annotations

import pytest

from kansen.plans import PROBLEM_TEXTS, PlanFormatError, loads_plan, plan_from_data
from kansen.problems import Problem as AnyProblem
from kansen.problems import fill

BASE = {"schema_version": 1, "kind": "plan", "title": "Plan", "municipality": "Demostad"}


@pytest.mark.parametrize(
    ("fields", "path", "text_code", "params"),
    [
        # a number where text belongs
        (
            {"title": 5},
            "title",
            "format.text",
            {"got": "the number 5 (quote it if you meant text)"},
        ),
        # a kind the layout does not know
        ({"kind": "x"}, "kind", "format.choice", {"allowed": ["agenda", "plan"], "got": "'x'"}),
        # a field the layout does not have
        ({"colour": "red"}, "colour", "format.unknown-field", {"field": "colour"}),
        # a period that is not years
        ({"period": "soon"}, "period", "format.period", {"got": "'soon'"}),
    ],
)
def test_a_value_that_cannot_be_read_has_a_reason_and_parameters(fields, path, text_code, params):
    with pytest.raises(PlanFormatError) as caught:
        plan_from_data({**BASE, **fields})
    problem = next(p for p in caught.value.problems if p.path == path)
    assert problem.code == "format"
    assert problem.text_code == text_code
    assert {k: problem.params[k] for k in params} == params
    assert isinstance(problem, AnyProblem)


def test_a_thousands_separator_in_yaml_is_explained_with_its_digits():
    text = (
        "schema_version: 1\nkind: plan\ntitle: Plan\nmunicipality: Demostad\n"
        "interventions:\n- name: A\n  budget:\n  - description: B\n    amount: 100.000\n"
    )
    with pytest.raises(PlanFormatError) as caught:
        loads_plan(text)
    [problem] = [p for p in caught.value.problems if p.path.endswith("amount")]
    assert problem.text_code == "format.thousands"
    assert fill(PROBLEM_TEXTS[problem.text_code].message, problem.params) == (
        "100.000 has a thousands separator: write 100000 (no dots or commas between thousands)"
    )


def test_a_file_that_is_not_valid_yaml_names_its_format():
    with pytest.raises(PlanFormatError) as caught:
        loads_plan("title: [unclosed")
    [problem] = caught.value.problems
    assert problem.text_code == "format.not-valid"
    assert problem.params["format"] == "YAML"
