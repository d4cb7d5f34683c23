"""Key figures of fictional municipalities beside Demostad, for peer comparison in the demo.

CBS publishes key figures for every municipality; a platform that has imported them can show
which municipalities are most like one's own. The demo cannot ship the real national file, so
it invents 24 municipalities around the size and make-up of Demostad: their figures follow
one latent "deprivation" and a log-uniform population, so that some are clearly like Demostad
and others are not. Only gemeente-level figures of the latest year, as in the national file.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._model import Demostad

#: The figures a national key-figure file has for every municipality.
PEER_INDICATORS = (
    "population",
    "share_age_0_17",
    "low_income_households",
    "households_up_to_120pct_social_minimum",
    "social_assistance_recipients",
    "low_education",
    "mean_woz_value",
    "good_self_rated_health",
    "violent_crime",
)

_NAMES = (
    "Oudeveen",
    "Nieuwkerk aan de Vaart",
    "Bergeijkhoven",
    "Wijdemeren-Zuid",
    "Kampervaart",
    "Hooglanderveen-Oost",
    "Zandvoorde",
    "Drechtstad",
    "Lingewaard-Noord",
    "Vlietland",
    "Eemsmond",
    "Hunzedal",
    "Maasoever",
    "Rijnwoude",
    "Veluwezoom",
    "Duinkerke",
    "Polderwijk",
    "Heuvelrug-West",
    "Marksvliet",
    "Schelderode",
    "Dinkeloord",
    "Peelland",
    "Waterhoeve",
    "Kempenaar",
)


def build_peer_figures(demo: Demostad, seed: int | None = None) -> pd.DataFrame:
    """Gemeente figures of Demostad and 24 fictional municipalities for the latest year.

    Parameters
    ----------
    demo : Demostad
        The demo town; its own gemeente figures are taken as they are.
    seed : int, optional
        Seed of the random generator; the demo's seed when omitted.

    Returns
    -------
    pandas.DataFrame
        Index: municipality code (``GM9999`` for Demostad, ``GM9901``... for the others);
        columns ``name`` and the codes of :data:`PEER_INDICATORS`.
    """
    rng = np.random.default_rng(demo.seed + 17 if seed is None else seed)
    year = demo.years[-1]
    own = {code: float(demo.values(code, year)[demo.municipality_code]) for code in PEER_INDICATORS}
    n = len(_NAMES)
    latent = rng.normal(0.0, 1.0, n)  # > 0: more deprived than Demostad
    noise = rng.normal(0.0, 0.35, (n, len(PEER_INDICATORS)))
    population = np.exp(rng.uniform(np.log(15_000), np.log(260_000), n)).round(-1)
    rows = {}
    for i, name in enumerate(_NAMES):
        figures: dict[str, float | str] = {"name": name, "population": float(population[i])}
        for j, code in enumerate(PEER_INDICATORS[1:], start=1):
            # Deprivation raises the "worse" figures and lowers the "better" ones.
            sign = -1.0 if code in ("mean_woz_value", "good_self_rated_health") else 1.0
            if code == "share_age_0_17":
                sign = 0.3
            factor = np.exp(0.18 * (sign * latent[i] + noise[i, j]))
            decimals = 0 if code == "mean_woz_value" else 1
            value = own[code] * float(factor)
            if demo.indicator(code).unit == "%":
                value = min(value, 98.0)  # a share stays a share
            figures[code] = round(value, decimals)
        rows[f"GM99{i + 1:02d}"] = figures
    rows[demo.municipality_code] = {"name": demo.municipality_name, **own}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    return frame[["name", *PEER_INDICATORS]].sort_index()
