"""The nearest facility of each origin, through a KD-tree (scipy.spatial.cKDTree)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy.spatial import cKDTree

from ._checks import (
    AccessInputError,
    MissingCoordinates,
    check_rd_extent,
    describe_rows,
    join_rows,
    numeric,
    require_columns,
    require_unique,
)
from ._origins import choose_origins

#: Columns of the table :func:`nearest_facilities` and :func:`distance_to_nearest` return.
RESULT_COLUMNS = (
    "code",
    "distance_m",
    "facility_id",
    "facility_name",
    "origin",
    "origin_x",
    "origin_y",
)
#: How many neighbours a first query asks for; more are fetched only when all of them tie.
_FIRST_K = 4
#: Two distances this close (in metres) are compared exactly afterwards, not by the tree.
_TIE_TOLERANCE_M = 1e-6


@dataclass(frozen=True, eq=False)
class FacilityIndex:
    """Facility points in EPSG:28992 with a KD-tree for nearest-neighbour queries.

    Build it with :meth:`from_frame`. Facilities are kept in the text order of their ids, so
    that of two facilities at exactly the same distance (two locations in one postcode, or
    whole-metre coordinates) the one whose id sorts first is chosen, whatever the input order.
    Distances are Euclidean (straight-line) metres computed as ``numpy.hypot(dx, dy)``.

    Attributes
    ----------
    ids : numpy.ndarray
        Facility ids, sorted as text.
    names : numpy.ndarray
        Facility names (None when no ``name`` column was given), in the same order.
    x, y : numpy.ndarray of float64
        Coordinates in EPSG:28992 metres, in the same order.
    kind : str or None
        The boolean column the facilities were selected by, or None for all rows.
    """

    ids: NDArray[np.object_]
    names: NDArray[np.object_]
    x: NDArray[np.float64]
    y: NDArray[np.float64]
    kind: str | None
    _tree: cKDTree = field(repr=False)

    @classmethod
    def from_frame(cls, facilities: pd.DataFrame, *, kind: str | None) -> FacilityIndex:
        """Select facilities, check them and build the KD-tree.

        Parameters
        ----------
        facilities : pandas.DataFrame
            Columns ``id`` (unique), ``x``, ``y`` (EPSG:28992 metres), optionally ``name`` and
            boolean kind flags such as ``offers_havo_vwo``.
        kind : str or None
            The boolean column selecting the facilities to search, e.g. ``"offers_havo_vwo"``;
            None uses every row. Required as a keyword so that "any school" is a choice.

        Returns
        -------
        FacilityIndex
            The selected facilities and their tree.

        Raises
        ------
        MissingCoordinates
            When a selected facility has no x or y (the message lists the rows); locate or
            drop them first, e.g. with :func:`locate_by_postcode`.
        AccessInputError
            For a missing column, a missing or repeated id, a kind column with values other
            than True/False, no selected facility, or a point outside the Netherlands.
        """
        require_columns(facilities, ["id", "x", "y"], "facilities")
        require_unique(facilities, "id", "facilities")
        selected = facilities
        if kind is not None:
            require_columns(facilities, [kind], "facilities")
            flags = facilities[kind]
            not_boolean = ~flags.map(lambda v: isinstance(v, bool | np.bool_)).to_numpy()
            if not_boolean.any():
                rows = describe_rows(facilities, not_boolean, "id")
                raise AccessInputError(
                    f"facilities: kind column {kind!r} must hold True or False; other values "
                    f"in {join_rows(rows)}",
                    rows,
                )
            selected = facilities[flags.to_numpy(dtype=bool)]
        if selected.empty:
            chosen = "rows" if kind is None else f"rows with {kind} = True"
            raise AccessInputError(f"facilities: no {chosen} among {len(facilities)} rows")
        x, y = numeric(selected, "x", "facilities"), numeric(selected, "y", "facilities")
        unplaced = ~(np.isfinite(x) & np.isfinite(y))
        if unplaced.any():
            rows = describe_rows(selected, unplaced, "id")
            raise MissingCoordinates(
                f"{len(rows)} facilit{'y has' if len(rows) == 1 else 'ies have'} no x/y: "
                f"{join_rows(rows)}; locate or drop them first",
                rows,
            )
        check_rd_extent(selected, x, y, "id", "facilities")
        ids = selected["id"].to_numpy(dtype=object)
        order = np.argsort(ids.astype(str), kind="stable")
        names = (
            selected["name"].to_numpy(dtype=object)
            if "name" in selected.columns
            else np.full(len(selected), None, dtype=object)
        )
        x, y = x[order], y[order]
        return cls(ids[order], names[order], x, y, kind, cKDTree(np.column_stack([x, y])))

    def __len__(self) -> int:
        """The number of facilities in the index."""
        return len(self.ids)

    def query(self, x: ArrayLike, y: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.intp]]:
        """Find the nearest facility of each point.

        Parameters
        ----------
        x, y : array_like of float
            Points in EPSG:28992 metres (finite; checked by the callers).

        Returns
        -------
        distance : numpy.ndarray of float64
            Straight-line distance in metres, ``numpy.hypot(dx, dy)``.
        position : numpy.ndarray of intp
            Position of the nearest facility in :attr:`ids`; ties go to the lowest position,
            i.e. the id that sorts first.
        """
        px = np.asarray(x, dtype=np.float64).ravel()
        py = np.asarray(y, dtype=np.float64).ravel()
        k = min(_FIRST_K, len(self))
        tree_distance, position = self._tree.query(np.column_stack([px, py]), k=k)
        tree_distance = tree_distance.reshape(len(px), k)
        position = position.reshape(len(px), k)
        # Recompute exactly, so that equal distances are equal bit for bit, and break ties.
        exact = np.hypot(self.x[position] - px[:, None], self.y[position] - py[:, None])
        best = exact.min(axis=1)
        chosen = np.where(exact == best[:, None], position, len(self)).min(axis=1)
        # When even the k-th neighbour ties with the best, more than k may tie: ask for all.
        if k < len(self):
            crowded = np.flatnonzero(tree_distance[:, -1] <= best + _TIE_TOLERANCE_M)
            for i in crowded:
                near = np.asarray(
                    self._tree.query_ball_point([px[i], py[i]], best[i] + _TIE_TOLERANCE_M),
                    dtype=np.intp,
                )
                d = np.hypot(self.x[near] - px[i], self.y[near] - py[i])
                best[i] = d.min()
                chosen[i] = near[d == best[i]].min()
        return best, chosen.astype(np.intp)


def nearest_facilities(
    origins: pd.DataFrame,
    facilities: pd.DataFrame | FacilityIndex,
    *,
    kind: str | None,
) -> pd.DataFrame:
    """Straight-line distance from each origin point to the nearest facility.

    Parameters
    ----------
    origins : pandas.DataFrame
        Columns ``code``, ``x``, ``y`` (EPSG:28992 metres) and optionally ``origin`` (how the
        point was chosen), as returned by :func:`choose_origins`.
    facilities : pandas.DataFrame or FacilityIndex
        The facilities (see :meth:`FacilityIndex.from_frame`), or an index built before.
    kind : str or None
        The boolean column selecting facilities, e.g. ``"offers_havo_vwo"``; None for all.
        With a :class:`FacilityIndex` it must equal the index's own ``kind``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RESULT_COLUMNS`: ``code``, ``distance_m`` (metres, float),
        ``facility_id``, ``facility_name``, ``origin``, ``origin_x``, ``origin_y``; one row
        per origin in the order given.

    Raises
    ------
    MissingCoordinates
        When an origin has no x or y (the message lists the rows).
    AccessInputError
        See :meth:`FacilityIndex.from_frame`, and for a kind that differs from the index's.
    """
    if isinstance(facilities, FacilityIndex):
        if facilities.kind != kind:
            raise AccessInputError(
                f"the facility index was built for kind={facilities.kind!r}, not kind={kind!r}"
            )
        index = facilities
    else:
        index = FacilityIndex.from_frame(facilities, kind=kind)
    require_columns(origins, ["code", "x", "y"], "origins")
    x, y = numeric(origins, "x", "origins"), numeric(origins, "y", "origins")
    unplaced = ~(np.isfinite(x) & np.isfinite(y))
    if unplaced.any():
        rows = describe_rows(origins, unplaced, "code")
        raise MissingCoordinates(
            f"{len(rows)} origin(s) have no x/y: {join_rows(rows)}; see choose_origins", rows
        )
    check_rd_extent(origins, x, y, "code", "origins")
    distance, position = index.query(x, y)
    origin = origins["origin"].to_numpy() if "origin" in origins.columns else "given"
    return pd.DataFrame(
        {
            "code": origins["code"].to_numpy(),
            "distance_m": distance,
            "facility_id": index.ids[position],
            "facility_name": index.names[position],
            "origin": origin,
            "origin_x": x,
            "origin_y": y,
        }
    )


def distance_to_nearest(
    areas: pd.DataFrame,
    facilities: pd.DataFrame | FacilityIndex,
    *,
    kind: str | None,
    subareas: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Distance from each area to its nearest facility, e.g. a school offering havo/vwo.

    Chooses an origin per area with :func:`choose_origins` and measures the straight-line
    distance to the nearest selected facility with :func:`nearest_facilities`. Straight-line
    distance is shorter than the distance by road (CBS publishes road distances; in the
    countryside of Drenthe the road distance to a havo/vwo school was 1.15-1.6 times the
    straight line, see the tests).

    Parameters
    ----------
    areas : pandas.DataFrame
        ``code`` and optionally ``x``/``y`` or ``geometry`` (EPSG:28992); see
        :func:`choose_origins`.
    facilities : pandas.DataFrame or FacilityIndex
        ``id``, ``x``, ``y``, optionally ``name`` and boolean kind flags.
    kind : str or None
        The kind flag to select facilities by, e.g. ``"offers_havo_vwo"``; None for all rows.
    subareas : pandas.DataFrame, optional
        ``area_code``, ``x``, ``y``, ``population`` for population-weighted origins.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RESULT_COLUMNS`, one row per area in the order given.

    Raises
    ------
    MissingCoordinates, AccessInputError
        See :func:`choose_origins` and :meth:`FacilityIndex.from_frame`.

    Examples
    --------
    >>> import pandas as pd
    >>> areas = pd.DataFrame({"code": ["BU1", "BU2"], "x": [0.0, 3000.0], "y": [400e3, 404e3]})
    >>> schools = pd.DataFrame({"id": ["S1", "S2"], "name": ["Lyceum", "Vakcollege"],
    ...                         "x": [0.0, 3000.0], "y": [400e3, 400e3],
    ...                         "offers_havo_vwo": [True, False]})
    >>> distance_to_nearest(areas, schools, kind="offers_havo_vwo")[
    ...     ["code", "distance_m", "facility_id", "origin"]]
      code  distance_m facility_id origin
    0  BU1         0.0          S1  given
    1  BU2      5000.0          S1  given
    """
    index = (
        facilities
        if isinstance(facilities, FacilityIndex)
        else FacilityIndex.from_frame(facilities, kind=kind)
    )
    return nearest_facilities(choose_origins(areas, subareas), index, kind=kind)
