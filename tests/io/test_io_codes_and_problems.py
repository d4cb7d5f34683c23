"""Specification of CBS area codes, of problem reports, and of the library's independence."""

from __future__ import annotations

import subprocess
import sys

import pytest

import kansen.io
from kansen.io import (
    ImportRejected,
    Problem,
    area_level,
    municipality_code,
    normalise_area_code,
    parent_code,
)


def test_the_public_api_is_exactly_these_names() -> None:
    assert sorted(kansen.io.__all__) == [
        "AreaLevel",
        "AreaValues",
        "Boundaries",
        "BoundaryFeature",
        "DEFAULT_LIMITS",
        "Facilities",
        "Facility",
        "ImportRejected",
        "IndicatorColumn",
        "LimitExceeded",
        "NotYamlOrJson",
        "Problem",
        "ProblemLog",
        "ReadLimits",
        "append_row",
        "area_level",
        "cap_problems",
        "check_yaml",
        "impossible_date",
        "load_json",
        "load_yaml_or_json",
        "municipality_code",
        "normalise_area_code",
        "parent_code",
        "read_area_values",
        "read_boundaries",
        "read_facilities",
        "read_table",
        "write_csv",
    ]


def test_the_library_runs_without_django() -> None:
    script = (
        "import sys, kansen.io\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('django', 'ninja')]\n"
        "assert not loaded, loaded\n"
        "assert not any(m.startswith('kansen.web') for m in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("GM0363    ", "GM0363"),
        ("  wk036300", "WK036300"),
        ("bu03630000\t", "BU03630000"),
        ("BU0363AA01", "BU0363AA01"),  # Amsterdam has letters in its codes since 2022
        ("WK0363AA", "WK0363AA"),
    ],
)
def test_codes_are_stripped_and_uppercased(raw: str, code: str) -> None:
    assert normalise_area_code(raw) == code


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("GM363", "'GM363' is not a CBS area code: GM must be followed by 4 digits, not 3"),
        ("WK0363001", "WK must be followed by 6 characters, not 7"),
        ("BU036300", "BU must be followed by 8 characters, not 6"),
        ("0363", "'0363' is not a CBS area code; expected a CBS area code: GM and 4 digits"),
        ("GM03A3", "'GM03A3' is not a CBS area code"),
        ("WKAB0000", "'WKAB0000' is not a CBS area code"),
        ("", "'' is not a CBS area code"),
        ("Amsterdam", "'Amsterdam' is not a CBS area code"),
    ],
)
def test_invalid_codes_are_refused_with_a_clear_message(raw: str, message: str) -> None:
    with pytest.raises(ValueError, match="is not a CBS area code") as caught:
        normalise_area_code(raw)
    assert message in str(caught.value)


def test_levels_and_parents_follow_the_code() -> None:
    assert area_level("GM0363") == "gemeente"
    assert area_level("WK036300") == "wijk"
    assert area_level("BU03630000") == "buurt"
    assert municipality_code("GM0363") == "GM0363"
    assert municipality_code("WK036300") == "GM0363"
    assert municipality_code("BU03630000") == "GM0363"
    assert municipality_code("BU0363AA01") == "GM0363"
    assert parent_code("BU03630000") == "WK036300"
    assert parent_code("BU0363AA01") == "WK0363AA"
    assert parent_code("WK036300") == "GM0363"
    assert parent_code("GM0363") is None
    with pytest.raises(ValueError, match="not a CBS area code"):
        area_level("XX0363")
    with pytest.raises(ValueError, match="not a CBS area code"):
        parent_code("BU0363")


def test_a_problem_reads_as_a_sentence() -> None:
    problem = Problem(
        "wijken.csv", 12, "Bevolking", "value 'abc' is not a number", "a number such as 12.5"
    )
    assert str(problem) == (
        "wijken.csv, row 12, column 'Bevolking': value 'abc' is not a number "
        "(expected: a number such as 12.5)"
    )
    assert str(Problem("wijken.csv", None, None, "no indicator columns")) == (
        "wijken.csv: no indicator columns"
    )
    warning = Problem("wijken.csv", 580, None, "row after the data skipped", severity="warning")
    assert str(warning) == "wijken.csv, row 580: warning: row after the data skipped"
    feature = Problem("gemeenten.geojson", 3, "geometry", "the geometry of GM0014 is a Point")
    assert str(feature) == (
        "gemeenten.geojson, feature 3, column 'geometry': the geometry of GM0014 is a Point"
    )


def test_import_rejected_carries_all_problems_sorted_by_row() -> None:
    problems = [
        Problem("a.csv", 9, "x", "third"),
        Problem("a.csv", None, None, "file-wide"),
        Problem("a.csv", 2, "y", "a warning", severity="warning"),
        Problem("a.csv", 2, "x", "second"),
    ]
    rejected = ImportRejected(problems)
    assert [(p.row, p.message) for p in rejected.problems] == [
        (None, "file-wide"),
        (2, "a warning"),
        (2, "second"),
        (9, "third"),
    ]
    assert [p.message for p in rejected.errors] == ["file-wide", "second", "third"]
    assert str(rejected).splitlines()[0] == "a.csv was rejected with 3 error(s):"
    assert "a.csv, row 9, column 'x': third" in str(rejected)
