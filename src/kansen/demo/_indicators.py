"""The indicator catalogue of Demostad and how each indicator is drawn from its latent score.

Each indicator of a deprivation domain is a monotone function of a latent score ``z`` (mean 0,
standard deviation about 1, higher means more deprived): a logistic curve for shares, an
exponential for rates and amounts, a clipped straight line for the heat-stress index.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from kansen.demo._model import DemoIndicator, Direction, Domain

SOURCE = "Demostad synthetic data (kansen.demo)"
COUNT = "aantal"
PER_1000 = "per 1.000 inwoners"

#: Indicators of this code are not published for this year (status "missing").
MISSING_INDICATOR_YEARS = (
    ("mental_health_medication", 2022),  # the series starts in 2023
    ("wish_to_move", 2023),  # the residents' survey runs every other year
)
#: One buurt's figure of this indicator arrived too late for publication in this year.
LATE_BUURT_FIGURE = ("early_school_leavers", 2023)


@dataclass(frozen=True)
class Recipe:
    """How to turn a latent score into values of one indicator.

    Attributes
    ----------
    indicator : DemoIndicator
        The metadata.
    shape : {"logit", "log", "linear"}
        ``logit``: a share in % around ``typical``; ``log``: a positive amount around
        ``typical``; ``linear``: ``typical + spread * z`` clipped to 0-100.
    typical : float
        The value at ``z = 0`` in the latest year.
    spread : float
        Effect of one standard deviation of ``z`` on the logit, log or linear scale.
    trend : float
        Change per year on the same scale (positive: the value rises over the years).
    """

    indicator: DemoIndicator
    shape: Literal["logit", "log", "linear"]
    typical: float
    spread: float
    trend: float = 0.0

    def values(self, z: NDArray[np.float64], years_before_latest: int) -> NDArray[np.float64]:
        """Unrounded values for latent scores ``z`` (higher is more deprived)."""
        sign = -1.0 if self.indicator.direction == "higher_is_better" else 1.0
        shift = sign * self.spread * z - self.trend * years_before_latest
        if self.shape == "logit":
            centre = np.log(self.typical / (100.0 - self.typical))
            values = 100.0 / (1.0 + np.exp(-(centre + shift)))
        elif self.shape == "log":
            values = self.typical * np.exp(shift)
        else:
            values = np.clip(self.typical + shift, 0.0, 100.0)
        return np.asarray(values, dtype=np.float64)


def _indicator(
    code: str,
    name_nl: str,
    name_en: str,
    unit: str,
    domain: Domain | None,
    direction: Direction | None,
    definition: str,
    decimals: int = 1,
) -> DemoIndicator:
    return DemoIndicator(
        code, name_nl, name_en, unit, domain, direction, SOURCE, definition, decimals
    )


WORSE: Direction = "higher_is_worse"
BETTER: Direction = "higher_is_better"

#: Context figures, derived from the population model rather than from a latent score.
CONTEXT = (
    _indicator(
        "population",
        "Aantal inwoners",
        "Population",
        COUNT,
        None,
        None,
        "Number of inhabitants registered in the municipality on 1 January.",
        0,
    ),
    _indicator(
        "share_age_0_17",
        "Inwoners 0 tot 18 jaar",
        "Residents aged 0-17",
        "%",
        None,
        None,
        "Share of inhabitants younger than 18 years on 1 January.",
    ),
    _indicator(
        "households",
        "Huishoudens totaal",
        "Households",
        COUNT,
        None,
        None,
        "Number of private households on 1 January.",
        0,
    ),
)

#: The deprivation-domain indicators, grouped by domain in the order of the MDI weights.
RECIPES = (
    Recipe(
        _indicator(
            "low_income_households",
            "Huishoudens met een laag inkomen",
            "Low-income households",
            "%",
            "income",
            WORSE,
            "Share of private households with an income below the CBS low-income threshold.",
        ),
        "logit",
        8.5,
        0.6,
        -0.03,
    ),
    Recipe(
        _indicator(
            "households_up_to_120pct_social_minimum",
            "Huishoudens tot 120% van sociaal minimum",
            "Households up to 120% of the social minimum",
            "%",
            "income",
            WORSE,
            "Share of private households whose income is at most 120% of the social minimum.",
        ),
        "logit",
        7.5,
        0.65,
        -0.02,
    ),
    Recipe(
        _indicator(
            "median_household_wealth",
            "Mediaan vermogen van particuliere huishoudens",
            "Median wealth of private households",
            "euro",
            "income",
            BETTER,
            "Median net wealth (assets minus debts) of private households.",
            0,
        ),
        "log",
        60_000.0,
        0.85,
        0.04,
    ),
    Recipe(
        _indicator(
            "social_assistance_recipients",
            "Personen met een bijstandsuitkering",
            "Social assistance recipients",
            PER_1000,
            "work",
            WORSE,
            "Persons receiving social assistance (bijstand) per 1,000 inhabitants.",
        ),
        "log",
        32.0,
        0.6,
        -0.02,
    ),
    Recipe(
        _indicator(
            "income_from_work",
            "Inwoners 15-74 jaar met inkomen uit arbeid",
            "Residents aged 15-74 with income from work",
            "%",
            "work",
            BETTER,
            "Share of residents aged 15-74 whose main income is from employment or a business.",
        ),
        "logit",
        68.0,
        0.35,
        0.02,
    ),
    Recipe(
        _indicator(
            "incapacity_benefit_recipients",
            "Personen met een arbeidsongeschiktheidsuitkering",
            "Incapacity benefit recipients",
            PER_1000,
            "work",
            WORSE,
            "Persons receiving a work-incapacity benefit (WIA, WAO, Wajong) per 1,000 inhabitants.",
        ),
        "log",
        55.0,
        0.35,
        0.01,
    ),
    Recipe(
        _indicator(
            "good_self_rated_health",
            "Ervaren gezondheid goed of zeer goed",
            "Self-rated health good or very good",
            "%",
            "health",
            BETTER,
            "Share of adults who rate their own health as good or very good (health monitor).",
        ),
        "logit",
        76.0,
        0.35,
        -0.01,
    ),
    Recipe(
        _indicator(
            "mental_health_medication",
            "Personen met GGZ-medicatie",
            "Mental-health medication users",
            "%",
            "health",
            WORSE,
            "Share of inhabitants who used prescribed mental-health medication in the year.",
        ),
        "logit",
        9.0,
        0.35,
        0.03,
    ),
    Recipe(
        _indicator(
            "overweight",
            "Volwassenen met overgewicht",
            "Adults with overweight",
            "%",
            "health",
            WORSE,
            "Share of adults with a body mass index of 25 or more (health monitor).",
        ),
        "logit",
        49.0,
        0.25,
        0.01,
    ),
    Recipe(
        _indicator(
            "low_education",
            "Inwoners met een laag onderwijsniveau",
            "Residents with a low level of education",
            "%",
            "education",
            WORSE,
            "Share of residents aged 15-74 whose highest completed education is at most vmbo, "
            "the first three years of havo/vwo or mbo 1.",
        ),
        "logit",
        24.0,
        0.6,
        -0.02,
    ),
    Recipe(
        _indicator(
            "early_school_leavers",
            "Voortijdig schoolverlaters",
            "Early school leavers",
            "%",
            "education",
            WORSE,
            "Share of young people aged 12-22 who left school without a basic qualification.",
        ),
        "logit",
        2.2,
        0.55,
        -0.02,
    ),
    Recipe(
        _indicator(
            "mean_woz_value",
            "Gemiddelde WOZ-waarde van woningen",
            "Mean property value (WOZ)",
            "euro",
            "housing",
            BETTER,
            "Mean value of dwellings for the property tax (WOZ) on 1 January.",
            0,
        ),
        "log",
        340_000.0,
        0.3,
        0.06,
    ),
    Recipe(
        _indicator(
            "wish_to_move",
            "Verhuisgeneigdheid",
            "Wish to move",
            "%",
            "housing",
            WORSE,
            "Share of adults who want to move within two years (residents' survey).",
        ),
        "logit",
        21.0,
        0.35,
        0.0,
    ),
    Recipe(
        _indicator(
            "violent_crime",
            "Geweldsmisdrijven",
            "Violent crimes",
            PER_1000,
            "safety",
            WORSE,
            "Registered violent and sexual crimes per 1,000 inhabitants.",
        ),
        "log",
        4.5,
        0.5,
        -0.02,
    ),
    Recipe(
        _indicator(
            "property_crime",
            "Vermogensmisdrijven",
            "Property crimes",
            PER_1000,
            "safety",
            WORSE,
            "Registered thefts, burglaries and other property crimes per 1,000 inhabitants.",
        ),
        "log",
        17.0,
        0.45,
        -0.04,
    ),
    Recipe(
        _indicator(
            "green_space_per_inhabitant",
            "Openbaar groen per inwoner",
            "Public green space per inhabitant",
            "m² per inwoner",
            "living_environment",
            BETTER,
            "Area of public parks, plantings and lawns divided by the number of inhabitants.",
            0,
        ),
        "log",
        38.0,
        0.55,
        0.0,
    ),
    Recipe(
        _indicator(
            "vandalism_reports",
            "Meldingen van vernieling",
            "Vandalism reports",
            PER_1000,
            "living_environment",
            WORSE,
            "Reports of vandalism to the police or the municipality per 1,000 inhabitants.",
        ),
        "log",
        7.0,
        0.5,
        0.0,
    ),
    Recipe(
        _indicator(
            "heat_stress",
            "Hittestress",
            "Heat stress",
            "index",
            "living_environment",
            WORSE,
            "Heat-stress score from 0 to 100: more paved surface and fewer trees score higher.",
        ),
        "linear",
        50.0,
        12.0,
        0.5,
    ),
)

#: All indicators in publication order: context figures first, then the domains.
INDICATORS = (*CONTEXT, *(recipe.indicator for recipe in RECIPES))

#: Correlation of each domain's latent score with the town-wide latent deprivation, and the
#: weight of centrality (dense, paved, busy centre) in it.
DOMAIN_LOADINGS: dict[str, tuple[float, float]] = {
    "income": (0.92, 0.0),
    "work": (0.90, 0.0),
    "health": (0.80, 0.0),
    "education": (0.85, 0.0),
    "housing": (0.75, 0.0),
    "safety": (0.70, 0.35),
    "living_environment": (0.65, 0.45),
}
#: Correlation of an indicator's latent score with its domain's latent score.
INDICATOR_LOADING = 0.9
#: Year-to-year noise on the latent scale.
YEAR_NOISE = 0.12
