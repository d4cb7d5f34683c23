"""Dutch text analysis: words, stop words, stems and the parts of compounds.

Why these choices
-----------------
Folding
    Text is lowercased and accents are removed (``café`` -> ``cafe``, ``oekraïens`` ->
    ``oekraiens``) because residents type without accents and providers do not write them
    consistently. Words are runs of letters and digits in any script (Arabic, Cyrillic and
    Turkish texts of translations are split the same way); digits are kept so that ``12`` or
    ``3+`` in "vanaf 3 jaar" can be found. Single letters are dropped.
Stop words
    A short list of Dutch function words (articles, pronouns, prepositions, auxiliaries). A
    longer list would remove words that carry meaning in this directory (``zonder``, ``geen``,
    ``samen``).
Stems
    Snowball's original Dutch algorithm (``dutch_porter``: ``sporten`` -> ``sport``,
    ``kinderen`` -> ``kinder``, ``schulden`` -> ``schuld``), followed by one rule of our own:
    a stem ending in a double consonant is undoubled, so that ``lessen``, ``zwemmen`` and
    ``gezinnen`` meet ``les``, ``zwem`` and ``gezin``. Snowball 3's newer ``dutch`` algorithm
    is not used: it strips the prefix *ge-* and conflates ``gezin`` (family) with ``zin``
    (sentence) and ``begeleiding`` (guidance) with ``beleid`` (policy).
Compounds
    Dutch writes compounds as one word (``huiswerkbegeleiding``, ``schuldhulpverlening``). Two
    mechanisms find them, both weaker than a whole-word match (see :mod:`._index`):

    * the *head*: a query word of at least four letters matches any indexed word or stem that
      starts with it (``huiswerk`` -> ``huiswerkbegeleiding``, ``zwem`` -> ``zwemdiploma``);
    * the *other parts*: :meth:`DutchAnalyzer.split_compound` splits a word into known words
      (the vocabulary of the index plus a short list of frequent Dutch compound parts), with
      the linking sounds *-s-*, *-e-* and *-en-* allowed between parts, using the fewest parts
      (``schuldhulpverlening`` -> ``schuld hulp verlening``, ``opvoedingsondersteuning`` ->
      ``opvoeding ondersteuning``), so ``hulp`` or ``ondersteuning`` find them too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import snowballstemmer

__all__ = ["COMPOUND_PARTS", "STOP_WORDS", "DutchAnalyzer", "fold", "words"]


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS: frozenset[str] = _word_set(
    """
    aan al alle als ben bent bij dan dat de deze die dit door een en er had heb hebben hebt
    heeft het hier hij hoe hun ik in is je jij jou jouw jullie kan kun kunnen kunt maar me met
    mij mijn na naar niet nog of om ons onze ook op over te tot u uit uw van voor waar wat we
    wie wij wil wilt willen wordt worden ze zich zij zijn zo
    """
)
"""Dutch function words left out of the index and of queries (folded spelling)."""

COMPOUND_PARTS: frozenset[str] = _word_set(
    """
    activiteit avond baan bad bank begeleiding beweging bijdrage boek buurt cafe centrum club
    coach cultuur dag dans diploma fiets fonds geld gezin gezondheid groep hulp huis jeugd kamp
    kind kinder kleding kosten kunst les lees maatje middag muziek natuur ochtend ondersteuning
    ontwikkeling opvang opvoeding ouder pakket plan punt regeling reken school spel speel sport
    taal talent theater toeslag training tuin uur veld vereniging verlening vergoeding
    vrijwilliger week werk wijk winkel zaal zorg zwem
    """
)
"""Frequent parts of Dutch compounds in this domain, known even when no document uses them alone."""

_WORD = re.compile(r"[^\W_]{2,}|\d")  # two letters or more, or a digit
_DOUBLE_END = re.compile(r"([bcdfghjklmnpqrstvwxz])\1$")
_LINKS = ("", "s", "e", "en")
_MIN_PART = 3
_MIN_COMPOUND = 6


def words(text: str) -> list[str]:
    """The lowercased words of ``text`` in order, accents kept (for showing what matched).

    Examples
    --------
    >>> words("Taalcafé: 2x per week, óók voor ouders!")
    ['taalcafé', '2x', 'per', 'week', 'óók', 'voor', 'ouders']
    """
    return _WORD.findall(text.lower())


_FOLDED: dict[str, str] = {}


def fold(word: str) -> str:
    """``word`` without accents and other combining marks, lowercased (``Café`` -> ``cafe``)."""
    folded = _FOLDED.get(word)
    if folded is None:
        folded = _fold_text(word)
        if len(_FOLDED) < 200_000:  # a bounded cache: queries are free text from the public
            _FOLDED[word] = folded
    return folded


def _fold_text(text: str) -> str:
    """:func:`fold` without the cache: for a text seen once (a title), which the cache would
    keep for the life of the process."""
    lowered = text.lower()
    if lowered.isascii():  # nothing to decompose
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    if decomposed.isascii():  # no combining marks
        return decomposed
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class DutchAnalyzer:
    """Turns Dutch text into index terms: folded words, no stop words, stems.

    Parameters
    ----------
    stop_words
        Folded words to leave out.
    compound_parts
        Words accepted as parts of compounds in addition to the vocabulary given to
        :meth:`split_compound`.

    Examples
    --------
    >>> analyzer = DutchAnalyzer()
    >>> analyzer.terms("Sporten voor kinderen bij de sportvereniging")
    ['sport', 'kinder', 'sportveren']
    >>> analyzer.terms("Taalcafé in de bibliotheek")
    ['taalcaf', 'bibliothek']
    >>> analyzer.split_compound("schuldhulpverlening", {"schuld"})
    ('schuld', 'hulp', 'verlening')
    """

    def __init__(
        self,
        *,
        stop_words: Iterable[str] = STOP_WORDS,
        compound_parts: Iterable[str] = COMPOUND_PARTS,
    ) -> None:
        self.stop_words = frozenset(stop_words)
        self.compound_parts = frozenset(compound_parts)
        self._stemmer = snowballstemmer.stemmer("dutch_porter")
        self._stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        """The stem of a folded word; numbers and words in other scripts stay as they are."""
        stem = self._stems.get(word)
        if stem is None:
            if word.isascii() and word.isalpha():
                stem = _DOUBLE_END.sub(r"\1", self._stemmer.stemWord(word))
            else:
                stem = word
            if len(self._stems) < 200_000:
                self._stems[word] = stem
        return stem

    def is_stop_word(self, folded: str) -> bool:
        """Whether a folded word is left out."""
        return folded in self.stop_words

    def terms(self, text: str) -> list[str]:
        """The index terms of ``text`` in order: folded, without stop words, stemmed."""
        result = []
        for word in words(text):
            folded = fold(word)
            if folded not in self.stop_words:
                result.append(self.stem(folded))
        return result

    def plain_terms(self, text: str) -> list[str]:
        """Folded words of ``text`` without stemming or stop words (for other languages)."""
        return [fold(word) for word in words(text)]

    def split_compound(self, word: str, vocabulary: frozenset[str] | set[str]) -> tuple[str, ...]:
        """The parts of a folded compound word, or ``()`` when it is not one.

        Parts are words of at least three letters from ``vocabulary`` or the analyzer's
        ``compound_parts``; between two parts a linking *-s-*, *-e-* or *-en-* may stand. Of
        all splits the one with the fewest parts wins, then the one with the longest first
        part.
        """
        if len(word) < _MIN_COMPOUND or not word.isalpha():
            return ()

        def known(part: str) -> bool:
            return part in vocabulary or part in self.compound_parts

        n = len(word)
        # best[i]: the fewest parts that cover word[i:], as a tuple; None when impossible
        best: list[tuple[str, ...] | None] = [None] * (n + 1)
        best[n] = ()
        for start in range(n - _MIN_PART, -1, -1):
            chosen: tuple[str, ...] | None = None
            for end in range(n, start + _MIN_PART - 1, -1):
                part = word[start:end]
                if not known(part):
                    continue
                for link in _LINKS:
                    rest_at = end + len(link)
                    if rest_at > n or word[end:rest_at] != link:
                        continue
                    rest = best[rest_at]
                    if rest is None or (rest_at < n and not rest) or (start == 0 and not rest):
                        continue  # a part must follow a link; the word itself is no split
                    candidate = (part, *rest)
                    if chosen is None or len(candidate) < len(chosen):
                        chosen = candidate
            best[start] = chosen
        parts = best[0]
        if parts is None or len(parts) < 2:
            return ()
        return parts
