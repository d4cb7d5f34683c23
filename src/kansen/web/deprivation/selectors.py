"""Computing the deprivation index for a municipality's areas from the stored figures.

The index is computed on demand by the library (:mod:`kansen.index`) from the observations
a user may see; every result names its reference set (the areas of one level of one
municipality in one year) and records the definition it used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db.models import QuerySet
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


#: Areas read by a list of their keys (see :func:`_wide`).
_LISTED_AREAS = 1_000


def _wide(
    indicators: dict[str, Indicator], areas: QuerySet[Area], codes: dict[int, str], year: int
) -> pd.DataFrame:
    """The figures of ``areas``, one column per indicator, indexed by the codes of ``codes``
    (the key of every one of ``areas`` -> its code).

    Up to :data:`_LISTED_AREAS` areas are asked for by their keys: a plan that does not
    depend on the tables' statistics (with statistics taken while the tables were nearly
    empty, PostgreSQL once ran the parents of a country's gemeenten as a nested subquery in
    CI: one query was still running after 24.8 s). More (14,000 buurten) are asked for as a
    query, read in one, not as a list of keys."""
    keys: Any = list(codes) if len(codes) <= _LISTED_AREAS else areas.values("pk")
    rows = Observation.objects.filter(
        indicator__in=indicators.values(), area__in=keys, year=year, status="ok"
    ).values_list("area_id", "indicator_id", "value")
    by_id = {i.pk: code for code, i in indicators.items()}
    frame = pd.DataFrame(list(rows), columns=["area", "indicator", "value"])
    frame["area"] = frame["area"].map(codes)
    frame["indicator"] = frame["indicator"].map(by_id)
    wide = frame.pivot_table(index="area", columns="indicator", values="value", aggfunc="first")
    # Every area and every column is there, NaN where the figure is suppressed or unknown.
    return wide.reindex(index=list(codes.values()), columns=list(indicators)).astype(float)


def index_inputs(
    user: Any, municipality: Municipality, year: int, level: str, definition: IndexDefinition
) -> IndexInputs:
    codes = list(dict.fromkeys(definition.columns))
    indicators = resolve_indicators(user, municipality, codes)
    in_reference = Area.objects.filter(year=year, level=level, **in_scope(municipality.code))
    # read as rows (outlines only where a map draws them: areas.selectors.geometries); the
    # areas of a country's buurten as objects with their parents took a second
    rows = list(
        in_reference.order_by("code").values_list("pk", "code", "name", "parent_id", "level")
    )
    areas = [
        Area(pk=pk, code=code, name=name, year=year, level=area_level, parent_id=parent)
        for pk, code, name, parent, area_level in rows
    ]
    parent_codes = dict(
        Area.objects.filter(pk__in=in_reference.values("parent_id")).values_list("pk", "code")
    )
    label = _("%(level)s of %(name)s, %(year)s") % {
        "level": AreaLevel(level).label,
        "name": municipality.name,
        "year": year,
    }
    data = _wide(indicators, in_reference, {a.pk: a.code for a in areas}, year)
    parent_data = _wide(
        indicators,
        Area.objects.filter(pk__in=in_reference.values("parent_id")),
        parent_codes,
        year,
    )
    unavailable = [c for c in codes if c not in indicators]
    for code in unavailable:  # the library then says which column is missing, by policy
        data = data.drop(columns=code, errors="ignore")
    return IndexInputs(
        data=data,
        parents={a.code: parent_codes[a.parent_id] for a in areas if a.parent_id in parent_codes},
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
    user: Any,
    municipality: Municipality,
    year: int,
    level: str,
    definition: IndexDefinition,
    inputs: IndexInputs | None = None,
) -> IndexOutcome:
    """The index over the municipality's areas of one level, or the reason it cannot be made.

    ``inputs``: the figures read already for a definition of the same indicators (the index
    builder computes the starting point beside the changed index: reading 14,000 buurten's
    figures twice was a second of the page)."""
    if inputs is None:
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
    """The areas that change decile when a domain weight moves ``step`` points; the index of
    ``outcome`` (computed from ``definition``) is not computed again."""
    inputs = outcome.inputs
    return index_sensitivity(
        inputs.data,
        definition,
        step,
        parents=inputs.parents,
        parent_data=inputs.parent_data,
        reference=inputs.reference,
        result=outcome.result,
    )
