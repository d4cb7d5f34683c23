"""Dutch text analysis: what a word becomes in the index, and how compounds split."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

import kansen.search
from kansen.search import DutchAnalyzer, _analysis, _index, _offers, fold, words

ANALYZER = DutchAnalyzer()


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Sporten", ["sport"]),  # plural verb form -> stem; lowercased
        ("sport", ["sport"]),  # ... the same stem as the noun
        ("kinderen", ["kinder"]),  # irregular plural: Snowball's stem
        ("De kinderen van het gezin", ["kinder", "gezin"]),  # stop words dropped
        ("gezinnen", ["gezin"]),  # our rule: double consonant undoubled, meets "gezin"
        ("zwemmen", ["zwem"]),  # ... and "zwem" (the start of zwemles, zwembad)
        ("lessen", ["les"]),  # ... and "les"
        ("zwemlessen", ["zwemles"]),  # a plural compound meets its singular
        ("schulden", ["schuld"]),  # plural -> singular (the newer Snowball gives "schul")
        ("ouders", ["ouder"]),  # plural -s
        ("Taalcafé", ["taalcaf"]),  # accent folded, final -e stemmed like "cafe"
        ("taalcafe", ["taalcaf"]),  # typed without accent: the same term
        ("OEKRAÏENS", ["oekraien"]),  # diaeresis folded, uppercase lowered
        ("huiswerkbegeleiding", ["huiswerkbegeleid"]),  # compounds stay whole here
        ("begeleiding", ["begeleid"]),  # not "beleid" (policy) as the newer Snowball gives
        ("gezin", ["gezin"]),  # not "zin" (sentence) as the newer Snowball gives
        ("vanaf 12 jaar", ["vanaf", "12", "jar"]),  # digits kept as words
        ("e-mail", ["mail"]),  # split on the hyphen; single letters dropped
        ("ﬁets", ["fiet"]),  # the ligature fi is folded to two letters
        ("العربية", ["العربية"]),  # another script: kept, not stemmed
        ("Українська", ["украінська"]),  # Cyrillic: lowered, the diaeresis folded
        ("de het een", []),  # only stop words
        ("", []),  # nothing
    ],
)
def test_terms(text: str, terms: list[str]) -> None:
    assert ANALYZER.terms(text) == terms


@pytest.mark.parametrize(
    ("word", "vocabulary", "parts"),
    [
        ("schuldhulpverlening", {"schuld"}, ("schuld", "hulp", "verlening")),  # three parts
        ("opvoedingsondersteuning", set(), ("opvoeding", "ondersteuning")),  # linking -s-
        ("huiswerkbegeleiding", {"huiswerk"}, ("huiswerk", "begeleiding")),  # longest part
        ("huiswerkbegeleiding", set(), ("huis", "werk", "begeleiding")),  # huiswerk unknown
        ("sportvereniging", set(), ("sport", "vereniging")),
        ("sportclubs", set(), ("sport", "club")),  # a plural -s after the last part
        ("taalcafe", set(), ("taal", "cafe")),
        ("kinderboekenweek", {"boek"}, ("kinder", "boek", "week")),  # linking -en-
        ("voedselbank", {"voedsel"}, ("voedsel", "bank")),  # a part from the vocabulary
        ("voedselbank", set(), ()),  # "voedsel" unknown: no split
        ("kinderen", set(), ()),  # a word with an ending is not a compound
        ("vakantie", set(), ()),  # no known parts
        ("zwem", set(), ()),  # too short to be a compound
        ("groep8", set(), ()),  # digits: not split
    ],
)
def test_split_compound(word: str, vocabulary: set[str], parts: tuple[str, ...]) -> None:
    assert ANALYZER.split_compound(word, frozenset(vocabulary)) == parts


def test_words_keep_accents_and_digits_for_showing() -> None:
    assert words("Taalcafé: 2x per week, óók voor ouders!") == [
        "taalcafé",
        "2x",
        "per",
        "week",
        "óók",
        "voor",
        "ouders",
    ]
    assert fold("Çocuk Ünlü") == "cocuk unlu"


def test_plain_terms_of_other_languages_are_not_stemmed() -> None:
    assert ANALYZER.plain_terms("Homework help for children") == [
        "homework",
        "help",
        "for",
        "children",
    ]


@pytest.mark.parametrize(
    "module", [kansen.search, _analysis, _index, _offers], ids=lambda m: m.__name__
)
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_the_stemmer_in_c_gives_the_stems_of_snowballs_python() -> None:
    """PyStemmer (Snowball in C, a dependency: issue 21) is what the analyzer uses, and stems
    every word as snowballstemmer's own Python does: the Dutch of the demo directory and
    made-up words with every Dutch ending the stemmer removes (195,000 such words and those of
    the source documents agreed when PyStemmer came in)."""
    import random

    import Stemmer
    from snowballstemmer.dutch_porter_stemmer import DutchPorterStemmer

    from kansen.offers import demo_directory

    assert isinstance(DutchAnalyzer()._stemmer, Stemmer.Stemmer)
    texts = [
        " ".join((offer.title, offer.summary, offer.description, offer.how_to_apply))
        for offer in demo_directory().offers
    ]
    vocabulary = {fold(word) for text in texts for word in words(text)}
    rng = random.Random(21)
    endings = ["en", "heden", "heid", "ing", "ingen", "lijk", "baar", "end", "ig", "e", "s"]
    endings += ["je", "tje", "etje", "ën", "ië", "ee", "aa", "uu", "'s", "ste", "er"]
    letters = "abcdefghijklmnopqrstuvwxyzèéëïöüy"
    for _ in range(30_000):
        start = "".join(rng.choice(letters) for _ in range(rng.randint(1, 9)))
        vocabulary.add(start + rng.choice(endings))
    ordered = sorted(vocabulary)
    assert len(ordered) > 25_000
    python = DutchPorterStemmer()
    assert Stemmer.Stemmer("dutch_porter").stemWords(ordered) == list(map(python.stemWord, ordered))
