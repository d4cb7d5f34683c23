"""Explanations as codes with parameters, worded in Dutch or English at the edge.

A proposal carries a :class:`~kansen.matching.Reason` per constraint it meets (``meets.*``) and
one for its cost (``cost``); a request left waiting carries the binding reason (``waiting.*``).
:data:`EXPLANATION_TEXTS` holds the English wording (the message ids the platform translates
with gettext), :data:`DUTCH_TEXTS` the Dutch one (the command line's and the tests'); a test
checks both have the same codes and placeholders. :func:`explain` fills them in: lists of codes
become labels (``taal`` -> ``Taal``/``Language``, ``wo-middag`` -> ``woensdagmiddag``/
``Wednesday afternoon``), kilometres get a decimal comma in Dutch.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, Literal

from kansen.offers import Language, SupportType

from ._model import DAY_NAMES, PART_NAMES, Reason

Lang = Literal["nl", "en"]

#: English wording of every explanation code.
EXPLANATION_TEXTS: dict[str, str] = {
    "meets.needs": "gives {needs} ({covered} of the {asked} needs asked)",
    "meets.age": "takes children of {min_age} to {max_age}; the child is {age}",
    "meets.dates": "available on {on}",
    "meets.distance": "{km} km between the postcode areas, within the {max_km} km of travel",
    "meets.language": "speaks {languages}",
    "meets.language_any": "works in any language",
    "meets.slots": "both can on {slots}",
    "meets.capacity": "place {place} of {capacity}",
    "cost": "priority {priority} (urgency {urgency}, deprivation {deprivation}), waited "
    "{waiting_days} days, travel {km} km",
    "cost.default_deprivation": "priority {priority} (urgency {urgency}, deprivation "
    "{deprivation}: the default, the neighbourhood has no score), waited {waiting_days} days, "
    "travel {km} km",
    "waiting.no_need": "no volunteer or offer gives {needs}",
    "waiting.no_age": "no volunteer or offer for {needs} takes children of {age}",
    "waiting.not_available": "no volunteer or offer for {needs} at age {age} is available on "
    "{on} with places",
    "waiting.too_far": "no volunteer or offer for {needs} travels to {pc4}; the nearest is "
    "{km} km away and travels {max_km} km",
    "waiting.no_language": "no volunteer or offer for {needs} within reach of {pc4} speaks "
    "{languages}",
    "waiting.no_slot": "no volunteer or offer for {needs} within reach of {pc4} that speaks "
    "{languages} is free on {slots}",
    "waiting.all_full": "all {count} volunteers and offers that fit are full ({places} places, "
    "given to requests of higher priority or with a better fit)",
    "waiting.refused": "the {count} volunteers and offers that fit with a place left were "
    "turned down for this request before (by the coordinator or the provider)",
}

#: Dutch wording of every explanation code.
DUTCH_TEXTS: dict[str, str] = {
    "meets.needs": "biedt {needs} ({covered} van de {asked} gevraagde soorten hulp)",
    "meets.age": "neemt kinderen van {min_age} tot en met {max_age} jaar; het kind is {age}",
    "meets.dates": "beschikbaar op {on}",
    "meets.distance": "{km} km tussen de postcodegebieden, binnen de reisafstand van {max_km} km",
    "meets.language": "spreekt {languages}",
    "meets.language_any": "werkt in elke taal",
    "meets.slots": "beiden kunnen op {slots}",
    "meets.capacity": "plaats {place} van {capacity}",
    "cost": "prioriteit {priority} (urgentie {urgency}, achterstandsscore {deprivation}), "
    "{waiting_days} dagen gewacht, reisafstand {km} km",
    "cost.default_deprivation": "prioriteit {priority} (urgentie {urgency}, achterstandsscore "
    "{deprivation}: de standaardwaarde, de buurt heeft geen score), {waiting_days} dagen "
    "gewacht, reisafstand {km} km",
    "waiting.no_need": "geen vrijwilliger of aanbod biedt {needs}",
    "waiting.no_age": "geen vrijwilliger of aanbod voor {needs} neemt kinderen van {age} jaar",
    "waiting.not_available": "geen vrijwilliger of aanbod voor {needs} bij {age} jaar is op "
    "{on} beschikbaar met plaats",
    "waiting.too_far": "geen vrijwilliger of aanbod voor {needs} reist tot {pc4}; de "
    "dichtstbijzijnde zit op {km} km en reist {max_km} km",
    "waiting.no_language": "geen vrijwilliger of aanbod voor {needs} binnen bereik van {pc4} "
    "spreekt {languages}",
    "waiting.no_slot": "geen vrijwilliger of aanbod voor {needs} binnen bereik van {pc4} dat "
    "{languages} spreekt, is vrij op {slots}",
    "waiting.all_full": "alle {count} passende vrijwilligers en aanbiedingen zijn vol "
    "({places} plaatsen, gegeven aan hulpvragen met een hogere prioriteit of een betere match)",
    "waiting.refused": "de {count} passende vrijwilligers en aanbiedingen met een vrije plaats "
    "zijn eerder voor deze hulpvraag afgewezen (door de coördinator of de aanbieder)",
}

#: Short names of the waiting reasons, for summaries.
WAITING_LABELS: dict[str, dict[str, str]] = {
    "waiting.no_need": {"nl": "niemand biedt deze hulp", "en": "nobody gives this support"},
    "waiting.no_age": {"nl": "niemand voor deze leeftijd", "en": "nobody for this age"},
    "waiting.not_available": {
        "nl": "niemand beschikbaar met plaats",
        "en": "nobody available with places",
    },
    "waiting.too_far": {"nl": "niemand binnen reisafstand", "en": "nobody within travel"},
    "waiting.no_language": {
        "nl": "niemand binnen bereik spreekt de taal",
        "en": "nobody within reach speaks the language",
    },
    "waiting.no_slot": {
        "nl": "niemand binnen bereik op die momenten",
        "en": "nobody within reach at those times",
    },
    "waiting.all_full": {"nl": "alle passende plaatsen vol", "en": "all fitting places full"},
    "waiting.refused": {
        "nl": "passend aanbod eerder afgewezen",
        "en": "fitting supply turned down before",
    },
}


def waiting_label(code: str, language: Lang = "nl") -> str:
    """The short name of a waiting reason.

    >>> waiting_label("waiting.all_full"), waiting_label("waiting.all_full", "en")
    ('alle passende plaatsen vol', 'all fitting places full')
    """
    return WAITING_LABELS[code][language]


_SUPPORT_TYPES = {member.value: member for member in SupportType}
_LANGUAGES = {member.value: member for member in Language}
_OR = {"nl": "of", "en": "or"}
_AND = {"nl": "en", "en": "and"}
#: Parameters that are lists joined with "or" (any one will do) rather than "and".
_ALTERNATIVES = {"languages", "slots"}


def slot_name(code: str, language: Lang) -> str:
    """A slot in words: ``wo-middag`` is ``woensdagmiddag`` or ``Wednesday afternoon``.

    >>> slot_name("wo-middag", "nl"), slot_name("wo-middag", "en")
    ('woensdagmiddag', 'Wednesday afternoon')
    """
    day, part = code.split("-", 1)
    if language == "nl":
        return DAY_NAMES["nl"][day] + PART_NAMES["nl"][part]
    return f"{DAY_NAMES['en'][day]} {PART_NAMES['en'][part]}"


@cache
def _label(name: str, code: str, language: Lang) -> str:
    if name == "needs":
        need = _SUPPORT_TYPES.get(code)
        return code if need is None else str(getattr(need, language)).lower()
    if name == "languages":
        spoken = _LANGUAGES.get(code)
        return code if spoken is None else str(getattr(spoken, language))
    if name == "slots":
        return slot_name(code, language)
    return code


def _join(items: list[str], word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def _value(name: str, value: Any, language: Lang, code: str) -> str:
    if isinstance(value, str | int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, tuple | list | frozenset | set):
        codes = tuple(value) if isinstance(value, tuple | list) else tuple(sorted(value))
        use_or = name in _ALTERNATIVES or (name == "needs" and code.startswith("waiting."))
        return _list_text(name, codes, language, use_or)
    if isinstance(value, float):
        text = f"{value:.1f}"
        return text.replace(".", ",") if language == "nl" else text
    return str(value)


@cache
def _list_text(name: str, codes: tuple[str, ...], language: Lang, use_or: bool) -> str:
    labels = [_label(name, c, language) for c in codes]
    return _join(labels, (_OR if use_or else _AND)[language])


def explain(reason: Reason, language: Lang = "nl") -> str:
    """The reason in words.

    >>> from kansen.matching import Reason
    >>> reason = Reason("waiting.no_slot", {"needs": ("taal",), "pc4": "3511",
    ...     "languages": ("ar",), "slots": ("wo-middag",)})
    >>> print(explain(reason))  # doctest: +NORMALIZE_WHITESPACE
    geen vrijwilliger of aanbod voor taal binnen bereik van 3511 dat Arabisch spreekt, is vrij
    op woensdagmiddag
    >>> print(explain(reason, "en"))  # doctest: +NORMALIZE_WHITESPACE
    no volunteer or offer for language within reach of 3511 that speaks Arabic is free on
    Wednesday afternoon
    """
    texts = DUTCH_TEXTS if language == "nl" else EXPLANATION_TEXTS
    params: Mapping[str, Any] = reason.params
    return texts[reason.code].format(
        **{name: _value(name, value, language, reason.code) for name, value in params.items()}
    )
