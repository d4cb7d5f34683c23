"""Check one offer or provider given as a mapping of raw values and build its record.

The same checks serve the YAML/JSON directory and the CSV/Excel table: values may be native
(lists, numbers, dates from YAML or Excel) or text (cells of a CSV file), and every problem is
reported through a callback with the field's path (``locations[1].postcode``,
``translations.en.title``), which the table reader turns into its column name. Messages are
Dutch because the people who fix the files are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from kansen.io import ImportRejected, Problem

from ._model import (
    APPLY_ROUTES,
    AUDIENCES,
    COSTS,
    LANGUAGES,
    SUPPORT_TYPES,
    TEXT_FIELDS,
    TRANSLATION_LANGUAGES,
    LocationRecord,
    OfferRecord,
    ProviderRecord,
    TranslationRecord,
)

#: report(field path, message, expected)
Report = Callable[[str, str, str | None], None]

MAX_LOCATIONS = 3
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_REGULATION_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_POSTCODE = re.compile(r"^([1-9]\d{3})\s?([A-Za-z]{2})?$")
_BUURT = re.compile(r"^BU\d{8}$")
_DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
# The RD grid covers the Netherlands with a margin; anything outside is a mistake.
_RD_X = (-7_000.0, 300_000.0)
_RD_Y = (289_000.0, 629_000.0)
_MAX_AGE = 120
_YES = {"ja", "j", "yes", "y", "true", "waar", "1"}
_NO = {"nee", "n", "no", "false", "onwaar", "0"}

#: Longest texts the platform stores (the columns of kansen.web.offers.models).
_MAX_LENGTH = {
    "id": 120,
    "title": 300,
    "summary": 500,
    "cost_note": 300,
    "email": 254,
    "phone": 50,
    "website": 500,
    "name": 300,
    "address": 300,
    "city": 100,
}

OFFER_FIELDS = (
    "id",
    "provider",
    "title",
    "summary",
    "description",
    "support_types",
    "age_min",
    "age_max",
    "audiences",
    "cost",
    "cost_amount",
    "cost_note",
    "languages",
    "apply_route",
    "how_to_apply",
    "email",
    "phone",
    "website",
    "capacity",
    "regulation",
    "last_checked",
    "is_published",
    "locations",
    "translations",
)
LOCATION_FIELDS = ("name", "address", "postcode", "city", "buurt_code", "x", "y")
PROVIDER_FIELDS = ("id", "name", "description", "website", "email", "phone")


def _codes_text(codes: Collection[str]) -> str:
    return ", ".join(codes)


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _Reader:
    """Reads typed values out of a raw mapping, reporting what is wrong under a path prefix."""

    def __init__(self, raw: Mapping[str, Any], report: Report, prefix: str = "") -> None:
        self.raw = raw
        self.report = report
        self.prefix = prefix
        self.ok = True

    def error(self, key: str, message: str, expected: str | None = None) -> None:
        self.ok = False
        self.report(self.prefix + key, message, expected)

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.raw.get(key)
        if _empty(value):
            if required:
                self.error(key, "dit veld is leeg", "een tekst")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            self.error(key, f"'{_shown(value)}' is geen tekst", "een tekst")
            return ""
        text = str(value).strip()
        limit = _MAX_LENGTH.get(key)
        if limit is not None and len(text) > limit:
            self.error(key, f"de tekst is {len(text)} tekens lang", f"hoogstens {limit} tekens")
        return text

    def slug(self, key: str, limit: int) -> str:
        text = self.text(key, required=True)
        if text and (not SLUG.match(text) or len(text) > limit):
            self.error(
                key,
                f"'{_shown(text)}' is geen geldige code",
                f"kleine letters, cijfers en streepjes, hoogstens {limit} tekens, "
                "bijvoorbeeld 'huiswerkklas-centrum'",
            )
        return text

    def codes(self, key: str, allowed: Mapping[str, str], *, required: bool) -> tuple[str, ...]:
        value = self.raw.get(key)
        if _empty(value) or value == []:
            if required:
                self.error(key, "dit veld is leeg", f"een of meer van: {_codes_text(allowed)}")
            return ()
        if isinstance(value, str):
            items = [part.strip() for part in value.split(";")]
        elif isinstance(value, list | tuple):
            items = [str(part).strip() for part in value]
        else:
            self.error(key, f"'{_shown(value)}' is geen lijst", "codes gescheiden door ;")
            return ()
        items = [item for item in items if item]
        unknown = [item for item in items if item not in allowed]
        if unknown:
            listed = ", ".join(f"'{item}'" for item in unknown)
            self.error(
                key,
                f"onbekende code {listed}" if len(unknown) == 1 else f"onbekende codes {listed}",
                f"codes uit: {_codes_text(allowed)} (gescheiden door ;)",
            )
        seen: list[str] = []
        for item in items:
            if item not in seen and item in allowed:
                seen.append(item)
        return tuple(seen)

    def code(self, key: str, allowed: Mapping[str, str]) -> str:
        text = self.text(key, required=True)
        if text and text not in allowed:
            self.error(key, f"onbekende code '{_shown(text)}'", f"een van: {_codes_text(allowed)}")
            return ""
        return text

    def integer(self, key: str, low: int, high: int | None, expected: str) -> int | None:
        value = self.raw.get(key)
        if _empty(value):
            return None
        number: int | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif (isinstance(value, float) and value.is_integer()) or (
            isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value)
        ):
            number = int(value)
        if number is None or number < low or (high is not None and number > high):
            self.error(key, f"'{_shown(value)}' is geen geldig getal", expected)
            return None
        return number

    def decimal(self, key: str) -> Decimal | None:
        value = self.raw.get(key)
        if _empty(value):
            return None
        expected = "een bedrag in euro's, bijvoorbeeld 12,50 of 12.50"
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
            self.error(key, f"'{_shown(value)}' is geen bedrag", expected)
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
            self.error(
                key,
                f"'{_shown(value)}' is geen RD-coördinaat in Nederland",
                f"meters in RD New (EPSG:28992) tussen {bounds[0]:.0f} en {bounds[1]:.0f}",
            )
            return None
        return number

    def day(self, key: str) -> date | None:
        value = self.raw.get(key)
        expected = "een datum als JJJJ-MM-DD, bijvoorbeeld 2026-03-15"
        if _empty(value):
            self.error(key, "de datum ontbreekt", expected)
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
        self.error(key, f"'{_shown(value)}' is geen geldige datum", expected)
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
        self.error(key, f"'{_shown(value)}' is geen ja of nee", "ja of nee")
        return default

    def email(self, key: str) -> str:
        text = self.text(key)
        if text and not _EMAIL.match(text):
            self.error(key, f"'{_shown(text)}' is geen e-mailadres", "bijvoorbeeld info@club.nl")
        return text

    def website(self, key: str) -> str:
        text = self.text(key)
        if text and not text.startswith(("https://", "http://")):
            self.error(
                key,
                f"'{_shown(text)}' is geen webadres",
                "een adres dat begint met https://",
            )
        return text

    def unknown_keys(self, known: Collection[str]) -> None:
        for key in self.raw:
            if key not in known:
                self.error(str(key), "onbekend veld", f"een van: {_codes_text(known)}")


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
        Called as ``report(path, message, expected)`` for every problem.
    providers : collection of str, optional
        The provider ids that exist; not checked when None.

    Returns
    -------
    OfferRecord or None
    """
    r = _Reader(raw, report)
    r.unknown_keys(OFFER_FIELDS)
    offer_id = r.slug("id", _MAX_LENGTH["id"])
    provider = r.text("provider", required=True)
    if provider and providers is not None and provider not in providers:
        known = _codes_text(sorted(providers)) or "(nog geen aanbieders)"
        r.error("provider", f"onbekende aanbieder '{_shown(provider)}'", f"een van: {known}")
    title = r.text("title", required=True)
    support_types = r.codes("support_types", SUPPORT_TYPES, required=True)
    age_expected = f"een leeftijd in hele jaren van 0 tot en met {_MAX_AGE}"
    age_min = r.integer("age_min", 0, _MAX_AGE, age_expected)
    age_max = r.integer("age_max", 0, _MAX_AGE, age_expected)
    if age_min is not None and age_max is not None and age_min > age_max:
        r.error(
            "age_max",
            f"de maximumleeftijd {age_max} is lager dan de minimumleeftijd {age_min}",
            "age_min kleiner dan of gelijk aan age_max",
        )
    audiences = r.codes("audiences", AUDIENCES, required=True)
    cost = r.code("cost", COSTS)
    cost_amount = r.decimal("cost_amount")
    if cost == "free" and cost_amount:
        r.error(
            "cost_amount",
            f"een gratis aanbod heeft een bedrag ({cost_amount})",
            "geen bedrag bij cost 'free', of cost 'contribution' of 'price'",
        )
    if cost == "price" and _empty(raw.get("cost_amount")):
        r.error("cost_amount", "het bedrag ontbreekt", "een bedrag in euro's bij cost 'price'")
    languages = r.codes("languages", LANGUAGES, required=False) or ("nl",)
    apply_route = r.code("apply_route", APPLY_ROUTES)
    regulation = r.text("regulation")
    if regulation and not _REGULATION_ID.match(regulation):
        r.error(
            "regulation",
            f"'{_shown(regulation)}' is geen code van een regeling",
            "de id van een regeling, bijvoorbeeld 'stadspas', of leeg",
        )
    values = {
        "summary": r.text("summary"),
        "description": r.text("description"),
        "cost_note": r.text("cost_note"),
        "how_to_apply": r.text("how_to_apply"),
        "email": r.email("email"),
        "phone": r.text("phone"),
        "website": r.website("website"),
    }
    capacity = r.integer("capacity", 0, None, "een aantal plaatsen (0 of meer), of leeg")
    last_checked = r.day("last_checked")
    is_published = r.boolean("is_published", True)
    locations = _locations(raw.get("locations"), report, r)
    translations = _translations(raw.get("translations"), report, r)
    if not r.ok or last_checked is None:
        return None
    return OfferRecord(
        id=offer_id,
        provider=provider,
        title=title,
        summary=values["summary"],
        description=values["description"],
        support_types=support_types,
        age_min=age_min,
        age_max=age_max,
        audiences=audiences,
        cost=cost,
        cost_amount=cost_amount,
        cost_note=values["cost_note"],
        languages=languages,
        apply_route=apply_route,
        how_to_apply=values["how_to_apply"],
        email=values["email"],
        phone=values["phone"],
        website=values["website"],
        capacity=capacity,
        regulation=regulation,
        last_checked=last_checked,
        locations=locations,
        translations=translations,
        is_published=is_published,
    )


