"""Check one offer or provider given as a mapping of raw values and build its record.

The same checks serve the YAML/JSON directory and the CSV/Excel table: values may be native
(lists, numbers, dates from YAML or Excel) or text (cells of a CSV file). Each field is read by
its kind in the schema (:mod:`kansen.offers._schema`), in the schema's order, and the rules
that join two fields (ages, cost and amount, x and y) follow the second of them. Every problem
is reported through a callback with the field's path (``locations[1].postcode``,
``translations.en.title``), which the table reader turns into its column name, a code of
:data:`~kansen.offers._problems.OFFER_PROBLEM_TEXTS` and its parameters.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping
from types import MappingProxyType
from typing import Any

from kansen.io import ImportRejected, Problem

from ._kinds import empty, joined, kind_of, shown
from ._model import LocationRecord, OfferRecord, ProviderRecord, TranslationRecord
from ._problems import offer_problem
from ._schema import (
    LOCATION_SCHEMA,
    MAX_LOCATIONS,
    OFFER_SCHEMA,
    PROVIDER_SCHEMA,
    TEXT_FIELDS,
    TRANSLATION_LANGUAGES,
    FieldSpec,
)

#: report(field path, problem code, parameters)
Report = Callable[[str, str, dict[str, Any]], None]

#: The fields of a raw offer: its own, then its locations and translations.
OFFER_FIELDS = (*(spec.name for spec in OFFER_SCHEMA), "locations", "translations")
LOCATION_FIELDS = tuple(spec.name for spec in LOCATION_SCHEMA)
PROVIDER_FIELDS = tuple(spec.name for spec in PROVIDER_SCHEMA)


class _Reader:
    """Reads typed values out of a raw mapping, reporting what is wrong under a path prefix."""

    def __init__(
        self,
        raw: Mapping[str, Any],
        report: Report,
        prefix: str = "",
        providers: Collection[str] | None = None,
    ) -> None:
        self.raw = raw
        self.report = report
        self.prefix = prefix
        self.providers = providers
        self.ok = True

    def error(self, key: str, code: str, **params: Any) -> None:
        self.ok = False
        self.report(self.prefix + key, code, params)

    def read(self, spec: FieldSpec) -> Any:
        """The value of a field read by its kind (None, "" or () when empty or wrong)."""

        def error(code: str, /, **params: Any) -> None:
            self.error(spec.name, code, **params)

        return kind_of(spec).read(self.raw.get(spec.name), spec, error)

    def unknown_keys(self, known: Collection[str]) -> None:
        for key in self.raw:
            if key not in known:
                self.error(str(key), "offer.unknown_field", fields=joined(known))

    def fields(self, schema: tuple[FieldSpec, ...]) -> dict[str, Any]:
        """Every field of ``schema`` read in order, each followed by the rules it completes."""
        values: dict[str, Any] = {}
        for spec in schema:
            values[spec.name] = self.read(spec)
            rule = _RULES.get((spec.kind, spec.name))
            if rule is not None:
                rule(self, values)
        return values


def _known_provider(r: _Reader, values: dict[str, Any]) -> None:
    provider, providers = values["provider"], r.providers
    if not provider or providers is None or provider in providers:
        return
    if providers:
        known = joined(sorted(providers))
        r.error("provider", "offer.unknown_provider", value=shown(provider), providers=known)
    else:
        r.error("provider", "offer.no_providers", value=shown(provider))


def _ages_in_order(r: _Reader, values: dict[str, Any]) -> None:
    age_min, age_max = values["age_min"], values["age_max"]
    if age_min is not None and age_max is not None and age_min > age_max:
        r.error("age_max", "offer.ages_reversed", age_min=age_min, age_max=age_max)


def _amount_fits_cost(r: _Reader, values: dict[str, Any]) -> None:
    cost, amount = values["cost"], values["cost_amount"]
    if cost == "free" and amount:
        r.error("cost_amount", "offer.free_with_amount", amount=amount)
    if cost == "price" and empty(r.raw.get("cost_amount")):
        r.error("cost_amount", "offer.price_without_amount")


def _named_location(r: _Reader, values: dict[str, Any]) -> None:
    if not values["name"] and not values["address"]:
        r.error("address", "offer.location_unnamed")


def _x_with_y(r: _Reader, values: dict[str, Any]) -> None:
    x, y = values["x"], values["y"]
    if (x is None) != (y is None) and r.ok:
        r.error("y" if y is None else "x", "offer.half_coordinate")


#: Rules joining fields, by the (kind, name) of the field read last.
_RULES: dict[tuple[str, str], Callable[[_Reader, dict[str, Any]], None]] = {
    ("reference", "provider"): _known_provider,
    ("age", "age_max"): _ages_in_order,
    ("amount", "cost_amount"): _amount_fits_cost,
    ("text", "address"): _named_location,
    ("y", "y"): _x_with_y,
}


def build_offer(
    raw: Mapping[str, Any],
    report: Report,
    *,
    providers: Collection[str] | None = None,
) -> OfferRecord | None:
    """Check a raw offer and build its record; None when anything was reported.

    Parameters
    ----------
    raw : mapping
        Field name -> value; ``locations`` a list of mappings, ``translations`` a mapping of
        language to mapping.
    report : callable
        Called as ``report(path, code, params)`` for every problem.
    providers : collection of str, optional
        The provider ids that exist; not checked when None.

    Returns
    -------
    OfferRecord or None
    """
    r = _Reader(raw, report, providers=providers)
    r.unknown_keys(OFFER_FIELDS)
    values = r.fields(OFFER_SCHEMA)
    values["languages"] = values["languages"] or ("nl",)
    locations = _locations(raw.get("locations"), report, r)
    translations = _translations(raw.get("translations"), report, r)
    if not r.ok or values["last_checked"] is None:
        return None
    return OfferRecord(**values, locations=locations, translations=translations)


#: What a part of an offer is when it is not a mapping, by the schema it should have.
_NOT_A_PART = {"locations": "offer.not_a_location", "translations": "offer.not_a_translation"}


def _part(
    item: Any, path: str, schema: tuple[FieldSpec, ...], report: Report, parent: _Reader
) -> tuple[_Reader, dict[str, Any]] | None:
    """Read a location or a translation of an offer (None when it is no mapping)."""
    if not isinstance(item, Mapping):
        parent.error(path, _NOT_A_PART[path.split("[")[0].split(".")[0]])
        return None
    r = _Reader(item, report, f"{path}.")
    r.unknown_keys(tuple(spec.name for spec in schema))
    return r, r.fields(schema)


def _locations(value: Any, report: Report, parent: _Reader) -> tuple[LocationRecord, ...]:
    if empty(value) or value == []:
        return ()
    if not isinstance(value, list | tuple):
        parent.error("locations", "offer.locations_not_a_list", max=MAX_LOCATIONS)
        return ()
    if len(value) > MAX_LOCATIONS:
        parent.error("locations", "offer.too_many_locations", count=len(value), max=MAX_LOCATIONS)
    records = []
    for i, item in enumerate(value):
        read = _part(item, f"locations[{i}]", LOCATION_SCHEMA, report, parent)
        if read is not None and read[0].ok:
            records.append(LocationRecord(**read[1]))
        elif read is not None:
            parent.ok = False
    return tuple(records)


def _translations(value: Any, report: Report, parent: _Reader) -> Mapping[str, TranslationRecord]:
    if empty(value) or value == {}:
        return MappingProxyType({})
    if not isinstance(value, Mapping):
        parent.error("translations", "offer.translations_not_a_mapping")
        return MappingProxyType({})
    records: dict[str, TranslationRecord] = {}
    for language in value:
        if language not in TRANSLATION_LANGUAGES:
            parent.error(
                f"translations.{language}",
                "offer.untranslatable_language",
                value=shown(language),
                languages=joined(TRANSLATION_LANGUAGES),
            )
    for language in TRANSLATION_LANGUAGES:
        item = value.get(language)
        if item is None:
            continue
        read = _part(item, f"translations.{language}", _TRANSLATION_SCHEMA, report, parent)
        if read is None:
            continue
        r, texts = read
        if not any(texts.values()):
            continue
        if not texts["title"]:
            r.error("title", "offer.translation_untitled")
        if r.ok:
            records[language] = TranslationRecord(**texts)
        else:
            parent.ok = False
    return MappingProxyType(records)


#: A translation's texts: the offer's own, with their limits; none is required on its own.
_TRANSLATION_SCHEMA = tuple(
    dataclasses.replace(spec, required=False) for spec in OFFER_SCHEMA if spec.name in TEXT_FIELDS
)


def build_provider(raw: Mapping[str, Any], report: Report) -> ProviderRecord | None:
    """Check a raw provider and build its record; None when anything was reported."""
    r = _Reader(raw, report)
    r.unknown_keys(PROVIDER_FIELDS)
    record = ProviderRecord(**r.fields(PROVIDER_SCHEMA))
    return record if r.ok else None


def validate_offer(mapping: Mapping[str, Any], *, where: str) -> OfferRecord:
    """Check one offer given as a mapping (as in the YAML directory) and return its record.

    Parameters
    ----------
    mapping : mapping
        The offer's fields; lists may be lists or texts joined with ``;``, numbers and dates
        may be texts (``"12,50"``, ``"2026-03-15"``).
    where : str
        Where the offer comes from, used as the file of every problem, e.g.
        ``"aanbod.yaml, offers[3]"``.

    Returns
    -------
    OfferRecord

    Raises
    ------
    kansen.io.ImportRejected
        With every problem; a problem's ``column`` is the field's path.

    Examples
    --------
    >>> offer = validate_offer(
    ...     {"id": "taalcafe", "provider": "bibliotheek", "title": "Taalcafé",
    ...      "support_types": "taal", "audiences": ["ouder"], "cost": "free",
    ...      "apply_route": "self", "last_checked": "2026-03-01"},
    ...     where="voorbeeld",
    ... )
    >>> offer.support_types, offer.languages
    (('taal',), ('nl',))
    """
    problems: list[Problem] = []

    def report(path: str, code: str, params: dict[str, Any]) -> None:
        problems.append(offer_problem(code, where, None, path, **params))

    record = build_offer(mapping, report)
    if record is None:
        raise ImportRejected(problems)
    return record


__all__ = [
    "LOCATION_FIELDS",
    "OFFER_FIELDS",
    "PROVIDER_FIELDS",
    "build_offer",
    "build_provider",
    "validate_offer",
]
