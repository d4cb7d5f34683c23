"""Build Demostad from a seed: areas with names and codes, populations, observations, schools."""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from shapely import Point, Polygon

from kansen.demo._geography import (
    CENTRE_X,
    CENTRE_Y,
    HALF_HEIGHT,
    HALF_WIDTH,
    N_WIJKEN,
    Layout,
    build_layout,
    union,
)
from kansen.demo._indicators import (
    DOMAIN_LOADINGS,
    INDICATOR_LOADING,
    INDICATORS,
    LATE_BUURT_FIGURE,
    MISSING_INDICATOR_YEARS,
    RECIPES,
    YEAR_NOISE,
)
from kansen.demo._model import OBSERVATION_COLUMNS, DemoArea, DemoSchool, Demostad

DEMO_MUNICIPALITY_CODE = "GM9999"
DEMO_MUNICIPALITY_NAME = "Demostad"
DEMO_YEARS = (2022, 2023, 2024)
#: Buurten with fewer inhabitants than this have every non-count figure suppressed, as CBS does.
SUPPRESSION_THRESHOLD = 200

_WIJK_NAMES = ("Centrum", "Molenwijk", "De Gaarden", "Rivierenwijk", "Hoogveld", "Parkwijk")
_BUURT_NAMES = (
    (
        "Binnenstad",
        "Oude Haven",
        "Marktkwartier",
        "Stationsbuurt",
        "Kerkbuurt",
        "Vestingwal",
        "Havenkwartier",
        "Begijnhof",
        "Kloosterbuurt",
        "Lange Gracht",
        "Nieuwe Markt",
        "Spoorzone",
    ),
    (
        "Molenbuurt",
        "Korenmolen",
        "Zaagmolen",
        "Oliemolen",
        "Molenvliet",
        "Windhoek",
        "De Wieken",
        "Molenhoek",
        "Stellingmolen",
        "Molenakker",
        "Maalderij",
        "Pelmolen",
    ),
    (
        "Kersengaarde",
        "Appelgaarde",
        "Perengaarde",
        "Pruimengaarde",
        "Notengaarde",
        "Hofgaarde",
        "Bessengaarde",
        "Druivengaarde",
        "Rozengaarde",
        "Kweekgaarde",
        "Boomgaarde",
        "Vijgengaarde",
    ),
    (
        "Maasbuurt",
        "Rijnbuurt",
        "Waalbuurt",
        "IJsselbuurt",
        "Lekbuurt",
        "Vechtbuurt",
        "Dinkelbuurt",
        "Eembuurt",
        "Amstelbuurt",
        "Lingebuurt",
        "Berkelbuurt",
        "Schelde",
    ),
    (
        "Heidebuurt",
        "Hooge Akker",
        "Essenbuurt",
        "Eikenhof",
        "Berkenrode",
        "Beukenhorst",
        "Dennenkamp",
        "Veldzicht",
        "Zandhorst",
        "Brinkveld",
        "Lindenhof",
        "Vennebroek",
    ),
    (
        "Zuiderpark",
        "Parkzicht",
        "Vijverhof",
        "Rozenhof",
        "Lommerrijk",
        "Bosrand",
        "Buitenplaats",
        "Wandelbos",
        "Singelpark",
        "Theehuis",
        "Overplaats",
        "Groenendaal",
    ),
)
_POSTCODE_LETTERS = list("ABCDEGHJKLMNPRTVWXZ")
#: (brin, location number, name, levels, where): "central", "affluent" or "deprived" buurten.
_SCHOOLS = (
    ("99AA", 0, "Stedelijk Lyceum Demostad", "havo/vwo", "central"),
    ("99AB", 0, "Erasmus College", "vmbo/havo/vwo", "affluent"),
    ("99AB", 1, "Erasmus College locatie {wijk}", "vmbo", "deprived"),
    ("99AC", 0, "Christelijk College {wijk}", "vmbo/havo/vwo", "affluent"),
    ("99AD", 0, "Montessori Lyceum {wijk}", "havo/vwo", "affluent"),
    ("99AE", 0, "Vakcollege De Haven", "vmbo", "deprived"),
    ("99AF", 0, "Technisch College Demostad", "vmbo", "deprived"),
    ("99AG", 0, "Groen College {wijk}", "vmbo", "deprived"),
)


