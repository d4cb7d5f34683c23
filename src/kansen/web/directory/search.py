"""The web side of the directory search: one search index per municipality and language.

The search engine (:mod:`kansen.search`) works on documents in memory; the platform keeps, per
process, a *snapshot* of each municipality's public directory: the records of
:mod:`kansen.offers` for every offer that :func:`~kansen.web.directory.freshness.public_offers`
lets residents see today, their providers, the names of the buurten and wijken, and map
positions. One :class:`~kansen.search.SearchIndex` is built from the snapshot with every
translation: it serves Dutch and, through a view of each language
(:meth:`~kansen.search.SearchIndex.translated`), every content language, so no visitor waits
for the index of a language (ADR 0031).

The snapshot carries a *version*: the date (offers become hidden as days pass), the
directory settings, and per table the number of rows and the newest change (offers: count,
``max(updated_at)``, ``max(last_checked)`` and how many are not hidden; translations and
locations: count and ``max(id)``; providers: a digest of their rows; the published
regulations). A request asks the database for the version (a few small queries) unless
the process checked it less than :data:`RECHECK_SECONDS` ago; only when it differs is the
snapshot rebuilt, while the process keeps answering from the previous one: a directory of
:data:`BACKGROUND_FROM_OFFERS` offers or more is rebuilt in a thread of its own, so that not even
the request that noticed the change waits (a smaller one builds in milliseconds, and the
request that noticed it shows the change at once). The services of
:mod:`kansen.web.directory.services` save the offer whenever its texts, locations or
translations change, so its ``updated_at`` moves with every edit.

Pages and the API both read through :func:`search_directory` and :func:`public_offer`, so the
two can never show a different set of offers.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import marshal
import math
import operator
import re
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, Literal

from django.db.models import Count, Max, Q
from django.utils import timezone
from pyproj import Transformer

from kansen.offers import (
    LOCATION_SCHEMA,
    RTL_LANGUAGES,
    TEXT_FIELDS,
    TRANSLATION_LANGUAGES,
    LocationRecord,
    OfferRecord,
    ProviderRecord,
    TranslationRecord,
)
from kansen.search import (
    SearchIndex,
    SearchResult,
    offer_documents,
    trim_heap,
)
from kansen.web.accounts.models import Municipality
from kansen.web.areas.constants import AreaLevel
from kansen.web.areas.models import Area
from kansen.web.regulations.models import Regulation

from .freshness import directory_settings, hidden_filter, public_offers
from .models import Offer, OfferLocation, OfferTranslation, PostcodeArea, Provider
from .selectors import RECORD_COLUMNS, offer_record, provider_record

#: The longest query searched; a longer one is cut to this many characters (the search field's
#: ``max_length``), so that a long text pasted into it still searches instead of failing.
MAX_QUERY_LENGTH = 200

#: "Did you mean ...?" is offered only with this many results or fewer: with more, the
#: corrected word has found what the resident looked for, and the question is noise.
SUGGEST_UP_TO = 3

# Letters that tell a query's script: a query in Arabic script is searched in the Arabic texts,
# in Cyrillic in the Ukrainian ones, in Latin letters in the other languages.
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_SCRIPT_LANGUAGES = {"arabic": ("ar",), "cyrillic": ("uk",)}

Sort = Literal["relevance", "distance"]


@cache
def _rd_to_wgs84() -> Transformer:
    return Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)


@dataclass(frozen=True)
class MapPoint:
    """One location of an offer on the map (WGS84) with what its popup says."""

    lat: float
    lon: float
    name: str
    address: str


#: The fields of the records, in the order :func:`_pack_offer` keeps their values.
_RECORD_FIELDS = tuple(spec.name for spec in dataclasses.fields(OfferRecord))
_LOCATION_FIELDS = tuple(spec.name for spec in dataclasses.fields(LocationRecord))
_TRANSLATION_FIELDS = tuple(spec.name for spec in dataclasses.fields(TranslationRecord))
_record_values = operator.attrgetter(*_RECORD_FIELDS)
_location_values = operator.attrgetter(*_LOCATION_FIELDS)
_translation_values = operator.attrgetter(*_TRANSLATION_FIELDS)
_AMOUNT, _CHECKED, _LOCATIONS, _TRANSLATIONS = (
    _RECORD_FIELDS.index(name)
    for name in ("cost_amount", "last_checked", "locations", "translations")
)


def _pack_offer(record: OfferRecord) -> bytes:
    """An offer's record as one compressed blob (:func:`_unpack_offer` gives it back equal)."""
    values = list(_record_values(record))
    if values[_AMOUNT] is not None:
        values[_AMOUNT] = str(values[_AMOUNT])
    if values[_CHECKED] is not None:
        values[_CHECKED] = values[_CHECKED].toordinal()
    values[_LOCATIONS] = tuple(_location_values(loc) for loc in values[_LOCATIONS])
    values[_TRANSLATIONS] = tuple(
        (code, *_translation_values(text)) for code, text in values[_TRANSLATIONS].items()
    )
    return zlib.compress(marshal.dumps(tuple(values)), 1)


