"""Convert longitude/latitude (EPSG:4326) to the Dutch grid (EPSG:28992)."""

from __future__ import annotations

from functools import cache

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pyproj import Transformer

from ._checks import AccessInputError, MissingCoordinates, join_rows

#: Longitude/latitude box the conversion accepts: the Netherlands with a margin of a few
#: tens of kilometres (RD New is only meant for the Netherlands).
LONLAT_EXTENT = (2.5, 50.0, 8.0, 54.5)


@cache
def _wgs84_to_rd() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)


def lonlat_to_rd(lon: ArrayLike, lat: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Convert longitude/latitude (EPSG:4326) to RD New (EPSG:28992) metres.

    The transformer is built with ``always_xy=True``, so the order is always (longitude,
    latitude) in and (x, y) out, whatever the axis order in the EPSG definition.

    Parameters
    ----------
    lon, lat : array_like of float
        Longitudes and latitudes in degrees, of the same length (or scalars).

    Returns
    -------
    x, y : numpy.ndarray of float64
        Easting and northing in metres, e.g. about (155000, 463000) for Amersfoort.

    Raises
    ------
    MissingCoordinates
        When a longitude or latitude is missing (NaN or infinite); the message lists the
        positions (1-based).
    AccessInputError
        When the shapes differ, or a point lies outside the Netherlands (longitude 2.5-8.0,
        latitude 50.0-54.5), which usually means longitude and latitude were swapped.

    Examples
    --------
    >>> x, y = lonlat_to_rd([5.387206], [52.155172])
    >>> round(float(x[0])), round(float(y[0]))
    (155000, 463000)
    """
    lon_a = np.atleast_1d(np.asarray(lon, dtype=np.float64))
    lat_a = np.atleast_1d(np.asarray(lat, dtype=np.float64))
    if lon_a.shape != lat_a.shape:
        raise AccessInputError(
            f"lon and lat must have the same shape; got {lon_a.shape} and {lat_a.shape}"
        )
    missing = ~(np.isfinite(lon_a) & np.isfinite(lat_a))
    if missing.any():
        rows = [f"position {i + 1}" for i in np.flatnonzero(missing)]
        raise MissingCoordinates(
            f"{len(rows)} point(s) lack a longitude or latitude: {join_rows(rows)}", rows
        )
    lon_min, lat_min, lon_max, lat_max = LONLAT_EXTENT
    outside = ~((lon_a >= lon_min) & (lon_a <= lon_max) & (lat_a >= lat_min) & (lat_a <= lat_max))
    if outside.any():
        first = int(np.flatnonzero(outside)[0])
        rows = [f"position {i + 1}" for i in np.flatnonzero(outside)]
        raise AccessInputError(
            f"{len(rows)} point(s) lie outside the Netherlands (expected longitude "
            f"{lon_min}-{lon_max}, latitude {lat_min}-{lat_max}): {join_rows(rows)}, e.g. "
            f"lon={lon_a[first]}, lat={lat_a[first]}; were longitude and latitude swapped?",
            rows,
        )
    x, y = _wgs84_to_rd().transform(lon_a, lat_a)
    return np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
