"""What the area explorer shows: one layer of values per area, classed and ranked.

A layer is an indicator, or anything else that gives a value per area (the deprivation index
of :mod:`kansen.web.deprivation` registers itself as a layer provider). Pages, the map data and the
exports all build the same :class:`Explorer`, so they always show the same figures.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kansen.maps import CLASS_METHODS, Classification, ClassMethod, classify
from kansen.web.accounts.models import Municipality

from . import selectors
from .constants import AreaLevel, Direction, ObservationStatus
from .models import Area, Indicator
from .scope import in_scope


@dataclass(frozen=True)
class LayerValue:
    value: float | None
    status: str = ObservationStatus.OK
    note: str = ""

    @property
    def reason(self) -> str:
        """Why there is no value, in the reader's language."""
        if self.note:
            return self.note
        if self.status == ObservationStatus.SUPPRESSED:
            return _("suppressed: too few observations or confidential")
        if self.status == ObservationStatus.MISSING:
            return _("unknown")
        return ""


@dataclass
class Layer:
    key: str
    name: str
    unit: str = ""
    direction: str = ""
    source: str = ""
    values: dict[int, LayerValue] = field(default_factory=dict)
    extra_columns: list[str] = field(default_factory=list)
    extra: dict[int, list[str]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name


#: A provider lists the layers it offers (key, label) and builds one by key.
@dataclass(frozen=True)
class LayerProvider:
    prefix: str
    choices: Callable[[Any, Municipality, int], list[tuple[str, str]]]
    #: build(user, municipality, year, key, areas of the year, level of the map)
    build: Callable[[Any, Municipality, int, str, list[Area], str], Layer | None]


_PROVIDERS: list[LayerProvider] = []


def register_provider(provider: LayerProvider) -> None:
    if all(p.prefix != provider.prefix for p in _PROVIDERS):
        _PROVIDERS.append(provider)


def _indicator_choices(user: Any, municipality: Municipality, year: int) -> list[tuple[str, str]]:
    def label(indicator: Indicator) -> str:
        text = f"{indicator.name} ({indicator.unit})" if indicator.unit else indicator.name
        # National figures may carry the same name as the municipality's own.
        return text if indicator.municipality_id else f"{text} · {_('national')}"

    return [
        (f"indicator:{i.pk}", label(i))
        for i in selectors.visible_indicators(user, municipality.code, year)
    ]


def _indicator_layer(
    user: Any, municipality: Municipality, year: int, key: str, areas: list[Area], level: str
) -> Layer | None:
    try:
        pk = int(key.split(":", 1)[1])
    except (IndexError, ValueError):
        return None
    indicator = Indicator.objects.visible_to(user).filter(pk=pk).first()
    if indicator is None:
        return None
    observed = selectors.observation_values(indicator, municipality.code, year)
    missing = LayerValue(None, ObservationStatus.MISSING)
    return Layer(
        key=key,
        name=indicator.name,
        unit=indicator.unit,
        direction=indicator.direction,
        source=indicator.source,
        values={
            area.pk: LayerValue(*found) if (found := observed.get(area.pk)) else missing
            for area in areas
        },
    )


register_provider(LayerProvider("indicator", _indicator_choices, _indicator_layer))


@dataclass(frozen=True)
class ScopeSummary:
    """The figures of a layer over the areas of one level of a scope (the country, a province,
    a municipality): how many areas, how many with a value, and the plain mean of those values
    (every area counts once, whatever its population), the lowest and the highest."""

    name: str
    areas: int
    with_value: int
    mean: float | None
    lowest: float | None
    highest: float | None


def summarise(name: str, areas: int, values: Iterable[float | None]) -> ScopeSummary:
    """A :class:`ScopeSummary` of ``values`` (None: no value); the mean by ``math.fsum``, so it
    does not depend on the order of the areas."""
    known = [v for v in values if v is not None]
    if not known:
        return ScopeSummary(name, areas, 0, None, None, None)
    return ScopeSummary(
        name, areas, len(known), math.fsum(known) / len(known), min(known), max(known)
    )


@dataclass
class RankRow:
    rank: int | None
    area: Area
    value: LayerValue
    extra: list[str]


@dataclass
class Explorer:
    municipality: Municipality
    years: list[int]
    year: int
    level: str
    method: ClassMethod
    k: int
    choices: list[tuple[str, str]]
    all_areas: list[Area]
    layer: Layer | None
    classification: Classification | None
    #: The scope asked for with ``?scope=`` (kept in every link), empty for the portal's.
    scope: str = ""
    #: How many areas the year has at every level (``all_areas`` may hold one level only).
    area_count: int = 0

    @property
    def areas(self) -> list[Area]:
        """The areas of the chosen level: those on the map and in the ranking."""
        return [a for a in self.all_areas if a.level == self.level]

    @property
    def params(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "level": self.level,
            "layer": self.layer.key if self.layer else "",
            "method": self.method,
            "k": self.k,
        } | ({"scope": self.scope} if self.scope else {})

    def value(self, area: Area) -> LayerValue:
        if self.layer is None:
            return LayerValue(None, ObservationStatus.MISSING)
        return self.layer.values.get(area.pk, LayerValue(None, ObservationStatus.MISSING))

    def ranking(self) -> list[RankRow]:
        """Areas from worst to best (by the layer's direction), those without a value last."""
        if self.layer is None:
            return []
        worst_first = self.layer.direction != Direction.HIGHER_IS_BETTER
        # each area's value looked up once: a country's 14,000 buurten looked up 84,000 times
        valued = [(a, self.value(a)) for a in self.areas]
        with_value = [(a, v) for a, v in valued if v.value is not None]
        with_value.sort(key=lambda pair: (pair[1].value or 0.0) * (-1 if worst_first else 1))
        extra = self.layer.extra
        rows = []
        previous: float | None = None
        rank = 0
        for position, (area, lv) in enumerate(with_value, start=1):
            if lv.value != previous:
                rank = position  # ties share the best rank ("min" rule)
            previous = lv.value
            rows.append(RankRow(rank, area, lv, extra.get(area.pk, [])))
        rows += [RankRow(None, a, v, extra.get(a.pk, [])) for a, v in valued if v.value is None]
        return rows

    def summary(self) -> ScopeSummary | None:
        """The layer over the areas on the map: the scope's count, mean, lowest and highest."""
        if self.layer is None:
            return None
        areas = self.areas
        return summarise(self.municipality.name, len(areas), (self.value(a).value for a in areas))

    def legend(self) -> list[dict[str, Any]]:
        if self.classification is None:
            return []
        c = self.classification
        return [
            {"colour": colour, "lower": lo, "upper": hi, "count": n}
            for colour, (lo, hi), n in zip(c.colours, c.ranges(), c.counts, strict=True)
        ]

    def _feature_parts(self) -> list[tuple[int, dict[str, Any]]]:
        """Each area of the map with the properties of its feature."""
        # one reverse() for all: 14,000 of them took a fifth of a second
        url = reverse("areas:profile", args=[1000, "CODE"]).replace("1000", "{year}", 1)
        url = url.replace("CODE", "{code}")
        found = []
        for area in self.areas:
            props: dict[str, Any] = {
                "code": area.code,
                "name": area.name or area.code,
                "level": area.level,
                "year": area.year,
                "url": url.format(year=area.year, code=area.code),
            }
            if self.layer is not None and self.classification is not None:
                lv = self.value(area)
                props |= {
                    "value": lv.value,
                    "status": lv.status,
                    "reason": lv.reason,
                    "fill": self.classification.colour(lv.value),
                }
            found.append((area.pk, props))
        return found

    def features(self) -> dict[str, Any]:
        """GeoJSON (EPSG:4326) of the areas with value, status, reason, colour and link."""
        outlines = selectors.geometries(self.areas)
        return {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "geometry": outlines[pk], "properties": props}
                for pk, props in self._feature_parts()
                if pk in outlines
            ],
        }

    def features_json(self, extra: list[dict[str, Any]] | None = None) -> str:
        """:meth:`features` as JSON text, with ``extra`` features after the areas: the outlines
        go in as they are stored (simplified at import for a map of many areas), not decoded
        and encoded again (ADR 0030)."""
        outlines = selectors.geometry_texts(
            self.areas,
            within={"year": self.year, "level": self.level, **in_scope(self.municipality.code)},
        )
        return selectors.feature_collection_json(outlines, self._feature_parts(), extra or ())