def _unpack_offer(blob: bytes) -> OfferRecord:
    values = list(marshal.loads(zlib.decompress(blob)))
    if values[_AMOUNT] is not None:
        values[_AMOUNT] = Decimal(values[_AMOUNT])
    if values[_CHECKED] is not None:
        values[_CHECKED] = date.fromordinal(values[_CHECKED])
    values[_LOCATIONS] = tuple(LocationRecord(*loc) for loc in values[_LOCATIONS])
    values[_TRANSLATIONS] = {
        code: TranslationRecord(*texts) for code, *texts in values[_TRANSLATIONS]
    }
    return OfferRecord(*values)


#: Records read back kept as objects per snapshot, for the hits that many searches share (some
#: 1.5 MiB at most; emptied when full).
RECENT_RECORDS = 256


class _Blobs:
    """What the stores below share: blobs by offer id, and the keys, membership and size of a
    mapping from them (each store reads its values back its own way)."""

    __slots__ = ("_blobs",)

    def __init__(self) -> None:
        self._blobs: dict[str, bytes] = {}

    def __contains__(self, key: object) -> bool:
        return key in self._blobs

    def __iter__(self) -> Iterator[str]:
        return iter(self._blobs)

    def __len__(self) -> int:
        return len(self._blobs)


class OfferStore(_Blobs, Mapping[str, OfferRecord]):
    """The records of a snapshot's offers by id, each kept as one compressed blob and read
    back (an equal :class:`~kansen.offers.OfferRecord`) only when asked for: a page asks for
    its 20 hits, the page of an offer for one.

    At 10,000 offers with five translations each the records as objects took 62 MiB in every
    web worker (some 400,000 strings, each a private copy once the worker rebuilds its
    snapshot or merely reads a shared one); as blobs they take some 14 MiB (ADR 0031). What
    is asked of every offer is read once, while the store is made: the languages the offers
    have texts in, and which offers carry out each regulation. The last
    :data:`RECENT_RECORDS` records read back are kept as objects.
    """

    __slots__ = ("_recent", "_regulated", "_sorted", "languages")

    def __init__(self, records: Iterable[OfferRecord] = ()) -> None:
        super().__init__()
        #: The languages besides Dutch that some offer has a text in.
        self.languages: set[str] = set()
        self._regulated: dict[str, list[str]] = {}
        self._sorted: dict[str, tuple[str, ...]] | None = None
        self._recent: dict[str, OfferRecord] = {}
        for record in records:
            self.add(record)

    def add(self, record: OfferRecord) -> None:
        """Pack the record and keep it (while the snapshot is built)."""
        self._blobs[record.id] = _pack_offer(record)
        self.languages.update(record.translations)
        if record.regulation:
            self._regulated.setdefault(record.regulation, []).append(record.id)
            self._sorted = None

    @property
    def regulated(self) -> dict[str, tuple[str, ...]]:
        """Regulation code -> the ids of the offers that carry it out, in order of id."""
        if self._sorted is None:
            self._sorted = {code: tuple(sorted(ids)) for code, ids in self._regulated.items()}
        return self._sorted

    def __getitem__(self, key: str) -> OfferRecord:
        found = self._recent.get(key)
        if found is None:
            found = _unpack_offer(self._blobs[key])
            if len(self._recent) >= RECENT_RECORDS:
                self._recent.clear()
            self._recent[key] = found
        return found


