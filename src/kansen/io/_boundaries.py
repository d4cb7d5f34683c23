"""Read area boundaries (municipalities, districts, neighbourhoods) from GeoJSON.

The file is parsed with :mod:`json` (no GDAL needed). The coordinate system is taken from the
legacy ``crs`` member, from the caller, or detected from the extent of the coordinates; only
WGS 84 longitude/latitude (EPSG:4326, CRS84) and the Dutch grid (EPSG:28992, Amersfoort / RD New)
are supported. Every area is returned in both systems: EPSG:4326 for web maps, EPSG:28992 for
areas and distances in metres. Invalid geometries are repaired with :func:`shapely.make_valid`
and each repair is reported.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeAlias, cast

import numpy as np
import shapely
from numpy.typing import NDArray
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from ._codes import AreaLevel, area_level, municipality_code, try_area_code
from ._limits import DEFAULT_LIMITS, LimitExceeded, ReadLimits, check_size, load_json
from ._problems import ImportRejected, Problem, ProblemLog
from ._sources import Source, read_source

WGS84 = "EPSG:4326"
RD = "EPSG:28992"
#: Short and long descriptions of the supported coordinate systems.
_CRS_NAMES = {
    WGS84: ("WGS 84", "WGS 84, longitude/latitude in degrees"),
    RD: ("Amersfoort / RD New", "Amersfoort / RD New, metres"),
}
#: Plausible extents (xmin, ymin, xmax, ymax) of Dutch areas in each system.
_EXTENTS = {WGS84: (2.5, 50.5, 7.5, 54.0), RD: (-7_000.0, 289_000.0, 300_000.0, 629_000.0)}

#: Property names holding the area code, most specific first (compared case-insensitively).
_CODE_FIELDS = (
    "statcode", "gwb_code", "gwb_code_10", "regiocode", "buurtcode", "bu_code", "wijkcode",
    "wk_code", "gemeentecode", "gm_code", "code",
)  # fmt: skip
#: Property names holding the area name, in the same order.
_NAME_FIELDS = (
    "statnaam", "gwb_naam", "regionaam", "buurtnaam", "bu_naam", "wijknaam", "wk_naam",
    "gemeentenaam", "gm_naam", "naam", "name",
)  # fmt: skip

Polygonal: TypeAlias = Polygon | MultiPolygon


@dataclass
class BoundaryFeature:
    """One area read from a boundary file.

    Attributes
    ----------
    code : str
        The normalised CBS code.
    name : str
        The name ("" when the file has no name property).
    level : {"gemeente", "wijk", "buurt"}
        The level, from the code.
    geometry_wgs84 : Polygon or MultiPolygon
        The valid boundary in EPSG:4326 (longitude, latitude).
    geometry_rd : Polygon or MultiPolygon
        The valid boundary in EPSG:28992 (metres).
    properties : dict
        The remaining properties of the feature.
    """

    code: str
    name: str
    level: AreaLevel
    geometry_wgs84: Polygonal
    geometry_rd: Polygonal
    properties: dict[str, Any]


@dataclass
class Boundaries:
    """The areas of a boundary file and what was found out while reading it.

    Attributes
    ----------
    features : list of BoundaryFeature
        The areas in file order, without the dropped ones.
    source_crs : str
        "EPSG:4326" or "EPSG:28992".
    crs_detected : bool
        True when the system was detected from the coordinates, False when declared or given.
    crs_message : str
        A sentence for the user saying how the coordinate system was decided.
    repairs : list of Problem
        One warning per geometry repaired with :func:`shapely.make_valid`.
    warnings : list of Problem
        Other warnings, e.g. dropped areas.
    """

    features: list[BoundaryFeature]
    source_crs: str
    crs_detected: bool
    crs_message: str
    repairs: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class _Area:
    """A feature that passed the checks, before reprojection."""

    row: int
    code: str
    name: str
    geometry: BaseGeometry
    properties: dict[str, Any]


def read_boundaries(
    source: Source,
    *,
    filename: str | None = None,
    code_field: str | None = None,
    name_field: str | None = None,
    crs: str | None = None,
    drop_codes: Collection[str] = ("GM0998",),
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Boundaries:
    """Read area boundaries from a GeoJSON FeatureCollection.

    Parameters
    ----------
    source : str, os.PathLike, bytes or binary file
        The GeoJSON file (a ``str`` is a path).
    filename : str, optional
        The name used in problem reports (default: the name of the path or file object).
    code_field, name_field : str, optional
        The properties holding the area code and name; detected from common names
        (``gemeentecode``, ``wijkcode``, ``statcode``, ...) when not given.
    crs : str, optional
        The coordinate system of the coordinates, e.g. "EPSG:28992"; overrides the file.
    drop_codes : collection of str
        Areas to leave out, with a warning; areas within a listed municipality are left out
        too. The default drops GM0998 "Buitenland" (abroad).
    limits : ReadLimits, optional
        How large the file may be and how deeply its JSON may be nested.

    Returns
    -------
    Boundaries
        The areas in both coordinate systems, with repairs and warnings.

    Raises
    ------
    ImportRejected
        With every problem found: invalid JSON, missing, invalid or duplicate codes, missing or
        non-polygon geometries, an unsupported or contradicting coordinate system.
    ValueError
        When the ``crs`` argument is not a supported coordinate system.
    """
    data, file = read_source(source, filename, "boundaries.geojson", limits.max_bytes)
    log = ProblemLog(file)
    given_crs = _parse_crs_argument(crs)
    collection = _load_collection(data, log, limits)
    features: list[Any] = collection["features"]
    code_key = _choose_code_field(code_field, features, log)
    name_key = _choose_name_field(name_field, code_key, features, log)
    drops = {code.strip().upper() for code in drop_codes}
    areas: list[_Area] = []
    seen: dict[str, int] = {}
    for row, feature in enumerate(features, start=1):
        area = _read_feature(row, feature, code_key, name_key, log)
        if area is None:
            continue
        if area.code in drops or municipality_code(area.code) in drops:
            log.add_warning("geo.dropped", row, code_key, code=area.code, name=area.name)
        elif area.code in seen:
            log.add("geo.code_twice", row, code_key, code=area.code, feature=seen[area.code])
        else:
            seen[area.code] = row
            areas.append(area)
    if code_key is not None and not areas and not log.has_errors:
        log.add("geo.no_areas", None, None)
    declared = _declared_crs(collection.get("crs"), log)
    source_crs, detected, message = _resolve_crs(declared, given_crs, areas, log)
    log.raise_if_errors()
    repairs = ProblemLog(file)
    geometries = _repair_all(areas, [a.geometry for a in areas], "", repairs, log)
    log.raise_if_errors()
    other_crs = RD if source_crs == WGS84 else WGS84
    converted = _reproject(geometries, source_crs, other_crs)
    others = _repair_all(areas, converted, f" after conversion to {other_crs}", repairs, log)
    log.raise_if_errors()
    wgs84, rd = (geometries, others) if source_crs == WGS84 else (others, geometries)
    result = [
        BoundaryFeature(a.code, a.name, area_level(a.code), w, r, a.properties)
        for a, w, r in zip(areas, wgs84, rd, strict=True)
    ]
    return Boundaries(result, source_crs, detected, message, repairs.problems, log.warnings)


def _load_collection(data: bytes, log: ProblemLog, limits: ReadLimits) -> dict[str, Any]:
    """Parse the JSON and check that it is a FeatureCollection with a list of features."""
    try:
        check_size(len(data), limits)
        collection = load_json(data.decode("utf-8-sig"), limits)
    except LimitExceeded as exc:
        code = "geo.too_large" if exc.code == "limit.file_size" else "geo.too_deep"
        log.add(code, None, None, **exc.params)
        raise ImportRejected(log.problems) from None
    except UnicodeDecodeError as exc:
        log.add("geo.not_utf8", None, None, byte=exc.start)
        raise ImportRejected(log.problems) from exc
    except json.JSONDecodeError as exc:
        log.add("geo.bad_json", None, None, detail=exc.msg, line=exc.lineno, column=exc.colno)
        raise ImportRejected(log.problems) from exc
    kind = collection.get("type") if isinstance(collection, dict) else None
    features = collection.get("features") if isinstance(collection, dict) else None
    if kind != "FeatureCollection" or not isinstance(features, list):
        if kind == "FeatureCollection":
            log.add("geo.no_feature_list", None, None)
        elif isinstance(kind, str):
            log.add("geo.other_type", None, None, kind=kind)
        else:
            log.add("geo.not_geojson", None, None)
        raise ImportRejected(log.problems)
    if not features:
        log.add("geo.no_features", None, None)
        raise ImportRejected(log.problems)
    return cast(dict[str, Any], collection)


def _property_keys(features: Sequence[Any]) -> dict[str, str]:
    """Map the lowercased property names of all features to their spelling in the file."""
    keys: dict[str, str] = {}
    for feature in features:
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if isinstance(properties, dict):
            for key in properties:
                keys.setdefault(str(key).lower(), str(key))
    return keys


def _properties(feature: Any) -> dict[str, Any]:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    return properties if isinstance(properties, dict) else {}


def _choose_code_field(given: str | None, features: Sequence[Any], log: ProblemLog) -> str | None:
    """Return the property holding the area code: the given one or the first common name
    whose values are mostly CBS codes."""
    keys = _property_keys(features)
    if given is not None:
        if given.lower() in keys:
            return keys[given.lower()]
        log.add("geo.no_code_field", None, given, field=given)
        return None
    present = [keys[name] for name in _CODE_FIELDS if name in keys]
    for key in present:
        values = [_properties(f).get(key) for f in features]
        if sum(try_area_code(v) is not None for v in values) >= len(values) / 2:
            return key
    if present:
        return present[0]
    log.add("geo.no_code_property", None, None, names=", ".join(_CODE_FIELDS))
    return None


def _choose_name_field(
    given: str | None, code_key: str | None, features: Sequence[Any], log: ProblemLog
) -> str | None:
    """Return the property holding the area name, preferring the one that goes with the code
    property (``wijkcode`` -> ``wijknaam``)."""
    keys = _property_keys(features)
    if given is not None:
        if given.lower() in keys:
            return keys[given.lower()]
        log.add("geo.no_name_field", None, given, field=given)
        return None
    paired = code_key.lower().replace("code", "naam") if code_key else None
    for name in (paired, *_NAME_FIELDS):
        if name is not None and name in keys:
            return keys[name]
    log.add_warning("geo.no_names", None, None)
    return None


def _read_feature(
    row: int, feature: Any, code_key: str | None, name_key: str | None, log: ProblemLog
) -> _Area | None:
    """Check one feature; log its problems and return it when it can be used."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        log.add("geo.not_a_feature", row, None)
        return None
    properties = _properties(feature)
    code = None
    if code_key is not None:
        raw = properties.get(code_key)
        code = try_area_code(raw)
        if raw is None or str(raw).strip() == "":
            log.add("geo.code_missing", row, code_key)
        elif code is None:
            log.add("geo.code_invalid", row, code_key, value=repr(raw))
    raw_name = properties.get(name_key) if name_key else None
    name = "" if raw_name is None else str(raw_name).strip()
    geometry = _read_geometry(row, feature.get("geometry"), code or "this area", log)
    if code is None or geometry is None:
        return None
    rest = {k: v for k, v in properties.items() if k not in (code_key, name_key)}
    return _Area(row, code, name, geometry, rest)


