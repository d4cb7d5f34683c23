"""Read facility locations (secondary schools) from CSV or Excel.

A facility file has one row per location: a code, a name, what it offers and where it is,
either as Dutch grid coordinates (``x``/``y`` in EPSG:28992) or as ``lat``/``lon``. Whether a
school offers havo/vwo is read from a yes/no column or derived from its type ("HAVO/VWO").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pyproj import Transformer

from ._limits import DEFAULT_LIMITS, ReadLimits
from ._problems import ImportRejected, Problem, ProblemLog
from ._sources import Source, read_source
from ._tables import read_table

_CODE = ("location_code", "code", "vestigingscode", "brin_vestiging", "brin")
_NAME = ("name", "naam", "vestigingsnaam", "schoolnaam")
_LEVELS = ("levels", "type", "onderwijstype", "niveaus", "schooltype")
_HAVO_VWO = ("offers_havo_vwo", "havo_vwo", "heeft_havo_vwo")
_X = ("x", "rd_x", "x_rd")
_Y = ("y", "rd_y", "y_rd")
_LAT = ("lat", "latitude", "breedtegraad")
_LON = ("lon", "lng", "longitude", "lengtegraad")
_POSTCODE = ("postcode",)
_YES = {"1", "true", "ja", "yes", "j", "y", "waar"}
_NO = {"0", "false", "nee", "no", "n", "onwaar", ""}
# The RD grid covers the Netherlands with a margin; anything outside is a mistake.
_RD_X = (-7_000.0, 300_000.0)
_RD_Y = (289_000.0, 629_000.0)


@dataclass(frozen=True)
class Facility:
    """One facility location.

    Attributes
    ----------
    code, name, levels : str
        Location code, name and what it offers as written in the file.
    offers_havo_vwo : bool
        Whether pupils can follow havo or vwo there.
    x, y : float
        Location in EPSG:28992 metres.
    lon, lat : float
        Location in EPSG:4326 degrees.
    postcode : str
        Postcode, when given.
    row : int
        Spreadsheet row in the file.
    """

    code: str
    name: str
    levels: str
    offers_havo_vwo: bool
    x: float
    y: float
    lon: float
    lat: float
    postcode: str
    row: int


@dataclass
class Facilities:
    """The facilities of a file, with the warnings found."""

    facilities: list[Facility]
    warnings: list[Problem]


def _find(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, int | float):
        return float(value)
    text = str(value or "").strip().replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def read_facilities(
    source: Source, *, filename: str | None = None, limits: ReadLimits = DEFAULT_LIMITS
) -> Facilities:
    """Read facility locations; every problem is reported by row and column.

    Parameters
    ----------
    source : str, os.PathLike, bytes or binary file
        A CSV or Excel file with a header row.
    filename : str, optional
        The name used in problem reports.
    limits : ReadLimits, optional
        How large the file may be and what an Excel file may unpack to.

    Returns
    -------
    Facilities

    Raises
    ------
    ImportRejected
        With every problem when anything is wrong.
    """
    data, name = read_source(source, filename, "facilities", limits.max_bytes)
    log = ProblemLog(name)
    table = read_table(data, name, None, log, cp1252_fallback=True, limits=limits)
    rows = [r for r in table.rows if any(str(c or "").strip() for c in r)]
    if not rows:
        log.add("facilities.empty", None, None)
        raise ImportRejected(log.problems)
    header = [str(c or "").strip() for c in rows[0]]
    columns = {
        key: _find(header, names)
        for key, names in {
            "code": _CODE,
            "name": _NAME,
            "levels": _LEVELS,
            "havo_vwo": _HAVO_VWO,
            "x": _X,
            "y": _Y,
            "lat": _LAT,
            "lon": _LON,
            "postcode": _POSTCODE,
        }.items()
    }
    for key, names in (("code", _CODE), ("name", _NAME)):
        if columns[key] is None:
            log.add(f"facilities.no_{key}_column", 1, None, columns=", ".join(names))
    has_rd = columns["x"] is not None and columns["y"] is not None
    has_wgs = columns["lat"] is not None and columns["lon"] is not None
    if not (has_rd or has_wgs):
        log.add("facilities.no_coordinates", 1, None)
    if columns["havo_vwo"] is None and columns["levels"] is None:
        log.add("facilities.no_levels", 1, None)
    log.raise_if_errors()
    to_rd = Transformer.from_crs(4326, 28992, always_xy=True)
    to_wgs = Transformer.from_crs(28992, 4326, always_xy=True)

    def cell(row: list[Any], key: str) -> Any:
        index = columns[key]
        return row[index] if index is not None and index < len(row) else None

    facilities: list[Facility] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(table.rows[1:], start=2):
        if not any(str(c or "").strip() for c in row):
            continue
        code = str(cell(row, "code") or "").strip()
        header_of = {k: header[i] for k, i in columns.items() if i is not None}
        if not code:
            log.add("facilities.code_empty", number, header_of["code"])
        elif code in seen:
            log.add("facilities.code_twice", number, header_of["code"], code=code, row=seen[code])
        seen.setdefault(code, number)
        levels = str(cell(row, "levels") or "").strip()
        if columns["havo_vwo"] is not None:
            flag = str(cell(row, "havo_vwo") or "").strip().lower()
            if flag not in _YES | _NO:
                log.add("facilities.not_yes_no", number, header_of["havo_vwo"], value=flag)
            offers = flag in _YES
        else:
            offers = "havo" in levels.lower() or "vwo" in levels.lower()
        if has_rd:
            x, y = _number(cell(row, "x")), _number(cell(row, "y"))
            if (
                x is None
                or y is None
                or not (_RD_X[0] <= x <= _RD_X[1] and _RD_Y[0] <= y <= _RD_Y[1])
            ):
                where = f"({cell(row, 'x')}, {cell(row, 'y')})"
                log.add("facilities.rd_outside", number, header_of["x"], location=where)
                continue
            lon, lat = to_wgs.transform(x, y)
        else:
            lat_v, lon_v = _number(cell(row, "lat")), _number(cell(row, "lon"))
            if lat_v is None or lon_v is None or not (50 <= lat_v <= 54 and 3 <= lon_v <= 8):
                where = f"({cell(row, 'lat')}, {cell(row, 'lon')})"
                log.add("facilities.wgs_outside", number, header_of["lat"], location=where)
                continue
            lat, lon = lat_v, lon_v
            x, y = to_rd.transform(lon, lat)
        facilities.append(
            Facility(
                code=code,
                name=str(cell(row, "name") or "").strip(),
                levels=levels,
                offers_havo_vwo=offers,
                x=float(x),
                y=float(y),
                lon=float(lon),
                lat=float(lat),
                postcode=str(cell(row, "postcode") or "").strip(),
                row=number,
            )
        )
    log.raise_if_errors()
    return Facilities(facilities, log.warnings)
