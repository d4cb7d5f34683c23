"""The deprivation index as a layer of the area explorer: the default MDI and saved indices."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kansen.index import KWB_2022_MDI, MDI_SOURCE, IndexDefinition, default_mdi
from kansen.web.accounts import permissions
from kansen.web.accounts.models import Municipality
from kansen.web.accounts.permissions import Action
from kansen.web.areas.constants import Direction, ObservationStatus
from kansen.web.areas.layers import Layer, LayerProvider, LayerValue, register_provider
from kansen.web.areas.models import Area, Indicator

from . import selectors
from .models import SavedIndex

DEFAULT_KEY = "index:default"
_MDI_NAME = default_mdi().name
#: The MDI of the CBS key figures of all municipalities of 2022 (``kansen.index.KWB_2022_MDI``),
#: offered where the platform holds a published national figure of each of its columns.
KWB_KEY = "index:nl-kwb-2022"


def packaged_indices() -> list[tuple[str, str]]:
    """The packaged indices of national figures the platform holds every figure of."""
    columns = set(KWB_2022_MDI.columns)
    held = set(
        Indicator.objects.filter(municipality=None, is_public=True, code__in=columns).values_list(
            "code", flat=True
        )
    )
    if held != columns:
        return []
    return [(KWB_KEY, _("MDI of the CBS key figures of municipalities, 2022"))]


def index_name(definition: IndexDefinition) -> str:
    """The index's name for the page: the library's MDI in the user's language."""
    if definition.name == _MDI_NAME and definition.source == MDI_SOURCE:
        return _("Deprivation index (MDI)")
    return definition.name


def index_source(definition: IndexDefinition) -> str:
    """Where the index comes from, for captions and export footers, in the user's language."""
    if definition.source == MDI_SOURCE:
        return _("Source 002: Multi Deprivation Index, weights of the English IMD")
    return definition.source


def saved_indices(user: Any, municipality: Municipality) -> QuerySet[SavedIndex]:
    """The municipality's saved indices, if ``user`` may use them (its own staff; never the
    national network or another municipality's users, whatever portal they look at)."""
    # the country (an unsaved municipality, areas.scope) has no saved indices of its own
    if municipality.pk is None or not permissions.can(user, Action.USE_SAVED_INDICES, municipality):
        return SavedIndex.objects.none()
    return SavedIndex.objects.filter(municipality=municipality)


def definition_for(key: str, municipality: Municipality, user: Any) -> IndexDefinition | None:
    """The definition behind a layer key: the default MDI or a saved index of the municipality
    that ``user`` may use."""
    if key == DEFAULT_KEY:
        return default_mdi()
    if key == KWB_KEY:
        return KWB_2022_MDI
    try:
        pk = int(key.split(":", 1)[1])
    except (IndexError, ValueError):
        return None
    saved = saved_indices(user, municipality).filter(pk=pk).first()
    return saved.to_definition() if saved else None


def _choices(user: Any, municipality: Municipality, year: int) -> list[tuple[str, str]]:
    if not getattr(user, "is_authenticated", False):
        return []
    choices = [(DEFAULT_KEY, _("Multi Deprivation Index (source 002), score"))]
    choices += [
        (f"index:{s.pk}", f"{s.name} (v{s.version}), {_('score')}")
        for s in saved_indices(user, municipality)
    ]
    return choices


def _build(
    user: Any, municipality: Municipality, year: int, key: str, areas: list[Area], level: str
) -> Layer | None:
    definition = definition_for(key, municipality, user)
    if definition is None:
        return None
    outcome = selectors.compute(user, municipality, year, level, definition)
    name = (
        index_name(definition)
        if key == DEFAULT_KEY
        else f"{index_name(definition)} (v{definition.version})"
    )
    layer = Layer(
        key=key,
        name=name,
        unit=_("score"),
        direction=Direction.HIGHER_IS_WORSE,
        source=index_source(definition),
        extra_columns=[_("Index rank"), _("Decile (1 = most deprived)")],
    )
    if outcome.result is None:
        for area in areas:
            if area.level == level:
                layer.values[area.pk] = LayerValue(None, ObservationStatus.MISSING, outcome.error)
        return layer
    table = outcome.result.frame[["score", "rank", "decile"]].to_dict("index")
    rows = {str(code): row for code, row in table.items()}
    for area in areas:
        if area.level != level:
            continue
        row = rows.get(area.code)
        if row is None or pd.isna(row["score"]):
            layer.values[area.pk] = LayerValue(
                None, ObservationStatus.MISSING, _("left out: figures are missing")
            )
            continue
        layer.values[area.pk] = LayerValue(round(float(row["score"]), 3))
        layer.extra[area.pk] = [f"{int(row['rank'])}", f"{int(row['decile'])}"]
    return layer


register_provider(LayerProvider("index", _choices, _build))

__all__ = ["DEFAULT_KEY", "definition_for", "saved_indices"]
