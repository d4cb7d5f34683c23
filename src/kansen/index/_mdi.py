"""The Multi Deprivation Index of source 002, with the indicators of the demo municipality."""

from __future__ import annotations

from ._definition import Direction, Domain, IndexDefinition, Indicator

MDI_SOURCE = "Source 002: Multi Deprivation Index, weights of the English IMD"

#: Domain code, Dutch label, weight (percent) and indicators (code, direction, English label).
_MDI: tuple[tuple[str, str, float, tuple[tuple[str, Direction, str], ...]], ...] = (
    ("income", "Inkomen", 22.5, (
        ("low_income_households", "higher_is_worse", "Low-income households"),
        ("households_up_to_120pct_social_minimum", "higher_is_worse",
         "Households up to 120% of the social minimum"),
        ("median_household_wealth", "higher_is_better", "Median wealth of private households"),
    )),
    ("work", "Werk", 22.5, (
        ("social_assistance_recipients", "higher_is_worse", "Social assistance recipients"),
        ("income_from_work", "higher_is_better", "Residents aged 15-74 with income from work"),
        ("incapacity_benefit_recipients", "higher_is_worse", "Incapacity benefit recipients"),
    )),
    ("health", "Gezondheid", 13.5, (
        ("good_self_rated_health", "higher_is_better", "Self-rated health good or very good"),
        ("mental_health_medication", "higher_is_worse", "Mental-health medication users"),
        ("overweight", "higher_is_worse", "Adults with overweight"),
    )),
    ("education", "Opleiding", 13.5, (
        ("low_education", "higher_is_worse", "Residents with a low level of education"),
        ("early_school_leavers", "higher_is_worse", "Early school leavers"),
    )),
    ("housing", "Huisvesting", 9.3, (
        ("mean_woz_value", "higher_is_better", "Mean property value (WOZ)"),
        ("wish_to_move", "higher_is_worse", "Wish to move"),
    )),
    ("safety", "Veiligheid", 9.3, (
        ("violent_crime", "higher_is_worse", "Violent crimes"),
        ("property_crime", "higher_is_worse", "Property crimes"),
    )),
    ("living_environment", "Woonomgeving", 9.3, (
        ("green_space_per_inhabitant", "higher_is_better", "Public green space per inhabitant"),
        ("vandalism_reports", "higher_is_worse", "Vandalism reports"),
        ("heat_stress", "higher_is_worse", "Heat stress"),
    )),
)  # fmt: skip


def default_mdi() -> IndexDefinition:
    """The Multi Deprivation Index of source 002.

    Seven domains with the weights of the English Index of Multiple Deprivation: income 22.5,
    work 22.5, health 13.5, education 13.5, housing 9.3, safety 9.3 and living environment 9.3
    percent (they add up to 99.9 and are used as they are), and the indicator codes of the demo
    municipality Demostad (every Demostad indicator with a domain). Each domain's score is the
    equally weighted mean of its indicators' normal scores; ties rank ``"min"``; a missing value
    takes the parent area's value, else the other indicators (or domains) are re-weighted, else
    the computation stops with an error.

    Returns
    -------
    IndexDefinition

    Examples
    --------
    >>> mdi = default_mdi()
    >>> mdi.weights["income"], round(sum(mdi.weights.values()), 1)
    (22.5, 99.9)
    """
    domains = tuple(
        Domain(
            code=code,
            label=label,
            weight=weight,
            indicators=tuple(
                Indicator(code=i, direction=direction, label=name) for i, direction, name in items
            ),
        )
        for code, label, weight, items in _MDI
    )
    return IndexDefinition(
        name="Multi Deprivation Index",
        domains=domains,
        version="1",
        description=(
            "Seven domains weighted as the English Index of Multiple Deprivation; indicators "
            "as normal scores, equal weights within a domain."
        ),
        source=MDI_SOURCE,
        ties="min",
        missing=("parent", "reweight", "error"),
    )
