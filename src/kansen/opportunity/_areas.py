"""Which area each area lies in, among the requested levels, as the data shows it.

A buurt's parent is the nearest coarser requested level of buurt < wijk < gemeente; a postcode
area's parent is the gemeente when the gemeente level is requested and every pc4 lies in one
gemeente (per year), else the root. The root stands for all pupils of a year; it is not a cell.
Buurten that lie in more than one wijk (or wijken in more than one gemeente) in the same year
are an error in the data.

Besides the parent, the tree records every *container*: a coarser area of another requested level
that holds all pupils of an area, for every pair of levels that nest in the data (a buurt in its
wijk and its gemeente, a buurt in its pc4 when every buurt lies in one pc4, a pc4 in its gemeente).
Each container is the sum of the areas it holds, which is what complementary suppression needs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
import pandas as pd

from ._schema import NESTED_LEVELS, ColumnProblem, PupilDataRejected, PupilRequest, format_examples


@dataclass(frozen=True)
class AreaTree:
    """Parents of the areas in the data.

    Attributes
    ----------
    parent_level : dict of str to str or None
        The parent level of every requested level; None for the root.
    parents : pandas.DataFrame
        ``year``, ``level``, ``area_code``, ``parent_code`` (None under the root).
    containers : pandas.DataFrame
        ``year``, ``level``, ``area_code``, ``container_level``, ``container_code``: for every
        pair of requested levels where each area of the first lies in one area of the second in
        that year and the second has fewer areas (of two levels with the same areas, one).
    """

    parent_level: dict[str, str | None]
    parents: pd.DataFrame
    containers: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(
            columns=["year", "level", "area_code", "container_level", "container_code"]
        )
    )


def _multiple_parents(pairs: pd.DataFrame, child: str, parent: str) -> pd.Series:
    # ``pairs`` are distinct: a child with two parents is a repeated (year, child). Finding
    # none needs no sorted groups (the usual case: levels that nest).
    if not pairs.duplicated(["year", child]).any():
        return pd.Series([], dtype="int64")
    counts = pairs.groupby(["year", child])[parent].nunique()
    return counts[counts > 1]


def area_codes(
    fine: pd.DataFrame, levels: Sequence[str]
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each level column as integer codes and its distinct codes (``pandas.factorize``).

    Two rows have the same code exactly where they have the same text, so whatever is found by
    comparing codes (distinct rows, duplicates, groups) is what comparing the text finds, without
    hashing text again for every pair of levels.
    """
    codes: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for level in levels:
        values = fine[level].to_numpy()
        code, spelled = pd.factorize(values)
        if (code < 0).any():  # an empty code (the checks reject them): numbered too
            code, spelled = pd.factorize(values, use_na_sentinel=False)
        codes[level] = (code, spelled)
    return codes


def area_tree(
    fine: pd.DataFrame,
    request: PupilRequest,
    codes: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None,
) -> AreaTree:
    """Work out the parent of every area from the distinct combinations of codes.

    Parameters
    ----------
    fine : pandas.DataFrame
        The grouped sums, which hold every combination of area codes per year.
    request : PupilRequest
        The checked request.
    codes : mapping, optional
        :func:`area_codes` of ``fine`` when the caller has them (they are made otherwise).

    Returns
    -------
    AreaTree

    Raises
    ------
    PupilDataRejected
        When a buurt lies in more than one wijk, or a wijk (or buurt) in more than one gemeente.
    """
    if codes is None:
        codes = area_codes(fine, request.levels)
    year = fine["year"].to_numpy()
    year_code = pd.factorize(year)[0].astype(np.int64)
    # Per level, every area numbered in the order it first appears in ``fine`` (what dropping
    # duplicate combinations gives) and the row where it first appears.
    number: dict[str, np.ndarray] = {}
    first: dict[str, np.ndarray] = {}
    for level in request.levels:
        code, names = codes[level]
        number[level] = pd.factorize(year_code * len(names) + code)[0]
        seen = np.maximum.accumulate(np.r_[-1, number[level][:-1]])
        first[level] = np.flatnonzero(number[level] > seen)

    def nests(child: str, parent: str) -> bool:
        # Each child area has the parent of its first row in every row.
        return bool((number[parent] == number[parent][first[child]][number[child]]).all())

    nested = [level for level in NESTED_LEVELS if level in request.levels]
    if not all(nests(child, parent) for child, parent in pairwise(nested)):
        return _area_tree_from_combinations(fine, request, codes)  # says which do not nest
    parent_level: dict[str, str | None] = {
        level: nested[i + 1] if i + 1 < len(nested) else None for i, level in enumerate(nested)
    }
    if "pc4" in request.levels:
        nested_pc4 = "gemeente" in request.levels and nests("pc4", "gemeente")
        parent_level["pc4"] = "gemeente" if nested_pc4 else None

    def spelled(level: str, rows: np.ndarray) -> np.ndarray:
        text: np.ndarray = codes[level][1][codes[level][0][rows]]
        return text

    frames = []
    for level in request.levels:
        parent, rows = parent_level[level], first[level]
        frame = pd.DataFrame(
            {"year": year[rows], "level": level, "area_code": spelled(level, rows)}
        )
        frame["parent_code"] = spelled(parent, rows) if parent else None
        frames.append(frame)
    parents = pd.concat(frames, ignore_index=True).astype({"parent_code": "object"})
    containers = []
    pairs: set[tuple[str, str]] = set()
    for child in request.levels:
        for coarse in request.levels:
            if child == coarse or not nests(child, coarse):
                continue
            child_count, coarse_count = len(first[child]), len(first[coarse])
            if child_count < coarse_count:
                continue
            if child_count == coarse_count and (coarse, child) in pairs:
                continue  # the same partition under two names: one direction is enough
            pairs.add((child, coarse))
            rows = first[child]
            containers.append(
                pd.DataFrame(
                    {
                        "year": year[rows],
                        "level": child,
                        "area_code": spelled(child, rows),
                        "container_level": coarse,
                        "container_code": spelled(coarse, rows),
                    }
                )
            )
    columns = ["year", "level", "area_code", "container_level", "container_code"]
    return AreaTree(
        parent_level=parent_level,
        parents=parents,
        containers=(
            pd.concat(containers, ignore_index=True)
            if containers
            else pd.DataFrame(columns=columns)
        ),
    )


