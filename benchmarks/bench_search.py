"""How fast and how large the directory search is, against SQLite FTS5 and a naive scan in the
same run.

Run: ``.venv/bin/python benchmarks/bench_search.py [--offers 10000 100000] [--rounds 20]
[--memory-only | --no-memory] [--per-language]``

Synthetic offers are made from the Demostad directory (:func:`kansen.offers.demo_directory`):
each is a demo offer with variations, so the texts stay realistic Dutch: its title gets a place
or a group ("Huiswerkklas Noord - groep 7"), the sentences of its description are shuffled and
a few words from other offers are added, its support types, ages, cost, languages and
locations (moved up to 2 km, in a random buurt of Demostad) change, and its provider is one
of 300. Every search is one web request's work: text, facets and, for some, an age, a
postcode's position and sorting by distance.

Printed, for each ``--offers`` count:

* the memory of a worker that can search every language (Dutch and the five translations),
  each measured in a fresh process as the resident set (RSS) it adds once built and the freed
  heap given back with ``malloc_trim`` (as a web worker does after a build; the figure before
  it is printed too) and, in a second fresh process, what ``tracemalloc`` sees held: kansen's
  one index with a view per translation (as a web worker holds it, ADR 0031), the peer
  SQLite FTS5 (one in-memory table with a column per field and per translation), and with
  ``--per-language`` the former design, an index per language (slow at 100,000 offers).
  Targets (issue 21): at most 250 MiB per worker with every language at 10,000 offers, at
  most 200 MiB at 100,000, build <= 5 s;
* building the index of all offers with every language (best of ``--repeat``);
* per query mix (plain words, compounds, typos, with filters, by distance, empty) the median,
  95th percentile and maximum time of one search over ``--rounds`` rounds, kansen and FTS5
  taking turns round by round (target p95 <= 10 ms). FTS5 matches every query word as a prefix
  of a word (``"huiswerk"*``, so compounds by their start), ranks by bm25 with the same field
  weights, filters and sorts in SQL and counts one facet (cost): less work than kansen (no
  stems, compound parts, typos or other facets), so its time is a lower bound for a peer that
  did the same. The ratio of the p95s;
* the same queries as a naive linear scan: lowercase text, every query word ``in`` it, the
  filters as Python tests, sorted by title; no stems, compounds or typos, so it finds less and
  its time is a lower bound for a scan that did. The ratio of the two p95s.

Only prints; asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Collection, Mapping
from dataclasses import replace
from functools import partial
from typing import Any

from _measure import measure  # the benchmarks folder is on sys.path when run as a script

from kansen.offers import (
    AUDIENCES,
    COSTS,
    LANGUAGES,
    SUPPORT_TYPES,
    TEXT_FIELDS,
    TRANSLATION_LANGUAGES,
    LocationRecord,
    OfferRecord,
    demo_directory,
)
from kansen.search import (
    DEFAULT_WEIGHTS,
    Document,
    SearchIndex,
    fold,
    offer_document,
    offer_documents,
    trim_heap,
    words,
)

PLACES = ("Noord", "Oost", "Zuid", "West", "Centrum", "Haven", "Dorp", "Park")
GROUPS = ("groep 5", "groep 6", "groep 7", "groep 8", "onderbouw", "bovenbouw", "peuters")

#: (query, options): the mix of searches a public directory gets.
QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("huiswerk", {}),
    ("sporten", {}),
    ("zwemmen", {}),
    ("taal", {}),
    ("schulden", {}),
    ("voorlezen", {}),
    ("gratis sport voor kinderen", {}),
    ("hulp bij schulden", {}),
    ("huiswerkbegleiding", {}),  # typo
    ("zwemmles", {}),  # typo
    ("muziekles", {"filters": {"cost": ["free"]}}),
    ("sport", {"filters": {"support_type": ["sport", "cultuur"], "audience": ["kind"]}}),
    ("taalcafe", {"filters": {"language": ["ar", "tr"]}, "age": 30}),
    ("", {"filters": {"wijk": ["WK999902"]}}),
    ("", {"age": 10}),
    ("", {}),
    ("huiswerk", {"near": (155_000.0, 463_000.0), "sort": "distance"}),
    ("", {"near": (155_000.0, 463_000.0), "sort": "distance", "filters": {"cost": ["free"]}}),
    ("opvoeding ouders", {"near": (155_000.0, 463_000.0)}),
    ("kleding", {"age": 8, "offset": 20}),
]


def synthetic_offers(count: int, seed: int = 6) -> list[OfferRecord]:
    """``count`` offers varied from the demo directory's, deterministic for a seed."""
    rng = random.Random(seed)
    seeds = demo_directory().offers
    buurten = sorted({loc.buurt_code for o in seeds for loc in o.locations if loc.buurt_code})
    words = sorted({w for o in seeds for w in o.description.split() if len(w) > 5})
    support = list(SUPPORT_TYPES)
    result = []
    for number in range(count):
        base = seeds[number % len(seeds)]
        sentences = [s for s in base.description.split(". ") if s]
        rng.shuffle(sentences)
        description = ". ".join(sentences) + " " + " ".join(rng.sample(words, 3))
        locations = tuple(
            LocationRecord(
                loc.name,
                loc.address,
                loc.postcode,
                loc.city,
                rng.choice(buurten) if buurten else loc.buurt_code,
                None if loc.x is None else loc.x + rng.uniform(-2000, 2000),
                None if loc.y is None else loc.y + rng.uniform(-2000, 2000),
            )
            for loc in base.locations
        )
        low = rng.choice([None, 0, 2, 4, 6, 8, 12])
        result.append(
            replace(
                base,
                id=f"{base.id}-{number}",
                provider=f"aanbieder-{number % 300}",
                title=f"{base.title} {rng.choice(PLACES)} - {rng.choice(GROUPS)}",
                description=description,
                support_types=tuple(
                    dict.fromkeys((*base.support_types, *rng.sample(support, rng.randint(0, 1))))
                ),
                age_min=low,
                age_max=None if low is None else low + rng.choice([4, 6, 10]),
                audiences=tuple(rng.sample(list(AUDIENCES), rng.randint(1, 2))),
                cost=rng.choice(list(COSTS)),
                languages=tuple(dict.fromkeys(("nl", *rng.sample(list(LANGUAGES), 1)))),
                locations=locations,
            )
        )
    return result


