"""Small values of a plan that are written as text: quarters, periods, planning ends, amounts.

Each value type parses what a user writes in a plan file (``"Q1 2024"``, ``"Lopend"``,
``"2021-2024"``, ``"PM"``, ``210000``), prints itself back in the same form, and describes that
form for the JSON Schema. Parsing never guesses: a value that could mean two things (a Dutch
thousands separator in ``"317.000"``) is refused with what was expected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, ClassVar

from ._problems import PlanValueError

#: A money amount as text: optional minus, digits, at most two decimals after a point.
_MONEY_PATTERN = r"^-?[0-9]+(\.[0-9]{1,2})?$"
_MONEY = re.compile(_MONEY_PATTERN)
_QUARTER = re.compile(r"^[Qq]([1-4]) ?([0-9]{4})$")
_PERIOD = re.compile(r"^([0-9]{4})(?: ?[-–] ?([0-9]{4}))?$")
_ONGOING_WORD = "Lopend"
_PM_WORD = "PM"

MONEY_SCHEMA: dict[str, Any] = {
    "oneOf": [
        {"type": "integer"},
        {"type": "string", "pattern": _MONEY_PATTERN},
    ],
    "description": "Euros: an integer, or a string with a decimal point and at most two "
    "decimals (e.g. 173.00); no thousands separators.",
}


def parse_money(value: object) -> Decimal:
    """Read an amount of euros exactly.

    Parameters
    ----------
    value : int or str
        An integer, or a string such as ``"210000"`` or ``"173.00"`` (decimal point, at most
        two decimals, no thousands separators). Floats are refused: they are not exact.

    Returns
    -------
    Decimal
        The amount, with the decimals as written.

    Raises
    ------
    ValueError
        Saying what was expected and what was given.
    """
    if isinstance(value, bool):
        raise PlanValueError(
            f"expected euros; got the yes/no value {value!r}",
            "euros",
            got=f"the yes/no value {value!r}",
        )
    if isinstance(value, float):
        raise PlanValueError(
            f"expected euros as an integer or a string like '173.00'; got {value!r} "
            "(a float is not exact: quote it)",
            "euros",
            got=repr(value),
        )
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str) and _MONEY.match(value.strip()):
        return Decimal(value.strip())
    message = (
        "expected euros as an integer or a string with a decimal point and at most two "
        f"decimals, e.g. 210000 or '173.00'; got {value!r}"
    )
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,3}([.,][0-9]{3})+", value.strip()):
        digits = re.sub(r"[.,]", "", value.strip())
        hint = f" (thousands separators are not allowed: write {digits}, not {value.strip()})"
        raise PlanValueError(message + hint, "thousands", got=value.strip(), digits=digits)
    raise PlanValueError(message, "euros", got=repr(value))


def money_to_data(value: Decimal) -> int | str:
    """An amount as plain data: an int when it is written without decimals, else a string."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= 0:
        return int(value)
    return format(value, "f")


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter, written ``"Q1 2024"``.

    Attributes
    ----------
    year : int
        The year.
    number : int
        1 to 4.
    """

    year: int
    number: int

    TEXT: ClassVar[str] = "a quarter such as 'Q1 2024'"
    #: Why a value is not one (see :data:`kansen.plans.PROBLEM_TEXTS`).
    REASON: ClassVar[str] = "quarter"

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"a quarter number is 1 to 4; got {self.number}")
        if not 1900 <= self.year <= 2200:
            raise ValueError(f"expected a year between 1900 and 2200; got {self.year}")

    @classmethod
    def parse(cls, value: object) -> Quarter:
        """Read ``"Q1 2024"`` (also ``"q1 2024"`` and, as OCR writes it, ``"Q12024"``)."""
        match = _QUARTER.match(value.strip()) if isinstance(value, str) else None
        if match is None:
            raise PlanValueError(f"expected {cls.TEXT}; got {value!r}", cls.REASON, got=repr(value))
        return cls(int(match.group(2)), int(match.group(1)))

    @classmethod
    def of(cls, day: date) -> Quarter:
        """The quarter a date falls in."""
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """The JSON Schema of the text form."""
        return {"type": "string", "pattern": _QUARTER.pattern, "description": cls.TEXT}

    def to_data(self) -> str:
        """The text form."""
        return str(self)

    def __str__(self) -> str:
        return f"Q{self.number} {self.year}"

    @property
    def index(self) -> int:
        """A running number: consecutive quarters differ by one."""
        return self.year * 4 + self.number - 1

    @classmethod
    def from_index(cls, index: int) -> Quarter:
        """The quarter with this :attr:`index`."""
        return cls(index // 4, index % 4 + 1)

    def shift(self, quarters: int) -> Quarter:
        """The quarter ``quarters`` later (earlier when negative)."""
        return Quarter.from_index(self.index + quarters)

    @property
    def first_day(self) -> date:
        """1 January, 1 April, 1 July or 1 October."""
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        """31 March, 30 June, 30 September or 31 December."""
        return self.shift(1).first_day - timedelta(days=1)


def quarter_range(first: Quarter, last: Quarter) -> tuple[Quarter, ...]:
    """Every quarter from ``first`` to ``last``, both included (empty when last < first)."""
    return tuple(Quarter.from_index(i) for i in range(first.index, last.index + 1))


@dataclass(frozen=True)
class PlanningEnd:
    """When something ends: a quarter, ``"Lopend"`` (ongoing), or both.

    Attributes
    ----------
    quarter : Quarter or None
        The end quarter, when one is given.
    ongoing : bool
        Whether it goes on ("Lopend"): without a quarter it is open-ended; with a quarter
        (``"Q3 2024/Lopend"``, as Leiden writes for effort 1.1B) a first phase ends in that
        quarter and the work continues after it.
    """

    quarter: Quarter | None
    ongoing: bool = False

    TEXT: ClassVar[str] = "a quarter such as 'Q4 2026', 'Lopend' (ongoing), or 'Q3 2024/Lopend'"
    REASON: ClassVar[str] = "planning-end"

    def __post_init__(self) -> None:
        if self.quarter is None and not self.ongoing:
            raise ValueError("an end needs a quarter, or must be ongoing ('Lopend')")

    @classmethod
    def parse(cls, value: object) -> PlanningEnd:
        """Read ``"Q4 2026"``, ``"Lopend"`` or ``"Q3 2024/Lopend"``."""
        if isinstance(value, str):
            parts = [part.strip() for part in value.split("/")]
            ongoing = bool(parts) and parts[-1].lower() == _ONGOING_WORD.lower()
            if ongoing:
                parts = parts[:-1]
            try:
                if not parts:
                    return cls(None, True)
                if len(parts) == 1:
                    return cls(Quarter.parse(parts[0]), ongoing)
            except ValueError:
                pass
        raise PlanValueError(f"expected {cls.TEXT}; got {value!r}", cls.REASON, got=repr(value))

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """The JSON Schema of the text form."""
        quarter = _QUARTER.pattern[1:-1]
        return {
            "type": "string",
            "pattern": f"^(({quarter})|({quarter}) ?/ ?[Ll]opend|[Ll]opend)$",
            "description": cls.TEXT,
        }

    def to_data(self) -> str:
        """The text form."""
        return str(self)

    def __str__(self) -> str:
        if self.quarter is None:
            return _ONGOING_WORD
        return f"{self.quarter}/{_ONGOING_WORD}" if self.ongoing else str(self.quarter)

    @property
    def open_ended(self) -> bool:
        """Whether there is no end quarter at all (plain "Lopend")."""
        return self.quarter is None


@dataclass(frozen=True)
class Period:
    """A span of whole years, written ``"2021-2024"`` (both years included), or one year ``"2027"``.

    Examples
    --------
    >>> str(Period.parse("2027")), Period.parse("2027").years
    ('2027', (2027,))
    >>> str(Period.parse("2021 – 2024"))
    '2021-2024'

    Attributes
    ----------
    start : int
        The first year.
    end : int
        The last year.
    """

    start: int
    end: int

    TEXT: ClassVar[str] = "years such as '2021-2024', or one year such as '2027'"
    REASON: ClassVar[str] = "period"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"a period ends in or after its first year; got {self}")

    @classmethod
    def parse(cls, value: object) -> Period:
        """Read ``"2021-2024"`` (a hyphen or an en dash) or one year, ``"2027"``."""
        match = _PERIOD.match(value.strip()) if isinstance(value, str) else None
        if match is None:
            raise PlanValueError(f"expected {cls.TEXT}; got {value!r}", cls.REASON, got=repr(value))
        start = int(match.group(1))
        return cls(start, int(match.group(2) or start))

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """The JSON Schema of the text form."""
        return {"type": "string", "pattern": _PERIOD.pattern, "description": cls.TEXT}

    def to_data(self) -> str:
        """The text form."""
        return str(self)

    def __str__(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}-{self.end}"

    @property
    def years(self) -> tuple[int, ...]:
        """Every year of the period."""
        return tuple(range(self.start, self.end + 1))

    @property
    def first_day(self) -> date:
        """1 January of the first year."""
        return date(self.start, 1, 1)

    @property
    def last_day(self) -> date:
        """31 December of the last year."""
        return date(self.end, 12, 31)

    def __contains__(self, year: object) -> bool:
        return isinstance(year, int) and self.start <= year <= self.end


@dataclass(frozen=True)
class Amount:
    """An amount of euros, or PM (pro memorie: not known yet, which is not zero).

    Attributes
    ----------
    value : Decimal or None
        The euros; None for PM.

    Examples
    --------
    >>> Amount.parse("PM").is_pending, Amount.parse(210000).value
    (True, Decimal('210000'))
    """

    value: Decimal | None

    TEXT: ClassVar[str] = "euros (an integer or a string like '173.00'), or 'PM' (not known yet)"

    @classmethod
    def pm(cls) -> Amount:
        """A pending amount."""
        return cls(None)

    @classmethod
    def of(cls, value: object) -> Amount:
        """A known amount, read as :func:`parse_money` does."""
        return cls(parse_money(value))

    @classmethod
    def parse(cls, value: object) -> Amount:
        """Read ``"PM"`` or euros."""
        if isinstance(value, str) and value.strip() == _PM_WORD:
            return cls.pm()
        try:
            return cls.of(value)
        except ValueError as error:
            message = f"{error}; or 'PM' when the amount is not known yet"
            if isinstance(error, PlanValueError):
                raise PlanValueError(message, error.reason, **error.params) from None
            raise ValueError(message) from None

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """The JSON Schema of the data form."""
        return {
            "oneOf": [*MONEY_SCHEMA["oneOf"], {"const": _PM_WORD}],
            "description": cls.TEXT,
        }

    def to_data(self) -> int | str:
        """``"PM"`` or the euros as :func:`money_to_data` writes them."""
        return _PM_WORD if self.value is None else money_to_data(self.value)

    def __str__(self) -> str:
        return _PM_WORD if self.value is None else str(self.value)

    @property
    def is_pending(self) -> bool:
        """Whether the amount is PM."""
        return self.value is None


def known_total(amounts: Iterable[Amount]) -> tuple[Decimal, int]:
    """The sum of the known amounts and how many are PM (a PM is left out, never counted as 0)."""
    total = Decimal(0)
    pending = 0
    for amount in amounts:
        if amount.value is None:
            pending += 1
        else:
            total += amount.value
    return total, pending