def _standardise(values: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.asarray((values - values.mean()) / values.std(), dtype=np.float64)


class _Town:
    """Buurt-level arrays in code order (wijk by wijk, inner buurten first)."""

    def __init__(self, layout: Layout, rng: np.random.Generator) -> None:
        order = np.lexsort((layout.distance_from_centre, layout.wijk_of_cell))
        self.cells: list[Polygon] = [layout.cells[i] for i in order]
        self.wijk = layout.wijk_of_cell[order]
        self.distance = layout.distance_from_centre[order]
        self.shared_border = layout.shared_border[np.ix_(order, order)]
        self.area_km2 = np.array([cell.area for cell in self.cells]) / 1e6
        points = [cell.representative_point() for cell in self.cells]
        self.x = (np.array([p.x for p in points]) - CENTRE_X) / HALF_WIDTH
        self.y = (np.array([p.y for p in points]) - CENTRE_Y) / HALF_HEIGHT
        self.number = np.zeros(len(self.cells), dtype=int)
        for wijk in range(N_WIJKEN):
            members = np.flatnonzero(self.wijk == wijk)
            self.number[members] = np.arange(1, members.size + 1)
        pairs = list(zip(self.wijk, self.number, strict=True))
        self.codes = [f"BU9999{w + 1:02d}{n:02d}" for w, n in pairs]
        self.names = [_BUURT_NAMES[w][n - 1] for w, n in pairs]

        # Common latent deprivation: post-war districts on one side of town, a slightly
        # deprived old centre, and buurt-level noise.
        angle = rng.uniform(0.0, 2.0 * np.pi)
        side = self.x * np.cos(angle) + self.y * np.sin(angle)
        old_centre = np.exp(-(self.distance**2) / (2 * 0.25**2))
        self.deprivation = _standardise(side + 0.35 * old_centre + rng.normal(0.0, 0.3, side.size))
        self.centrality = _standardise(-self.distance)
        self._populate(rng)

    def _populate(self, rng: np.random.Generator) -> None:
        """Inhabitants and households; an industrial estate, a rural area and a park are small."""
        n = len(self.cells)
        outer = self.wijk > 0
        small: dict[int, tuple[str, int, int]] = {}
        industrial = int(np.argmax(np.where(outer, self.area_km2, 0.0)))
        small[industrial] = ("Bedrijventerrein De Vaart", 40, 160)
        rural_candidates = np.where(outer & (self.wijk != self.wijk[industrial]), self.area_km2, 0)
        rural = int(np.argmax(rural_candidates))
        small[rural] = (f"Buitengebied {_WIJK_NAMES[self.wijk[rural]]}", 110, 190)
        next_to_centre = outer & (self.shared_border[:, self.wijk == 0].sum(axis=1) > 0)
        next_to_centre[[industrial, rural]] = False
        park = int(rng.choice(np.flatnonzero(next_to_centre)))
        small[park] = ("Stadspark", 10, 90)

        density = np.exp(-1.1 * self.distance + 0.2 * self.deprivation)
        weight = self.area_km2 * density * rng.lognormal(0.0, 0.35, n)
        is_small = np.zeros(n, dtype=bool)
        is_small[list(small)] = True
        target = rng.integers(96_000, 104_000)
        population = np.zeros(n)
        scale = target / weight[~is_small].sum()
        for _ in range(50):  # clip to plausible sizes and rescale until the total fits
            population[~is_small] = np.clip(weight[~is_small] * scale, 350.0, 4_800.0)
            scale *= target / population[~is_small].sum()
        for i, (name, low, high) in small.items():
            self.names[i] = name
            population[i] = rng.integers(low, high)
        self.population = np.round(population).astype(int)
        self.growth = np.clip(rng.normal(0.006, 0.008, n), -0.015, 0.025)
        household_size = 2.15 + 0.12 * self.deprivation - 0.3 * np.clip(1 - self.distance, 0, 1)
        self.household_size = np.clip(household_size + rng.normal(0.0, 0.08, n), 1.4, 2.8)

    def population_in(self, year: int) -> np.ndarray:
        factor = (1.0 + self.growth) ** (year - DEMO_YEARS[-1])
        return np.round(self.population * factor).astype(int)


def _areas(town: _Town) -> list[DemoArea]:
    buurten = [
        DemoArea(code, name, "buurt", f"WK9999{w + 1:02d}", cell, int(pop))
        for code, name, w, cell, pop in zip(
            town.codes, town.names, town.wijk, town.cells, town.population, strict=True
        )
    ]
    areas = [
        DemoArea(
            DEMO_MUNICIPALITY_CODE,
            DEMO_MUNICIPALITY_NAME,
            "gemeente",
            None,
            union(town.cells),
            int(town.population.sum()),
        )
    ]
    for wijk in range(N_WIJKEN):
        members = [b for b, w in zip(buurten, town.wijk, strict=True) if w == wijk]
        areas.append(
            DemoArea(
                f"WK9999{wijk + 1:02d}",
                _WIJK_NAMES[wijk],
                "wijk",
                DEMO_MUNICIPALITY_CODE,
                union([b.geometry_rd for b in members]),
                sum(b.population for b in members),
            )
        )
        areas.extend(members)
    return areas


def _buurt_observations(town: _Town, rng: np.random.Generator) -> pd.DataFrame:
    """Values and status per buurt, year and indicator (wide: one column per indicator)."""
    n = len(town.cells)
    latent: dict[str, np.ndarray] = {}
    for domain, (rho, kappa) in DOMAIN_LOADINGS.items():
        rest = np.sqrt(1.0 - rho**2 - kappa**2)
        domain_score = rho * town.deprivation + kappa * town.centrality
        domain_score = _standardise(domain_score + rest * rng.normal(size=n))
        for recipe in RECIPES:
            if recipe.indicator.domain == domain:
                own = np.sqrt(1.0 - INDICATOR_LOADING**2) * rng.normal(size=n)
                latent[recipe.indicator.code] = INDICATOR_LOADING * domain_score + own
    families = _standardise(0.45 * town.deprivation - 0.45 * town.centrality + rng.normal(size=n))
    late_delivery = int(rng.choice(np.flatnonzero(town.population >= 1_000)))

    frames = []
    for year in DEMO_YEARS:
        years_before = DEMO_YEARS[-1] - year
        population = town.population_in(year)
        frame = pd.DataFrame({"area_code": town.codes, "year": year})
        frame["population"] = population.astype(float)
        share_young = 100 / (1 + np.exp(-(np.log(19 / 81) + 0.22 * families)))
        frame["share_age_0_17"] = share_young + rng.normal(0.0, 0.3, n)
        frame["households"] = np.round(population / town.household_size)
        for recipe in RECIPES:
            z = latent[recipe.indicator.code] + YEAR_NOISE * rng.normal(size=n)
            frame[recipe.indicator.code] = recipe.values(z, years_before)
        if year == LATE_BUURT_FIGURE[1]:
            frame.loc[late_delivery, LATE_BUURT_FIGURE[0]] = np.nan
        frame["_suppressed"] = population < SUPPRESSION_THRESHOLD
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _observations(areas: list[DemoArea], town: _Town, wide: pd.DataFrame) -> pd.DataFrame:
    """Long observations for buurten, wijken and the gemeente, aggregated from the buurten.

    Counts are summed. Every other figure of a wijk or the gemeente is the population-weighted
    mean of its published buurt values (status ok), so it can be recomputed from the file.
    """
    position = {code: i for i, code in enumerate(town.codes)}
    members = {DEMO_MUNICIPALITY_CODE: np.ones(len(town.codes), dtype=bool)}
    members.update({f"WK9999{w + 1:02d}": town.wijk == w for w in range(N_WIJKEN)})
    rows = []
    for year in DEMO_YEARS:
        frame = wide[wide["year"] == year]
        weights = frame["population"].to_numpy()
        suppressed = frame["_suppressed"].to_numpy()
        for indicator in INDICATORS:
            values = np.round(frame[indicator.code].to_numpy(dtype=float), indicator.decimals)
            status = np.where(np.isnan(values), "missing", "ok").astype(object)
            if indicator.aggregation != "sum":
                status[suppressed] = "suppressed"
            if (indicator.code, year) in MISSING_INDICATOR_YEARS:
                status[:] = "missing"
            values = np.where(status == "ok", values, np.nan)
            for area in areas:
                if area.level == "buurt":
                    i = position[area.code]
                    value, state = float(values[i]), str(status[i])
                else:
                    mask = members[area.code]
                    value, state = _aggregate(
                        indicator.aggregation, values[mask], weights[mask], indicator.decimals
                    )
                rows.append((area.code, year, indicator.code, value, state))
    observations = pd.DataFrame(rows, columns=list(OBSERVATION_COLUMNS))
    return observations.astype({"year": "int64", "value": "float64"})


def _aggregate(
    how: str, values: np.ndarray, weights: np.ndarray, decimals: int
) -> tuple[float, str]:
    published = ~np.isnan(values)
    if not published.any():
        return float("nan"), "missing"
    if how == "sum":
        return float(values[published].sum()), "ok"
    mean = np.average(values[published], weights=weights[published])
    return float(np.round(mean, decimals)), "ok"


def _schools(town: _Town, rng: np.random.Generator) -> list[DemoSchool]:
    """Secondary schools: havo/vwo in the centre and affluent buurten, vmbo in deprived ones."""
    eligible = town.population >= SUPPRESSION_THRESHOLD
    rank = np.argsort(np.argsort(town.deprivation)) / len(town.cells)
    pools = {
        "central": eligible & (town.wijk == 0),
        "affluent": eligible & (town.wijk > 0) & (rank < 0.4),
        "deprived": eligible & (town.wijk > 0) & (rank >= 0.5),
    }
    schools = []
    for brin, number, name, levels, where in _SCHOOLS:
        i = int(rng.choice(np.flatnonzero(pools[where])))
        pools = {key: pool & (np.arange(pool.size) != i) for key, pool in pools.items()}
        cell = town.cells[i]
        inner = cell.buffer(-60.0)
        x0, y0, x1, y1 = inner.bounds
        while True:
            x, y = np.round(rng.uniform(x0, x1)), np.round(rng.uniform(y0, y1))
            if inner.contains(Point(x, y)):
                break
        letters = "".join(rng.choice(_POSTCODE_LETTERS, 2))
        schools.append(
            DemoSchool(
                brin=brin,
                location_code=f"{brin}{number:02d}",
                name=name.format(wijk=_WIJK_NAMES[town.wijk[i]]),
                levels=levels,
                offers_havo_vwo="havo" in levels,
                x=float(x),
                y=float(y),
                area_code=town.codes[i],
                postcode=f"99{town.wijk[i] + 1}{town.number[i] % 10} {letters}",
            )
        )
    return schools


def build_demostad(seed: int = 2026) -> Demostad:
    """Build the synthetic municipality Demostad.

    Parameters
    ----------
    seed : int, default 2026
        Seed for all randomness: the same seed gives the same town, to the byte.

    Returns
    -------
    Demostad
        One gemeente, 6 wijken and 40 buurten with indicators for 2022-2024 and 8 schools.

    Examples
    --------
    >>> from kansen.demo import build_demostad
    >>> demo = build_demostad()
    >>> demo.gemeente.code, len(demo.wijken), len(demo.buurten)
    ('GM9999', 6, 40)
    """
    layout_seed, population_seed, value_seed, school_seed = np.random.SeedSequence(seed).spawn(4)
    town = _Town(
        build_layout(np.random.default_rng(layout_seed)), np.random.default_rng(population_seed)
    )
    areas = _areas(town)
    wide = _buurt_observations(town, np.random.default_rng(value_seed))
    return Demostad(
        municipality_code=DEMO_MUNICIPALITY_CODE,
        municipality_name=DEMO_MUNICIPALITY_NAME,
        areas=areas,
        indicators=list(INDICATORS),
        observations=_observations(areas, town, wide),
        schools=_schools(town, np.random.default_rng(school_seed)),
        years=DEMO_YEARS,
        seed=seed,
    )
