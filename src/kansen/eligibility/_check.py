"""The eligibility check: a household's answers against regulations, with reasons in Dutch."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ._dutch import age_range, euro, income_percent, long_date, percent
from ._model import AgeBand, EligibilityError, Household, NormNotFound, Outcome, to_money
from ._norms import Norm, NormTable
from ._regulations import IncomeLimit, Regulation

_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Answers:
    """What a resident answers; nothing that identifies them.

    Parameters
    ----------
    household : Household or str
        ``single``, ``single_parent`` or ``couple``.
    adult_ages : sequence of int
        The age of the adult (one) or of both partners (two), in whole years, 18 or older.
    child_ages : sequence of int
        The ages of the dependent children living at home, 0 to 17; a child of 18 or older
        counts as an adult in their own right and is left out.
    net_monthly_income : Decimal, int or str
        The household's net income per month in euros, counted as the regulations count it
        (usually without child benefit, kindgebonden budget and allowances).
    savings : Decimal, int or str
        Savings and other assets in euros.
    lives_in_municipality : bool
        Whether the household lives in the regulation's municipality.
    receives_bijstand : bool, optional
        Whether the household receives bijstand; None when not answered.

    Raises
    ------
    EligibilityError
        Saying which answer is wrong, what was expected and what was given.
    """

    household: Household
    adult_ages: tuple[int, ...]
    child_ages: tuple[int, ...]
    net_monthly_income: Decimal
    savings: Decimal
    lives_in_municipality: bool
    receives_bijstand: bool | None = None

    def __post_init__(self) -> None:
        try:
            household = Household(self.household)
        except ValueError:
            choices = ", ".join(h.value for h in Household)
            raise EligibilityError(
                f"household: expected one of {choices}, got {self.household!r}"
            ) from None
        adults = _ages(self.adult_ages, "adult_ages", 18, 130)
        children = _ages(self.child_ages, "child_ages", 0, 17)
        expected = 2 if household is Household.COUPLE else 1
        if len(adults) != expected:
            raise EligibilityError(
                f"adult_ages: a {household.value} household has {expected} adult(s), got "
                f"{len(adults)}: {list(adults)}"
            )
        if household is Household.SINGLE_PARENT and not children:
            raise EligibilityError("child_ages: a single parent has at least one child, got none")
        if household is Household.SINGLE and children:
            raise EligibilityError(
                f"household: a single adult with children {list(children)} is a single parent; "
                "expected single_parent"
            )
        for name in ("lives_in_municipality", "receives_bijstand"):
            value = getattr(self, name)
            if not isinstance(value, bool) and not (name == "receives_bijstand" and value is None):
                raise EligibilityError(f"{name}: expected true or false, got {value!r}")
        object.__setattr__(self, "household", household)
        object.__setattr__(self, "adult_ages", adults)
        object.__setattr__(self, "child_ages", children)
        object.__setattr__(
            self, "net_monthly_income", to_money(self.net_monthly_income, "net_monthly_income")
        )
        object.__setattr__(self, "savings", to_money(self.savings, "savings"))


@dataclass(frozen=True)
class RegulationResult:
    """The answer for one regulation, and why.

    Attributes
    ----------
    regulation : Regulation
        The regulation checked.
    outcome : Outcome
        Eligible, not eligible, or check with the provider.
    reasons : tuple of str
        Plain Dutch sentences: every condition that rules it out, or (when nothing does)
        every condition met and what the check cannot decide.
    income_percent : Decimal or None
        The income as a percentage of the social minimum the regulation uses (two decimals),
        when it has an income test and the norm could be determined.
    norm : Norm or None
        The norm record used for that percentage.
    income_limit : Decimal or None
        The income ceiling in euros (the percentage of the norm, rounded to cents).
    """

    regulation: Regulation
    outcome: Outcome
    reasons: tuple[str, ...]
    income_percent: Decimal | None = None
    norm: Norm | None = None
    income_limit: Decimal | None = None

    @property
    def reason(self) -> str:
        """The reasons as one paragraph."""
        return " ".join(self.reasons)

    @property
    def how_to_apply(self) -> str:
        """How to apply, in Dutch; says so when only an intermediary can apply."""
        return self.regulation.application.text


def check_eligibility(
    answers: Answers,
    regulations: Iterable[Regulation],
    norms: NormTable,
    *,
    on: date,
) -> tuple[RegulationResult, ...]:
    """Check a household against regulations on a date; stores nothing.

    For each regulation, in order: residence, the children's ages, then income and savings
    (both met at once by receiving bijstand when the regulation says so). The income is
    compared with the regulation's percentage of the household's norm on ``on`` (with or
    without holiday allowance, as the regulation says); the ceiling is rounded to cents as
    municipalities publish it, and an income equal to the ceiling is within it. Any condition
    not met makes the regulation *not eligible*; otherwise what the check cannot decide (the
    regulation's ``check_with_provider``, or a household the law gives no norm for) makes it
    *check with the provider*; otherwise *eligible*.

    Parameters
    ----------
    answers : Answers
        The household.
    regulations : iterable of Regulation
        E.g. :func:`demostad_regulations`.
    norms : NormTable
        E.g. :func:`load_norms`.
    on : datetime.date
        The day to check for: the norms valid on it apply.

    Returns
    -------
    tuple of RegulationResult
        One per regulation, in the order given.

    Raises
    ------
    NormNotFound
        When a regulation needs a norm and the table has none for the date.

    Examples
    --------
    >>> from datetime import date
    >>> from kansen.eligibility import Answers, demostad_regulations, load_norms
    >>> answers = Answers("single_parent", (34,), (8,), "1500.00", "500", True)
    >>> [stadspas] = [r for r in demostad_regulations() if r.id == "stadspas"]
    >>> result = check_eligibility(answers, [stadspas], load_norms(), on=date(2025, 9, 1))[0]
    >>> result.outcome.value
    'eligible'
    >>> result.reasons[1]
    'Uw inkomen is 115,3% van het sociaal minimum; de grens is 120%.'
    """
    household_norm = _HouseholdNorm(answers, norms, on)
    return tuple(_check_one(answers, regulation, household_norm) for regulation in regulations)


class _HouseholdNorm:
    """The household's norm on the date, worked out once for all regulations."""

    def __init__(self, answers: Answers, norms: NormTable, on: date) -> None:
        self.answers = answers
        self.norms = norms
        self.on = on
        self.undecided: str | None = None
        self.band: AgeBand | None = None
        self._row: Norm | None = None
        try:
            self.band = norms.age_band(answers.household, answers.adult_ages, on)
        except NormNotFound as error:
            if error.dutch is None:  # missing data, not a gap in the law: say so loudly
                raise
            self.undecided = error.dutch

    def row(self) -> Norm | None:
        """The norm record, or None when the law gives no norm (see :attr:`undecided`)."""
        if self.band is not None and self._row is None:
            self._row = self.norms.row_on(
                self.on,
                self.answers.household,
                self.band,
                with_children=bool(self.answers.child_ages),
            )
        return self._row


def _check_one(
    answers: Answers, regulation: Regulation, household: _HouseholdNorm
) -> RegulationResult:
    met: list[str] = []
    failed: list[str] = []
    undecided: list[str] = []
    place = regulation.municipality_name
    if regulation.residence_required:
        if answers.lives_in_municipality:
            met.append(f"U woont in {place}.")
        else:
            failed.append(f"Deze regeling is alleen voor inwoners van {place}.")
    if regulation.needs_child:
        ages = age_range(regulation.min_child_age, regulation.max_child_age)
        low = regulation.min_child_age if regulation.min_child_age is not None else 0
        high = regulation.max_child_age if regulation.max_child_age is not None else 17
        fitting = [age for age in answers.child_ages if low <= age <= high]
        if fitting:
            count = "is een kind" if len(fitting) == 1 else f"zijn {len(fitting)} kinderen"
            met.append(f"In uw huishouden {count} {ages}.")
        else:
            failed.append(
                f"Deze regeling is voor kinderen {ages}; in uw huishouden is geen kind van die "
                "leeftijd."
            )
    income_percent = norm = limit = None
    if regulation.receives_bijstand_qualifies and answers.receives_bijstand:
        if regulation.income_limit is not None or regulation.savings_limit is not None:
            met.append(
                "U ontvangt bijstand; daarmee voldoet u aan de eisen voor inkomen en vermogen."
            )
    else:
        if regulation.income_limit is not None:
            norm = household.row()
            if norm is None:
                undecided.append(
                    "Deze check kan het sociaal minimum voor uw huishouden niet bepalen: "
                    f"{household.undecided}."
                )
            else:
                income_percent, limit = _income_test(
                    answers.net_monthly_income, norm, regulation.income_limit, met, failed
                )
        if regulation.savings_limit is not None:
            ceiling = regulation.savings_limit.for_household(answers.household)
            if answers.savings <= ceiling:
                met.append(
                    f"Uw spaargeld ({euro(answers.savings)}) is niet meer dan de vermogensgrens "
                    f"van {euro(ceiling)}."
                )
            else:
                failed.append(
                    f"Uw spaargeld ({euro(answers.savings)}) is meer dan de vermogensgrens van "
                    f"{euro(ceiling)}."
                )
    if regulation.check_with_provider:
        undecided.append(regulation.check_with_provider)
    if failed:
        outcome, reasons = Outcome.NOT_ELIGIBLE, failed
    elif undecided:
        outcome, reasons = Outcome.CHECK_WITH_PROVIDER, met + undecided
    else:
        outcome, reasons = Outcome.ELIGIBLE, met
    return RegulationResult(regulation, outcome, tuple(reasons), income_percent, norm, limit)


def _income_test(
    income: Decimal,
    norm: Norm,
    rule: IncomeLimit,
    met: list[str],
    failed: list[str],
) -> tuple[Decimal, Decimal]:
    """Compare the income with the ceiling; add the sentences; return (percent, ceiling)."""
    amount = norm.amount(rule.include_holiday_allowance)
    ceiling = (amount * rule.percent / 100).quantize(_CENT, rounding=ROUND_HALF_UP)
    ratio = income * 100 / amount
    within = income <= ceiling
    shown = income_percent(ratio, [(rule.percent, within)])
    summary = (
        f"Uw inkomen is {percent(shown)} van het sociaal minimum; de grens is "
        f"{percent(rule.percent)}."
    )
    allowance = "met" if rule.include_holiday_allowance else "zonder"
    detail = (
        f"Het sociaal minimum voor uw huishouden is {euro(amount)} per maand {allowance} "
        f"vakantiegeld (norm vanaf {long_date(norm.valid_from)}); {percent(rule.percent)} "
        f"daarvan is {euro(ceiling)}."
    )
    (met if within else failed).extend([summary, detail])
    return ratio.quantize(_CENT, rounding=ROUND_HALF_UP), ceiling


def _ages(values: object, name: str, low: int, high: int) -> tuple[int, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise EligibilityError(f"{name}: expected a list of whole numbers, got {values!r}")
    ages = tuple(values)
    for age in ages:
        if isinstance(age, bool) or not isinstance(age, int) or not low <= age <= high:
            raise EligibilityError(
                f"{name}: expected whole numbers from {low} to {high}, got {age!r}"
                + (" (a child of 18 or older counts as an adult)" if name == "child_ages" else "")
            )
    return ages
