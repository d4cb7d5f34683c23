"""Money figures computed from the lines: the yearly overview and each intervention's budget.

The document's own totals are never used here: every figure is computed from the rows, so the
checks can hold the stated totals against it, and the exports can show both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ._agenda import FunderKind, Intervention
from ._execution import FinancialOverview, FinancialYear
from ._values import known_total


@dataclass(frozen=True)
class YearFigures:
    """One year of the financial overview computed from its rows.

    Attributes
    ----------
    year : int
        The year.
    costs : Decimal
        The sum of the cost rows.
    carried_over : Decimal
        What the year before left, as computed (the first year: what the document carries
        over, 0 for "n.v.t.").
    means : Decimal
        Base budget + extra allocations + carried over.
    remainder : Decimal
        ``means - costs``, carried to the next year.
    """

    year: int
    costs: Decimal
    carried_over: Decimal
    means: Decimal
    remainder: Decimal


def year_costs(year: FinancialYear) -> Decimal:
    """The sum of a year's cost rows."""
    return sum((line.amount for line in year.costs), Decimal(0))


def year_own_means(year: FinancialYear) -> Decimal:
    """Base budget plus extra allocations (without what was carried over)."""
    return year.base_budget + sum((line.amount for line in year.extra_means), Decimal(0))


def compute_overview(overview: FinancialOverview) -> tuple[YearFigures, ...]:
    """Compute every year of a financial overview from its rows alone.

    The carry-over chain is computed too: year N+1 carries over what year N leaves by the
    computation, whatever the document states.

    Parameters
    ----------
    overview : FinancialOverview
        The overview as recorded.

    Returns
    -------
    tuple of YearFigures
        One per year, in the document's order.

    Examples
    --------
    >>> from kansen.plans import FinancialOverview, FinancialYear, CostLine
    >>> years = (
    ...     FinancialYear(2024, (CostLine("A", Decimal("541000")),), base_budget=Decimal("800000")),
    ...     FinancialYear(2025, (CostLine("A", Decimal("678000")),), base_budget=Decimal("500000")),
    ... )
    >>> [f.remainder for f in compute_overview(FinancialOverview(years=years))]
    [Decimal('259000'), Decimal('81000')]
    """
    figures: list[YearFigures] = []
    for i, year in enumerate(overview.years):
        if i == 0:
            carried = year.carried_over if year.carried_over is not None else Decimal(0)
        else:
            carried = figures[-1].remainder
        costs = year_costs(year)
        means = year_own_means(year) + carried
        figures.append(YearFigures(year.year, costs, carried, means, means - costs))
    return tuple(figures)


@dataclass(frozen=True)
class BudgetSummary:
    """An intervention's budget and financing computed from its lines.

    Attributes
    ----------
    budget : Decimal
        The sum of the known budget lines.
    budget_pending : int
        How many budget lines are PM (left out of ``budget``, not counted as 0).
    financing : Decimal
        The sum of the known financing sources.
    financing_pending : int
        How many financing sources are PM.
    by_funder : dict of FunderKind to Decimal
        Known financing per kind of funder.
    """

    budget: Decimal
    budget_pending: int
    financing: Decimal
    financing_pending: int
    by_funder: dict[FunderKind, Decimal]

    @property
    def shortfall(self) -> Decimal:
        """How much of the known budget the known financing leaves uncovered (0 or more)."""
        return max(self.budget - self.financing, Decimal(0))


def summarise_budget(intervention: Intervention) -> BudgetSummary:
    """Sum an intervention's budget lines and financing sources (PM lines counted apart)."""
    budget, budget_pending = known_total(line.amount for line in intervention.budget)
    financing, financing_pending = known_total(s.amount for s in intervention.financing)
    by_funder: dict[FunderKind, Decimal] = {}
    for source in intervention.financing:
        if source.amount.value is not None:
            by_funder[source.funder] = by_funder.get(source.funder, Decimal(0)) + (
                source.amount.value
            )
    return BudgetSummary(budget, budget_pending, financing, financing_pending, by_funder)


def euros(value: Decimal) -> str:
    """``EUR 1,234,567`` (or ``EUR 173.00`` with the decimals as recorded), for messages."""
    return f"EUR {value:,}"


def gap(stated: Decimal, computed: Decimal) -> str:
    """``"EUR 54,000 less"`` or ``"EUR 54,000 more"``: how a stated figure differs."""
    word = "more" if stated > computed else "less"
    return f"{euros(abs(stated - computed))} {word}"


def total(values: Iterable[Decimal]) -> Decimal:
    """The sum of some amounts (0 for none)."""
    return sum(values, Decimal(0))
