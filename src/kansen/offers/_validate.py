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
import re
from collections.abc import Callable, Collection, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from kansen.io import ImportRejected, Problem

from ._model import LocationRecord, OfferRecord, ProviderRecord, TranslationRecord
from ._problems import offer_problem
from ._schema import (
    LOCATION_SCHEMA,
    MAX_AGE,
    MAX_LOCATIONS,
    OFFER_SCHEMA,
    PROVIDER_SCHEMA,
    TEXT_FIELDS,
    TRANSLATION_LANGUAGES,
    CodeList,
    FieldSpec,
)

#: report(field path, problem code, parameters)
Report = Callable[[str, str, dict[str, Any]], None]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_REGULATION_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_POSTCODE = re.compile(r"^([1-9]\d{3})\s?([A-Za-z]{2})?$")
_BUURT = re.compile(r"^BU\d{8}$")
_DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
# The RD grid covers the Netherlands with a margin; anything outside is a mistake.
_RD_BOUNDS = {"x": (-7_000.0, 300_000.0), "y": (289_000.0, 629_000.0)}
_YES = {"ja", "j", "yes", "y", "true", "waar", "1"}
_NO = {"nee", "n", "no", "false", "onwaar", "0"}

#: The fields of a raw offer: its own, then its locations and translations.
OFFER_FIELDS = (*(spec.name for spec in OFFER_SCHEMA), "locations", "translations")
LOCATION_FIELDS = tuple(spec.name for spec in LOCATION_SCHEMA)
PROVIDER_FIELDS = tuple(spec.name for spec in PROVIDER_SCHEMA)


