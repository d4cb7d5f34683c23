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
from kansen.web.areas.scope import NATIONAL, national


def prepare_builder_maps(years: list[int]) -> list[str]:
    """The builder's default map of the country's latest year, where not built yet, in every
    language; returns the keys built."""
    from .views import build_builder_map, builder_map_key

    country = national()
    known = area_selectors.municipality_years(country.code)
    if not known:
        return []
    year, level = known[0], str(AreaLevel.NEIGHBOURHOOD)
    reader = mapcache.national_reader()
    built: list[str] = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            # the map's address as the page writes it: "?{query}&what=map&export=geojson"
            for query in ("", f"scope={NATIONAL}"):
                request = HttpRequest()
                request.GET = QueryDict(f"{query}&what=map&export=geojson")
                request.user = reader
                found_key = builder_map_key(request, country, year, level, default_mdi())
                if mapcache.has(found_key):
                    continue
                if build_builder_map(request, country, year, level, default_mdi()) is not None:
                    built.append(found_key)
    return built


mapcache.also_prepare_national(prepare_builder_maps)
