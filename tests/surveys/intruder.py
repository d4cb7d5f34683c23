"""An intruder who solves for suppressed cells from the published survey table alone.

The intruder knows the published table (every row, suppressed rows with their labels), the
questionnaire, and that groups nest: a group of a breakdown is the sum of the groups of a finer
breakdown with the same values. Unknowns: per suppressed cell its respondents ``n``, per answer
its count ``k`` and, for a number, the sum of the values. Relations: every nesting (for ``n``,
each ``k`` and each sum), single choice and Likert answers adding up to ``n``, a multiple choice
count at most ``n``, a sum between ``n`` times the lowest and the highest value, a question
answered by at most the group's respondents and, if conditional, by at most those who gave
the condition's answers, a group with at least one respondent. Each unknown is minimised and
maximised as an integer program (``scipy.optimize.milp``); an unknown is *recovered* when its
minimum equals its maximum.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import lil_matrix

from kansen.surveys import RESPONDENTS, SUPPRESSED, Questionnaire, SurveyTable


@dataclass
class _Model:
    names: list[tuple[str, ...]] = field(default_factory=list)
    index: dict[tuple[str, ...], int] = field(default_factory=dict)
    integer: list[bool] = field(default_factory=list)
    rows: list[tuple[dict[int, float], float, float]] = field(default_factory=list)

    def var(self, name: tuple[str, ...], integer: bool = True) -> int:
        if name not in self.index:
            self.index[name] = len(self.names)
            self.names.append(name)
            self.integer.append(integer)
        return self.index[name]

    def add(self, terms: dict[int, float], low: float, high: float) -> None:
        self.rows.append((terms, low, high))


def _group(row: pd.Series, columns: list[str]) -> tuple[str, ...]:
    return (row["wave"], row["breakdown"], *(str(row[c]) for c in columns))


def solve_ranges(
    table: SurveyTable, questionnaire: Questionnaire, exact: bool = False
) -> pd.DataFrame:
    """Every unknown of the intruder with values it can take: its smallest and largest (with
    ``exact``; otherwise a range that is a single value only when it is pinned).

    Returns
    -------
    pandas.DataFrame
        ``wave``, ``breakdown``, ``group`` (values of the breakdown columns), ``question``,
        ``quantity`` (``n``, an answer code, or ``sum``), ``low``, ``high``.
    """
    published = table.published
    columns = [c for c in published.columns[2 : list(published.columns).index("question")]]
    model = _Model()
    # Each cell's quantities: a constant (published) or a variable.
    value: dict[tuple[str, ...], float | int] = {}
    questions = {q.id: q for q in questionnaire.questions if q.tabulated}
    cells = published.groupby(["wave", "breakdown", *columns, "question"], sort=False, dropna=False)
    hidden_cells = []
    for key, rows in cells:
        group = tuple(str(x) for x in key[:-1])
        question = str(key[-1])
        hidden = bool((rows["status"] == SUPPRESSED).all())
        base = (*group, question)
        if question == RESPONDENTS:
            if hidden:
                v = model.var((*base, "n"))
                model.add({v: 1.0}, 1, np.inf)
                hidden_cells.append(base)
            else:
                value[(*base, "n")] = int(rows["n"].iloc[0])
            continue
        q = questions[question]
        if hidden:
            hidden_cells.append(base)
            n = model.var((*base, "n"))
            model.add({n: 1.0}, 0, np.inf)
            ks = [model.var((*base, a)) for a in q.answers]
            for k in ks:
                model.add({k: 1.0, n: -1.0}, -np.inf, 0)
                model.add({k: 1.0}, 0, np.inf)
            if q.type in ("single", "likert"):
                model.add({**{k: 1.0 for k in ks}, n: -1.0}, 0, 0)
            if q.range is not None:
                s = model.var((*base, "sum"), integer=q.type == "likert" or q.whole)
                low, high = q.range
                model.add({s: 1.0, n: -low}, 0, np.inf)
                model.add({s: 1.0, n: -high}, -np.inf, 0)
                if q.type == "likert":
                    model.add(
                        {s: 1.0, **{k: -float(a) for k, a in zip(ks, q.answers, strict=True)}}, 0, 0
                    )
        else:
            n_value = int(rows["n"].iloc[0])
            value[(*base, "n")] = n_value
            shares = rows[rows["statistic"] == "share"].set_index("answer")["value"]
            for a in q.answers:
                value[(*base, a)] = round(float(shares[a]) * n_value)
            if q.range is not None:
                mean = rows[rows["statistic"] == "mean"]["value"].iloc[0]
                value[(*base, "sum")] = float(mean) * n_value if n_value else 0.0

    def term(name: tuple[str, ...]) -> tuple[dict[int, float], float]:
        if name in model.index:
            return {model.index[name]: 1.0}, 0.0
        return {}, float(value[name])

    # Bounds by respondents and conditions.
    for base in [*hidden_cells]:
        *group, question = base
        if question == RESPONDENTS:
            continue
        n_terms, _ = term((*base, "n"))
        r_terms, r_const = term((*group, RESPONDENTS, "n"))
        terms = dict(n_terms)
        for i, c in r_terms.items():
            terms[i] = terms.get(i, 0.0) - c
        model.add(terms, -np.inf, r_const)
        q = questions[question]
        if q.show_if is not None:
            terms = dict(n_terms)
            const = 0.0
            for a in q.show_if.answers:
                t, c = term((*group, q.show_if.question, a))
                for i, w in t.items():
                    terms[i] = terms.get(i, 0.0) - w
                const += c
            model.add(terms, -np.inf, const)
    # Nesting: every group is the sum of the groups of each finer breakdown in it.
    levels = {
        b: tuple(b.split("*")) if b != "(total)" else () for b in published["breakdown"].unique()
    }
    groups = published[["wave", "breakdown", *columns]].drop_duplicates()
    quantities = {RESPONDENTS: ["n"]}
    for q in questions.values():
        quantities[q.id] = ["n", *q.answers] + (["sum"] if q.range is not None else [])
    for _, coarse in groups.iterrows():
        coarse_level = levels[coarse["breakdown"]]
        for fine_name, fine_level in levels.items():
            if not set(coarse_level) < set(fine_level):
                continue
            parts = groups[(groups["wave"] == coarse["wave"]) & (groups["breakdown"] == fine_name)]
            for c in coarse_level:
                parts = parts[parts[c] == coarse[c]]
            coarse_key = _group(coarse, columns)
            part_keys = [_group(p, columns) for _, p in parts.iterrows()]
            for question, names in quantities.items():
                for quantity in names:
                    terms: dict[int, float] = {}
                    const = 0.0
                    t, c = term((*coarse_key, question, quantity))
                    for i, w in t.items():
                        terms[i] = terms.get(i, 0.0) + w
                    const -= c
                    for part in part_keys:
                        t, c = term((*part, question, quantity))
                        for i, w in t.items():
                            terms[i] = terms.get(i, 0.0) - w
                        const += c
                    if terms:
                        model.add(terms, const - 1e-6, const + 1e-6)
    return _ranges(model, exact)


def _ranges(model: _Model, exact: bool) -> pd.DataFrame:
    size = len(model.names)
    if size == 0:
        return pd.DataFrame(columns=["name", "low", "high"])
    matrix = lil_matrix((len(model.rows), size))
    lows, highs = [], []
    for r, (terms, low, high) in enumerate(model.rows):
        for i, w in terms.items():
            matrix[r, i] = w
        lows.append(low)
        highs.append(high)
    constraint = LinearConstraint(matrix.tocsr(), np.array(lows), np.array(highs))
    integrality = np.array(model.integer, dtype=int)
    bounds = Bounds(np.zeros(size), np.full(size, np.inf))

    def solve(c: np.ndarray) -> np.ndarray:
        result = milp(c, constraints=constraint, integrality=integrality, bounds=bounds)
        assert result.status == 0, result.message
        return np.asarray(result.x)

    # Every solution tells about every unknown; then each unknown not yet seen to move is
    # minimised and maximised.
    rng = np.random.default_rng(1)
    solutions = np.array([solve(rng.normal(size=size)) for _ in range(3)])
    low, high = solutions.min(axis=0), solutions.max(axis=0)
    for i in range(size):
        if high[i] - low[i] >= 0.5 and not exact:
            continue
        for sign in (1.0, -1.0):
            c = np.zeros(size)
            c[i] = sign
            x = solve(c)
            low, high = np.minimum(low, x), np.maximum(high, x)
    return pd.DataFrame({"name": model.names, "low": low, "high": high})