def naive_search(
    offers: list[OfferRecord], text: str, options: Mapping[str, Any]
) -> tuple[list[str], int]:
    """A linear scan: every query word ``in`` the lowercased text, filters, by title."""
    wanted = text.lower().split()
    filters: Mapping[str, Collection[str]] = options.get("filters", {})
    age = options.get("age")
    found = []
    for offer in offers:
        haystack = f"{offer.title} {offer.summary} {offer.description}".lower()
        if not all(word in haystack for word in wanted):
            continue
        facets = {
            "support_type": offer.support_types,
            "audience": offer.audiences,
            "cost": (offer.cost,),
            "language": offer.languages,
            "buurt": tuple(loc.buurt_code for loc in offer.locations),
            "wijk": tuple("WK" + loc.buurt_code[2:8] for loc in offer.locations),
        }
        if any(not set(facets.get(k, ())) & set(v) for k, v in filters.items() if v):
            continue
        if age is not None and not offer.matches_age(age):
            continue
        found.append(offer)
    near = options.get("near")
    if near is not None and options.get("sort") == "distance":

        def distance(offer: OfferRecord) -> float:
            return min(
                (
                    math.hypot(loc.x - near[0], loc.y - near[1])
                    for loc in offer.locations
                    if loc.x is not None and loc.y is not None
                ),
                default=math.inf,
            )

        found.sort(key=lambda o: (distance(o), o.title))
    else:
        found.sort(key=lambda o: o.title)
    offset = options.get("offset", 0)
    return [o.id for o in found[offset : offset + 20]], len(found)


def timings(
    func: Callable[[str, dict[str, Any]], object], rounds: int, cpu: list[float] | None = None
) -> list[float]:
    """Milliseconds of every search of every round; with ``cpu``, the thread's processor time
    of each is added to it (on a loaded machine the clock also counts the waits for a CPU)."""
    times = []
    for _ in range(rounds):
        for text, options in QUERIES:
            start, processor = time.perf_counter(), time.thread_time()
            func(text, options)
            times.append((time.perf_counter() - start) * 1000)
            if cpu is not None:
                cpu.append((time.thread_time() - processor) * 1000)
    return times