def _locations(value: Any, report: Report, parent: _Reader) -> tuple[LocationRecord, ...]:
    if _empty(value) or value == []:
        return ()
    if not isinstance(value, list | tuple):
        parent.error("locations", "dit is geen lijst van locaties", "een lijst (0 tot 3 locaties)")
        return ()
    if len(value) > MAX_LOCATIONS:
        parent.error(
            "locations",
            f"het aanbod heeft {len(value)} locaties",
            f"hoogstens {MAX_LOCATIONS} locaties",
        )
    records = []
    for i, item in enumerate(value):
        prefix = f"locations[{i}]."
        if not isinstance(item, Mapping):
            parent.error(f"locations[{i}]", "dit is geen locatie", "velden name, address, ...")
            continue
        r = _Reader(item, report, prefix)
        r.unknown_keys(LOCATION_FIELDS)
        name = r.text("name")
        address = r.text("address")
        if not name and not address:
            r.error("address", "de locatie heeft geen naam en geen adres", "een adres of naam")
        postcode = r.text("postcode")
        match = _POSTCODE.match(postcode) if postcode else None
        if postcode and not match:
            r.error(
                "postcode",
                f"'{_shown(postcode)}' is geen postcode",
                "een postcode als 9994 AB (of alleen de vier cijfers)",
            )
        elif match:
            postcode = match[1] + (f" {match[2].upper()}" if match[2] else "")
        buurt = r.text("buurt_code")
        if buurt and not _BUURT.match(buurt):
            r.error(
                "buurt_code",
                f"'{_shown(buurt)}' is geen buurtcode",
                "een CBS-buurtcode als BU99990101, of leeg",
            )
        x = r.coordinate("x", _RD_X)
        y = r.coordinate("y", _RD_Y)
        if (x is None) != (y is None) and r.ok:
            r.error("y" if y is None else "x", "x en y horen samen", "beide of geen van beide")
        if r.ok:
            records.append(LocationRecord(name, address, postcode, r.text("city"), buurt, x, y))
        else:
            parent.ok = False
    return tuple(records)


