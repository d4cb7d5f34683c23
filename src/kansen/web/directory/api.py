"""The directory's part of the public API: the offers (the regulations' part is
:mod:`kansen.web.regulations.api`).

Everything here is public: a municipality's published offers that are current enough to be
shown (:func:`kansen.web.directory.freshness.public_offers`). An offer that is unpublished,
hidden because nobody checked it, or of another municipality answers 404, exactly as if it
did not exist. The search is the one of the public pages (:mod:`kansen.web.directory.search`),
so the API and the pages always agree.
"""

from __future__ import annotations

from types import GenericAlias
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.params import P, QueryEx
from pydantic import BaseModel, create_model

from kansen.offers import (
    KINDS,
    LOCATION_SCHEMA,
    OFFER_SCHEMA,
    PROVIDER_SCHEMA,
    TEXT_FIELDS,
    TRANSLATION_LANGUAGES,
    Audience,
    CodeList,
    Cost,
    FieldSpec,
    Language,
    OfferRecord,
    SupportType,
)
from kansen.web.accounts.models import Municipality

from .search import (
    FoundOffer,
    Snapshot,
    cached_page,
    directory_snapshot,
    keep_page,
    postcode_centre,
    public_offer,
    search_directory,
    shown_text,
)

router = Router(tags=["offers"])

# The responses are built as plain dicts: their schemas are pydantic models rather than ninja
# Schemas, whose validator reads every value through a Django-aware getter (a third of the
# time of a search through the API with 20 offers per page).

MAX_PAGE_SIZE = 100


def _about(spec: FieldSpec) -> str:
    """The description of a field in the API: the schema's, with its codes for a code list."""
    if spec.codes is None:
        return spec.description
    return f"{spec.description or 'Codes'}: {_codes(spec.codes)}."


def _codes(codes: type[CodeList]) -> str:
    return ", ".join(codes)


def _with_dutch_labels(name: str) -> tuple[Any, Any]:
    """An offer field of a code list typed by its kind, described with each code's Dutch label
    (the words a resident sees on the page, for codes that do not say it themselves)."""
    spec = next(spec for spec in OFFER_SCHEMA if spec.name == name)
    assert spec.codes is not None
    labels = ", ".join(f"{code} ({label})" for code, label in spec.codes.labels("nl").items())
    return KINDS[spec.kind].annotation, Field(description=f"{spec.description}: {labels}.")


def _schema_fields(
    schema: tuple[FieldSpec, ...], *, leave_out: tuple[str, ...] = (), **own: Any
) -> dict[str, Any]:
    """The fields of a response model made from the offer schema: each field under its name,
    typed by its kind (:data:`kansen.offers.KINDS`), described by the schema, in the schema's
    order. ``own`` gives a field its own type and description in the API (``(type, Field)``),
    or adds one after those of the schema."""
    fields: dict[str, Any] = {}
    for spec in schema:
        if spec.name in leave_out:
            continue
        about = _about(spec)
        annotation = KINDS[spec.kind].annotation
        fields[spec.name] = own.pop(spec.name, None) or (
            annotation,
            Field(description=about) if about else ...,
        )
    return {**fields, **own}


def _list_of(model: type[BaseModel]) -> Any:
    """``list[model]`` of a model made at run time (to a type checker a variable is no type)."""
    return GenericAlias(list, (model,))


def _by_code(model: type[BaseModel]) -> Any:
    """``dict[str, model]`` of a model made at run time."""
    return GenericAlias(dict, (str, model))


ProviderOut = create_model("ProviderOut", **_schema_fields(PROVIDER_SCHEMA))

LocationOut = create_model(
    "LocationOut",
    **_schema_fields(LOCATION_SCHEMA, buurt_name=(str, ...)),
)

TranslationOut = create_model(
    "TranslationOut",
    **_schema_fields(tuple(spec for spec in OFFER_SCHEMA if spec.name in TEXT_FIELDS)),
)

#: The texts only the detail of an offer gives (a list of results gives title and summary).
_DETAIL_TEXTS = ("description", "how_to_apply")

