"""The public directory (no login): search with facets, results on a list and a map, offer pages.

The municipality is the portal's (:func:`~kansen.web.core.context_processors.
portal_municipality`); only offers that :func:`~kansen.web.directory.freshness.public_offers`
returns are ever shown, through :mod:`kansen.web.directory.search`. The interface language is
Django's (Dutch or English); the language of the offers' texts is chosen with ``?taal=``
(``en``, ``tr``, ``ar``, ``pl``, ``uk``): translations where an offer has them, Dutch
otherwise, every text with its own ``lang``, and right to left for Arabic.
"""

from __future__ import annotations

from collections.abc import Hashable
from functools import partial
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, npgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kansen.offers import LANGUAGES, RTL_LANGUAGES, OfferRecord
from kansen.web.areas.constants import AreaLevel
from kansen.web.areas.models import Area
from kansen.web.core.context_processors import shown_municipality
from kansen.web.core.forms import field_choices
from kansen.web.core.htmx import varies_by_htmx, wants_fragment

from .forms import (
    APPLY_ROUTE_LABELS,
    DISTANCE,
    PAGE_SIZE,
    DirectorySearchForm,
    audience_label,
    cost_label,
    page_number,
    support_type_label,
)
from .languages import content_language, language_links, query_string
from .search import (
    MAX_QUERY_LENGTH,
    FoundOffer,
    MapPoint,
    Snapshot,
    Sort,
    cached_page,
    directory_snapshot,
    fragment,
    keep_page,
    postcode_centre,
    public_offer,
    search_directory,
    shown_text,
)
from .templatetags.offers_format import euro

#: Form field (URL parameter) -> facet of the search documents.
FACET_OF_FIELD = {
    "soort": "support_type",
    "voor": "audience",
    "kosten": "cost",
    "gesproken": "language",
    "wijk": "wijk",
    "buurt": "buurt",
}
#: Groups of checkboxes that list only the choices with results (or checked): long lists.
SHORTENED_GROUPS = frozenset({"gesproken", "buurt"})


OFFER_URL = "directory:offer"

#: The parameters of a search: an offer page carries them to its link back to the results.
SEARCH_PARAMS = (
    "q",
    "soort",
    "leeftijd",
    "voor",
    "kosten",
    "gesproken",
    "wijk",
    "buurt",
    "postcode",
    "sorteer",
    "pagina",
    "taal",
)

# Where the search's parameters go in the link of a kept result (see _result_html).
_QUERY_SLOT = "\x00query\x00"


def _search_params(params: QueryDict) -> QueryDict:
    """The parameters of a search from a request's, in their order, without empty ones; the
    query cut to :data:`MAX_QUERY_LENGTH` characters."""
    kept = QueryDict(mutable=True)
    for name in SEARCH_PARAMS:
        values = [value for value in params.getlist(name) if value]
        if name == "q":
            values = [value[:MAX_QUERY_LENGTH] for value in values]
        if values:
            kept.setlist(name, values)
    return kept


def _content_context(language: str | None) -> dict[str, Any]:
    return {
        "content_language": language or "nl",
        "content_dir": "rtl" if language in RTL_LANGUAGES else "ltr",
    }


def _areas(snapshot: Snapshot, level: str) -> list[tuple[str, str]]:
    prefix = "WK" if level == AreaLevel.DISTRICT else "BU"
    return sorted(
        ((code, name) for code, name in snapshot.area_names.items() if code.startswith(prefix)),
        key=lambda pair: (pair[1].casefold(), pair[0]),
    )


_OPTION_HTML = (
    '<div class="utrecht-form-field utrecht-form-field--checkbox facet__option">'
    '<input type="checkbox" class="utrecht-checkbox utrecht-checkbox--html-input" '
    'name="{name}" value="{value}" id="{id}"{checked}>'
    ' <label class="utrecht-form-label utrecht-form-label--checkbox" for="{id}">'
    '<span{lang}>{label}</span> <span class="facet__count">({count}'
    '<span class="visually-hidden"> {unit}</span>)</span></label></div>\n'
)


def _option_html(name: str, index: int, code: str, label: Any, count: int, checked: bool) -> str:
    return format_html(
        _OPTION_HTML,
        name=name,
        value=code,
        label=label,
        count=count,
        id=f"id_{name}_{index}",
        unit=npgettext("number of results", "offer", "offers", count),
        checked=mark_safe(" checked") if checked else "",
        lang=format_html(' lang="{}"', code) if name == "gesproken" else "",
    )


