"""Eligibility: which poverty regulations a household can use, why, and how to apply.

This is the library layer of kansen and imports nothing from Django. It stores nothing about
the resident: :func:`check_eligibility` is a pure function of the answers, the regulations,
the norms and a date. Money is :class:`~decimal.Decimal` euros.

* :class:`NormTable` holds the social-assistance norms (bijstandsnormen) as versioned data with
  their sources; :func:`load_norms` reads the ones shipped with kansen (2024-01-01 onwards) and
  :meth:`NormTable.norm_on` picks the one valid on a date;
* :class:`Regulation` is one regulation's rule; :func:`load_regulations` reads them from YAML or
  JSON (the schema is in ``_regulations.py``) and :func:`demostad_regulations` returns the ten
  examples of Demostad;
* :func:`check_eligibility` answers, per regulation, eligible / not eligible / check with the
  provider, with the reasons in plain Dutch and how to apply.

Examples
--------
>>> from datetime import date
>>> answers = Answers(
...     household="couple", adult_ages=(38, 36), child_ages=(7, 12),
...     net_monthly_income="2200.00", savings="1000", lives_in_municipality=True,
... )
>>> results = check_eligibility(answers, demostad_regulations(), load_norms(), on=date(2026, 3, 1))
>>> kindpakket = next(r for r in results if r.regulation.id == "kindpakket")
>>> kindpakket.outcome.value, kindpakket.reasons[2]
('eligible', 'Uw inkomen is 115,7% van het sociaal minimum; de grens is 130%.')
"""

from ._check import Answers, RegulationResult, check_eligibility
from ._dutch import income_percent
from ._model import (
    AgeBand,
    DataFileError,
    EligibilityError,
    Household,
    NormNotFound,
    Outcome,
    RegulationError,
    RegulationProblem,
    Where,
)
from ._norms import (
    DERIVED_EXCL_SOURCE,
    NORM_PROBLEM_TEXTS,
    SITUATIONS,
    WARNING_PERIOD,
    Norm,
    NormCitation,
    NormFileError,
    NormProblem,
    NormStatus,
    NormTable,
    StatePensionAge,
    cite,
    derived_excl,
    load_norms,
    norm_status,
    read_norms_text,
    situation_of,
    with_periods,
)
from ._regulations import (
    REGULATION_PROBLEM_TEXTS,
    Application,
    ApplicationRoute,
    IncomeLimit,
    Regulation,
    SavingsLimit,
    demostad_regulations,
    load_regulations,
    parse_regulations,
)

__all__ = [
    "DERIVED_EXCL_SOURCE",
    "NORM_PROBLEM_TEXTS",
    "REGULATION_PROBLEM_TEXTS",
    "SITUATIONS",
    "WARNING_PERIOD",
    "AgeBand",
    "Answers",
    "Application",
    "ApplicationRoute",
    "DataFileError",
    "EligibilityError",
    "Household",
    "IncomeLimit",
    "Norm",
    "NormCitation",
    "NormFileError",
    "NormNotFound",
    "NormProblem",
    "NormStatus",
    "NormTable",
    "Outcome",
    "Regulation",
    "RegulationError",
    "RegulationProblem",
    "RegulationResult",
    "SavingsLimit",
    "StatePensionAge",
    "Where",
    "check_eligibility",
    "cite",
    "demostad_regulations",
    "derived_excl",
    "income_percent",
    "load_norms",
    "load_regulations",
    "norm_status",
    "parse_regulations",
    "read_norms_text",
    "situation_of",
    "with_periods",
]