OfferOut = create_model(
    "OfferOut",
    **_schema_fields(
        OFFER_SCHEMA,
        leave_out=("is_published", *_DETAIL_TEXTS),  # the API gives published offers only
        apply_route=_with_dutch_labels("apply_route"),
        id=(str, Field(description="The offer's code (slug): /aanbod/<id>/ is its public page.")),
        provider=(ProviderOut, ...),
        regulation=(
            str | None,
            Field(
                description="Code of the published regulation this offer carries out, if any "
                "(see the regulations endpoint)."
            ),
        ),
        url=(str, Field(description="The public page of the offer, in the requested language.")),
        text_language=(
            dict[str, str],
            Field(
                description=(
                    "For each text (title, summary, and on the offer itself description and "
                    "how_to_apply) the language it is in: the requested language where the "
                    "offer has a translation, 'nl' (the Dutch original) otherwise."
                )
            ),
        ),
        locations=(_list_of(LocationOut), ...),
        distance_m=(
            float | None,
            Field(
                description="Metres from the postcode's centre to the nearest location "
                "(with postcode)."
            ),
        ),
    ),
)

OfferDetailOut = create_model(
    "OfferDetailOut",
    __base__=OfferOut,
    **_schema_fields(
        tuple(spec for spec in OFFER_SCHEMA if spec.name in _DETAIL_TEXTS),
        translations=(
            _by_code(TranslationOut),
            Field(description="Every translation of the texts, by language (en, tr, ar, pl, uk)."),
        ),
    ),
)


SearchOut = create_model(
    "SearchOut",
    total=(int, Field(description="Number of offers matching the search and filters.")),
    page=(int, ...),
    page_size=(int, ...),
    pages=(int, ...),
    corrected=(
        str | None,
        Field(description="The query as corrected for typos ('did you mean'), when it was."),
    ),
    facets=(
        dict[str, dict[str, int]],
        Field(
            description=(
                "For each facet (support_type, audience, cost, language, wijk, buurt) the number "
                "of offers per code, counted with every other filter applied but not the facet's "
                "own: how many results each choice would give."
            )
        ),
    ),
    results=(_list_of(OfferOut), ...),
)


class SearchParams(Schema):
    q: str = Field("", description="Free Dutch text; compounds, inflections and typos match.")
    support_type: list[str] = Field([], description="Support types (OR within, AND across).")
    audience: list[str] = Field([], description=f"For whom: {_codes(Audience)}.")
    cost: list[str] = Field([], description=f"{_codes(Cost)}.")
    offered_in: list[str] = Field([], description="Languages the activity is given in.")
    wijk: list[str] = Field([], description="CBS codes of wijken (WK...).")
    buurt: list[str] = Field([], description="CBS codes of buurten (BU...).")
    age: int | None = Field(None, ge=0, le=99, description="Only offers for this age (years).")
    postcode: str = Field("", description="Four-digit postcode: distances from its centre.")
    sort: Literal["relevance", "distance"] = Field(
        "relevance", description="distance needs a postcode."
    )
    language: str = Field(
        "nl",
        description="Language of the texts: nl (Dutch), or en, tr, ar, pl, uk where translated.",
    )
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


def _municipality(code: str) -> Municipality:
    return get_object_or_404(Municipality, code=code.upper(), is_active=True)


def _language(code: str) -> str | None:
    if code in ("", "nl"):
        return None
    if code not in TRANSLATION_LANGUAGES:
        raise HttpError(
            400, f"language: expected nl or one of {', '.join(TRANSLATION_LANGUAGES)}; got {code!r}"
        )
    return code


def _check_codes(name: str, values: list[str], codes: type[CodeList]) -> None:
    allowed = codes.labels()
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise HttpError(
            400,
            f"{name}: unknown code {', '.join(map(repr, unknown))}; "
            f"expected one of {', '.join(allowed)}",
        )


#: The fields of a record the API gives as their plain data (lists of codes as lists); the texts
#: that may be translated, the code and provider and the regulation are given their own way.
_PLAIN_FIELDS = tuple(
    spec
    for spec in OFFER_SCHEMA
    if spec.name not in ("id", "provider", "regulation", "is_published", *TEXT_FIELDS)
)


