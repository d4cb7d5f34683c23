"""The vocabulary of the eligibility check: households, age bands, outcomes, errors, money."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from enum import StrEnum


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


class RegulationError(DataFileError):
    """A regulations file (or mapping) that breaks the schema of :func:`parse_regulations`."""


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
