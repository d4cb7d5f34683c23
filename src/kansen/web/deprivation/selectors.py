"""Computing the deprivation index for a municipality's areas from the stored figures.

The index is computed on demand by the library (:mod:`kansen.index`) from the observations
a user may see; every result names its reference set (the areas of one level of one
municipality in one year) and records the definition it used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.utils.translation import gettext as _

from kansen.index import IndexDataError, IndexDefinition, IndexResult, ReferenceSet, compute_index
from kansen.index import sensitivity as index_sensitivity
from kansen.web.accounts.models import Municipality
from kansen.web.areas.constants import AreaLevel
from kansen.web.areas.models import Area, Indicator, Observation
from kansen.web.areas.scope import in_scope


@dataclass
class IndexInputs:
    """The wide tables the library needs, and what could not be found."""

    data: pd.DataFrame
    parents: dict[str, str]
    parent_data: pd.DataFrame
    areas: list[Area]
    reference: ReferenceSet
    unavailable: list[str]


def resolve_indicators(
    user: Any, municipality: Municipality, codes: list[str]
) -> dict[str, Indicator]:
    """For each code the indicator the user may see: the municipality's own before national.

    The country or a province (an unsaved municipality: ADR 0030) reads national figures only:
    one municipality's own figure has values for its own areas only, and ranking the country
    on it would rank that municipality against areas without figures."""
    found: dict[str, Indicator] = {}
    candidates = Indicator.objects.visible_to(user).filter(code__in=codes)
    if municipality.pk is None:
        candidates = candidates.filter(municipality=None)
    for indicator in sorted(
        candidates, key=lambda i: (i.municipality_id != municipality.pk, i.municipality_id or 0)
    ):
        found.setdefault(indicator.code, indicator)
    return found


def _wide(indicators: dict[str, Indicator], areas: list[Area], year: int) -> pd.DataFrame:
    rows = Observation.objects.filter(
        indicator__in=indicators.values(), area__in=areas, year=year, status="ok"
    ).values_list("area__code", "indicator_id", "value")
    by_id = {i.pk: code for code, i in indicators.items()}
    frame = pd.DataFrame(list(rows), columns=["area", "indicator", "value"])
    frame["indicator"] = frame["indicator"].map(by_id)
    wide = frame.pivot_table(index="area", columns="indicator", values="value", aggfunc="first")
    # Every area and every column is there, NaN where the figure is suppressed or unknown.
    return wide.reindex(index=[a.code for a in areas], columns=list(indicators)).astype(float)


def index_inputs(
    user: Any, municipality: Municipality, year: int, level: str, definition: IndexDefinition
) -> IndexInputs:
    codes = list(dict.fromkeys(definition.columns))
    indicators = resolve_indicators(user, municipality, codes)
    areas = list(
        Area.objects.filter(year=year, level=level, **in_scope(municipality.code))
        .select_related("parent")
        # outlines only where a map draws them (areas.selectors.geometries)
        .defer("geometry", "parent__geometry")
        .order_by("code")
    )
    parent_areas = list({a.parent_id: a.parent for a in areas if a.parent}.values())
    label = _("%(level)s of %(name)s, %(year)s") % {
        "level": AreaLevel(level).label,
        "name": municipality.name,
        "year": year,
    }
    data = _wide(indicators, areas, year)
    parent_data = _wide(indicators, parent_areas, year)
    unavailable = [c for c in codes if c not in indicators]
    for code in unavailable:  # the library then says which column is missing, by policy
        data = data.drop(columns=code, errors="ignore")
    return IndexInputs(
        data=data,
        parents={a.code: a.parent.code for a in areas if a.parent},
        parent_data=parent_data,
        areas=areas,
        reference=ReferenceSet(label=label),
        unavailable=unavailable,
    )


@dataclass
class IndexOutcome:
    inputs: IndexInputs
    result: IndexResult | None
    error: str = ""


def compute(
    user: Any, municipality: Municipality, year: int, level: str, definition: IndexDefinition
) -> IndexOutcome:
    """The index over the municipality's areas of one level, or the reason it cannot be made."""
    inputs = index_inputs(user, municipality, year, level, definition)
    if inputs.unavailable:
        return IndexOutcome(
            inputs,
            None,
            _("These indicators have no figures you may see: %(codes)s")
            % {"codes": ", ".join(inputs.unavailable)},
        )
    try:
        result = compute_index(
            inputs.data,
            definition,
            parents=inputs.parents,
            parent_data=inputs.parent_data,
            reference=inputs.reference,
            year=year,
        )
    except IndexDataError as error:
        return IndexOutcome(inputs, None, str(error))
    return IndexOutcome(inputs, result)


def sensitivity(outcome: IndexOutcome, definition: IndexDefinition, step: float) -> pd.DataFrame:
    inputs = outcome.inputs
    return index_sensitivity(
        inputs.data,
        definition,
        step,
        parents=inputs.parents,
        parent_data=inputs.parent_data,
        reference=inputs.reference,
    )
