"""The index's words found in compiled code are exactly those of ``words()``, numbered alike."""

from __future__ import annotations

import random
import re
from collections import defaultdict

import pytest

from kansen.search import SearchIndex, words
from kansen.search._tokens import _class_of, _tables, numbered_words


def _numbering() -> defaultdict[str, int]:
    numbers: defaultdict[str, int] = defaultdict()
    numbers.default_factory = numbers.__len__
    return numbers


def _by_words(texts: list[str]) -> tuple[list[int], list[int], list[str]]:
    """What a loop over ``words()`` gives: word numbers, words per text, the vocabulary."""
    number = _numbering()
    found: list[int] = []
    sizes = []
    for text in texts:
        each = words(text)
        found.extend(number[w] for w in each)
        sizes.append(len(each))
    return found, sizes, list(number)


def _compiled(texts: list[str]) -> tuple[list[int], list[int], list[str]]:
    number = _numbering()
    found, sizes = numbered_words(texts, number)
    return found.tolist(), sizes.tolist(), list(number)


#: Texts where Python's lower-casing and classes of characters are easy to get wrong.
DIFFICULT = [
    "İstanbul İİ ıI",  # 'İ'.lower() is two code points, the second no letter
    "Straße STRASSE ẞ",
    "ΟΔΟΣ ΣΟΦΟΣ Σ σ ς ΑΣ.",  # a capital sigma lowers by what follows it
    "١٢٣ ٤ a ب ٥ x",  # Arabic digits are decimal digits; a lone one is a word
    "a_b c__d _x_",  # the underscore is no letter
    "𝐀𝐁𝐂 𝟏 𝟐𝟑 😀ab",  # beyond the Basic Multilingual Plane
    "x",
    "",
    "  ",
    "Ǆemal ǅ ǆ",  # title case
    "café CAFÉ cafe\u0301",  # a combining accent is no letter
    "Ω ℃ Å ﬁx ﬀ",
    "½ ² ³ ⅷ ①",  # numeric but not decimal
    "12ab 3 4x",
    "a1 1a b 2",
    "Ａ ＡＢ １ ２３",  # full width
    "ٱلعربية العربيَّة",
    "ÀÉÎÕÜ àéîõü ÿŸ µ ª º",
    "\t\n tab\u00a0nbsp\u2028ls",
    "ǰ ŉ",
    "Українська мова, ҐЄІЇ ґєії",
    "Ödev yardımı, IŞIK ışık, ĞÜŞÖÇ",
    "Zajęcia ŁÓDŹ łódź",
]


def test_the_class_of_every_code_point_is_that_of_re() -> None:
    """``[^\\W_]`` and ``\\d`` of a str pattern, tested on every code point."""
    letter, digit = re.compile(r"[^\W_]"), re.compile(r"\d")
    wrong = [
        code
        for code in range(0x110000)
        if _class_of(code)
        != (2 if digit.fullmatch(chr(code)) else 1 if letter.fullmatch(chr(code)) else 0)
    ]
    assert wrong == []


def test_the_lower_case_table_is_pythons() -> None:
    tables = _tables()
    wrong = [
        code
        for code in range(0x10000)
        if not tables.special[code] and chr(int(tables.lower[code])) != chr(code).lower()
    ]
    assert wrong == []
    assert [c for c in range(0x10000) if len(chr(c).lower()) != 1] == [0x130]
    assert tables.special[0x130]
    assert tables.special[0x3A3]
    assert (tables.of_lower[~tables.special] == tables.classes[tables.lower][~tables.special]).all()
    assert (tables.of_lower[tables.special] == 4).all()
    # a character that is not special lowers alike alone and in a word: a word's lower case
    # is that of its characters
    plain = [chr(c) for c in range(0x10000) if not tables.special[c]]
    assert "".join(plain).lower() == "".join(chr(int(tables.lower[ord(c)])) for c in plain)


@pytest.mark.parametrize("text", DIFFICULT)
def test_words_of_a_difficult_text(text: str) -> None:
    assert _compiled([text]) == _by_words([text])