def _facet_groups(
    form: DirectorySearchForm,
    facets: dict[str, dict[str, int]],
    selected: dict[str, list[str]],
    version: Hashable = None,
) -> list[dict[str, Any]]:
    groups = []
    language = get_language()
    for name, facet in FACET_OF_FIELD.items():
        field = form[name]
        counts = facets.get(facet, {})
        options = []
        for index, (code, label) in enumerate(field_choices(form, name)):
            count = counts.get(code, 0)
            checked = code in selected.get(name, [])
            if name in SHORTENED_GROUPS and not count and not checked:
                continue
            # built here rather than in the template: about a hundred checkboxes per page
            # cost more in the template language than all the rest of the page
            html = fragment(
                ("option", version, language, name, index, code, count, checked),
                partial(_option_html, name, index, code, label, count, checked),
            )
            options.append(
                {"value": code, "label": label, "count": count, "checked": checked, "html": html}
            )
        if not options and not field.errors:
            continue
        groups.append(
            {
                "name": name,
                "legend": field.label,
                "options": options,
                "options_html": mark_safe("".join(o["html"] for o in options)),
                "errors": field.errors,
                "open": name not in {"gesproken", "wijk", "buurt"}
                or bool(field.errors)
                or any(o["checked"] for o in options),
            }
        )
    return groups


def _map_features(
    offers: list[tuple[str, Any, tuple[MapPoint, ...]]], query: str
) -> list[dict[str, Any]]:
    features = []
    for url, title, points in offers:
        for point in points:
            features.append(
                {
                    "lat": point.lat,
                    "lon": point.lon,
                    "title": title.text,
                    "lang": title.language,
                    "dir": title.direction,
                    "place": point.name,
                    "address": point.address,
                    "url": url + query,
                }
            )
    return features


def _result_labels() -> dict[str, str]:
    return {
        "support": _("Support"),
        "cost": _("Cost"),
        "distance": _("Distance"),
        "where": _("Where"),
        "checked": _("Last checked"),
        "no_place": _("no fixed location"),
        "online": _("no fixed location (online or by phone)"),
    }


_RESULT_HTML = (
    '<li class="directory-result" id="offer-{slug}">\n'
    '<h3 class="utrecht-heading-3 directory-result__title" lang="{title_lang}" '
    'dir="{title_dir}"><a class="utrecht-link" href="{url}">{title}</a></h3>\n'
    '<p class="utrecht-paragraph directory-result__provider"><bdi lang="nl">'
    "{provider}</bdi></p>\n{summary}"
    '<dl class="directory-facts">'
    "<div><dt>{l_support}</dt><dd>{support}</dd></div>"
    "<div><dt>{l_cost}</dt><dd>{cost}</dd></div>"
    "{distance}"
    "<div><dt>{l_where}</dt><dd>{where}</dd></div>"
    '<div><dt>{l_checked}</dt><dd><time datetime="{checked_iso}">{checked}</time></dd></div>'
    "</dl>\n</li>\n"
)


def _result_html(found: FoundOffer, show_distance: bool, labels: dict[str, str]) -> str:
    """One result of the list. Built here rather than in the template: twenty results in the
    template language cost more than the search itself.

    The link to the offer ends in :data:`_QUERY_SLOT`, for the search's parameters: the same
    result is then kept once for every search that lists it (:func:`_with_query`).
    """
    offer = found.offer
    title, summary = found.title, found.summary
    cost = str(cost_label(offer.cost))
    if offer.cost_amount is not None and offer.cost != "free":
        cost = f"{cost} {euro(offer.cost_amount)}"
    distance = ""
    if show_distance:
        km = found.distance_km
        value = (
            _("%(km)s km") % {"km": number_format(km, 1, use_l10n=True)}
            if km is not None
            else labels["no_place"]
        )
        distance = format_html("<div><dt>{}</dt><dd>{}</dd></div>", labels["distance"], value)
    where = (
        format_html_join(
            "; ",
            '<bdi lang="nl">{}</bdi>',
            (
                (f"{loc.name}, {loc.address}" if loc.name else loc.address,)
                for loc in offer.locations
            ),
        )
        if offer.locations
        else labels["online"]
    )
    return format_html(
        _RESULT_HTML,
        slug=offer.id,
        url=reverse("directory:offer", args=[offer.id]) + _QUERY_SLOT,
        title_lang=title.language,
        title_dir=title.direction,
        title=title.text,
        provider=found.provider.name,
        summary=format_html(
            '<p class="utrecht-paragraph directory-result__summary" lang="{}" dir="{}">{}</p>\n',
            summary.language,
            summary.direction,
            summary.text,
        )
        if summary.text
        else "",
        l_support=labels["support"],
        support=", ".join(str(support_type_label(c)) for c in offer.support_types),
        l_cost=labels["cost"],
        cost=cost,
        distance=distance,
        l_where=labels["where"],
        where=where,
        l_checked=labels["checked"],
        checked_iso=offer.last_checked.isoformat(),
        checked=date_format(offer.last_checked, "j F Y"),
    )


