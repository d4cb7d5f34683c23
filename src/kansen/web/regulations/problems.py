"""The problems of a regulations file in the reader's language, by code (ADR 0015).

The library reports each problem of a regulations file as a
:class:`kansen.eligibility.RegulationProblem`: a code of
:data:`kansen.eligibility.REGULATION_PROBLEM_TEXTS` with its parameters, at a regulation and a
field. The platform adds a few checks of its own (:data:`PLATFORM_TEXTS`). Here every code has a
gettext message with the library's English as msgid and the same ``{name}`` placeholders;
:func:`worded` puts a problem into the language of whoever reads it. A file beyond a reading
limit (``limit.*`` of :mod:`kansen.io`) is worded as the area imports word it.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from kansen.eligibility import RegulationProblem, Where
from kansen.problems import ProblemText, fill, kind_in_words
from kansen.web.areas.problems import PROBLEM_MESSAGES as FILE_MESSAGES

#: The English wording of the platform's own checks of a regulations file.
PLATFORM_TEXTS: dict[str, ProblemText] = {
    "regulation.unreadable": ProblemText("cannot read the file: {detail}"),
    "regulation.wrong-municipality": ProblemText(
        "expected {code} ({name}, the municipality loading these regulations), got {got}"
    ),
    "regulation.provider": ProblemText("expected the organisation's name, got {got}"),
    "regulation.too-long": ProblemText("expected at most {limit} characters, got {length}"),
    "regulation.id-taken": ProblemText(
        "{id} is already used by another regulation; expected a unique id"
    ),
}

#: Problem code -> message, English msgids as in the library's and the platform's tables.
PROBLEM_MESSAGES: dict[str, Promise] = {
    # kansen.eligibility.REGULATION_PROBLEM_TEXTS
    "regulation.not-yaml-or-json": _("not valid YAML or JSON: {detail}"),
    "regulation.top-not-a-mapping": _("expected a mapping at the top, got {got}"),
    "regulation.unknown-top-fields": _(
        "unknown top-level field(s) {fields}; expected version, municipality, regulations"
    ),
    "regulation.version": _("expected 1, got {got}"),
    "regulation.regulations-list": _("expected a non-empty list, got {got}"),
    "regulation.duplicate-id": _("{id} is used more than once; expected unique ids"),
    "regulation.not-a-mapping": _("expected a mapping, got {got}"),
    "regulation.unknown-fields": _("unknown field(s) {fields}; expected some of {expected}"),
    "regulation.apply-unknown-fields": _(
        "unknown field(s) {fields}; expected route, how, url, phone"
    ),
    "regulation.id-form": _("expected lowercase letters, digits, - and _, got {got}"),
    "regulation.municipality": _(
        "expected a mapping with code and name, like {{code: GM9999, name: Demostad}}, got {got}"
    ),
    "regulation.municipality-code": _("expected a CBS municipality code like GM0546, got {got}"),
    "regulation.municipality-name": _("expected the municipality's name, got {got}"),
    "regulation.municipality-missing": _("expected a municipality here or at the top"),
    "regulation.income-limit": _(
        "expected a mapping with percent and holiday_allowance, like "
        "{{percent: 120, holiday_allowance: excluded}}, got {got}"
    ),
    "regulation.percent": _("expected a number above 0, got {got}"),
    "regulation.holiday-allowance": _("expected included or excluded, got {got}"),
    "regulation.children": _("expected a mapping with min_age and/or max_age, got {got}"),
    "regulation.child-age": _("expected a whole number from 0 to {max}, got {got}"),
    "regulation.child-ages-order": _("expected min_age <= max_age, got {low} > {high}"),
    "regulation.savings-limit": _("expected an amount or a mapping with {keys}, got {got}"),
    "regulation.savings-amounts": _("expected amounts in euros of 0 or more, got {got}"),
    "regulation.apply": _("expected a mapping with route and how, got {got}"),
    "regulation.route": _("expected self or intermediary, got {got}"),
    "regulation.url": _("expected a web address starting with https://, got {got}"),
    "regulation.text": _("expected a text, got {got}"),
    "regulation.flag": _("expected true or false, got {got}"),
    # PLATFORM_TEXTS
    "regulation.unreadable": _("cannot read the file: {detail}"),
    "regulation.wrong-municipality": _(
        "expected {code} ({name}, the municipality loading these regulations), got {got}"
    ),
    "regulation.provider": _("expected the organisation's name, got {got}"),
    "regulation.too-long": _("expected at most {limit} characters, got {length}"),
    "regulation.id-taken": _("{id} is already used by another regulation; expected a unique id"),
}


#: A value of the wrong kind (``got`` of :func:`kansen.problems.got`), msgids as the library's
#: :data:`kansen.problems.KIND_TEXTS` in :data:`kansen.problems.KIND_CONTEXT` (makemessages
#: needs the context typed out; :func:`worded` looks them up by those): "expected a text,
#: got nothing" becomes "verwacht: een tekst, gekregen: niets", not "gekregen: nothing".
KIND_MESSAGES: dict[str, Promise] = {
    "nothing": pgettext_lazy("value of the wrong kind", "nothing"),
    "list": pgettext_lazy("value of the wrong kind", "list"),
    "mapping": pgettext_lazy("value of the wrong kind", "dict"),
    "text": pgettext_lazy("value of the wrong kind", "str {value}"),
    "integer": pgettext_lazy("value of the wrong kind", "int {value}"),
    "number": pgettext_lazy("value of the wrong kind", "float {value}"),
    "boolean": pgettext_lazy("value of the wrong kind", "bool {value}"),
    "date": pgettext_lazy("value of the wrong kind", "date"),
}


def platform_problem(code: str, where: Where | None = None, /, **params: Any) -> RegulationProblem:
    """A problem found by the platform, by its code of :data:`PLATFORM_TEXTS`."""
    return RegulationProblem.worded(PLATFORM_TEXTS[code], code, where, **params)


def worded(problem: RegulationProblem) -> str:
    """The problem in the active language, after its field: ``children.max_age: ...``.

    The field path stays as in the file (it names the keys the reader typed); a code without a
    message here keeps the library's English.
    """
    message = PROBLEM_MESSAGES.get(problem.code)
    if message is None and problem.code in FILE_MESSAGES:
        message = FILE_MESSAGES[problem.code][0]
    params = kind_in_words(problem.params, pgettext)
    text = fill(str(message), params) if message is not None else problem.message
    return f"{problem.location}: {text}" if problem.location else text