def _offer_out(
    request: HttpRequest,
    snapshot: Snapshot,
    offer: OfferRecord,
    language: str | None,
    distance_m: float | None,
    fields: tuple[str, ...] = ("title", "summary"),
) -> dict[str, Any]:
    provider = snapshot.providers[offer.provider]
    url = reverse("directory:offer", args=[offer.id]) + (f"?taal={language}" if language else "")
    texts = {name: shown_text(offer, name, language) for name in fields}
    return {
        "id": offer.id,
        "url": request.build_absolute_uri(url),
        **{name: text.text for name, text in texts.items()},
        "text_language": {name: text.language for name, text in texts.items()},
        "provider": {spec.name: getattr(provider, spec.name) for spec in PROVIDER_SCHEMA},
        **{
            spec.name: KINDS[spec.kind].to_data(getattr(offer, spec.name)) for spec in _PLAIN_FIELDS
        },
        "regulation": offer.regulation if offer.regulation in snapshot.regulations else None,
        "locations": [
            {
                **{spec.name: getattr(loc, spec.name) for spec in LOCATION_SCHEMA},
                "buurt_name": snapshot.area_names.get(loc.buurt_code, ""),
            }
            for loc in offer.locations
        ],
        "distance_m": None if distance_m is None else round(distance_m),
    }


def _found_out(request: HttpRequest, snapshot: Snapshot, found: FoundOffer) -> dict[str, Any]:
    return _offer_out(request, snapshot, found.offer, found.language, found.distance_m)


@router.get(
    "/{municipality_code}/offers",
    response=SearchOut,
    summary="Search the public offers of a municipality",
    url_name="offers_search",
    # the id it had before the apps were split (ADR 0019): generated clients keep their names
    operation_id="kansen_web_offers_api_search_offers",
)
def search_offers(
    request: HttpRequest, municipality_code: str, params: Query[SearchParams]
) -> dict[str, Any]:
    """Search the offers residents see: free text, filters, age, distance, paging, facets.

    Filters are OR within one facet and AND across facets. An unknown code, language or
    postcode answers 400 with what was expected.
    """
    municipality = _municipality(municipality_code)
    snapshot = directory_snapshot(municipality)
    # the same search on the same version of the directory gives the same answer (the host
    # is part of it: the answer holds absolute links)
    key = ("api", municipality.pk, snapshot.version, request.get_host(), request.GET.urlencode())
    kept = cached_page(key)
    if kept is not None:
        return dict(kept)
    language = _language(params.language)
    _check_codes("support_type", params.support_type, SupportType)
    _check_codes("audience", params.audience, Audience)
    _check_codes("cost", params.cost, Cost)
    _check_codes("offered_in", params.offered_in, Language)
    near = None
    if params.postcode:
        code = params.postcode.strip()[:4]
        near = postcode_centre(code) if code.isdigit() else None
        if near is None:
            raise HttpError(
                400, f"postcode: expected a known four-digit postcode; got {params.postcode!r}"
            )
    elif params.sort == "distance":
        raise HttpError(400, "sort=distance needs a postcode")
    page = search_directory(
        municipality,
        params.q,
        filters={
            "support_type": params.support_type,
            "audience": params.audience,
            "cost": params.cost,
            "language": params.offered_in,
            "wijk": params.wijk,
            "buurt": params.buurt,
        },
        age=params.age,
        near=near,
        sort=params.sort,
        language=language,
        page=params.page,
        page_size=params.page_size,
        snapshot=snapshot,
    )
    answer = {
        "total": page.total,
        "page": page.page,
        "page_size": page.page_size,
        "pages": page.pages,
        "corrected": page.corrected,
        "facets": page.facets,
        "results": [_found_out(request, page.snapshot, found) for found in page.offers],
    }
    keep_page(key, answer)
    return answer


@router.get(
    "/{municipality_code}/offers/{slug}",
    response=OfferDetailOut,
    summary="One public offer with every detail",
    url_name="offers_detail",
    operation_id="kansen_web_offers_api_offer_detail",
)
def offer_detail(
    request: HttpRequest,
    municipality_code: str,
    slug: str,
    language: QueryEx[str, P(description="nl, or en, tr, ar, pl, uk where translated.")] = "nl",
) -> dict[str, Any]:
    """Everything about one offer, with all its translations."""
    municipality = _municipality(municipality_code)
    chosen = _language(language)
    found = public_offer(municipality, slug)
    if found is None:
        raise HttpError(404, "Not Found")
    snapshot, offer = found
    out = _offer_out(
        request,
        snapshot,
        offer,
        chosen,
        None,
        fields=TEXT_FIELDS,
    )
    out["translations"] = {
        code: {name: getattr(t, name) for name in TEXT_FIELDS}
        for code, t in sorted(offer.translations.items())
    }
    return out