def _with_query(html: str, query: str) -> str:
    """A result of :func:`_result_html` whose link carries ``query`` (``?q=...`` or "")."""
    return html.replace(_QUERY_SLOT, escape(query), 1)


def _found_in(code: str | None, params: QueryDict) -> dict[str, Any] | None:
    """What the page says when the query was found in another language than Dutch."""
    if code is None:
        return None
    return {
        "code": code,
        "name": get_language_info(code)["name_translated"],
        "native": LANGUAGES.get(code, code),
        "dir": "rtl" if code in RTL_LANGUAGES else "ltr",
        "query": query_string(params, taal=code, pagina=None),
    }


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """The search page: a form of filters, the results as a list and on a map."""
    municipality = shown_municipality(request)
    params = _search_params(request.GET)
    # a query too long for the field is cut and searched, with a note, rather than refused
    shortened = any(len(q) > MAX_QUERY_LENGTH for q in request.GET.getlist("q"))
    language = content_language(params.get("taal"))
    snapshot = directory_snapshot(municipality)
    # the same search on the same version of the directory in the same interface language
    # gives the same page: popular searches are rendered once per process
    version = snapshot.version
    key = ("search", municipality.pk, version, get_language(), params.urlencode(), shortened)
    kept = cached_page(key)
    if kept is not None:
        return _search_page(request, params, kept)
    form = DirectorySearchForm(
        params,
        wijken=_areas(snapshot, AreaLevel.DISTRICT),
        buurten=_areas(snapshot, AreaLevel.NEIGHBOURHOOD),
        postcode_centre=postcode_centre,
    )
    form.is_valid()
    data = form.cleaned_data  # the valid fields, also when another field has an error
    selected = {name: list(data.get(name) or []) for name in FACET_OF_FIELD}
    near = form.near if "postcode" not in form.errors else None
    sort: Sort = "distance" if data.get("sorteer") == DISTANCE and near is not None else "relevance"
    page = search_directory(
        municipality,
        data.get("q", ""),
        filters={FACET_OF_FIELD[name]: values for name, values in selected.items()},
        age=data.get("leeftijd"),
        near=near,
        sort=sort,
        language=language,
        page=page_number(params.get("pagina")),
        page_size=PAGE_SIZE,
        snapshot=snapshot,
    )
    # an offer's link carries the search, for its way back to these results
    search_query = query_string(params, pagina=str(page.page) if page.page > 1 else None)
    offer_query = "" if search_query == "?" else search_query
    labels = _result_labels()
    ui_language = get_language()
    result_html = [
        fragment(
            (
                "result",
                snapshot.version,
                ui_language,
                found.offer.id,
                found.title.language,
                found.summary.language,
                # the distance: none shown, "no fixed location", or the kilometres
                near is not None,
                found.distance_km if near is not None else None,
            ),
            partial(_result_html, found, near is not None, labels),
        )
        for found in page.offers
    ]
    result_html = [_with_query(html, offer_query) for html in result_html]
    results = [
        {"found": found, "html": html} for found, html in zip(page.offers, result_html, strict=True)
    ]
    features = _map_features(
        [
            (
                fragment(("url", f.offer.id), partial(reverse, OFFER_URL, args=[f.offer.id])),
                f.title,
                f.points,
            )
            for f in page.offers
        ],
        offer_query,
    )
    filtered = bool(data.get("q") or data.get("leeftijd") is not None or any(selected.values()))
    first = (page.page - 1) * page.page_size + 1
    context = {
        "municipality": municipality,
        "form": form,
        "page": page,
        "results": results,
        "results_html": mark_safe("".join(result_html)),
        # the same fields with the same values (mostly empty) on most pages: kept as fragments
        "field_html": {
            name: fragment(
                ("field", ui_language, name, repr(form[name].value()), tuple(form[name].errors)),
                partial(render_to_string, "regulations/_field.html", {"field": form[name]}),
            )
            for name in ("leeftijd", "postcode", "sorteer")
        },
        "facet_groups": _facet_groups(form, page.facets, selected, snapshot.version),
        "features": features,
        "language_links": language_links(params, language),
        "taal": language or "",
        "query_shortened": shortened,
        "max_query_length": MAX_QUERY_LENGTH,
        "filtered": filtered,
        "sorted_by_distance": sort == "distance",
        "show_distance": near is not None,
        "first": first,
        "last": first + len(page.offers) - 1,
        "suggestion": page.suggestion,
        "found_in": _found_in(page.found_in, params),
        "corrected_query": (
            query_string(params, q=page.suggestion, pagina=None) if page.suggestion else ""
        ),
        "previous_query": (
            query_string(params, pagina=str(page.page - 1)) if page.page > 1 else ""
        ),
        "next_query": (
            query_string(params, pagina=str(page.page + 1)) if page.page < page.pages else ""
        ),
        "clear_query": query_string(QueryDict(mutable=True), taal=language),
        "directory_size": len(page.snapshot.offers),
        "areas_url": reverse("directory:areas"),
        **_content_context(language),
    }
    title = _("Offers for children and parents")
    if data.get("q"):
        title = f"{title}: {data['q']}"
    if form.errors:
        title = f"{_('Error:')} {title}"
    kept = {
        "page_title": title,
        "has_map": bool(features),
        "content": render_to_string("directory/_search.html", context, request=request),
    }
    keep_page(key, kept)
    return _search_page(request, params, {**context, **kept})