def _read_geometry(row: int, raw: Any, code: str, log: ProblemLog) -> BaseGeometry | None:
    """Build a shapely geometry; log why it cannot be used when it cannot."""
    expected = "a Polygon or MultiPolygon"
    if not raw:
        log.add("geo.no_geometry", row, "geometry", code=code)
        return None
    kind = raw.get("type") if isinstance(raw, dict) else None
    if kind not in ("Polygon", "MultiPolygon"):
        log.add("geo.geometry_kind", row, "geometry", code=code, kind=kind)
        return None
    try:
        geometry = shape(raw)
    except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.ShapelyError) as exc:
        log.error(row, "geometry", f"the geometry of {code} cannot be read: {exc}", expected)
        return None
    if geometry.is_empty:
        log.add("geo.geometry_empty", row, "geometry", code=code)
        return None
    return geometry


def _canonical_crs(name: str) -> str:
    """Turn ``urn:ogc:def:crs:EPSG::28992``, ``EPSG:4326``, ``...CRS84`` into ``EPSG:nnnn``."""
    text = name.strip().upper()
    if text.endswith("CRS84"):
        return WGS84
    match = re.search(r"EPSG\D.*?(\d+)$", text)
    return f"EPSG:{match.group(1)}" if match else name.strip()


def _supported_text() -> str:
    return " or ".join(f"{code} ({names[0]})" for code, names in _CRS_NAMES.items())


