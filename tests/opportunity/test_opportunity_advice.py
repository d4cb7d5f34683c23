"""Advice levels: spellings, the order of the scale and the three advice outcomes."""

from __future__ import annotations

import pandas as pd
import pytest

from kansen.opportunity import ADVICE_LEVELS, AdviceRule, estimate_opportunity, parse_advice


@pytest.mark.parametrize(
    ("raw", "level"),
    [
        ("vmbo-b", "vmbo-b"),  # canonical
        ("VMBO BB", "vmbo-b"),  # upper case, space, basisberoepsgerichte leerweg
        ("vmbo-bbl", "vmbo-b"),
        ("vmbo-b/k", "vmbo-b/k"),
        ("vmbo-bb/kb", "vmbo-b/k"),
        ("vmbo bbl / kbl", "vmbo-b/k"),
        ("vmbo-kb", "vmbo-k"),
        ("kader", "vmbo-k"),
        ("vmbo-k/gt", "vmbo-k/gt"),
        ("vmbo-kb/gt", "vmbo-k/gt"),
        ("vmbo-kbl/tl", "vmbo-k/gt"),
        ("vmbo-gt", "vmbo-gt"),
        ("vmbo-(g)t", "vmbo-gt"),
        ("vmbo gl/tl", "vmbo-gt"),  # two spellings of one level, not a mixed advice
        ("mavo", "vmbo-gt"),
        ("VMBO-TL", "vmbo-gt"),
        ("vmbo-gt/havo", "vmbo-gt/havo"),
        ("VMBO-T / HAVO", "vmbo-gt/havo"),
        ("mavo/havo", "vmbo-gt/havo"),
        ("vmbogthavo", "vmbo-gt/havo"),  # written together
        ("Havo", "havo"),
        (" havo ", "havo"),
        ("havo/vwo", "havo/vwo"),
        ("havo-vwo", "havo/vwo"),
        ("HAVO+VWO", "havo/vwo"),
        ("vwo", "vwo"),
        ("atheneum", "vwo"),
        ("Gymnasium", "vwo"),
    ],
)
def test_accepted_spellings(raw: str, level: str) -> None:
    assert parse_advice(raw) == level


@pytest.mark.parametrize(
    "raw",
    [
        "pro",  # praktijkonderwijs is not on the scale
        "vso",
        "vmbo",  # which vmbo?
        "vmbo-b/gt",  # not neighbours
        "havo/vmbo-k",
        "vmbo-b/havo/vwo",
        "",
        "onbekend",
    ],
)
def test_values_off_the_scale(raw: str) -> None:
    assert parse_advice(raw) is None


def test_the_scale_has_nine_ordered_levels() -> None:
    assert ADVICE_LEVELS == (
        "vmbo-b",
        "vmbo-b/k",
        "vmbo-k",
        "vmbo-k/gt",
        "vmbo-gt",
        "vmbo-gt/havo",
        "havo",
        "havo/vwo",
        "vwo",
    )


# One pupil per row: (school, revised, test) and the outcomes under the ordinal rule and the
# overlap rule, as (under, over, at least havo); None where an outcome is not defined.
CASES = [
    # school, revised, test, ordinal, overlap
    ("havo", None, "havo", (0, 0, 1), (0, 0, 1)),
    ("vmbo-gt", None, "havo", (1, 0, 0), (1, 0, 0)),
    ("vwo", None, "havo", (0, 1, 1), (0, 1, 1)),
    ("vmbo-gt/havo", None, "havo", (1, 0, 0), (0, 0, 0)),  # mixed against its upper level
    ("havo", None, "vmbo-gt/havo", (0, 1, 1), (0, 0, 1)),  # mixed test, pure school advice
    ("vmbo-gt", None, "vmbo-gt/havo", (1, 0, 0), (0, 0, 0)),
    ("vmbo-gt/havo", None, "havo/vwo", (1, 0, 0), (0, 0, 0)),  # both mixed, share havo
    ("vmbo-k/gt", None, "havo/vwo", (1, 0, 0), (1, 0, 0)),  # no shared level
    ("havo/vwo", None, "havo", (0, 1, 1), (0, 0, 1)),
    ("vmbo-gt", "havo", "havo", (0, 0, 1), (0, 0, 1)),  # revised up to the test advice
    ("vmbo-gt", "vmbo-gt/havo", "havo", (1, 0, 0), (0, 0, 0)),  # revised half way
    ("havo", None, None, (None, None, 1), (None, None, 1)),  # no test: only at least havo
]


def _outcomes(rule: AdviceRule) -> pd.DataFrame:
    # One gemeente per pupil, so that the mean of band "all" is the pupil's outcome.
    pupils = pd.DataFrame(
        {
            "gemeente": [f"GM{i:04d}" for i in range(len(CASES))],
            "year": 2024,
            "parent_rank": 0.5,
            "school_advice": [case[0] for case in CASES],
            "revised_advice": [case[1] for case in CASES],
            "test_advice": [case[2] for case in CASES],
        }
    )
    result = estimate_opportunity(pupils, levels=["gemeente"], advice=rule, shrinkage=False)
    cells = result.confidential.query("band == 'all'")
    return cells.pivot(index="area_code", columns="outcome", values="mean")


@pytest.mark.parametrize(("rule", "column"), [("ordinal", 3), ("overlap", 4)])
def test_outcomes_of_mixed_and_revised_advice(rule: str, column: int) -> None:
    means = _outcomes(AdviceRule(mixed=rule))  # type: ignore[arg-type]
    for i, case in enumerate(CASES):
        expected = dict(
            zip(["under_advice", "over_advice", "at_least_havo"], case[column], strict=True)
        )
        row = means.loc[f"GM{i:04d}"]
        for outcome, value in expected.items():
            if value is None:
                assert pd.isna(row.get(outcome)), (case, outcome)
            else:
                assert row[outcome] == value, (case, outcome)


def test_revised_advice_can_be_ignored() -> None:
    pupils = pd.DataFrame(
        {
            "gemeente": "GM0001",
            "year": 2024,
            "parent_rank": 0.5,
            "school_advice": ["vmbo-gt"],
            "revised_advice": ["havo"],
            "test_advice": ["havo"],
        }
    )
    result = estimate_opportunity(
        pupils, levels=["gemeente"], advice=AdviceRule(use_revised=False), shrinkage=False
    )
    means = result.confidential.query("band == 'all'").set_index("outcome")["mean"]
    assert means["under_advice"] == 1.0
    assert means["at_least_havo"] == 0.0


def test_an_unknown_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="ordinal"):
        AdviceRule(mixed="lenient")  # type: ignore[arg-type]