def _search_page(request: HttpRequest, params: QueryDict, context: dict[str, Any]) -> HttpResponse:
    """The search page, or asked by htmx its content only (ADR 0018), with the address of
    this search for the browser's history (the form's empty fields left out)."""
    fragment = wants_fragment(request)
    response = render(
        request,
        "directory/search.html",
        {**context, "base_template": "core/fragment.html" if fragment else "base.html"},
    )
    if fragment:
        query = params.urlencode()
        response["HX-Push-Url"] = request.path + (f"?{query}" if query else "")
    return varies_by_htmx(response)


def _ages(offer: OfferRecord) -> str:
    if offer.age_min is not None and offer.age_max is not None:
        return _("%(min)s to %(max)s years") % {"min": offer.age_min, "max": offer.age_max}
    if offer.age_min is not None:
        return _("from %(min)s years") % {"min": offer.age_min}
    if offer.age_max is not None:
        return _("up to %(max)s years") % {"max": offer.age_max}
    return _("all ages")


@require_GET
def offer(request: HttpRequest, slug: str) -> HttpResponse:
    """Everything about one public offer: what, for whom, where, cost, how to apply."""
    municipality = shown_municipality(request)
    found = public_offer(municipality, slug)
    if found is None:
        raise Http404(_("This offer does not exist or is no longer shown."))
    snapshot, record = found
    # the search the resident came from (its parameters, in the link to this page), for the
    # way back to the same results
    params = _search_params(request.GET)
    language = content_language(params.get("taal"))
    provider = snapshot.providers[record.provider]
    locations = [
        {
            "location": location,
            "buurt": snapshot.area_names.get(location.buurt_code, ""),
            "wijk": snapshot.area_names.get(snapshot.wijk_of.get(location.buurt_code, ""), ""),
        }
        for location in record.locations
    ]
    title = shown_text(record, "title", language)
    search_query = query_string(params)
    query = "" if search_query == "?" else search_query
    context = {
        "municipality": municipality,
        "offer": record,
        "provider": provider,
        "title": title,
        "summary": shown_text(record, "summary", language),
        "description": shown_text(record, "description", language),
        "how_to_apply": shown_text(record, "how_to_apply", language),
        "support_types": [support_type_label(c) for c in record.support_types],
        "audiences": [audience_label(c) for c in record.audiences],
        "cost": cost_label(record.cost),
        "ages": _ages(record),
        "activity_languages": [(code, LANGUAGES.get(code, code)) for code in record.languages],
        "apply_route": APPLY_ROUTE_LABELS.get(record.apply_route, record.apply_route),
        "through_professional": record.apply_route == "professional",
        "locations": locations,
        "features": _map_features(
            [(reverse("directory:offer", args=[record.id]), title, snapshot.points[record.id])],
            query,
        ),
        "regulation_name": snapshot.regulations.get(record.regulation, ""),
        "search_url": reverse("directory:search") + query,
        "language_links": language_links(params, language),
        "email": record.email or provider.email,
        "phone": record.phone or provider.phone,
        "website": record.website or provider.website,
        "areas_url": reverse("directory:areas"),
        **_content_context(language),
    }
    return render(request, "directory/offer.html", context)


_outlines: dict[tuple[int, int, int], dict[str, Any]] = {}


@require_GET
def areas(request: HttpRequest) -> JsonResponse:
    """The outlines of the municipality's buurten (GeoJSON, EPSG:4326): the map's background.

    The platform serves no map tiles (it runs without internet), so the buurten give the
    markers their place in the municipality.
    """
    municipality = shown_municipality(request)
    buurten = Area.objects.filter(
        municipality_code=municipality.code,
        level=AreaLevel.NEIGHBOURHOOD,
        geometry__isnull=False,
    )
    year = max(buurten.values_list("year", flat=True).distinct(), default=0)
    key = (municipality.pk, year, buurten.filter(year=year).count())
    collection = _outlines.get(key)
    if collection is None:
        collection = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": area.geometry,
                    "properties": {"code": area.code, "name": area.name},
                }
                for area in buurten.filter(year=year).order_by("code")
            ],
        }
        _outlines[key] = collection
    response = JsonResponse(collection)
    response["Content-Type"] = "application/geo+json"
    response["Cache-Control"] = "public, max-age=3600"
    return response
