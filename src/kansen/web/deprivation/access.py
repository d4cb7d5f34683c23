"""Distance to the nearest havo/vwo school as a layer of the area explorer.

Straight-line distance in metres in EPSG:28992 (:mod:`kansen.access`), from a point inside
each buurt, or for a wijk or the gemeente from the population-weighted mean of its buurten'
points. Schools of every municipality count: the nearest one may lie across the border.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import shapely
from django.utils.translation import gettext as _
from pyproj import Transformer
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from kansen.access import AccessInputError, distance_to_nearest
from kansen.io import parent_code
from kansen.web.accounts.models import Municipality
from kansen.web.areas.constants import AreaLevel, Direction, ObservationStatus
from kansen.web.areas.layers import Layer, LayerProvider, LayerValue, register_provider
from kansen.web.areas.models import Area, Facility, Observation
from kansen.web.areas.scope import in_scope
from kansen.web.areas.selectors import geometries

from .selectors import resolve_indicators

KEY = "access:havo_vwo"
_TO_RD = Transformer.from_crs(4326, 28992, always_xy=True)
POPULATION_CODE = "population"


def _choices(user: Any, municipality: Municipality, year: int) -> list[tuple[str, str]]:
    if not Facility.objects.filter(year=year, offers_havo_vwo=True).exists():
        return []
    return [(KEY, _("Distance to the nearest havo/vwo school (m)"))]


def havo_vwo_distances(
    user: Any, municipality: Municipality, year: int, areas: list[Area]
) -> pd.DataFrame:
    """The library's result (code, distance_m, facility_name, origin ...) for ``areas``."""
    schools = pd.DataFrame(
        list(Facility.objects.filter(year=year).values("code", "name", "x", "y", "offers_havo_vwo"))
    ).rename(columns={"code": "id"})
    frame = pd.DataFrame(
        {
            "code": [a.code for a in areas],
            "x": [a.point_x if a.level == AreaLevel.NEIGHBOURHOOD else None for a in areas],
            "y": [a.point_y if a.level == AreaLevel.NEIGHBOURHOOD else None for a in areas],
        }
    )
    population = resolve_indicators(user, municipality, [POPULATION_CODE]).get(POPULATION_CODE)
    buurten = Area.objects.filter(
        year=year, level=AreaLevel.NEIGHBOURHOOD, **in_scope(municipality.code)
    ).exclude(point_x=None)
    weights = (
        dict(
            Observation.objects.filter(
                indicator=population, year=year, status="ok", area__in=buurten
            ).values_list("area_id", "value")
        )
        if population
        else {}
    )
    subareas = pd.DataFrame(
        [
            {"area_code": parent, "x": b.point_x, "y": b.point_y, "population": weights[b.pk]}
            for b in buurten
            if b.pk in weights
            for parent in (parent_code(b.code), b.municipality_code)
        ],
        columns=["area_code", "x", "y", "population"],
    )
    # An area without a point or buurten of its own falls back to a point inside its outline.
    # exact outlines: a point inside them is measured from
    outlines = geometries([a for a in areas if a.level != AreaLevel.NEIGHBOURHOOD], simplify=False)
    frame["geometry"] = [_rd_geometry(outlines.get(a.pk)) for a in areas]
    frame.loc[frame["x"].notna(), "geometry"] = None
    return distance_to_nearest(frame, schools, kind="offers_havo_vwo", subareas=subareas)


def _rd_geometry(outline: Any) -> BaseGeometry | None:
    """An area's outline in EPSG:28992 (stored in EPSG:4326 for the maps)."""
    if outline is None:
        return None
    return shapely.transform(
        shape(outline), lambda xy: np.column_stack(_TO_RD.transform(xy[:, 0], xy[:, 1]))
    )


def _build(
    user: Any, municipality: Municipality, year: int, key: str, areas: list[Area], level: str
) -> Layer | None:
    on_level = [a for a in areas if a.level == level]
    layer = Layer(
        key=key,
        name=_("Distance to the nearest havo/vwo school"),
        unit="m",
        direction=Direction.HIGHER_IS_WORSE,
        source=_("school locations %(year)s; straight line in EPSG:28992") % {"year": year},
        extra_columns=[_("Nearest havo/vwo school"), _("Measured from")],
    )
    try:
        result = havo_vwo_distances(user, municipality, year, on_level)
    except AccessInputError as error:
        for area in on_level:
            layer.values[area.pk] = LayerValue(None, ObservationStatus.MISSING, str(error))
        return layer
    origin_labels = {
        "given": _("a point inside the buurt"),
        "population-weighted": _("the population-weighted centre of its buurten"),
        "point inside area": _("a point inside the area"),
    }
    by_code = {str(r["code"]): r for r in result.to_dict("records")}
    for area in on_level:
        row = by_code.get(area.code)
        if row is None or pd.isna(row["distance_m"]):
            layer.values[area.pk] = LayerValue(None, ObservationStatus.MISSING)
            continue
        layer.values[area.pk] = LayerValue(round(float(row["distance_m"])))
        layer.extra[area.pk] = [
            str(row["facility_name"]),
            origin_labels.get(str(row["origin"]), str(row["origin"])),
        ]
    return layer


register_provider(LayerProvider("access", _choices, _build))
