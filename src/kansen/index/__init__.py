"""Deprivation indices: the Multi Deprivation Index and any index defined the same way.

This is the library layer of kansen and imports nothing from Django. An index is *data*
(:class:`IndexDefinition`): domains with weights, indicators with directions, and the options of
the method of the English Indices of Deprivation (``docs/imd-method.md``), which the tests check
against the published English figures.

* :func:`compute_index` computes domain scores, ranks, exponentially transformed scores, the
  index score, rank and decile per area, and reports what was done with missing values;
* :func:`default_mdi` is the Multi Deprivation Index of source 002 with the Demostad indicators,
  and :data:`KWB_2022_MDI` a version for all Dutch municipalities from CBS key figures 2022;
* :func:`sensitivity` lists the areas whose decile changes when a domain weight moves;
* :func:`index_from_domain_ranks` and :func:`index_from_transformed_scores` recompute an index
  from published domain ranks or transformed scores;
* :func:`normal_scores`, :func:`factor_weights`, :func:`shrink_rates`,
  :func:`exponential_transform`, :func:`rank` and :func:`deciles` are the single steps.

Ranks are the same on every machine: computed scores are summed in a fixed order and rounded to
:data:`SCORE_DECIMALS` (9) decimals before they are ranked, so scores equal in decimal arithmetic
tie under the definition's tie rule (see :func:`round_scores`).

Examples
--------
>>> import pandas as pd
>>> from kansen.index import Domain, IndexDefinition, Indicator, compute_index
>>> definition = IndexDefinition("Toy", (
...     Domain("income", 60, (Indicator("poor", "higher_is_worse"),)),
...     Domain("work", 40, (Indicator("employed", "higher_is_better"),)),
... ))
>>> data = pd.DataFrame({"poor": [10.0, 30.0, 20.0], "employed": [70.0, 50.0, 65.0]},
...                     index=["BU01", "BU02", "BU03"])
>>> compute_index(data, definition).frame["rank"].tolist()
[3.0, 1.0, 2.0]
"""

from ._compute import IndexResult, compute_index
from ._data import IndexDataError
from ._definition import (
    SCHEMA_VERSION,
    DefinitionChange,
    Direction,
    Domain,
    IndexDefinition,
    IndexDefinitionError,
    Indicator,
    MissingStep,
    ReferenceSet,
)
from ._mdi import MDI_SOURCE, default_mdi
from ._nl_kwb import KWB_2022_MDI, read_kwb_2022
from ._published import (
    ENGLISH_IMD_WEIGHTS,
    index_from_domain_ranks,
    index_from_transformed_scores,
)
from ._sensitivity import sensitivity
from ._stats import (
    SCORE_DECIMALS,
    combine,
    deciles,
    exponential_transform,
    factor_loadings,
    factor_weights,
    normal_scores,
    rank,
    round_scores,
    shrink_rates,
)

__all__ = [
    "ENGLISH_IMD_WEIGHTS",
    "KWB_2022_MDI",
    "MDI_SOURCE",
    "SCHEMA_VERSION",
    "SCORE_DECIMALS",
    "DefinitionChange",
    "Direction",
    "Domain",
    "IndexDataError",
    "IndexDefinition",
    "IndexDefinitionError",
    "IndexResult",
    "Indicator",
    "MissingStep",
    "ReferenceSet",
    "combine",
    "compute_index",
    "deciles",
    "default_mdi",
    "exponential_transform",
    "factor_loadings",
    "factor_weights",
    "index_from_domain_ranks",
    "index_from_transformed_scores",
    "normal_scores",
    "rank",
    "read_kwb_2022",
    "round_scores",
    "sensitivity",
    "shrink_rates",
]
