"""The vocabulary of the eligibility check: households, age bands, outcomes, errors, money."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from kansen.problems import ProblemText, Severity, fill


class EligibilityError(ValueError):
    """Input that the eligibility check cannot use; the message says what was expected."""


class NormNotFound(EligibilityError):
    """No social-assistance norm applies to the household on the date asked for.

    Attributes
    ----------
    dutch : str or None
        The reason in plain Dutch, for a resident, when the law itself has no norm for the
        situation (rather than the data missing one).
    """

    def __init__(self, message: str, *, dutch: str | None = None) -> None:
        super().__init__(message)
        self.dutch = dutch


class DataFileError(EligibilityError):
    """A norms or regulations file with problems; :attr:`problems` lists every one of them.

    Parameters
    ----------
    origin : str
        The file name (or ``"<data>"``) the problems were found in.
    problems : sequence of str
        One line per problem, each naming the row or field, e.g.
        ``"regulations[2] (stadspas).income_limit.percent: expected a number above 0, got -5"``.
    """

    def __init__(self, origin: str, problems: list[str] | tuple[str, ...]) -> None:
        self.origin = origin
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"- {problem}" for problem in self.problems)
        super().__init__(f"{origin}: {count} problem{'s' if count != 1 else ''}:\n{lines}")


@dataclass(frozen=True)
class Where:
    """Where in a regulations file: the regulation (its place and id) and a field path in it.

    >>> Where(3, "zwemles").child("children").child("max_age").location
    'regulations[3] (zwemles).children.max_age'
    >>> Where(3, "zwemles", "children").alone().location
    'children'
    """

    item: int | None = None
    ident: str | None = None
    field: str = ""

    @classmethod
    def of_item(cls, index: int, item: object) -> Where:
        """The place of the ``index``-th regulation of a file, named by its id when it has one.

        >>> Where.of_item(2, {"id": "stadspas"}).location, Where.of_item(0, "x").location
        ('regulations[2] (stadspas)', 'regulations[0]')
        """
        name = item.get("id") if isinstance(item, Mapping) else None
        return cls(index, name if isinstance(name, str) else None)

    def child(self, key: str) -> Where:
        """The field ``key`` inside this place."""
        return Where(self.item, self.ident, f"{self.field}.{key}" if self.field else key)

    def alone(self) -> Where:
        """The same field of a regulation read on its own (no place in a file)."""
        return Where(None, None, self.field)

    @property
    def location(self) -> str:
        """In English, e.g. ``regulations[3] (zwemles).children.max_age``; "" for the file."""
        if self.item is None:
            return self.field
        head = f"regulations[{self.item}]" + (f" ({self.ident})" if self.ident else "")
        return f"{head}.{self.field}" if self.field else head


@dataclass(frozen=True)
class RegulationProblem:
    """One problem of a regulations file as data: a code with parameters, at a place (ADR 0015).

    Attributes
    ----------
    code : str
        A key of :data:`kansen.eligibility.REGULATION_PROBLEM_TEXTS` (or of the platform's own
        table, for the checks it adds).
    message : str
        The English wording, its placeholders filled (for logs, tests and the command line).
    params : mapping
        The parameters of the wording, shown as in the file (``'twaalf'``, ``str 'ja'``).
    where : Where
        The regulation and the field.
    """

    code: str
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)
    where: Where = Where()

    @classmethod
    def worded(
        cls, text: ProblemText, code: str, where: Where | None = None, /, **params: Any
    ) -> RegulationProblem:
        """A problem by code in the words of ``text``.

        >>> RegulationProblem.worded(ProblemText("got {got}"), "x", Where(0, "a", "id"), got="1")
        RegulationProblem(code='x', message='got 1', params={'got': '1'}, \
where=Where(item=0, ident='a', field='id'))
        """
        return cls(code, fill(text.message, params), dict(params), where or Where())

    @property
    def severity(self) -> Severity:
        """Always "error": a regulations file with a problem is refused."""
        return "error"

    @property
    def text_code(self) -> str:
        """The key of the wording: the code."""
        return self.code

    @property
    def location(self) -> str:
        """Where, in English, e.g. ``regulations[3] (zwemles).children.max_age``."""
        return self.where.location

    def alone(self) -> RegulationProblem:
        """The same problem of a regulation read on its own (its place in a file left out)."""
        return RegulationProblem(self.code, self.message, self.params, self.where.alone())

    def __str__(self) -> str:
        """``location: message``, e.g. ``children.max_age: expected a whole number ...``."""
        return f"{self.location}: {self.message}" if self.location else self.message


class RegulationError(DataFileError):
    """A regulations file (or mapping) that breaks the schema of :func:`parse_regulations`.

    :attr:`details` holds every problem as a :class:`RegulationProblem`; :attr:`problems`
    their English lines.
    """

    def __init__(self, origin: str, details: Sequence[RegulationProblem]) -> None:
        super().__init__(origin, [str(problem) for problem in details])
        self.details = tuple(details)


class Household(StrEnum):
    """Who the household is, as a resident answers it.

    An alleenstaande ouder (``SINGLE_PARENT``) has the same social-assistance norm as an
    alleenstaande (``SINGLE``) since 2015 (Participatiewet art. 20-22 name them together); the
    difference matters for savings limits. ``COUPLE`` is gehuwden: married, registered or living
    together as a joint household (Participatiewet art. 3).
    """

    SINGLE = "single"
    SINGLE_PARENT = "single_parent"
    COUPLE = "couple"

    @property
    def norm_household(self) -> Household:
        """The household whose norm applies: ``SINGLE`` for a single parent."""
        return Household.COUPLE if self is Household.COUPLE else Household.SINGLE


class AgeBand(StrEnum):
    """The age band of a social-assistance norm (Participatiewet art. 20-22).

    For a single adult it is their own age. For a couple (see :meth:`NormTable.age_band`):
    ``STATE_PENSION_OR_OLDER`` when one partner has reached the state pension age and the other
    is 21 or older (art. 22 b and c), ``AGE_21_TO_STATE_PENSION`` when both are 21 or older and
    neither has reached it (art. 21 b), ``AGE_18_TO_20`` when both are 18, 19 or 20 (art. 20
    b) and ``AGE_18_TO_20_WITH_PARTNER_21_PLUS`` when one is 18-20 and the other 21 or older
    (art. 20 c; couples only).
    """

    AGE_18_TO_20 = "18_to_20"
    AGE_21_TO_STATE_PENSION = "21_to_state_pension"
    STATE_PENSION_OR_OLDER = "state_pension_or_older"
    AGE_18_TO_20_WITH_PARTNER_21_PLUS = "18_to_20_with_partner_21_plus"


class Outcome(StrEnum):
    """What the check says about one regulation."""

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    CHECK_WITH_PROVIDER = "check_with_provider"

    @property
    def label(self) -> str:
        """The Dutch label shown to a resident."""
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS = {
    Outcome.ELIGIBLE: "U komt waarschijnlijk in aanmerking",
    Outcome.NOT_ELIGIBLE: "U komt niet in aanmerking",
    Outcome.CHECK_WITH_PROVIDER: "Vraag het na bij de aanbieder",
}


#: Amounts from this many euros on are refused: far above any household's income or savings,
#: and far below where the check's arithmetic (28 significant digits) would stop being exact.
MAX_AMOUNT = Decimal("1000000000000")
_MAX_TEXT = 40  # characters of an amount as text; longer is not an amount, and is not parsed


def to_money(value: object, what: str) -> Decimal:
    """An amount of euros as an exact Decimal: a Decimal, an int or text like ``"1234.56"``.

    Floats and booleans are refused (a float cannot hold most cents exactly), and so are
    negative, infinite and NaN amounts, and amounts of :data:`MAX_AMOUNT` (a trillion euros)
    or more, such as ``1e28`` or ``1e999999``.

    Raises
    ------
    EligibilityError
        Naming ``what`` with the value given.
    """
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise EligibilityError(
            f"{what}: expected an amount in euros as Decimal, int or text like '1234.56', "
            f"got {type(value).__name__} {value!r}"
        )
    shown = _shown(value)
    if isinstance(value, str) and len(value.strip()) > _MAX_TEXT:
        raise EligibilityError(
            f"{what}: expected an amount in euros like '1234.56', got {shown} "
            f"({len(value)} characters)"
        )
    try:
        amount = Decimal(value.strip() if isinstance(value, str) else value)
    except (InvalidOperation, ValueError, OverflowError):
        raise EligibilityError(
            f"{what}: expected an amount in euros like '1234.56', got {shown}"
        ) from None
    if not amount.is_finite() or amount < 0:
        raise EligibilityError(f"{what}: expected an amount of 0 or more, got {shown}")
    if amount >= MAX_AMOUNT:
        raise EligibilityError(
            f"{what}: expected an amount below 1000000000000 euros (a trillion), got {shown}"
        )
    return amount


def _shown(value: object) -> str:
    """The value as given, for a message: its repr, cut to :data:`_MAX_TEXT` characters."""
    text = repr(value)
    return text if len(text) <= _MAX_TEXT else text[:_MAX_TEXT] + "..."
