"""Demostad: a deterministic synthetic municipality for the demo, the examples and the tests.

Demostad (fictional CBS code ``GM9999``) looks like a Dutch town of about 100,000 inhabitants
in the middle of the country (around x=155,000, y=463,000 in EPSG:28992, about 8 x 6 km). It has
6 wijken (``WK999901`` .. ``WK999906``) and 40 buurten (``BU99990101`` ..), indicators for the
seven domains of the Multi Deprivation Index plus context figures for 2022-2024, and 8
secondary-school locations. Everything follows from one seed, so the same seed gives the same
town to the byte; nothing is read from disk.

How the data is made
--------------------
Geography
    An irregular outline (an ellipse with seeded harmonics and jitter) is cut into Voronoi cells
    around 40 seeded points that lie closer together in the centre. The 7 cells nearest the centre
    form the wijk Centrum; the others are split into 5 angular sectors, and a buurt cut off from
    its wijk moves to a neighbouring one. Wijken and the gemeente are unions of buurten, and all
    coordinates lie on a 0.01 m grid, so the buurten tile the town exactly.
Population
    Proportional to area times a density that falls away from the centre, clipped to 350-4,800
    per buurt and scaled to a total of 96,000-104,000. An industrial estate, a rural area and a
    park have fewer than 200 inhabitants. Each buurt grows or shrinks by up to a few percent.
Indicators
    A latent deprivation score per buurt is a linear gradient across town (post-war districts on
    one side), a small bump in the old centre and noise (standard deviation 0.3 against a signal
    of about 0.45), standardised. Each domain has a latent score
    ``rho * deprivation + kappa * centrality + noise`` with ``rho`` = 0.92 (income), 0.90 (work),
    0.85 (education), 0.80 (health), 0.75 (housing), 0.70 (safety), 0.65 (living environment),
    and ``kappa`` = 0.35 for safety and 0.45 for living environment (busy, paved centre). Each
    indicator's latent score is ``0.9 * domain + noise``, so two indicators of different domains
    correlate at about ``0.81 * rho_a * rho_b`` (0.35-0.65; the mean aligned Spearman correlation
    is about 0.5). A monotone curve per indicator (logistic for shares, exponential for rates and
    amounts) turns the score into a plausible value, which is rounded to its published decimals.
    Each year adds noise (0.12 on the latent scale) and a small trend per indicator.
Aggregates
    Counts of wijken and the gemeente are sums of their buurten; every other figure is the
    population-weighted mean of the published buurt values of that year.
Suppressed and missing values
    Buurten with fewer than 200 inhabitants have every figure except counts suppressed (status
    ``"suppressed"``, value NaN, ``.`` in the StatLine file). Mental-health medication is missing
    for 2022, the wish to move for 2023 (a two-yearly survey), and one buurt's early school
    leavers for 2023 (status ``"missing"``, an empty field in the StatLine file).
Schools
    Havo/vwo locations stand in the centre and in less deprived buurten, vmbo locations in more
    deprived ones; BRIN numbers (``99AA`` ..) and postcodes (``99..``) are fictional.

Examples
--------
>>> from kansen.demo import build_demostad
>>> demo = build_demostad(seed=2026)
>>> demo.area("WK999901").name
'Centrum'
>>> sum(b.population for b in demo.buurten) == demo.gemeente.population
True
"""

from kansen.demo._build import (
    DEMO_MUNICIPALITY_CODE,
    DEMO_MUNICIPALITY_NAME,
    DEMO_YEARS,
    SUPPRESSION_THRESHOLD,
    build_demostad,
)
from kansen.demo._model import DemoArea, DemoIndicator, DemoSchool, Demostad, to_wgs84
from kansen.demo._peers import PEER_INDICATORS, build_peer_figures
from kansen.demo._postcodes import demo_buurt_postcodes, demo_postcode_areas
from kansen.demo._pupils import PLANTED_OUTCOMES, DemoPupils, build_pupils, synthetic_pupils
from kansen.demo._write import DemoFiles, write_demostad

__all__ = [
    "DEMO_MUNICIPALITY_CODE",
    "DEMO_MUNICIPALITY_NAME",
    "DEMO_YEARS",
    "PEER_INDICATORS",
    "PLANTED_OUTCOMES",
    "SUPPRESSION_THRESHOLD",
    "DemoArea",
    "DemoFiles",
    "DemoIndicator",
    "DemoPupils",
    "DemoSchool",
    "Demostad",
    "build_demostad",
    "build_peer_figures",
    "build_pupils",
    "demo_buurt_postcodes",
    "demo_postcode_areas",
    "synthetic_pupils",
    "to_wgs84",
    "write_demostad",
]
