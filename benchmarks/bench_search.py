"""How fast the directory search is on 10,000 offers, against a naive scan in the same run.

Run: ``.venv/bin/python benchmarks/bench_search.py [--offers 10000] [--rounds 20] [--memory-only]``

Synthetic offers are made from the Demostad directory (:func:`kansen.offers.demo_directory`):
each is a demo offer with variations, so the texts stay realistic Dutch: its title gets a place
or a group ("Huiswerkklas Noord - groep 7"), the sentences of its description are shuffled and
a few words from other offers are added, its support types, ages, cost, languages and
locations (moved up to 2 km, in a random buurt of Demostad) change, and its provider is one
of 300. Every search is one web request's work: text, facets and, for some, an age, a
postcode's position and sorting by distance.

Printed:

* the memory of a worker that holds the index of every language (Dutch, then Dutch with each
  translation), measured in a fresh process: per index its build time, the resident set (RSS)
  it adds, and in a second fresh process under ``tracemalloc`` the memory it holds and its
  peak while building (target: at most 250 MiB resident for all six at 10,000 offers);
* building the index of all offers (best of ``--repeat``) and its peak memory (target < 3 s);
* per query mix (plain words, compounds, typos, with filters, by distance, empty) the median,
  95th percentile and maximum time of one search over ``--rounds`` rounds (target p95 < 10 ms);
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
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Collection, Mapping
from dataclasses import replace
from typing import Any

from _measure import measure  # the benchmarks folder is on sys.path when run as a script

from kansen.offers import (
    AUDIENCES,
    COSTS,
    LANGUAGES,
    SUPPORT_TYPES,
    TRANSLATION_LANGUAGES,
    LocationRecord,
    OfferRecord,
    demo_directory,
)
from kansen.search import Document, SearchIndex, offer_document

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


def timings(func: Callable[[str, dict[str, Any]], object], rounds: int) -> list[float]:
    """Milliseconds of every search of every round."""
    times = []
    for _ in range(rounds):
        for text, options in QUERIES:
            start = time.perf_counter()
            func(text, options)
            times.append((time.perf_counter() - start) * 1000)
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


def worker_memory(count: int, traced: bool) -> None:
    """In this (fresh) process, build the index of every language one after the other and
    keep them all, as a web worker does; print what each adds."""
    offers = synthetic_offers(count)
    if traced:
        tracemalloc.start()
    gc.collect()
    start = resident_mib()
    print(f"  {count:,} offers made: resident {start:.0f} MiB")
    indexes = []
    for language in (None, *TRANSLATION_LANGUAGES):
        before = resident_mib()  # the documents are made and dropped with the index's building
        held_before = tracemalloc.get_traced_memory()[0] if traced else 0
        if traced:
            tracemalloc.reset_peak()
        documents = [
            offer_document(o, language=language, provider_name=f"Aanbieder {o.provider[10:]}")
            for o in offers
        ]
        began = time.perf_counter()
        indexes.append(SearchIndex(documents))
        seconds = time.perf_counter() - began
        del documents
        gc.collect()
        label = f"  index {language or 'nl'}{'' if language is None else ' (+ nl)'}"
        if traced:
            held, peak = tracemalloc.get_traced_memory()
            print(
                f"{label:<18} holds {(held - held_before) / 2**20:6.1f} MiB (tracemalloc), "
                f"peak while building +{(peak - held_before) / 2**20:.1f} MiB"
            )
        else:
            print(
                f"{label:<18} build {seconds:5.2f} s   resident +{resident_mib() - before:6.1f} MiB"
            )
    if not traced:
        print(
            f"  all {len(indexes)} indexes: resident +{resident_mib() - start:.0f} MiB "
            f"({resident_mib():.0f} MiB in all)"
        )


def memory(count: int) -> None:
    """Run :func:`worker_memory` in fresh processes: resident set, then tracemalloc."""
    for traced in (False, True):
        what = "tracemalloc" if traced else "resident set"
        print(f"memory of a worker with every language, fresh process, {what}:", flush=True)
        command = [sys.executable, __file__, "--offers", str(count), "--worker-memory"]
        subprocess.run([*command, "--traced"] if traced else command, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory-only", action="store_true", help="only the memory figures")
    parser.add_argument("--worker-memory", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker_memory:
        worker_memory(args.offers, args.traced)
        return
    memory(args.offers)
    if args.memory_only:
        return

    offers = synthetic_offers(args.offers)
    print(f"{len(offers):,} synthetic offers from {len(demo_directory().offers)} demo offers")
    start = time.process_time()
    sum(i for i in range(10_000_000))  # a yardstick: the machine's speed at this moment
    print(f"yardstick: a 10M-step Python loop takes {time.process_time() - start:.2f} s CPU")

    def documents(language: str | None) -> list[Document]:
        return [
            offer_document(o, language=language, provider_name=f"Aanbieder {o.provider[10:]}")
            for o in offers
        ]

    measure("offer_document x 10,000 (Dutch)", lambda: documents(None), args.repeat)
    dutch, english = documents(None), documents("en")
    measure("build SearchIndex, Dutch", lambda: SearchIndex(dutch), args.repeat)
    measure("build SearchIndex, Dutch + English translations", lambda: SearchIndex(english), 1)
    index = SearchIndex(dutch)

    for text, options in QUERIES[:10]:
        result = index.search(text, **options)
        _, naive_total = naive_search(offers, text, options)
        print(
            f"  {text!r:<30} kansen.search {result.total:>5} found"
            f"{'' if result.corrected is None else f' (corrected: {result.corrected})'};"
            f" naive scan {naive_total:>5}"
        )
    ours = summary(
        "kansen.search SearchIndex.search", timings(lambda t, o: index.search(t, **o), args.rounds)
    )
    naive = summary(
        "naive scan (`in`, no stems/compounds/typos)",
        timings(lambda t, o: naive_search(offers, t, o), max(1, args.rounds // 5)),
    )
    print(f"ratio naive / kansen.search (p95): {naive / ours:.1f}x faster")


if __name__ == "__main__":
    main()