def build_explorer(
    user: Any,
    municipality: Municipality,
    params: Mapping[str, str],
    *,
    all_levels_up_to: int | None = None,
) -> Explorer:
    """The explorer for the chosen year, level, layer and classes, with sensible defaults.

    ``all_levels_up_to``: read the areas of every level (for the table of all areas) only when
    the year has at most this many, else those of the level on the map (a country's 18,000
    areas took seconds to read for a map of 345); None: always every level.
    """
    years = selectors.municipality_years(municipality.code)
    try:
        year = int(params.get("year") or (years[0] if years else 0))
    except ValueError:
        year = years[0] if years else 0
    level = params.get("level") or AreaLevel.NEIGHBOURHOOD
    if level not in AreaLevel.values:
        level = AreaLevel.NEIGHBOURHOOD
    asked = params.get("method")
    method: ClassMethod = next((known for known in CLASS_METHODS if known == asked), "quantiles")
    try:
        k = min(7, max(2, int(params.get("k") or 5)))
    except ValueError:
        k = 5
    area_count = selectors.municipality_areas(municipality.code, year).count()
    every_level = all_levels_up_to is None or area_count <= all_levels_up_to
    all_areas = list(
        selectors.municipality_areas(municipality.code, year, None if every_level else level)
    )
    choices = [c for p in _PROVIDERS for c in p.choices(user, municipality, year)]
    wanted = params.get("layer") or (choices[0][0] if choices else "")
    if wanted not in {key for key, _ in choices}:
        wanted = choices[0][0] if choices else ""
    layer = None
    for provider in _PROVIDERS:
        if wanted.startswith(provider.prefix + ":"):
            layer = provider.build(user, municipality, year, wanted, all_areas, level)
    classification = None
    if layer is not None:
        on_map = [
            layer.values[a.pk].value for a in all_areas if a.level == level and a.pk in layer.values
        ]
        classification = classify(on_map, method, k)
    return Explorer(
        municipality,
        years,
        year,
        level,
        method,
        k,
        choices,
        all_areas,
        layer,
        classification,
        scope=municipality.code if params.get("scope") else "",
        area_count=area_count,
    )


CLASS_METHOD_LABELS = {
    "quantiles": gettext_noop("quantiles"),
    "equal_interval": gettext_noop("equal intervals"),
    "natural_breaks": gettext_noop("natural breaks"),
}
