"""Dutch full-text search over documents: analysis, index, facets and distance.

Built for the directory of offers (:mod:`kansen.offers`): a :class:`SearchIndex` is built once
per municipality and language from :func:`offer_document` documents and searched for every
request. Dutch words are folded, stop words dropped and stems taken; a query word also finds
compounds that start with it or contain it, and an unknown word is corrected to the nearest
known one; more words narrow the results (see :mod:`kansen.search._analysis` and
:mod:`kansen.search._index` for the rules).

Examples
--------
>>> from kansen.search import Document, SearchIndex
>>> index = SearchIndex([
...     Document("a", {"title": "Huiswerkbegeleiding in de bibliotheek"}, points=((0, 0),)),
...     Document("b", {"title": "Sportvereniging De Zwaluw"}, points=((300, 400),)),
...     Document("c", {"title": "Schuldhulpverlening"}),
... ])
>>> [hit.id for hit in index.search("sporten").hits]
['b']
>>> [(hit.id, hit.distance_m) for hit in index.search(near=(0, 0), sort="distance").hits]
[('a', 0.0), ('b', 500.0), ('c', None)]
"""

from kansen.search._analysis import COMPOUND_PARTS, STOP_WORDS, DutchAnalyzer, fold, words
from kansen.search._heap import trim_heap
from kansen.search._index import (
    DEFAULT_WEIGHTS,
    Document,
    Documents,
    Hit,
    SearchIndex,
    SearchResult,
)
from kansen.search._offers import (
    ADULT_FROM,
    child_ages,
    offer_document,
    offer_documents,
    wijk_code,
)

__all__ = [
    "ADULT_FROM",
    "COMPOUND_PARTS",
    "DEFAULT_WEIGHTS",
    "STOP_WORDS",
    "Document",
    "Documents",
    "DutchAnalyzer",
    "Hit",
    "SearchIndex",
    "SearchResult",
    "child_ages",
    "fold",
    "offer_document",
    "offer_documents",
    "trim_heap",
    "wijk_code",
    "words",
]