def _translations(value: Any, report: Report, parent: _Reader) -> Mapping[str, TranslationRecord]:
    if _empty(value) or value == {}:
        return MappingProxyType({})
    if not isinstance(value, Mapping):
        parent.error("translations", "dit zijn geen vertalingen", "taalcode -> {title, ...}")
        return MappingProxyType({})
    records: dict[str, TranslationRecord] = {}
    for language in value:
        if language not in TRANSLATION_LANGUAGES:
            parent.error(
                f"translations.{language}",
                f"geen vertaling mogelijk in taal '{_shown(language)}'",
                f"een van: {_codes_text(TRANSLATION_LANGUAGES)}",
            )
    for language in TRANSLATION_LANGUAGES:
        item = value.get(language)
        if item is None:
            continue
        if not isinstance(item, Mapping):
            parent.error(f"translations.{language}", "dit is geen vertaling", "{title, summary}")
            continue
        r = _Reader(item, report, f"translations.{language}.")
        r.unknown_keys(TEXT_FIELDS)
        texts = {name: r.text(name) for name in TEXT_FIELDS}
        if not any(texts.values()):
            continue
        if not texts["title"]:
            r.error("title", "de vertaling heeft geen titel", "een titel in deze taal")
        if r.ok:
            records[language] = TranslationRecord(**texts)
        else:
            parent.ok = False
    return MappingProxyType(records)


def build_provider(raw: Mapping[str, Any], report: Report) -> ProviderRecord | None:
    """Check a raw provider and build its record; None when anything was reported."""
    r = _Reader(raw, report)
    r.unknown_keys(PROVIDER_FIELDS)
    record = ProviderRecord(
        id=r.slug("id", 100),
        name=r.text("name", required=True),
        description=r.text("description"),
        website=r.website("website"),
        email=r.email("email"),
        phone=r.text("phone"),
    )
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

    def report(path: str, message: str, expected: str | None) -> None:
        problems.append(Problem(where, None, path, message, expected))

    record = build_offer(mapping, report)
    if record is None:
        raise ImportRejected(problems)
    return record


__all__ = [
    "MAX_LOCATIONS",
    "OFFER_FIELDS",
    "build_offer",
    "build_provider",
    "validate_offer",
]
