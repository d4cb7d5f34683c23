"""Searching the register from several threads of one process at once: every thread searches
the same kept snapshot of the index without a lock, each with its own Dutch analyzer (its
stemmer keeps state while it works), and finds what a search one at a time finds."""

from __future__ import annotations

import threading

import pytest

from kansen.search import DutchAnalyzer
from kansen.web.practices import selectors

from .test_selectors import _titles, register  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

QUERIES = [
    ("voorlezen", {}),
    ("sport", {}),
    ("huiswerk", {"soort": ["taal"]}),
    ("jongeren", {}),
    ("", {"soort": ["taal"]}),
    ("", {}),
]
THREADS = 4


def test_threads_search_one_snapshot_at_once_and_find_the_same(register, monkeypatch):  # noqa: F811
    # the records and deciles as one request read them; the threads then touch no database
    records = list(selectors.published())
    monkeypatch.setattr(selectors, "published", lambda: records)
    monkeypatch.setattr(selectors, "readings", lambda municipalities: ({}, None))
    expected = [_titles(selectors.search(text, filters)) for text, filters in QUERIES]
    assert expected[0] == ["Voorlezen thuis"]
    assert expected[1] == ["Sportbuurtwerk"]
    snapshot = selectors._kept

    # Every thread's first stemmed word waits until all threads are inside a search: with one
    # lock around searching, the first would wait for the others forever (here: 10 s).
    together = threading.Barrier(THREADS, timeout=10)
    stem = DutchAnalyzer.stem
    arrived = threading.local()
    analyzers: set[int] = set()

    def stem_together(self: DutchAnalyzer, word: str) -> str:
        if not getattr(arrived, "yes", False):
            arrived.yes = True
            analyzers.add(id(self))
            together.wait()
        return stem(self, word)

    monkeypatch.setattr(DutchAnalyzer, "stem", stem_together)
    found: dict[int, list[list[str]]] = {}
    failures: list[BaseException] = []

    def searching(number: int) -> None:
        try:
            rounds = []
            for _ in range(20):
                rounds.extend(_titles(selectors.search(t, f)) for t, f in QUERIES)
            found[number] = rounds
        except BaseException as error:  # reported below, in the test's thread
            failures.append(error)

    threads = [threading.Thread(target=searching, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    assert found == {n: expected * 20 for n in range(THREADS)}
    assert len(analyzers) == THREADS  # each thread its own analyzer
    assert selectors._kept is snapshot  # the same records: the index was not built again
