"""One class per kind of field of an offer, registered once.

Everything about a kind sits together (as open-forms' ``formio/registry.py`` keeps everything
about a component type): how a raw value is read and checked (:meth:`FieldKind.read`), how a
value is written in a table cell (:meth:`FieldKind.cell`) and the type of its value in the
public API (:attr:`FieldKind.annotation`). The table reader and writer, the validation and the
API's response models look a field's kind up in :data:`KINDS`, so a kind added to
:data:`~kansen.offers._schema.Kind` without a class here fails where the kinds are listed
(``tests/offers/test_offers_kinds.py``), not in the middle of an import.

Examples
--------
>>> from kansen.offers import LOCATION_SCHEMA, field_spec
>>> problems = []
>>> def error(code, **params):
...     problems.append((code, params))
>>> KINDS["amount"].read("1.250,00", field_spec("cost_amount"), error)
Decimal('1250.00')
>>> KINDS["postcode"].read("9994ab", field_spec("postcode", LOCATION_SCHEMA), error), problems
('9994 AB', [])
>>> KINDS["codes"].cell(("taal", "huiswerk"), "csv"), KINDS["codes"].to_data(("taal",))
('taal;huiswerk', ['taal'])
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, Protocol, TypeVar

from ._schema import MAX_AGE, CodeList, FieldSpec

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_REGULATION_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WEBSITE = re.compile(r"^https?://")
_POSTCODE = re.compile(r"^([1-9]\d{3})\s?([A-Za-z]{2})?$")
_BUURT = re.compile(r"^BU\d{8}$")
_DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
_YES = {"ja", "j", "yes", "y", "true", "waar", "1"}
_NO = {"nee", "n", "no", "false", "onwaar", "0"}


class Error(Protocol):
    """Reports a problem of the field being read: ``error("offer.bad_age", value=..., ...)``."""

    def __call__(self, code: str, /, **params: Any) -> None: ...


def empty(value: Any) -> bool:
    """Whether a raw value counts as not given (None, or text of only white space)."""
    return value is None or (isinstance(value, str) and not value.strip())


def shown(value: Any) -> str:
    """A raw value as a problem quotes it: at most 60 characters."""
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def joined(codes: Collection[str]) -> str:
    return ", ".join(codes)


def allowed_codes(spec: FieldSpec) -> dict[str, str]:
    """The codes a ``code`` or ``codes`` field takes, with their Dutch labels."""
    codes: type[CodeList] | None = spec.codes
    if codes is None:
        raise ValueError(f"the field {spec.name} has no code list")
    return codes.labels()


class FieldKind:
    """A kind of field: how its raw values are read, its cells written, its values typed.

    Subclasses set :attr:`name` (a member of :data:`~kansen.offers._schema.Kind`) and are
    registered with :func:`register`.
    """

    name: ClassVar[str]
    #: The type of the field's value in the public API.
    annotation: ClassVar[Any] = str

    def read(self, value: Any, spec: FieldSpec, error: Error) -> Any:
        """The value of a raw ``value`` of field ``spec``; None, "" or () when it is empty or
        wrong (then ``error`` has been told why)."""
        raise NotImplementedError

    def cell(self, value: Any, fmt: str) -> Any:
        """How a (not None) value is written in a cell of a ``fmt`` ("csv", "xlsx") table."""
        return value

    def to_data(self, value: Any) -> Any:
        """A record's value as plain data: what a JSON column or the API holds."""
        return value

    def from_data(self, value: Any) -> Any:
        """A record's value from plain data (:meth:`to_data` back)."""
        return value


#: Kind name -> its one instance.
KINDS: dict[str, FieldKind] = {}


_K = TypeVar("_K", bound=type[FieldKind])


def register(cls: _K) -> _K:
    """Register a kind (a class decorator); a name registered twice is a mistake."""
    if cls.name in KINDS:
        raise ValueError(f"the kind {cls.name!r} is registered twice")
    KINDS[cls.name] = cls()
    return cls


def kind_of(spec: FieldSpec) -> FieldKind:
    """The kind of a field (KeyError for a kind without a class)."""
    return KINDS[spec.kind]


