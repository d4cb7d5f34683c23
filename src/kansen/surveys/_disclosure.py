"""Disclosure control of a survey table, through the kansenkaart engine's complementary suppression.

The survey table is mapped onto the engine's :class:`~kansen.opportunity._estimates.CellTable`:
a *group of respondents* (the answers of one wave with given values of the breakdown columns)
is an *area*, the breakdown is its *level*, a *wave* is a *year*, and every group is contained
in each coarser group of the same wave (``school_level=havo, age=14`` in ``school_level=havo``,
in ``age=14`` and in the wave's total). A *slice* is a question (plus one for the respondents
themselves): a cell is one question in one group, with ``n`` the respondents who answered.
The engine's rule then applies unchanged: in every set of groups that adds up to a coarser
group, no suppressed member is alone.

Added here (the engine protects counts, a survey also publishes shares per answer): when the
suppressed members of a set that adds up have *together* no respondents, no one or everyone
with an answer, the lowest or highest possible sum of a number, or as many respondents as
their published upper bounds allow (the published respondents of the group, or the published
count of the answer a conditional question follows), solving for them gives their value:
one more member is suppressed, the published one with the fewest respondents that breaks the
equality. Both rules are repeated until nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from kansen.opportunity._disclosure import _groups, complementary_suppression
from kansen.opportunity._estimates import CellTable


@dataclass
class SurveyCells:
    """The cells of a survey table in the engine's terms.

    Attributes
    ----------
    area_year, area_level : numpy.ndarray
        Per group: the wave's index and the breakdown's index (0: the wave's total).
    containers : numpy.ndarray
        Pairs (group, coarser group that holds it), shape (m, 2).
    n : numpy.ndarray
        Per cell (group * slices + slice): respondents who answered.
    k : numpy.ndarray
        Per cell and answer: respondents who gave the answer (0 past a slice's answers).
    answers : numpy.ndarray
        Per slice: how many answers it has shares for (0: a number, or the respondents).
    sums : numpy.ndarray
        Per cell: the sum of the values (numbers; 0 otherwise).
    value_range : numpy.ndarray
        Per slice: lowest and highest value of a number (NaN otherwise), shape (slices, 2).
    condition : numpy.ndarray
        Per slice: the slice of the question it is conditional on (-1: none).
    condition_answers : numpy.ndarray of bool
        Per slice and answer of the condition's question: whether it shows this one.
    exclusive : numpy.ndarray of bool
        Per slice: its answers add up to ``n`` (single choice, Likert).
    """

    area_year: np.ndarray
    area_level: np.ndarray
    containers: np.ndarray
    n: np.ndarray
    k: np.ndarray
    answers: np.ndarray
    sums: np.ndarray
    value_range: np.ndarray
    condition: np.ndarray
    condition_answers: np.ndarray
    exclusive: np.ndarray

    @property
    def n_slices(self) -> int:
        """Slices per group."""
        return len(self.answers)

    def cell_table(self) -> CellTable:
        """The engine's table of the same cells."""
        n_areas = len(self.area_year)
        s = self.n_slices
        area_id = np.repeat(np.arange(n_areas, dtype=np.int64), s)
        slice_id = np.tile(np.arange(s, dtype=np.int64), n_areas)
        cells = pd.DataFrame(
            {"area_id": area_id, "slice_id": slice_id, "key": area_id * s + slice_id, "n": self.n}
        )
        areas = pd.DataFrame({"year": self.area_year, "level_index": self.area_level})
        minus = np.full(s, -1, dtype=np.int64)
        slices = pd.DataFrame(
            {"total_slice_id": minus, "sibling_group": minus, "twin_group": minus}
        )
        containers = pd.DataFrame(
            {
                "area_id": self.containers[:, 0].astype(np.int64),
                "container_id": self.containers[:, 1].astype(np.int64),
            }
        )
        return CellTable(cells=cells, areas=areas, slices=slices, containers=containers)


def suppress(cells: SurveyCells, min_n: int) -> tuple[np.ndarray, np.ndarray]:
    """Primary (``n < min_n``) and secondary suppression.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray) of bool
        Per cell: suppressed for its own ``n``; suppressed as a complement.
    """
    primary = cells.n < min_n
    # a group with too few respondents hides every question of it
    s = cells.n_slices
    primary |= np.repeat(primary[::s], s)
    table = cells.cell_table()
    groups = _groups(table)
    hidden = primary.copy()
    rng = np.random.default_rng(0)
    while True:
        hidden |= complementary_suppression(table, hidden)
        extra = _solvable(cells, groups.member_group, groups.member_cell, groups.total, hidden)
        if extra.size == 0:
            extra = _audit(
                cells, groups.member_group, groups.member_cell, groups.total, hidden, rng
            )
        if extra.size == 0:
            break
        hidden[extra] = True
    return primary, hidden & ~primary


def _upper_bounds(cells: SurveyCells, hidden: np.ndarray) -> np.ndarray:
    """Per cell, the most respondents it can have by published cells of its group (inf: none)."""
    s = cells.n_slices
    n_cells = len(cells.n)
    bound = np.full(n_cells, np.inf)
    first = np.arange(0, n_cells, s)
    respondents_shown = ~hidden[first]
    per_group = np.where(respondents_shown, cells.n[first], np.inf)
    bound = np.repeat(per_group, s)
    bound[first] = np.inf
    for slice_index in np.flatnonzero(cells.condition >= 0):
        source = cells.condition[slice_index]
        wanted = cells.condition_answers[slice_index]
        rows = np.arange(len(first)) * s
        shown = cells.k[rows + source][:, : len(wanted)][:, wanted].sum(axis=1).astype(float)
        shown[hidden[rows + source]] = np.inf
        target = rows + slice_index
        bound[target] = np.minimum(bound[target], shown)
    return bound


def _solvable(
    cells: SurveyCells,
    member_group: np.ndarray,
    member_cell: np.ndarray,
    total: np.ndarray,
    hidden: np.ndarray,
) -> np.ndarray:
    """Published cells to suppress so that no equality gives the suppressed members' values."""
    if member_group.size == 0:
        return np.zeros(0, dtype=np.int64)
    group_count = len(total)
    hidden_parts = np.bincount(member_group, weights=hidden[member_cell], minlength=group_count)
    shown_total = (total >= 0) & ~hidden[np.where(total >= 0, total, 0)]
    at_risk = np.flatnonzero(shown_total & (hidden_parts >= 2))
    if at_risk.size == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(member_group, kind="stable")
    starts = np.searchsorted(member_group[order], np.arange(group_count + 1))
    bounds = _upper_bounds(cells, hidden)
    s = cells.n_slices
    more: list[int] = []
    for g in at_risk:
        members = member_cell[order[starts[g] : starts[g + 1]]]
        secret = members[hidden[members]]
        shown = members[~hidden[members]]
        slice_index = int(members[0] % s)
        n_secret = int(cells.n[secret].sum())
        # each test: (the equality holds, which shown members break it)
        tests: list[tuple[bool, np.ndarray]] = [(n_secret == 0, cells.n[shown] > 0)]
        limit = bounds[secret].sum()
        tests.append(
            (bool(np.isfinite(limit) and n_secret == limit), cells.n[shown] < bounds[shown])
        )
        for a in range(int(cells.answers[slice_index])):
            k_secret = int(cells.k[secret, a].sum())
            tests.append((k_secret == 0, cells.k[shown, a] > 0))
            tests.append((k_secret == n_secret, cells.k[shown, a] < cells.n[shown]))
        low, high = cells.value_range[slice_index]
        if not np.isnan(low) and n_secret > 0:
            total_secret = float(cells.sums[secret].sum())
            mean_shown = np.divide(
                cells.sums[shown],
                cells.n[shown],
                out=np.full(len(shown), np.nan),
                where=cells.n[shown] > 0,
            )
            tests.append((bool(np.isclose(total_secret, low * n_secret)), mean_shown > low))
            tests.append((bool(np.isclose(total_secret, high * n_secret)), mean_shown < high))
        for holds, breaks in tests:
            if not holds:
                continue
            candidates = shown[breaks]
            if candidates.size:
                pick = candidates[np.lexsort((candidates, cells.n[candidates]))[0]]
                more.append(int(pick))
                break
    return np.unique(np.asarray(more, dtype=np.int64))


def _audit(
    cells: SurveyCells,
    member_group: np.ndarray,
    member_cell: np.ndarray,
    total: np.ndarray,
    hidden: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Published cells to suppress because the intruder's linear program pins a suppressed
    count (see :func:`pinned`); one per pinned cell: the published cell with the fewest
    respondents in a set that adds up and holds it."""
    found = pinned(cells, member_group, member_cell, total, hidden, rng)
    if not found:
        return np.zeros(0, dtype=np.int64)
    more: set[int] = set()
    part_of: dict[int, list[int]] = {}
    for g, c in zip(member_group.tolist(), member_cell.tolist(), strict=True):
        part_of.setdefault(c, []).append(g)
    members: dict[int, list[int]] = {}
    for g, c in zip(member_group.tolist(), member_cell.tolist(), strict=True):
        members.setdefault(g, []).append(c)
    for cell in found:
        candidates = [c for g in part_of.get(cell, []) for c in members[g] if not hidden[c]] + [
            int(total[g]) for g in part_of.get(cell, []) if total[g] >= 0 and not hidden[total[g]]
        ]
        if candidates:
            more.add(min(candidates, key=lambda c: (cells.n[c], c)))
    return np.array(sorted(more), dtype=np.int64)


def pinned(
    cells: SurveyCells,
    member_group: np.ndarray,
    member_cell: np.ndarray,
    total: np.ndarray,
    hidden: np.ndarray,
    rng: np.random.Generator | None = None,
) -> list[int]:
    """Suppressed cells whose respondents, or count of an answer, the published cells determine.

    The intruder's linear program (continuous), per wave: unknowns are the suppressed cells'
    ``n`` and answer counts; relations are the sets that add up, answers adding up to ``n``
    (single choice, Likert) or at most ``n`` (multiple choice), a question answered by at most
    the group's respondents and (conditional) by at most those shown it, a group with at least
    one respondent. A count is *pinned* when its minimum equals its maximum, unless it is an
    answer's count in a group held by a published group where nobody gave that answer (then
    the published table says 0 for everybody in it). Vertices of a few random objectives first
    clear most unknowns; the rest are minimised and maximised.
    """
    rng = rng or np.random.default_rng(0)
    s = cells.n_slices
    secret = np.flatnonzero(hidden)
    if secret.size == 0:
        return []
    containers: dict[int, list[int]] = {}
    for fine, coarse in cells.containers.tolist():
        containers.setdefault(fine, []).append(coarse)
    group_members: dict[int, list[int]] = {}
    groups_of: dict[int, list[int]] = {}
    for g, c in zip(member_group.tolist(), member_cell.tolist(), strict=True):
        group_members.setdefault(g, []).append(c)
        groups_of.setdefault(c, []).append(g)
    result: list[int] = []
    for year in np.unique(cells.area_year[secret // s]):
        mine = secret[cells.area_year[secret // s] == year]
        program = _Program(cells, hidden, containers)
        program.build(mine.tolist(), group_members, groups_of, total)
        result.extend(program.pinned(rng))
    return sorted(set(result))


class _Program:
    """The intruder's linear program of one wave (see :func:`pinned`)."""

    def __init__(
        self, cells: SurveyCells, hidden: np.ndarray, containers: dict[int, list[int]]
    ) -> None:
        self.cells = cells
        self.hidden = hidden
        self.containers = containers
        self.index: dict[tuple[int, int], int] = {}
        self.exempt: set[int] = set()
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.vals: list[float] = []
        self.low: list[float] = []
        self.high: list[float] = []

    def relation(self, terms: list[tuple[int, int, float]], lo: float, hi: float) -> None:
        cells = self.cells
        constant = 0.0
        r = len(self.low)
        used = False
        for c, a, w in terms:
            column = self.index.get((c, a))
            if column is not None:
                self.rows.append(r)
                self.cols.append(column)
                self.vals.append(w)
                used = True
            else:
                constant += w * float(cells.n[c] if a < 0 else cells.k[c, a])
        if used:
            self.low.append(lo - constant)
            self.high.append(hi - constant)

    def build(
        self,
        mine: list[int],
        group_members: dict[int, list[int]],
        groups_of: dict[int, list[int]],
        total: np.ndarray,
    ) -> None:
        cells = self.cells
        s = cells.n_slices
        for c in mine:
            self.index[(c, -1)] = len(self.index)
            for a in range(int(cells.answers[c % s])):
                if _zero_shown(cells, c, a, self.containers, self.hidden):
                    self.exempt.add(len(self.index))
                self.index[(c, a)] = len(self.index)
        touched = sorted({g for c in mine for g in groups_of.get(c, [])})
        for g in touched:
            if total[g] < 0:
                continue
            parts = group_members[g]
            slice_index = int(total[g] % s)
            for a in range(-1, int(cells.answers[slice_index])):
                self.relation([(c, a, 1.0) for c in parts] + [(int(total[g]), a, -1.0)], 0.0, 0.0)
        for c in mine:
            slice_index = c % s
            m = int(cells.answers[slice_index])
            if slice_index == 0:
                self.relation([(c, -1, 1.0)], 1.0, np.inf)
                continue
            for a in range(m):
                self.relation([(c, a, 1.0), (c, -1, -1.0)], -np.inf, 0.0)
            if m and cells.exclusive[slice_index]:
                self.relation([(c, a, 1.0) for a in range(m)] + [(c, -1, -1.0)], 0.0, 0.0)
            first = c - slice_index
            if not self.hidden[first]:
                # at most the group's published respondents (two unknowns would tie every
                # question of the group into one program: the audit leaves that bound out)
                self.relation([(c, -1, 1.0), (first, -1, -1.0)], -np.inf, 0.0)
            source = int(cells.condition[slice_index])
            if source >= 0:
                shown = np.flatnonzero(cells.condition_answers[slice_index])
                terms = [(c, -1, 1.0)] + [(first + source, int(a), -1.0) for a in shown]
                self.relation(terms, -np.inf, 0.0)

    def pinned(self, rng: np.random.Generator) -> list[int]:
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        size = len(self.index)
        matrix = coo_matrix((self.vals, (self.rows, self.cols)), shape=(len(self.low), size))
        matrix = matrix.tocsr()
        # unknowns that share no relation are solved apart (one small program per question)
        pattern = (abs(matrix) > 0).astype(np.int8)
        count, component = connected_components(pattern.T @ pattern, directed=False)
        row_component = component[np.asarray(matrix.indices)[matrix.indptr[:-1]]]
        keys = list(self.index)
        result: list[int] = []
        for part in range(count):
            columns = np.flatnonzero(component == part)
            rows = np.flatnonzero(row_component == part)
            found = self._pinned_part(
                matrix[rows][:, columns],
                np.array(self.low)[rows],
                np.array(self.high)[rows],
                [i in self.exempt for i in columns],
                rng,
            )
            result.extend(keys[int(columns[i])][0] for i in found)
        return result

    @staticmethod
    def _pinned_part(
        matrix: Any, low: np.ndarray, high: np.ndarray, exempt: list[bool], rng: np.random.Generator
    ) -> list[int]:
        # the kansenkaart audit's HiGHS solver: the program loaded once, many objectives
        from kansen.opportunity._audit import _Solver

        size = matrix.shape[1]
        solver = _Solver(
            matrix.tocsr(), low, high, np.zeros(size), np.full(size, np.inf), False, None
        )

        def solve(objective: np.ndarray) -> np.ndarray | None:
            return solver.solve(objective)[1]

        seen_low = np.full(size, np.inf)
        seen_high = np.full(size, -np.inf)
        weights = rng.random(size) + 0.5
        for objective in (weights, -weights, rng.normal(size=size)):
            x = solve(objective)
            if x is not None:
                seen_low, seen_high = np.minimum(seen_low, x), np.maximum(seen_high, x)
        # push every unknown not yet seen to move up (then down) at once, while that moves some
        blocked = np.asarray(exempt, dtype=bool)
        for sign in (-1.0, 1.0):
            while True:
                still = (seen_high - seen_low < 0.5) & ~blocked
                if not still.any():
                    break
                x = solve(np.where(still, sign, 0.0))
                if x is None:
                    break
                seen_low, seen_high = np.minimum(seen_low, x), np.maximum(seen_high, x)
                if not (still & (seen_high - seen_low >= 0.5)).any():
                    break
        result = []
        # every solution found tells about every unknown: fewer programs to solve
        for i in np.flatnonzero(seen_high - seen_low < 0.5):
            if exempt[i] or seen_high[i] - seen_low[i] >= 0.5:
                continue
            for sign in (-1.0, 1.0):
                objective = np.zeros(size)
                objective[i] = sign
                x = solve(objective)
                if x is not None:
                    seen_low, seen_high = np.minimum(seen_low, x), np.maximum(seen_high, x)
                if seen_high[i] - seen_low[i] >= 0.5:
                    break
            else:
                result.append(int(i))
        return result


def _zero_shown(
    cells: SurveyCells, cell: int, answer: int, containers: dict[int, list[int]], hidden: np.ndarray
) -> bool:
    s = cells.n_slices
    group, slice_index = divmod(cell, s)
    for coarse in containers.get(group, []):
        other = coarse * s + slice_index
        if not hidden[other] and cells.k[other, answer] == 0:
            return True
    return False
