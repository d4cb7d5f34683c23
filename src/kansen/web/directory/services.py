"""The only write path for the directory: providers, offers, locations, translations, settings.

Every function here runs in one transaction. Offers arrive as a form's cleaned data
(:func:`save_offer`) or as records of :mod:`kansen.offers` from a CSV or Excel file
(:func:`import_offers`, all or nothing) or the demo; both go through :func:`_apply_record`, so
a code, a buurt or a regulation that the municipality does not have cannot be stored either way.
Locations get their x/y (RD New) from the buurt's inside point, else from the centroid of the
four-digit postcode (:class:`PostcodeArea`), unless the record brings its own.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

from kansen.io import ImportRejected, Problem, ProblemLog, ReadLimits, read_table
from kansen.offers import (
    KINDS,
    LOCATION_SCHEMA,
    MAX_LOCATIONS,
    OFFER_SCHEMA,
    TEXT_FIELDS,
    TRANSLATION_LANGUAGES,
    LocationRecord,
    OfferRecord,
    ProviderRecord,
    TranslationRecord,
    read_offers_table,
)
from kansen.web.accounts.models import Municipality, User
from kansen.web.areas.models import Area
from kansen.web.core.uploads import read_limits
from kansen.web.regulations.models import Regulation

from .models import (
    DirectorySettings,
    Offer,
    OfferLocation,
    OfferTranslation,
    PostcodeArea,
    Provider,
)
from .postcodes import PostcodeCentroid
from .selectors import OFFER_FIELDS, PROVIDER_FIELDS, location_record

_PC4 = re.compile(r"^\s*(\d{4})")


class OfferRejected(Exception):
    """An offer that cannot be stored; ``problems`` maps a field name to its messages."""

    def __init__(self, problems: Mapping[str, Sequence[str]]) -> None:
        self.problems = {name: list(messages) for name, messages in problems.items()}
        super().__init__("; ".join(f"{k}: {', '.join(v)}" for k, v in self.problems.items()))


# --- Settings ------------------------------------------------------------------------------


@transaction.atomic
def save_settings(
    municipality: Municipality, *, review_months: int, grace_days: int
) -> DirectorySettings:
    """Store how often the municipality's offers must be checked and the grace period."""
    if review_months < 1 or grace_days < 0:
        raise ValueError("review_months must be at least 1 and grace_days at least 0")
    found, _ = DirectorySettings.objects.update_or_create(
        municipality=municipality,
        defaults={"review_months": review_months, "grace_days": grace_days},
    )
    return found


# --- Providers -----------------------------------------------------------------------------


@transaction.atomic
def save_provider(municipality: Municipality, record: ProviderRecord) -> Provider:
    """Create or update the provider with ``record.id`` as its code in ``municipality``."""
    provider, _ = Provider.objects.update_or_create(
        municipality=municipality,
        slug=record.id,
        defaults={name: getattr(record, name) for name in PROVIDER_FIELDS},
    )
    return provider


@transaction.atomic
def store_provider(provider: Provider) -> Provider:
    """Save a provider changed in the admin (its members are saved by the admin's form)."""
    clash = Provider.objects.filter(municipality_id=provider.municipality_id, slug=provider.slug)
    if provider.pk is not None:
        clash = clash.exclude(pk=provider.pk)
    if clash.exists():
        raise ValueError(f"{provider.slug!r} is already the code of another provider")
    provider.save()
    return provider


# --- Offers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LocationInput:
    """A location as a user enters it; x/y are computed."""

    name: str = ""
    address: str = ""
    postcode: str = ""
    city: str = ""
    buurt_code: str = ""


#: The fields of a location a user enters (its x/y are computed): those of :class:`LocationInput`.
LOCATION_INPUTS = tuple(spec.name for spec in LOCATION_SCHEMA if spec.kind not in ("x", "y"))
#: The fields of the schema that hold codes of a list (support types, cost, ...).
_CODED_FIELDS = tuple(spec for spec in OFFER_SCHEMA if spec.codes is not None)