class PointStore(_Blobs, Mapping[str, tuple[MapPoint, ...]]):
    """The map points of a snapshot's offers by id, each offer's kept as one blob."""

    __slots__ = ()

    def __init__(self, points: Mapping[str, tuple[MapPoint, ...]] | None = None) -> None:
        super().__init__()
        for slug, located in (points or {}).items():
            self.add(slug, located)

    def add(self, slug: str, located: tuple[MapPoint, ...]) -> None:
        """Keep an offer's points (while the snapshot is built)."""
        self._blobs[slug] = marshal.dumps(tuple((p.lat, p.lon, p.name, p.address) for p in located))

    def __getitem__(self, key: str) -> tuple[MapPoint, ...]:
        return tuple(MapPoint(*point) for point in marshal.loads(self._blobs[key]))


def _search_index(
    offers: Iterable[OfferRecord],
    providers: Mapping[str, ProviderRecord],
    area_names: Mapping[str, str],
) -> SearchIndex:
    """The search index of every language over ``offers``."""
    return SearchIndex(
        offer_documents(
            offers,
            provider_name=lambda offer: providers[offer.provider].name,
            area_names=area_names,
        )
    )


@dataclass
class Snapshot:
    """A municipality's public directory as it was at ``version``; its index built once for
    every language (:func:`directory_snapshot` builds it before the snapshot is shown)."""

    version: tuple[Any, ...]
    today: date
    offers: OfferStore
    providers: dict[str, ProviderRecord]
    points: PointStore
    area_names: dict[str, str]
    #: buurt code -> wijk code, for the wijk facet and the names on the offer page.
    wijk_of: dict[str, str]
    #: regulation code -> name, for the published regulations only.
    regulations: dict[str, str]
    _index: SearchIndex | None = None
    _locks: dict[str, threading.Lock] = field(default_factory=dict)
    _build: threading.Lock = field(default_factory=threading.Lock)

    def index(self, language: str | None, *, settle: bool = True) -> SearchIndex:
        """The search index of the directory in a content language (``None``: Dutch only).

        The index of every language is built the first time one is asked for (by
        :func:`directory_snapshot`, before the snapshot is shown). ``settle``: take the new
        index out of the garbage collector's rounds (:func:`settle_heap`) once it is built.
        """
        whole = self._index
        if whole is None:
            with self._build:
                if self._index is None:
                    self._index = _search_index(
                        self.offers.values(), self.providers, self.area_names
                    )
                    if settle:
                        settle_heap(len(self.offers))
                whole = self._index
        return whole.translated(language)

    def search_lock(self, language: str | None) -> threading.Lock:
        """The lock to hold while searching the index of ``language``.

        An index's Dutch stemmer (snowballstemmer, inside :class:`kansen.search.
        DutchAnalyzer`) keeps state while it works, so two threads of a worker must not search
        one index at once. Searching is CPU work under the GIL anyway: threads would gain
        nothing by overlapping it. Building another index meanwhile is safe (it has its own).
        """
        # one lock per view (the view of a language no offer has a text in is the Dutch one);
        # dict.setdefault is atomic under the GIL
        key = "nl" if self.index(language) is self._index else str(language)
        return self._locks.setdefault(key, threading.Lock())

    @property
    def held_languages(self) -> list[str]:
        """The languages besides Dutch that some offer of the directory has a text in."""
        return [code for code in TRANSLATION_LANGUAGES if code in self.offers.languages]


_snapshots: dict[int, Snapshot] = {}
_build_lock = threading.Lock()


def today() -> date:
    """The date in the platform's time zone (a function, so tests can set it)."""
    return timezone.localdate()


def directory_version(municipality: Municipality, on: date) -> tuple[Any, ...]:
    """What changes when the public directory of ``municipality`` may have changed.

    Translations and locations change only together with their offer (the services save the
    offer, moving its ``updated_at``); the newest id of each table is an extra, free signal.
    """
    settings = directory_settings(municipality)
    # "Nog actueel" updates last_checked without saving the offer (a queryset update does not
    # move updated_at): the newest check and the number of offers not hidden today catch an
    # offer that comes back, or a date that changes.
    offers = Offer.objects.filter(municipality=municipality).aggregate(
        n=Count("id"),
        changed=Max("updated_at"),
        checked=Max("last_checked"),
        shown=Count("id", filter=~Q(**hidden_filter(settings, on))),
    )
    translation = OfferTranslation.objects.aggregate(last=Max("id"))["last"]
    location = OfferLocation.objects.aggregate(last=Max("id"))["last"]
    providers = hashlib.blake2b(
        repr(
            list(
                Provider.objects.filter(municipality=municipality)
                .order_by("id")
                .values_list("id", "slug", "name", "website", "email", "phone", "description")
            )
        ).encode(),
        digest_size=16,
    ).hexdigest()
    regulations = list(
        Regulation.objects.filter(municipality=municipality, is_published=True)
        .order_by("id")
        .values_list("id", "code", "updated_at")
    )
    return (
        on,
        settings.review_months,
        settings.grace_days,
        offers["n"],
        offers["changed"],
        offers["checked"],
        offers["shown"],
        translation,
        location,
        providers,
        tuple(regulations),
    )


