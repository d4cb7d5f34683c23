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
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from typing import Any

from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.translation import get_language

from kansen.web.accounts import permissions

from .models import Area, AreaDataVersion

#: The most bytes of compressed maps one worker keeps (a country's buurten: about 1.5 MB).
MAX_BYTES = 48 * 1024 * 1024

_kept: OrderedDict[str, bytes] = OrderedDict()
_size = 0
_lock = threading.Lock()


def clear() -> None:
    """Forget every kept map (tests; nothing else needs it: the key follows the data)."""
    global _size
    with _lock:
        _kept.clear()
        _size = 0


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
        f"{year}:{level}:{areas['n']}:{areas['last']}",
        extra,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def get(found_key: str) -> bytes | None:
    with _lock:
        body = _kept.get(found_key)
        if body is not None:
            _kept.move_to_end(found_key)
        return body


def put(found_key: str, text: str) -> bytes:
    """Compress and keep a map; returns the compressed bytes."""
    global _size
    # level 1: a country's buurten in a tenth of a second less than level 5, a little larger
    body = gzip.compress(text.encode(), compresslevel=1, mtime=0)
    if len(body) > MAX_BYTES:
        return body
    with _lock:
        if found_key not in _kept:
            _kept[found_key] = body
            _size += len(body)
        while _size > MAX_BYTES and _kept:
            _old, dropped = _kept.popitem(last=False)
            _size -= len(dropped)
    return body


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
