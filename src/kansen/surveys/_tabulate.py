"""Tabulation: shares with Wilson intervals, means with t intervals, per wave and breakdown.

Every wave is tabulated on its own (a wave is never added to another), in its total and in
each breakdown given, with the coarser groups each breakdown nests in (``school_level*age``
also gives ``school_level`` and ``age``). Disclosure control (:mod:`._disclosure`) runs over
all of them at once, so that no suppressed cell follows from the others.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ._answers import Answers, given
from ._disclosure import SurveyCells, suppress
from ._questionnaire import Question

#: z of a two-sided 95% interval.
Z95 = float(stats.norm.ppf(0.975))
#: The status of a published and of a suppressed row.
PUBLISHED = "ok"
SUPPRESSED = "suppressed"
#: The question column of the rows that count a group's respondents.
RESPONDENTS = "(respondents)"
#: The columns of a table, in order (the breakdown columns come after ``breakdown``).
VALUE_COLUMNS = [
    "question",
    "answer",
    "statistic",
    "n",
    "value",
    "low",
    "high",
    "status",
    "response_rate",
    "low_response",
    "change",
    "change_low",
    "change_high",
    "change_flag",
]
#: The most breakdowns of one table, their coarser groups and the total included (the engine
#: keys a breakdown by 3 bits).
MAX_LEVELS = 8


def wilson_interval(k: np.ndarray, n: np.ndarray, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """The Wilson score interval of ``k`` out of ``n`` (NaN where ``n`` is 0).

    >>> low, high = wilson_interval(np.array([3]), np.array([10]))
    >>> round(float(low[0]), 4), round(float(high[0]), 4)
    (0.1078, 0.6032)
    """
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        z2 = z * z
        centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        half = z / (1 + z2 / n) * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


def mean_interval(
    total: np.ndarray, squares: np.ndarray, n: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Mean, its 95% t interval and its standard error from ``Σx``, ``Σx²`` and ``n``."""
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / n
        variance = np.maximum(squares - n * mean * mean, 0.0) / (n - 1)
        se = np.sqrt(variance / n)
        t = stats.t.ppf(0.975, np.maximum(n - 1, 1))
    se = np.where(n >= 2, se, np.nan)
    return mean, mean - t * se, mean + t * se, se


@dataclass(frozen=True)
class ClassSizes:
    """Pupils per class as the school entered them: ``class_code``, ``pupils`` and optionally
    ``wave`` (without it, the same classes in every wave)."""

    frame: pd.DataFrame


@dataclass(frozen=True)
class SurveyTable:
    """A tabulated, disclosure-controlled table.

    Attributes
    ----------
    published : pandas.DataFrame
        What may leave: suppressed rows keep their labels and status but no numbers.
    confidential : pandas.DataFrame
        The same rows with every number and why a row is suppressed (``reason``: ``min_n`` or
        ``complementary``); never to be published.
    by : tuple of tuple of str
        The breakdowns tabulated, the coarser ones included.
    min_n : int
        The fewest respondents a published cell has.
    """

    published: pd.DataFrame
    confidential: pd.DataFrame
    by: tuple[tuple[str, ...], ...]
    min_n: int


def parse_by(text: str) -> list[tuple[str, ...]]:
    """Breakdowns as the command line takes them: ``school_level,age`` is two breakdowns,
    ``school_level*age`` one crossed breakdown.

    >>> parse_by("school_level,school_level*age")
    [('school_level',), ('school_level', 'age')]
    """
    result = []
    for part in text.split(","):
        part = part.strip()
        if part:
            result.append(tuple(c.strip() for c in part.split("*") if c.strip()))
    return result


