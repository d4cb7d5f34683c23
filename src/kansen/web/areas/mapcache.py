"""The map data of the area pages, kept per version of the data and sent compressed (ADR 0030).

A country's 14,000 buurten make a map of some 5.6 MB of GeoJSON that took 0.8-1.4 s to build
on every visit. The built map is kept, gzip-compressed, in the worker's memory under a key of
everything it depends on:

* what was asked (the scope, year, level, layer, classes: the query) and the language (the
  reasons of missing values are translated);
* who asks, as far as it changes what may be read: the role and own municipality
  (``IndicatorQuerySet.visible_to``, saved indices);
* the data: the tokens of :mod:`.versions` (every write of areas, figures, indicators and
  their publication changes one), the number and highest key of the areas of the scope, year
  and level (writes that bypass the services, such as a bulk insert, still change the map),
  and the facilities drawn on it (read on every request: a few hundred at most).

A client that accepts gzip (every browser) gets the kept bytes as they are; the page's map
asks with ``If-None-Match`` and gets 304 when nothing changed. The memory is bounded
(:data:`MAX_BYTES` per worker, least recently used out first).

Every built map is also written to a file per key in the data folder (``mapcache/``, written
to a temporary name and renamed, so a reader never sees half a file), which every worker and
every later server process reads: a map is built once per version of the data, not once per
worker. The country's maps are built before anyone asks (:func:`prepare_national`): when an
import is committed and when the server starts (``kansen.web.warm``, before the workers are
forked), so that the first visitor after a change of the data does not wait for them (ADR 0030).
The folder is bounded too (:data:`MAX_FILE_BYTES`, the oldest files out first).

A municipality's maps are built after an import of its own too (:func:`prepare_municipality`:
for its analysts and for the national network choosing it), and every map is built once
(:func:`build_once`): a visitor who asks while the same map is being built, by the build after
an import or by another worker, waits for it instead of building it again (ADR 0030).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, QueryDict
from django.utils import translation
from django.utils.translation import get_language

from kansen.web.accounts import permissions

from .models import Area, AreaDataVersion

#: The most bytes of compressed maps one worker keeps (a country's buurten: about 1.5 MB).
MAX_BYTES = 48 * 1024 * 1024
#: The most bytes of compressed maps kept in the data folder (shared by the workers).
MAX_FILE_BYTES = 256 * 1024 * 1024

logger = logging.getLogger(__name__)

_kept: OrderedDict[str, bytes] = OrderedDict()
_size = 0
_lock = threading.Lock()


def folder() -> Path:
    """Where the built maps are kept for every worker: ``mapcache/`` in the data folder
    (``KANSEN_MAP_FOLDER`` in the settings: the tests give each test its own)."""
    chosen = getattr(settings, "KANSEN_MAP_FOLDER", None)
    return Path(chosen) if chosen else Path(settings.DATA_DIR) / "mapcache"


def clear() -> None:
    """Forget every kept map (tests; nothing else needs it: the key follows the data)."""
    global _size
    with _lock:
        _kept.clear()
        _size = 0
    for path in folder().glob("*.json.gz"):
        path.unlink(missing_ok=True)


def key(
    request: HttpRequest, scope_filter: dict[str, Any], year: int, level: str, extra: str
) -> str:
    """The key of a map: see the module's description. ``extra``: the facilities' GeoJSON."""
    user = getattr(request, "user", None)
    tokens = sorted(AreaDataVersion.objects.values_list("key", "token"))
    areas = Area.objects.filter(year=year, level=level, **scope_filter).aggregate(
        n=Count("pk"), last=Max("pk")
    )
    asked = sorted((k, v) for k, v in request.GET.items() if k != "page")
    parts = [
        repr(asked),
        str(get_language()),
        str(permissions.matrix_role(user)),
        str(permissions.own_municipality_id(user)),
        repr(tokens),
        # the database (another one set with DATABASE_URL has other data)
        str(connection.settings_dict.get("NAME")),
        f"{year}:{level}:{areas['n']}:{areas['last']}",
        extra,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _path(found_key: str) -> Path:
    return folder() / f"{found_key}.json.gz"


def _remember(found_key: str, body: bytes) -> None:
    global _size
    if len(body) > MAX_BYTES:
        return
    with _lock:
        if found_key not in _kept:
            _kept[found_key] = body
            _size += len(body)
        while _size > MAX_BYTES and _kept:
            _old, dropped = _kept.popitem(last=False)
            _size -= len(dropped)


def get(found_key: str) -> bytes | None:
    """The kept map: from this worker's memory, else from the folder shared by the workers."""
    with _lock:
        body = _kept.get(found_key)
        if body is not None:
            _kept.move_to_end(found_key)
            return body
    try:
        body = _path(found_key).read_bytes()
    except OSError:
        return None
    _remember(found_key, body)
    return body


