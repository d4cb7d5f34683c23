"""The index builder's map of the country, built before anyone asks (ADR 0030, session 8).

The builder's map at 14,000 buurten takes 1.6-2.0 s of processor time to compute (the index
over every buurt of the country). It is kept per version of the data like the explorer's map
(:mod:`kansen.web.areas.mapcache`); this builds it when the country's maps are built (after
an import, at server start), for the national network, for the page as the menu opens it
(``/gebieden/index/``: its default year, level and index) and with ``?scope=NL``.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.utils import translation

from kansen.index import default_mdi
from kansen.web.areas import mapcache
from kansen.web.areas import selectors as area_selectors
from kansen.web.areas.constants import AreaLevel
from kansen.web.areas.scope import NATIONAL, in_scope, national


def prepare_builder_maps(years: list[int]) -> list[str]:
    """The builder's default map of the country's latest year, where not built yet, in every
    language (the index computed once per language for both addresses); returns the keys
    built."""
    from . import selectors
    from .views import builder_map_key, decile_map_json

    country = national()
    known = area_selectors.municipality_years(country.code)
    if not known:
        return []
    year, level = known[0], str(AreaLevel.NEIGHBOURHOOD)
    within = {"year": year, "level": level, **in_scope(country.code)}
    reader = mapcache.national_reader()
    definition = default_mdi()
    built: list[str] = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            text: list[str] = []

            def build(text: list[str] = text) -> str:
                if not text:
                    outcome = selectors.compute(reader, country, year, level, definition)
                    if outcome.result is None:
                        raise _NoIndex
                    text.append(decile_map_json(outcome, within))
                return text[0]

            # the map's address as the page writes it: "?{query}&what=map&export=geojson"
            for query in ("", f"scope={NATIONAL}"):
                request = HttpRequest()
                request.GET = QueryDict(f"{query}&what=map&export=geojson")
                request.user = reader
                found_key = builder_map_key(request, country, year, level, definition)
                if mapcache.has(found_key):
                    continue
                try:
                    mapcache.build_once(found_key, build)
                except _NoIndex:  # the country lacks a figure of the index: nothing to build
                    return built
                built.append(found_key)
    return built


class _NoIndex(Exception):
    pass


mapcache.also_prepare_national(prepare_builder_maps)