def _parse_crs_argument(crs: str | None) -> str | None:
    if crs is None:
        return None
    canonical = _canonical_crs(crs)
    if canonical not in _CRS_NAMES:
        raise ValueError(f"coordinate system {crs!r} is not supported; use {_supported_text()}")
    return canonical


def _declared_crs(member: Any, log: ProblemLog) -> str | None:
    """Return the canonical name of the legacy ``crs`` member, or None when there is none."""
    if member is None:
        return None
    name = member.get("properties", {}).get("name") if isinstance(member, dict) else None
    if not isinstance(name, str):
        log.error(None, "crs", f"the crs member is not understood: {member!r}", _supported_text())
        return None
    return _canonical_crs(name)


def _describe_extent(bounds: Sequence[float]) -> str:
    xmin, ymin, xmax, ymax = bounds
    small = max(abs(v) for v in bounds) < 1000
    dash = " to " if min(bounds) < 0 else "-"

    def fmt(v: float) -> str:
        return f"{v:.2f}" if small else f"{v // 1000 * 1000:,.0f}"

    return f"x {fmt(xmin)}{dash}{fmt(xmax)}, y {fmt(ymin)}{dash}{fmt(ymax)}"


def _fits(crs: str, bounds: Sequence[float]) -> bool:
    xmin, ymin, xmax, ymax = _EXTENTS[crs]
    return xmin <= bounds[0] and ymin <= bounds[1] and bounds[2] <= xmax and bounds[3] <= ymax