def test_words_of_many_texts_numbered_as_they_first_appear() -> None:
    texts = [*DIFFICULT, "Zwemles en zwemles", "ZWEMLES taal", *reversed(DIFFICULT)]
    assert _compiled(texts) == _by_words(texts)
    found, sizes, vocabulary = _compiled(["Zwemles, taalcafé!", "", "taalcafé 2x 3 a"])
    assert vocabulary == ["zwemles", "taalcafé", "2x", "3"]
    assert found == [0, 1, 1, 2, 3]
    assert sizes == [2, 0, 3]


def test_words_of_batches_numbered_as_one_stream() -> None:
    """As the index numbers a language's texts: batch after batch with one numbering and one
    cache of the words seen by their bytes, batches of every kind (Latin-1, the table's, lowered
    by Python, beyond the BMP), a word written in capitals first and in another batch later."""
    batches = [
        ["Zwemles ZWEMLES", "Straße"],
        ["zwemles İstanbul ΑΣ", "ΣΟΦΟΣ sport"],
        ["Ödev ödev ZWEMLES", "Σοφος"],
        ["ÖDEV Łódź", "Українська мова МОВА"],
        ["SPORT 𝐀𝐁 straße", "istanbul ΟΔΟΣ"],
        ["STRASSE Łódź", "ΟΔΟΣ zwemles"],
        ["Zwemles", "sport 1"],
    ]
    number = _numbering()
    known: dict[str, dict[bytes, int]] = {}
    found: list[int] = []
    sizes: list[int] = []
    for texts in batches:
        numbers, counts = numbered_words(texts, number, known)
        found.extend(numbers.tolist())
        sizes.extend(counts.tolist())
    assert (found, sizes, list(number)) == _by_words([t for texts in batches for t in texts])
    assert {"latin-1", "utf-16-le", "utf-16-le lowered", "utf-32-le lowered"} <= known.keys()


@pytest.mark.parametrize(
    "texts",
    [
        ["ab\0cd e", "fg"],  # Latin-1
        ["مرحبا\0بكم يا", "fg"],  # UTF-16, lowered by the table
        ["İstanbul\0ΣΑΣ ab", "fg"],  # UTF-16, lowered by Python
        ["😀 ab\0cd 𝟙", "fg"],  # beyond the BMP
        ["ab \ud800\0cd", "fg"],  # a lone surrogate
    ],
)
def test_a_text_with_the_break_character(texts: list[str]) -> None:
    assert _compiled(texts) == _by_words(texts)
    assert _compiled(texts)[1] == [len(words(texts[0])), 1]


def test_no_texts() -> None:
    assert _compiled([]) == ([], [], [])


@pytest.mark.parametrize("seed", range(4))
def test_words_of_random_texts(seed: int) -> None:
    """Random texts of letters, digits, marks and spaces of many scripts, each script alone
    (the Latin-1 and the table's ways) and mixed (with İ, a capital sigma, beyond the BMP)."""
    rng = random.Random(seed)
    scripts = [
        range(0x20, 0x100),
        range(0x100, 0x250),
        range(0x370, 0x400),
        range(0x400, 0x530),
        range(0x600, 0x700),
        range(0x2000, 0x2200),
        range(0xFF00, 0xFF70),
        [0x130, 0x3A3, 0x1E9E, 0x1D400, 0x1D7CF, 0x1F600, 0x10400, 0x10428, 0x5F, 0x301],
    ]
    for _ in range(300):
        chosen = rng.sample(scripts, rng.randint(1, 3))
        alphabet = [chr(c) for script in chosen for c in script] + [" "] * 30
        texts = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
            for _ in range(rng.randint(1, 6))
        ]
        assert _compiled(texts) == _by_words(texts), texts