#: The database columns of a record: the primary key, then those of the schema's fields.
_OFFER_COLUMNS = ("id", *RECORD_COLUMNS.values())
_LOCATION_COLUMNS = tuple(spec.name for spec in LOCATION_SCHEMA)


#: Offers read from the database at a time while a snapshot is built: the records of a batch
#: are packed (:class:`OfferStore`) and given to the search index before the next is read, so
#: the records of the whole directory never exist as objects at once.
READ_BATCH = 500


def _public_records(municipality: Municipality, on: date) -> Iterator[OfferRecord]:
    """The records of the public offers in order of title, read :data:`READ_BATCH` offers at a
    time with three flat queries each (no model instances: building 10,000 offers with their
    prefetched rows as models takes seconds)."""
    ids = list(
        public_offers(municipality, on).order_by("title", "slug").values_list("id", flat=True)
    )
    for first in range(0, len(ids), READ_BATCH):
        batch = ids[first : first + READ_BATCH]
        rows = {
            pk: values
            for pk, *values in Offer.objects.filter(id__in=batch).values_list(*_OFFER_COLUMNS)
        }
        locations: dict[int, list[LocationRecord]] = {}
        for offer_id, *values in (
            OfferLocation.objects.filter(offer_id__in=batch)
            .order_by("offer_id", "id")
            .values_list("offer_id", *_LOCATION_COLUMNS)
        ):
            locations.setdefault(offer_id, []).append(LocationRecord(*values))
        translations: dict[int, dict[str, TranslationRecord]] = {}
        for offer_id, language, *texts in (
            OfferTranslation.objects.filter(offer_id__in=batch, language__in=TRANSLATION_LANGUAGES)
            .order_by("offer_id", "language")
            .values_list("offer_id", "language", *TEXT_FIELDS)
        ):
            translations.setdefault(offer_id, {})[language] = TranslationRecord(*texts)
        for pk in batch:
            yield offer_record(
                dict(zip(RECORD_COLUMNS, rows.pop(pk), strict=True)),
                locations=locations.pop(pk, ()),
                translations=translations.pop(pk, {}),
            )


def _areas(municipality: Municipality) -> tuple[dict[str, str], dict[str, str]]:
    """Names of the municipality's buurten and wijken (newest year), and each buurt's wijk."""
    year = (
        Area.objects.filter(municipality_code=municipality.code, level=AreaLevel.NEIGHBOURHOOD)
        .aggregate(year=Max("year"))
        .get("year")
    )
    if year is None:
        return {}, {}
    rows = Area.objects.filter(
        municipality_code=municipality.code,
        year=year,
        level__in=[AreaLevel.NEIGHBOURHOOD, AreaLevel.DISTRICT],
    ).select_related("parent")
    names: dict[str, str] = {}
    wijk_of: dict[str, str] = {}
    for area in rows:
        names[area.code] = area.name or area.code
        if area.level == AreaLevel.NEIGHBOURHOOD and area.parent is not None:
            wijk_of[area.code] = area.parent.code
    return names, wijk_of


def _map_points(offer: OfferRecord) -> tuple[MapPoint, ...]:
    """The offer's locations on the map (those with a position)."""
    transform = _rd_to_wgs84().transform
    located = []
    for location in offer.locations:
        if location.x is None or location.y is None:
            continue
        lon, lat = transform(location.x, location.y)
        if not (math.isfinite(lon) and math.isfinite(lat)):
            continue
        address = ", ".join(
            part
            for part in (location.address, f"{location.postcode} {location.city}".strip())
            if part
        )
        located.append(MapPoint(round(lat, 6), round(lon, 6), location.name, address))
    return tuple(located)


