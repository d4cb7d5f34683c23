"""The index from published domain ranks or transformed scores: to check faithfulness.

The English Indices of Deprivation publish each domain's rank (and, for 2015 and 2019, the
exponentially transformed domain scores). Recomputing the Index of Multiple Deprivation from them
tests stages 5-7 of the method against the official figures (``../data/iod/``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ._definition import Ties
from ._stats import combine, deciles, exponential_transform, integers, rank

#: Domain weights of the English IMD (2004-2025), percent; they add up to 99.9.
ENGLISH_IMD_WEIGHTS: dict[str, float] = {
    "income": 22.5,
    "employment": 22.5,
    "education": 13.5,
    "health": 13.5,
    "crime": 9.3,
    "barriers": 9.3,
    "living_environment": 9.3,
}


def _check_columns(table: pd.DataFrame, weights: Mapping[str, float], what: str) -> list[str]:
    columns = list(weights)
    absent = [column for column in columns if column not in table.columns]
    if absent:
        raise ValueError(
            f"expected a {what} column for every weight, {absent} are not in the table "
            f"(columns: {list(table.columns)})"
        )
    return columns


def _index_frame(
    transformed: pd.DataFrame, weights: Mapping[str, float], ties: Ties
) -> pd.DataFrame:
    frame = transformed.add_suffix("_transformed")
    score = combine(transformed.to_numpy(np.float64), list(weights.values()))
    ranks = rank(score, ties, descending=True)
    n = int(np.count_nonzero(~np.isnan(ranks)))
    frame["score"] = score
    frame["rank"] = ranks
    frame["decile"] = integers(deciles(ranks, n))
    return frame


def index_from_domain_ranks(
    ranks: pd.DataFrame,
    weights: Mapping[str, float],
    *,
    n: int | None = None,
    ties: Ties = "min",
) -> pd.DataFrame:
    """Compute the index from given domain ranks (stages 5-7 of the method).

    Parameters
    ----------
    ranks : pandas.DataFrame
        One row per area, a column of domain ranks (1 = most deprived) per key of ``weights``.
    weights : mapping of str to float
        Column -> domain weight in percent, e.g. 22.5 for income.
    n : int, optional
        The number of ranked areas; by default the number of rows.
    ties : {"min", "max", "average"}
        Tie rule for the index rank.

    Returns
    -------
    pandas.DataFrame
        Same index as ``ranks``: ``<column>_transformed`` per domain, ``score``, ``rank`` and
        ``decile``.
    """
    columns = _check_columns(ranks, weights, "rank")
    values = ranks[columns].to_numpy(np.float64)
    count = len(ranks) if n is None else n
    if np.nanmin(values) < 1 or np.nanmax(values) > count:
        raise ValueError(
            f"expected domain ranks from 1 to N = {count}, got {np.nanmin(values):g} to "
            f"{np.nanmax(values):g}"
        )
    transformed = pd.DataFrame(
        exponential_transform(values, count), index=ranks.index, columns=columns
    )
    return _index_frame(transformed, weights, ties)


def index_from_transformed_scores(
    transformed: pd.DataFrame, weights: Mapping[str, float], *, ties: Ties = "min"
) -> pd.DataFrame:
    """Compute the index from given exponentially transformed domain scores (stages 6-7).

    Parameters
    ----------
    transformed : pandas.DataFrame
        One row per area, a column of transformed scores (0-100) per key of ``weights``.
    weights : mapping of str to float
        Column -> domain weight in percent.
    ties : {"min", "max", "average"}
        Tie rule for the index rank.

    Returns
    -------
    pandas.DataFrame
        As :func:`index_from_domain_ranks`.
    """
    columns = _check_columns(transformed, weights, "transformed-score")
    return _index_frame(transformed[columns].astype(np.float64), weights, ties)
