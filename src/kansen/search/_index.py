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
pseudo-frequencies as flat numpy arrays, facet matrices, points), so a search is a few numpy
operations over arrays as long as the index, and Python work only for the query's words and
the page of hits returned. Searching changes nothing but caches of word analysis (plain dict
writes, safe under the GIL), so one index can serve concurrent requests.
"""

from __future__ import annotations

import bisect
import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from kansen.search._analysis import DutchAnalyzer, fold, words

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
        The documents; ids must be unique.
    weights
        Field weights replacing those of :data:`DEFAULT_WEIGHTS` for the fields named.

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
        self, documents: Iterable[Document], *, weights: Mapping[str, float] | None = None
    ) -> None:
        self.analyzer = DutchAnalyzer()
        self._weights = {**DEFAULT_WEIGHTS, **(weights or {})}
        docs = list(documents)
        self._ids = [doc.id for doc in docs]
        if len(set(self._ids)) != len(self._ids):
            double = sorted({i for i in self._ids if self._ids.count(i) > 1})
            raise ValueError(f"Document ids must be unique; {', '.join(double)} occur twice.")
        if any(doc.extra and doc.translations for doc in docs):
            raise ValueError("A document has either extra texts or translations, not both.")
        self._position = {doc_id: i for i, doc_id in enumerate(self._ids)}
        n = len(docs)
        self._n = n
        context = self._build_text(docs)
        self._build_facets(docs)
        self._build_ages(docs)
        self._build_points(docs)
        titles = [fold(doc.fields.get("title", "")) for doc in docs]
        by_title = sorted(range(n), key=lambda i: (titles[i], self._ids[i]))
        self._title_order = np.asarray(by_title, dtype=np.int64)
        self._title_rank = np.empty(n, dtype=np.int64)
        self._title_rank[self._title_order] = np.arange(n)
        if context is not None:
            for code in sorted({code for doc in docs for code in doc.translations}):
                self._views[code] = self._build_view(code, docs, context)

    def __len__(self) -> int:
        return self._n

    # building ------------------------------------------------------------------------------

    def _build_text(self, docs: list[Document]) -> _Context | None:
        analyzer = self.analyzer
        stop = analyzer.stop_words
        # Every distinct word is analysed once; the documents are then handled with C-level
        # set, Counter and map operations over the words, which keeps 10,000 offers under 3 s.
        folded_of: dict[str, str] = {}
        dutch_stop: set[str] = set()  # words (as written) that fold to a stop word

        def learn(new: set[str]) -> None:
            for word in new:
                folded = folded_of[word] = fold(word)
                if folded in stop:
                    dutch_stop.add(word)

        # pass 1: the words of every field, their counts and lengths
        analysed: list[list[tuple[str, list[str], bool]]] = []  # field, words, dutch
        # the words of each document for highlighting, as numbers into one vocabulary of words
        # (as written): the number of a new word is the next one
        surface_number: defaultdict[str, int] = defaultdict()
        surface_number.default_factory = surface_number.__len__
        surfaces = array("l")
        surface_ends = array("l")
        lengths: dict[str, list[int]] = defaultdict(list)
        dutch_words: set[str] = set()
        other_words: set[str] = set()
        # one string object per distinct word: the lists of words of all documents, held until
        # pass 2, then cost a pointer per word instead of a string (a lower peak while building)
        same = dict[str, str]().setdefault
        for doc in docs:
            fields: list[tuple[str, list[str], bool]] = []
            seen: list[str] = []
            for name, text in doc.fields.items():
                found = words(text)
                found = list(map(same, found, found))
                distinct = set(found)
                learn({w for w in distinct if w not in folded_of})
                kept = [w for w in found if w not in dutch_stop] if distinct & dutch_stop else found
                fields.append((name, kept, True))
                lengths[name].append(len(kept))
                dutch_words.update(distinct)
                seen.extend(found)
            if doc.extra:
                found = [same(w, w) for text in doc.extra.values() for w in words(text)]
                learn({w for w in found if w not in folded_of})
                fields.append(("extra", found, False))
                lengths["extra"].append(len(found))
                other_words.update(found)
                seen.extend(found)
            analysed.append(fields)
            surfaces.extend(map(surface_number.__getitem__, dict.fromkeys(seen)))
            surface_ends.append(len(surfaces))
        self._surface_words = list(surface_number)
        self._surfaces = np.asarray(surfaces, dtype=_id_type(len(surface_number)))
        self._surface_starts = array("l", [0, *surface_ends])
        self._keys_of_word: dict[str, tuple[str, ...]] = {}
        average = {name: max(sum(v) / len(v), 1.0) for name, v in lengths.items()}

        # the analysis of every distinct word: stem, compound parts
        stem = analyzer.stem
        dutch_words -= dutch_stop
        folded_dutch = {folded_of[w] for w in dutch_words}
        stem_of_folded = {f: stem(f) for f in folded_dutch}
        lexicon = {f for f in folded_dutch if len(f) >= 3 and not f.isdigit()}
        lexicon |= {stem_of_folded[f] for f in lexicon}
        self._lexicon = frozenset(lexicon)
        # a compound's later parts become terms; its first part is found as its start
        self._parts: dict[str, tuple[str, ...]] = {}
        part_words: dict[str, tuple[str, ...]] = {}  # parts and leading parts: for typos
        for folded in folded_dutch:
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

        # pass 2: per document, the BM25F pseudo-frequency of every term, into flat arrays
        term_number: defaultdict[str, int] = defaultdict()
        term_number.default_factory = term_number.__len__  # a new term gets the next number
        flat_terms = array("l")  # (term, document, tf) of every term of every document
        flat_docs = array("i")
        flat_tf = array("f")  # kept as float32 in the index
        df_words: Counter[str] = Counter()
        # for the phrase bonus, the stems of each Dutch field in order, one character per stem
        # (a number into the stems as a code point), so that a phrase is a substring: one
        # string for all documents, cut by the start of each
        marks = {stem: _mark(i) for i, stem in enumerate(sorted(set(stem_of_word.values())))}
        mark_of_word = {w: marks[s] for w, s in stem_of_word.items()}
        self._stem_marks = marks
        phrase_texts: list[str] = []
        phrase_ends = array("l")
        phrase_length = 0
        for number, fields in enumerate(analysed):
            tf: defaultdict[str, float] = defaultdict(float)
            phrases = []
            in_doc: set[str] = set()
            for name, found, dutch in fields:
                if not found:
                    continue
                norm = self._weights.get(name, 1.0) / (1.0 - B + B * len(found) / average[name])
                if dutch:
                    phrases.append("".join(map(mark_of_word.__getitem__, found)))
                for keys in map(keys_of_word.__getitem__, found):
                    for key in keys:
                        tf[key] += norm
                in_doc.update(map(folded_of.__getitem__, found))
            flat_terms.extend(map(term_number.__getitem__, tf))
            flat_docs.extend(array("i", [number]) * len(tf))
            flat_tf.extend(tf.values())
            df_words.update(in_doc)
            phrase_texts.append(_FIELD_BREAK.join(phrases))
            phrase_length += len(phrase_texts[-1])
            phrase_ends.append(phrase_length)
        self._phrase_text = "".join(phrase_texts)
        self._phrase_starts = array("l", [0, *phrase_ends])
        del phrase_texts

        self._post_docs, self._post_tf, self._term_slices = _postings(
            flat_terms, flat_docs, flat_tf, term_number
        )

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
        self._own_docs = self._post_docs[:0]
        self._own_tf = self._post_tf[:0]
        self._replaced: frozenset[str] = frozenset()
        self._extra_words: list[str] = []
        self._extra_surfaces: np.ndarray | None = None
        self._extra_starts = array("l")
        languages = sorted({code for doc in docs for code in doc.translations})
        raw_df = df_words.copy() if languages else df_words
        self._word_df, self._words_by_length = _typo_words(df_words, part_words)
        self._views: dict[str, SearchIndex] = {}
        if languages:  # the views are built last, when everything they share is
            return _Context(analysed, folded_of, keys_of_word, average, raw_df, part_words)
        return None

    def _build_view(self, language: str, docs: list[Document], context: _Context) -> SearchIndex:
        """This index searched with the texts of ``language`` as ``extra``, the same results
        as an index built from documents with those texts as ``extra``, sharing what the
        language does not change: facets, ages, points, the phrase text, the Dutch stems and
        compound parts, and the postings of every term no word of the language touches.

        What the language changes: its words are ``x`` terms; a Dutch word that also occurs
        in the language's texts (a name, a number, *sport*) counts for its ``x`` term only, as
        in such an index; so the postings of the terms of those words are computed again
        (term by term in the order of the fields and words, so the sums are the same to the
        last bit), the ``extra`` field's average length, the other-language words for
        prefixes, the words and document counts for typos, and the words kept for
        highlighting that the Dutch texts lack.
        """
        folded_of = context.folded_of
        same = dict[str, str]().setdefault
        texts: list[list[str] | None] = []
        lengths: list[int] = []
        other_words: set[str] = set()
        for doc in docs:
            translation = doc.translations.get(language)
            if translation:
                found = [same(w, w) for text in translation.values() for w in words(text)]
                texts.append(found)
                lengths.append(len(found))
                other_words.update(found)
            else:
                texts.append(None)
        for word in other_words:
            if word not in folded_of:
                folded_of[word] = fold(word)
        average = max(sum(lengths) / len(lengths), 1.0) if lengths else 1.0
        weight = self._weights.get("extra", 1.0)
        dutch_keys = context.dutch_keys
        x_key = {w: "x" + folded_of[w] for w in other_words}
        shared = other_words & dutch_keys.keys()
        # the terms whose postings change: those of the language's words and those of Dutch
        # words that the language takes (counted again from every word that has them)
        taken = {key for w in shared for key in dutch_keys[w]}
        changed = taken | set(x_key.values())
        counted = shared | {w for w, keys in dutch_keys.items() if not taken.isdisjoint(keys)}

        term_number: defaultdict[str, int] = defaultdict()
        term_number.default_factory = term_number.__len__
        flat_terms = array("l")
        flat_docs = array("i")
        flat_tf = array("f")
        df_more: Counter[str] = Counter()
        extra_number: defaultdict[str, int] = defaultdict()
        extra_number.default_factory = extra_number.__len__
        extra_surfaces = array("l")
        extra_ends = array("l")
        surface_words, surfaces, starts = self._surface_words, self._surfaces, self._surface_starts
        for number, fields in enumerate(context.analysed):
            tf: defaultdict[str, float] = defaultdict(float)
            for name, found, _dutch in fields:
                hits = [w for w in found if w in counted] if found else found
                if not hits:
                    continue
                norm = self._weights.get(name, 1.0) / (
                    1.0 - B + B * len(found) / context.average[name]
                )
                for word in hits:
                    x = x_key.get(word)
                    if x is not None:
                        tf[x] += norm
                        continue
                    for key in dutch_keys[word]:
                        if key in changed:
                            tf[key] += norm
            extra = texts[number]
            if extra:
                norm = weight / (1.0 - B + B * len(extra) / average)
                for x in map(x_key.__getitem__, extra):
                    tf[x] += norm
                in_dutch = {folded_of[w] for _, kept, _ in fields for w in kept}
                df_more.update({folded_of[w] for w in extra} - in_dutch)
                seen = set(
                    map(
                        surface_words.__getitem__,
                        surfaces[starts[number] : starts[number + 1]].tolist(),
                    )
                )
                new = [w for w in dict.fromkeys(extra) if w not in seen]
                extra_surfaces.extend(map(extra_number.__getitem__, new))
            extra_ends.append(len(extra_surfaces))
            flat_terms.extend(map(term_number.__getitem__, tf))
            flat_docs.extend(array("i", [number]) * len(tf))
            flat_tf.extend(tf.values())

        view = object.__new__(SearchIndex)
        view.__dict__.update(self.__dict__)
        view.analyzer = DutchAnalyzer()  # its own stemmer: a view can be searched in a thread
        view._views = {}
        view._own_docs, view._own_tf, view._own_slices = _postings(
            flat_terms, flat_docs, flat_tf, term_number
        )
        view._replaced = frozenset(changed & self._term_slices.keys())
        view._other_keys = sorted(x[1:] for x in set(x_key.values()))
        view._extra_words = list(extra_number)
        view._extra_surfaces = np.asarray(extra_surfaces, dtype=_id_type(len(extra_number)))
        view._extra_starts = array("l", [0, *extra_ends])
        df_words = context.raw_df.copy()
        df_words.update(df_more)
        view._word_df, view._words_by_length = _typo_words(df_words, context.part_words)
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

    def _build_facets(self, docs: list[Document]) -> None:
        values: dict[str, set[str]] = defaultdict(set)
        for doc in docs:
            for name, chosen in doc.facets.items():
                values[name].update(chosen)
        self._facet_values: dict[str, list[str]] = {}
        self._facet_rows: dict[str, dict[str, int]] = {}
        self._facet_matrix: dict[str, np.ndarray] = {}
        for name in sorted(values):
            ordered = sorted(values[name])
            row = {value: i for i, value in enumerate(ordered)}
            matrix = np.zeros((len(ordered), self._n), dtype=np.float32)
            for number, doc in enumerate(docs):
                for value in doc.facets.get(name, ()):
                    matrix[row[value], number] = 1.0
            self._facet_values[name] = ordered
            self._facet_rows[name] = row
            self._facet_matrix[name] = matrix

    def _build_ages(self, docs: list[Document]) -> None:
        self._age_min = np.array(
            [-np.inf if d.ages[0] is None else d.ages[0] for d in docs], dtype=np.float64
        )
        self._age_max = np.array(
            [np.inf if d.ages[1] is None else d.ages[1] for d in docs], dtype=np.float64
        )

    def _build_points(self, docs: list[Document]) -> None:
        xs: list[float] = []
        ys: list[float] = []
        starts: list[int] = []
        owners: list[int] = []
        for number, doc in enumerate(docs):
            if doc.points:
                starts.append(len(xs))
                owners.append(number)
                for x, y in doc.points:
                    xs.append(float(x))
                    ys.append(float(y))
        self._px = np.asarray(xs, dtype=np.float64)
        self._py = np.asarray(ys, dtype=np.float64)
        self._point_starts = np.asarray(starts, dtype=np.int64)
        self._point_owners = np.asarray(owners, dtype=np.int64)

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
            order = candidates[np.lexsort((self._title_rank[candidates], distance[candidates]))]
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
        return np.asarray(self._facet_matrix[name][wanted].sum(axis=0) > 0)

    def _facet_counts(
        self, keep: np.ndarray, facet_masks: Mapping[str, np.ndarray]
    ) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for name, matrix in self._facet_matrix.items():
            base = keep.copy()
            for other, mask in facet_masks.items():
                if other != name:
                    base &= mask
            per_value = matrix @ base.astype(np.float32)
            counts[name] = {
                value: round(float(count))
                for value, count in zip(self._facet_values[name], per_value, strict=True)
            }
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
                start, end = own
                docs = self._own_docs[start:end]
                tf[docs] += self._own_tf[start:end] * factor
            else:
                start, end = self._term_slices[index_term]
                docs = self._post_docs[start:end]
                tf[docs] += self._post_tf[start:end] * factor
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


_FIELD_BREAK = "\0"


@dataclass
class _Context:
    """What building an index keeps for building the views of its languages."""

    analysed: list[list[tuple[str, list[str], bool]]]  # per document: field, words, dutch
    folded_of: dict[str, str]
    dutch_keys: dict[str, tuple[str, ...]]  # the index terms of every Dutch word (as written)
    average: dict[str, float]  # the average length of each field
    raw_df: Counter[str]  # documents per folded word, before compounds add to their parts
    part_words: dict[str, tuple[str, ...]]


def _postings(
    flat_terms: array[int],
    flat_docs: array[int],
    flat_tf: array[float],
    term_number: Mapping[str, int],
) -> tuple[np.ndarray, np.ndarray, dict[str, tuple[int, int]]]:
    """The postings of (term number, document, frequency) triples: documents and frequencies
    ordered by term (documents ascending within one: a stable sort of triples added document
    by document), and each term's slice of them."""
    terms = np.asarray(flat_terms, dtype=np.int64)
    order = np.argsort(terms, kind="stable")
    counts = np.bincount(terms, minlength=len(term_number))
    ends = np.cumsum(counts).tolist()
    starts = (np.cumsum(counts) - counts).tolist()
    return (
        np.asarray(flat_docs, dtype=np.int32)[order],
        np.asarray(flat_tf, dtype=np.float32)[order],
        {term: (starts[i], ends[i]) for term, i in term_number.items()},
    )


def _typo_words(
    df_words: Counter[str], part_words: Mapping[str, tuple[str, ...]]
) -> tuple[dict[str, int], dict[int, list[str]]]:
    """For typo correction: every word and part of a compound with its number of documents
    (a part counts the documents of its compounds), and the words by length, most frequent
    first. Changes ``df_words``."""
    for word, parts in part_words.items():
        for part in parts:
            df_words[part] += df_words[word]
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
