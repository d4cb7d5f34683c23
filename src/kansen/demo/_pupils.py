"""Pupil microdata for Demostad, with a planted relation between parental rank and outcomes.

Every buurt has its own straight line from parental rank ``r`` (0-1, per year over all pupils,
ties averaged) to each outcome, and outcomes are drawn *given the pupils' actual ranks*, so
within a buurt the expected outcome is exactly ``intercept + slope * r``: an OLS estimate of a
buurt at a band's point estimates ``intercept + slope * point`` without bias, whatever the ranks
in the band. The lines are in :attr:`DemoPupils.lines`, their values at the band points in
:meth:`DemoPupils.planted`.

How the data is made
--------------------
Pupils
    Per year and buurt a Poisson number of pupils with mean ``pupils_per_1000`` per 1,000
    inhabitants (about one birth cohort: 11 by default, some 1,100 pupils a year in Demostad).
Parental income
    Log-normal around a buurt median that is lower where the share of low-income households is
    higher (Demostad's indicator), rounded to 100 euro, so equal incomes (ties) occur.
Lines
    A wijk effect and a buurt effect move the intercepts; at least havo rises steeply with rank
    (slope about 0.42), under-advice falls (about -0.10), over-advice rises a little (about
    0.08), ``test_score`` (a synthetic test score around 535) rises about 14 points.
Advice
    Per pupil, independently: whether the effective advice is at least havo (probability from
    its line) and whether the school advice is below, above or equal to the test advice
    (probabilities from the under- and over-advice lines). The effective advice is drawn among
    the levels that allow that combination, the test advice one to three steps above or below
    it (or equal). Some 12% of the pupils whose test advice is not below their advice had a
    lower school advice first, revised afterwards (``revised_advice``). 2% took no test
    (no test advice and no test score).
Subgroups
    ``gender`` (``"girl"``/``"boy"``, half each) and ``household`` (``"one_parent"`` more often at
    low ranks, else ``"two_parents"``); the outcomes do not depend on them given rank.
Postcodes
    Ten fictional postcode areas ``9990``-``9999``: five columns of buurten from west to east,
    each split north/south. They cut across wijken.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from kansen.demo._build import DEMO_YEARS, build_demostad
from kansen.demo._model import Demostad

#: The outcomes with a planted line per buurt.
PLANTED_OUTCOMES: tuple[str, ...] = ("under_advice", "over_advice", "at_least_havo", "test_score")
#: Nine advice levels, lowest first (as kansen.opportunity.ADVICE_LEVELS).
_LEVELS = (
    "vmbo-b",
    "vmbo-b/k",
    "vmbo-k",
    "vmbo-k/gt",
    "vmbo-gt",
    "vmbo-gt/havo",
    "havo",
    "havo/vwo",
    "vwo",
)
_HAVO = 6
_BAND_POINTS = (
    ("very_low", 0.10),
    ("low", 0.25),
    ("middle", 0.50),
    ("high", 0.75),
    ("very_high", 0.90),
)
_TEST_SCORE_SD = 7.0
_REVISED_SHARE = 0.12
_NO_TEST_SHARE = 0.02

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class DemoPupils:
    """Pupil microdata of Demostad and the relation planted in it.

    Attributes
    ----------
    pupils : pandas.DataFrame
        One row per pupil in the schema of :mod:`kansen.opportunity`: ``year``, ``gemeente``,
        ``wijk``, ``buurt``, ``pc4``, ``parent_income``, ``gender``, ``household``,
        ``school_advice``, ``test_advice``, ``revised_advice``, ``test_score``.
    lines : pandas.DataFrame
        Per buurt and outcome the planted ``intercept`` and ``slope`` (expected outcome
        ``intercept + slope * rank``); columns ``buurt``, ``wijk``, ``outcome``, ``intercept``,
        ``slope``.
    seed : int
        The seed of the pupils.
    """

    pupils: pd.DataFrame
    lines: pd.DataFrame
    seed: int

    def planted(self) -> pd.DataFrame:
        """The planted expected outcome of every buurt at each band's point.

        Returns
        -------
        pandas.DataFrame
            Columns ``buurt``, ``band``, ``outcome``, ``planted``, one row per buurt, outcome and
            the five income bands (not "all", whose estimand depends on the buurt's ranks).
        """
        frames = [
            self.lines.assign(
                band=band, planted=self.lines["intercept"] + point * self.lines["slope"]
            )
            for band, point in _BAND_POINTS
        ]
        planted = pd.concat(frames, ignore_index=True)
        return planted[["buurt", "band", "outcome", "planted"]]


@dataclass(frozen=True)
class _Lines:
    """Planted intercepts and slopes per buurt (arrays indexed by buurt)."""

    intercept: dict[str, FloatArray]
    slope: dict[str, FloatArray]

    @classmethod
    def draw(
        cls, rng: np.random.Generator, deprivation: FloatArray, wijk_effect: FloatArray
    ) -> _Lines:
        n = deprivation.size
        own = rng.normal(size=(4, n))
        slope_noise = rng.normal(size=(4, n))
        havo_intercept = np.clip(
            0.22 - 0.05 * deprivation + 0.04 * wijk_effect + 0.03 * own[0], 0.05, 0.45
        )
        havo_slope = np.clip(0.42 + 0.04 * slope_noise[0], 0.30, 0.50)
        under_intercept = np.clip(
            0.18 + 0.03 * deprivation + 0.02 * wijk_effect + 0.015 * own[1], 0.08, 0.30
        )
        under_slope = -np.minimum(
            np.clip(0.10 + 0.02 * slope_noise[1], 0.04, 0.16), under_intercept - 0.03
        )
        over_intercept = np.clip(0.05 + 0.01 * own[2], 0.02, 0.10)
        over_slope = np.clip(0.08 + 0.02 * slope_noise[2], 0.03, 0.12)
        score_intercept = 527.0 - 1.5 * deprivation + 1.0 * wijk_effect + 0.7 * own[3]
        score_slope = 14.0 + 1.5 * slope_noise[3]
        return cls(
            intercept={
                "under_advice": under_intercept,
                "over_advice": over_intercept,
                "at_least_havo": havo_intercept,
                "test_score": score_intercept,
            },
            slope={
                "under_advice": under_slope,
                "over_advice": over_slope,
                "at_least_havo": havo_slope,
                "test_score": score_slope,
            },
        )

    def expected(self, outcome: str, buurt: IntArray, rank: FloatArray) -> FloatArray:
        return np.asarray(
            self.intercept[outcome][buurt] + self.slope[outcome][buurt] * rank, dtype=np.float64
        )


def _uniform_between(rng: np.random.Generator, low: IntArray, high: IntArray) -> IntArray:
    """A uniform integer in ``[low, high]`` per element."""
    return np.asarray(low + np.floor(rng.random(low.size) * (high - low + 1)), dtype=np.int64)


@dataclass(frozen=True)
class _Drawn:
    """Advice positions per pupil (-1 for none) and test scores (NaN for none)."""

    school_advice: IntArray
    revised_advice: IntArray
    test_advice: IntArray
    test_score: FloatArray


def _draw_outcomes(
    rng: np.random.Generator, lines: _Lines, buurt: IntArray, rank: FloatArray
) -> _Drawn:
    """Advice positions (-1 for none) and test scores given each pupil's buurt and rank."""
    n = buurt.size
    havo = rng.random(n) < lines.expected("at_least_havo", buurt, rank)
    p_under = lines.expected("under_advice", buurt, rank)
    p_over = lines.expected("over_advice", buurt, rank)
    u = rng.random(n)
    under, over = u < p_under, (u >= p_under) & (u < p_under + p_over)
    equal = ~under & ~over
    # The effective advice among the levels that allow (havo or not) x (under, over, equal).
    low = np.where(havo, _HAVO, np.where(over, 1, 0))
    high = np.where(havo, np.where(under, _HAVO + 1, 8), _HAVO - 1)
    effective = _uniform_between(rng, low, high)
    step = _uniform_between(rng, np.ones(n, dtype=np.int64), np.full(n, 3, dtype=np.int64))
    test = np.where(under, np.minimum(effective + step, 8), effective)
    test = np.where(over, np.maximum(effective - step, 0), test)
    test = test.astype(np.int64)
    no_test = rng.random(n) < _NO_TEST_SHARE
    # A school may raise its advice toward a test advice that is not lower (then it is revised).
    revisable = (equal | under) & ~no_test & (effective >= 1)
    revised = revisable & (rng.random(n) < _REVISED_SHARE)
    lowered = _uniform_between(rng, np.ones(n, dtype=np.int64), np.clip(effective, 1, 2))
    first = np.where(revised, effective - lowered, effective)
    score = lines.expected("test_score", buurt, rank) + rng.normal(0.0, _TEST_SCORE_SD, n)
    return _Drawn(
        school_advice=first.astype(np.int64),
        revised_advice=np.where(revised, effective, -1).astype(np.int64),
        test_advice=np.where(no_test, -1, test).astype(np.int64),
        test_score=np.where(no_test, np.nan, np.round(score, 6)),
    )


def _categorical(codes: NDArray[np.integer[Any]], categories: Sequence[str]) -> pd.Categorical[str]:
    """Codes (-1 for missing) and their labels as a pandas Categorical."""
    labels: pd.Index[str] = pd.Index(list(categories), dtype=object)
    return pd.Categorical.from_codes(codes, categories=labels)


def _advice_column(positions: NDArray[np.int64]) -> pd.Categorical[str]:
    return _categorical(positions, _LEVELS)


def _average_rank(income: FloatArray) -> FloatArray:
    """``rank(ties="average") / N``, computed exactly as kansen.opportunity does."""
    _, inverse, counts = np.unique(income, return_inverse=True, return_counts=True)
    average = np.cumsum(counts) - (counts - 1) / 2.0
    return np.asarray(average[inverse] / income.size, dtype=np.float64)


def _pc4_of_buurten(demo: Demostad) -> list[str]:
    points = [b.geometry_rd.representative_point() for b in demo.buurten]
    x = np.array([p.x for p in points])
    y = np.array([p.y for p in points])
    column = np.minimum((np.argsort(np.argsort(x)) * 5) // len(x), 4)
    codes = []
    for i in range(len(x)):
        same = column == column[i]
        north = int(y[i] > np.median(y[same]))
        codes.append(str(9990 + 2 * int(column[i]) + north))
    return codes


def build_pupils(
    demo: Demostad | None = None,
    *,
    seed: int = 2026,
    years: tuple[int, ...] = DEMO_YEARS,
    pupils_per_1000: float = 11.0,
) -> DemoPupils:
    """Pupil microdata for Demostad with a planted relation per buurt (see the module notes).

    Parameters
    ----------
    demo : Demostad, optional
        The town; default :func:`build_demostad` with its default seed.
    seed : int, default 2026
        Seed of the pupils and the planted lines: the same seed gives the same pupils.
    years : tuple of int, default DEMO_YEARS
        The school years.
    pupils_per_1000 : float, default 11
        Mean number of pupils per year per 1,000 inhabitants; raise it for larger samples
        (tests of coverage use more pupils per buurt).

    Returns
    -------
    DemoPupils

    Examples
    --------
    >>> from kansen.demo import build_pupils
    >>> pupils = build_pupils().pupils
    >>> sorted(pupils["year"].unique().tolist())
    [2022, 2023, 2024]
    >>> sorted(pupils["pc4"].unique())[:3]
    ['9990', '9991', '9992']
    """
    demo = demo or build_demostad()
    buurten = demo.buurten
    codes = [b.code for b in buurten]
    wijken = [str(b.parent_code) for b in buurten]
    wijk_codes = sorted(set(wijken))
    wijk_index = np.array([wijk_codes.index(w) for w in wijken])
    shares = demo.values("low_income_households", demo.years[-1]).reindex(codes)
    low_income = shares.fillna(shares.median()).to_numpy(dtype=np.float64)
    deprivation = (low_income - low_income.mean()) / low_income.std()
    population = np.array([b.population for b in buurten], dtype=float)

    rng = np.random.default_rng(np.random.SeedSequence([seed, 7301]))
    wijk_effect = rng.normal(size=len(wijk_codes))[wijk_index]
    lines = _Lines.draw(rng, deprivation, wijk_effect)
    median_income = 42_000.0 * np.exp(-0.30 * deprivation)

    frames = []
    for year in years:
        counts = rng.poisson(population * pupils_per_1000 / 1000.0)
        buurt = np.repeat(np.arange(len(buurten)), counts)
        income = np.round(median_income[buurt] * np.exp(rng.normal(0.0, 0.55, buurt.size)), -2)
        rank = _average_rank(income)
        drawn = _draw_outcomes(rng, lines, buurt, rank)
        one_parent = rng.random(buurt.size) < 0.35 - 0.25 * rank
        frames.append(
            pd.DataFrame(
                {
                    "year": np.full(buurt.size, year, dtype=np.int64),
                    "gemeente": demo.municipality_code,
                    "wijk": np.array(wijken, dtype=object)[buurt],
                    "buurt": np.array(codes, dtype=object)[buurt],
                    "pc4": np.array(_pc4_of_buurten(demo), dtype=object)[buurt],
                    "parent_income": income,
                    "gender": np.where(rng.random(buurt.size) < 0.5, "girl", "boy"),
                    "household": np.where(one_parent, "one_parent", "two_parents"),
                    "school_advice": _advice_column(drawn.school_advice),
                    "test_advice": _advice_column(drawn.test_advice),
                    "revised_advice": _advice_column(drawn.revised_advice),
                    "test_score": drawn.test_score,
                }
            )
        )
    pupils = pd.concat(frames, ignore_index=True)
    for column in ("school_advice", "test_advice", "revised_advice"):
        pupils[column] = pupils[column].astype(object).where(pupils[column].notna(), None)
    rows = [
        (
            codes[i],
            wijken[i],
            outcome,
            float(lines.intercept[outcome][i]),
            float(lines.slope[outcome][i]),
        )
        for outcome in PLANTED_OUTCOMES
        for i in range(len(buurten))
    ]
    table = pd.DataFrame(rows, columns=["buurt", "wijk", "outcome", "intercept", "slope"])
    return DemoPupils(pupils=pupils, lines=table, seed=seed)


def synthetic_pupils(
    n_pupils: int,
    n_buurten: int,
    *,
    seed: int = 1,
    year: int = 2024,
    buurten_per_wijk: int = 5,
    wijken_per_gemeente: int = 8,
    buurten_per_pc4: int = 4,
) -> pd.DataFrame:
    """A large synthetic cohort for benchmarks: many buurten, made quickly with numpy.

    Areas are numbered: buurt ``i`` lies in wijk ``i // buurten_per_wijk``, which lies in
    gemeente ``wijk // wijken_per_gemeente``; postcode areas hold ``buurten_per_pc4``
    consecutive buurten. Codes and advice columns are categorical (small in memory, dictionary
    encoded in Parquet). Lines and outcomes are drawn as in :func:`build_pupils`; incomes are
    in whole euros (so most, not all, are distinct, as in real data).

    Parameters
    ----------
    n_pupils : int
        Number of pupils (one school year).
    n_buurten : int
        Number of buurten.
    seed : int, default 1
        Seed of everything.
    year : int, default 2024
        The school year.
    buurten_per_wijk, wijken_per_gemeente, buurten_per_pc4 : int
        Sizes of the hierarchy.

    Returns
    -------
    pandas.DataFrame
        The columns of :attr:`DemoPupils.pupils`.

    Examples
    --------
    >>> frame = synthetic_pupils(1_000, 50)
    >>> len(frame), frame["buurt"].nunique() <= 50, frame["gemeente"].nunique()
    (1000, True, 2)
    """
    rng = np.random.default_rng(np.random.SeedSequence([seed, 7302]))
    n_wijken = -(-n_buurten // buurten_per_wijk)
    wijk_of = np.arange(n_buurten) // buurten_per_wijk
    gemeente_of_wijk = np.arange(n_wijken) // wijken_per_gemeente
    deprivation = rng.normal(size=n_buurten)
    wijk_effect = rng.normal(size=n_wijken)[wijk_of]
    lines = _Lines.draw(rng, deprivation, wijk_effect)
    weights = rng.lognormal(0.0, 0.6, n_buurten)
    buurt = np.sort(rng.choice(n_buurten, size=n_pupils, p=weights / weights.sum()))
    income = np.round(42_000.0 * np.exp(-0.3 * deprivation[buurt] + rng.normal(0, 0.55, n_pupils)))
    rank = _average_rank(income)
    drawn = _draw_outcomes(rng, lines, buurt, rank)

    wijk = wijk_of[buurt]
    gemeente = gemeente_of_wijk[wijk]
    gemeente_codes = [f"GM{g:04d}" for g in range(gemeente_of_wijk.max() + 1)]
    wijk_codes = [
        f"WK{gemeente_of_wijk[w]:04d}{w % wijken_per_gemeente:02d}" for w in range(n_wijken)
    ]
    buurt_codes = [
        f"BU{gemeente_of_wijk[wijk_of[b]]:04d}{wijk_of[b] % wijken_per_gemeente:02d}"
        f"{b % buurten_per_wijk:02d}"
        for b in range(n_buurten)
    ]
    pc4_codes = [str(1000 + p) for p in range(n_buurten // buurten_per_pc4 + 1)]
    return pd.DataFrame(
        {
            "year": np.full(n_pupils, year, dtype=np.int64),
            "gemeente": _categorical(gemeente, gemeente_codes),
            "wijk": _categorical(wijk, wijk_codes),
            "buurt": _categorical(buurt, buurt_codes),
            "pc4": _categorical(buurt // buurten_per_pc4, pc4_codes),
            "parent_income": income,
            "gender": _categorical((rng.random(n_pupils) < 0.5).astype(np.int8), ["boy", "girl"]),
            "school_advice": _advice_column(drawn.school_advice),
            "test_advice": _advice_column(drawn.test_advice),
            "revised_advice": _advice_column(drawn.revised_advice),
            "test_score": drawn.test_score,
        }
    )
