"""The light part, in pandas and numpy: sums per cell, then OLS and intervals from the sums.

For a cell with ``n`` pupils, rank centred on the band's point ``dx = rank - point`` and outcome
``y``, with sums ``Sx, Sy, Sxy, Sxx, Syy`` (see :mod:`._sums`)::

    xbar = Sx / n                 ybar = Sy / n
    sxx  = Sxx - Sx * xbar        sxy  = Sxy - Sx * ybar        syy = Syy - Sy * ybar
    slope      = sxy / sxx
    prediction = ybar - slope * xbar           (the line at dx = 0, the band's point)
    s2         = (syy - slope * sxy) / (n - 2)  (residual variance)
    se         = sqrt(s2 * (1 / n + xbar**2 / sxx))
    slope_se   = sqrt(s2 / sxx)
    95% interval: prediction -/+ t(0.975, n - 2) * se

This is ordinary least squares of ``y`` on rank, evaluated at the point (``(point - mean
rank)**2 = xbar**2``). For the band "all" the estimate is the mean ``ybar`` with
``se = sqrt(syy / (n - 1) / n)`` and ``t(0.975, n - 1)``, the interval of an intercept-only OLS;
its slope is the OLS slope over all ranks.

Cells are kept in integer form: an *area* (year, level, code) and a *slice* (subgroup, value,
band, outcome) identify a cell, and cells are sorted by (area, slice), so that parents, totals and
siblings are found by binary search instead of joins on text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ._areas import AreaTree
from ._bands import BAND_NAMES, INCOME_BANDS, SEGMENTS, SUM_CENTRE
from ._schema import ALL, AREA_LEVELS, PupilRequest
from ._sums import mask_column, outcome_column

#: Below this fraction of its uncentred sum, a centred sum of squares of rank counts as zero.
_DEGENERATE = 1e-10
CONFIDENCE = 0.95
_ALL_BAND = BAND_NAMES.index("all")


@dataclass(frozen=True)
class CellTable:
    """Every cell, with its areas and slices in small side tables.

    Attributes
    ----------
    cells : pandas.DataFrame
        One row per area and slice (also without pupils: ``n`` 0), sorted by ``key``:
        ``area_id``, ``slice_id``, ``key`` (``area_id * n_slices + slice_id``), ``n`` and,
        after :func:`estimate_cells`, the estimates and ``k`` (pupils with a 0/1 outcome).
    areas : pandas.DataFrame
        Indexed by area id: ``year``, ``level``, ``area_code``, ``parent_code``, ``parent_id``
        (-1 under the root), ``level_index``.
    slices : pandas.DataFrame
        Indexed by slice id: ``subgroup``, ``subgroup_value``, ``band``, ``band_index``,
        ``outcome``, ``outcome_kind``, ``centre``, ``total_slice_id`` (the same band and outcome
        over all pupils; -1 for slices over all pupils) and ``sibling_group`` (slices that
        partition the same total share it; -1 for slices over all pupils), ``twin_group``
        (outcomes on the same pupils in the same subgroup value and band share it; -1 for an
        outcome without twins) and ``unit`` (the grid of the outcome's sums: 1 for a share, the
        range of the values for a numeric outcome).
    containers : pandas.DataFrame
        ``area_id`` and ``container_id``: every area and each coarser area that holds all its
        pupils (see :class:`._areas.AreaTree`).
    """

    cells: pd.DataFrame
    areas: pd.DataFrame
    slices: pd.DataFrame
    containers: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame({"area_id": [], "container_id": []}, dtype="int64")
    )

    @property
    def n_slices(self) -> int:
        """Number of slices."""
        return len(self.slices)

    def lookup(self, area_id: np.ndarray, slice_id: np.ndarray) -> np.ndarray:
        """Row positions of the cells (area, slice), -1 where there is no such cell."""
        keys = self.cells["key"].to_numpy()
        wanted = area_id.astype(np.int64) * self.n_slices + slice_id.astype(np.int64)
        position = np.searchsorted(keys, wanted)
        found = position < len(keys)
        found[found] = keys[position[found]] == wanted[found]
        valid = (area_id >= 0) & (slice_id >= 0) & found
        return np.where(valid, position, -1)

    def labelled(self, columns: list[str]) -> pd.DataFrame:
        """The cells with the area and slice columns spelled out, then ``columns``."""
        # One numpy take per column (not a row selection of the whole side tables).
        area_id = self.cells["area_id"].to_numpy()
        slice_id = self.cells["slice_id"].to_numpy()
        frame = pd.DataFrame(
            {
                **{
                    column: self.areas[column].to_numpy()[area_id]
                    for column in ("year", "level", "area_code", "parent_code")
                },
                **{
                    column: self.slices[column].to_numpy()[slice_id]
                    for column in (
                        "subgroup",
                        "subgroup_value",
                        "band",
                        "band_point",
                        "outcome",
                        "outcome_kind",
                    )
                },
            },
            copy=False,  # fresh arrays: no need to copy them into blocks
        )
        for column in columns:
            frame[column] = self.cells[column].to_numpy()
        return frame


def _areas(tree: AreaTree) -> pd.DataFrame:
    order = {level: i for i, level in enumerate(AREA_LEVELS)}
    areas = tree.parents.assign(level_index=tree.parents["level"].map(order))
    areas = areas.sort_values(["year", "level_index", "area_code"], kind="stable")
    areas = areas.reset_index(drop=True)
    areas["parent_level"] = areas["level"].map(tree.parent_level)
    ids = pd.Series(
        areas.index.to_numpy(),
        index=pd.MultiIndex.from_frame(areas[["year", "level", "area_code"]]),
    )
    has_parent = areas["parent_level"].notna() & areas["parent_code"].notna()
    wanted = pd.MultiIndex.from_frame(
        areas.loc[has_parent, ["year", "parent_level", "parent_code"]]
    )
    parent_id = np.full(len(areas), -1, dtype=np.int64)
    parent_id[has_parent.to_numpy()] = ids.reindex(wanted).to_numpy()
    areas["parent_id"] = parent_id
    areas.loc[areas["parent_id"] < 0, "parent_code"] = None
    return areas.drop(columns="parent_level")


def _container_ids(tree: AreaTree, areas: pd.DataFrame) -> pd.DataFrame:
    ids = pd.Series(
        areas.index.to_numpy(),
        index=pd.MultiIndex.from_frame(areas[["year", "level", "area_code"]]),
    )
    pairs = tree.containers
    if pairs.empty:
        return pd.DataFrame({"area_id": [], "container_id": []}, dtype="int64")
    area_id = ids.reindex(pd.MultiIndex.from_frame(pairs[["year", "level", "area_code"]]))
    container_id = ids.reindex(
        pd.MultiIndex.from_frame(pairs[["year", "container_level", "container_code"]])
    )
    return pd.DataFrame(
        {
            "area_id": area_id.to_numpy(dtype=np.int64),
            "container_id": container_id.to_numpy(dtype=np.int64),
        }
    )


def _slices(
    fine: pd.DataFrame, request: PupilRequest
) -> tuple[pd.DataFrame, dict[tuple[str, str], int]]:
    rows: list[tuple[object, ...]] = []
    base: dict[tuple[str, str], int] = {}
    groups: dict[tuple[str, int, int], int] = {}
    block = len(BAND_NAMES) * len(request.outcomes)
    shared_masks = {
        o.mask for o in request.outcomes if sum(p.mask == o.mask for p in request.outcomes) > 1
    }
    twins: dict[tuple[str, str, int, str], int] = {}
    for subgroup in (ALL, *request.subgroups):
        values = [ALL] if subgroup == ALL else sorted(fine[subgroup].astype(str).unique())
        for value in values:
            base[(subgroup, value)] = len(rows)
            for band_index, band in enumerate(INCOME_BANDS):
                for outcome_index, outcome in enumerate(request.outcomes):
                    if subgroup == ALL:
                        total, group = -1, -1
                    else:
                        total = band_index * len(request.outcomes) + outcome_index
                        group = groups.setdefault(
                            (subgroup, band_index, outcome_index), len(groups)
                        )
                    twin = -1
                    if outcome.mask in shared_masks:
                        twin = twins.setdefault(
                            (subgroup, value, band_index, outcome.mask), len(twins)
                        )
                    rows.append(
                        (
                            subgroup,
                            value,
                            band.name,
                            band_index,
                            band.point,
                            outcome.name,
                            outcome.kind,
                            outcome.centre,
                            total,
                            group,
                            twin,
                            1.0 if outcome.kind == "share" else outcome.unit,
                        )
                    )
    slices = pd.DataFrame(
        rows,
        columns=[
            "subgroup",
            "subgroup_value",
            "band",
            "band_index",
            "band_point",
            "outcome",
            "outcome_kind",
            "centre",
            "total_slice_id",
            "sibling_group",
            "twin_group",
            "unit",
        ],
    )
    slices["band_point"] = slices["band_point"].astype("float64")
    assert len(slices) == len(base) * block
    return slices, base


def to_bands(fine: pd.DataFrame, request: PupilRequest) -> pd.DataFrame:
    """Add up the sums per segment to sums per band, centred on the band's point.

    Moving the centre of the sums from ``c = 0.5`` to the band's point ``p`` (``d = c - p``) is
    exact algebra: ``S(x - p) = Sx + n d``, ``S(x - p)^2 = Sxx + 2 d Sx + n d^2``,
    ``S(x - p) y = Sxy + d Sy``; the terms are at most about 100 times the result, so less than
    1e-13 of it is lost.

    Parameters
    ----------
    fine : pandas.DataFrame
        The grouped sums per segment from the engine.
    request : PupilRequest
        The checked request.

    Returns
    -------
    pandas.DataFrame
        One row per segment and band that contains it, with ``band`` (index into
        :data:`INCOME_BANDS`) instead of ``segment``, and the sums recentred.
    """
    # Each row repeated once per band that holds its segment, in the order of the bands (what
    # a merge with a table of links would give, without hashing the keys of 125,000 rows).
    per_segment = np.array([len(segment.bands) for segment in SEGMENTS], dtype=np.int64)
    first_link = np.cumsum(per_segment) - per_segment
    link_band = np.array([band for segment in SEGMENTS for band in segment.bands], dtype=np.int64)
    link_shift = np.array(
        [SUM_CENTRE - INCOME_BANDS[band].centre for segment in SEGMENTS for band in segment.bands]
    )
    segment = fine["segment"].to_numpy(dtype=np.int64)
    repeats = per_segment[segment]
    rows = np.repeat(np.arange(len(fine)), repeats)
    within = np.arange(len(rows)) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    link = first_link[segment[rows]] + within
    expanded = fine.drop(columns="segment").take(rows).reset_index(drop=True)
    expanded["band"] = link_band[link]
    shift = link_shift[link]
    for mask in request.masks:
        n = expanded[mask_column(request, mask, "n")].to_numpy(dtype=np.float64)
        sx = expanded[mask_column(request, mask, "sx")].to_numpy(dtype=np.float64)
        sxx = expanded[mask_column(request, mask, "sxx")].to_numpy(dtype=np.float64)
        expanded[mask_column(request, mask, "sxx")] = sxx + 2 * shift * sx + n * shift**2
        expanded[mask_column(request, mask, "sx")] = sx + n * shift
    for outcome in request.outcomes:
        sy = expanded[outcome_column(request, outcome, "sy")].to_numpy(dtype=np.float64)
        sxy = expanded[outcome_column(request, outcome, "sxy")].to_numpy(dtype=np.float64)
        expanded[outcome_column(request, outcome, "sxy")] = sxy + shift * sy
    return expanded


def cell_table(fine: pd.DataFrame, request: PupilRequest, tree: AreaTree) -> CellTable:
    """Sums per cell: every level, subgroup value (and "all"), band and outcome.

    Parameters
    ----------
    fine : pandas.DataFrame
        The grouped sums per segment from the engine (:func:`._sums.grouped_sums`).
    request : PupilRequest
        The checked request.
    tree : AreaTree
        The parents of the areas.

    Returns
    -------
    CellTable
        With ``n`` and the sums ``sx, sy, sxy, sxx, syy`` per cell.
    """
    key_columns = ["year", *request.levels, *request.subgroups, "segment"]
    sum_columns = [c for c in fine.columns if c not in key_columns]
    fine = fine.copy()
    fine[sum_columns] = fine[sum_columns].fillna(0.0)
    fine = to_bands(fine, request)
    for name in request.subgroups:
        fine[name] = fine[name].astype(str)
    areas = _areas(tree)
    slices, base = _slices(fine, request)
    n_slices = len(slices)
    n_outcomes = len(request.outcomes)
    frames = []
    for level in request.levels:
        here = areas[areas["level"] == level]
        area_ids = pd.Series(
            here.index.to_numpy(), index=pd.MultiIndex.from_frame(here[["year", "area_code"]])
        )
        for subgroup in (None, *request.subgroups):
            keys = ["year", level, "band"] + ([subgroup] if subgroup else [])
            grouped = fine.groupby(keys, sort=False, observed=True)[sum_columns].sum()
            grouped = grouped.reset_index()
            area_id = area_ids.reindex(
                pd.MultiIndex.from_arrays([grouped["year"], grouped[level]])
            ).to_numpy()
            if subgroup:
                offsets = {
                    value: start for (name, value), start in base.items() if name == subgroup
                }
                start = grouped[subgroup].map(offsets).to_numpy(dtype=np.int64)
            else:
                start = np.full(len(grouped), base[(ALL, ALL)], dtype=np.int64)
            band = grouped["band"].to_numpy(dtype=np.int64)
            for index, outcome in enumerate(request.outcomes):
                syy = "sy" if outcome.kind == "share" else "syy"
                frame = pd.DataFrame(
                    {
                        "area_id": area_id.astype(np.int64),
                        "slice_id": start + band * n_outcomes + index,
                        "n": grouped[mask_column(request, outcome.mask, "n")]
                        .to_numpy()
                        .round()
                        .astype(np.int64),
                        "sx": grouped[mask_column(request, outcome.mask, "sx")].to_numpy(),
                        "sxx": grouped[mask_column(request, outcome.mask, "sxx")].to_numpy(),
                        "sy": grouped[outcome_column(request, outcome, "sy")].to_numpy(),
                        "sxy": grouped[outcome_column(request, outcome, "sxy")].to_numpy(),
                        "syy": grouped[outcome_column(request, outcome, syy)].to_numpy(),
                    }
                )
                frames.append(frame[frame["n"] > 0])
    found = pd.concat(frames, ignore_index=True)
    # Every area with every slice, also those without pupils: a missing row would say "none".
    cells = pd.DataFrame({"key": np.arange(len(areas) * n_slices, dtype=np.int64)}).assign(
        area_id=lambda f: f["key"] // n_slices,
        slice_id=lambda f: f["key"] % n_slices,
    )
    found_keys = (found["area_id"] * n_slices + found["slice_id"]).to_numpy()
    # np.unique is slower here: 0.14 s against 0.004 s for 371,491 keys (numpy 2.4)
    ordered = np.sort(found_keys)
    if (ordered[1:] == ordered[:-1]).any():
        raise AssertionError("a cell was summed twice")
    for column in ("n", "sx", "sxx", "sy", "sxy", "syy"):
        values = np.zeros(len(cells), dtype=np.int64 if column == "n" else np.float64)
        values[found_keys] = found[column].to_numpy()
        cells[column] = values
    cells = cells[["area_id", "slice_id", "n", "sx", "sxx", "sy", "sxy", "syy", "key"]]
    slices["total_slice_id"] = np.where(
        slices["total_slice_id"] >= 0, slices["total_slice_id"] + base[(ALL, ALL)], -1
    )
    return CellTable(
        cells=cells, areas=areas, slices=slices, containers=_container_ids(tree, areas)
    )


def _t_quantile(df: np.ndarray) -> np.ndarray:
    """The 97.5% quantile of t with ``df`` degrees of freedom (NaN where df < 1)."""
    result = np.full(df.shape, np.nan)
    valid = df >= 1
    unique, inverse = np.unique(df[valid], return_inverse=True)
    result[valid] = stats.t.ppf(0.5 + CONFIDENCE / 2, unique)[inverse]
    return result


def estimate_cells(table: CellTable) -> CellTable:
    """Mean, OLS prediction at the band's point, its interval and the slope, from the sums.

    Parameters
    ----------
    table : CellTable
        The output of :func:`cell_table`.

    Returns
    -------
    CellTable
        The cells with ``mean``, ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``df``,
        ``slope``, ``slope_se`` instead of the sums. Values that cannot be computed (too few
        pupils, no spread in rank) are NaN.
    """
    cells = table.cells
    n = cells["n"].to_numpy(dtype=np.float64)
    sx, sy, sxy, sxx, syy = (
        cells[c].to_numpy(dtype=np.float64) for c in ("sx", "sy", "sxy", "sxx", "syy")
    )
    slice_id = cells["slice_id"].to_numpy()
    is_all = table.slices["band_index"].to_numpy()[slice_id] == _ALL_BAND
    centre = table.slices["centre"].to_numpy(dtype=np.float64)[slice_id]
    with np.errstate(divide="ignore", invalid="ignore"):
        xbar, ybar = sx / n, sy / n
        centred_xx = sxx - sx * xbar
        centred_xy = sxy - sx * ybar
        centred_yy = np.maximum(syy - sy * ybar, 0.0)
        spread = (n >= 2) & (centred_xx > _DEGENERATE * sxx)
        slope = np.where(spread, centred_xy / centred_xx, np.nan)
        at_point = ybar - slope * xbar
        residual = np.maximum(centred_yy - slope * centred_xy, 0.0)
        s2 = np.where(n > 2, residual / (n - 2), np.nan)
        se_point = np.sqrt(s2 * (1.0 / n + xbar**2 / centred_xx))
        slope_se = np.sqrt(s2 / centred_xx)
        se_mean = np.where(n > 1, np.sqrt(centred_yy / (n - 1) / n), np.nan)
    df = np.where(is_all, n - 1, n - 2)
    estimate = np.where(is_all, ybar, at_point)
    se = np.where(is_all, se_mean, se_point)
    half = _t_quantile(df) * se
    result = cells[["area_id", "slice_id", "key", "n"]].copy()
    result["mean"] = ybar + centre
    result["estimate"] = estimate + centre
    result["se"] = se
    result["ci_low"] = estimate + centre - half
    result["ci_high"] = estimate + centre + half
    result["df"] = df.astype(np.int64)
    result["slope"] = slope
    result["slope_se"] = np.where(n > 2, slope_se, np.nan)
    result["k"] = np.where(table.slices["outcome_kind"].to_numpy()[slice_id] == "share", sy, np.nan)
    return CellTable(
        cells=result, areas=table.areas, slices=table.slices, containers=table.containers
    )
