"""The youth panel: questionnaires, answers, and tables with margins that never show a small group.

Library code, free of Django: the platform stores a questionnaire as the JSON document
:func:`questionnaire_from_data` validates and calls the same :func:`tabulate`.

* :func:`read_questionnaire` / :func:`load_questionnaire`: a questionnaire (JSON Schema
  :func:`questionnaire_schema`), every problem with its path and line;
  :func:`answer_compatible` and :func:`version_after_change` for versions.
* :func:`read_answers`: the documented answers file (one row per response, nothing finer
  than the wave, no ids), every problem with file, row and column.
* :func:`tabulate`: shares with Wilson intervals, means with t intervals, per wave and
  breakdown, changes between waves flagged when they exceed their uncertainty, response rates,
  and disclosure control (``min_n`` and complementary suppression by the kansenkaart engine's
  rule, see :mod:`kansen.surveys._disclosure` and ``docs/surveys.md``).
* :func:`synthetic_panel`: about 600 synthetic responses for tests and the demo.

Examples
--------
>>> from kansen.surveys import synthetic_panel, tabulate
>>> answers, classes = synthetic_panel()
>>> table = tabulate(answers, [("school_level",)], min_n=10, classes=classes)
>>> sorted(table.published["status"].unique())
['ok', 'suppressed']
"""

from ._answers import (
    AnswerProblem,
    Answers,
    AnswersRejected,
    answers_from_text,
    answers_to_text,
    check_response,
    read_answers,
)
from ._questionnaire import (
    BACKGROUND,
    LANGUAGES,
    Condition,
    Option,
    Question,
    Questionnaire,
    QuestionnaireProblem,
    QuestionnaireRejected,
    answer_compatible,
    compatibility_problems,
    direction,
    load_questionnaire,
    questionnaire_from_data,
    questionnaire_schema,
    read_questionnaire,
    version_after_change,
)
from ._synthetic import demo_questionnaire, demo_questionnaire_document, synthetic_panel
from ._tabulate import (
    PUBLISHED,
    RESPONDENTS,
    SUPPRESSED,
    ClassSizes,
    SurveyTable,
    mean_interval,
    parse_by,
    response_rates,
    tabulate,
    wilson_interval,
)

__all__ = [
    "BACKGROUND",
    "LANGUAGES",
    "PUBLISHED",
    "RESPONDENTS",
    "SUPPRESSED",
    "AnswerProblem",
    "Answers",
    "AnswersRejected",
    "ClassSizes",
    "Condition",
    "Option",
    "Question",
    "Questionnaire",
    "QuestionnaireProblem",
    "QuestionnaireRejected",
    "SurveyTable",
    "answer_compatible",
    "answers_from_text",
    "answers_to_text",
    "check_response",
    "compatibility_problems",
    "demo_questionnaire",
    "demo_questionnaire_document",
    "direction",
    "load_questionnaire",
    "mean_interval",
    "parse_by",
    "questionnaire_from_data",
    "questionnaire_schema",
    "read_answers",
    "read_questionnaire",
    "response_rates",
    "synthetic_panel",
    "tabulate",
    "version_after_change",
    "wilson_interval",
]