@transaction.atomic
def save_offer(
    municipality: Municipality,
    *,
    provider: Provider,
    fields: Mapping[str, Any],
    regulation: Regulation | None = None,
    locations: Sequence[LocationInput] = (),
    translations: Mapping[str, TranslationRecord] = {},
    offer: Offer | None = None,
    user: User | None = None,
    today: datetime.date | None = None,
) -> Offer:
    """Create (``offer`` None) or update an offer with its locations and translations.

    Saving is a check by the person saving: ``last_checked`` becomes ``today`` and
    ``checked_by`` ``user``. Locations and translations replace the stored ones.

    Raises
    ------
    OfferRejected
        When a code, the provider, the regulation or a buurt does not belong here.
    """
    if offer is not None and offer.municipality_id != municipality.pk:
        raise OfferRejected({"offer": ["belongs to another municipality"]})
    problems = _check_offer(municipality, provider, fields, regulation, locations, translations)
    if problems:
        raise OfferRejected(problems)
    if offer is None:
        offer = Offer(municipality=municipality, slug=_free_slug(municipality, fields["title"]))
    offer.provider = provider
    for name in OFFER_FIELDS:
        if name in fields:
            setattr(offer, name, fields[name])
    offer.regulation = regulation
    offer.last_checked = today or timezone.localdate()
    offer.checked_by = user
    offer.save()
    _replace_locations(offer, [location_record(loc, located=False) for loc in locations])
    _replace_translations(offer, translations)
    return offer


@transaction.atomic
def mark_checked(
    offers: Iterable[Offer] | QuerySet[Offer],
    *,
    user: User | None,
    today: datetime.date | None = None,
) -> int:
    """Record that ``user`` checked ``offers`` today ("Nog actueel"); return how many."""
    today = today or timezone.localdate()
    pks = [o.pk for o in offers]
    return Offer.objects.filter(pk__in=pks).update(last_checked=today, checked_by=user)