def summary(label: str, times: list[float]) -> float:
    ordered = sorted(times)
    p95 = ordered[math.ceil(0.95 * len(ordered)) - 1]
    print(
        f"{label:<42} median {statistics.median(ordered):7.3f} ms   p95 {p95:7.3f} ms   "
        f"max {ordered[-1]:7.3f} ms   ({len(ordered)} searches)"
    )
    return p95


def resident_mib() -> float:
    """The resident set of this process now, in MiB (Linux)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def provider_name(offer: OfferRecord) -> str:
    return f"Aanbieder {offer.provider[10:]}"


def kansen_every_language(offers: list[OfferRecord]) -> SearchIndex:
    """The index of every language as a web worker builds it: one, with a view per language
    (the offers read a batch at a time, as columns)."""
    return SearchIndex(offer_documents(offers, provider_name=provider_name))


def per_language_indexes(offers: list[OfferRecord]) -> list[SearchIndex]:
    """The former design: a whole index per language (Dutch, then Dutch with a translation)."""
    return [
        SearchIndex(
            offer_document(o, language=code, provider_name=provider_name(o)) for o in offers
        )
        for code in (None, *TRANSLATION_LANGUAGES)
    ]


#: FTS5's columns: the Dutch fields of :func:`offer_document`, then one per translation.
FTS_FIELDS = ("title", "summary", "description", "provider", "tags", "areas", "how_to_apply")


def fts5_database(offers: list[OfferRecord]) -> sqlite3.Connection:
    """The peer: one in-memory SQLite FTS5 table over the offers, every language a column."""
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    columns = ", ".join((*FTS_FIELDS, *TRANSLATION_LANGUAGES))
    connection.execute(
        f"CREATE VIRTUAL TABLE docs USING fts5({columns}, "
        "tokenize='unicode61 remove_diacritics 2', prefix='4')"
    )
    connection.execute(
        "CREATE TABLE meta (id INTEGER PRIMARY KEY, slug TEXT, title TEXT, cost TEXT, "
        "age_min REAL, age_max REAL, support TEXT, audience TEXT, language TEXT, wijk TEXT, "
        "x REAL, y REAL)"
    )
    rows, meta = [], []
    for number, offer in enumerate(offers, 1):
        document = offer_document(offer, provider_name=provider_name(offer))
        translations = [
            " ".join(
                getattr(offer.translations[code], name)
                for name in TEXT_FIELDS
                if code in offer.translations
            )
            for code in TRANSLATION_LANGUAGES
        ]
        rows.append((number, *(document.fields[name] for name in FTS_FIELDS), *translations))
        low, high = document.ages
        x, y = document.points[0] if document.points else (None, None)
        facets = {name: "," + ",".join(sorted(v)) + "," for name, v in document.facets.items()}
        meta.append(
            (
                number,
                offer.id,
                fold(offer.title),
                offer.cost,
                -math.inf if low is None else low,
                math.inf if high is None else high,
                facets["support_type"],
                facets["audience"],
                facets["language"],
                facets["wijk"],
                x,
                y,
            )
        )
    marks = ", ".join("?" * (1 + len(FTS_FIELDS) + len(TRANSLATION_LANGUAGES)))
    connection.executemany(f"INSERT INTO docs (rowid, {columns}) VALUES ({marks})", rows)
    connection.executemany(f"INSERT INTO meta VALUES ({', '.join('?' * 12)})", meta)
    connection.execute("CREATE INDEX meta_title ON meta (title)")
    connection.commit()
    return connection


_FTS_WEIGHTS = ", ".join(
    str(DEFAULT_WEIGHTS.get(name, 1.0))
    for name in (*FTS_FIELDS, *(["extra"] * len(TRANSLATION_LANGUAGES)))
)
_FACET_COLUMNS = {
    "support_type": "support",
    "audience": "audience",
    "language": "language",
    "wijk": "wijk",
}


def fts5_search(
    connection: sqlite3.Connection, text: str, options: Mapping[str, Any]
) -> tuple[list[str], int]:
    """One search of the mix in FTS5: the page of hits and their number (and the cost facet)."""
    where, params = ["1"], []
    query = " ".join(f'"{w}"*' if len(w) >= 4 else f'"{w}"' for w in map(fold, words(text)))
    if query:
        where.append("docs MATCH ?")
        params.append(query)
    age = options.get("age")
    if age is not None:
        where.append("m.age_min <= ? AND ? <= m.age_max")
        params.extend((age, age))
    for name, chosen in options.get("filters", {}).items():
        column = _FACET_COLUMNS.get(name)
        if column is None:  # cost
            where.append(f"m.cost IN ({', '.join('?' * len(chosen))})")
            params.extend(chosen)
        else:
            where.append("(" + " OR ".join(f"m.{column} LIKE ?" for _ in chosen) + ")")
            params.extend(f"%,{value},%" for value in chosen)
    near = options.get("near")
    if near is not None and options.get("sort") == "distance":
        order = "coalesce((m.x - ?) * (m.x - ?) + (m.y - ?) * (m.y - ?), 1e30), m.title"
        order_params: list[Any] = [near[0], near[0], near[1], near[1]]
    elif query:
        order, order_params = f"bm25(docs, {_FTS_WEIGHTS}), m.title", []
    else:
        order, order_params = "m.title", []
    source = "docs JOIN meta m ON m.id = docs.rowid" if query else "meta m"
    condition = " AND ".join(where)
    offset = options.get("offset", 0)
    page = connection.execute(
        f"SELECT m.slug FROM {source} WHERE {condition} ORDER BY {order} LIMIT 20 OFFSET ?",
        [*params, *order_params, offset],
    ).fetchall()
    total = connection.execute(f"SELECT count(*) FROM {source} WHERE {condition}", params)
    connection.execute(
        f"SELECT m.cost, count(*) FROM {source} WHERE {condition} GROUP BY 1", params
    )
    return [slug for (slug,) in page], int(total.fetchone()[0])


def worker_memory(count: int, what: str, traced: bool) -> None:
    """In this (fresh) process, build what a worker needs to search every language and keep
    it; print what it adds."""
    offers = synthetic_offers(count)
    gc.collect()
    if traced:
        tracemalloc.start()
    start = resident_mib()
    began = time.perf_counter()
    processor = time.process_time()
    held: object
    if what == "kansen":
        held = kansen_every_language(offers)
    elif what == "per-language":
        held = per_language_indexes(offers)
    else:
        held = fts5_database(offers)
    seconds, cpu = time.perf_counter() - began, time.process_time() - processor
    gc.collect()
    label = {
        "kansen": "kansen, one index, 6 languages",
        "per-language": "kansen, an index per language (before)",
        "fts5": "SQLite FTS5, one table, 6 languages",
    }[what]
    if traced and what == "fts5":
        print(f"  {label:<40} (SQLite's own memory is not seen by tracemalloc)")
    elif traced:
        now, peak = tracemalloc.get_traced_memory()
        print(
            f"  {label:<40} holds {now / 2**20:6.1f} MiB (tracemalloc), peak while building "
            f"{peak / 2**20:6.1f} MiB"
        )
    else:
        built = resident_mib()
        trim_heap()  # as a web worker does after building (directory.search.settle_heap)
        print(
            f"  {label:<40} build {seconds:6.2f} s ({cpu:5.2f} s CPU)   resident "
            f"+{resident_mib() - start:6.1f} MiB after malloc_trim ({built - start:+.0f} MiB "
            f"before; {resident_mib():.0f} MiB in all, {start:.0f} before)",
            flush=True,
        )
    del held


def memory(count: int, per_language: bool) -> None:
    """Run :func:`worker_memory` in fresh processes: resident set, then tracemalloc."""
    whats = ["kansen", "fts5", *(["per-language"] if per_language else [])]
    for traced in (False, True):
        kind = "tracemalloc" if traced else "resident set"
        print(f"memory of a worker with every language, {count:,} offers, fresh processes, {kind}:")
        for what in whats:
            command = [sys.executable, __file__, "--offers", str(count), "--worker-memory", what]
            subprocess.run([*command, "--traced"] if traced else command, check=True)


def timings_interleaved(
    searches: Mapping[str, Callable[[str, dict[str, Any]], object]], rounds: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Milliseconds of every search of every round, the searchers taking turns by round: by
    the clock and in processor time."""
    times: dict[str, list[float]] = {name: [] for name in searches}
    cpu: dict[str, list[float]] = {name: [] for name in searches}
    for _ in range(rounds):
        for name, func in searches.items():
            times[name].extend(timings(func, 1, cpu[name]))
    return times, cpu