def build_snapshot(municipality: Municipality, on: date, version: tuple[Any, ...]) -> Snapshot:
    """Read the municipality's public directory on ``on`` from the database, with its search
    index of every language (each record packed and indexed as it is read)."""
    providers = {
        p.slug: provider_record(p) for p in Provider.objects.filter(municipality=municipality)
    }
    names, wijk_of = _areas(municipality)
    regulations = dict(
        Regulation.objects.filter(municipality=municipality, is_published=True).values_list(
            "code", "name"
        )
    )
    offers = OfferStore()
    points = PointStore()

    def read() -> Iterator[OfferRecord]:
        for record in _public_records(municipality, on):
            offers.add(record)
            points.add(record.id, _map_points(record))
            yield record

    index = _search_index(read(), providers, names)
    return Snapshot(
        version=version,
        today=on,
        offers=offers,
        providers=providers,
        points=points,
        area_names=names,
        wijk_of=wijk_of,
        regulations=regulations,
        _index=index,
    )


#: Seconds a process trusts its snapshot before it asks the database for the version again
#: (0: on every request). A second bounds the checks under load to one a second per process
#: and municipality, while a change shows on the public pages within that second.
RECHECK_SECONDS = 1.0
_checked_at: dict[int, float] = {}


#: From this many offers on, a changed directory is rebuilt in a thread of its own while every
#: request answers from the previous snapshot (some seconds at 10,000 offers); a smaller one is
#: rebuilt by the request that noticed the change (milliseconds), which then shows it at once.
BACKGROUND_FROM_OFFERS = 1_000


def _start_thread(target: Callable[[], None]) -> None:
    """Run ``target`` in a daemon thread (a function, so tests can run it in their own)."""
    threading.Thread(target=target, name="directory-snapshot", daemon=True).start()


def directory_snapshot(municipality: Municipality) -> Snapshot:
    """The current snapshot of the municipality's public directory (rebuilt when it changed).

    While a changed directory is rebuilt, the requests of the process keep answering from the
    previous snapshot instead of waiting: a large one (:data:`BACKGROUND_FROM_OFFERS`) is
    rebuilt in a thread of its own, so no request waits for it. Only the first request of a
    process that was not warmed (:mod:`kansen.web.warm`) waits for the build.
    """
    key = municipality.pk
    current = _snapshots.get(key)
    now = time.monotonic()
    if current is not None and now - _checked_at.get(key, -math.inf) < RECHECK_SECONDS:
        return current
    on = today()
    version = directory_version(municipality, on)
    if current is not None and current.version == version:
        _checked_at[key] = now
        return current
    if current is not None and not _build_lock.acquire(blocking=False):
        return current  # another thread is rebuilding it
    if current is None:
        _build_lock.acquire()
    elif len(current.offers) >= BACKGROUND_FROM_OFFERS:

        def rebuild() -> None:
            from django.db import connections

            try:
                _rebuild(municipality, on, version)
            finally:
                _build_lock.release()
                connections.close_all()  # this thread's own connection

        try:
            _start_thread(rebuild)
        except BaseException:
            _build_lock.release()
            raise
        return current
    try:
        current = _rebuild(municipality, on, version)
    finally:
        _build_lock.release()
    return current


def _rebuild(municipality: Municipality, on: date, version: tuple[Any, ...]) -> Snapshot:
    """Build the snapshot and its index of every language, then show it (the build lock held)."""
    key = municipality.pk
    current = _snapshots.get(key)
    if current is None or current.version != version:
        fresh = build_snapshot(municipality, on, version)
        # the index is built before the new snapshot is shown, so that no request waits for it
        fresh.index(None, settle=False)
        current = _snapshots[key] = fresh
        settle_heap(len(fresh.offers))
    _checked_at[key] = time.monotonic()
    return current


#: From this many offers on, a new snapshot or index is taken out of the garbage collector's
#: rounds (:func:`settle_heap`); a smaller directory costs little to walk through.
SETTLE_FROM_OFFERS = 1_000


