"""Access: the straight-line distance from each area to the nearest facility, such as a school
offering havo/vwo.

This is the library layer of kansen and imports nothing from Django. Everything is computed in
metres in the Dutch grid (EPSG:28992, RD New); a KD-tree (``scipy.spatial.cKDTree``) finds the
nearest facility, with ties broken by facility id so the answer never depends on input order.

* :func:`distance_to_nearest` chooses an origin point per area and measures the distance to
  the nearest facility of a kind (e.g. ``offers_havo_vwo``);
* :func:`choose_origins` picks the origin: given x/y, else the population-weighted mean of
  sub-area points, else a point guaranteed inside the area;
* :func:`nearest_facilities` and :class:`FacilityIndex` measure from known points;
* :func:`lonlat_to_rd` converts longitude/latitude (EPSG:4326) to RD;
* :func:`locate_by_postcode` places rows (e.g. school locations) at their PC4 centroid and says
  why the others could not be placed.

Straight-line distances underestimate travel: compare them with CBS road distances before
publishing them as "distance to school".
"""

from ._checks import AccessInputError, MissingCoordinates
from ._nearest import RESULT_COLUMNS, FacilityIndex, distance_to_nearest, nearest_facilities
from ._origins import ORIGIN_COLUMNS, ORIGIN_METHODS, OriginMethod, choose_origins
from ._postcodes import (
    NO_POSTCODE,
    NOT_A_POSTCODE,
    UNKNOWN_PC4,
    PostcodeLocations,
    locate_by_postcode,
)
from ._transform import lonlat_to_rd

__all__ = [
    "NOT_A_POSTCODE",
    "NO_POSTCODE",
    "ORIGIN_COLUMNS",
    "ORIGIN_METHODS",
    "RESULT_COLUMNS",
    "UNKNOWN_PC4",
    "AccessInputError",
    "FacilityIndex",
    "MissingCoordinates",
    "OriginMethod",
    "PostcodeLocations",
    "choose_origins",
    "distance_to_nearest",
    "locate_by_postcode",
    "lonlat_to_rd",
    "nearest_facilities",
]
