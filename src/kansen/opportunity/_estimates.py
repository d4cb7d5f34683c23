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

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ._areas import AreaTree, area_codes
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
        if len(keys) and keys[0] == 0 and keys[-1] == len(keys) - 1:
            # Every slice of every area (the grid of cell_table): the key is the row.
            inside = (area_id >= 0) & (slice_id >= 0) & (wanted < len(keys))
            return np.where(inside, wanted, -1)
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
    has_parent = (areas["parent_level"].notna() & areas["parent_code"].notna()).to_numpy()
    parent_id = np.full(len(areas), -1, dtype=np.int64)
    parent_id[has_parent] = _ids_of(
        areas,
        areas["year"].to_numpy()[has_parent],
        areas["parent_level"].to_numpy()[has_parent],
        areas["parent_code"].to_numpy()[has_parent],
    )
    areas["parent_id"] = parent_id
    areas.loc[areas["parent_id"] < 0, "parent_code"] = None
    return areas.drop(columns="parent_level")


def _ids_of(
    areas: pd.DataFrame, year: np.ndarray, level: np.ndarray, code: np.ndarray
) -> np.ndarray:
    """The ids of the areas (year, level, code), -1 for those not in ``areas``.

    Per level, the codes and years of the areas and of the wanted ones are numbered together
    (``pandas.factorize``) and matched on one integer, instead of on an index of three columns.
    """
    result = np.full(len(code), -1, dtype=np.int64)
    area_level = areas["level"].to_numpy()
    for name in pd.unique(level):
        here = np.flatnonzero(area_level == name)
        wanted = np.flatnonzero(level == name)
        codes = pd.factorize(np.concatenate([areas["area_code"].to_numpy()[here], code[wanted]]))[0]
        years = pd.factorize(np.concatenate([areas["year"].to_numpy()[here], year[wanted]]))[0]
        key = years.astype(np.int64) * (int(codes.max(initial=0)) + 1) + codes
        position = pd.Index(key[: len(here)]).get_indexer(key[len(here) :])
        result[wanted] = np.where(position >= 0, here[np.maximum(position, 0)], -1)
    return result


def _container_ids(tree: AreaTree, areas: pd.DataFrame) -> pd.DataFrame:
    pairs = tree.containers
    if pairs.empty:
        return pd.DataFrame({"area_id": [], "container_id": []}, dtype="int64")
    year = pairs["year"].to_numpy()
    area_id = _ids_of(areas, year, pairs["level"].to_numpy(), pairs["area_code"].to_numpy())
    container_id = _ids_of(
        areas, year, pairs["container_level"].to_numpy(), pairs["container_code"].to_numpy()
    )
    if (area_id < 0).any() or (container_id < 0).any():
        raise AssertionError("an area of the containers is missing from the area tree")
    return pd.DataFrame({"area_id": area_id, "container_id": container_id})


def _area_ids(
    areas: pd.DataFrame,
    level: str,
    year_code: np.ndarray,
    years: np.ndarray,
    code: np.ndarray,
    spelled: np.ndarray,
) -> np.ndarray:
    """The area id of every row of one level, from its codes (``pandas.factorize``)."""
    here = areas[areas["level"] == level]
    found = np.full(len(years) * len(spelled), -1, dtype=np.int64)
    year_index = pd.Index(years).get_indexer(here["year"].to_numpy())
    code_index = pd.Index(spelled).get_indexer(here["area_code"].to_numpy())
    found[year_index * len(spelled) + code_index] = here.index.to_numpy()
    ids: np.ndarray = found[year_code * len(spelled) + code]
    if (ids < 0).any():
        raise AssertionError(f"a {level} of the sums is missing from the area tree")
    return ids


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
    rows, band, shift = _band_links(fine["segment"].to_numpy(dtype=np.int64))
    expanded = fine.drop(columns="segment").take(rows).reset_index(drop=True)
    expanded["band"] = band
    names = [mask_column(request, m, s) for m in request.masks for s in ("n", "sx", "sxx")]
    names += [outcome_column(request, o, s) for o in request.outcomes for s in ("sy", "sxy")]
    columns = {name: expanded[name].to_numpy(dtype=np.float64) for name in names}
    for column, values in _recentred(columns, shift, request).items():
        expanded[column] = values
    return expanded


