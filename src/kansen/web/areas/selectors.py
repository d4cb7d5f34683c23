"""Reading areas, indicators and observations for pages and the API, with permissions.

Nothing here writes. Every function that returns figures takes the user, so what a page or
the API shows is always what that user may see (:meth:`IndicatorQuerySet.visible_to`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import shapely
from django.db.models import Count, F, FloatField, Max, Min, Q, QuerySet, TextField
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Cast

from kansen.web.accounts.models import Municipality

from . import outlines
from .constants import LEVEL_DEPTH, AreaLevel
from .models import Area, Indicator, MapOutline, Observation
from .outlines import SIMPLIFY_FROM as SIMPLIFY_FROM
from .scope import in_scope


def municipality_years(municipality_code: str) -> list[int]:
    """Years for which areas of the municipality (or the country, ``NL``) exist, newest first."""
    # order_by() clears Area's default ordering (year, code): with it, DISTINCT would also be
    # taken over the code and every year would come back once per area.
    years = (
        Area.objects.filter(**in_scope(municipality_code))
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(years, reverse=True)


def municipality_areas(
    municipality_code: str, year: int, level: str | None = None
) -> QuerySet[Area]:
    """The areas of the municipality (or the country), without their outlines: those of the
    level a map draws come from :func:`geometries` (a country's 18,000 outlines took seconds
    to decode for a page that draws one level)."""
    qs = Area.objects.filter(year=year, **in_scope(municipality_code)).only(
        "code", "year", "level", "name", "parent", "municipality_code"
    )
    if level:
        qs = qs.filter(level=level)
    # the parent's code only (``parent_code``), not the parent: its outline was decoded again
    # for every child, and a country's 18,000 parents as objects took seconds
    return qs.annotate(parent_code=F("parent__code")).order_by("code")


def geometries(areas: list[Area], *, simplify: bool = True) -> dict[int, Any]:
    """The outline (GeoJSON) of each area that has one, by primary key; for a map
    (``simplify``) simplified when there are more than :data:`SIMPLIFY_FROM`."""
    return {pk: json.loads(text) for pk, text in geometry_texts(areas, simplify=simplify).items()}


def feature_collection_json(
    outlines: Mapping[int, str],
    properties: Iterable[tuple[int, dict[str, Any]]],
    extra: Iterable[dict[str, Any]] = (),
) -> str:
    """A GeoJSON FeatureCollection as text: a feature per area of ``properties`` (its pk, its
    properties) that has an outline in ``outlines`` (:func:`geometry_texts`: put in as stored,
    not decoded and encoded again, ADR 0030), then the ``extra`` features."""
    parts = [
        '{"type":"Feature","geometry":'
        + outlines[pk]
        + ',"properties":'
        + json.dumps(props, separators=(",", ":"))
        + "}"
        for pk, props in properties
        if pk in outlines
    ]
    parts += [json.dumps(feature, separators=(",", ":")) for feature in extra]
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


def geometry_texts(
    areas: list[Area], *, simplify: bool = True, within: Mapping[str, Any] | None = None
) -> dict[int, str]:
    """:func:`geometries` as GeoJSON text; the map data is written from it without decoding
    14,000 outlines. ``within``: the filter on areas that selects exactly ``areas`` (a year, a
    level and a scope), read in one query instead of lists of a thousand keys.

    A map of more than :data:`SIMPLIFY_FROM` areas takes the outlines simplified at import
    (:mod:`.outlines`) that fit the map's extent; a map that none fits (a municipality's few
    hundred buurten), or areas made without them, are simplified here.
    """
    pks = [a.pk for a in areas]
    wanted = set(pks)
    parts = (
        [Area.objects.filter(**within)]
        if within is not None
        else [Area.objects.filter(pk__in=chunk) for chunk in _chunks(pks)]
    )
    parts = [part.exclude(geometry=None) for part in parts]
    if not (simplify and len(pks) > SIMPLIFY_FROM):
        return _exact_texts(parts, wanted)
    tolerance = _map_tolerance(parts)
    detail = outlines.stored_detail_for(tolerance) if tolerance is not None else None
    if detail is not None:
        stored: dict[int, str] = {}
        for part in parts:
            stored.update(
                (pk, text)
                for pk, text in MapOutline.objects.filter(
                    area__in=part.values("pk"), detail=detail
                ).values_list("area_id", "geojson")
                if pk in wanted
            )
        with_outline = sum(
            1 for part in parts for pk in part.values_list("pk", flat=True) if pk in wanted
        )
        if len(stored) == with_outline:
            return stored
    found = _exact_texts(parts, wanted)
    if not found:
        return found
    if tolerance is None:
        tolerance = outlines.tolerance_for(
            shapely.total_bounds(shapely.from_geojson(list(found.values())))
        )
    return dict(zip(found, outlines.simplified_texts(list(found.values()), tolerance), strict=True))


def outline_tile(
    scope_code: str, year: int, level: str, detail: str, x: int, y: int
) -> list[tuple[str, str]]:
    """The stored outlines of ``detail`` (:mod:`.outlines`) of the scope's areas of a year and
    level whose bounding box meets tile ``x``, ``y`` (:func:`.outlines.tile_bounds`): (code,
    GeoJSON text), in code order. A map zoomed in fetches them for what it shows (ADR 0033);
    areas without a bounding box or a stored outline are left out (the map keeps the outline
    it has)."""

    def corner(i: int) -> Cast:
        return Cast(KeyTransform(i, "bbox"), output_field=FloatField())

    x0, y0, x1, y1 = outlines.tile_bounds(detail, x, y)
    areas = (
        Area.objects.filter(year=year, level=level, **in_scope(scope_code))
        .alias(bx0=corner(0), by0=corner(1), bx1=corner(2), by1=corner(3))
        .filter(bx0__lte=x1, bx1__gte=x0, by0__lte=y1, by1__gte=y0)
    )
    return list(
        MapOutline.objects.filter(area__in=areas.values("pk"), detail=detail)
        .order_by("area__code")
        .values_list("area__code", "geojson")
    )


def _chunks(pks: list[int], size: int = 1000) -> list[list[int]]:
    return [pks[start : start + size] for start in range(0, len(pks), size)]


def _exact_texts(parts: list[QuerySet[Area]], wanted: set[int]) -> dict[int, str]:
    """The outlines as stored (GeoJSON text), of the areas that have one."""
    exact = Cast("geometry", output_field=TextField())
    return {
        pk: text for part in parts for pk, text in part.values_list("pk", exact) if pk in wanted
    }


def _map_tolerance(parts: list[QuerySet[Area]]) -> float | None:
    """One pixel of the map of these areas, from their bounding boxes in one query (None when
    one of them has none: the outlines tell then)."""

    def corner(i: int) -> Cast:
        return Cast(KeyTransform(i, "bbox"), output_field=FloatField())

    x0 = y0 = float("inf")
    x1 = y1 = float("-inf")
    for part in parts:
        found = part.aggregate(
            x0=Min(corner(0)),
            y0=Min(corner(1)),
            x1=Max(corner(2)),
            y1=Max(corner(3)),
            without=Count("pk", filter=Q(bbox__isnull=True)),
        )
        if found["without"] or found["x0"] is None:
            return None
        x0, y0 = min(x0, found["x0"]), min(y0, found["y0"])
        x1, y1 = max(x1, found["x1"]), max(y1, found["y1"])
    return outlines.tolerance_for((x0, y0, x1, y1)) if x1 >= x0 else None


@dataclass
class TreeNode:
    area: Area
    children: list[TreeNode] = field(default_factory=list)
    value: Any = None  # anything with .value and .status (an Observation, a LayerValue)


def area_tree(areas: list[Area], values: Mapping[int, Any] | None = None) -> list[TreeNode]:
    """Nest areas gemeente -> wijk -> buurt, in code order."""
    values = values or {}
    nodes = {a.pk: TreeNode(a, value=values.get(a.pk)) for a in areas}
    roots: list[TreeNode] = []
    for area in sorted(areas, key=lambda a: (LEVEL_DEPTH[a.level], a.code)):
        node = nodes[area.pk]
        parent = nodes.get(area.parent_id) if area.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


def visible_indicators(user: Any, municipality_code: str, year: int) -> QuerySet[Indicator]:
    """Indicators the user may see that have a figure for this municipality's areas."""
    return (
        Indicator.objects.visible_to(user)
        .filter(observations__year=year, **in_scope(municipality_code, "observations__area__"))
        .distinct()
        .order_by("domain", "name")
    )


