"""The search document of an offer of :mod:`kansen.offers`."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from kansen.search._index import Document

if TYPE_CHECKING:
    from kansen.offers import OfferRecord

__all__ = ["ADULT_FROM", "child_ages", "offer_document", "wijk_code"]

ADULT_FROM = 16
"""An offer for parents whose ages start here or later, open-ended or past 18, is for the
parents themselves (language lessons, debt help): those are their own ages, not the child's."""


def child_ages(offer: OfferRecord) -> tuple[int | None, int | None]:
    """The ages of the children an offer is for, as the search's age filter reads them.

    The age filter asks for the age of the resident's child. Offers for children and young
    people record the children's ages. Offers for parents record either the ages of the
    children they are about (a course for parents of teenagers: 11 to 18) or, when they are
    for the parents themselves, the parents' own ages ("from 18"). Such an offer helps a parent
    whatever the child's age, so it has no child ages: ``(None, None)``.

    Examples
    --------
    >>> from kansen.offers import demo_directory
    >>> offers = {offer.id: offer for offer in demo_directory().offers}
    >>> child_ages(offers["cursus-pubers"])  # parents of teenagers
    (11, 18)
    >>> child_ages(offers["schuldhulpverlening"])  # for parents (and young people) from 18
    (None, None)
    >>> child_ages(offers["zwemles-zwembad-stadspark"])
    (5, 12)
    """
    low, high = offer.age_min, offer.age_max
    for_parents = "ouder" in offer.audiences
    if for_parents and low is not None and low >= ADULT_FROM and (high is None or high > 18):
        return (None, None)
    return (low, high)


def wijk_code(buurt_code: str) -> str:
    """The CBS code of the wijk a buurt lies in: ``BU99990102`` -> ``WK999901``.

    A buurt code is ``BU``, the four digits of the municipality, two of the wijk and two of
    the buurt; ``""`` for anything else.
    """
    if len(buurt_code) == 10 and buurt_code.startswith("BU") and buurt_code[2:].isdigit():
        return "WK" + buurt_code[2:8]
    return ""


@functools.cache
def _text_getter(names: tuple[str, ...]) -> Callable[[object], tuple[str, ...]]:
    """The texts ``names`` of a translation, as a tuple."""
    getter: Callable[[object], tuple[str, ...]] = operator.attrgetter(*names)
    return getter


def offer_document(
    offer: OfferRecord,
    *,
    language: str | None = None,
    provider_name: str = "",
    area_names: Mapping[str, str] | None = None,
    translations: bool = False,
) -> Document:
    """The document under which an offer is found.

    Parameters
    ----------
    offer
        The offer.
    language
        The language of the resident's pages (``"en"``, ``"tr"``, ...): that translation is
        searched too, with a low weight, besides the Dutch texts. None or ``"nl"``: only the
        Dutch texts (an index per language stays small, and Dutch words are not found by
        chance in other languages).
    provider_name
        The provider's name (the record holds only its id).
    area_names
        Names of buurten and wijken by CBS code; the names of the offer's buurten and their
        wijken are searched (``"Oosterpark"``).
    translations
        Every translation in the document's ``translations`` (one index then serves every
        language: :meth:`~kansen.search.SearchIndex.translated`) instead of ``language``'s in
        ``extra``.

    Returns
    -------
    Document
        Fields ``title``, ``summary``, ``description``, ``provider``, ``tags`` (the Dutch
        labels of the support types and audiences, the cost and its note), ``areas`` (names
        of the places, buurten and wijken, the city) and ``how_to_apply``; facets
        ``support_type``, ``audience``, ``cost``, ``language``, ``buurt`` and ``wijk`` (codes);
        the ages of the children (:func:`child_ages`); the locations with coordinates as
        points; the translation in ``extra`` (or every one in ``translations``).
    """
    from kansen.offers import AUDIENCES, COSTS, SUPPORT_TYPES, TEXT_FIELDS

    names = area_names or {}
    buurten = [loc.buurt_code for loc in offer.locations if loc.buurt_code]
    wijken = [code for code in map(wijk_code, buurten) if code]
    places: list[str] = []
    for location in offer.locations:
        places.extend((location.name, location.city))
    if names:
        places.extend(names.get(code, "") for code in (*buurten, *wijken))
    tags = [SUPPORT_TYPES.get(code, code) for code in offer.support_types]
    tags.extend(AUDIENCES.get(code, code) for code in offer.audiences)
    tags.extend((COSTS.get(offer.cost, offer.cost), offer.cost_note))

    chosen = {}
    every: dict[str, dict[str, str]] = {}
    if translations:
        texts_of = _text_getter(TEXT_FIELDS)
        for code, translation in sorted(offer.translations.items()):
            texts = {
                name: text
                for name, text in zip(TEXT_FIELDS, texts_of(translation), strict=True)
                if text
            }
            if texts:
                every[code] = texts
    elif language and language != "nl" and language in offer.translations:
        chosen = {language: offer.translations[language]}
    extra = {
        f"{code}.{name}": getattr(translation, name)
        for code, translation in sorted(chosen.items())
        for name in TEXT_FIELDS
        if getattr(translation, name)
    }
    return Document(
        id=offer.id,
        fields={
            "title": offer.title,
            "summary": offer.summary,
            "description": offer.description,
            "provider": provider_name,
            "tags": " ".join(filter(None, tags)),
            "areas": " ".join(dict.fromkeys(filter(None, places))),
            "how_to_apply": offer.how_to_apply,
        },
        facets={
            "support_type": frozenset(offer.support_types),
            "audience": frozenset(offer.audiences),
            "cost": frozenset({offer.cost}),
            "language": frozenset(offer.languages),
            "buurt": frozenset(buurten),
            "wijk": frozenset(wijken),
        },
        ages=child_ages(offer),
        points=tuple(
            (float(loc.x), float(loc.y))
            for loc in offer.locations
            if loc.x is not None and loc.y is not None
        ),
        extra=extra,
        translations=every,
    )
