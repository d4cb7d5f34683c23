"""Matching: support requests for children assigned to volunteers and offers, optimally.

The library layer of kansen; it imports nothing from Django. It works on plain data
(:class:`SupportRequest`, :class:`Supply`) and gives back proposals that are optimal for a
lexicographic objective (docs/matching.md): first serve as many requests as possible weighted by
urgency and deprivation, then cover as many needs as possible, then serve the longest waiting,
then keep travel short. OR-Tools' min-cost flow solves it; every proposal and every request left
waiting explains itself (:func:`explain`, in Dutch or English).

* :func:`solve_matching` runs the matching; :func:`greedy_matching` is the baseline the
  benchmark compares with (most urgent first, nearest fitting supply);
* :func:`read_requests`, :func:`read_supply` read CSV or JSON files (JSON Schemas in
  ``kansen/matching/schemas``), :func:`read_pc4_points` a table of postcode-area centres,
  :func:`write_matches` writes the proposals and the waiting list as CSV.
"""

from ._arrays import MatchingInputError
from ._explain import (
    DUTCH_TEXTS,
    EXPLANATION_TEXTS,
    WAITING_LABELS,
    explain,
    slot_name,
    waiting_label,
)
from ._files import (
    DUTCH_FILE_TEXTS,
    FILE_TEXTS,
    MATCH_COLUMNS,
    MAX_ROWS,
    file_problem_words,
    read_pc4_points,
    read_requests,
    read_supply,
    requests_csv,
    schema,
    supply_csv,
    write_matches,
)
from ._flow import SolverError, multipliers
from ._greedy import greedy_matching
from ._model import (
    ANY_LANGUAGE,
    DAYS,
    PARTS,
    SLOTS,
    URGENCIES,
    MatchingRules,
    MatchResult,
    Objective,
    Proposal,
    Reason,
    Supply,
    SupportRequest,
    Waiting,
)
from ._solve import fitting_supply, solve_matching
from ._synthetic import synthetic_instance

__all__ = [
    "ANY_LANGUAGE",
    "DAYS",
    "DUTCH_FILE_TEXTS",
    "DUTCH_TEXTS",
    "EXPLANATION_TEXTS",
    "FILE_TEXTS",
    "MATCH_COLUMNS",
    "MAX_ROWS",
    "PARTS",
    "SLOTS",
    "URGENCIES",
    "WAITING_LABELS",
    "MatchResult",
    "MatchingInputError",
    "MatchingRules",
    "Objective",
    "Proposal",
    "Reason",
    "SolverError",
    "Supply",
    "SupportRequest",
    "Waiting",
    "explain",
    "file_problem_words",
    "fitting_supply",
    "greedy_matching",
    "multipliers",
    "read_pc4_points",
    "read_requests",
    "read_supply",
    "requests_csv",
    "schema",
    "slot_name",
    "solve_matching",
    "supply_csv",
    "synthetic_instance",
    "waiting_label",
    "write_matches",
]
