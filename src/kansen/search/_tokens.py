"""The words of many texts at once, numbered, in compiled code: the same words as
:func:`kansen.search._analysis.words`, character for character.

Why not a regex engine in compiled code (RE2 in pyarrow or DuckDB)? Its Unicode classes and its
lower-casing are not Python's (``\\w``, ``\\d``, ``İ``, ``ß``, digits of other scripts), and the
index must find the words Python finds in a query. So only what is exact is left to compiled
code:

* the class of each code point (a letter or digit of a word, a decimal digit, neither) from a
  table that Python itself made: ``str.isalnum`` and ``str.isdecimal`` are exactly what ``re``
  tests for ``\\w`` (without ``_``) and ``\\d`` in a ``str`` pattern; a character is classed
  as its lower case is (``words()`` looks at the lowered text);
* lower-casing: a character whose lower case is one code point that does not depend on the
  text around it lowers alike alone and in a word, so the words are found in the texts as they
  are and each distinct word, as written, is lowered by Python's ``str.lower`` once. A capital
  I with a dot (``İ``) lowers to ``i`` and a combining dot, no word character, whatever the
  text around it: it is an ``i`` that ends its word. Texts with a capital sigma (which lowers
  by what follows it) or a character beyond the Basic Multilingual Plane are lowered by
  ``str.lower`` as a whole, all the texts joined by ``"\\0"`` (which no rule of lower-casing
  looks across: the final sigma looks only past case-ignorable characters, and ``"\\0"`` is
  none);
* a word of :data:`~kansen.search._analysis._WORD` (``[^\\W_]{2,}|\\d``) is then a run of word
  characters of two or more, or of one that is a decimal digit;
* the distinct words are numbered by pyarrow's hash table of their bytes (``dictionary_encode``,
  which numbers them in the order they first appear), and only the distinct words become Python
  strings. pyarrow allocates from the system's ``malloc`` (``system_memory_pool``), not from
  its own pool, which would keep the memory after the build (``malloc_trim`` gives it back).

``tests/search/test_search_tokens.py`` checks the class table against ``re`` for every code
point and the words against :func:`words` on texts with the difficult characters.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping, Sequence
from functools import cache
from itertools import repeat

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kansen.search._analysis import words

__all__ = ["numbered_words"]

_BREAK = "\0"
_NONE, _LETTER, _DIGIT, _SPECIAL = 0, 1, 2, 4
#: A surrogate code point in a ``str`` (always alone: Python pairs none). For ``words()`` it
#: is what a space is: no word character (``[^\W_]`` nor ``\d``), its own lower case, neither
#: cased nor case-ignorable (so a capital sigma before it lowers as before a space).
_SURROGATE = re.compile("[\ud800-\udfff]")


def _class_of(code: int) -> int:
    character = chr(code)
    if character.isdecimal():
        return _DIGIT
    return _LETTER if character.isalnum() else _NONE


class _Tables:
    """Per code point of the Basic Multilingual Plane, made once from Python's own answers
    (65,536 calls each): its class, and its lower case where that is one code point that does
    not depend on the text around it (``"İ".lower()`` is two; a capital sigma's depends on
    whether it ends a word: those are marked ``special``, as the surrogates of a code point
    beyond the BMP). ``of_lower``: the class of its lower case, ``_SPECIAL`` for a special
    one (one look-up per character of a text as it is written)."""

    def __init__(self) -> None:
        points = range(0x10000)
        self.classes = np.fromiter(map(_class_of, points), dtype=np.uint8, count=0x10000)
        lower = [chr(c).lower() for c in points]
        self.special = np.asarray([len(x) != 1 for x in lower], dtype=bool)
        self.special[0x3A3] = True  # capital sigma: final or not
        self.special[0xD800:0xE000] = True  # surrogates: a code point beyond the BMP
        self.lower = np.asarray([ord(x) if len(x) == 1 else 0 for x in lower], dtype=np.uint16)
        self.of_lower = np.where(self.special, _SPECIAL, self.classes[self.lower]).astype(np.uint8)
        # Latin-1: every character's lower case is one Latin-1 character (checked)
        self.class_bytes = bytes(self.of_lower[:256])
        assert not self.special[:256].any()
        assert int(self.lower[:256].max()) < 256


@cache
def _tables() -> _Tables:
    """The tables, made once per process (on the first build)."""
    return _Tables()


def numbered_words(
    texts: Sequence[str],
    number: MutableMapping[str, int],
    known: dict[str, dict[bytes, int]] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The words of ``texts`` (as :func:`~kansen.search._analysis.words` finds them) as numbers,
    and how many words each text has.

    ``number`` gives a word its number; a new word gets one as it is first asked (a
    ``defaultdict`` numbering keys as they come): words are asked in the order they first
    appear in the texts, so they are numbered as a loop over the words would number them.
    ``known`` keeps, by encoding, the numbers of the words already seen by their bytes, for
    the next call with the same ``number`` (a word is then not decoded again).
    """
    if not texts:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int64)
    joined = _BREAK.join([*texts, ""])  # each text ends with a break
    tables = _tables()
    codes: np.ndarray
    lowered = False  # the texts lowered as a whole (else each distinct word, once found)
    dotted = None  # where an İ is (in texts not lowered as a whole)
    try:  # Latin-1 (Dutch, English): classed by bytes.translate
        data = joined.encode("latin-1")
        codes = np.frombuffer(data, dtype=np.uint8)
        classes = np.frombuffer(data.translate(tables.class_bytes), dtype=np.uint8)
        encoding = "latin-1"
    except UnicodeEncodeError:  # classed by the table
        try:
            utf16 = joined.encode("utf-16-le")
        except UnicodeEncodeError:  # a lone surrogate, which no UTF encodes: a space instead
            joined = _SURROGATE.sub(" ", joined)
            utf16 = joined.encode("utf-16-le")
        codes = np.frombuffer(utf16, dtype="<u2")
        del utf16
        classes = tables.of_lower[codes]
        encoding = "utf-16-le"
        special = int(classes.max()) >= _SPECIAL
        if special and _dotted_only(codes, classes):  # İ: see there
            dotted = codes == _DOTTED_I
            classes[dotted] = _LETTER
        elif special:  # a capital sigma, or beyond the BMP: Python lowers
            lowered = True
            codes = np.frombuffer(joined.lower().encode("utf-16-le"), dtype="<u2")
            if ((codes >= 0xD800) & (codes < 0xE000)).any():  # beyond the BMP
                codes = np.frombuffer(joined.lower().encode("utf-32-le"), dtype="<u4")
                classes = _classes(codes, tables.classes)
                encoding = "utf-32-le"
            else:
                classes = tables.classes[codes]
    width = codes.itemsize
    word = classes != _NONE
    change = np.empty(len(word) + 1, dtype=bool)
    change[0], change[-1] = word[0], word[-1]
    np.not_equal(word[1:], word[:-1], out=change[1:-1])
    edges = np.flatnonzero(change)
    starts, ends = edges[0::2], edges[1::2]
    if dotted is not None:  # a word ends after an İ; a word character after it starts one
        split = np.flatnonzero(dotted[:-1] & word[1:]) + 1
        if len(split):
            starts = np.insert(starts, np.searchsorted(starts, split), split)
            ends = np.insert(ends, np.searchsorted(ends, split), split)
    lengths = ends - starts
    kept = (lengths >= 2) | (classes[starts] == _DIGIT)
    word[starts[~kept]] = False  # a single letter is no word
    starts, lengths = starts[kept], lengths[kept]
    # the texts' breaks: a word's text is the number of breaks before it
    breaks = np.flatnonzero(codes == 0)
    if len(breaks) != len(texts):  # a text holds the break itself
        return _numbered_slowly(texts, number)
    counts = np.diff(np.searchsorted(starts, breaks), prepend=0)
    if not len(starts):
        return np.zeros(0, dtype=np.int32), counts
    # the words' characters side by side and where each starts, as pyarrow's binary array
    chars = codes[word]
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths * width, out=offsets[1:])
    array = pa.LargeBinaryArray.from_buffers(
        pa.large_binary(), len(lengths), [None, pa.py_buffer(offsets), pa.py_buffer(chars)]
    )
    encoded = pc.dictionary_encode(array, memory_pool=pa.system_memory_pool())
    distinct = encoded.dictionary.to_pylist()
    # (the words as written and those lowered as a whole, apart)
    seen = {} if known is None else known.setdefault(encoding + " lowered" * lowered, {})
    numbers = np.fromiter(map(seen.get, distinct, repeat(-1)), dtype=np.int32, count=len(distinct))
    for at in np.flatnonzero(numbers < 0).tolist():  # words new to ``known``, in order
        value = distinct[at]
        word = value.decode(encoding)
        numbers[at] = seen[value] = number[word if lowered else _lower(word)]
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    return numbers[indices], counts


