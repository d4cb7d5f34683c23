"""Choices of the directory's models and forms, derived from the code lists of
:mod:`kansen.offers` (one schema, ADR 0014).

The codes and their English labels come from the library; the labels are translated through
gettext with a context per code list (``pgettext("cost", "Free")``), so the Dutch catalog of
this app gives the Dutch label. Languages are shown in their own name, whatever the language
of the page.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from kansen.offers import (
    TRANSLATION_LANGUAGES,
    ApplyRoute,
    Audience,
    CodeList,
    Cost,
    Language,
    SupportType,
)

#: The gettext context of the labels of each code list.
LABEL_CONTEXTS: dict[type[CodeList], str] = {
    SupportType: "support type",
    Audience: "audience",
    Cost: "cost",
    ApplyRoute: "apply route",
}


def label(codes: type[CodeList], code: str) -> Promise | str:
    """The label of ``code`` in the interface's language (the code itself when unknown)."""
    for member in codes:
        if member.value == code:
            return pgettext_lazy(LABEL_CONTEXTS[codes], member.en)
    return code


def choices(codes: type[CodeList]) -> list[tuple[str, Promise | str]]:
    """(code, translated label) for every code of the list, in its order."""
    return [(member.value, label(codes, member.value)) for member in codes]


SUPPORT_TYPE_CHOICES = choices(SupportType)
AUDIENCE_CHOICES = choices(Audience)
COST_CHOICES = choices(Cost)
APPLY_ROUTE_CHOICES = choices(ApplyRoute)
#: Languages an activity is given in, each in its own name.
LANGUAGE_CHOICES = [(language.value, language.native) for language in Language]
#: Languages an offer's texts are translated into, each in its own name.
TRANSLATION_LANGUAGE_CHOICES = [
    (code, native) for code, native in LANGUAGE_CHOICES if code in TRANSLATION_LANGUAGES
]
