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

from collections.abc import Sequence
from dataclasses import dataclass, field

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
    return {
        level: pd.factorize(fine[level].to_numpy(), use_na_sentinel=False)[:2] for level in levels
    }


def area_tree(fine: pd.DataFrame, request: PupilRequest) -> AreaTree:
    """Work out the parent of every area from the distinct combinations of codes.

    Parameters
    ----------
    fine : pandas.DataFrame
        The grouped sums, which hold every combination of area codes per year.
    request : PupilRequest
        The checked request.

    Returns
    -------
    AreaTree

    Raises
    ------
    PupilDataRejected
        When a buurt lies in more than one wijk, or a wijk (or buurt) in more than one gemeente.
    """
    # The distinct combinations as integer codes (the same rows in the same order as the text
    # would give), turned back into text once at the end.
    codes = area_codes(fine, request.levels)
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
            if _multiple_parents(pairs, "pc4", "gemeente").empty:
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
            if not _multiple_parents(pairs, fine, coarse).empty:
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
