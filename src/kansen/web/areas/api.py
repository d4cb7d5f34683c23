"""The areas part of the public API: areas, indicators and observations.

Anyone may read areas and published figures; a logged-in user (session) also reads the
unpublished figures of their own municipality. Unpublished figures of another municipality
answer 404, exactly as if they did not exist.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from .models import Area, Indicator, Observation

router = Router(tags=["areas"])


class AreaOut(Schema):
    code: str
    year: int
    level: str
    name: str
    parent_code: str | None
    municipality_code: str
    area_m2: float | None


class AreaDetailOut(AreaOut):
    geometry: dict[str, Any] | None


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    unit: str
    direction: str
    domain: str
    source: str
    definition: str
    owner: str | None
    is_public: bool


class ObservationOut(Schema):
    indicator_id: int
    indicator_code: str
    area_code: str
    year: int
    value: float | None
    status: str


def _area_out(area: Area) -> dict[str, Any]:
    return {
        "code": area.code,
        "year": area.year,
        "level": area.level,
        "name": area.name,
        "parent_code": area.parent.code if area.parent else None,
        "municipality_code": area.municipality_code,
        "area_m2": area.area_m2,
        "geometry": area.geometry,
    }


def _indicator_out(ind: Indicator) -> dict[str, Any]:
    return {
        "id": ind.pk,
        "code": ind.code,
        "name": ind.name,
        "unit": ind.unit,
        "direction": ind.direction,
        "domain": ind.domain,
        "source": ind.source,
        "definition": ind.definition,
        "owner": ind.municipality.code if ind.municipality else None,
        "is_public": ind.is_public,
    }


def _observation_out(obs: Observation) -> dict[str, Any]:
    return {
        "indicator_id": obs.indicator_id,
        "indicator_code": obs.indicator.code,
        "area_code": obs.area.code,
        "year": obs.year,
        "value": obs.value,
        "status": obs.status,
    }


@router.get("/", response=list[AreaOut], summary="List areas")
def list_areas(
    request: HttpRequest,
    municipality: str,
    year: int | None = None,
    level: str | None = None,
) -> list[dict[str, Any]]:
    """Areas of a municipality (CBS code such as GM0546), optionally of one year and level."""
    qs = Area.objects.filter(municipality_code=municipality).select_related("parent")
    if year is not None:
        qs = qs.filter(year=year)
    if level:
        qs = qs.filter(level=level)
    return [_area_out(a) for a in qs.order_by("year", "code")]


@router.get("/indicators", response=list[IndicatorOut], summary="List indicators")
def list_indicators(request: HttpRequest, municipality: str | None = None) -> list[dict[str, Any]]:
    """Indicators visible to the caller, optionally only those with figures for a municipality."""
    qs = Indicator.objects.visible_to(request.user).select_related("municipality")
    if municipality:
        qs = qs.filter(observations__area__municipality_code=municipality).distinct()
    return [_indicator_out(i) for i in qs.order_by("code")]


@router.get(
    "/indicators/{indicator_id}/observations",
    response=list[ObservationOut],
    summary="Observations of an indicator",
)
def indicator_observations(
    request: HttpRequest, indicator_id: int, year: int | None = None
) -> list[dict[str, Any]]:
    indicator = get_object_or_404(Indicator.objects.visible_to(request.user), pk=indicator_id)
    qs = indicator.observations.select_related("area", "indicator")
    if year is not None:
        qs = qs.filter(year=year)
    return [_observation_out(o) for o in qs.order_by("area__code", "year")]


@router.get("/{year}/{code}", response=AreaDetailOut, summary="One area with its boundary")
def get_area(request: HttpRequest, year: int, code: str) -> dict[str, Any]:
    area = get_object_or_404(Area.objects.select_related("parent"), year=year, code=code)
    return _area_out(area)


@router.get(
    "/{year}/{code}/observations",
    response=list[ObservationOut],
    summary="Figures of one area",
)
def area_observations(request: HttpRequest, year: int, code: str) -> list[dict[str, Any]]:
    area = get_object_or_404(Area, year=year, code=code)
    visible = Indicator.objects.visible_to(request.user)
    qs = (
        Observation.objects.filter(area=area, indicator__in=visible)
        .select_related("area", "indicator")
        .order_by("indicator__code", "year")
    )
    return [_observation_out(o) for o in qs]
