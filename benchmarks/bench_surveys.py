"""How long a large youth panel takes to tabulate with disclosure control, beside plain pandas.

Run: ``.venv/bin/python benchmarks/bench_surveys.py [--responses 50000] [--questions 40]``

Synthetic answers (numpy, seed 1) to a questionnaire of ``--questions`` questions: a third
single choice (4 answers), a quarter Likert (5 points), a fifth multiple choice (5 answers), the
rest numbers (0-40), one single choice question conditional on another; two waves; 30 schools in
3 school levels (two of a handful of pupils), ages 12-18 (few of 18). Then, in the same process:

1. ``kansen.surveys.tabulate`` by three breakdowns (``school_level``, ``school``, ``age``):
   shares with Wilson intervals, means with t intervals, changes between the waves, min_n 10,
   complementary suppression by the kansenkaart engine's rule and the intruder audit;
2. a plain pandas baseline: one ``groupby`` per breakdown and question giving the counts per
   answer and the mean (no intervals, no suppression, no comparison).

Times are the best of ``--repeat`` runs (default 3); peak traced memory of one more run.
Target: tabulation under 2 s. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import measure

from kansen.surveys import Answers, questionnaire_from_data, tabulate

BREAKDOWNS = [("school_level",), ("school",), ("age",)]


def _questionnaire(count: int) -> dict[str, Any]:
    questions: list[dict[str, Any]] = []
    kinds = ["single"] * (count // 3) + ["likert"] * (count // 4) + ["multiple"] * (count // 5)
    kinds += ["number"] * (count - len(kinds))
    for i, kind in enumerate(kinds):
        q: dict[str, Any] = {"id": f"q{i:02d}", "type": kind, "text": {"nl": f"Vraag {i}"}}
        if kind in ("single", "multiple"):
            size = 4 if kind == "single" else 5
            q["options"] = [{"code": f"a{j}", "label": {"nl": f"A{j}"}} for j in range(size)]
        elif kind == "likert":
            q["points"] = 5
            q["anchors"] = [{"nl": "laag"}, {"nl": "hoog"}]
        else:
            q["minimum"], q["maximum"], q["whole"] = 0, 40, True
        questions.append(q)
    questions[1]["show_if"] = {"question": "q00", "answers": ["a3"]}
    return {
        "id": "groot",
        "version": 1,
        "languages": ["nl"],
        "title": {"nl": "Groot"},
        "background": ["school_level", "school", "age"],
        "sections": [{"id": "s", "title": {"nl": "Alles"}, "questions": questions}],
    }


def synthetic(responses: int, questions: int, seed: int = 1) -> Answers:
    rng = np.random.default_rng(seed)
    questionnaire = questionnaire_from_data(_questionnaire(questions))
    # two small schools (a handful of pupils per wave) and few pupils of 18: cells to suppress
    weights = np.ones(30)
    weights[[7, 21]] = 0.004
    school = rng.choice(30, size=responses, p=weights / weights.sum())
    frame = pd.DataFrame(
        {
            "wave": np.where(rng.random(responses) < 0.5, "2025", "2026"),
            "school_level": np.array(["vmbo", "havo", "vwo"])[school % 3],
            "school": np.char.add("school ", (school + 1).astype(str)),
            "age": (12 + rng.choice(7, size=responses, p=[0.17] * 5 + [0.149, 0.001])).astype(str),
        }
    )
    for question in questionnaire.questions:
        skip = rng.random(responses) < 0.05
        if question.type == "single":
            code = rng.integers(0, len(question.answers), responses)
            code[skip] = -1
            frame[question.id] = pd.Categorical.from_codes(code, categories=list(question.answers))
        elif question.type == "multiple":
            mask = rng.integers(1, 32, responses).astype(np.int64)
            mask[skip] = -1
            frame[question.id] = mask
        else:
            high = 5 if question.type == "likert" else 40
            values = rng.integers(1 if high == 5 else 0, high + 1, responses).astype(float)
            values[skip] = np.nan
            frame[question.id] = values
    shown = frame["q00"].cat.codes.to_numpy() == 3
    frame["q01"] = (
        frame["q01"]
        .cat.codes.where(shown, -1)
        .pipe(
            lambda codes: pd.Categorical.from_codes(codes, categories=frame["q01"].cat.categories)
        )
    )
    return Answers(frame, questionnaire)


def baseline(answers: Answers) -> int:
    frame = answers.frame
    rows = 0
    for (column,) in BREAKDOWNS:
        for question in answers.questionnaire.questions:
            keys = [frame["wave"], frame[column]]
            if question.type == "single":
                rows += len(frame.groupby([*keys, frame[question.id]], observed=True).size())
            elif question.type == "multiple":
                mask = frame[question.id].to_numpy()
                for a in range(len(question.answers)):
                    picked = pd.Series((mask >= 0) & ((mask >> a) & 1 == 1))
                    rows += len(picked.groupby(keys).mean())
            else:
                rows += len(frame[question.id].groupby(keys).agg(["count", "mean", "std"]))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=50_000)
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    answers = synthetic(args.responses, args.questions)
    print(f"{args.responses:,} responses x {args.questions} questions, two waves, by "
          + ", ".join("*".join(b) for b in BREAKDOWNS))  # fmt: skip
    table = tabulate(answers, BREAKDOWNS)
    hidden = int((table.published["status"] == "suppressed").sum())
    print(f"table: {len(table.published):,} rows, {hidden} suppressed")
    kansen, _ = measure(
        "kansen.surveys.tabulate (margins, suppression, audit)",
        lambda: tabulate(answers, BREAKDOWNS),
        args.repeat,
    )
    plain, _ = measure(
        "pandas groupby baseline (counts and means only)", lambda: baseline(answers), args.repeat
    )
    print(f"ratio tabulate / baseline: {kansen / plain:.2f}; target under 2 s: "
          + ("met" if kansen < 2 else "NOT met"))  # fmt: skip
    # A table with many small groups: the suppression and the audit do real work.
    small = synthetic(args.responses // 10, args.questions, seed=2)
    table = tabulate(small, [("school",), ("school", "age")])
    hidden = int((table.published["status"] == "suppressed").sum())
    print(f"small groups: {len(small.frame):,} responses by school and school*age, "
          f"{len(table.published):,} rows, {hidden} suppressed")  # fmt: skip
    measure(
        "kansen.surveys.tabulate, many suppressed cells",
        lambda: tabulate(small, [("school",), ("school", "age")]),
        args.repeat,
    )


if __name__ == "__main__":
    main()