def settle_heap(offers: int) -> None:
    """Keep the long-lived snapshots and indexes out of Python's cyclic garbage collector.

    A directory of 10,000 offers with its indexes is some 400,000 objects. Every so many
    requests the collector's oldest generation walks through all of them: some 250 ms in which
    every thread of the worker waits (the tail of the search latency under load). Freezing the
    heap (:func:`gc.freeze`) after a snapshot or index is built leaves them out of those rounds;
    reference counting still frees them when a newer snapshot replaces them (a snapshot and
    its index hold no reference cycles: a test checks that a replaced one is freed). What was
    frozen before is left frozen: unfreezing and collecting it in a worker forked from a warmed
    process (``--preload``) would walk every object the worker shares with the others and
    copy their pages, some 90 MiB of private memory per worker. Then the memory freed after
    the build (its peak is about three times what the index keeps) is given back to the
    system where the C library can (glibc's ``malloc_trim``: the resident set a process gained
    by building the index of 10,000 offers 58 -> 42 MiB). Directories under
    :data:`SETTLE_FROM_OFFERS` are left as they are.
    """
    if offers < SETTLE_FROM_OFFERS:
        return
    gc.collect()
    gc.freeze()
    trim_heap()


def clear_snapshots() -> None:
    """Forget every snapshot and page (tests; a changed date or data is noticed anyway)."""
    _snapshots.clear()
    _checked_at.clear()
    with _pages_lock:
        _pages.clear()
    _fragments.clear()


#: Rendered result pages kept per process, least recently used out first (0: none). Their key
#: holds the snapshot's version, so a change of the directory never shows an old page.
PAGE_CACHE_SIZE = 256
_pages: OrderedDict[Hashable, Any] = OrderedDict()
_pages_lock = threading.Lock()


def cached_page(key: Hashable) -> Any | None:
    """A page kept by :func:`keep_page` under ``key``, or None."""
    with _pages_lock:
        found = _pages.get(key)
        if found is not None:
            _pages.move_to_end(key)
        return found


def keep_page(key: Hashable, page: Any) -> None:
    """Keep a rendered page (any value) for the next request with the same ``key``."""
    if PAGE_CACHE_SIZE <= 0:
        return
    with _pages_lock:
        _pages[key] = page
        _pages.move_to_end(key)
        while len(_pages) > PAGE_CACHE_SIZE:
            _pages.popitem(last=False)


#: Pieces of result pages that many searches share (a result in a language, a checkbox with
#: its count), by everything they show; emptied when it grows past FRAGMENT_CACHE_SIZE.
FRAGMENT_CACHE_SIZE = 50_000
_fragments: dict[Hashable, str] = {}


def fragment(key: Hashable, make: Callable[[], str]) -> str:
    """The HTML ``make()`` gives, kept under ``key`` (which must hold all it depends on)."""
    found = _fragments.get(key)
    if found is None:
        if len(_fragments) >= FRAGMENT_CACHE_SIZE:
            _fragments.clear()
        found = _fragments[key] = make()
    return found


# --- Searching ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownText:
    """A text of an offer in the language it is shown in (for ``lang`` and ``dir``)."""

    text: str
    language: str

    @property
    def direction(self) -> str:
        return "rtl" if self.language in RTL_LANGUAGES else "ltr"

    def __str__(self) -> str:
        return self.text


def shown_text(offer: OfferRecord, name: str, language: str | None) -> ShownText:
    """A text of the offer in ``language`` when translated, else in Dutch."""
    if language and language != "nl":
        translation = offer.translations.get(language)
        value = getattr(translation, name, "") if translation is not None else ""
        if value:
            return ShownText(value, language)
    return ShownText(getattr(offer, name), "nl")


@dataclass(frozen=True)
class FoundOffer:
    """One offer in a list of results, with what the list shows of it."""

    offer: OfferRecord
    provider: ProviderRecord
    distance_m: float | None
    points: tuple[MapPoint, ...]
    language: str | None

    def text(self, name: str) -> ShownText:
        return shown_text(self.offer, name, self.language)

    @property
    def title(self) -> ShownText:
        return self.text("title")

    @property
    def summary(self) -> ShownText:
        return self.text("summary")

    @property
    def distance_km(self) -> float | None:
        return None if self.distance_m is None else round(self.distance_m / 1000, 1)


@dataclass(frozen=True)
class DirectoryPage:
    """One page of search results with the facet counts of the whole result."""

    offers: list[FoundOffer]
    total: int
    page: int
    page_size: int
    facets: dict[str, dict[str, int]]
    corrected: str | None
    snapshot: Snapshot
    #: The language the hits were found in when the query found nothing in Dutch and was
    #: searched in the offers' other languages (None: found as asked).
    found_in: str | None = None

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def suggestion(self) -> str | None:
        """The corrected query to offer ("did you mean"), only when there are few results."""
        return self.corrected if self.total <= SUGGEST_UP_TO else None


