"""Read the files municipalities bring: area boundaries and area statistics.

This is the library layer of kansen and imports nothing from Django, so it runs in a notebook
or on a statistics office's own server. The importers check everything, collect every problem
(with the row and column a user sees in a spreadsheet) and either raise :class:`ImportRejected`
with all of them or return the data with warnings.

* :func:`read_boundaries` reads GeoJSON boundaries into both EPSG:4326 and EPSG:28992;
* :func:`read_area_values` reads a wide CSV or Excel table of indicators per area and year;
* :func:`normalise_area_code` and friends handle CBS area codes (GM, WK, BU);
* :func:`read_table` reads a CSV or Excel file into raw cells, its problems into a
  :class:`ProblemLog`, for readers of other tables (offers, matching files);
* :func:`write_csv` and :func:`append_row` write tables whose text cells stay text in a
  spreadsheet (no formulas from imported names).
"""

from ._boundaries import Boundaries, BoundaryFeature, read_boundaries
from ._codes import AreaLevel, area_level, municipality_code, normalise_area_code, parent_code
from ._facilities import Facilities, Facility, read_facilities
from ._limits import DEFAULT_LIMITS, LimitExceeded, ReadLimits, cap_problems, check_yaml, load_json
from ._load import NotYamlOrJson, load_yaml_or_json
from ._problems import ImportRejected, Problem, ProblemLog
from ._sheets import append_row, write_csv
from ._tables import read_table
from ._values import AreaValues, IndicatorColumn, read_area_values
from ._yaml_dates import impossible_date

__all__ = [
    "DEFAULT_LIMITS",
    "AreaLevel",
    "AreaValues",
    "Boundaries",
    "BoundaryFeature",
    "Facilities",
    "Facility",
    "ImportRejected",
    "IndicatorColumn",
    "LimitExceeded",
    "NotYamlOrJson",
    "Problem",
    "ProblemLog",
    "ReadLimits",
    "append_row",
    "area_level",
    "cap_problems",
    "check_yaml",
    "impossible_date",
    "load_json",
    "load_yaml_or_json",
    "municipality_code",
    "normalise_area_code",
    "parent_code",
    "read_area_values",
    "read_boundaries",
    "read_facilities",
    "read_table",
    "write_csv",
]