def level_values(indicator: Indicator, year: int, level: str) -> tuple[int, list[float | None]]:
    """Every area of the level in the year (the whole country): how many there are, and the
    indicator's value of each that has a figure (None where suppressed or unknown)."""
    count = Area.objects.filter(year=year, level=level).count()
    values = list(
        Observation.objects.filter(
            indicator=indicator, year=year, area__year=year, area__level=level
        ).values_list("value", flat=True)
    )
    return count, values


def observation_values(
    indicator: Indicator, municipality_code: str, year: int
) -> dict[int, tuple[float | None, str, str]]:
    """(value, status, note) of the indicator for each area of the scope in the year, by the
    area's primary key: plain rows, not objects (a country's 18,000 took seconds as objects),
    and the scope as a join, not a list of 18,000 areas."""
    return {
        area_id: (value, status, note)
        for area_id, value, status, note in Observation.objects.filter(
            indicator=indicator, year=year, area__year=year, **in_scope(municipality_code, "area__")
        ).values_list("area_id", "value", "status", "note")
    }


def outline_feature(area: Area) -> dict[str, Any]:
    """GeoJSON of one area's outline, for the map on its profile."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": area.geometry,
                "properties": {"code": area.code, "name": area.name or area.code},
            }
        ]
        if area.geometry
        else [],
    }


@dataclass
class ProfileYear:
    year: int
    area: Observation | None
    parent: Observation | None
    municipality: Observation | None


@dataclass
class ProfileRow:
    indicator: Indicator
    years: list[ProfileYear]


@dataclass
class ProfileDomain:
    domain: str
    label: str
    rows: list[ProfileRow]


def area_profile(area: Area, user: Any) -> list[ProfileDomain]:
    """Every visible figure of the area's code per year, beside its parent and municipality.

    Areas are keyed by (code, year), so the series follows the code through the years; the
    parent and the municipality of each year are those of that year's geography.
    """
    # Plain id lists rather than joins: the queries stay fast whatever the planner knows.
    roles: dict[int, str] = {}
    for role, code in (
        ("area", area.code),
        ("parent", area.parent.code if area.parent else None),
        ("municipality", area.municipality_code if area.level != "gemeente" else None),
    ):
        if code is not None:
            for pk in Area.objects.filter(code=code, year__lte=area.year).values_list(
                "pk", flat=True
            ):
                roles[pk] = role
    own_areas = [pk for pk, role in roles.items() if role == "area"]
    measured = set(
        Observation.objects.filter(area_id__in=own_areas).values_list("indicator_id", flat=True)
    )
    own = list(Indicator.objects.visible_to(user).filter(pk__in=measured))
    table: dict[int, dict[int, dict[str, Observation]]] = defaultdict(lambda: defaultdict(dict))
    for obs in Observation.objects.filter(
        indicator_id__in=[i.pk for i in own], area_id__in=list(roles)
    ):
        if obs.year <= area.year:
            table[obs.indicator_id][obs.year][roles[obs.area_id]] = obs
    domains: dict[str, ProfileDomain] = {}
    for indicator in sorted(own, key=lambda i: (i.domain == "", i.domain, i.name)):
        per_year = table[indicator.pk]
        years = [
            ProfileYear(
                y,
                per_year[y].get("area"),
                per_year[y].get("parent"),
                per_year[y].get("municipality"),
            )
            for y in sorted(per_year, reverse=True)
            if "area" in per_year[y]
        ]
        label = indicator.get_domain_display() if indicator.domain else ""
        domains.setdefault(indicator.domain, ProfileDomain(indicator.domain, label, []))
        domains[indicator.domain].rows.append(ProfileRow(indicator, years))
    return list(domains.values())


def key_figures(municipality: Municipality) -> dict[str, Any] | None:
    """What the public home page says about the municipality's areas."""
    years = municipality_years(municipality.code)
    if not years:
        return None
    counts = dict(
        Area.objects.filter(municipality_code=municipality.code, year=years[0])
        .values_list("level")
        .annotate(n=Count("pk"))
    )
    return {
        "year": years[0],
        "districts": counts.get(AreaLevel.DISTRICT, 0),
        "neighbourhoods": counts.get(AreaLevel.NEIGHBOURHOOD, 0),
        "public_indicators": Indicator.objects.filter(
            is_public=True, observations__area__municipality_code=municipality.code
        )
        .distinct()
        .count(),
    }