def _free_slug(municipality: Municipality, title: str) -> str:
    base = slugify(title)[:100] or "aanbod"
    taken = set(
        Offer.objects.filter(municipality=municipality, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_offer(
    municipality: Municipality,
    provider: Provider,
    fields: Mapping[str, Any],
    regulation: Regulation | None,
    locations: Sequence[LocationInput | LocationRecord],
    translations: Mapping[str, TranslationRecord],
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    if provider.municipality_id != municipality.pk:
        add("provider", "belongs to another municipality")
    if regulation is not None and regulation.municipality_id != municipality.pk:
        add("regulation", "belongs to another municipality")
    if not str(fields.get("title", "")).strip():
        add("title", "a title is required")
    for spec in _CODED_FIELDS:
        assert spec.codes is not None
        allowed = spec.codes.labels()
        if spec.kind == "codes":
            unknown = [c for c in fields.get(spec.name, ()) if c not in allowed]
            if unknown:
                codes = ", ".join(unknown)
                add(spec.name, f"unknown codes {codes}; allowed: {', '.join(allowed)}")
        elif spec.name in fields and fields[spec.name] not in allowed:
            add(spec.name, f"unknown code {fields[spec.name]}; allowed: {', '.join(allowed)}")
    age_min, age_max = fields.get("age_min"), fields.get("age_max")
    if age_min is not None and age_max is not None and age_min > age_max:
        add("age_max", f"the highest age {age_max} is below the lowest age {age_min}")
    if len(locations) > MAX_LOCATIONS:
        add("locations", f"at most {MAX_LOCATIONS} locations")
    buurten = _buurt_codes(municipality)
    for n, loc in enumerate(locations, start=1):
        if loc.buurt_code and loc.buurt_code not in buurten:
            add(f"location{n}_buurt", f"buurt {loc.buurt_code} is not in {municipality.name}")
    for language in translations:
        if language not in TRANSLATION_LANGUAGES:
            add("translations", f"unknown language {language}")
    return problems


def _buurt_codes(municipality: Municipality) -> set[str]:
    return set(
        Area.objects.filter(municipality_code=municipality.code, level="buurt").values_list(
            "code", flat=True
        )
    )


def locate(
    municipality: Municipality, buurt_code: str, postcode: str
) -> tuple[float, float] | None:
    """x/y (RD New) for a location: the buurt's inside point, else its PC4 centroid."""
    if buurt_code:
        point = (
            Area.objects.filter(
                code=buurt_code,
                municipality_code=municipality.code,
                point_x__isnull=False,
                point_y__isnull=False,
            )
            .order_by("-year")
            .values_list("point_x", "point_y")
            .first()
        )
        if point is not None and point[0] is not None and point[1] is not None:
            return (point[0], point[1])
    match = _PC4.match(postcode or "")
    if match:
        centroid = PostcodeArea.objects.filter(code=match.group(1)).values_list("x", "y").first()
        if centroid is not None:
            return (centroid[0], centroid[1])
    return None


def _replace_locations(offer: Offer, locations: Sequence[LocationRecord]) -> None:
    offer.locations.all().delete()
    municipality = offer.municipality
    rows = []
    for loc in locations:
        point: tuple[float, float] | None = (
            (loc.x, loc.y)
            if loc.x is not None and loc.y is not None
            else locate(municipality, loc.buurt_code, loc.postcode)
        )
        x, y = point if point is not None else (None, None)
        texts = {name: getattr(loc, name) for name in LOCATION_INPUTS}
        rows.append(OfferLocation(offer=offer, **texts, x=x, y=y))
    OfferLocation.objects.bulk_create(rows)


def _replace_translations(offer: Offer, translations: Mapping[str, TranslationRecord]) -> None:
    offer.translations.all().delete()
    OfferTranslation.objects.bulk_create(
        OfferTranslation(
            offer=offer,
            language=language,
            **{name: getattr(text, name) for name in TEXT_FIELDS},
        )
        for language, text in translations.items()
        if text.title
    )


# --- Records: import, export, demo -----------------------------------------------------------


@dataclass(frozen=True)
class ImportedOffers:
    """What an import did: the ids of the offers created and updated, in file order."""

    filename: str
    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = field(default=())


def import_offers(
    data: bytes | Path,
    filename: str,
    *,
    municipality: Municipality,
) -> ImportedOffers:
    """Import offers from a CSV or Excel file: every row, or nothing.

    Offers are matched by ``id`` (their code): existing ones are updated, new ones created.
    Providers must exist in the municipality (their code in the ``provider`` column); the
    ``regulation`` column names a regulation of the municipality by code, ``location<n>_buurt``
    a buurt of the municipality. The file's ``last_checked`` is kept.

    Raises
    ------
    kansen.io.ImportRejected
        With every problem by row and column; nothing has been stored.
    """
    providers = {p.slug: p for p in Provider.objects.filter(municipality=municipality)}
    limits = read_limits("offers")
    records = read_offers_table(data, filename, providers=providers.keys(), limits=limits)
    regulations = {r.code: r for r in Regulation.objects.filter(municipality=municipality)}
    buurten = _buurt_codes(municipality)
    rows = _data_rows(data, filename, limits)
    name = Path(filename).name
    problems: list[Problem] = []
    for index, record in enumerate(records):
        row = rows[index] if index < len(rows) else index + 2
        if record.regulation and record.regulation not in regulations:
            problems.append(
                Problem(
                    name,
                    row,
                    "regulation",
                    f"'{record.regulation}' is geen regeling van {municipality.name}",
                    "de code van een regeling van de gemeente ("
                    + (", ".join(sorted(regulations)) or "er zijn nog geen regelingen")
                    + "), of leeg",
                )
            )
        for n, loc in enumerate(record.locations, start=1):
            if loc.buurt_code and loc.buurt_code not in buurten:
                problems.append(
                    Problem(
                        name,
                        row,
                        f"location{n}_buurt",
                        f"'{loc.buurt_code}' is geen buurt van {municipality.name}",
                        "een CBS-buurtcode van de gemeente, of leeg",
                    )
                )
    if problems:
        raise ImportRejected(problems)
    with transaction.atomic():
        existing = set(
            Offer.objects.filter(
                municipality=municipality, slug__in=[r.id for r in records]
            ).values_list("slug", flat=True)
        )
        for record in records:
            save_record(
                municipality,
                record,
                provider=providers[record.provider],
                regulation=regulations.get(record.regulation),
            )
    return ImportedOffers(
        filename=filename,
        created=tuple(r.id for r in records if r.id not in existing),
        updated=tuple(r.id for r in records if r.id in existing),
    )


def _data_rows(data: bytes | Path, filename: str, limits: ReadLimits) -> list[int]:
    """Spreadsheet row numbers of the non-empty rows under the header, in order: the rows of
    the records :func:`kansen.offers.read_offers_table` returned (it skips empty rows)."""
    raw = data.read_bytes() if isinstance(data, Path) else data
    table = read_table(raw, filename, None, ProblemLog(filename), limits=limits)
    return [
        number
        for number, cells in enumerate(table.rows[1:], start=2)
        if any(c is not None and str(c).strip() for c in cells)
    ]


@transaction.atomic
def save_record(
    municipality: Municipality,
    record: OfferRecord,
    *,
    provider: Provider,
    regulation: Regulation | None,
) -> Offer:
    """Create or update the offer with code ``record.id`` from a record, as it is.

    Unlike :func:`save_offer` the record's ``last_checked`` is kept (a file or the demo says
    when the offer was last checked) and ``checked_by`` is left as it was: importing a file
    is not checking the offers in it.
    """
    fields = {
        spec.name: KINDS[spec.kind].to_data(getattr(record, spec.name))
        for spec in OFFER_SCHEMA
        if spec.name in OFFER_FIELDS
    }
    fields["cost_amount"] = Decimal(record.cost_amount) if record.cost_amount is not None else None
    problems = _check_offer(
        municipality, provider, fields, regulation, record.locations, record.translations
    )
    if problems:
        raise OfferRejected(problems)
    offer = Offer.objects.filter(municipality=municipality, slug=record.id).first()
    if offer is None:
        offer = Offer(municipality=municipality, slug=record.id)
    offer.provider = provider
    for name, value in fields.items():
        setattr(offer, name, value)
    offer.regulation = regulation
    offer.last_checked = record.last_checked
    offer.save()
    _replace_locations(offer, record.locations)
    _replace_translations(offer, record.translations)
    return offer


# --- Postcode areas ------------------------------------------------------------------------


@dataclass(frozen=True)
class SavedPostcodes:
    created: int
    updated: int
    kept: int


@transaction.atomic
def save_postcode_areas(
    centroids: Iterable[PostcodeCentroid], *, keep_existing: bool = False
) -> SavedPostcodes:
    """Store PC4 centres; existing codes are updated unless ``keep_existing``.

    ``keep_existing`` lets a demo database keep the fictional Demostad postcodes (9990-9999,
    which are real postcodes in Groningen) when the real list is loaded beside them.
    """
    existing = {p.code: p for p in PostcodeArea.objects.all()}
    new, changed, kept = [], [], 0
    for c in centroids:
        found = existing.get(c.code)
        if found is None:
            new.append(PostcodeArea(code=c.code, x=c.x, y=c.y, place=c.place))
        elif keep_existing:
            kept += 1
        else:
            found.x, found.y, found.place = c.x, c.y, c.place
            changed.append(found)
    PostcodeArea.objects.bulk_create(new, batch_size=1000)
    PostcodeArea.objects.bulk_update(changed, ["x", "y", "place"], batch_size=1000)
    return SavedPostcodes(created=len(new), updated=len(changed), kept=kept)
