"""An in-memory search index: weighted fields, compounds, typos, facets and distance.

Ranking is BM25F. Per document and index term, the occurrences in each field are weighted
(:data:`DEFAULT_WEIGHTS`: title highest, then tags, summary, provider, description, other
languages lowest), normalised by the field's length against its average and summed into a
pseudo-frequency ``tf``. A query word reaches index terms by several routes, each multiplying
the ``tf`` it finds:

=====================  ======  ==========================================================
route                  factor  example (query -> document)
=====================  ======  ==========================================================
same stem              1.0     ``sporten`` -> ``sport``
start of a compound    0.6     ``huiswerk`` -> ``huiswerkbegeleiding``; also in the closed-
                               syllable spelling: ``voorlezen`` -> ``voorleesochtend``
later compound part    0.5     ``hulp`` -> ``schuldhulpverlening``
derived word (weak)    0.6     ``rekenen`` -> ``rekeningen`` (same stem), ``reken`` ->
                               ``rekeningfonds`` (start): see below
unknown word split     x 0.8   ``opvoedcursus`` -> ``opvoed`` and ``cursus``, two terms
typo corrected         x 0.8   ``huiswerkbegleiding`` -> ``huiswerkbegeleiding``
=====================  ======  ==========================================================

The ``tf`` of all routes add up (a tag "Huiswerk" and a title "Huiswerkbegeleiding" count
more than either) and the word scores ``idf x tf / (k1 + tf)``, its idf counting the
documents found by any route. The query's words in the same order in one field give a phrase
bonus.

More words narrow the results. Only the documents with the most query words that any
document (of the right age) has are returned: every word when some document has them all,
otherwise as many as one has (a word no document has cannot narrow anything). So a second word
never adds results, and a query of words that never meet still finds the documents with one.

A *weak* route is a word that only shares its start with the query word and goes on with a
derivational ending (*-ing*, *-heid*, *-lijk*, *-ig*, *-baar*, *-end*): ``rekeningen`` (bills)
for ``rekenen`` (arithmetic), though the stemmer gives both ``reken``. The word's own
inflections (``rekent``) and compounds (``huiswerkbegeleiding``) are not weak. A document
found by a weak route is still found, but documents ranked by how many query words they have
by other routes first, by score within that.

Everything that does not depend on the query is computed when the index is built (terms,
pseudo-frequencies as compact numpy arrays, a bit per facet value and document, points), so a
search is a few numpy operations over arrays as long as the index, and Python work only for
the query's words and the page of hits returned. The build too is numpy work over the words of
every text numbered into one vocabulary, with Python work per distinct word and per document
read (ADR 0031, amendments of 2026-12-07); the words are found and numbered in compiled code,
some thousands of documents at a time (:mod:`._tokens`: the same words as :func:`words`).
Searching changes nothing but caches of word analysis (plain dict writes, safe under the GIL),
so one index can serve concurrent requests.
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from kansen.search._analysis import DutchAnalyzer, _fold_text, fold, words
from kansen.search._heap import building
from kansen.search._tokens import numbered_words
from kansen.system import cores

__all__ = ["DEFAULT_WEIGHTS", "Document", "Hit", "SearchIndex", "SearchResult"]

DEFAULT_WEIGHTS: Mapping[str, float] = {
    "title": 3.0,
    "tags": 2.0,
    "summary": 1.5,
    "provider": 1.2,
    "areas": 1.0,
    "description": 1.0,
    "how_to_apply": 0.5,
    "extra": 0.3,
}
"""Field weights; a field not named here weighs 1.0; ``extra`` is every other-language text."""

K1 = 1.2
B = 0.75
EXACT, PREFIX, PART, TYPO = 1.0, 0.6, 0.5, 0.8
PHRASE_BONUS = 1.3
PHRASE_POOL = 100
MIN_PREFIX = 4
SPLIT = 0.8
_SHORT_END = re.compile(r"(?:^|[^aeiou])([aeiou])([^aeiouyj])$")
# Endings that make another word of a stem (rekenen -> rekening, mogelijk -> mogelijkheid);
# the stemmer removes them, so words with and without one share a stem.
_DERIVATION = re.compile(r"ing|heid|hed|lijk|baar|bar|end|ig")
_DERIVED_START = re.compile(r"(?:ing|heid|hed|lijk)|(?:ig|baar|bar|end)(?:e|en|er|es|s|st|ste)?$")
_VOWELS = frozenset("aeiouy")


@dataclass(frozen=True)
class Document:
    """Something to find: texts by field, facet values, ages, locations.

    ``extra`` holds texts in other languages: searched with a low weight, not stemmed as
    Dutch. ``translations`` holds texts by language (``{"en": {"title": ...}}``): the index
    searches one language's texts as ``extra`` when asked for that language
    (:meth:`SearchIndex.translated`), without a whole index per language. ``points`` are RD New
    (EPSG:28992) coordinates in metres.
    """

    id: str
    fields: Mapping[str, str]
    facets: Mapping[str, frozenset[str]] = field(default_factory=dict)
    ages: tuple[int | None, int | None] = (None, None)
    points: tuple[tuple[float, float], ...] = ()
    extra: Mapping[str, str] = field(default_factory=dict)
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Documents:
    """Many documents at once, as columns: what a list of :class:`Document` holds, read faster
    (a column of texts is read as a whole, not a document at a time). Every column has a value
    per document, in the order of ``ids``.

    ``fields``: per field, its text in each document (the fields in this order in each);
    ``facets``: per facet, the values of each document (a value twice counts once, as in the
    set of a :class:`Document`); ``ages`` and ``points`` as in
    :class:`Document`; ``translations``: per language, each document's texts in that language
    (its fields' texts, as a tuple: a word never spans two; or one text), or None for a
    document without any. No ``extra``.
    """

    ids: Sequence[str]
    fields: Mapping[str, Sequence[str]]
    facets: Mapping[str, Sequence[Collection[str]]] = field(default_factory=dict)
    ages: Sequence[tuple[int | None, int | None]] | None = None
    points: Sequence[tuple[tuple[float, float], ...]] | None = None
    translations: Mapping[str, Sequence[str | tuple[str, ...] | None]] = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    """One result: its score, distance to ``near`` and the words of the document that matched.

    ``matched`` holds the document's own words (lowercased, accents kept) that a query term
    found, in the order they first appear, for highlighting; empty for an empty query.
    """

    id: str
    score: float
    distance_m: float | None
    matched: tuple[str, ...]


@dataclass(frozen=True)
class SearchResult:
    """A page of hits, how many there are in all, facet counts, and the corrected query.

    ``facets[name][value]`` is the number of results that choosing ``value`` would give with
    every other filter applied (disjunctive counts); values in no result are listed with 0.
    ``corrected`` is the query with its typos corrected ("bedoelde u ..."), or None.
    """

    hits: list[Hit]
    total: int
    facets: dict[str, dict[str, int]]
    corrected: str | None


@dataclass
class _QueryTerm:
    word: str  # as typed, lowercased
    folded: str
    stem: str
    routes: list[tuple[str, float, bool]]  # index term, factor, strong (not a derived word)
    correction: str | None = None  # the known word that replaced an unknown one

    @property
    def used_stem(self) -> str:
        return self.stem if self.correction is None else self._corrected_stem

    _corrected_stem: str = ""


def _idf(n_docs: int, df: int) -> float:
    return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


class SearchIndex:
    """A search index over documents, built once and searched many times.

    Parameters
    ----------
    documents
        The documents, one by one or many at once (:class:`Documents`, faster), or both;
        ids must be unique.
    weights
        Field weights replacing those of :data:`DEFAULT_WEIGHTS` for the fields named.

    While it is built, the garbage collector pauses and the C library's heap is set for the
    build (process-wide; what the build freed is given back to the system when it ends:
    :func:`kansen.search._heap.building`).

    Examples
    --------
    >>> index = SearchIndex([
    ...     Document("a", {"title": "Huiswerkbegeleiding"}, {"cost": frozenset({"free"})}),
    ...     Document("b", {"title": "Zwemles"}, {"cost": frozenset({"price"})}),
    ... ])
    >>> result = index.search("huiswerk")
    >>> [hit.id for hit in result.hits], result.facets
    (['a'], {'cost': {'free': 1, 'price': 0}})
    >>> index.search("zwemmles").corrected
    'zwemles'
    """

    def __init__(
        self,
        documents: Iterable[Document | Documents],
        *,
        weights: Mapping[str, float] | None = None,
    ) -> None:
        self.analyzer = DutchAnalyzer()
        self._weights = {**DEFAULT_WEIGHTS, **(weights or {})}
        with building():  # memory for a build (see there), given back after
            self._build(documents)

    def _build(self, documents: Iterable[Document | Documents]) -> None:
        read = _read(documents)  # one pass: a document is dropped once read
        self._ids = read.ids
        if len(set(self._ids)) != len(self._ids):
            double = sorted({i for i in self._ids if self._ids.count(i) > 1})
            raise ValueError(f"Document ids must be unique; {', '.join(double)} occur twice.")
        n = len(self._ids)
        self._n = n
        # threads, one per processor core (numpy and pyarrow work without the GIL): the
        # languages' own parts of their views while the Dutch texts' index is built, then
        # the views side by side
        codes = sorted(read.languages)
        with (
            ThreadPoolExecutor(cores(), thread_name_prefix="kansen-search-views") as pool,
            ThreadPoolExecutor(1, thread_name_prefix="kansen-search-text") as beside,
        ):
            prepared = [pool.submit(_prepare, read.languages.pop(code), n) for code in codes]
            context = self._build_text(read, bool(codes), beside)
            self._build_facets(read)
            self._age_min = np.asarray(read.age_min, dtype=np.float64)
            self._age_max = np.asarray(read.age_max, dtype=np.float64)
            self._px = np.asarray(read.xs, dtype=np.float64)
            self._py = np.asarray(read.ys, dtype=np.float64)
            self._point_starts = np.asarray(read.point_starts, dtype=np.int64)
            self._point_owners = np.asarray(read.point_owners, dtype=np.int64)
            titles = read.titles
            by_title = sorted(range(n), key=lambda i: (titles[i], self._ids[i]))
            read.titles = []
            self._title_order = np.asarray(by_title, dtype=np.int64)
            self._title_rank = np.empty(n, dtype=np.int64)
            self._title_rank[self._title_order] = np.arange(n)
            if context is not None:  # (every language's preparation is under way by now)
                views = [pool.submit(self._view, language, context) for language in prepared]
                self._views.update(zip(codes, (view.result() for view in views), strict=True))

    def _view(self, language: Future[_Prepared], context: _Context) -> SearchIndex:
        return self._build_view(language.result(), context)

    def __len__(self) -> int:
        return self._n

    # building ------------------------------------------------------------------------------

    def _build_text(
        self, read: _Read, languages: bool, beside: ThreadPoolExecutor
    ) -> _Context | None:
        """The index of the Dutch texts; ``beside``: a thread for work the rest does not wait
        for (the postings, the views' look-ups), which numpy does without the GIL."""
        analyzer = self.analyzer
        stop = analyzer.stop_words
        n = self._n
        # every word of every field (and of the other-language texts) as a number into one
        # vocabulary of words as written, numbered in the order they first appear (_read); a
        # field is a *segment* of that stream. Everything after is numpy over these numbers,
        # and Python work only per distinct word.
        number = read.number
        segment_names, segment_docs, segment_dutch = read.names, read.docs, read.dutch
        name_number = read.name_number
        texts = read.dutch_texts
        stream, sizes = texts.stream, texts.sizes
        texts.stream, texts.sizes = [], []
        vocabulary = list(number)[1:]
        numbered = {word: i for i, word in enumerate(vocabulary)}
        number.clear()  # the vocabulary holds the words now
        tokens = np.concatenate(stream) - 1
        del stream
        seg_sizes: np.ndarray = np.concatenate(sizes)
        ends = np.cumsum(seg_sizes)
        seg_docs = np.asarray(segment_docs, dtype=np.int32)
        seg_dutch = np.asarray(segment_dutch, dtype=bool)
        seg_names = np.asarray(segment_names, dtype=np.int64)
        seg_of = np.repeat(np.arange(len(ends), dtype=np.int32), seg_sizes)
        doc_of = seg_docs[seg_of]
        dutch_token = seg_dutch[seg_of]

        # the words of each document for highlighting: each word once, in the order they
        # first appear in the document
        first = _first_in_doc(doc_of, tokens)
        self._surface_words = vocabulary
        self._surfaces = tokens[first].astype(_id_type(len(vocabulary)))
        self._surface_starts = _starts(doc_of[first], n)
        self._keys_of_word: dict[str, tuple[str, ...]] = {}

        # stop words leave the Dutch fields (not the other languages' texts)
        folded_words = [fold(word) for word in vocabulary]
        folded_of = dict(zip(vocabulary, folded_words, strict=True))
        is_stop = np.fromiter((f in stop for f in folded_words), dtype=bool, count=len(vocabulary))
        kept = ~(is_stop[tokens] & dutch_token)
        kept_tokens = tokens[kept]
        kept_segments = seg_of[kept]
        del tokens, seg_of, doc_of, dutch_token, kept
        kept_sizes = np.bincount(kept_segments, minlength=len(ends))
        in_dutch = np.zeros(len(vocabulary), dtype=bool)
        in_dutch[kept_tokens[seg_dutch[kept_segments]]] = True
        in_other = np.zeros(len(vocabulary), dtype=bool)
        in_other[kept_tokens[~seg_dutch[kept_segments]]] = True
        dutch_words = {vocabulary[i] for i in np.flatnonzero(in_dutch).tolist()}
        other_words = {vocabulary[i] for i in np.flatnonzero(in_other).tolist()}
        names = list(name_number)
        totals = np.bincount(seg_names, weights=kept_sizes, minlength=len(names)).tolist()
        counts = np.bincount(seg_names, minlength=len(names)).tolist()
        average = {
            name: max(int(totals[i]) / counts[i], 1.0) for i, name in enumerate(names) if counts[i]
        }

        # the analysis of every distinct word: stem, compound parts
        stem = analyzer.stem
        folded_dutch = {folded_of[w] for w in dutch_words}
        stem_of_folded = {f: stem(f) for f in folded_dutch}
        lexicon = {f for f in folded_dutch if len(f) >= 3 and not f.isdigit()}
        lexicon |= {stem_of_folded[f] for f in lexicon}
        self._lexicon = frozenset(lexicon)
        # a compound's later parts become terms; its first part is found as its start
        self._parts: dict[str, tuple[str, ...]] = {}
        part_words: dict[str, tuple[str, ...]] = {}  # parts and leading parts: for typos
        for folded in sorted(folded_dutch):  # in one order on every machine
            parts = analyzer.split_compound(folded, self._lexicon)
            if parts:
                part_words[folded] = (*parts, *_leading_parts(folded, parts))
                self._parts[folded] = tuple(dict.fromkeys(stem(p) for p in parts[1:]))
        stem_of_word = {w: stem_of_folded[folded_of[w]] for w in dutch_words}
        # a word's term is its stem, apart for a word with a derivational ending that the
        # stem lost: rekeningen -> reken~ing, not reken (rekenen)
        term_of_folded = {
            f: _stem_term(stem_of_folded[f], _derivation(f, stem_of_folded[f]))
            for f in folded_dutch
        }
        stem_terms: dict[str, set[str]] = defaultdict(set)
        for folded, term in term_of_folded.items():
            stem_terms[stem_of_folded[folded]].add(term)
        self._stem_terms = {key: tuple(sorted(v)) for key, v in stem_terms.items()}
        keys_of_word = {  # every index term a word (as written) counts for
            w: (
                term_of_folded[folded_of[w]],
                *("p" + p for p in self._parts.get(folded_of[w], ())),
            )
            for w in dutch_words
        }
        keys_of_word.update({w: ("x" + folded_of[w],) for w in other_words})

        # pass 2: per document and term, the BM25F pseudo-frequency: the norm of each field
        # (its weight over its length against the average) summed over the term's words
        weights = np.asarray([self._weights.get(name, 1.0) for name in names], dtype=np.float64)
        averages = np.asarray([average.get(name, 1.0) for name in names], dtype=np.float64)
        seg_norms = weights[seg_names] / (
            (1.0 - B) + B * kept_sizes.astype(np.float64) / averages[seg_names]
        )
        term_number: defaultdict[str, int] = defaultdict()
        term_number.default_factory = term_number.__len__
        word_keys = [
            [term_number[key] for key in keys_of_word.get(word, ())] for word in vocabulary
        ]
        kept_docs = seg_docs[kept_segments]
        postings = beside.submit(
            _term_postings,
            word_keys,
            kept_tokens,
            kept_docs,
            kept_segments,
            seg_norms,
            list(term_number),
        )

        # documents per folded word (for typos): each (document, word) once
        folded_number: defaultdict[str, int] = defaultdict()
        folded_number.default_factory = folded_number.__len__
        folded_ids = np.asarray([folded_number[f] for f in folded_words], dtype=np.int64)
        kept_folded = folded_ids[kept_tokens]
        once = _first_in_doc(kept_docs, kept_folded)
        doc_folded = beside.submit(_sorted_pairs, kept_folded[once], kept_docs[once])
        df_counts = np.bincount(kept_folded[once], minlength=len(folded_number)).tolist()
        folded_list = list(folded_number)
        df_words: Counter[str] = Counter({folded_list[i]: c for i, c in enumerate(df_counts) if c})

        # for the phrase bonus, the stems of each Dutch field in order, one character per stem
        # (a number into the stems as a code point), so that a phrase is a substring: one
        # string for all documents, cut by the start of each, fields apart by _FIELD_BREAK
        marks = {stem: _mark(i) for i, stem in enumerate(sorted(set(stem_of_word.values())))}
        self._stem_marks = marks
        mark_codes = np.zeros(len(vocabulary), dtype=np.uint32)
        for word, word_stem in stem_of_word.items():
            mark_codes[numbered[word]] = ord(marks[word_stem])
        phrase_segments = seg_dutch & (kept_sizes > 0)
        in_phrase = phrase_segments[kept_segments]
        phrase_docs = kept_docs[in_phrase]
        chosen = np.flatnonzero(phrase_segments)
        chosen_docs = seg_docs[chosen]
        follows = np.zeros(len(chosen), dtype=np.int64)  # a field after another of its doc
        follows[1:] = chosen_docs[1:] == chosen_docs[:-1]
        rank = np.cumsum(phrase_segments) - 1  # a segment's number among the chosen
        codes = mark_codes[kept_tokens[in_phrase]]
        places = np.arange(len(codes)) + np.cumsum(follows)[rank[kept_segments[in_phrase]]]
        phrase = np.zeros(len(codes) + int(follows.sum()), dtype="<u4")
        phrase[places] = codes
        self._phrase_text = phrase.tobytes().decode("utf-32-le")
        per_doc = np.bincount(phrase_docs, minlength=n) + np.bincount(
            chosen_docs, weights=follows, minlength=n
        ).astype(np.int64)
        self._phrase_starts = array("q", [0, *np.cumsum(per_doc).tolist()])
        del phrase, codes, places

        # prefix look-up: stems and the words they come from, and other-language words
        by_key: dict[str, set[str]] = defaultdict(set)
        for folded, folded_stem in stem_of_folded.items():
            by_key[folded].add(folded_stem)
            by_key[folded_stem].add(folded_stem)
        self._dutch_keys = sorted(by_key)
        self._dutch_key_stems = {key: tuple(sorted(v)) for key, v in by_key.items()}
        self._other_keys = sorted({folded_of[w] for w in other_words})
        # what a language's view replaces (none in the index itself, see _build_view)
        self._own_slices: dict[str, tuple[int, int]] = {}
        self._postings, self._term_slices = postings.result()
        self._own = self._postings
        self._replaced: frozenset[str] = frozenset()
        self._extra_words: list[str] = []
        self._extra_surfaces: np.ndarray | None = None
        self._extra_starts = array("q")
        raw_df = df_words.copy() if languages else df_words
        self._word_df, self._words_by_length = _typo_words(df_words, part_words)
        self._views: dict[str, SearchIndex] = {}
        if languages:  # the views are built last, when everything they share is
            surface_sizes: np.ndarray = np.diff(np.asarray(self._surface_starts, dtype=np.int64))
            surface_docs = np.repeat(np.arange(n, dtype=np.int64), surface_sizes)
            return _Context(
                number=numbered,
                folded_number=folded_number,
                dutch_folded=len(folded_number),
                dutch_keys=keys_of_word,
                kept_tokens=kept_tokens,
                kept_segments=kept_segments,
                kept_docs=kept_docs,
                seg_norms=seg_norms,
                doc_folded=doc_folded,
                doc_surfaces=beside.submit(_sorted_pairs, self._surfaces, surface_docs),
                raw_df=raw_df,
                part_words=part_words,
            )
        return None

    def _build_view(self, language: _Prepared, context: _Context) -> SearchIndex:
        """This index searched with the texts of ``language`` as ``extra``, the same results
        as an index built from documents with those texts as ``extra``, sharing what the
        language does not change: facets, ages, points, the phrase text, the Dutch stems and
        compound parts, and the postings of every term no word of the language touches.

        What the language changes: its words are ``x`` terms; a Dutch word that also occurs
        in the language's texts (a name, a number, *sport*) counts for its ``x`` term only, as
        in such an index; so the postings of the terms of those words are computed again
        (each sum in the order of the fields and words, so the sums are the same to the last
        bit), the ``extra`` field's average length, the other-language words for prefixes,
        the words and document counts for typos, and the words kept for highlighting that the
        Dutch texts lack.
        """
        n = self._n
        other, tokens, sizes = language.words, language.tokens, language.sizes
        doc_of = np.repeat(np.arange(n, dtype=np.int32), sizes)
        average = language.average
        weight = self._weights.get("extra", 1.0)

        folded = language.folded
        dutch_keys = context.dutch_keys
        x_keys = ["x" + f for f in folded]
        shared = set(other) & dutch_keys.keys()
        # the terms whose postings change: those of the language's words and those of Dutch
        # words that the language takes (counted again from every word that has them)
        taken = {key for w in shared for key in dutch_keys[w]}
        changed = taken | set(x_keys)
        counted = shared | {w for w, keys in dutch_keys.items() if not taken.isdisjoint(keys)}

        term_number: defaultdict[str, int] = defaultdict()
        term_number.default_factory = term_number.__len__
        x_of = dict(zip(other, x_keys, strict=True))
        dutch_vocabulary = list(context.number)
        word_keys: list[list[int]] = [[] for _ in dutch_vocabulary]
        for word in counted:
            x = x_of.get(word)
            chosen = [x] if x is not None else [k for k in dutch_keys[word] if k in changed]
            word_keys[context.number[word]] = [term_number[key] for key in chosen]
        keys, at = _expand(word_keys, context.kept_tokens)
        dutch_docs = context.kept_docs[at]
        dutch_norms = context.seg_norms[context.kept_segments[at]]
        del at
        x_numbers = np.asarray([term_number[x] for x in x_keys], dtype=np.int32)
        doc_norms = weight / ((1.0 - B) + B * sizes.astype(np.float64) / average)
        view = object.__new__(SearchIndex)
        view.__dict__.update(self.__dict__)
        view.analyzer = DutchAnalyzer()  # its own stemmer: a view can be searched in a thread
        view._views = {}
        # the Dutch texts' occurrences and the language's, merged by document (the Dutch first
        # within one, as the fields come before ``extra``)
        # (an occurrence's place: its own rank plus the other stream's occurrences of earlier
        # documents, or of earlier and its own: counts per document, not binary searches)
        other_before = np.cumsum(sizes) - sizes
        dutch_upto = np.cumsum(np.bincount(dutch_docs, minlength=n))
        dutch_at = np.arange(len(keys)) + other_before[dutch_docs]
        other_at = np.arange(len(tokens)) + dutch_upto[doc_of]
        size = len(keys) + len(tokens)
        all_keys = np.empty(size, dtype=np.int32)
        all_keys[dutch_at], all_keys[other_at] = keys, x_numbers[tokens]
        all_docs = np.empty(size, dtype=np.int32)
        all_docs[dutch_at], all_docs[other_at] = dutch_docs, doc_of
        all_norms = np.empty(size, dtype=np.float64)
        all_norms[dutch_at], all_norms[other_at] = dutch_norms, doc_norms[doc_of]
        del keys, dutch_docs, dutch_norms, dutch_at, other_at
        view._own, view._own_slices = _postings(all_keys, all_docs, all_norms, list(term_number))
        del all_keys, all_docs, all_norms
        view._replaced = frozenset(changed & self._term_slices.keys())
        view._other_keys = sorted(set(folded))

        # documents per folded word: the language's words its Dutch texts lack (numbered
        # after the Dutch texts' in a copy: views are built side by side)
        folded_number = _numbering()
        folded_number.update(context.folded_number)
        folded_ids = np.asarray([folded_number[f] for f in folded], dtype=np.int64)
        once = language.once_folded
        once_folded = folded_ids[tokens[once]]
        pairs = (once_folded << 32) | doc_of[once]
        maybe = once_folded < context.dutch_folded  # a folded word of the Dutch texts
        new = np.ones(len(once), dtype=bool)
        new[maybe] = ~_contains_by(context.doc_folded.result(), pairs[maybe], once_folded[maybe])
        more = np.bincount(once_folded[new], minlength=len(folded_number)).tolist()
        folded_list = list(folded_number)
        df_words = context.raw_df.copy()
        df_words.update({folded_list[i]: c for i, c in enumerate(more) if c})
        view._word_df, view._words_by_length = _typo_words(df_words, context.part_words)

        # for highlighting, the language's words that the document's Dutch texts lack
        once = language.once
        in_dutch = np.asarray([context.number.get(w, -1) for w in other], dtype=np.int64)
        surface = in_dutch[tokens[once]]
        pairs = (surface << 32) | doc_of[once]
        maybe = surface >= 0  # a word of the Dutch texts
        there = np.zeros(len(once), dtype=bool)
        there[maybe] = _contains_by(context.doc_surfaces.result(), pairs[maybe], surface[maybe])
        lacking = once[~there]
        # numbered in the order they first appear (pyarrow's hash table numbers them so)
        system = pa.system_memory_pool()  # not pyarrow's own pool, which keeps what is freed
        encoded = pc.dictionary_encode(
            pa.array(tokens[lacking], memory_pool=system), memory_pool=system
        )
        appearance = encoded.dictionary.to_numpy(zero_copy_only=False)
        numbers = encoded.indices.to_numpy(zero_copy_only=False)
        view._extra_words = [other[i] for i in appearance.tolist()]
        view._extra_surfaces = numbers.astype(_id_type(len(appearance)))
        view._extra_starts = _starts(doc_of[lacking], n)
        return view

    def translated(self, language: str | None) -> SearchIndex:
        """The index that also searches the texts in ``language`` (with the weight of
        ``extra``): the same results as an index of documents with those texts as ``extra``.
        Itself for Dutch (None or ``"nl"``) or a language no document has a text in."""
        if language is None:
            return self
        return self._views.get(language, self)

    @property
    def languages(self) -> list[str]:
        """The languages of the documents' translations, searched by :meth:`translated`."""
        return list(self._views)

    def _build_facets(self, read: _Read) -> None:
        self._facet_values: dict[str, list[str]] = {}
        self._facet_rows: dict[str, dict[str, int]] = {}
        # per facet, a bit per value and document, 8 bytes to 64 documents: a facet's counts
        # are a few thousand AND and bit-count operations on 100,000 documents
        self._facet_bits: dict[str, np.ndarray] = {}
        width = -(-self._n // 64) * 8  # bytes per value: whole 64-bit words
        for name in sorted(read.facets):
            seen, rows_seen, owners = read.facets[name]
            ordered = sorted(seen)
            row = {value: i for i, value in enumerate(ordered)}
            sorted_row = np.asarray([row[value] for value in seen], dtype=np.int64)
            rows = sorted_row[np.asarray(rows_seen, dtype=np.int64)]
            bits = np.zeros((len(ordered), width * 8), dtype=bool)
            bits[rows, np.asarray(owners, dtype=np.int64)] = True
            self._facet_values[name] = ordered
            self._facet_rows[name] = row
            self._facet_bits[name] = np.packbits(bits, axis=1).view(np.uint64)

    # searching -----------------------------------------------------------------------------

    def search(
        self,
        text: str = "",
        *,
        filters: Mapping[str, Collection[str]] = {},
        age: int | None = None,
        near: tuple[float, float] | None = None,
        sort: Literal["relevance", "distance"] = "relevance",
        limit: int = 20,
        offset: int = 0,
    ) -> SearchResult:
        """Find documents.

        Parameters
        ----------
        text
            Free Dutch text; empty (or only stop words) finds every document.
        filters
            Facet name -> chosen values: any chosen value within a facet, every facet.
        age
            Keep documents whose age range contains this age.
        near
            RD New x, y in metres: report each hit's distance to its nearest point.
        sort
            ``"relevance"`` (by title for an empty query) or ``"distance"`` (needs ``near``;
            documents without points last).
        limit, offset
            The page of hits.
        """
        if limit < 0 or offset < 0:
            raise ValueError(f"limit and offset must be 0 or more, not {limit} and {offset}.")
        if sort not in ("relevance", "distance"):
            raise ValueError(f"sort must be 'relevance' or 'distance', not {sort!r}.")
        n = self._n
        terms = self._query_terms(text)

        keep = np.ones(n, dtype=bool)
        if age is not None:
            keep &= (self._age_min <= age) & (age <= self._age_max)
        facet_masks = {
            name: self._facet_mask(name, chosen) for name, chosen in filters.items() if chosen
        }
        scores = np.zeros(n, dtype=np.float64)
        strength = np.zeros(n, dtype=np.int32)  # query words found by a route that is not weak
        if terms:
            found = np.zeros(n, dtype=np.int32)
            for term in terms:
                best, strong = self._term_weights(term)
                df = int(np.count_nonzero(best))
                if df:
                    scores += _idf(n, df) * best
                    found += best > 0
                    strength += strong
            # the most words a document of the right age has, whatever the facets: the facet
            # counts then tell what choosing a value would give
            most = int(found[keep].max()) if keep.any() else 0
            keep &= found >= max(1, most)

        results = keep.copy()
        for mask in facet_masks.values():
            results &= mask
        facets = self._facet_counts(keep, facet_masks)

        candidates = np.flatnonzero(results)
        distance = self._distances(near) if near is not None else None
        if sort == "distance" and distance is not None:
            pool = candidates
            wanted = offset + limit
            if pool.size > wanted > 0:  # only the nearest matter: drop the rest before sorting
                cut = np.partition(distance[pool], wanted - 1)[wanted - 1]
                if not np.isnan(cut):
                    pool = pool[distance[pool] <= cut]
            order = pool[np.lexsort((self._title_rank[pool], distance[pool]))]
            page = order[offset : offset + limit]
        elif terms:
            page = self._top_by_score(candidates, scores, strength, terms, offset + limit)
            page = page[offset:]
        else:
            order = self._title_order[results[self._title_order]]
            page = order[offset : offset + limit]

        hits = []
        for number in page.tolist():
            far = None if distance is None else float(distance[number])
            hits.append(
                Hit(
                    id=self._ids[number],
                    score=float(scores[number]),
                    distance_m=None if far is None or math.isinf(far) else far,
                    matched=self._matched_words(number, terms),
                )
            )
        corrected = None
        if any(term.correction for term in terms):
            corrected = self._corrected_text(text, terms)
        return SearchResult(
            hits=hits, total=int(candidates.size), facets=facets, corrected=corrected
        )

    def _facet_mask(self, name: str, chosen: Collection[str]) -> np.ndarray:
        rows = self._facet_rows.get(name, {})
        wanted = [rows[value] for value in chosen if value in rows]
        if not wanted:
            return np.zeros(self._n, dtype=bool)
        either = np.bitwise_or.reduce(self._facet_bits[name][wanted], axis=0)
        return np.unpackbits(either.view(np.uint8))[: self._n].astype(bool)

    def _facet_counts(
        self, keep: np.ndarray, facet_masks: Mapping[str, np.ndarray]
    ) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        packed = None if facet_masks else _packed(keep)
        for name, bits in self._facet_bits.items():
            base = packed
            if base is None:
                chosen = keep.copy()
                for other, mask in facet_masks.items():
                    if other != name:
                        chosen &= mask
                base = _packed(chosen)
            per_value = _bit_count(bits & base).sum(axis=1).tolist()
            counts[name] = dict(zip(self._facet_values[name], per_value, strict=True))
        return counts

    def _distances(self, near: tuple[float, float]) -> np.ndarray:
        x, y = near
        result = np.full(self._n, np.inf)
        if self._px.size:
            each = np.hypot(self._px - x, self._py - y)
            result[self._point_owners] = np.minimum.reduceat(each, self._point_starts)
        return result

    def _top_by_score(
        self,
        candidates: np.ndarray,
        scores: np.ndarray,
        strength: np.ndarray,
        terms: list[_QueryTerm],
        wanted: int,
    ) -> np.ndarray:
        """The best ``wanted`` candidates by strength, score, then title; with the phrase bonus.

        The bonus is looked for in the best :data:`PHRASE_POOL` candidates (more when more are
        wanted), in blocks of that size so that every page of a query sees the same order.
        """
        if wanted <= 0 or not candidates.size:
            return candidates[:0]
        # one number that orders by strength first: a score, even with the bonus, stays
        # below the step between two strengths
        step = float(scores[candidates].max()) * PHRASE_BONUS + 1.0
        rank = strength * step + scores
        room = PHRASE_POOL * math.ceil(wanted / PHRASE_POOL)
        pool = candidates
        if pool.size > room:  # only the top matters: drop the rest before sorting
            cut = np.partition(rank[pool], pool.size - room)[pool.size - room]
            pool = pool[rank[pool] >= cut]
        pool = pool[np.lexsort((self._title_rank[pool], -rank[pool]))][:room]
        if len(terms) > 1:
            marks = [self._stem_marks.get(t.used_stem) for t in terms]
            phrase = "".join(mark for mark in marks if mark is not None)
            text, starts = self._phrase_text, self._phrase_starts
            bonus = [
                len(phrase) == len(marks) and text.find(phrase, starts[i], starts[i + 1]) >= 0
                for i in pool.tolist()
            ]
            if any(bonus):
                chosen = pool[np.asarray(bonus)]
                scores[chosen] *= PHRASE_BONUS
                rank[chosen] = strength[chosen] * step + scores[chosen]
                pool = pool[np.lexsort((self._title_rank[pool], -rank[pool]))]
        return pool[:wanted]

    # query analysis ------------------------------------------------------------------------

    def _query_terms(self, text: str) -> list[_QueryTerm]:
        """The query's words with their routes into the index.

        A word the index does not know is first split into known words (``opvoedcursus`` ->
        ``opvoed`` + ``cursus``, each a query term of its own), else corrected to the nearest
        known word (``schulhulp`` -> ``schuldhulp``).
        """
        analyzer = self.analyzer
        terms: list[_QueryTerm] = []
        seen: set[str] = set()

        def add(word: str, folded: str, factor: float) -> _QueryTerm | None:
            stem = analyzer.stem(folded)
            if stem in seen:
                return None
            seen.add(stem)
            term = _QueryTerm(word, folded, stem, self._routes(folded, stem, factor))
            terms.append(term)
            return term

        for word in words(text):
            folded = fold(word)
            if analyzer.is_stop_word(folded):
                continue
            term = add(word, folded, 1.0)
            if term is None or term.routes:
                continue
            parts = analyzer.split_compound(folded, self._lexicon)
            if parts:
                terms.remove(term)
                seen.discard(term.stem)
                for part in parts:
                    add(word, part, SPLIT)
                continue
            correction = self._correct(folded)
            if correction is not None:
                corrected_stem = analyzer.stem(correction)
                term.routes = self._routes(correction, corrected_stem, TYPO)
                term.correction = correction
                term._corrected_stem = corrected_stem
        return terms

    def _routes(self, folded: str, stem: str, factor: float) -> list[tuple[str, float, bool]]:
        """The index terms that a query word finds, with the factor of each route and whether
        it is strong (anything but a derived word, see the module's docstring)."""
        postings, replacing, replaced = self._term_slices, self._own_slices, self._replaced
        routes: dict[str, tuple[bool, float]] = {}

        def add(term: str, weight: float, strong: bool = True) -> None:
            known = term in replacing or (term in postings and term not in replaced)
            if known and routes.get(term, (False, 0.0)) < (strong, weight):
                routes[term] = (strong, weight)

        derivation = _derivation(folded, stem)
        own = _stem_term(stem, derivation)
        for term in self._stem_terms.get(stem, ()):
            if term == own:
                add(term, EXACT * factor)
            else:  # the same stem with another derivational ending: rekenen and rekeningen
                add(term, PREFIX * factor, strong=False)
        add("x" + folded, EXACT * factor)
        add("p" + stem, PART * factor)
        for prefix in {stem, folded, _open_syllable(stem) or stem}:
            if len(prefix) < MIN_PREFIX:
                continue
            # the stem of a derived word is that of its base: rekent is no form of rekening
            base = derivation and prefix != folded
            for key in _starting_with(self._dutch_keys, prefix):
                strong = not base and not _is_derived(prefix, key[len(prefix) :])
                for found in self._dutch_key_stems[key]:
                    if found != stem:
                        for term in self._stem_terms[found]:
                            add(term, PREFIX * factor, strong)
        if len(folded) >= MIN_PREFIX:
            for key in _starting_with(self._other_keys, folded):
                if key != folded:
                    add("x" + key, PREFIX * factor)
        return [(term, weight, strong) for term, (strong, weight) in routes.items()]

    def _correct(self, folded: str) -> str | None:
        """The closest known word to an unknown query word, or None when none is close."""
        size = len(folded)
        if size < MIN_PREFIX or folded.isdigit():
            return None
        allowed = 1 if size < 8 else 2
        best: tuple[int, int, str] | None = None  # distance, -documents, word
        for length in range(size - allowed, size + allowed + 1):
            choices = self._words_by_length.get(length)
            if not choices:
                continue
            for word, distance, _ in process.extract(
                folded,
                choices,
                scorer=DamerauLevenshtein.distance,
                score_cutoff=allowed,
                limit=5,
            ):
                key = (int(distance), -self._word_df[word], word)
                if best is None or key < best:
                    best = key
        return None if best is None else best[2]

    def _term_weights(self, term: _QueryTerm) -> tuple[np.ndarray, np.ndarray]:
        """Per document, the saturated sum of a query term's occurrences by every route, and
        whether a strong route found it."""
        tf = np.zeros(self._n, dtype=np.float64)
        strong = np.zeros(self._n, dtype=bool)
        for index_term, factor, is_strong in term.routes:
            own = self._own_slices.get(index_term)
            if own is not None:
                docs, found = self._own.read(*own)
            else:
                docs, found = self._postings.read(*self._term_slices[index_term])
            tf[docs] += found * factor
            if is_strong:
                strong[docs] = True
        saturated: np.ndarray = tf / (K1 + tf)
        return saturated, strong

    def _matched_words(self, number: int, terms: list[_QueryTerm]) -> tuple[str, ...]:
        if not terms:
            return ()
        wanted = {index_term for term in terms for index_term, _, _ in term.routes}
        keys_of = self._keys_of_word
        matched = []
        start, end = self._surface_starts[number], self._surface_starts[number + 1]
        found = list(map(self._surface_words.__getitem__, self._surfaces[start:end].tolist()))
        if self._extra_surfaces is not None:  # a language's words the Dutch texts lack
            start, end = self._extra_starts[number], self._extra_starts[number + 1]
            found.extend(
                map(self._extra_words.__getitem__, self._extra_surfaces[start:end].tolist())
            )
        for word in found:
            keys = keys_of.get(word)
            if keys is None:
                folded = fold(word)
                parts = self._parts.get(folded, ())
                stem = self.analyzer.stem(folded)
                keys = (
                    _stem_term(stem, _derivation(folded, stem)),
                    "x" + folded,
                    *("p" + p for p in parts),
                )
                keys_of[word] = keys  # bounded: only words of documents
            if not wanted.isdisjoint(keys):
                matched.append(word)
        return tuple(matched)

    def _corrected_text(self, text: str, terms: list[_QueryTerm]) -> str:
        corrections = {t.word: t.correction for t in terms if t.correction}
        out = []
        for word in words(text):
            out.append(corrections.get(word) or word)
        return " ".join(out)


@dataclass
class _Language:
    """The texts of one language as read: its words numbered as they first appear."""

    number: defaultdict[str, int]
    stream: list[np.ndarray] = field(default_factory=list)  # the words, numbered, in batches
    docs: array[int] = field(default_factory=lambda: array("i"))  # documents with a text
    sizes: list[np.ndarray] = field(default_factory=list)  # how many words each one has
    texts: list[str] = field(default_factory=list)  # read, not yet numbered
    parts: array[int] = field(default_factory=lambda: array("i"))  # texts per document of them
    known: dict[str, dict[bytes, int]] = field(default_factory=dict)  # words by their bytes
    numbering: list[Future[tuple[np.ndarray, np.ndarray]]] = field(default_factory=list)

    def number_texts(self, worker: ThreadPoolExecutor) -> Future[tuple[np.ndarray, np.ndarray]]:
        """Number the words of the texts read so far, on ``worker``: one thread, always the
        same for a language, that numbers its batches in the order they are given (so that
        words are numbered as they first appear), while the documents are read on. The sizes
        are per document when ``parts`` tells how many texts each has, else per text."""
        texts, self.texts = self.texts, []
        parts, self.parts = self.parts, array("i")
        numbered = worker.submit(_numbered, texts, parts, self.number, self.known)
        self.numbering.append(numbered)
        return numbered

    def numbered(self) -> None:
        """The words of every batch, once numbered."""
        for numbered in self.numbering:
            found, sizes = numbered.result()
            self.stream.append(found)
            self.sizes.append(sizes)
        self.numbering = []


def _numbered(
    texts: list[str],
    parts: array[int],
    number: defaultdict[str, int],
    known: dict[str, dict[bytes, int]],
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`numbered_words`, and the words per document of ``parts`` texts each (if any)."""
    found, sizes = numbered_words(texts, number, known)
    if parts:
        counts = np.frombuffer(parts, dtype=np.int32)
        if len(counts) != len(texts):  # (a document has at least one text)
            sizes = np.add.reduceat(sizes, np.cumsum(counts) - counts)
    return found, sizes


@dataclass
class _Prepared:
    """What a language's view needs of its texts alone, made while the Dutch texts' index is
    built (:func:`_prepare`)."""

    words: list[str]  # the language's words as written, by number
    folded: list[str]  # each one folded
    tokens: np.ndarray  # the words of its texts, in order
    sizes: np.ndarray  # per document, how many words its texts have (0: no text)
    average: float  # words per document with a text
    once: np.ndarray  # the first occurrence of each word in each document
    once_folded: np.ndarray  # the first occurrence of each folded word in each document


def _prepare(language: _Language, n: int) -> _Prepared:
    """The view's part of the texts of ``language`` in ``n`` documents."""
    words = list(language.number)
    tokens = np.concatenate(language.stream)
    lengths_read = np.concatenate(language.sizes)
    language.stream, language.sizes = [], []
    has = np.zeros(n, dtype=bool)
    sizes = np.zeros(n, dtype=np.int64)
    owners = np.asarray(language.docs, dtype=np.int64)
    has[owners] = True
    sizes[owners] = lengths_read
    doc_of = np.repeat(np.arange(n, dtype=np.int32), sizes)
    lengths = sizes[has]
    folded = [fold(word) for word in words]
    local = _numbering()  # the folded words numbered here: their first occurrences are the same
    folded_numbers = np.asarray([local[f] for f in folded], dtype=np.int32)
    once = _first_in_doc(doc_of, tokens).astype(np.int32)  # kept for a while: compact
    if len(local) < len(words):  # words that fold to the same
        once_folded = _first_in_doc(doc_of, folded_numbers[tokens]).astype(np.int32)
    else:  # (a word is a folded word)
        once_folded = once
    return _Prepared(
        words=words,
        folded=folded,
        tokens=tokens,
        sizes=sizes,
        average=max(int(lengths.sum()) / len(lengths), 1.0) if len(lengths) else 1.0,
        once=once,
        once_folded=once_folded,
    )


@dataclass
class _Read:
    """Documents as :func:`_read` reads them, in compact form."""

    ids: list[str]
    number: defaultdict[str, int]  # the words of the Dutch texts, numbered as they appear
    name_number: defaultdict[str, int]  # the names of fields
    dutch_texts: _Language  # the words of every field (numbered by ``number``; 0 is unused)
    names: array[int]  # per field: its name, document and whether it is Dutch
    docs: array[int]
    dutch: array[int]
    languages: dict[str, _Language]
    facets: dict[str, tuple[defaultdict[str, int], array[int], array[int]]]  # values, pairs
    age_min: array[float]
    age_max: array[float]
    xs: array[float]
    ys: array[float]
    point_starts: array[int]
    point_owners: array[int]
    titles: list[str]


def _numbering() -> defaultdict[str, int]:
    """A dict that gives a new key the next number."""
    numbers: defaultdict[str, int] = defaultdict()
    numbers.default_factory = numbers.__len__
    return numbers


def _read(documents: Iterable[Document | Documents]) -> _Read:
    """Read the documents once, keeping in compact form what the index is built from, so that
    no document needs to be held while it is built (a generator of them is read one by one)."""
    number = _numbering()
    number[_FIELD_BREAK]  # number 0: the end of a field
    read = _Read(
        ids=[],
        number=number,
        name_number=_numbering(),
        dutch_texts=_Language(number),
        names=array("i"),
        docs=array("i"),
        dutch=array("b"),
        languages={},
        facets={},
        age_min=array("d"),
        age_max=array("d"),
        xs=array("d"),
        ys=array("d"),
        point_starts=array("q"),
        point_owners=array("q"),
        titles=[],
    )
    read.name_number["extra"]  # number 0, then the fields' names as they come
    dutch = read.dutch_texts
    languages = read.languages
    batch: list[Future[tuple[np.ndarray, np.ndarray]]] = []
    # the words are numbered in threads (mostly compiled code, without the GIL) while the
    # documents are read on: one per core, two to eight; a language always in the same one,
    # its batches in order
    with contextlib.ExitStack() as threads:
        lanes = [
            threads.enter_context(ThreadPoolExecutor(1, thread_name_prefix="kansen-search-words"))
            for _ in range(max(2, min(cores(), 8)))
        ]
        position = waiting = 0  # the next document's number; those read since the numbering
        for item in documents:
            if isinstance(item, Documents):
                count = _read_many(read, item, position)
            else:
                _read_one(read, item, position)
                count = 1
            position += count
            waiting += count
            if waiting >= _READ_BATCH:
                for earlier in batch:  # at most two batches of texts wait to be numbered
                    earlier.result()
                batch = [
                    language.number_texts(lanes[i % len(lanes)])
                    for i, language in enumerate((dutch, *languages.values()))
                ]
                waiting = 0
        for i, language in enumerate((dutch, *languages.values())):
            if language.texts or not language.numbering:
                language.number_texts(lanes[i % len(lanes)])
        for language in (dutch, *languages.values()):
            language.numbered()
    return read


def _language(read: _Read, code: str) -> _Language:
    """The texts read of the language ``code`` (new: none yet)."""
    language = read.languages.get(code)
    if language is None:
        language = read.languages[code] = _Language(_numbering())
    return language


def _facet(read: _Read, name: str) -> tuple[defaultdict[str, int], array[int], array[int]]:
    """The values of the facet ``name`` read so far (new: none yet): its values numbered, and
    the value and the document of each pair."""
    facet = read.facets.get(name)
    if facet is None:
        facet = read.facets[name] = (_numbering(), array("i"), array("i"))
    return facet


def _add_points(read: _Read, position: int, points: Sequence[tuple[float, float]]) -> None:
    """The points of the document numbered ``position``."""
    if points:
        read.point_starts.append(len(read.xs))
        read.point_owners.append(position)
        for x, y in points:
            read.xs.append(float(x))
            read.ys.append(float(y))


def _read_one(read: _Read, doc: Document, position: int) -> None:
    """Read one document, the document numbered ``position``."""
    if doc.extra and doc.translations:
        raise ValueError("A document has either extra texts or translations, not both.")
    read.ids.append(doc.id)
    texts = list(doc.fields.values())
    read.names.extend(map(read.name_number.__getitem__, doc.fields))
    read.dutch.extend([1] * len(texts))
    if doc.extra:
        texts.append(" ".join(doc.extra.values()))
        read.names.append(read.name_number["extra"])
        read.dutch.append(0)
    read.docs.extend([position] * len(texts))
    read.dutch_texts.texts.extend(texts)
    for code, translation in doc.translations.items():
        language = _language(read, code)
        if translation:  # its texts as one: words never span a space
            language.texts.append(" ".join(translation.values()))
            language.parts.append(1)
            language.docs.append(position)
    for name, chosen in doc.facets.items():
        values, rows, owners = _facet(read, name)
        rows.extend(map(values.__getitem__, chosen))
        owners.extend([position] * len(chosen))
    low, high = doc.ages
    read.age_min.append(-math.inf if low is None else low)
    read.age_max.append(math.inf if high is None else high)
    _add_points(read, position, doc.points)
    read.titles.append(_fold_text(doc.fields.get("title", "")))


def _read_many(read: _Read, many: Documents, first: int) -> int:
    """Read many documents at once, the first numbered ``first``, as :func:`_read_one` reads
    each of them; how many."""
    count = len(many.ids)
    columns: list[tuple[str, Sequence[object]]] = [
        *many.fields.items(),
        *many.facets.items(),
        *many.translations.items(),
    ]
    columns += [(n, c) for n, c in (("ages", many.ages), ("points", many.points)) if c is not None]
    for name, column in columns:
        if len(column) != count:
            raise ValueError(f"{name!r} has {len(column)} values for {count} documents.")
    numbers = np.arange(first, first + count, dtype=np.int32)
    read.ids.extend(many.ids)
    names = [read.name_number[name] for name in many.fields]
    read.names.extend(names * count)
    read.dutch.extend([1] * (len(names) * count))
    read.docs.frombytes(np.repeat(numbers, len(names)).tobytes())
    if names:  # each document's fields in turn
        texts = itertools.chain.from_iterable(zip(*many.fields.values(), strict=True))
        read.dutch_texts.texts.extend(texts)
    for code, translated in many.translations.items():
        language = _language(read, code)
        given = [text for text in translated if text is not None]
        if len(given) == count:
            language.docs.frombytes(numbers.tobytes())
        else:
            where = zip(range(first, first + count), translated, strict=True)
            language.docs.extend([at for at, text in where if text is not None])
        if str in set(map(type, given)):  # one text
            given = [(text,) if isinstance(text, str) else text for text in given]
        parts = np.fromiter(map(len, given), dtype=np.int32, count=len(given))
        if not parts.all():
            raise ValueError(
                f"No texts in {code!r} (an empty tuple): a document without any has None."
            )
        language.parts.frombytes(parts.tobytes())
        language.texts.extend(itertools.chain.from_iterable(given))
    for name, column in many.facets.items():
        values, rows, owners = _facet(read, name)
        rows.extend(map(values.__getitem__, itertools.chain.from_iterable(column)))
        sizes = np.fromiter(map(len, column), dtype=np.int64, count=count)
        owners.frombytes(np.repeat(numbers, sizes).tobytes())
    ages = many.ages if many.ages is not None else [(None, None)] * count
    read.age_min.extend([-math.inf if low is None else low for low, _ in ages])
    read.age_max.extend([math.inf if high is None else high for _, high in ages])
    if many.points is not None:
        sizes = np.fromiter(map(len, many.points), dtype=np.int64, count=count)
        has = np.flatnonzero(sizes)
        read.point_starts.frombytes((np.cumsum(sizes)[has] - sizes[has] + len(read.xs)).tobytes())
        read.point_owners.frombytes((has + first).tobytes())
        flat = np.asarray(
            [xy for points in many.points for xy in points], dtype=np.float64
        ).reshape(-1, 2)
        read.xs.frombytes(flat[:, 0].tobytes())
        read.ys.frombytes(flat[:, 1].tobytes())
    titles = many.fields.get("title")
    read.titles.extend(map(_fold_text, titles if titles is not None else [""] * count))
    return count


_READ_BATCH = 2000
"""Documents whose words are found and numbered at once (some megabytes of text)."""


_FIELD_BREAK = "\0"


@dataclass
class _Context:
    """What building an index keeps for building the views of its languages."""

    number: Mapping[str, int]  # the Dutch texts' words (as written) -> their number
    folded_number: defaultdict[str, int]  # folded words -> their number (a view adds its own)
    dutch_folded: int  # the folded words of the Dutch texts are numbered below this
    dutch_keys: dict[str, tuple[str, ...]]  # the index terms of every Dutch word (as written)
    kept_tokens: np.ndarray  # the words of the Dutch fields without stop words, in order
    kept_segments: np.ndarray  # the field of each
    kept_docs: np.ndarray  # the document of each
    seg_norms: np.ndarray  # the BM25F norm of each field
    doc_folded: Future[np.ndarray]  # the Dutch texts' folded words: (word << 32 | document)
    doc_surfaces: Future[np.ndarray]  # the highlighted words: (word << 32 | document)
    raw_df: Counter[str]  # documents per folded word, before compounds add to their parts
    part_words: dict[str, tuple[str, ...]]


def _stable_order(*keys: np.ndarray) -> np.ndarray:
    """The order that sorts by ``keys[0]``, then ``keys[1]``, ..., equal items keeping their
    order (non-negative integers): a least-significant-digit radix sort in 16-bit digits, each
    a stable numpy sort of ``uint16`` (itself a radix sort), much faster than a comparison
    sort of millions of 64-bit numbers."""
    if not len(keys[0]):
        return np.arange(0, dtype=np.int64)
    order: np.ndarray | None = None
    for key in reversed(keys):
        wide = np.asarray(key)
        top = int(wide.max())
        shift = 0
        while True:
            part = wide if order is None else wide[order]
            if top < 1 << 16:  # one digit
                digit = part.astype(np.uint16, copy=False)
            else:
                digit = ((part >> shift) & 0xFFFF).astype(np.uint16)
            step = np.argsort(digit, kind="stable")
            order = step if order is None else order[step]
            shift += 16
            if top >> shift == 0:
                break
    assert order is not None
    return order


def _distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct float32 ``values`` (by their bits, ascending) and each value's number among
    them: numbered by pyarrow's hash table of the bits (few distinct values among millions),
    then the few sorted."""
    system = pa.system_memory_pool()  # not pyarrow's own pool, which keeps what is freed
    encoded = pc.dictionary_encode(
        pa.array(values.view(np.uint32), memory_pool=system), memory_pool=system
    )
    found = encoded.dictionary.to_numpy()
    rank = np.argsort(found)
    renumber = np.empty(len(found), dtype=np.int32)
    renumber[rank] = np.arange(len(found), dtype=np.int32)
    codes: np.ndarray = renumber[encoded.indices.to_numpy(zero_copy_only=False)]
    return found[rank].view(np.float32), codes


def _first_in_doc(docs: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The positions, ascending, of the first occurrence of each (document, value) in a
    stream ordered by document.

    Block by block of whole documents (some 65,000 occurrences: a block's arrays stay in the
    processor's cache, where the whole stream's sort by value reads memory at random)."""
    n = len(values)
    first = np.zeros(n, dtype=bool)
    cuts = np.searchsorted(docs, docs[_FIRST_BLOCK::_FIRST_BLOCK], side="left").tolist()
    bounds = [0, *sorted(set(cuts) - {0}), n] if n else [0]
    for low, high in itertools.pairwise(bounds):
        block = values[low:high]
        order = _stable_order(block)  # by value; within one, by position, so by document
        value, doc = block[order], docs[low:high][order]
        new = np.ones(len(order), dtype=bool)
        new[1:] = (value[1:] != value[:-1]) | (doc[1:] != doc[:-1])
        first[low + order[new]] = True
    return np.flatnonzero(first)


_FIRST_BLOCK = 1 << 16


def _sorted_pairs(values: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """``value << 32 | document`` of pairs ordered by document, sorted (for :func:`_contains`):
    a stable radix sort by value alone (documents stay ascending within one), much faster
    than sorting the 64-bit numbers."""
    order = _stable_order(values)
    pairs: np.ndarray = (values[order].astype(np.int64) << 32) | docs[order]
    return pairs


def _starts(owners: np.ndarray, n: int) -> array[int]:
    """Where each document's items start in a list of items ordered by document, and the end."""
    return array("q", [0, *np.cumsum(np.bincount(owners, minlength=n)).tolist()])


def _contains(ordered: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Whether each of ``values`` is in the sorted array ``ordered``."""
    if not len(ordered):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)
    found: np.ndarray = ordered[at] == values
    return found


def _contains_by(ordered: np.ndarray, values: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Whether each of ``values`` is in the sorted array ``ordered``, looked up in the order of
    ``keys`` (non-negative integers that order the values as they are ordered: their high
    part): the binary searches then walk ``ordered`` forward instead of jumping through it at
    random (a tenth of the time for millions)."""
    order = _stable_order(keys)
    found = np.empty(len(values), dtype=bool)
    found[order] = _contains(ordered, values[order])
    return found


def _expand(word_keys: list[list[int]], tokens: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (term, position) of a stream of words, a word giving each of its terms in turn:
    the terms, and the position in ``tokens`` of each."""
    sizes = np.asarray([len(keys) for keys in word_keys], dtype=np.int64)
    flat = np.asarray([key for keys in word_keys for key in keys], dtype=np.int32)
    starts = np.cumsum(sizes) - sizes
    counts = sizes[tokens]
    where = np.flatnonzero(counts).astype(np.int32)  # the words with a term (a view: few)
    counts = counts[where]
    at = np.repeat(where, counts)
    before = np.cumsum(counts) - counts
    offsets = np.arange(len(at), dtype=np.int64) - np.repeat(before, counts)
    return flat[starts[tokens[at]] + offsets], at


def _term_postings(
    word_keys: list[list[int]],
    tokens: np.ndarray,
    docs: np.ndarray,
    segments: np.ndarray,
    norms: np.ndarray,
    terms: list[str],
) -> tuple[_Postings, dict[str, tuple[int, int]]]:
    """The postings of a stream of words (of each, its document and field), a word counting
    for each of its terms (``word_keys``) with the norm of its field (``norms``)."""
    keys, at = _expand(word_keys, tokens)
    return _postings(keys, docs[at], norms[segments[at]], terms)


def _postings(
    keys: np.ndarray,
    docs: np.ndarray,
    norms: np.ndarray,
    terms: list[str],
) -> tuple[_Postings, dict[str, tuple[int, int]]]:
    """The postings of occurrences (term number, document, norm): documents and frequencies
    ordered by term, documents ascending within one, and each term's slice of them. A
    frequency is the sum of its occurrences' norms, added in the order given (as the sums of
    a loop over the fields and words: the same to the last bit). The occurrences come ordered
    by document."""
    order = _stable_order(keys)  # by term; documents stay ascending within one
    occurrences = np.bincount(keys, minlength=len(terms))
    key = np.repeat(np.arange(len(terms), dtype=np.int32), occurrences)  # keys[order], in order
    doc = docs[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = (key[1:] != key[:-1]) | (doc[1:] != doc[:-1])
    first = np.flatnonzero(new)
    key, doc = key[first], doc[first]
    group = np.empty(len(order), dtype=np.int32)
    group[order] = np.cumsum(new, dtype=np.int32) - 1
    del order, new
    tf = np.bincount(group, weights=norms).astype(np.float32)  # in the order given
    del group
    counts = np.bincount(key, minlength=len(terms))
    ends = np.cumsum(counts).tolist()
    slices = {
        term: (ends[i] - c, ends[i])
        for i, (term, c) in enumerate(zip(terms, counts.tolist(), strict=True))
        if c
    }
    return _Postings.of(doc, tf), slices


class _Postings:
    """Documents and frequencies of postings, compact, read by slice.

    A document number takes 2 bytes up to 65,536 documents, else 3 (the low 16 bits and the
    high 8). A frequency takes 2 bytes, a number into the table of the distinct frequencies,
    when there are at most 65,536 of them, else 4 (the float32 itself). A frequency depends
    only on the lengths of the fields a term is in and its counts there, so values recur: a
    language's postings (one field) have some thousands at most; the benchmark's 20,000 offers
    have 1,800 among 892,000 Dutch postings (its offers are variations of 82, so their lengths
    repeat more than real texts'). Read, they are the same numbers.
    """

    __slots__ = ("_codes", "_high", "_low", "_values")

    def __init__(
        self, low: np.ndarray, high: np.ndarray | None, codes: np.ndarray, values: np.ndarray | None
    ) -> None:
        self._low, self._high, self._codes, self._values = low, high, codes, values

    @classmethod
    def of(cls, docs: np.ndarray, tf: np.ndarray) -> _Postings:
        """The postings of documents ``docs`` with frequencies ``tf``."""
        top = int(docs.max()) if len(docs) else 0
        high = None
        if top >= 2**16:
            high = (docs >> 16).astype(np.uint8 if top < 2**24 else np.uint32)
        low = (docs & 0xFFFF).astype(np.uint16)
        values, codes = _distinct(tf)
        if len(values) <= 2**16:
            return cls(low, high, codes.astype(np.uint16), values)
        return cls(low, high, tf, None)

    def read(self, start: int, end: int) -> tuple[np.ndarray, np.ndarray]:
        """The documents and frequencies of the postings from ``start`` to ``end``."""
        docs = self._low[start:end]
        if self._high is not None:
            docs = (self._high[start:end].astype(np.int32) << 16) | docs
        codes = self._codes[start:end]
        return docs, codes if self._values is None else self._values[codes]

    @property
    def nbytes(self) -> int:
        """The bytes the postings hold."""
        arrays = (self._low, self._high, self._codes, self._values)
        return sum(a.nbytes for a in arrays if a is not None)


def _packed(mask: np.ndarray) -> np.ndarray:
    """A boolean array as bits in 64-bit words (as the rows of the facets' bits)."""
    width = -(-len(mask) // 64) * 64
    padded = np.zeros(width, dtype=bool)
    padded[: len(mask)] = mask
    words: np.ndarray = np.packbits(padded).view(np.uint64)
    return words


_BYTE_BITS = np.asarray([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def _bit_count(words: np.ndarray) -> np.ndarray:
    """The number of bits set in each 64-bit word."""
    if hasattr(np, "bitwise_count"):  # numpy 2
        counted: np.ndarray = np.bitwise_count(words)
        return counted
    as_bytes = words.view(np.uint8).reshape(*words.shape, 8)
    summed: np.ndarray = _BYTE_BITS[as_bytes].sum(axis=-1, dtype=np.int64)
    return summed


def _typo_words(
    df_words: Counter[str], part_words: Mapping[str, tuple[str, ...]]
) -> tuple[dict[str, int], dict[int, list[str]]]:
    """For typo correction: every word and part of a compound with its number of documents
    (a part counts the documents of its compounds), and the words by length, most frequent
    first. Changes ``df_words``.

    A part gains the documents of each compound as the compound itself has them, not as other
    compounds have added to it (a compound that is also a part of a longer one): the counts
    then do not depend on the order of ``part_words``, which comes from a set of words."""
    own = dict(df_words)
    for word, parts in part_words.items():
        for part in parts:
            df_words[part] += own.get(word, 0)
    by_length: dict[int, list[str]] = defaultdict(list)
    for word in sorted(df_words, key=lambda w: (-df_words[w], w)):
        if len(word) >= MIN_PREFIX and not word.isdigit():
            by_length[len(word)].append(word)
    return dict(df_words), dict(by_length)


def _mark(number: int) -> str:
    """The character that stands for the stem numbered ``number`` in the phrase text: code
    points from 1 (0 separates fields), passing over the surrogates."""
    code = number + 1
    return chr(code if code < 0xD800 else code + 0x800)


def _id_type(count: int) -> type[np.unsignedinteger]:
    """The smallest unsigned integer type that numbers ``count`` things."""
    return np.uint16 if count <= 2**16 else np.uint32


def _derivation(folded: str, stem: str) -> str:
    """The derivational endings the stemmer took from a word: ``rekeningen`` -> ``ing``,
    ``mogelijkheden`` -> ``heid``, ``rekenen`` -> ``""``."""
    common = 0
    for a, b in zip(folded, stem, strict=False):
        if a != b:
            break
        common += 1
    rest = folded[common:]
    endings = {"hed": "heid", "bar": "baar"}
    found = {endings.get(e, e) for e in _DERIVATION.findall(rest)}
    return "+".join(sorted(found))


def _stem_term(stem: str, derivation: str) -> str:
    """The index term of a Dutch word: its stem, with its derivational endings if any."""
    return "w" + stem if not derivation else f"w{stem}~{derivation}"


def _is_derived(prefix: str, rest: str) -> bool:
    """Whether ``prefix + rest`` is another word derived from the prefix (``reken`` +
    ``ingfonds``) rather than one of its inflections (``t``) or a compound (``begeleiding``)."""
    if rest[:1] == prefix[-1:] and rest[:1] not in _VOWELS:
        rest = rest[1:]  # a doubled consonant: zwem + mer
    return _DERIVED_START.match(rest) is not None


def _leading_parts(word: str, parts: tuple[str, ...]) -> list[str]:
    """The starts of a compound that end after a part: schuldhulp of schuldhulpverlening."""
    heads = []
    position = 0
    for part in parts[:-1]:
        position = word.index(part, position) + len(part)
        heads.append(word[:position])
    return heads[1:]


def _open_syllable(stem: str) -> str | None:
    """The spelling of a stem in a closed syllable: lez(en) -> lees, kok(en) -> kook.

    Dutch writes a long vowel once in an open syllable and twice in a closed one, and ``z`` and
    ``v`` become ``s`` and ``f`` at the end: ``lezen`` and ``voorleesochtend``, ``koken`` and
    ``kookles``, ``leren`` and ``leert``. The stem of the inflected form starts the compound
    only in this spelling. None when the stem does not end in consonant, vowel, consonant.
    """
    match = _SHORT_END.search(stem)
    if match is None:
        return None
    vowel, last = match.group(1), match.group(2)
    return stem[: match.start(1)] + vowel * 2 + {"z": "s", "v": "f"}.get(last, last)


def _starting_with(keys: list[str], prefix: str) -> list[str]:
    start = bisect.bisect_left(keys, prefix)
    end = bisect.bisect_left(keys, prefix + "\U0010ffff")
    return keys[start:end]