def has(found_key: str) -> bool:
    """Whether the map of this key is built (in this worker or in the shared folder)."""
    with _lock:
        if found_key in _kept:
            return True
    return _path(found_key).is_file()


def put(found_key: str, text: str) -> bytes:
    """Compress and keep a map, in memory and in the shared folder; returns the bytes."""
    # level 1: a country's buurten in a tenth of a second less than level 5, a little larger
    body = gzip.compress(text.encode(), compresslevel=1, mtime=0)
    _remember(found_key, body)
    try:
        _write(found_key, body)
    except OSError:  # a read-only or full data folder: the map is still kept in memory
        logger.warning("the map could not be kept in %s", folder(), exc_info=True)
    return body


#: How long a request waits for the same map being built by another thread or process (the
#: country's maps after an import: seconds) before it builds the map itself.
WAIT_SECONDS = 60.0
#: A marker of a build older than this was left by a process that stopped: not waited for.
STALE_SECONDS = 300.0
_building: dict[str, threading.Event] = {}


def build_once(found_key: str, build: Callable[[], str]) -> bytes:
    """The kept map of ``found_key``, else built once: while another thread of this process
    builds the same key (a request beside the build after an import), or another process does
    (another worker: a marker file ``<key>.building`` in the shared folder, made exclusively),
    wait for it (at most :data:`WAIT_SECONDS`) and take its map instead of building it again.
    When the other build fails or takes too long, build it here."""
    body = get(found_key)
    if body is not None:
        return body
    with _lock:
        event = _building.get(found_key)
        mine = event is None
        if event is None:
            event = _building[found_key] = threading.Event()
    if not mine:
        event.wait(WAIT_SECONDS)
        return get(found_key) or put(found_key, build())
    try:
        marker = folder() / f"{found_key}.building"
        claimed = _claim(marker)
        if not claimed:
            body = _wait_for(found_key, marker)
            if body is not None:
                return body
        try:
            return put(found_key, build())
        finally:
            if claimed:
                marker.unlink(missing_ok=True)
    finally:
        with _lock:
            _building.pop(found_key, None)
        event.set()


def _claim(marker: Path) -> bool:
    """Make the marker of a build, if no other process has one (a stale one is taken over).
    True when this process made it; a folder that cannot be written claims nothing."""
    for _attempt in range(2):
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            return True
        except FileExistsError:
            try:
                age = time.time() - marker.stat().st_mtime
            except OSError:
                continue  # just removed: try again
            if age < STALE_SECONDS:
                return False
            marker.unlink(missing_ok=True)
        except OSError:
            return False
    return False


