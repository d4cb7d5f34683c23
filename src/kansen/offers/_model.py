"""The record of an offer (aanbod), its provider and its locations; the code lists as mappings.

The code lists and the fields themselves are defined once, in :mod:`kansen.offers._schema`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from ._schema import (
    TEXT_FIELDS,
    ApplyRoute,
    Audience,
    Cost,
    Language,
    SupportType,
)

#: Kinds of support an offer gives (source 000 and the domain), code -> Dutch label.
SUPPORT_TYPES: dict[str, str] = SupportType.labels()

#: For whom an offer is, code -> Dutch label.
AUDIENCES: dict[str, str] = Audience.labels()

#: What an offer costs, code -> Dutch label.
COSTS: dict[str, str] = Cost.labels()

#: How a resident gets in, code -> Dutch label (see :class:`ApplyRoute`).
APPLY_ROUTES: dict[str, str] = ApplyRoute.labels()

#: Languages an activity can be given in, code (ISO 639) -> the language's own name.
LANGUAGES: dict[str, str] = {language.value: language.native for language in Language}


@dataclass(frozen=True)
class LocationRecord:
    """Where an offer takes place.

    Attributes
    ----------
    name : str
        Name of the place, e.g. ``"Bibliotheek Centrum"``; may be empty when the address says it.
    address : str
        Street and number.
    postcode : str
        Dutch postcode, ``"9994 AB"`` (or only the four digits).
    city : str
        Place name.
    buurt_code : str
        CBS code of the buurt (``BU99990101``), or ``""`` when unknown.
    x, y : float or None
        Location in RD New (EPSG:28992) metres, for distances and the map; None when unknown.
    """

    name: str
    address: str
    postcode: str
    city: str
    buurt_code: str
    x: float | None
    y: float | None

    @property
    def pc4(self) -> str:
        """The four digits of the postcode (``""`` without a postcode)."""
        return self.postcode[:4]


@dataclass(frozen=True)
class TranslationRecord:
    """An offer's texts in one other language than Dutch."""

    title: str
    summary: str = ""
    description: str = ""
    how_to_apply: str = ""


@dataclass(frozen=True)
class ProviderRecord:
    """An organisation that offers something.

    Attributes
    ----------
    id : str
        Slug, unique in a directory: lowercase letters, digits and hyphens.
    name : str
        The organisation's name.
    description, website, email, phone : str
        Optional; ``""`` when not given.
    """

    id: str
    name: str
    description: str = ""
    website: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class OfferRecord:
    """One offer of a provider: what it is, for whom, where, what it costs, how to apply.

    Attributes
    ----------
    id : str
        Slug, unique in a directory.
    provider : str
        The provider's id.
    title, summary, description : str
        Dutch texts; the summary is one or two sentences for result lists.
    support_types : tuple of str
        Codes of :data:`SUPPORT_TYPES`, at least one.
    age_min, age_max : int or None
        Ages in years, inclusive; None for no bound.
    audiences : tuple of str
        Codes of :data:`AUDIENCES`, at least one.
    cost : str
        Code of :data:`COSTS`.
    cost_amount : Decimal or None
        Euros (a price or an own contribution); None when free or not known.
    cost_note : str
        E.g. ``"per seizoen; gratis met de Stadspas"``.
    languages : tuple of str
        Codes of :data:`LANGUAGES` the activity is given in, at least one.
    apply_route : str
        Code of :data:`APPLY_ROUTES`.
    how_to_apply : str
        What to do to get in, in Dutch.
    email, phone, website : str
        Contact for this offer; ``""`` when not given.
    capacity : int or None
        Number of places; None when not limited or not known.
    regulation : str
        Id of a regulation of :mod:`kansen.eligibility` this offer carries out, or ``""``.
    last_checked : datetime.date
        When the provider last confirmed the offer is current.
    locations : tuple of LocationRecord
        Zero (online or by phone) to three locations.
    translations : mapping of str to TranslationRecord
        Texts in the languages of :data:`TRANSLATION_LANGUAGES` that have them.
    is_published : bool
        Whether residents can see it.
    """

    id: str
    provider: str
    title: str
    summary: str
    description: str
    support_types: tuple[str, ...]
    age_min: int | None
    age_max: int | None
    audiences: tuple[str, ...]
    cost: str
    cost_amount: Decimal | None
    cost_note: str
    languages: tuple[str, ...]
    apply_route: str
    how_to_apply: str
    email: str
    phone: str
    website: str
    capacity: int | None
    regulation: str
    last_checked: date
    locations: tuple[LocationRecord, ...]
    # A read-only mapping cannot be hashed: records hash by their other fields.
    translations: Mapping[str, TranslationRecord] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    is_published: bool = True

    def text(self, field: str, language: str | None) -> str:
        """One of the texts in a language, falling back to Dutch.

        Parameters
        ----------
        field : {"title", "summary", "description", "how_to_apply"}
            Which text.
        language : str or None
            A code of :data:`TRANSLATION_LANGUAGES`; None or ``"nl"`` for Dutch.

        Returns
        -------
        str
            The translation when there is a non-empty one, else the Dutch text.

        Examples
        --------
        >>> from kansen.offers import demo_directory
        >>> offer = demo_directory().offers[0]
        >>> offer.text("title", "pl") != offer.text("title", None)
        True
        >>> offer.text("title", "so") == offer.title
        True
        """
        if field not in TEXT_FIELDS:
            raise ValueError(f"field must be one of {', '.join(TEXT_FIELDS)}, got {field!r}")
        dutch: str = getattr(self, field)
        translation = self.translations.get(language or "nl")
        if translation is None:
            return dutch
        translated: str = getattr(translation, field)
        return translated or dutch

    def matches_age(self, age: int) -> bool:
        """Whether a person of this age fits the offer's age bounds."""
        return (self.age_min is None or age >= self.age_min) and (
            self.age_max is None or age <= self.age_max
        )


@dataclass(frozen=True)
class Directory:
    """The providers and offers of one municipality."""

    providers: tuple[ProviderRecord, ...]
    offers: tuple[OfferRecord, ...]

    def offer(self, offer_id: str) -> OfferRecord:
        """Return the offer with this id (KeyError if there is none)."""
        for offer in self.offers:
            if offer.id == offer_id:
                return offer
        raise KeyError(offer_id)

    def provider(self, provider_id: str) -> ProviderRecord:
        """Return the provider with this id (KeyError if there is none)."""
        for provider in self.providers:
            if provider.id == provider_id:
                return provider
        raise KeyError(provider_id)
