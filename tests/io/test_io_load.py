"""The one reader of hand-written YAML and JSON files (regulations, directories of offers)."""

from __future__ import annotations

import datetime as dt

import pytest

from kansen.io import ImportRejected, LimitExceeded, NotYamlOrJson, load_yaml_or_json
from kansen.offers import read_directory


def test_yaml_is_read_with_its_dates():
    assert load_yaml_or_json("checked: 2026-02-28\nn: [1, 2]\n", is_json=False) == {
        "checked": dt.date(2026, 2, 28),
        "n": [1, 2],
    }


def test_an_impossible_date_is_named_with_its_line():
    with pytest.raises(NotYamlOrJson) as refused:
        load_yaml_or_json("a: 1\nchecked: 2026-02-30\n", is_json=False)

    assert refused.value.detail == "line 2: 2026-02-30 is not a date that exists"


@pytest.mark.parametrize(
    ("text", "is_json", "start"),
    [
        ("a: [1, 2\n", False, "while parsing a flow sequence"),
        ('{"a": 1,}', True, "Expecting property name enclosed in double quotes: line 1"),
    ],
)
def test_text_that_is_not_yaml_or_json_says_what_the_parser_found(text, is_json, start):
    with pytest.raises(NotYamlOrJson) as refused:
        load_yaml_or_json(text, is_json=is_json)

    assert refused.value.detail.startswith(start)


def test_an_alias_is_a_limit_not_a_broken_file():
    with pytest.raises(LimitExceeded) as refused:
        load_yaml_or_json("a: &x [1]\nb: *x\n", is_json=False)

    assert refused.value.code == "limit.yaml_alias"
    assert refused.value.params == {"line": 2, "anchor": "x"}


def test_a_trusted_file_is_read_without_limits():
    assert load_yaml_or_json("a: &x [1]\nb: *x\n", is_json=False, limits=None) == {
        "a": [1],
        "b": [1],
    }


def test_a_directory_with_an_alias_is_refused_by_the_limits_code():
    # the limit used to be caught as a broken file: "not valid YAML or JSON: line 2: the alias"
    with pytest.raises(ImportRejected) as refused:
        read_directory("version: 1\nmunicipality: &m GM9999\nproviders: *m\n")

    [problem] = refused.value.problems
    assert problem.code == "limit.yaml_alias"
    assert problem.params == {"line": 3, "anchor": "m"}