def _wait_for(found_key: str, marker: Path) -> bytes | None:
    """The map another process is building, once it is written (None when its marker goes
    without a map, or after :data:`WAIT_SECONDS`)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        body = get(found_key)
        if body is not None:
            return body
        if not marker.exists():
            return get(found_key)
        time.sleep(0.05)
    return None


def _write(found_key: str, body: bytes) -> None:
    where = folder()
    where.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=where, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(body)
        os.replace(temporary, _path(found_key))
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _prune(where)


def _prune(where: Path) -> None:
    """Drop the oldest files while the folder holds more than :data:`MAX_FILE_BYTES`."""
    files = []
    for path in where.glob("*.json.gz"):
        try:
            found = path.stat()
        except OSError:
            continue
        files.append((found.st_mtime, path.name, found.st_size, path))
    total = sum(size for _t, _n, size, _p in files)
    for _mtime, _name, size, path in sorted(files):
        if total <= MAX_FILE_BYTES:
            break
        path.unlink(missing_ok=True)
        total -= size


def facilities_json(municipality_code: str, year: int) -> list[dict[str, Any]]:
    """The school locations drawn on the map of a scope and year."""
    from .models import Facility
    from .scope import in_scope

    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [f.lon, f.lat]},
            "properties": {
                "kind": "facility",
                "name": f.name,
                "levels": f.levels,
                "havo_vwo": f.offers_havo_vwo,
            },
        }
        for f in Facility.objects.filter(year=year, **in_scope(municipality_code)).order_by("pk")
    ]


def map_body(request: HttpRequest, municipality: Any) -> tuple[str, bytes]:
    """The key and compressed GeoJSON of the map asked for: kept, else built and kept."""
    from . import selectors
    from .constants import AreaLevel
    from .layers import build_explorer
    from .scope import in_scope

    # the year and level as build_explorer takes them, for the key and the facilities
    years = selectors.municipality_years(municipality.code)
    asked_year = str(request.GET.get("year") or "")
    year = int(asked_year) if asked_year.isdigit() else (years[0] if years else 0)
    level = request.GET.get("level") or AreaLevel.NEIGHBOURHOOD
    if level not in AreaLevel.values:
        level = AreaLevel.NEIGHBOURHOOD
    facilities = facilities_json(municipality.code, year)
    found_key = key(request, in_scope(municipality.code), year, level, json.dumps(facilities))

    def build() -> str:
        explorer = build_explorer(request.user, municipality, request.GET, all_levels_up_to=0)
        return explorer.features_json(facilities)

    return found_key, build_once(found_key, build)


def national_reader() -> Any:
    """Who the country's maps are built for before anyone asks: the national network (the
    ``ministerie`` account: published figures only, as every reader without a municipality)."""
    from kansen.web.accounts.constants import Role
    from kansen.web.accounts.models import User

    return User(username="", role=Role.NATIONAL, municipality=None, is_active=True)


def prepare_national(years: Iterable[int] = ()) -> list[str]:
    """Build the country's maps the area pages ask for first, where not built yet: every
    level of the latest year (and of ``years``), in every language, for the national network,
    with the query the page sends (``?scope=NL`` and without: its default scope). Returns the
    keys built (a test, the log)."""
    from .scope import NATIONAL, national

    years = list(years)
    built = _prepare(national(), [(national_reader(), [{}, {"scope": NATIONAL}])], years)
    for prepare in _also_national:
        built += prepare(years)
    return built


#: Other maps of the country built with :func:`prepare_national` (another app's pages: the
#: index builder's), registered with :func:`also_prepare_national`.
_also_national: list[Callable[[list[int]], list[str]]] = []


def also_prepare_national(prepare: Callable[[list[int]], list[str]]) -> None:
    """Build ``prepare``'s maps of the country whenever the country's own are (after an import
    and when the server starts); it returns the keys it built."""
    if prepare not in _also_national:
        _also_national.append(prepare)


def prepare_municipality(code: str, years: Iterable[int] = ()) -> list[str]:
    """Build one municipality's maps the area pages ask for first, where not built yet (after
    an import of its areas or figures): every level of its latest year (and of ``years``), in
    every language, for its analysts (their default scope: the page without ``?scope=``) and
    for the national network choosing it (``?scope=GM..``). Returns the keys built."""
    from kansen.web.accounts.constants import Role
    from kansen.web.accounts.models import Municipality, User

    municipality = Municipality.objects.filter(code=code).first()
    if municipality is None:
        return []
    analyst = User(username="", role=Role.ANALYST, municipality=municipality, is_active=True)
    readers: list[tuple[Any, list[dict[str, str]]]] = [
        (analyst, [{}]),
        (national_reader(), [{"scope": code}]),
    ]
    return _prepare(municipality, readers, years)


def _prepare(
    scope: Any, readers: list[tuple[Any, list[dict[str, str]]]], years: Iterable[int]
) -> list[str]:
    """The maps of ``scope`` for each reader and the queries its page sends (its default layer
    and classes; one map for the queries of one reader), each built once (:func:`build_once`)."""
    from . import selectors
    from .scope import in_scope

    known = selectors.municipality_years(scope.code)
    wanted = sorted({*known[:1], *(y for y in years if y in known)}, reverse=True)
    built: list[str] = []
    for year in wanted:
        levels = sorted(
            set(
                Area.objects.filter(year=year, **in_scope(scope.code)).values_list(
                    "level", flat=True
                )
            )
        )
        for level in levels:
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    for reader, queries in readers:
                        built += _prepare_one(scope, reader, queries, year, level)
    return built


def _prepare_one(
    scope: Any, reader: Any, queries: list[dict[str, str]], year: int, level: str
) -> list[str]:
    from .layers import build_explorer
    from .scope import in_scope

    explorer = build_explorer(
        reader, scope, {"year": str(year), "level": level}, all_levels_up_to=0
    )
    facilities = facilities_json(scope.code, year)
    text: list[str] = []  # built once for all the queries

    def build() -> str:
        if not text:
            text.append(explorer.features_json(facilities))
        return text[0]

    built = []
    for query in queries:
        request = HttpRequest()
        request.GET = QueryDict(urlencode({**explorer.params, **query}))
        request.user = reader
        found_key = key(request, in_scope(scope.code), year, level, json.dumps(facilities))
        if has(found_key):
            continue
        build_once(found_key, build)  # a visitor asking meanwhile waits for it
        built.append(found_key)
    return built


def response(request: HttpRequest, found_key: str, body: bytes) -> HttpResponse:
    """The kept map: 304 when the client has it, gzip when it accepts it, else plain JSON."""
    etag = f'"{found_key[:32]}"'
    headers = {"ETag": etag, "Cache-Control": "private, no-cache", "Vary": "Accept-Encoding"}
    if etag in request.headers.get("If-None-Match", ""):
        return HttpResponseNotModified(headers=headers)
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        return HttpResponse(
            body,
            content_type="application/json",
            headers={**headers, "Content-Encoding": "gzip"},
        )
    return HttpResponse(gzip.decompress(body), content_type="application/json", headers=headers)
