"""The search document of an offer of :mod:`kansen.offers`."""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from kansen.search._index import Document, Documents

if TYPE_CHECKING:
    from kansen.offers import OfferRecord

__all__ = ["ADULT_FROM", "child_ages", "offer_document", "offer_documents", "wijk_code"]

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


def _buurten(offer: OfferRecord) -> list[str]:
    """The codes of the buurten of an offer's locations."""
    return [loc.buurt_code for loc in offer.locations if loc.buurt_code]


def _wijken(buurten: list[str], of: Callable[[str], str] = wijk_code) -> list[str]:
    """The codes of the wijken of ``buurten`` (``of``: :func:`wijk_code`, or a look-up of it)."""
    return [code for code in map(of, buurten) if code]


@functools.cache
def _label_tables() -> tuple[Mapping[str, str], Mapping[str, str], Mapping[str, str]]:
    """The Dutch labels of support types, audiences and costs (imported on first use)."""
    from kansen.offers import AUDIENCES, COSTS, SUPPORT_TYPES

    return SUPPORT_TYPES, AUDIENCES, COSTS


def _tags(offer: OfferRecord) -> str:
    """The Dutch labels of an offer's support types and audiences, its cost and cost note."""
    support_types, audiences, costs = _label_tables()
    labels = [support_types.get(code, code) for code in offer.support_types]
    labels.extend(audiences.get(code, code) for code in offer.audiences)
    labels.extend((costs.get(offer.cost, offer.cost), offer.cost_note))
    return " ".join(filter(None, labels))


def _areas(
    offer: OfferRecord, buurten: list[str], wijken: list[str], names: Mapping[str, str]
) -> str:
    """The names of an offer's places and cities, and of its buurten and wijken, each once."""
    places = [text for loc in offer.locations for text in (loc.name, loc.city)]
    if names:
        places.extend(names.get(code, "") for code in (*buurten, *wijken))
    return " ".join(dict.fromkeys(filter(None, places)))


def _points(offer: OfferRecord) -> tuple[tuple[float, float], ...]:
    """The RD coordinates of an offer's locations that have them."""
    return tuple(
        (float(loc.x), float(loc.y))
        for loc in offer.locations
        if loc.x is not None and loc.y is not None
    )


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
    from kansen.offers import TEXT_FIELDS

    buurten = _buurten(offer)
    wijken = _wijken(buurten)

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
            "tags": _tags(offer),
            "areas": _areas(offer, buurten, wijken, area_names or {}),
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
        points=_points(offer),
        extra=extra,
        translations=every,
    )


def offer_documents(
    offers: Iterable[OfferRecord],
    *,
    provider_name: Callable[[OfferRecord], str] | None = None,
    area_names: Mapping[str, str] | None = None,
    batch: int = 2000,
) -> Iterator[Documents]:
    """The documents of ``offers`` with every translation, ``batch`` offers at a time: what
    :func:`offer_document` gives for each offer with ``translations=True``, as columns, which
    :class:`~kansen.search.SearchIndex` reads faster than documents one by one.

    ``provider_name`` gives an offer's provider's name (the record holds only its id).

    Examples
    --------
    >>> from kansen.offers import demo_directory
    >>> from kansen.search import SearchIndex
    >>> offers = demo_directory().offers
    >>> many, one = SearchIndex(offer_documents(offers)), SearchIndex(
    ...     offer_document(offer, translations=True) for offer in offers
    ... )
    >>> many.search("zwemmen").hits == one.search("zwemmen").hits
    True
    """
    it = iter(offers)
    while chunk := list(itertools.islice(it, batch)):
        yield _documents(chunk, provider_name, area_names or {})


def _documents(
    offers: Sequence[OfferRecord],
    provider_name: Callable[[OfferRecord], str] | None,
    names: Mapping[str, str],
) -> Documents:
    """:func:`offer_document`'s fields, facets, ages, points and translations of ``offers``,
    as columns."""
    from kansen.offers import TEXT_FIELDS

    buurten = [_buurten(offer) for offer in offers]
    wijk_of = {code: wijk_code(code) for code in set(itertools.chain.from_iterable(buurten))}
    wijken = [_wijken(codes, wijk_of.__getitem__) for codes in buurten]
    tags_of: dict[tuple[object, ...], str] = {}  # many offers have the same
    tags = []
    for offer in offers:
        key = (offer.support_types, offer.audiences, offer.cost, offer.cost_note)
        tag = tags_of.get(key)
        if tag is None:
            tag = tags_of[key] = _tags(offer)
        tags.append(tag)
    texts_of = _text_getter(TEXT_FIELDS)
    translations: dict[str, list[str | tuple[str, ...] | None]] = {}
    for at, offer in enumerate(offers):
        for code, translation in offer.translations.items():
            texts = texts_of(translation)
            if any(texts):  # a translation with a text
                column = translations.get(code)
                if column is None:
                    column = translations[code] = [None] * len(offers)
                column[at] = texts
    return Documents(
        ids=[offer.id for offer in offers],
        fields={
            "title": [offer.title for offer in offers],
            "summary": [offer.summary for offer in offers],
            "description": [offer.description for offer in offers],
            "provider": [provider_name(o) for o in offers] if provider_name else [""] * len(offers),
            "tags": tags,
            "areas": [
                _areas(offer, codes, wijk_codes, names)
                for offer, codes, wijk_codes in zip(offers, buurten, wijken, strict=True)
            ],
            "how_to_apply": [offer.how_to_apply for offer in offers],
        },
        facets={  # a value twice in a document counts once
            "support_type": [offer.support_types for offer in offers],
            "audience": [offer.audiences for offer in offers],
            "cost": [(offer.cost,) for offer in offers],
            "language": [offer.languages for offer in offers],
            "buurt": buurten,
            "wijk": wijken,
        },
        ages=[child_ages(offer) for offer in offers],
        points=[_points(offer) for offer in offers],
        translations={code: translations[code] for code in sorted(translations)},
    )