@pytest.mark.parametrize("seed", range(3))
def test_words_of_random_turkish_texts(seed: int) -> None:
    """Texts whose only special character is İ (found in the texts as written, an İ ending
    its word) beside texts with a capital sigma (lowered as a whole), numbered as one stream."""
    rng = random.Random(seed)
    alphabet = [*"İİİIıiabcçğöşüÇĞÖŞÜ0١ .,'-_", "\u0307", "\u0301", "\u00ad"]
    for _ in range(300):
        texts = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
            for _ in range(rng.randint(1, 5))
        ]
        assert _compiled(texts) == _by_words(texts), texts
    number = _numbering()
    known: dict[str, dict[bytes, int]] = {}
    batches = [["İstanbul abİ abİc İİ"], ["ΑΣ.Β İ"], ["ISTANBUL istanbul Abİ ABİ"]]
    found = [numbered_words(texts, number, known)[0].tolist() for texts in batches]
    everything = [t for texts in batches for t in texts]
    assert ([n for each in found for n in each], list(number)) == _by_words(everything)[::2]
    assert list(number) == ["stanbul", "abi", "ασ", "istanbul"]


#: Texts holding lone surrogates (a ``str`` may; no UTF encodes them), alone and beside
#: characters beyond Latin-1 and beyond the BMP, and a capital sigma on either side of one.
SURROGATES = [
    "Héllo \ud800 wereld",
    "\ud800",
    "\udfff\ud800",
    "ab\udc00cd e\ud800",
    "\ud83d\ude00 smiley",  # a pair's halves as two code points: no emoji
    "ΟΔΟΣ\ud800ΑΣ\udfff ΣΑ\ud800Σ Α\ud800Σ",
    "İ\ud800stanbul Ω\udc01ω",
    "𝐀𝐁\ud800𝐂 😀\udc00ab 𝟏\ud800𝟐",
    "١\ud800٢ ٣٤\udbff x",
    "café\ud800CAFÉ a\u0301\ud800b",
]


@pytest.mark.parametrize("text", SURROGATES)
def test_words_of_a_text_with_a_lone_surrogate(text: str) -> None:
    assert _compiled([text]) == _by_words([text])
    assert _compiled([text, *DIFFICULT, text]) == _by_words([text, *DIFFICULT, text])


def test_words_of_a_text_with_a_lone_surrogate_among_latin_1_texts() -> None:
    texts = ["Zwemles en taal", "Héllo \ud800 wereld", "taal zwemles héllo"]
    assert _compiled(texts) == _by_words(texts)
    assert _compiled(texts)[2] == ["zwemles", "en", "taal", "héllo", "wereld"]


@pytest.mark.parametrize("seed", range(3))
def test_words_of_random_texts_with_lone_surrogates(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = [
        *"aZé Σσ ΑİΩ١٢",
        *map(chr, [0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xD83D, 0xDE00, 0x1D400, 0x1F600, 0x301]),
    ]
    for _ in range(300):
        texts = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
            for _ in range(rng.randint(1, 5))
        ]
        assert _compiled(texts) == _by_words(texts), texts


def test_an_index_of_a_text_with_a_lone_surrogate() -> None:
    from kansen.search import Document

    index = SearchIndex(
        [
            Document(
                "a", {"title": "Héllo \ud800 wereld"}, translations={"el": {"title": "ΟΔΟΣ\ud800"}}
            ),
            Document("b", {"title": "wereld"}),
        ]
    )
    assert [hit.id for hit in index.search("hello").hits] == ["a"]
    assert sorted(hit.id for hit in index.search("wereld").hits) == ["a", "b"]
    assert [hit.id for hit in index.translated("el").search("οδος").hits] == ["a"]


def test_an_index_finds_a_word_of_a_difficult_text() -> None:
    from kansen.search import Document

    index = SearchIndex(
        [
            Document("tr", {"title": "İstanbul ödev"}, translations={"tr": {"title": "IŞIK"}}),
            Document("el", {"title": "ΟΔΟΣ"}),
        ]
    )
    assert [hit.id for hit in index.search("stanbul").hits] == ["tr"]
    assert [hit.id for hit in index.translated("tr").search("IŞIK").hits] == ["tr"]
    assert [hit.id for hit in index.search("οδος").hits] == ["el"]