@register
class Text(FieldKind):
    """Free text, at most the field's ``max_length`` long."""

    name = "text"
    #: Whether the kind's own form bounds its length (the limit is not checked again).
    formed = False

    def read(self, value: Any, spec: FieldSpec, error: Error) -> str:
        if empty(value):
            if spec.required:
                error("offer.empty")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
            error("offer.not_text", value=shown(value))
            return ""
        text = str(value).strip()
        limit = spec.max_length
        if limit is not None and len(text) > limit and not self.formed:
            error("offer.too_long", length=len(text), limit=limit)
        return self.check(text, error) if text else text

    def check(self, text: str, error: Error) -> str:
        """A text of a kind with a form of its own, checked (and tidied)."""
        return text


@register
class Reference(Text):
    """The id of a provider (whether it exists is a rule of the offer)."""

    name = "reference"


class _Formed(Text):
    """A text of a form of its own (a pattern), refused with the kind's problem code."""

    pattern: ClassVar[re.Pattern[str]]
    problem: ClassVar[str]

    def check(self, text: str, error: Error) -> str:
        if not self.pattern.match(text):
            error(self.problem, value=shown(text))
        return text


@register
class Email(_Formed):
    name = "email"
    pattern = _EMAIL
    problem = "offer.bad_email"


@register
class Website(_Formed):
    """An address of the web, ``https://`` or ``http://``."""

    name = "website"
    pattern = _WEBSITE
    problem = "offer.bad_website"


@register
class Regulation(_Formed):
    """The id of a regulation of :mod:`kansen.eligibility`."""

    name = "regulation"
    pattern = _REGULATION_ID
    problem = "offer.bad_regulation"


@register
class Buurt(_Formed):
    """A CBS buurt code, ``BU`` and eight digits (its form bounds its length)."""

    name = "buurt"
    formed = True
    pattern = _BUURT
    problem = "offer.bad_buurt"


@register
class Postcode(Text):
    """A Dutch postcode, tidied to ``9994 AB`` (or its four digits; its form bounds its
    length)."""

    name = "postcode"
    formed = True

    def check(self, text: str, error: Error) -> str:
        match = _POSTCODE.match(text)
        if not match:
            error("offer.bad_postcode", value=shown(text))
            return text
        return match[1] + (f" {match[2].upper()}" if match[2] else "")


@register
class Slug(Text):
    """A code of lowercase letters, digits and hyphens."""

    name = "slug"

    def read(self, value: Any, spec: FieldSpec, error: Error) -> str:
        text = super().read(value, spec, error)
        limit = spec.max_length or 0
        if text and (not SLUG.match(text) or len(text) > limit):
            error("offer.bad_slug", value=shown(text), limit=limit)
        return text


@register
class Code(Text):
    """One code of the field's code list."""

    name = "code"

    def read(self, value: Any, spec: FieldSpec, error: Error) -> str:
        allowed = allowed_codes(spec)
        text = super().read(value, spec, error)
        if text and text not in allowed:
            error("offer.unknown_code", value=shown(text), codes=joined(allowed))
            return ""
        return text


@register
class Codes(FieldKind):
    """Codes of the field's code list: a list, or a text joined with ``;``; each kept once,
    in the order given."""

    name = "codes"
    annotation = list[str]

    def read(self, value: Any, spec: FieldSpec, error: Error) -> tuple[str, ...]:
        allowed = allowed_codes(spec)
        if empty(value) or value == []:
            if spec.required:
                error("offer.codes_empty", codes=joined(allowed))
            return ()
        if isinstance(value, str):
            items = [part.strip() for part in value.split(";")]
        elif isinstance(value, list | tuple):
            items = [str(part).strip() for part in value]
        else:
            error("offer.not_a_list", value=shown(value))
            return ()
        items = [item for item in items if item]
        unknown = [item for item in items if item not in allowed]
        if unknown:
            error(
                "offer.unknown_code_in_list"
                if len(unknown) == 1
                else "offer.unknown_codes_in_list",
                unknown=", ".join(f"'{item}'" for item in unknown),
                codes=joined(allowed),
            )
        seen: list[str] = []
        for item in items:
            if item not in seen and item in allowed:
                seen.append(item)
        return tuple(seen)

    def cell(self, value: Any, fmt: str) -> Any:
        return ";".join(value)

    def to_data(self, value: Any) -> list[str]:
        return list(value)

    def from_data(self, value: Any) -> tuple[str, ...]:
        return tuple(value or ())


