"""Problems as data: a code with parameters and a location, put into words at the edge.

Every part of the library reports what is wrong with its input the same way (ADR 0015): a
*code* (``"value.not_a_number"``, ``"total-mismatch"``, ``"not-a-date"``) with *parameters*
(``{"value": "abc"}``), a *location* (file, row and column; a path in a plan) and a *severity*.
Each code has an English wording in the library (a :class:`ProblemText` with ``{name}``
placeholders), collected by :func:`problem_texts`. The platform translates the wording of a
code with gettext; the command line does the same by locale (:func:`translations`), reading the
platform's Dutch catalogs as plain gettext files, without Django. Nobody parses a sentence back.

>>> from kansen.io import Problem as FileProblem
>>> problem = FileProblem.of("value.not_a_number", "wijken.csv", 3, "Inwoners", value="abc")
>>> isinstance(problem, Problem), problem.code, dict(problem.params)
(True, 'value.not_a_number', {'value': 'abc'})
>>> localized(problem, translations("en"))[0]
"value 'abc' is not a number"
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class ProblemText:
    """The English wording of a problem code; ``{name}`` placeholders take its parameters.

    Attributes
    ----------
    message : str
        What is wrong.
    expected : str
        What was expected instead ("" when nothing needs saying).
    """

    message: str
    expected: str = ""


@runtime_checkable
class Problem(Protocol):
    """What every problem of the library has, whatever its location.

    The problems of files (:class:`kansen.io.Problem`: file, row, column), of plans
    (:class:`kansen.plans.Problem`: a path in the document) and of norms files
    (:class:`kansen.eligibility.NormProblem`: row and column) all have these.
    """

    @property
    def code(self) -> str:
        """What kind of problem; together with :attr:`text_code` a key of
        :func:`problem_texts`."""
        ...

    @property
    def params(self) -> Mapping[str, Any]:
        """The parameters of the code's wording."""
        ...

    @property
    def severity(self) -> Severity:
        """Errors reject the input; warnings ask for attention."""
        ...

    @property
    def text_code(self) -> str:
        """The key of the wording in :func:`problem_texts` (the code, or a finer one)."""
        ...

    @property
    def location(self) -> str:
        """Where, in English (e.g. ``wijken.csv, row 3, column 'Inwoners'``)."""
        ...


def problem_texts() -> dict[str, dict[str, ProblemText]]:
    """Every problem code of the library with its English wording, by domain.

    Returns
    -------
    dict
        ``{"io": {...}, "plans": {...}, "norms": {...}, "regulations": {...},
        "monitoring": {...}}`` (and
        ``"offers"`` when the offers module has codes of its own); each maps a code to its
        :class:`ProblemText`.

    >>> {"io", "plans", "norms"} <= set(problem_texts())
    True
    """
    import kansen.offers
    from kansen.eligibility import NORM_PROBLEM_TEXTS, REGULATION_PROBLEM_TEXTS
    from kansen.io._problems import PROBLEM_TEXTS as FILE_TEXTS
    from kansen.plans import PROBLEM_TEXTS as PLAN_TEXTS

    registries: dict[str, dict[str, ProblemText]] = {
        "io": dict(FILE_TEXTS),
        "plans": dict(PLAN_TEXTS),
        "norms": dict(NORM_PROBLEM_TEXTS),
        "regulations": dict(REGULATION_PROBLEM_TEXTS),
    }
    offers = getattr(kansen.offers, "PROBLEM_TEXTS", None)
    if offers:
        registries["offers"] = dict(offers)
    from kansen.monitoring import PROBLEM_TEXTS as MONITORING_TEXTS

    registries["monitoring"] = dict(MONITORING_TEXTS)
    return registries


def fill(text: str, params: Mapping[str, Any]) -> str:
    """A wording with its ``{name}`` placeholders filled in.

    >>> fill("value '{value}' is not a number", {"value": "abc"})
    "value 'abc' is not a number"
    """
    return text.format(**params) if params or "{" in text else text


# The command line ---------------------------------------------------------------------------

#: Where the platform keeps its catalogs: ``locale/<language>/LC_MESSAGES/django.mo`` in the
#: project folder and in each app. Read as plain gettext files (no Django).
_PLATFORM = Path(__file__).parent / "web"


