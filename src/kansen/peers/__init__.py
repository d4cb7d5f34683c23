"""Peer comparison: the municipalities most like a given one, by chosen key figures.

Each key figure is standardised over the municipalities compared (z-scores, so a figure in
euros does not outweigh a share in percent), and peers are the nearest by Euclidean distance
in that space. Municipalities missing any chosen figure are left out and listed.

Examples
--------
>>> import pandas as pd
>>> figures = pd.DataFrame(
...     {"inwoners": [100, 110, 300, 105], "laag_inkomen": [10.0, 11.0, 30.0, 10.5]},
...     index=["GM1", "GM2", "GM3", "GM4"],
... )
>>> nearest_peers(figures, "GM1", ["inwoners", "laag_inkomen"], k=2).peers.index.tolist()
['GM4', 'GM2']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["PEER_DISTANCE_DECIMALS", "PeerComparison", "nearest_peers"]

#: Decimals the distance is rounded to before peers are ordered (ties then go by code).
PEER_DISTANCE_DECIMALS = 9


@dataclass(frozen=True)
class PeerComparison:
    """The result of :func:`nearest_peers`.

    Attributes
    ----------
    target : str
        The municipality compared.
    figures : tuple of str
        The key figures used.
    peers : pandas.DataFrame
        The ``k`` nearest municipalities (index: code), nearest first, with column
        ``distance`` and the figures as given.
    excluded : tuple of str
        Municipalities left out because a chosen figure is missing.
    compared : int
        How many municipalities were compared (the target included).
    """

    target: str
    figures: tuple[str, ...]
    peers: pd.DataFrame
    excluded: tuple[str, ...]
    compared: int


def nearest_peers(
    figures: pd.DataFrame, target: str, columns: Sequence[str], k: int = 5
) -> PeerComparison:
    """The ``k`` municipalities nearest to ``target`` in the standardised ``columns``.

    Parameters
    ----------
    figures : pandas.DataFrame
        One row per municipality (index: code), one column per key figure.
    target : str
        Code of the municipality to compare.
    columns : sequence of str
        The key figures to compare on (at least one).
    k : int
        How many peers.

    Returns
    -------
    PeerComparison

    Raises
    ------
    ValueError
        When a column is unknown, the target is missing or lacks a chosen figure, or no
        other municipality can be compared.
    """
    chosen = list(dict.fromkeys(columns))
    if not chosen:
        raise ValueError("choose at least one key figure to compare on")
    unknown = [c for c in chosen if c not in figures.columns]
    if unknown:
        raise ValueError(f"unknown key figures {unknown}; expected some of {list(figures.columns)}")
    if target not in figures.index:
        raise ValueError(
            f"{target} has no key figures; expected one of the imported municipalities"
        )
    data = figures[chosen].apply(pd.to_numeric, errors="coerce")
    if data.loc[target].isna().any():
        missing = [c for c in chosen if pd.isna(data.loc[target, c])]
        raise ValueError(f"{target} has no value for {missing}")
    complete = data.dropna()
    excluded = tuple(sorted(set(data.index) - set(complete.index)))
    if len(complete) < 2:
        raise ValueError("no other municipality has all the chosen key figures")
    values = complete.to_numpy(dtype=float)
    spread = values.std(axis=0)
    spread[spread == 0] = 1.0  # a figure equal everywhere does not separate anyone
    z = (values - values.mean(axis=0)) / spread
    target_row = complete.index.get_loc(target)
    squares = (z - z[target_row]) ** 2
    total = np.zeros(len(complete))
    for column in squares.T:  # summed in a fixed order: the same on every machine
        total += column
    # Rounded (as kansen.index ranks scores) so that distances equal in decimal arithmetic tie,
    # and ties are broken by code: the answer depends neither on the machine nor on row order.
    distance = np.round(np.sqrt(total), PEER_DISTANCE_DECIMALS)
    result = complete.assign(distance=distance).drop(index=target)
    result = result.reset_index(names="code").sort_values(["distance", "code"]).set_index("code")
    return PeerComparison(
        target=target,
        figures=tuple(chosen),
        peers=result.head(k)[["distance", *chosen]],
        excluded=excluded,
        compared=len(complete),
    )
