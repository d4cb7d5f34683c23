"""The search index on a small hand-made directory: exact ids, orders, counts and distances."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping

import numpy as np
import pytest

from kansen.search import Document, SearchIndex


def doc(
    doc_id: str,
    title: str,
    summary: str,
    *,
    support: set[str],
    audience: set[str],
    cost: str,
    ages: tuple[int | None, int | None] = (None, None),
    points: tuple[tuple[float, float], ...] = (),
    extra: Mapping[str, str] | None = None,
    languages: Collection[str] = ("nl",),
) -> Document:
    return Document(
        doc_id,
        {"title": title, "summary": summary},
        {
            "support_type": frozenset(support),
            "audience": frozenset(audience),
            "cost": frozenset({cost}),
            "language": frozenset(languages),
        },
        ages,
        points,
        extra or {},
    )


DOCS = [
    doc(
        "huiswerk",
        "Huiswerkbegeleiding in de bibliotheek",
        "Hulp bij huiswerk voor kinderen van groep 6 tot 8",
        support={"huiswerk"},
        audience={"kind"},
        cost="free",
        ages=(9, 12),
        points=((1000.0, 1000.0),),
    ),
    doc(
        "sportclub",
        "Sportvereniging De Zwaluw",
        "Voetbal en turnen voor jongeren",
        support={"sport"},
        audience={"jongere"},
        cost="price",
        ages=(6, 18),
        points=((4000.0, 5000.0), (1300.0, 1400.0)),  # the second is 500 m from (1000, 1000)
    ),
    doc(
        "zwem",
        "Zwemles voor het zwemdiploma",
        "Gratis zwemlessen voor kinderen zonder diploma",
        support={"sport"},
        audience={"kind"},
        cost="free",
        ages=(5, 12),
        points=((2000.0, 1000.0),),
    ),
    doc(
        "taalcafe",
        "Taalcafé Oost",
        "Samen Nederlands oefenen in het café",
        support={"taal"},
        audience={"ouder"},
        cost="free",
        ages=(18, None),
        extra={"en.title": "Language café East", "ar.title": "مقهى اللغة"},
        languages=("nl", "ar"),
    ),
    doc(
        "schuld",
        "Schuldhulpverlening",
        "Hulp bij schulden en geldzaken voor ouders",
        support={"geldzaken"},
        audience={"ouder"},
        cost="free",
        points=((1000.0, 4000.0),),
    ),
    doc(
        "opvoeding",
        "Opvoedingsondersteuning",
        "Steun bij vragen over opvoeden",
        support={"opvoeding"},
        audience={"ouder"},
        cost="contribution",
    ),
]
BY_TITLE = ["huiswerk", "opvoeding", "schuld", "sportclub", "taalcafe", "zwem"]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(DOCS)


def ids(index: SearchIndex, text: str = "", **options: object) -> list[str]:
    return [hit.id for hit in index.search(text, **options).hits]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("huiswerk", ["huiswerk"]),  # the start of the compound huiswerkbegeleiding
        ("sporten", ["sportclub"]),  # inflection + start of sportvereniging
        ("zwemmen", ["zwem"]),  # zwemles, zwemdiploma
        ("taal", ["taalcafe"]),  # taalcafé
        ("schulden", ["schuld"]),  # schuldhulpverlening
        ("ondersteuning", ["opvoeding"]),  # the last part of opvoedingsondersteuning
        ("opvoeden", ["opvoeding"]),  # verb meets noun: opvoed-
        ("diploma", ["zwem"]),  # a part of zwemdiploma, and the word itself
        ("café", ["taalcafe"]),  # with accent
        ("cafe", ["taalcafe"]),  # without accent
        ("HUISWERK", ["huiswerk"]),  # case
        ("language", ["taalcafe"]),  # an English translation, low weight
        ("مقهى", ["taalcafe"]),  # Arabic
        ("voetbal", ["sportclub"]),  # a plain word in the summary
        ("hulp", ["schuld", "huiswerk"]),  # title part + summary beats summary alone
        ("gratis kinderen", ["zwem"]),  # only the document with both words
        ("hulp bij schulden", ["schuld"]),
        ("paardrijden", []),  # unknown, nothing close
        ("de", BY_TITLE),  # only stop words: like an empty query
    ],
)
def test_what_a_query_finds_in_order(index: SearchIndex, query: str, expected: list[str]) -> None:
    assert ids(index, query) == expected


@pytest.mark.parametrize(
    ("query", "expected", "corrected"),
    [
        ("zwemmles", ["zwem"], "zwemles"),  # one letter too many (length 4-7: distance 1)
        ("huiswerkbegleiding", ["huiswerk"], "huiswerkbegeleiding"),  # one missing (>= 8)
        ("huiswrkbegleiding", ["huiswerk"], "huiswerkbegeleiding"),  # two missing (>= 8)
        ("sprot", ["sportclub"], "sport"),  # swapped letters; sport is a part of a compound
        ("gratis zwemmles", ["zwem"], "gratis zwemles"),  # the other words stay
        ("zwmmmls", [], None),  # too far from any word
        ("zwemles", ["zwem"], None),  # a known word is not corrected
    ],
)
def test_typos_are_corrected(
    index: SearchIndex, query: str, expected: list[str], corrected: str | None
) -> None:
    result = index.search(query)
    assert [hit.id for hit in result.hits] == expected
    assert result.corrected == corrected


def test_scores_follow_bm25_with_a_factor_per_route() -> None:
    # one-word titles of average length: a title occurrence counts 3 (the title weight), and a
    # term's score is idf * tf / (1.2 + tf) with tf multiplied by the factor of its route
    index = SearchIndex(
        [Document("whole", {"title": "Sport"}), Document("compound", {"title": "Sportschool"})]
    )
    hits = index.search("sport").hits
    idf = math.log(1 + (2 - 2 + 0.5) / (2 + 0.5))  # both documents have the term
    assert [hit.id for hit in hits] == ["whole", "compound"]
    assert hits[0].score == pytest.approx(idf * 3 / (1.2 + 3))
    assert hits[1].score == pytest.approx(idf * 1.8 / (1.2 + 1.8))  # start of a compound: 0.6

    typo = index.search("sprot")  # corrected to "sport": every factor times 0.8
    assert typo.corrected == "sport"
    assert [hit.score for hit in typo.hits] == pytest.approx(
        [idf * 2.4 / (1.2 + 2.4), idf * 1.44 / (1.2 + 1.44)]
    )


def test_occurrences_by_several_routes_add_up() -> None:
    # "huiswerk" as a tag and as the start of the title's compound beats either alone
    index = SearchIndex(
        [
            Document("both", {"title": "Huiswerkbegeleiding", "tags": "Huiswerk"}),
            Document("tag", {"title": "Bijles", "tags": "Huiswerk"}),
            Document("title", {"title": "Huiswerkbegeleiding", "tags": "Taal"}),
        ]
    )
    assert ids(index, "huiswerk") == ["both", "tag", "title"]


def test_the_title_weighs_more_than_the_summary() -> None:
    index = SearchIndex(
        [
            Document("summary", {"title": "Club", "summary": "Voetbal"}),
            Document("title", {"title": "Voetbal", "summary": "Club"}),
        ]
    )
    assert ids(index, "voetbal") == ["title", "summary"]


def test_the_exact_phrase_gets_a_bonus() -> None:
    index = SearchIndex(
        [
            Document("apart", {"title": "Hulp", "summary": "Ouders met schulden"}),
            Document("phrase", {"title": "Ouders", "summary": "Hulp bij schulden"}),
        ]
    )
    result = index.search("hulp schulden")
    assert [hit.id for hit in result.hits] == ["phrase", "apart"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # some document has every word: only those, however few
        ("zwemles sport", ["both0", "both1"]),
        # stop words do not count as words
        ("zwemles voor de sport", ["both0", "both1"]),
        # a word no document has cannot narrow: the documents with the other two
        ("zwemles sport kosteloos", ["both0", "both1"]),
        # no document has both words: those with one of them
        ("voetbal zwemles", ["both0", "both1", "voetbal", "zwemles"]),
        # a word alone finds more than with a second word
        ("sport", ["both0", "both1", "sport0", "sport1", "sport2"]),
    ],
)
def test_more_words_narrow_the_results(query: str, expected: list[str]) -> None:
    index = SearchIndex(
        [Document(f"both{i}", {"title": f"Zwemles en sport {i}"}) for i in range(2)]
        + [Document(f"sport{i}", {"title": f"Sport {i}"}) for i in range(3)]
        + [Document("zwemles", {"title": "Zwemles"}), Document("voetbal", {"title": "Voetbal"})]
    )
    result = index.search(query)
    assert sorted(hit.id for hit in result.hits) == expected
    assert result.total == len(expected)


def test_more_words_narrow_with_compounds_inflections_and_typos() -> None:
    index = SearchIndex(
        [
            Document("both", {"title": "Huiswerkbegeleiding", "summary": "Bijles wiskunde"}),
            Document("homework", {"title": "Huiswerkklas"}),
            Document("maths", {"title": "Wiskundeles"}),
        ]
    )
    assert ids(index, "huiswerk wiskunde") == ["both"]
    assert ids(index, "huiswerken wiskund") == ["both"]  # inflection, and a typo corrected
    assert sorted(ids(index, "huiswerk")) == ["both", "homework"]


def test_facet_counts_use_the_same_words_as_the_results() -> None:
    # choosing a facet value does not bring back documents with fewer of the words
    index = SearchIndex(
        [
            Document("both", {"title": "Zwemles en sport"}, {"cost": frozenset({"free"})}),
            Document("one", {"title": "Sport"}, {"cost": frozenset({"price"})}),
        ]
    )
    result = index.search("zwemles sport")
    assert [hit.id for hit in result.hits] == ["both"]
    assert result.facets == {"cost": {"free": 1, "price": 0}}
    assert index.search("zwemles sport", filters={"cost": ["price"]}).total == 0


def test_a_word_ranks_its_own_forms_above_derived_words_with_the_same_stem() -> None:
    # rekenen and rekeningen both stem to "reken": bills must not beat arithmetic, even
    # in the title and twice
    index = SearchIndex(
        [
            Document("bills", {"title": "Hulp bij rekeningen", "summary": "Rekeningen betalen"}),
            Document("maths", {"title": "Bijles", "description": "Taal en rekenen oefenen"}),
            Document("verb", {"title": "Bijles", "description": "Wie rekent er mee"}),
            Document("fund", {"title": "Rekeningfonds"}),
        ]
    )
    assert ids(index, "rekenen") == ["maths", "verb", "bills", "fund"]
    # and the other way round: forms of rekenen below the bills
    assert ids(index, "rekening")[:2] == ["bills", "fund"]
    assert sorted(ids(index, "rekening")[2:]) == ["maths", "verb"]


def test_compounds_are_not_derived_words() -> None:
    index = SearchIndex(
        [
            Document("bill", {"title": "Rekeningen betalen", "summary": "Rekeningen"}),
            Document("lesson", {"title": "Rekenles"}),
            Document("compound", {"title": "Huiswerkbegeleiding"}),
            Document("word", {"title": "Bijles", "description": "Huiswerk"}),
        ]
    )
    # rekenles is reken + les, a compound: above the derived word rekeningen
    assert ids(index, "rekenen") == ["lesson", "bill"]
    # a compound in the title (3 x 0.6) still beats the word in the description (1.0)
    assert ids(index, "huiswerk") == ["compound", "word"]


def test_matched_words_are_the_documents_own_words(index: SearchIndex) -> None:
    assert index.search("huiswerk").hits[0].matched == ("huiswerkbegeleiding", "huiswerk")
    assert index.search("cafe").hits[0].matched == ("taalcafé", "café")
    assert index.search("zwemmen").hits[0].matched == ("zwemles", "zwemdiploma", "zwemlessen")
    assert index.search("").hits[0].matched == ()


def test_empty_query_gives_every_document_by_title(index: SearchIndex) -> None:
    result = index.search()
    assert [hit.id for hit in result.hits] == BY_TITLE
    assert result.total == 6
    assert {hit.score for hit in result.hits} == {0.0}
    assert result.corrected is None
    assert len(index) == 6


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"cost": ["free"]}, ["huiswerk", "schuld", "taalcafe", "zwem"]),
        ({"support_type": ["sport", "taal"]}, ["sportclub", "taalcafe", "zwem"]),  # OR
        ({"support_type": ["sport"], "cost": ["free"]}, ["zwem"]),  # AND across facets
        ({"language": ["ar"]}, ["taalcafe"]),
        ({"cost": []}, BY_TITLE),  # nothing chosen: no filter
        ({"cost": ["unknown"]}, []),  # a value no document has
        ({"buurt": ["BU99990101"]}, []),  # a facet no document has
    ],
)
def test_filters(
    index: SearchIndex, filters: Mapping[str, Collection[str]], expected: list[str]
) -> None:
    assert ids(index, filters=filters) == expected


def test_facet_counts_are_disjunctive(index: SearchIndex) -> None:
    result = index.search(filters={"cost": ["free"], "audience": ["ouder"]})
    assert [hit.id for hit in result.hits] == ["schuld", "taalcafe"]
    assert result.facets == {
        # the cost counts ignore the cost filter but apply audience=ouder
        "cost": {"contribution": 1, "free": 2, "price": 0},
        # the audience counts ignore the audience filter but apply cost=free
        "audience": {"jongere": 0, "kind": 2, "ouder": 2},
        "language": {"ar": 1, "nl": 2},
        "support_type": {"geldzaken": 1, "huiswerk": 0, "opvoeding": 0, "sport": 0, "taal": 1},
    }


def test_facet_counts_follow_the_text_and_the_age(index: SearchIndex) -> None:
    result = index.search("kinderen", age=10)
    assert [hit.id for hit in result.hits] == ["zwem", "huiswerk"]  # the shorter summary first
    assert result.facets["cost"] == {"contribution": 0, "free": 2, "price": 0}
    assert result.facets["support_type"] == {
        "geldzaken": 0,
        "huiswerk": 1,
        "opvoeding": 0,
        "sport": 1,
        "taal": 0,
    }


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (4, ["opvoeding", "schuld"]),  # only the offers without ages
        (5, ["opvoeding", "schuld", "zwem"]),  # the lower bound is inclusive
        (12, ["huiswerk", "opvoeding", "schuld", "sportclub", "zwem"]),  # upper bound inclusive
        (13, ["opvoeding", "schuld", "sportclub"]),
        (18, ["opvoeding", "schuld", "sportclub", "taalcafe"]),
        (80, ["opvoeding", "schuld", "taalcafe"]),  # open upper bound
    ],
)
def test_age(index: SearchIndex, age: int, expected: list[str]) -> None:
    assert ids(index, age=age) == expected


def test_distance_sort_and_metres(index: SearchIndex) -> None:
    result = index.search(near=(1000.0, 1000.0), sort="distance")
    assert [(hit.id, hit.distance_m) for hit in result.hits] == [
        ("huiswerk", 0.0),
        ("sportclub", 500.0),  # the nearest of its two points (300, 400 away)
        ("zwem", 1000.0),
        ("schuld", 3000.0),
        ("opvoeding", None),  # no points: last, by title
        ("taalcafe", None),
    ]


def test_distance_sort_keeps_only_matching_documents(index: SearchIndex) -> None:
    result = index.search("kinderen", near=(2000.0, 1000.0), sort="distance")
    found = [(hit.id, hit.distance_m) for hit in result.hits]
    assert found == [("zwem", 0.0), ("huiswerk", 1000.0)]
    assert result.total == 2


def test_relevance_sort_with_near_still_reports_distances(index: SearchIndex) -> None:
    hits = index.search("hulp", near=(1000.0, 1000.0)).hits
    assert [(hit.id, hit.distance_m) for hit in hits] == [("schuld", 3000.0), ("huiswerk", 0.0)]


@pytest.mark.parametrize(
    ("limit", "offset", "expected"),
    [
        (2, 0, ["huiswerk", "opvoeding"]),
        (2, 2, ["schuld", "sportclub"]),
        (2, 4, ["taalcafe", "zwem"]),
        (2, 6, []),  # past the end
        (0, 0, []),
        (20, 5, ["zwem"]),
    ],
)
def test_paging(index: SearchIndex, limit: int, offset: int, expected: list[str]) -> None:
    result = index.search(limit=limit, offset=offset)
    assert [hit.id for hit in result.hits] == expected
    assert result.total == 6


def test_paging_a_text_query_keeps_the_order() -> None:
    index = SearchIndex(
        [Document(f"d{i:02d}", {"title": "Sport " + "extra " * i}) for i in range(30)]
    )
    everything = ids(index, "sport", limit=30)
    assert everything == [f"d{i:02d}" for i in range(30)]  # shorter title, higher score
    pages = [ids(index, "sport", limit=7, offset=start) for start in range(0, 30, 7)]
    assert [i for page in pages for i in page] == everything


def test_bad_arguments_are_refused(index: SearchIndex) -> None:
    with pytest.raises(ValueError, match="limit and offset must be 0 or more"):
        index.search(limit=-1)
    with pytest.raises(ValueError, match="sort must be 'relevance' or 'distance'"):
        index.search(sort="title")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ids must be unique; a occur"):
        SearchIndex([Document("a", {}), Document("a", {})])


def test_an_empty_index() -> None:
    index = SearchIndex([])
    result = index.search("sport", near=(0.0, 0.0), sort="distance")
    assert (result.hits, result.total, result.facets, result.corrected) == ([], 0, {}, None)
    assert len(index) == 0


def test_weights_can_be_changed() -> None:
    docs = [
        Document("summary", {"title": "Club", "summary": "Voetbal"}),
        Document("title", {"title": "Voetbal", "summary": "Club"}),
    ]
    index = SearchIndex(docs, weights={"title": 0.1, "summary": 5.0})
    assert ids(index, "voetbal") == ["summary", "title"]


def test_past_65536_words_highlights_and_phrases_stay_the_same() -> None:
    # words and stems are kept as numbers: 70,000 filler words need more than 16 bits, and
    # the stems of "hulp" and "schulden" sort after them, past the surrogate code points
    filler = [
        Document(f"f{i}", {"description": " ".join(f"a{i:03d}{j:03d}" for j in range(100))})
        for i in range(700)
    ]
    index = SearchIndex(
        [
            *filler,
            Document("apart", {"title": "Hulp", "summary": "Ouders met schulden"}),
            Document("phrase", {"title": "Ouders", "summary": "Hulp bij schulden"}),
        ]
    )
    result = index.search("hulp schulden")
    assert [(hit.id, hit.matched) for hit in result.hits] == [
        ("phrase", ("hulp", "schulden")),
        ("apart", ("hulp", "schulden")),
    ]
    assert [(hit.id, hit.matched) for hit in index.search("a699099").hits] == [
        ("f699", ("a699099",))
    ]


def test_past_65536_documents_hits_facets_and_distances_stay_the_same() -> None:
    # document numbers past 16 bits are kept in 3 bytes (the postings and the facets' bits)
    filler = [
        Document(f"f{i}", {"title": "Zwemles"}, {"cost": frozenset({"free"})})
        for i in range(70_000)
    ]
    index = SearchIndex(
        [
            Document("first", {"title": "Huiswerk"}, {"cost": frozenset({"price"})}),
            *filler,
            Document("last", {"title": "Huiswerkklas"}, {"cost": frozenset({"price"})}, (6, 12)),
            Document("near", {"title": "Zwemles huiswerk"}, points=((10.0, 0.0),)),
        ]
    )
    result = index.search("huiswerk", age=8)
    assert [hit.id for hit in result.hits] == ["first", "last", "near"]  # as the former index
    assert result.facets == {"cost": {"free": 0, "price": 2}}
    assert index.search("zwemles", filters={"cost": ["price"]}).total == 0
    assert index.search("zwemles").total == 70_001
    found = index.search("huiswerk", near=(0.0, 0.0), sort="distance", limit=1).hits
    assert [(hit.id, hit.distance_m) for hit in found] == [("near", 10.0)]


def test_postings_read_back_as_built() -> None:
    # frequencies are kept as 2-byte numbers into their distinct values when there are at
    # most 65,536 of them, else as they are; document numbers in 2 or 3 bytes
    from kansen.search._index import _Postings

    docs = np.arange(0, 140_000, 2, dtype=np.int64)
    for tf in (
        (np.arange(70_000) % 7 / 3).astype(np.float32),
        (np.arange(70_000) / 3).astype(np.float32),
    ):
        postings = _Postings.of(docs, tf)
        read_docs, read_tf = postings.read(65_000, 70_000)
        assert read_docs.tolist() == docs[65_000:70_000].tolist()
        assert read_tf.tobytes() == tf[65_000:70_000].tobytes()
    assert _Postings.of(docs, (np.arange(70_000) % 7).astype(np.float32)).nbytes == 70_000 * 5 + 28
    assert _Postings.of(docs, (np.arange(70_000) / 3).astype(np.float32)).nbytes == 70_000 * 7


def test_a_text_holding_the_field_break_is_read_as_any_other() -> None:
    # a document's fields are searched in one text, apart by "\0"; a text that holds "\0"
    # itself is read field by field, the "\0" splitting words like any other character
    def index(title: str) -> SearchIndex:
        return SearchIndex(
            [
                Document("a", {"title": title, "summary": "Zwemmen in het bad"}),
                Document("b", {"title": "Klas", "summary": "Huiswerk"}),
            ]
        )

    odd, plain = index("Huiswerk\0klas"), index("Huiswerk klas")
    for query in ("klas", "zwemmen", "huiswerk klas"):
        found = [(hit.id, hit.score, hit.matched) for hit in odd.search(query).hits]
        assert found == [(hit.id, hit.score, hit.matched) for hit in plain.search(query).hits]
    assert [(hit.id, hit.matched) for hit in odd.search("klas").hits] == [
        ("b", ("klas",)),
        ("a", ("klas",)),
    ]


def test_typo_counts_of_compound_parts_do_not_depend_on_the_order_of_the_words() -> None:
    """A part counts the documents of each compound that holds it, as that compound has them:
    "huis" gains the 3 documents of "huiswerk", not the 5 it has after "huiswerkklas" added
    its own. The words come from a set, whose order differs between processes."""
    from collections import Counter

    from kansen.search._index import _typo_words

    df = {"huiswerkklas": 2, "huiswerk": 3, "klas": 1, "huis": 5, "werk": 4}
    compounds = {"huiswerkklas": ("huiswerk", "klas"), "huiswerk": ("huis", "werk")}
    expected = {"huiswerkklas": 2, "huiswerk": 5, "klas": 3, "huis": 8, "werk": 7}
    for order in (list(compounds), list(reversed(compounds))):
        counts, by_length = _typo_words(Counter(df), {w: compounds[w] for w in order})
        assert counts == expected
        assert by_length[4] == ["huis", "werk", "klas"]  # most documents first