def _levels(by: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    levels: list[tuple[str, ...]] = [()]
    for breakdown in by:
        columns = tuple(c for c in breakdown if c != "wave")
        for size in range(1, len(columns) + 1):
            for subset in itertools.combinations(columns, size):
                if subset not in levels:
                    levels.append(subset)
    return sorted(levels, key=lambda level: (len(level), levels.index(level)))


def tabulate(
    answers: Answers,
    by: Sequence[Sequence[str]] = (),
    *,
    min_n: int = 10,
    classes: ClassSizes | None = None,
    min_response_rate: float = 0.0,
) -> SurveyTable:
    """Tabulate every question except open text per wave, in total and per breakdown.

    Parameters
    ----------
    answers : Answers
        The responses.
    by : sequence of sequence of str
        Breakdowns, each one or more background columns (``[("school_level",), ("age",)]``);
        ``wave`` is always a breakdown and may be left out.
    min_n : int, default 10
        No published cell has fewer respondents.
    classes : ClassSizes, optional
        Pupils per class, for response rates.
    min_response_rate : float, default 0
        A group whose response rate is lower is marked (``low_response``).

    Returns
    -------
    SurveyTable
        One row per wave, group, question and answer (shares; the mean of a scale or number
        too), with the change since the previous wave and whether it exceeds its uncertainty.
    """
    frame = answers.frame
    questionnaire = answers.questionnaire
    questions = [q for q in questionnaire.questions if q.tabulated]
    levels = _levels(by)
    if len(levels) > MAX_LEVELS:
        raise ValueError(
            f"{len(levels)} breakdowns with their coarser groups; at most {MAX_LEVELS} in one table"
        )
    columns = sorted(
        {c for level in levels for c in level}, key=lambda c: [c in lv for lv in levels].index(True)
    )
    for column in columns:
        if column not in frame:
            raise ValueError(f"the answers have no column {column!r} to break down by")
    waves = sorted(frame["wave"].unique().tolist())
    wave_index = frame["wave"].map({w: i for i, w in enumerate(waves)}).to_numpy()
    # Groups: per level, codes of the combination of its columns (within all waves at once).
    codes = {c: pd.factorize(frame[c].astype(str), sort=True) for c in columns}
    area_rows: list[np.ndarray] = []  # group id per response, per level
    area_keys: list[pd.DataFrame] = []
    offset = 0
    for level_index, level in enumerate(levels):
        key = wave_index.astype(np.int64)
        for column in level:
            key = key * (len(codes[column][1]) + 1) + codes[column][0]
        unique, inverse = np.unique(key, return_inverse=True)
        area_rows.append(inverse + offset)
        first = np.unique(inverse, return_index=True)[1]
        keys = pd.DataFrame({"wave_index": wave_index[first], "level_index": level_index})
        for column in columns:
            keys[column] = frame[column].astype(str).to_numpy()[first] if column in level else ""
        area_keys.append(keys)
        offset += len(unique)
    areas = pd.concat(area_keys, ignore_index=True)
    n_areas = len(areas)
    # Containers: each group in every group of a coarser level it nests in.
    pairs = []
    for fine_index, fine in enumerate(levels):
        for coarse_index, coarse in enumerate(levels):
            if coarse_index != fine_index and set(coarse) < set(fine):
                key = np.unique(area_rows[fine_index] * n_areas + area_rows[coarse_index])
                pairs.append(np.stack([key // n_areas, key % n_areas], axis=1))
    containers = np.concatenate(pairs) if pairs else np.zeros((0, 2), dtype=np.int64)
    # Slices: the respondents, then each question.
    n_slices = 1 + len(questions)
    widest = max([len(q.answers) for q in questions] + [1])
    n = np.zeros((n_areas, n_slices), dtype=np.int64)
    k = np.zeros((n_areas, n_slices, widest), dtype=np.int64)
    sums = np.zeros((n_areas, n_slices))
    squares = np.zeros((n_areas, n_slices))
    answer_count = np.zeros(n_slices, dtype=np.int64)
    value_range = np.full((n_slices, 2), np.nan)
    condition = np.full(n_slices, -1, dtype=np.int64)
    condition_answers = np.zeros((n_slices, widest), dtype=bool)
    slice_of = {q.id: i + 1 for i, q in enumerate(questions)}
    for rows in area_rows:
        n[:, 0] += np.bincount(rows, minlength=n_areas)
    for s, question in enumerate(questions, start=1):
        answered = given(frame, question)
        series = frame[question.id]
        if question.type in ("single", "likert"):
            if question.type == "single":
                code = series.cat.codes.to_numpy().astype(np.int64)
            else:
                code = np.nan_to_num(series.to_numpy(dtype=float), nan=0.0).astype(np.int64) - 1
            m = len(question.answers)
            for rows in area_rows:
                flat = rows[answered] * m + code[answered]
                counts = np.bincount(flat, minlength=n_areas * m).reshape(n_areas, m)
                k[:, s, :m] += counts
            answer_count[s] = m
        elif question.type == "multiple":
            mask = series.to_numpy()
            m = len(question.answers)
            for rows in area_rows:
                for a in range(m):
                    picked = answered & ((mask >> a) & 1 == 1)
                    k[:, s, a] += np.bincount(rows[picked], minlength=n_areas)
            answer_count[s] = m
        if question.range is not None:
            values = series.to_numpy(dtype=float)
            for rows in area_rows:
                x = values[answered]
                sums[:, s] += np.bincount(rows[answered], weights=x, minlength=n_areas)
                squares[:, s] += np.bincount(rows[answered], weights=x * x, minlength=n_areas)
            value_range[s] = question.range
        for rows in area_rows:
            n[:, s] += np.bincount(rows[answered], minlength=n_areas)
        if question.show_if is not None and question.show_if.question in slice_of:
            source = questionnaire.question(question.show_if.question)
            condition[s] = slice_of[source.id]
            for answer in question.show_if.answers:
                condition_answers[s, source.answers.index(answer)] = True
    cells = SurveyCells(
        area_year=areas["wave_index"].to_numpy(),
        area_level=areas["level_index"].to_numpy(),
        containers=containers,
        n=n.ravel(),
        k=k.reshape(n_areas * n_slices, widest),
        answers=answer_count,
        sums=sums.ravel(),
        value_range=value_range,
        condition=condition,
        condition_answers=condition_answers,
        exclusive=np.array([False] + [q.type in ("single", "likert") for q in questions]),
    )
    primary, complementary = suppress(cells, min_n)
    hidden = (primary | complementary).reshape(n_areas, n_slices)
    reason = np.where(primary, "min_n", np.where(complementary, "complementary", ""))
    reason = reason.reshape(n_areas, n_slices)
    rate = _response_rates(frame, areas, area_rows, levels, waves, classes)
    confidential = _rows(
        areas, levels, columns, waves, questions, n, k, sums, squares, hidden, reason, rate
    )
    confidential["low_response"] = confidential["response_rate"] < min_response_rate
    confidential = _changes(confidential, columns)
    published = confidential.drop(columns=["reason"]).copy()
    secret = published["status"] == SUPPRESSED
    for column in ("n", "value", "low", "high", "change", "change_low", "change_high"):
        published.loc[secret, column] = np.nan
    published.loc[secret, "change_flag"] = False
    return SurveyTable(published, confidential, tuple(lv for lv in levels if lv), min_n)


def _response_rates(
    frame: pd.DataFrame,
    areas: pd.DataFrame,
    area_rows: list[np.ndarray],
    levels: list[tuple[str, ...]],
    waves: list[str],
    classes: ClassSizes | None,
) -> np.ndarray:
    """Per group: responses / pupils of its classes (NaN without class sizes). For a breakdown by
    a column that varies within a class (age), the wave's rate."""
    rate = np.full(len(areas), np.nan)
    if classes is None or "class_code" not in frame:
        return rate
    sizes = classes.frame
    pupils_of: dict[tuple[str, str], int] = {}
    given_waves = sizes["wave"].astype(str).tolist() if "wave" in sizes else [""] * len(sizes)
    for wave_given, code, count in zip(
        given_waves, sizes["class_code"].astype(str), sizes["pupils"].astype(int), strict=True
    ):
        for wave in [wave_given] if wave_given else waves:
            pupils_of[(wave, code)] = int(count)
    class_key = list(zip(frame["wave"].astype(str), frame["class_code"].astype(str), strict=True))
    pupils = np.array([pupils_of.get(key, 0) for key in class_key], dtype=float)
    wave_total = {w: sum(p for (pw, _), p in pupils_of.items() if pw == w) for w in waves}
    for level_index, level in enumerate(levels):
        rows = area_rows[level_index]
        per_class = all(frame.groupby("class_code")[c].nunique().max() <= 1 for c in level)
        responses = np.bincount(rows, minlength=len(areas)).astype(float)
        if per_class:
            # the pupils of each class once per group it falls in
            first = pd.DataFrame(
                {"area": rows, "class": frame["class_code"].to_numpy(), "p": pupils}
            )
            first = first.drop_duplicates(["area", "class"])
            total = np.bincount(first["area"], weights=first["p"], minlength=len(areas))
        else:
            wave_of = areas["wave_index"].to_numpy()
            wave_responses = np.bincount(wave_of[area_rows[0]], minlength=len(waves))
            total = np.array([float(wave_total[waves[w]]) for w in wave_of])
            responses = wave_responses[wave_of].astype(float)
        mine = areas["level_index"].to_numpy() == level_index
        with np.errstate(invalid="ignore", divide="ignore"):
            rate[mine] = np.where(total[mine] > 0, responses[mine] / total[mine], np.nan)
    return rate


def _rows(
    areas: pd.DataFrame,
    levels: list[tuple[str, ...]],
    columns: list[str],
    waves: list[str],
    questions: list[Question],
    n: np.ndarray,
    k: np.ndarray,
    sums: np.ndarray,
    squares: np.ndarray,
    hidden: np.ndarray,
    reason: np.ndarray,
    rate: np.ndarray,
) -> pd.DataFrame:
    parts: dict[str, list[np.ndarray]] = {}
    area = np.arange(len(areas))

    def block(s: int, question: str, answer: str, statistic: str, value: np.ndarray,
              low: np.ndarray, high: np.ndarray, se: np.ndarray) -> None:  # fmt: skip
        size = len(area)
        columns = {
            "area": area,
            "slice": np.full(size, s),
            "question": np.full(size, question, dtype=object),
            "answer": np.full(size, answer, dtype=object),
            "statistic": np.full(size, statistic, dtype=object),
            "n": n[:, s],
            "value": value,
            "low": low,
            "high": high,
            "se": se,
            "hidden": hidden[:, s],
            "reason": reason[:, s],
        }
        for name, values in columns.items():
            parts.setdefault(name, []).append(np.asarray(values))

    nothing = np.full(len(areas), np.nan)
    block(0, RESPONDENTS, "", "count", n[:, 0].astype(float), nothing, nothing, nothing)
    for s, question in enumerate(questions, start=1):
        for a, answer in enumerate(question.answers):
            low, high = wilson_interval(k[:, s, a], n[:, s])
            with np.errstate(invalid="ignore", divide="ignore"):
                share = k[:, s, a] / n[:, s]
                se = np.sqrt(share * (1 - share) / n[:, s])
            block(s, question.id, answer, "share", share, low, high, se)
        if question.range is not None:
            mean, low, high, se = mean_interval(sums[:, s], squares[:, s], n[:, s])
            block(s, question.id, "", "mean", mean, low, high, se)
    table = pd.DataFrame({name: np.concatenate(values) for name, values in parts.items()})
    table = table.sort_values(["area", "slice"], kind="stable").reset_index(drop=True)
    labels = areas.iloc[table["area"].to_numpy()].reset_index(drop=True)
    result = pd.DataFrame(
        {
            "wave": [waves[i] for i in labels["wave_index"]],
            "breakdown": ["*".join(levels[i]) or "(total)" for i in labels["level_index"]],
        }
    )
    for column in columns:
        result[column] = labels[column].to_numpy()
    result["question"] = table["question"]
    result["answer"] = table["answer"]
    result["statistic"] = table["statistic"]
    result["n"] = table["n"].astype(float)
    result["value"] = table["value"]
    result["low"] = table["low"]
    result["high"] = table["high"]
    result["status"] = np.where(table["hidden"], SUPPRESSED, PUBLISHED)
    result["response_rate"] = rate[table["area"].to_numpy()]
    result["reason"] = table["reason"]
    result["se"] = table["se"]
    return result


def _changes(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The change since the previous wave, with a 95% interval; flagged when it excludes 0.

    Shares: Newcombe's hybrid score interval from the two Wilson intervals. Means: Welch's
    t interval. Only between two published cells.
    """
    key = ["breakdown", *columns, "question", "answer", "statistic"]
    waves = sorted(table["wave"].unique())
    table = table.copy()
    for name in ("change", "change_low", "change_high"):
        table[name] = np.nan
    table["change_flag"] = False
    ok = table["status"] == PUBLISHED
    for before, after in itertools.pairwise(waves):
        old = table[(table["wave"] == before) & ok]
        new = table[(table["wave"] == after) & ok]
        merged = new.reset_index().merge(old.reset_index(drop=True), on=key, suffixes=("", "_old"))
        if merged.empty:
            continue
        d = merged["value"] - merged["value_old"]
        share = merged["statistic"] == "share"
        low = np.where(
            share,
            d
            - np.sqrt(
                (merged["value"] - merged["low"]) ** 2
                + (merged["high_old"] - merged["value_old"]) ** 2
            ),
            np.nan,
        )
        high = np.where(
            share,
            d
            + np.sqrt(
                (merged["high"] - merged["value"]) ** 2
                + (merged["value_old"] - merged["low_old"]) ** 2
            ),
            np.nan,
        )
        mean = merged["statistic"] == "mean"
        se1, se2 = merged["se"].to_numpy(), merged["se_old"].to_numpy()
        n1, n2 = merged["n"].to_numpy(), merged["n_old"].to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            se = np.sqrt(se1**2 + se2**2)
            df = se**4 / (se1**4 / (n1 - 1) + se2**4 / (n2 - 1))
            t = stats.t.ppf(0.975, df)
        low = np.where(mean, d - t * se, low)
        high = np.where(mean, d + t * se, high)
        index = merged["index"].to_numpy()
        table.loc[index, "change"] = d.to_numpy()
        table.loc[index, "change_low"] = low
        table.loc[index, "change_high"] = high
        table.loc[index, "change_flag"] = (low > 0) | (high < 0)
    return table.drop(columns=["se"])


def response_rates(answers: Answers, classes: ClassSizes) -> pd.DataFrame:
    """Response rate per wave and class: answers / pupils the school entered.

    Returns
    -------
    pandas.DataFrame
        ``wave``, ``class_code``, ``answers``, ``pupils``, ``rate`` (NaN without pupils).
    """
    frame = answers.frame
    counts = frame.groupby(["wave", "class_code"]).size().rename("answers").reset_index()
    sizes = classes.frame.copy()
    sizes["class_code"] = sizes["class_code"].astype(str)
    on = ["wave", "class_code"] if "wave" in sizes else ["class_code"]
    if "wave" in sizes:
        sizes["wave"] = sizes["wave"].astype(str)
    merged = counts.merge(sizes[[*on, "pupils"]], on=on, how="outer")
    merged["answers"] = merged["answers"].fillna(0).astype(int)
    merged["rate"] = merged["answers"] / merged["pupils"].where(merged["pupils"] > 0)
    return merged.sort_values(["wave", "class_code"]).reset_index(drop=True)
