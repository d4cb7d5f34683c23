"""Monitoring: goals with indicators, baselines, targets and measurements, and progress that is
honest about uncertainty (no Django).

* Plain data: :class:`Goal` holds :class:`Indicator` s, each with a :class:`Baseline`, a
  :class:`Target` (absolute or relative, by a year), :class:`Measurement` s (year or date, value,
  source, number of observations, confidence interval) and links to plan items by their stable
  ``uuid`` (:class:`kansen.plans.Item`).
* :func:`progress` judges an indicator against the straight path from baseline to target with the
  Open SDG progress measure (ADR 0021): target reached, on track, needs acceleration, limited
  progress, moving away, or no judgement: within the margin, not measurable yet. Each
  :class:`Progress` has a :class:`Reason` (a code with parameters), put into words in Dutch or
  English by :func:`reason_text` and :func:`status_label`.
* :func:`read_monitor` reads a YAML/JSON document (JSON Schema: :func:`monitor_schema`) for
  ``kansen monitor progress FILE``.
* :func:`fetch_cbs` and :func:`cbs_values_csv` load a CBS open-data table for ``kansen import cbs``.

>>> from decimal import Decimal as D
>>> vsv = Indicator(
...     "vsv", "Voortijdig schoolverlaters", "%", "lower",
...     baseline=Baseline(D("2.4"), 2022), target=Target(2026, D("2.0")),
...     measurements=(Measurement(D("2.3"), 2023), Measurement(D("2.2"), 2024)),
... )
>>> result = progress(vsv)
>>> result.status, result.percent
('on_track', Decimal('100.0'))
>>> status_label(result.status, "nl"), reason_text(result.reason)[:47]
('op koers', '2.2 in 2024: 100.0% of the pace needed to reach')
"""

from kansen.problems import ProblemText

from ._areas import AreaFigure, Combined, NotCombinable, combine, is_count
from ._cbs import (
    CBS_HOST,
    CBS_TEXTS,
    CbsColumn,
    CbsMapping,
    CbsUnavailable,
    cbs_message,
    cbs_values_csv,
    fetch_cbs,
    packaged_mapping,
    read_cbs_mapping,
)
from ._document import (
    DOCUMENT_TEXTS,
    MonitorRejected,
    demostad_monitor,
    load_monitor,
    monitor_schema,
    read_monitor,
)
from ._links import link_problems, plan_items
from ._model import (
    DIRECTIONS,
    Baseline,
    Direction,
    Goal,
    Indicator,
    Measurement,
    Monitor,
    Target,
    time_of,
)
from ._progress import (
    OPEN_SDG,
    REASON_TEXTS,
    STATUS_LABELS,
    STATUSES,
    Method,
    Progress,
    Reason,
    Status,
    goal_progress,
    monitor_progress,
    path_value,
    progress,
    target_value,
)
from ._text import number_in, reason_text, status_label

#: Every code of the module with its English wording (:func:`kansen.problems.problem_texts`
#: lists them as ``"monitoring"``): the reasons of a status, the statuses themselves
#: (``status.<status>``), the problems of a document and of a CBS download.
PROBLEM_TEXTS = {
    **REASON_TEXTS,
    **{f"status.{status}": ProblemText(label) for status, label in STATUS_LABELS.items()},
    **DOCUMENT_TEXTS,
    **CBS_TEXTS,
}

__all__ = [
    "CBS_HOST",
    "CBS_TEXTS",
    "DIRECTIONS",
    "DOCUMENT_TEXTS",
    "OPEN_SDG",
    "PROBLEM_TEXTS",
    "REASON_TEXTS",
    "STATUSES",
    "STATUS_LABELS",
    "AreaFigure",
    "Baseline",
    "CbsColumn",
    "CbsMapping",
    "CbsUnavailable",
    "Combined",
    "Direction",
    "Goal",
    "Indicator",
    "Measurement",
    "Method",
    "Monitor",
    "MonitorRejected",
    "NotCombinable",
    "Progress",
    "Reason",
    "Status",
    "Target",
    "cbs_message",
    "cbs_values_csv",
    "combine",
    "demostad_monitor",
    "fetch_cbs",
    "goal_progress",
    "is_count",
    "link_problems",
    "load_monitor",
    "monitor_progress",
    "monitor_schema",
    "number_in",
    "packaged_mapping",
    "path_value",
    "plan_items",
    "progress",
    "read_cbs_mapping",
    "read_monitor",
    "reason_text",
    "status_label",
    "target_value",
    "time_of",
]
