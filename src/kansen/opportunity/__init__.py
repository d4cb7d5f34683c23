"""Outcomes by parental income on pupil microdata (the Kansenkaart method), with disclosure control.

This is library code: it imports nothing from Django and runs in a notebook or on a statistics
office's secure server. Pupil data goes in; a disclosed table of estimates comes out. The
platform only ever receives that table, never pupil data.

How it works
------------
1. The input (Parquet, CSV, a DuckDB table, a pandas or Polars DataFrame; see
   :data:`PUPIL_SCHEMA`) is checked in the engine; every problem is reported at once, with
   counts and examples (:class:`PupilDataRejected`).
2. Parental income is ranked per year over all pupils (ties averaged) unless a rank is given.
3. One grouped aggregation, written once as Ibis expressions, gives the sums ``n, Σx, Σy, Σxy,
   Σx², Σy²`` per year, area, subgroup and income band (:data:`INCOME_BANDS`); it runs on DuckDB
   (default, embedded) or Spark (``engine="spark"``) and both give the same numbers.
4. From the sums, per cell: the mean (the share for 0/1 outcomes), the OLS prediction at the
   band's point with its 95% interval, and the slope; for band "all" the mean and its interval.
5. Disclosure control (:class:`DisclosureRules`): the method's primary rules, rounded counts,
   numbers rounded to a precision the rounded count allows, and complementary suppression; see
   :mod:`kansen.opportunity._disclosure` and ``docs/disclosure.md`` for exactly what is and is
   not guaranteed.
6. Optional empirical-Bayes shrinkage toward the parent area, beside the raw estimate.

Advice outcomes (under-advice, over-advice, at least havo) follow :class:`AdviceRule`; accepted
spellings of advice levels are listed in :func:`parse_advice`'s module.

Examples
--------
>>> from kansen.demo import build_pupils
>>> from kansen.opportunity import estimate_opportunity
>>> result = estimate_opportunity(build_pupils().pupils, levels=["buurt", "wijk", "gemeente"])
>>> result.summary.cells == len(result.published)
True
>>> sorted(result.published["status"].unique())
['ok', 'onvoldoende waarnemingen']
"""

from ._advice import ADVICE_LEVELS, AdviceRule, advice_position, parse_advice
from ._areas import AreaTree
from ._audit import (
    Audit,
    audit_published,
    derive_counts,
    hierarchy_from_pupils,
    read_published,
    rules_from_metadata,
)
from ._bands import INCOME_BANDS, IncomeBand
from ._disclosure import SUPPRESSED_STATUS, SUPPRESSION_REASONS, DisclosureRules
from ._engine import EngineUnavailable, spark_session, stop_spark
from ._run import (
    PUBLISHED_COLUMNS,
    OpportunityResult,
    RunSummary,
    estimate_opportunity,
    write_published,
)
from ._schema import (
    ADVICE_OUTCOMES,
    AREA_LEVELS,
    PUPIL_SCHEMA,
    ColumnProblem,
    PupilColumn,
    PupilDataRejected,
)

__all__ = [
    "ADVICE_LEVELS",
    "ADVICE_OUTCOMES",
    "AREA_LEVELS",
    "INCOME_BANDS",
    "PUBLISHED_COLUMNS",
    "PUPIL_SCHEMA",
    "SUPPRESSED_STATUS",
    "SUPPRESSION_REASONS",
    "AdviceRule",
    "AreaTree",
    "Audit",
    "ColumnProblem",
    "DisclosureRules",
    "EngineUnavailable",
    "IncomeBand",
    "OpportunityResult",
    "PupilColumn",
    "PupilDataRejected",
    "RunSummary",
    "advice_position",
    "audit_published",
    "derive_counts",
    "estimate_opportunity",
    "hierarchy_from_pupils",
    "parse_advice",
    "read_published",
    "rules_from_metadata",
    "spark_session",
    "stop_spark",
    "write_published",
]
