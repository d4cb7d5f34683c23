"""Offers (aanbod) as records outside the database: the canonical shape, files, demo data.

An offer is something a provider does for children, young people or parents: homework
support, a language café, a sports club paid by a fund, a clothing bank. This package holds
its record (:class:`OfferRecord`), its one schema (fields and code lists as data:
:data:`OFFER_SCHEMA`, :class:`SupportType` ...), reads and checks directories
in YAML or JSON (:func:`read_directory`) and tables in CSV or Excel (:func:`read_offers_table`,
:func:`write_offers_table`), and ships the directory of the demo municipality Demostad
(:func:`demo_directory`). It imports nothing from Django.

Examples
--------
>>> from kansen.offers import SUPPORT_TYPES, demo_directory
>>> directory = demo_directory()
>>> offer = directory.offer("huiswerkklas-centrum")
>>> [SUPPORT_TYPES[code] for code in offer.support_types]
['Huiswerk']
>>> offer.text("title", "en")
'Homework class in the library'
"""

from ._directory import demo_directory, read_directory
from ._kinds import KINDS, FieldKind
from ._model import (
    APPLY_ROUTES,
    AUDIENCES,
    COSTS,
    LANGUAGES,
    SUPPORT_TYPES,
    Directory,
    LocationRecord,
    OfferRecord,
    ProviderRecord,
    TranslationRecord,
)
from ._problems import DUTCH_TEXTS, PROBLEM_TEXTS
from ._schema import (
    LOCATION_SCHEMA,
    MAX_AGE,
    MAX_LOCATIONS,
    OFFER_SCHEMA,
    PROVIDER_SCHEMA,
    RTL_LANGUAGES,
    TEXT_FIELDS,
    TRANSLATION_LANGUAGES,
    ApplyRoute,
    Audience,
    CodeList,
    Cost,
    FieldSpec,
    Language,
    SupportType,
    field_spec,
)
from ._table import OFFER_COLUMNS, read_offers_table, write_offers_table
from ._validate import validate_offer

__all__ = [
    "APPLY_ROUTES",
    "AUDIENCES",
    "COSTS",
    "DUTCH_TEXTS",
    "KINDS",
    "LANGUAGES",
    "LOCATION_SCHEMA",
    "MAX_AGE",
    "MAX_LOCATIONS",
    "OFFER_COLUMNS",
    "OFFER_SCHEMA",
    "PROBLEM_TEXTS",
    "PROVIDER_SCHEMA",
    "RTL_LANGUAGES",
    "SUPPORT_TYPES",
    "TEXT_FIELDS",
    "TRANSLATION_LANGUAGES",
    "ApplyRoute",
    "Audience",
    "CodeList",
    "Cost",
    "Directory",
    "FieldKind",
    "FieldSpec",
    "Language",
    "LocationRecord",
    "OfferRecord",
    "ProviderRecord",
    "SupportType",
    "TranslationRecord",
    "demo_directory",
    "field_spec",
    "read_directory",
    "read_offers_table",
    "validate_offer",
    "write_offers_table",
]