def _band_links(segment: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row repeated once per band that holds its segment, in the order of the bands.

    What a merge with a table of links would give, without hashing the keys of 125,000 rows.
    Returns the row of each link, its band (index into :data:`INCOME_BANDS`) and the shift of
    the centre (``SUM_CENTRE`` minus the band's centre).
    """
    per_segment = np.array([len(s.bands) for s in SEGMENTS], dtype=np.int64)
    first_link = np.cumsum(per_segment) - per_segment
    link_band = np.array([band for s in SEGMENTS for band in s.bands], dtype=np.int64)
    link_shift = np.array(
        [SUM_CENTRE - INCOME_BANDS[band].centre for s in SEGMENTS for band in s.bands]
    )
    repeats = per_segment[segment]
    rows = np.repeat(np.arange(len(segment)), repeats)
    within = np.arange(len(rows)) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    link = first_link[segment[rows]] + within
    return rows, link_band[link], link_shift[link]


def _recentred(
    sums: dict[str, np.ndarray], shift: np.ndarray, request: PupilRequest
) -> dict[str, np.ndarray]:
    """The sums that move with the centre (``sx``, ``sxx``, ``sxy``), moved by ``shift``."""
    moved: dict[str, np.ndarray] = {}
    for mask in request.masks:
        n = sums[mask_column(request, mask, "n")]
        sx = sums[mask_column(request, mask, "sx")]
        sxx = sums[mask_column(request, mask, "sxx")]
        moved[mask_column(request, mask, "sxx")] = sxx + 2 * shift * sx + n * shift**2
        moved[mask_column(request, mask, "sx")] = sx + n * shift
    for outcome in request.outcomes:
        sy = sums[outcome_column(request, outcome, "sy")]
        sxy = sums[outcome_column(request, outcome, "sxy")]
        moved[outcome_column(request, outcome, "sxy")] = sxy + shift * sy
    return moved


@dataclass(frozen=True)
class CellGrid:
    """The areas, slices and containers of a cell table: what it is made of besides the sums.

    Attributes
    ----------
    areas, slices, containers : pandas.DataFrame
        As in :class:`CellTable`.
    base : dict of (str, str) to int
        The first slice of every (subgroup, value).
    """

    areas: pd.DataFrame
    slices: pd.DataFrame
    containers: pd.DataFrame
    base: dict[tuple[str, str], int]

    def table(self) -> CellTable:
        """The cells of :func:`cell_table` (every area with every slice) without their sums."""
        n_slices = len(self.slices)
        key = np.arange(len(self.areas) * n_slices, dtype=np.int64)
        cells = pd.DataFrame(
            {"area_id": key // n_slices, "slice_id": key % n_slices, "key": key}, copy=False
        )
        return CellTable(
            cells=cells, areas=self.areas, slices=self.slices, containers=self.containers
        )


def cell_grid(fine: pd.DataFrame, request: PupilRequest, tree: AreaTree) -> CellGrid:
    """The areas, slices and containers of :func:`cell_table`, which need none of the sums.

    Parameters
    ----------
    fine : pandas.DataFrame
        The grouped sums per segment (only their subgroup values are read).
    request : PupilRequest
        The checked request.
    tree : AreaTree
        The parents of the areas.

    Returns
    -------
    CellGrid
    """
    areas = _areas(tree)
    slices, base = _slices(fine, request)
    slices["total_slice_id"] = np.where(
        slices["total_slice_id"] >= 0, slices["total_slice_id"] + base[(ALL, ALL)], -1
    )
    return CellGrid(areas, slices, _container_ids(tree, areas), base)


def cell_table(
    fine: pd.DataFrame,
    request: PupilRequest,
    tree: AreaTree,
    codes: Mapping[str, tuple[np.ndarray, np.ndarray]] | None = None,
    grid: Callable[[], CellGrid] | None = None,
) -> CellTable:
    """Sums per cell: every level, subgroup value (and "all"), band and outcome.

    Parameters
    ----------
    fine : pandas.DataFrame
        The grouped sums per segment from the engine (:func:`._sums.grouped_sums`).
    request : PupilRequest
        The checked request.
    tree : AreaTree
        The parents of the areas.
    codes : mapping, optional
        :func:`._areas.area_codes` of ``fine`` when the caller has them (the ones
        :func:`._areas.area_tree` used: factorizing the codes of 125,000 rows once, not twice).
    grid : callable, optional
        Returns :func:`cell_grid` of the same arguments (e.g. a future's ``result``, when
        another thread makes it); it is called after the sums are expanded to bands.

    Returns
    -------
    CellTable
        With ``n`` and the sums ``sx, sy, sxy, sxx, syy`` per cell.
    """
    key_columns = ["year", *request.levels, *request.subgroups, "segment"]
    sum_columns = [str(c) for c in fine.columns if c not in key_columns]
    # Everything on integer codes and numpy arrays: each row of ``fine`` once per band that
    # holds its segment, recentred on the band's point, then added up per cell by ``bincount``
    # on the cell's key, for every level and subgroup at once (no group-bys on text).
    rows, band, shift = _band_links(fine["segment"].to_numpy(dtype=np.int64))
    sums = {
        column: np.nan_to_num(fine[column].to_numpy(dtype=np.float64), nan=0.0)[rows]
        for column in sum_columns
    }
    sums.update(_recentred(sums, shift, request))
    made = grid() if grid is not None else cell_grid(fine, request, tree)
    areas, slices, base = made.areas, made.slices, made.base
    n_slices = len(slices)
    n_outcomes = len(request.outcomes)
    n_cells = len(areas) * n_slices
    year_code, years = pd.factorize(fine["year"].to_numpy())
    if codes is None:
        codes = area_codes(fine, request.levels)
    keys = []
    for level in request.levels:
        area_id = _area_ids(areas, level, year_code, years, *codes[level])[rows]
        for subgroup in (None, *request.subgroups):
            if subgroup:
                value_code, spelled = pd.factorize(fine[subgroup].astype(str).to_numpy())
                start = np.array([base[(subgroup, value)] for value in spelled], dtype=np.int64)
                first_slice = start[value_code][rows]
            else:
                first_slice = np.full(len(rows), base[(ALL, ALL)], dtype=np.int64)
            # The key of the cell of the first outcome (outcome i is at key + i), divided by the
            # number of outcomes: slices come in blocks of every outcome, so it divides exactly.
            keys.append((area_id * n_slices + first_slice) // n_outcomes + band)

    def per_cell(column: str) -> np.ndarray:
        # One bincount per level and subgroup, added up: each cell block belongs to one of them
        # (the others add 0.0 to it), so every cell gets the same additions in the same order
        # as one bincount of them all, without a copy of the sums per level.
        weights = sums[column]
        added: np.ndarray = np.bincount(keys[0], weights=weights, minlength=n_cells // n_outcomes)
        for key in keys[1:]:
            added += np.bincount(key, weights=weights, minlength=n_cells // n_outcomes)
        return added

    added = {column: per_cell(column) for column in sum_columns}
    columns: dict[str, np.ndarray] = {}
    for name in ("n", "sx", "sxx", "sy", "sxy", "syy"):
        values = np.zeros((n_cells // n_outcomes, n_outcomes))
        for index, outcome in enumerate(request.outcomes):
            if name in ("n", "sx", "sxx"):
                column = mask_column(request, outcome.mask, name)
            else:
                syy = "sy" if outcome.kind == "share" else "syy"
                column = outcome_column(request, outcome, syy if name == "syy" else name)
            values[:, index] = added[column]
        columns[name] = values.ravel()
    n = columns.pop("n").round().astype(np.int64)
    empty = n == 0
    for values in columns.values():
        values[empty] = 0.0
    key = np.arange(n_cells, dtype=np.int64)
    # Every area with every slice, also those without pupils: a missing row would say "none".
    cells = pd.DataFrame(
        {"area_id": key // n_slices, "slice_id": key % n_slices, "n": n, **columns, "key": key},
        copy=False,
    )
    return CellTable(cells=cells, areas=areas, slices=slices, containers=made.containers)


def _t_quantile(df: np.ndarray) -> np.ndarray:
    """The 97.5% quantile of t with ``df`` degrees of freedom (NaN where df < 1)."""
    result = np.full(df.shape, np.nan)
    valid = df >= 1
    # The quantile once per distinct df (numbered by hashing, not sorting 371,000 of them).
    inverse, unique = pd.factorize(df[valid])
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
    # One frame from arrays (not a column added at a time to a copy of four).
    result = pd.DataFrame(
        {
            **{c: cells[c].to_numpy(copy=True) for c in ("area_id", "slice_id", "key", "n")},
            "mean": ybar + centre,
            "estimate": estimate + centre,
            "se": se,
            "ci_low": estimate + centre - half,
            "ci_high": estimate + centre + half,
            "df": df.astype(np.int64),
            "slope": slope,
            "slope_se": np.where(n > 2, slope_se, np.nan),
            "k": np.where(
                (table.slices["outcome_kind"].to_numpy() == "share")[slice_id], sy, np.nan
            ),
        },
        copy=False,
    )
    return CellTable(
        cells=result, areas=table.areas, slices=table.slices, containers=table.containers
    )
