"""How much the deciles depend on the domain weights."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ._compute import IndexResult, compute_index
from ._definition import IndexDefinition, ReferenceSet
from ._stats import combine, deciles, rank

SENSITIVITY_COLUMNS = (
    "area_code", "domain", "direction", "old_weight", "new_weight", "old_decile", "new_decile",
)  # fmt: skip


def sensitivity(
    data: pd.DataFrame,
    definition: IndexDefinition,
    step: float = 5.0,
    *,
    parents: Mapping[str, str] | pd.Series | None = None,
    parent_data: pd.DataFrame | None = None,
    reference: ReferenceSet | None = None,
    result: IndexResult | None = None,
) -> pd.DataFrame:
    """List the areas whose decile changes when one domain weight moves by ``step``.

    For each domain its weight goes up and down by ``step`` percentage points (down to 0 at
    most) while the other weights stay as they are; the domain scores do not depend on the
    weights, so only the index is recomputed.

    Parameters
    ----------
    data, definition, parents, parent_data, reference
        As for :func:`compute_index`.
    step : float
        Percentage points, e.g. 5.0 moves income from 22.5 to 27.5 and 17.5.
    result : IndexResult, optional
        The index computed already from the same data and definition (a page that shows it
        need not compute it again); by default computed here.

    Returns
    -------
    pandas.DataFrame
        One row per changed area and move: ``area_code``, ``domain``, ``direction`` ("up" or
        "down"), ``old_weight``, ``new_weight``, ``old_decile`` and ``new_decile``; by domain
        (definition order) and direction, the areas in the order of the result.
    """
    if not np.isfinite(step) or step <= 0:
        raise ValueError(f"step: expected a positive number of percentage points, got {step!r}")
    if result is None:
        result = compute_index(
            data, definition, parents=parents, parent_data=parent_data, reference=reference
        )
    ranked = result.frame[result.frame["rank"].notna()]
    transformed = result.domains("transformed").loc[ranked.index].to_numpy(np.float64)
    old = ranked["decile"].to_numpy(np.int64)
    base = np.array([domain.weight for domain in definition.domains])
    tables = []
    for d, domain in enumerate(definition.domains):
        for direction, new_weight in (("up", domain.weight + step), ("down", domain.weight - step)):
            weights = base.copy()
            weights[d] = max(new_weight, 0.0)
            if weights[d] == base[d]:
                continue
            score = combine(transformed, weights)
            new = deciles(rank(score, definition.ties, descending=True), result.n).astype(np.int64)
            changed = new != old
            tables.append(pd.DataFrame({
                "area_code": ranked.index[changed], "domain": domain.code,
                "direction": direction, "old_weight": domain.weight, "new_weight": weights[d],
                "old_decile": old[changed], "new_decile": new[changed],
            }))  # fmt: skip
    if not tables:
        return pd.DataFrame(columns=list(SENSITIVITY_COLUMNS))
    return pd.concat(tables, ignore_index=True)[list(SENSITIVITY_COLUMNS)]