@register
class Count(FieldKind):
    """A whole number of 0 or more."""

    name = "count"
    annotation = int | None
    #: The highest value allowed; None for none.
    high: int | None = None

    def read(self, value: Any, spec: FieldSpec, error: Error) -> int | None:
        if empty(value):
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
        if number is None or number < 0 or (self.high is not None and number > self.high):
            self.refuse(value, error)
            return None
        return number

    def refuse(self, value: Any, error: Error) -> None:
        error("offer.bad_count", value=shown(value))

    def cell(self, value: Any, fmt: str) -> Any:
        return value if fmt == "xlsx" else str(value)


@register
class Age(Count):
    """Whole years, from 0 to :data:`~kansen.offers._schema.MAX_AGE`."""

    name = "age"
    high = MAX_AGE

    def refuse(self, value: Any, error: Error) -> None:
        error("offer.bad_age", value=shown(value), max_age=MAX_AGE)


@register
class Amount(FieldKind):
    """Euros with at most two decimals: ``12,50``, ``12.50``, ``€ 1.250,00``."""

    name = "amount"
    annotation = Decimal | None

    def read(self, value: Any, spec: FieldSpec, error: Error) -> Decimal | None:
        if empty(value):
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
            error("offer.bad_amount", value=shown(value))
            return None
        return amount.quantize(Decimal("0.01"))

    def cell(self, value: Any, fmt: str) -> Any:
        return float(value) if fmt == "xlsx" else str(value).replace(".", ",")


@register
class Easting(FieldKind):
    """RD New (EPSG:28992) x in metres, inside the grid's cover of the Netherlands."""

    name = "x"
    annotation = float | None
    # The RD grid covers the Netherlands with a margin; anything outside is a mistake.
    bounds: tuple[float, float] = (-7_000.0, 300_000.0)

    def read(self, value: Any, spec: FieldSpec, error: Error) -> float | None:
        if empty(value):
            return None
        number: float | None = None
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        elif isinstance(value, str):
            try:
                number = float(value.strip().replace(",", "."))
            except ValueError:
                number = None
        low, high = self.bounds
        if number is None or not low <= number <= high:
            error("offer.bad_coordinate", value=shown(value), low=f"{low:.0f}", high=f"{high:.0f}")
            return None
        return number

    def cell(self, value: Any, fmt: str) -> Any:
        value = round(value, 2)  # metres to the centimetre, without float noise
        return float(value) if fmt == "xlsx" else str(value).replace(".", ",")


@register
class Northing(Easting):
    """RD New (EPSG:28992) y in metres."""

    name = "y"
    bounds = (289_000.0, 629_000.0)


@register
class Day(FieldKind):
    """A date: ISO (``2026-03-15``), Dutch (``15-03-2026``), or a date of YAML or Excel."""

    name = "date"
    annotation = date

    def read(self, value: Any, spec: FieldSpec, error: Error) -> date | None:
        if empty(value):
            error("offer.date_missing")
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
        error("offer.bad_date", value=shown(value))
        return None

    def cell(self, value: Any, fmt: str) -> Any:
        return value.isoformat()


@register
class YesNo(FieldKind):
    """Yes or no in Dutch or English words, 1/0 or a boolean; empty is yes."""

    name = "yes_no"
    annotation = bool
    default = True

    def read(self, value: Any, spec: FieldSpec, error: Error) -> bool:
        if empty(value):
            return self.default
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in _YES | _NO:
            return value.strip().lower() in _YES
        error("offer.not_yes_no", value=shown(value))
        return self.default

    def cell(self, value: Any, fmt: str) -> Any:
        return "ja" if value else "nee"


__all__ = ["KINDS", "SLUG", "FieldKind", "kind_of", "register"]
