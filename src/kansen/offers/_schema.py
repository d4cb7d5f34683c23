"""The one schema of an offer: its code lists and its fields, as data.

Everything else about an offer is derived from here: the dictionaries of :mod:`kansen.offers`
(``SUPPORT_TYPES`` ...), the columns of the CSV/Excel table and how a cell is written, the checks
of :func:`kansen.offers.validate_offer`, the descriptions of the public API and the choices of
the platform's models and forms (which translate the English labels through gettext).

A code list is a :class:`~enum.StrEnum` whose members are the codes; each member carries its
Dutch (``nl``) and English (``en``) label. A field is a :class:`FieldSpec`: name, kind (what
its values are and how they are read), whether it is required, its code list and its limits.

Examples
--------
>>> Cost.FREE == "free", Cost.FREE.nl, Cost.FREE.en
(True, 'Gratis', 'Free')
>>> [spec.name for spec in OFFER_SCHEMA if spec.required]
['id', 'provider', 'title', 'support_types', 'audiences', 'cost', 'apply_route', 'last_checked']
>>> Language("ar").native
'العربية'
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, Self


class CodeList(StrEnum):
    """A code list: each member is a code (its value) with a Dutch and an English label."""

    nl: str
    en: str

    def __new__(cls, code: str, nl: str, en: str) -> Self:
        member = str.__new__(cls, code)
        member._value_ = code
        member.nl = nl
        member.en = en
        return member

    @classmethod
    def labels(cls, language: Literal["nl", "en"] = "nl") -> dict[str, str]:
        """Code -> label in ``language``, in the order of the list.

        >>> Audience.labels("en")["ouder"]
        'Parents'
        """
        return {member.value: getattr(member, language) for member in cls}


class SupportType(CodeList):
    """Kinds of support an offer gives (source 000 and the domain)."""

    TAAL = "taal", "Taal", "Language"
    HUISWERK = "huiswerk", "Huiswerk", "Homework"
    TALENTONTWIKKELING = "talentontwikkeling", "Talentontwikkeling", "Talent development"
    SOCIAAL_EMOTIONEEL = (
        "sociaal-emotioneel",
        "Sociaal-emotionele ontwikkeling",
        "Social and emotional development",
    )
    COGNITIEF = "cognitief", "Cognitieve ontwikkeling", "Cognitive development"
    OPVOEDING = "opvoeding", "Opvoeding", "Parenting"
    SPORT = "sport", "Sport", "Sport"
    CULTUUR = "cultuur", "Cultuur", "Culture"
    SCHOOLKOSTEN = "schoolkosten", "Schoolkosten", "School costs"
    VOEDING = "voeding", "Voeding", "Food"
    GELDZAKEN = "geldzaken", "Geldzaken", "Money matters"


class Audience(CodeList):
    """For whom an offer is."""

    KIND = "kind", "Kinderen", "Children"
    JONGERE = "jongere", "Jongeren", "Young people"
    OUDER = "ouder", "Ouders", "Parents"
    PROFESSIONAL = "professional", "Professionals", "Professionals"


class Cost(CodeList):
    """What an offer costs."""

    FREE = "free", "Gratis", "Free"
    CONTRIBUTION = "contribution", "Eigen bijdrage", "Own contribution"
    PRICE = "price", "Betaald", "Paid"


class ApplyRoute(CodeList):
    """How a resident gets in. "professional": only through a professional (a teacher, a
    wijkteam, a brugfunctionaris), as with Jeugdfonds Sport & Cultuur."""

    SELF = "self", "Zelf aanmelden", "Apply yourself"
    PROFESSIONAL = "professional", "Via een professional", "Through a professional"


class Language(CodeList):
    """Languages an activity can be given in (ISO 639), with the language's own name.

    Lists of languages show the ``native`` name, whatever the language of the page.
    """

    native: str

    def __new__(cls, code: str, nl: str, en: str, native: str = "") -> Self:
        member = str.__new__(cls, code)
        member._value_ = code
        member.nl = nl
        member.en = en
        member.native = native
        return member

    NL = "nl", "Nederlands", "Dutch", "Nederlands"
    EN = "en", "Engels", "English", "English"
    TR = "tr", "Turks", "Turkish", "Türkçe"
    AR = "ar", "Arabisch", "Arabic", "العربية"
    PL = "pl", "Pools", "Polish", "Polski"
    UK = "uk", "Oekraïens", "Ukrainian", "Українська"
    SO = "so", "Somalisch", "Somali", "Soomaali"
    TI = "ti", "Tigrinya", "Tigrinya", "ትግርኛ"
    FR = "fr", "Frans", "French", "Français"
    DE = "de", "Duits", "German", "Deutsch"
    ES = "es", "Spaans", "Spanish", "Español"
    BER = "ber", "Berbers", "Berber", "Tamaziɣt"
    FA = "fa", "Perzisch", "Persian", "فارسی"


#: The languages an offer's texts can be translated into (Dutch is the original).
TRANSLATION_LANGUAGES: tuple[str, ...] = ("en", "tr", "ar", "pl", "uk")

#: Languages written from right to left: pages showing them need ``dir="rtl"``.
RTL_LANGUAGES = frozenset({"ar"})

#: The texts of an offer that have translations.
TEXT_FIELDS: tuple[str, ...] = ("title", "summary", "description", "how_to_apply")

#: What the values of a field are, and so how a raw value is read and a cell is written:
#: ``slug`` a code of lowercase letters, digits and hyphens; ``text`` free text; ``reference``
#: the id of a provider; ``regulation`` the id of a regulation; ``codes`` a list of codes;
#: ``code`` one code; ``age`` whole years; ``count`` a whole number of 0 or more; ``amount``
#: euros with cents; ``email``, ``website``; ``date``; ``yes_no``; ``postcode``; ``buurt``
#: a CBS buurt code; ``x``, ``y`` RD New metres.
Kind = Literal[
    "slug",
    "text",
    "reference",
    "regulation",
    "codes",
    "code",
    "age",
    "count",
    "amount",
    "email",
    "website",
    "date",
    "yes_no",
    "postcode",
    "buurt",
    "x",
    "y",
]


@dataclass(frozen=True)
class FieldSpec:
    """One field of an offer, a location or a provider.

    Attributes
    ----------
    name : str
        The field's name in records, files and the API.
    kind : str
        See :data:`Kind`.
    required : bool
        Whether an offer without it is refused (its table column must be there).
    codes : type of CodeList or None
        The code list of a ``code`` or ``codes`` field.
    max_length : int or None
        Longest text the platform stores (the columns of ``kansen.web.directory.models``). A
        postcode or buurt code is checked by its form, which is never longer.
    column : str
        The column suffix in the table when it differs from the name (``buurt_code``: ``buurt``).
    description : str
        What the field holds, in English (the API's documentation); for a field with a code
        list, what the list of its codes follows (``"Codes"`` when empty).
    """

    name: str
    kind: Kind
    required: bool = False
    codes: type[CodeList] | None = None
    max_length: int | None = None
    column: str = ""
    description: str = ""

    @property
    def column_name(self) -> str:
        """The column (or column suffix) of the field in the table."""
        return self.column or self.name


#: Highest age in years an offer can name.
MAX_AGE = 120

#: At most this many locations per offer (the table has three groups of location columns).
MAX_LOCATIONS = 3

#: The offer's own fields, in the order of the table's columns.
OFFER_SCHEMA: tuple[FieldSpec, ...] = (
    FieldSpec("id", "slug", required=True, max_length=120, description="The offer's code."),
    FieldSpec("provider", "reference", required=True, description="The provider's code."),
    FieldSpec("title", "text", required=True, max_length=300),
    FieldSpec("summary", "text", max_length=500),
    FieldSpec("description", "text"),
    FieldSpec("support_types", "codes", required=True, codes=SupportType),
    FieldSpec("age_min", "age", description="Youngest age in years (inclusive); null: none."),
    FieldSpec("age_max", "age", description="Oldest age in years (inclusive); null: none."),
    FieldSpec("audiences", "codes", required=True, codes=Audience),
    FieldSpec("cost", "code", required=True, codes=Cost),
    FieldSpec("cost_amount", "amount", description="Euros; null when free or not known."),
    FieldSpec("cost_note", "text", max_length=300),
    FieldSpec(
        "languages", "codes", codes=Language, description="Languages the activity is given in"
    ),
    FieldSpec("apply_route", "code", required=True, codes=ApplyRoute, description="How to apply"),
    FieldSpec("how_to_apply", "text"),
    FieldSpec("email", "email", max_length=254),
    FieldSpec("phone", "text", max_length=50),
    FieldSpec("website", "website", max_length=500),
    FieldSpec("capacity", "count"),
    FieldSpec("regulation", "regulation"),
    FieldSpec(
        "last_checked",
        "date",
        required=True,
        description="When the provider last confirmed the offer.",
    ),
    FieldSpec("is_published", "yes_no"),
)

#: The fields of a location, in the order of the table's columns.
LOCATION_SCHEMA: tuple[FieldSpec, ...] = (
    FieldSpec("name", "text", max_length=300),
    FieldSpec("address", "text", max_length=300),
    FieldSpec("postcode", "postcode", max_length=7),
    FieldSpec("city", "text", max_length=100),
    FieldSpec(
        "buurt_code",
        "buurt",
        max_length=10,
        column="buurt",
        description="CBS code of the buurt, e.g. BU99990101; may be empty.",
    ),
    FieldSpec("x", "x", description="RD New (EPSG:28992) easting in metres."),
    FieldSpec("y", "y", description="RD New (EPSG:28992) northing in metres."),
)

#: The fields of a provider.
PROVIDER_SCHEMA: tuple[FieldSpec, ...] = (
    FieldSpec(
        "id",
        "slug",
        required=True,
        max_length=100,
        description="The provider's code (slug), unique in the municipality.",
    ),
    FieldSpec("name", "text", required=True, max_length=300),
    FieldSpec("description", "text"),
    FieldSpec("website", "website", max_length=500),
    FieldSpec("email", "email", max_length=254),
    FieldSpec("phone", "text", max_length=50),
)


def field_spec(name: str, schema: tuple[FieldSpec, ...] = OFFER_SCHEMA) -> FieldSpec:
    """The field called ``name`` of ``schema`` (KeyError when there is none).

    >>> field_spec("cost").codes is Cost
    True
    """
    for spec in schema:
        if spec.name == name:
            return spec
    raise KeyError(name)


def codes_description(codes: type[CodeList]) -> str:
    """The codes of a list joined for a description: ``free, contribution, price``."""
    return ", ".join(codes)