_DOTTED_I = 0x130
_DOT_ABOVE = "\u0307"


def _dotted_only(codes: np.ndarray, classes: np.ndarray) -> bool:
    """Whether the only special characters are capital I with a dot (``İ``, Turkish). Its lower
    case is ``i`` and a combining dot, no word character, whatever the text around it: so
    in a word, an ``İ`` is an ``i`` that ends it (``"abİcd"`` -> ``abi``, ``cd``)."""
    return int(np.count_nonzero(classes == _SPECIAL)) == int(np.count_nonzero(codes == _DOTTED_I))


def _lower(word: str) -> str:
    """A word found in a text as written, lowered as in the text lowered as a whole: an ``İ``
    (only ever last) without its dot, which is no word character."""
    return word.lower().rstrip(_DOT_ABOVE)


def _classes(codes: np.ndarray, table: np.ndarray) -> np.ndarray:
    """The class of each code point (beyond the BMP, each distinct one asked of Python)."""
    high = codes >= 0x10000
    classes: np.ndarray = table[np.where(high, 0, codes)]
    if high.any():
        distinct, inverse = np.unique(codes[high], return_inverse=True)
        found = np.asarray([_class_of(int(c)) for c in distinct.tolist()], dtype=np.uint8)
        classes[high] = found[inverse]
    return classes


def _numbered_slowly(
    texts: Sequence[str], number: MutableMapping[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`numbered_words` by a loop over the words (texts that hold ``"\\0"``)."""
    found: list[int] = []
    counts = []
    for text in texts:
        each = words(text)
        found.extend(map(number.__getitem__, each))
        counts.append(len(each))
    return np.asarray(found, dtype=np.int32), np.asarray(counts, dtype=np.int64)