def run(count: int, args: argparse.Namespace) -> None:
    if not args.no_memory:
        memory(count, args.per_language)
    if args.memory_only:
        return
    offers = synthetic_offers(count)
    print(f"{len(offers):,} synthetic offers from {len(demo_directory().offers)} demo offers")
    start = time.process_time()
    sum(i for i in range(10_000_000))  # a yardstick: the machine's speed at this moment
    print(f"yardstick: a 10M-step Python loop takes {time.process_time() - start:.2f} s CPU")

    def documents(language: str | None) -> list[Document]:
        return [
            offer_document(o, language=language, provider_name=provider_name(o)) for o in offers
        ]

    measure(f"offer_document x {count:,} (Dutch)", lambda: documents(None), args.repeat)
    dutch = documents(None)
    measure("build SearchIndex, Dutch", lambda: SearchIndex(dutch), args.repeat)

    def timed(label: str, build: Callable[[], Any]) -> Any:
        began, processor = time.perf_counter(), time.process_time()
        built = build()
        print(
            f"{label:<58} {time.perf_counter() - began:9.4f} s   "
            f"({time.process_time() - processor:.2f} s CPU)"
        )
        return built

    index = timed(
        "build SearchIndex, every language (one index)", partial(kansen_every_language, offers)
    )
    fts = timed("build SQLite FTS5, every language (one table)", partial(fts5_database, offers))
    arabic = index.translated("ar")

    for text, options in QUERIES[:10]:
        result = index.search(text, **options)
        _, naive_total = naive_search(offers, text, options)
        _, fts_total = fts5_search(fts, text, options)
        print(
            f"  {text!r:<30} kansen.search {result.total:>6} found"
            f"{'' if result.corrected is None else f' (corrected: {result.corrected})'};"
            f" FTS5 {fts_total:>6}; naive scan {naive_total:>6}"
        )
    times, cpu = timings_interleaved(
        {
            "kansen": lambda t, o: index.search(t, **o),
            "kansen, Arabic view": lambda t, o: arabic.search(t, **o),
            "fts5": lambda t, o: fts5_search(fts, t, o),
        },
        args.rounds,
    )
    ours = summary("kansen.search SearchIndex.search", times["kansen"])
    summary("kansen.search, the Arabic view", times["kansen, Arabic view"])
    peer = summary("SQLite FTS5 (prefix words, bm25, 1 facet)", times["fts5"])
    print("the same searches in processor time (what the load of other processes does not add):")
    ours_cpu = summary("  kansen.search SearchIndex.search", cpu["kansen"])
    summary("  kansen.search, the Arabic view", cpu["kansen, Arabic view"])
    peer_cpu = summary("  SQLite FTS5", cpu["fts5"])
    print(f"ratio FTS5 / kansen.search (p95 of processor time): {peer_cpu / ours_cpu:.1f}x")
    naive = summary(
        "naive scan (`in`, no stems/compounds/typos)",
        timings(lambda t, o: naive_search(offers, t, o), max(1, args.rounds // 5)),
    )
    print(f"ratio FTS5 / kansen.search (p95): {peer / ours:.1f}x")
    print(f"ratio naive / kansen.search (p95): {naive / ours:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offers", type=int, nargs="+", default=[10_000])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory-only", action="store_true", help="only the memory figures")
    parser.add_argument("--no-memory", action="store_true", help="leave the memory figures out")
    parser.add_argument(
        "--per-language", action="store_true", help="also the memory of an index per language"
    )
    parser.add_argument(
        "--worker-memory", choices=("kansen", "per-language", "fts5"), help=argparse.SUPPRESS
    )
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker_memory:
        worker_memory(args.offers[0], args.worker_memory, args.traced)
        return
    print(f"load average {os.getloadavg()[0]:.1f} (2 cores shared by every helper)")
    for count in args.offers:
        run(count, args)
        print(f"load average {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