def _joined(codes: Collection[str]) -> str:
    return ", ".join(codes)


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


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
        kind = spec.kind
        if kind == "slug":
            return self.slug(spec)
        if kind in ("text", "reference", "regulation", "email", "website", "postcode", "buurt"):
            return self.text(spec)
        if kind == "codes":
            return self.codes(spec)
        if kind == "code":
            return self.code(spec)
        if kind in ("age", "count"):
            return self.integer(spec)
        if kind == "amount":
            return self.decimal(spec.name)
        if kind in ("x", "y"):
            return self.coordinate(spec.name, _RD_BOUNDS[kind])
        if kind == "date":
            return self.day(spec.name)
        if kind == "yes_no":
            return self.boolean(spec.name, True)
        raise ValueError(f"no reader for fields of kind {kind!r}")

    def text(self, spec: FieldSpec) -> str:
        key = spec.name
        value = self.raw.get(key)
        if _empty(value):
            if spec.required:
                self.error(key, "offer.empty")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            self.error(key, "offer.not_text", value=_shown(value))
            return ""
        text = str(value).strip()
        limit = spec.max_length
        if limit is not None and len(text) > limit:
            self.error(key, "offer.too_long", length=len(text), limit=limit)
        return self.check(spec, text) if text else text

    def check(self, spec: FieldSpec, text: str) -> str:
        """The text of a field that has a form of its own, checked (and a postcode tidied)."""
        key, kind = spec.name, spec.kind
        if kind == "email" and not _EMAIL.match(text):
            self.error(key, "offer.bad_email", value=_shown(text))
        elif kind == "website" and not text.startswith(("https://", "http://")):
            self.error(key, "offer.bad_website", value=_shown(text))
        elif kind == "regulation" and not _REGULATION_ID.match(text):
            self.error(key, "offer.bad_regulation", value=_shown(text))
        elif kind == "buurt" and not _BUURT.match(text):
            self.error(key, "offer.bad_buurt", value=_shown(text))
        elif kind == "postcode":
            match = _POSTCODE.match(text)
            if not match:
                self.error(key, "offer.bad_postcode", value=_shown(text))
            else:
                text = match[1] + (f" {match[2].upper()}" if match[2] else "")
        return text

    def slug(self, spec: FieldSpec) -> str:
        text = self.text(spec)
        limit = spec.max_length or 0
        if text and (not SLUG.match(text) or len(text) > limit):
            self.error(spec.name, "offer.bad_slug", value=_shown(text), limit=limit)
        return text

    def codes(self, spec: FieldSpec) -> tuple[str, ...]:
        key = spec.name
        allowed = _allowed(spec)
        value = self.raw.get(key)
        if _empty(value) or value == []:
            if spec.required:
                self.error(key, "offer.codes_empty", codes=_joined(allowed))
            return ()
        if isinstance(value, str):
            items = [part.strip() for part in value.split(";")]
        elif isinstance(value, list | tuple):
            items = [str(part).strip() for part in value]
        else:
            self.error(key, "offer.not_a_list", value=_shown(value))
            return ()
        items = [item for item in items if item]
        unknown = [item for item in items if item not in allowed]
        if unknown:
            self.error(
                key,
                "offer.unknown_code_in_list"
                if len(unknown) == 1
                else "offer.unknown_codes_in_list",
                unknown=", ".join(f"'{item}'" for item in unknown),
                codes=_joined(allowed),
            )
        seen: list[str] = []
        for item in items:
            if item not in seen and item in allowed:
                seen.append(item)
        return tuple(seen)

    def code(self, spec: FieldSpec) -> str:
        allowed = _allowed(spec)
        text = self.text(spec)
        if text and text not in allowed:
            self.error(spec.name, "offer.unknown_code", value=_shown(text), codes=_joined(allowed))
            return ""
        return text

    def integer(self, spec: FieldSpec) -> int | None:
        key = spec.name
        value = self.raw.get(key)
        if _empty(value):
            return None
        high = MAX_AGE if spec.kind == "age" else None
        number: int | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif (isinstance(value, float) and value.is_integer()) or (
            isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value)
        ):
            number = int(value)
        if number is None or number < 0 or (high is not None and number > high):
            if spec.kind == "age":
                self.error(key, "offer.bad_age", value=_shown(value), max_age=MAX_AGE)
            else:
                self.error(key, "offer.bad_count", value=_shown(value))
            return None
        return number

    def decimal(self, key: str) -> Decimal | None:
        value = self.raw.get(key)
        if _empty(value):
            return None
        amount: Decimal | None = None
        if isinstance(value, bool):
            amount = None
        elif isinstance(value, int | Decimal):
            amount = Decimal(value)
        elif isinstance(value, float):
            amount = Decimal(str(value))
        elif isinstance(value, str):
            text = value.strip().removeprefix("€").strip().replace(" ", "")
            if "," in text and "." in text:
                text = text.replace(".", "")  # 1.250,00: a thousands point
            text = text.replace(",", ".")
            if re.fullmatch(r"\d+(\.\d{1,2})?", text):
                try:
                    amount = Decimal(text)
                except InvalidOperation:
                    amount = None
        if amount is None or amount < 0 or amount != amount.quantize(Decimal("0.01")):
            self.error(key, "offer.bad_amount", value=_shown(value))
            return None
        return amount.quantize(Decimal("0.01"))

    def coordinate(self, key: str, bounds: tuple[float, float]) -> float | None:
        value = self.raw.get(key)
        if _empty(value):
            return None
        number: float | None = None
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        elif isinstance(value, str):
            try:
                number = float(value.strip().replace(",", "."))
            except ValueError:
                number = None
        if number is None or not bounds[0] <= number <= bounds[1]:
            low, high = (f"{bound:.0f}" for bound in bounds)
            self.error(key, "offer.bad_coordinate", value=_shown(value), low=low, high=high)
            return None
        return number

    def day(self, key: str) -> date | None:
        value = self.raw.get(key)
        if _empty(value):
            self.error(key, "offer.date_missing")
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            text = value.strip()
            try:
                return date.fromisoformat(text)
            except ValueError:
                pass
            match = _DUTCH_DATE.match(text)
            if match:
                try:
                    return date(int(match[3]), int(match[2]), int(match[1]))
                except ValueError:
                    pass
        self.error(key, "offer.bad_date", value=_shown(value))
        return None

    def boolean(self, key: str, default: bool) -> bool:
        value = self.raw.get(key)
        if _empty(value):
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in _YES | _NO:
            return value.strip().lower() in _YES
        self.error(key, "offer.not_yes_no", value=_shown(value))
        return default

    def unknown_keys(self, known: Collection[str]) -> None:
        for key in self.raw:
            if key not in known:
                self.error(str(key), "offer.unknown_field", fields=_joined(known))

    def fields(self, schema: tuple[FieldSpec, ...]) -> dict[str, Any]:
        """Every field of ``schema`` read in order, each followed by the rules it completes."""
        values: dict[str, Any] = {}
        for spec in schema:
            values[spec.name] = self.read(spec)
            rule = _RULES.get((spec.kind, spec.name))
            if rule is not None:
                rule(self, values)
        return values


def _allowed(spec: FieldSpec) -> dict[str, str]:
    codes: type[CodeList] | None = spec.codes
    if codes is None:
        raise ValueError(f"the field {spec.name} has no code list")
    return codes.labels()


def _known_provider(r: _Reader, values: dict[str, Any]) -> None:
    provider, providers = values["provider"], r.providers
    if not provider or providers is None or provider in providers:
        return
    if providers:
        known = _joined(sorted(providers))
        r.error("provider", "offer.unknown_provider", value=_shown(provider), providers=known)
    else:
        r.error("provider", "offer.no_providers", value=_shown(provider))


def _ages_in_order(r: _Reader, values: dict[str, Any]) -> None:
    age_min, age_max = values["age_min"], values["age_max"]
    if age_min is not None and age_max is not None and age_min > age_max:
        r.error("age_max", "offer.ages_reversed", age_min=age_min, age_max=age_max)


def _amount_fits_cost(r: _Reader, values: dict[str, Any]) -> None:
    cost, amount = values["cost"], values["cost_amount"]
    if cost == "free" and amount:
        r.error("cost_amount", "offer.free_with_amount", amount=amount)
    if cost == "price" and _empty(r.raw.get("cost_amount")):
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
    if _empty(value) or value == []:
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
    if _empty(value) or value == {}:
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
                value=_shown(language),
                languages=_joined(TRANSLATION_LANGUAGES),
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