def postcode_centre(code: str) -> tuple[float, float] | None:
    """The centre (RD New) of a four-digit postcode area, or None when it is unknown."""
    row = PostcodeArea.objects.filter(code=code).values_list("x", "y").first()
    return (row[0], row[1]) if row else None


def query_languages(text: str, held: Sequence[str]) -> list[str]:
    """The languages of the directory (``held``) a query may be in, judged by its script.

    >>> query_languages("واجبات", ["en", "tr", "ar", "pl", "uk"])
    ['ar']
    >>> query_languages("ödev yardımı", ["en", "tr", "ar", "pl", "uk"])
    ['en', 'tr', 'pl']
    """
    if _ARABIC.search(text):
        script = "arabic"
    elif _CYRILLIC.search(text):
        script = "cyrillic"
    else:
        script = "latin"
    if script == "latin":
        other = {code for codes in _SCRIPT_LANGUAGES.values() for code in codes}
        return [code for code in held if code not in other]
    return [code for code in held if code in _SCRIPT_LANGUAGES[script]]


def search_directory(
    municipality: Municipality,
    text: str = "",
    *,
    filters: Mapping[str, Collection[str]] | None = None,
    age: int | None = None,
    near: tuple[float, float] | None = None,
    sort: Sort = "relevance",
    language: str | None = None,
    page: int = 1,
    page_size: int = 20,
    snapshot: Snapshot | None = None,
) -> DirectoryPage:
    """Search the municipality's public offers; ``page`` counts from 1 and is clamped.

    ``text`` longer than :data:`MAX_QUERY_LENGTH` is cut. ``snapshot``: the one the request
    already has (:func:`directory_snapshot`), so that one request reads one version of the
    directory.
    """
    text = text[:MAX_QUERY_LENGTH]
    snapshot = snapshot or directory_snapshot(municipality)
    active = {key: list(values) for key, values in (filters or {}).items() if values}
    page = max(1, page)

    def run(page: int, language: str | None = language) -> SearchResult:
        index = snapshot.index(language)
        with snapshot.search_lock(language):
            return index.search(
                text,
                filters=active,
                age=age,
                near=near,
                sort=sort if near is not None else "relevance",
                limit=page_size,
                offset=(page - 1) * page_size,
            )

    result = run(page)
    found_in = None
    if not result.total and text.strip() and language in (None, "nl"):
        # nothing in Dutch: a resident may type in their own language on the Dutch page, so
        # the offers' texts in the languages the query's script fits are searched, and the
        # language with the most hits is shown (the page says so)
        tried = [(run(page, code), code) for code in query_languages(text, snapshot.held_languages)]
        best = max(tried, key=lambda pair: pair[0].total, default=None)
        if best is not None and best[0].total:
            result, found_in = best
            language = found_in
    if not result.hits and result.total and page > 1:
        # a page past the end (an old link): the last page instead of an empty one
        page = max(1, math.ceil(result.total / page_size))
        result = run(page, language)
    found = []
    for hit in result.hits:
        if hit.id not in snapshot.offers:
            continue
        offer = snapshot.offers[hit.id]
        found.append(
            FoundOffer(
                offer=offer,
                provider=snapshot.providers[offer.provider],
                distance_m=hit.distance_m,
                points=snapshot.points.get(hit.id, ()),
                language=language,
            )
        )
    return DirectoryPage(
        offers=found,
        total=result.total,
        page=page,
        page_size=page_size,
        facets={name: dict(counts) for name, counts in result.facets.items()},
        corrected=result.corrected,
        snapshot=snapshot,
        found_in=found_in,
    )


def public_offer(municipality: Municipality, slug: str) -> tuple[Snapshot, OfferRecord] | None:
    """One public offer of the municipality by its code, or None (hidden, draft, elsewhere)."""
    snapshot = directory_snapshot(municipality)
    offer = snapshot.offers.get(slug)
    return None if offer is None else (snapshot, offer)


def facet_choices(
    counts: Mapping[str, int], labels: Sequence[tuple[str, str]], selected: Collection[str]
) -> list[tuple[str, str, int, bool]]:
    """(code, label, count, checked) for a group of checkboxes, in the order of ``labels``."""
    return [(code, label, counts.get(code, 0), code in selected) for code, label in labels]