def language_of(environ: Mapping[str, str] | None = None) -> str:
    """The language of the command line: ``"nl"`` when the locale is Dutch, else ``"en"``.

    The first of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set decides, as in POSIX.

    >>> language_of({"LANG": "nl_NL.UTF-8"}), language_of({"LC_ALL": "C", "LANG": "nl_NL"})
    ('nl', 'en')
    """
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    return "en"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The platform's catalogs for ``language`` (English: no translation), merged.

    >>> translations("nl").gettext("the area code is empty")
    'De gebiedscode is leeg'
    """
    merged = gettext.NullTranslations()
    if language == "en":
        return merged
    for folder in sorted(_PLATFORM.glob("**/locale")):
        merged.add_fallback(
            gettext.translation("django", folder, languages=[language], fallback=True)
        )
    return merged


#: A value of the wrong kind in English, by the ``got_kind`` that :func:`got` gives beside
#: ``got`` (``{value}``: the value as typed). English is the library's own wording of ``got``;
#: the platform's catalogs word each kind in Dutch (message context :data:`KIND_CONTEXT`, as
#: "list" or "date" alone mean other things), so "got nothing" does not stay English there.
KIND_CONTEXT = "value of the wrong kind"
KIND_TEXTS: dict[str, str] = {
    "nothing": "nothing",
    "list": "list",
    "mapping": "dict",
    "text": "str {value}",
    "integer": "int {value}",
    "number": "float {value}",
    "boolean": "bool {value}",
    "date": "date",
}

_KINDS = {
    list: "list",
    dict: "mapping",
    str: "text",
    int: "integer",
    float: "number",
    bool: "boolean",
}


def got(value: object) -> dict[str, str]:
    """The parameters of a problem whose value is of the wrong kind: ``got`` in English, and
    its kind (``got_kind``, a key of :data:`KIND_TEXTS`; empty for a kind without words) with
    the value (``got_value``) for other languages (:func:`kind_in_words`).

    >>> got(None)
    {'got': 'nothing', 'got_kind': 'nothing', 'got_value': ''}
    >>> got("ja")
    {'got': "str 'ja'", 'got_kind': 'text', 'got_value': "'ja'"}
    >>> got([1, 2])["got"], got({"a": 1})["got"], got(True)["got"]
    ('list', 'dict', 'bool True')
    """
    if value is None:
        return {"got": "nothing", "got_kind": "nothing", "got_value": ""}
    kind = _KINDS.get(type(value), "")
    if isinstance(value, str | int | float | bool):
        shown = repr(value)
        return {"got": f"{type(value).__name__} {shown}", "got_kind": kind, "got_value": shown}
    name = type(value).__name__
    return {"got": name, "got_kind": kind or ("date" if name == "date" else ""), "got_value": ""}


def kind_in_words(params: Mapping[str, Any], pgettext: Callable[[str, str], str]) -> dict[str, Any]:
    """The parameters with ``got`` in the language of ``pgettext`` where :func:`got` made
    them; others unchanged.

    >>> kind_in_words(got(None), translations("nl").pgettext)["got"]
    'niets'
    """
    values = dict(params)
    kind = values.get("got_kind")
    if kind in KIND_TEXTS:
        words = pgettext(KIND_CONTEXT, KIND_TEXTS[kind])
        values["got"] = fill(words, {"value": values.get("got_value", "")})
    return values


def localized(
    problem: Problem, catalog: gettext.NullTranslations, params: Mapping[str, Any] | None = None
) -> tuple[str, str | None]:
    """The message and what was expected (or None) of a problem in the catalog's language.

    Parameters
    ----------
    problem : Problem
        Any problem of the library.
    catalog : gettext.NullTranslations
        From :func:`translations`.
    params : mapping, optional
        The parameters as they are to be shown (amounts formatted); default the problem's.
    """
    text = all_texts().get(problem.text_code)
    if text is None:  # a problem known only by its own words
        return str(getattr(problem, "message", problem.code)), None
    values = kind_in_words(problem.params if params is None else params, catalog.pgettext)
    values = {k: v if not isinstance(v, Decimal) else str(v) for k, v in values.items()}
    message = fill(catalog.gettext(text.message), values)
    expected = fill(catalog.gettext(text.expected), values) if text.expected else None
    return message, expected


@cache
def all_texts() -> dict[str, ProblemText]:
    """Every code of :func:`problem_texts` in one mapping (codes are unique across domains)."""
    merged: dict[str, ProblemText] = {}
    for texts in problem_texts().values():
        merged.update(texts)
    return merged


#: The few words of the command line around the problems, in Dutch (the problems themselves
#: come from the platform's catalogs).
_WORDS_NL = {
    "row": "rij",
    "feature": "object",
    "column": "kolom",
    "problem": "probleem",
    "expected": "verwacht",
    "rejected": "afgewezen",
    "remarks": "opmerkingen",
    "error": "fout",
    "warning": "waarschuwing",
    "(plan)": "(plan)",
    "line": "regel",
    "{errors} error(s), {warnings} warning(s)": "{errors} fout(en), {warnings} waarschuwing(en)",
    "{source} does not describe a plan ({count} problem(s)):": (
        "{source} beschrijft geen plan ({count} probleem/problemen):"
    ),
}


def word(text: str, language: str) -> str:
    """A word of the command line in ``language``.

    >>> word("rejected", "nl"), word("rejected", "en")
    ('afgewezen', 'rejected')
    """
    return _WORDS_NL.get(text, text) if language == "nl" else text


def euros_in(value: Decimal, language: str) -> str:
    """An amount as the command line shows it: ``€ 1.234,50`` in Dutch, ``EUR 1,234.50`` else.

    >>> euros_in(Decimal("354173"), "nl"), euros_in(Decimal("-1234.5"), "en")
    ('€ 354.173', 'EUR -1,234.50')
    """
    text = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    if language != "nl":
        return f"EUR {text}"
    return "€ " + text.translate(str.maketrans(",.", ".,"))