def _area_tree_from_combinations(
    fine: pd.DataFrame, request: PupilRequest, codes: Mapping[str, tuple[np.ndarray, np.ndarray]]
) -> AreaTree:
    """:func:`area_tree` from the distinct combinations of codes, with the problems it finds."""
    # The distinct combinations as integer codes (the same rows in the same order as the text
    # would give), turned back into text once at the end.
    combos = pd.DataFrame(
        {"year": fine["year"].to_numpy(), **{level: codes[level][0] for level in request.levels}}
    ).drop_duplicates()

    def text(level: str, values: pd.Series) -> np.ndarray:
        spelled: np.ndarray = codes[level][1][values.to_numpy()]
        return spelled

    nested = [level for level in NESTED_LEVELS if level in request.levels]
    parent_level: dict[str, str | None] = {}
    problems = []
    for i, level in enumerate(nested):
        parent = nested[i + 1] if i + 1 < len(nested) else None
        parent_level[level] = parent
        if parent is None:
            continue
        pairs = combos[["year", level, parent]].drop_duplicates()
        duplicated = _multiple_parents(pairs, level, parent)
        if len(duplicated):
            examples = []
            for year, code in duplicated.index[:5]:
                owners = sorted(
                    text(
                        parent, pairs.loc[(pairs["year"] == year) & (pairs[level] == code), parent]
                    )
                )
                examples.append(f"{codes[level][1][code]} in {year}: {', '.join(owners[:3])}")
            problems.append(
                ColumnProblem(
                    level,
                    f"{len(duplicated)} {level} codes lie in more than one {parent} in the same "
                    "year",
                    f"every {level} in one {parent}",
                    len(duplicated),
                    format_examples(examples),
                )
            )
    if problems:
        raise PupilDataRejected(problems)
    if "pc4" in request.levels:
        parent_level["pc4"] = None
        if "gemeente" in request.levels:
            pairs = combos[["year", "pc4", "gemeente"]].drop_duplicates()
            if not pairs.duplicated(["year", "pc4"]).any():
                parent_level["pc4"] = "gemeente"

    frames = []
    for level in request.levels:
        parent = parent_level[level]
        columns = ["year", level] + ([parent] if parent else [])
        frame = combos[columns].drop_duplicates(["year", level])
        frame[level] = text(level, frame[level])
        frame = frame.rename(columns={level: "area_code"})
        frame["parent_code"] = text(parent, frame.pop(parent)) if parent else None
        frame.insert(1, "level", level)
        frames.append(frame)
    parents = pd.concat(frames, ignore_index=True).astype({"parent_code": "object"})
    return AreaTree(
        parent_level=parent_level,
        parents=parents,
        containers=_containers(combos, request, {level: c[1] for level, c in codes.items()}),
    )


def _containers(
    combos: pd.DataFrame, request: PupilRequest, spelling: dict[str, np.ndarray]
) -> pd.DataFrame:
    """Every (area, container) pair of levels that nest in the data, per year.

    ``combos`` holds the distinct combinations of integer codes; ``spelling`` the text of each
    level's codes.
    """
    frames: list[tuple[str, str, pd.DataFrame]] = []
    for fine in request.levels:
        for coarse in request.levels:
            if fine == coarse:
                continue
            pairs = combos[["year", fine, coarse]].drop_duplicates()
            if pairs.duplicated(["year", fine]).any():  # (distinct pairs) in two coarse areas
                continue
            fine_count = pairs[["year", fine]].drop_duplicates().shape[0]
            coarse_count = pairs[["year", coarse]].drop_duplicates().shape[0]
            if fine_count < coarse_count:
                continue
            if fine_count == coarse_count and (coarse, fine) in {(f, c) for f, c, _ in frames}:
                continue  # the same partition under two names: one direction is enough
            frame = pairs.rename(columns={fine: "area_code", coarse: "container_code"})
            frame.insert(1, "level", fine)
            frame.insert(3, "container_level", coarse)
            frames.append((fine, coarse, frame))
    columns = ["year", "level", "area_code", "container_level", "container_code"]
    if not frames:
        return pd.DataFrame(columns=columns)
    for fine, coarse, frame in frames:
        frame["area_code"] = spelling[fine][frame["area_code"].to_numpy()]
        frame["container_code"] = spelling[coarse][frame["container_code"].to_numpy()]
    return pd.concat([f for _, _, f in frames], ignore_index=True)[columns]
