"""Disclosure control: no published cell under min_n, and no suppressed cell recoverable."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from kansen.surveys import RESPONDENTS, SUPPRESSED, synthetic_panel, tabulate

from .factories import answers, school_rows
from .intruder import solve_ranges


@pytest.fixture(scope="module")
def panel():
    return synthetic_panel()


BREAKDOWNS = [("school_level",), ("school",), ("school_level", "age")]


def _status(table, school, question="hulp", answer="ja"):
    rows = table.confidential
    row = rows[(rows["school"] == school) & (rows["question"] == question)]
    row = row[row["answer"] == answer] if question != RESPONDENTS else row
    return row["reason"].iloc[0] or "ok"


def test_no_published_cell_has_fewer_than_min_n_respondents(panel):
    answers_, _ = panel
    for min_n in (5, 10, 20):
        published = tabulate(answers_, BREAKDOWNS, min_n=min_n).published
        shown = published[published["status"] != SUPPRESSED]
        assert (shown["n"] >= min_n).all()
        hidden = published[published["status"] == SUPPRESSED]
        assert hidden[["n", "value", "low", "high", "change"]].isna().all().all()


def test_a_small_school_and_its_complement_are_suppressed():
    # A has 4 pupils (under 10), B 12 and C 15: B is the smallest other part of the total.
    table = tabulate(
        answers(school_rows("A", 1, 3) + school_rows("B", 5, 7) + school_rows("C", 9, 6)),
        [("school",)],
    )
    assert [_status(table, s) for s in "ABC"] == ["min_n", "complementary", "ok"]
    assert [_status(table, s, RESPONDENTS) for s in "ABC"] == ["min_n", "complementary", "ok"]


def test_suppressed_parts_with_nobody_giving_an_answer_get_one_more_part_suppressed():
    # A (4) and B (12) together have no "ja": solving would give 0 for both although the
    # published total has 15 "ja"; so C is suppressed too.
    table = tabulate(
        answers(school_rows("A", 0, 4) + school_rows("B", 0, 12) + school_rows("C", 15, 0)),
        [("school",)],
    )
    assert [_status(table, s) for s in "ABC"] == ["min_n", "complementary", "complementary"]


def _brute_force(total, shown):
    """Every value each unknown of the tiny table can take: respondents r, answered n (all
    answered hulp and uren), ja j of schools A and B, given the published total and C."""
    r_total, j_total = total
    r_c, j_c = shown
    values = {name: set() for name in ("rA", "rB", "jA", "jB", "neeA", "neeB")}
    left = r_total - r_c
    for r_a, j_a in itertools.product(range(1, left), range(left + 1)):
        r_b = left - r_a
        j_b = j_total - j_c - j_a
        if not (0 <= j_a <= r_a and 0 <= j_b <= r_b):
            continue
        for name, value in zip(
            ("rA", "rB", "jA", "jB", "neeA", "neeB"),
            (r_a, r_b, j_a, j_b, r_a - j_a, r_b - j_b),
            strict=True,
        ):
            values[name].add(value)
    return values


def test_brute_force_finds_every_suppressed_count_of_a_tiny_table_undetermined():
    table = tabulate(
        answers(school_rows("A", 1, 3) + school_rows("B", 5, 7) + school_rows("C", 9, 6)),
        [("school",)],
    )
    values = _brute_force(total=(31, 15), shown=(15, 9))
    assert {name: (min(v), max(v)) for name, v in values.items()} == {
        "rA": (1, 15),
        "rB": (1, 15),
        "jA": (0, 6),
        "jB": (0, 6),
        "neeA": (0, 10),
        "neeB": (0, 10),
    }
    # the linear program of the intruder finds the same ranges
    ranges = solve_ranges(table, table_questionnaire(), exact=True)
    found = {name[2:]: (low, high) for name, low, high in ranges.itertuples(index=False)}
    assert found[("A", RESPONDENTS, "n")] == (1, 15)
    assert found[("A", "hulp", "ja")] == (0, 6)
    assert found[("B", "hulp", "nee")] == (0, 10)


def table_questionnaire():
    from .factories import questionnaire

    return questionnaire()


def _zero_shown(published: pd.DataFrame, name: tuple[str, ...], columns: list[str]) -> bool:
    """Whether a published group holding the cell shows nobody with the answer."""
    wave, breakdown, *values, question, answer = name
    mine = dict(zip(columns, values, strict=True))
    level = set(breakdown.split("*")) if breakdown != "(total)" else set()
    rows = published[
        (published["wave"] == wave)
        & (published["question"] == question)
        & (published["answer"] == answer)
        & (published["status"] != SUPPRESSED)
        & (published["value"] == 0)
    ]
    for _, row in rows.iterrows():
        theirs = set(row["breakdown"].split("*")) if row["breakdown"] != "(total)" else set()
        if theirs < level and all(row[c] == mine[c] for c in theirs):
            return True
    return False


def _recovered(table, questionnaire) -> list[tuple[str, ...]]:
    ranges = solve_ranges(table, questionnaire)
    published = table.published
    columns = list(published.columns[2 : list(published.columns).index("question")])
    answers_of = {q.id: set(q.answers) for q in questionnaire.questions}
    recovered = []
    for name, low, high in ranges.itertuples(index=False):
        if high - low >= 0.5 or name[-1] == "sum":
            continue
        is_answer = name[-1] in answers_of.get(name[-2], set())
        if is_answer and round(low) == 0 and _zero_shown(published, name, columns):
            continue  # the published group says it for everybody in it
        recovered.append(name)
    return recovered


def test_the_intruder_recovers_no_suppressed_count_of_the_panel(panel):
    answers_, _ = panel
    table = tabulate(answers_, BREAKDOWNS)
    assert (table.published["status"] == SUPPRESSED).sum() > 100
    assert _recovered(table, answers_.questionnaire) == []


def test_without_the_audit_the_intruder_would_recover_counts(panel, monkeypatch):
    # the engine's rule and the equalities alone leave counts an integer program pins down
    from kansen.surveys import _disclosure

    monkeypatch.setattr(_disclosure, "_audit", lambda *args: np.zeros(0, dtype=np.int64))
    answers_, _ = panel
    table = tabulate(answers_, BREAKDOWNS)
    assert _recovered(table, answers_.questionnaire) != []