def _resolve_crs(
    declared: str | None, given: str | None, areas: Sequence[_Area], log: ProblemLog
) -> tuple[str, bool, str]:
    """Decide the coordinate system from the argument, the file or the coordinates.

    Returns the system, whether it was detected, and a sentence for the user. Logs an error
    (and returns EPSG:4326 as a placeholder) when the system is unsupported, contradicted by
    the coordinates or cannot be detected.
    """
    bounds = tuple(shapely.total_bounds([a.geometry for a in areas])) if areas else None
    extent = f"the coordinates ({_describe_extent(bounds)})" if bounds else ""
    fitting = [c for c in _CRS_NAMES if bounds and _fits(c, bounds)]
    if given is None and declared is None:
        if fitting:
            long_name = _CRS_NAMES[fitting[0]][1]
            message = f"The file declares no coordinate system; {extent} fit {fitting[0]}"
            return fitting[0], True, f"{message} ({long_name})."
        if bounds is not None:
            problem = f"{extent} fit no supported coordinate system{_extent_hint(bounds)}"
            log.error(None, None, problem, f"coordinates in {_supported_text()}")
        return WGS84, True, "The coordinate system could not be detected."
    if given is not None:
        chosen, message = given, f"The coordinate system was given as {given}"
        if declared is not None and declared != given:
            log.warning(None, "crs", f"the file declares {declared}; {given} was used instead")
    else:
        chosen, message = str(declared), f"The file declares {declared}"
        if chosen not in _CRS_NAMES:
            problem = f"the coordinate system {declared} is not supported"
            log.error(None, "crs", problem, _supported_text())
            return WGS84, False, f"{message}, which is not supported."
    message += f" ({_CRS_NAMES[chosen][0]})"
    if bounds is not None and chosen not in fitting:
        fits_other = f"; they fit {fitting[0]}" if fitting else _extent_hint(bounds)
        problem = f"{message}, but {extent} do not fit it{fits_other}"
        log.error(None, "crs", problem[0].lower() + problem[1:], f"coordinates in {chosen}")
    return chosen, False, message + "."


def _extent_hint(bounds: Sequence[float]) -> str:
    """Explain coordinates that fit nothing when the reason is recognisable."""
    lon_min, lat_min, lon_max, lat_max = _EXTENTS[WGS84]
    if lat_min <= bounds[0] and bounds[2] <= lat_max and lon_min <= bounds[1] <= lon_max:
        return " (they look like latitude/longitude; GeoJSON puts longitude first)"
    if bounds[0] >= -180 and bounds[2] <= 180 and bounds[1] >= -90 and bounds[3] <= 90:
        return " (they look like longitude/latitude outside the Netherlands)"
    return ""


@lru_cache(maxsize=4)
def _transformer(source: str, target: str) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


def _reproject(geometries: Sequence[BaseGeometry], source: str, target: str) -> list[BaseGeometry]:
    """Transform all geometries at once with a vectorised pyproj transformer."""
    transformer = _transformer(source, target)

    def project(coords: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    transform: Callable[..., NDArray[np.object_]] = shapely.transform
    return list(transform(np.asarray(geometries, dtype=object), project))


def _polygonal(geometry: BaseGeometry) -> Polygonal | None:
    """Keep only the polygonal parts of a geometry (a collection becomes a MultiPolygon)."""
    if isinstance(geometry, Polygon | MultiPolygon):
        return geometry
    parts = [
        polygon
        for part in getattr(geometry, "geoms", [])
        if isinstance(part, Polygon | MultiPolygon)
        for polygon in (part.geoms if isinstance(part, MultiPolygon) else [part])
    ]
    if not parts:
        return None
    multi = MultiPolygon(parts)
    if multi.is_valid:
        return multi
    return _polygonal(shapely.union_all(parts))


def _repair_all(
    areas: Sequence[_Area],
    geometries: Sequence[BaseGeometry],
    when: str,
    repairs: ProblemLog,
    log: ProblemLog,
) -> list[Polygonal]:
    """Return the geometries made valid, logging one repair per invalid geometry."""
    valid = shapely.is_valid(np.asarray(geometries, dtype=object))
    result: list[Polygonal] = []
    for area, geometry, is_valid in zip(areas, geometries, valid, strict=True):
        polygonal = _polygonal(geometry)
        if not is_valid or polygonal is None:
            reason = explain_validity(geometry)
            polygonal = _polygonal(shapely.make_valid(geometry))
            if polygonal is None or polygonal.is_empty:
                log.error(area.row, "geometry", f"the geometry of {area.code} has no area{when}")
                continue
            problem = f"the geometry of {area.code} was invalid{when} ({reason})"
            repairs.warning(area.row, "geometry", problem + "; repaired with make_valid")
        result.append(polygonal)
    return result
