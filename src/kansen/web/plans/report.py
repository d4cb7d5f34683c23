"""The check report and reading problems in the user's language.

The library's checks say what is wrong in English with the two figures that disagree
(``expected``, ``found``); here each problem code gets a sentence in the user's language built
from those figures, the place in the plan in words ("Intervention 1: Brugfunctionaris ›
Budget line 2"), and the part whose editor fixes it. What the English detail adds (a quarter,
a status, the value that is wrong) goes into the sentence: a Dutch page has no English on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from kansen.plans import CheckReport, Problem, check_plan, load_templates, planning_items
from kansen.plans import Plan as PlanDocument
from kansen.web.areas.problems import PROBLEM_MESSAGES as FILE_MESSAGES

from .constants import choice_label, field_label, template_name
from .editor import (
    MISSING,
    PathError,
    Spec,
    data_at,
    euro_text,
    item_label,
    join,
    parse_path,
    part_of,
    resolve,
    root_spec,
    spec_at,
)


def euros(value: Decimal | None) -> str:
    if value is None:
        return ""
    return euro_text(int(value) if value == value.to_integral_value() else f"{value:.2f}")


def describe_path(doc: dict[str, Any], path: str, item: Any = MISSING) -> str:
    """A path in words: labels of the fields, numbers and names of the items; ``item`` is the
    data of the last item when the document no longer (or not yet) holds it there, as for an
    item the history shows removed."""
    try:
        tokens = parse_path(path)
    except PathError:
        return path
    if not tokens:
        return _("The plan")
    words: list[str] = []
    owner, name = "Plan", ""
    for i, token in enumerate(tokens):
        try:
            spec, owner_now, name_now = spec_at(tokens[: i + 1])
        except PathError:
            return path
        if isinstance(token, int):
            data = (
                item
                if item is not MISSING and i == len(tokens) - 1
                else data_at(doc, tokens[: i + 1])
            )
            label = item_label(field_label(owner, name, singular=True), token, data)
            if words:
                words.pop()
            words.append(label)
        else:
            owner, name = owner_now, name_now
            words.append(field_label(owner, name))
        del spec
    return " › ".join(words)


def _behind(item: Any) -> str:
    """Why an effort, intervention or phase is behind: its last quarter and its status."""
    last = item.last_quarter
    status = choice_label(str(item.status)) if item.status is not None else _("not recorded")
    return _(
        "It was planned to end in %(quarter)s (by %(date)s) and its status is %(status)s, not done."
    ) % {"quarter": str(last), "date": last.last_day.strftime("%d-%m-%Y"), "status": status}


def _value_at(doc: dict[str, Any], path: str) -> str:
    """The text the document holds at a path, or ``""``."""
    try:
        value = data_at(doc, parse_path(path))
    except PathError:
        return ""
    return value if isinstance(value, str) else ""


def _funder_at(doc: dict[str, Any], path: str) -> str:
    """The kind of funder of the financing source at a path, in words."""
    try:
        source = data_at(doc, parse_path(path))
    except PathError:
        return ""
    funder = source.get("funder") if isinstance(source, dict) else None
    return choice_label(str(funder)) if funder else ""


def _template_name(doc: dict[str, Any]) -> str:
    """The name of the plan's template as the user reads it, or its id when not on record."""
    template_id = str(doc.get("template") or "")
    template = load_templates().get(template_id)
    return template_name(template.id, template.name) if template else template_id


def _sentence_in(problem: Problem, doc: dict[str, Any], planning: dict[str, Any]) -> str:
    """The sentence with what the document holds there: the user reads no English detail."""
    if problem.code == "behind-schedule" and problem.path in planning:
        return _behind(planning[problem.path])
    if problem.code == "ceiling-exceeded" and problem.related:
        return _(
            "The contribution of %(funder)s, %(found)s, is above the ceiling of %(expected)s "
            "for %(funder)s in %(template)s (by %(difference)s)."
        ) % {
            "funder": _funder_at(doc, problem.related[0]),
            "template": _template_name(doc),
            "found": euros(problem.found),
            "expected": euros(problem.expected),
            "difference": euros(abs(problem.difference or Decimal(0))),
        }
    if problem.code == "duplicate-code" and problem.related:
        return _("The code %(code)s is also used by %(other)s.") % {
            "code": _value_at(doc, problem.path),
            "other": describe_path(doc, problem.related[0].removesuffix(".code")),
        }
    if problem.code == "outside-period":
        quarter = _value_at(doc, problem.path)
        return _("%(quarter)s is outside the plan's period %(period)s.") % {
            "quarter": quarter,
            "period": str(doc.get("period") or ""),
        }
    value = _value_at(doc, problem.path)
    if value and problem.code == "unknown-reference":
        return _("It refers to %(value)s, which the plan does not have.") % {"value": value}
    if value and problem.code == "frequency-unknown":
        return _(
            "%(value)s cannot be turned into calendar entries (such as 2 keer per jaar, "
            "elk kwartaal or maandelijks)."
        ) % {"value": value}
    if value and problem.code == "area-code":
        return _("%(value)s is not a CBS neighbourhood code (such as BU99990101).") % {
            "value": value
        }
    return _sentence(problem)


#: Every wording of :data:`kansen.plans.PROBLEM_TEXTS` as a gettext message (the same English:
#: a test compares the two); ``{expected}``, ``{found}`` and ``{difference}`` are in euros.
PLAN_MESSAGES: dict[str, Promise] = {
    "total-mismatch": _lazy(
        "The rows add up to {expected}, but the stated total is {found} (a difference of "
        "{difference})."
    ),
    "carry-over": _lazy("The year before leaves {expected}, but this year carries over {found}."),
    "means-short": _lazy("The means do not cover the costs: short by {difference}."),
    "financing-short": _lazy(
        "The financing ({found}) does not cover the budget ({expected}): short by {difference}."
    ),
    "financing-surplus": _lazy("The financing ({found}) is more than the budget ({expected})."),
    "ceiling-exceeded": _lazy(
        "The contribution of {found} is above the ceiling of {expected} (by {difference})."
    ),
    "ceiling-unknown": _lazy(
        "No ceiling is on record for this contribution ({found}), so it was not checked."
    ),
    "format": _lazy("The value does not fit the plan's layout."),
    "year-sequence": _lazy("The years of the financial overview are not consecutive."),
    "pm-open": _lazy("The amount is still PM (not known yet)."),
    "budget-year": _lazy(
        "No year, or a year outside the period (of the plan, or of its template: then it "
        "cannot be submitted)."
    ),
    "negative-amount": _lazy("The amount is below zero: a cost or a contribution is 0 or more."),
    "outside-period": _lazy("It is planned outside the plan's period."),
    "duplicate-code": _lazy("The code is used twice."),
    "behind-schedule": _lazy("Its end quarter is past and it is not done."),
    "planning-order": _lazy("It ends before it starts."),
    "planning-outside-theme": _lazy("The effort is planned outside its theme's quarters."),
    "code-mismatch": _lazy("The code does not belong under its parent."),
    "unknown-reference": _lazy("It refers to an organisation or action line the plan lacks."),
    "duplicate-id": _lazy("Two organisations share the same short name (id)."),
    "frequency-unknown": _lazy("The frequency cannot be turned into calendar entries."),
    "area-code": _lazy("This is not a CBS neighbourhood code (such as BU99990101)."),
    "required-empty": _lazy("Still empty, but required for submission."),
    "unknown-template": _lazy(
        "The template is not on record: required fields and ceilings were not checked."
    ),
    # Why a value of a plan file or form cannot be read (code "format").
    "format.text": _lazy("expected text; got {got}"),
    "format.whole-number": _lazy("expected a whole number; got {got}"),
    "format.yes-no": _lazy("expected yes or no; got {got}"),
    "format.choice": _lazy("expected one of {allowed}; got {got}"),
    "format.unknown-field": _lazy("unknown field {field}; expected one of {fields}"),
    "format.missing-field": _lazy("the field {field} is missing"),
    "format.list": _lazy("expected a list; got {got}"),
    "format.mapping": _lazy("expected fields (a mapping); got {got}"),
    "format.date": _lazy("expected a date such as 2021-03-01; got {got}"),
    "format.schema-version": _lazy("expected schema_version {version}; got {got}"),
    "format.quarter": _lazy("expected a quarter such as Q1 2024; got {got}"),
    "format.planning-end": _lazy(
        "expected a quarter such as Q4 2026, Lopend or Q3 2024/Lopend; got {got}"
    ),
    "format.period": _lazy("expected years such as 2021-2024; got {got}"),
    "format.euros": _lazy("expected an amount in euros such as 210000 or 173.00, or PM; got {got}"),
    "format.thousands": _lazy(
        "{got} has a thousands separator: write {digits} (no dots or commas between thousands)"
    ),
    "format.key-twice": _lazy(
        "the key {key} is given twice (lines {first} and {second}); give it once"
    ),
    "format.not-valid": _lazy("not valid {format}: {error}"),
    "format.unreadable": _lazy("cannot be read: {detail}"),
    "format.item-id": _lazy("expected an id such as '{example}'; got {got}"),
    "format.item-id-twice": _lazy(
        "the id {id} is given twice (also at {other}); every item of a plan has its own"
    ),
    # A file beyond a reading limit: worded as for every upload (kansen.io's limit codes).
    **{
        f"format.{code}": message
        for code, (message, _expected) in FILE_MESSAGES.items()
        if code.startswith("limit.")
    },
}

#: The platform's own plan problems.
PLATFORM_MESSAGES: dict[str, Promise] = {
    "blank-required": _lazy("Still empty: fill this in, so that it can be recognised."),
    # An uploaded plan file the import page cannot read.
    "upload-suffix": _lazy("expected a .yaml, .yml or .json file; got {name}"),
    "upload-not-utf8": _lazy("the file is not UTF-8 text"),
    "upload-too-large": _lazy(
        "The file is larger than {limit}, the most accepted for this kind of file. Split it, or "
        "leave out what is not needed."
    ),
}


def _in_words(message: Promise, problem: Problem) -> str | None:
    """A message with the problem's parameters (amounts in euros); None when they do not fit."""
    params = {
        "expected": "",
        "found": "",
        "difference": "",
        **{k: euros(v) if isinstance(v, Decimal) else v for k, v in problem.params.items()},
    }
    try:
        return str(message).format(**params)
    except (KeyError, IndexError, ValueError):  # a translation with a wrong placeholder
        return None


def _sentence(problem: Problem) -> str:
    """The sentence of a problem's code, with its figures in euros."""
    message = PLAN_MESSAGES.get(problem.code) or PLATFORM_MESSAGES.get(problem.code)
    sentence = _in_words(message, problem) if message is not None else None
    return problem.message if sentence is None else sentence


@dataclass(frozen=True)
class ReportItem:
    """A problem as the plan page shows it."""

    problem: Problem
    where: str
    sentence: str
    part: str
    anchor: str

    @property
    def is_error(self) -> bool:
        return self.problem.severity == "error"


#: The id of the form on the editor page: where a problem about a whole part (a budget line,
#: an effort, the plan) points, as no field of the form stands for the part itself.
FORM_ANCHOR = "plan-form"


def anchor_for(part: str, path: str) -> str:
    """The id on the editor page of ``part`` that shows ``path``: its field (``f-...``, as
    :attr:`editor.Node.id` names it), or the form for the part as a whole."""
    rel = path[len(part) :].lstrip(".") if part and path.startswith(part) else path
    if not part:
        rel = path
    slug = re.sub(r"[^A-Za-z0-9]+", "-", rel).strip("-")
    return "f-" + slug if slug else FORM_ANCHOR


def report_items(
    doc: dict[str, Any], problems: Any, planning: dict[str, Any] | None = None
) -> list[ReportItem]:
    """The problems as the plan page shows them; ``planning`` maps paths to planning items."""
    items = []
    for problem in problems:
        part = part_of(problem.path)
        items.append(
            ReportItem(
                problem,
                describe_path(doc, problem.path),
                _sentence_in(problem, doc, planning or {}),
                part,
                anchor_for(part, problem.path),
            )
        )
    return items


def blank_required(doc: dict[str, Any]) -> list[Problem]:
    """Names, codes and titles the schema requires but left blank.

    The library reads an empty text as a value, so nothing else would say that an intervention
    has no name; like every field still to fill in, it is a warning while writing (ADR 0006).
    """
    problems: list[Problem] = []

    def walk(spec: Spec, data: Any, path: str) -> None:
        if spec.kind == "object" and isinstance(data, dict):
            for key, child in spec.properties.items():
                child_spec = resolve(child)
                value = data.get(key, MISSING)
                where = join(path, key)
                blank = isinstance(value, str) and not value.strip()
                if key in spec.required and child_spec.kind == "text" and blank:
                    problems.append(
                        Problem(where, "warning", "blank-required", f"{where} is empty")
                    )
                elif value is not MISSING:
                    walk(child_spec, value, where)
        elif spec.kind == "array-objects" and isinstance(data, list):
            for i, item in enumerate(data):
                walk(spec.items, item, f"{path}[{i}]")

    walk(root_spec(), doc, "")
    return problems


def check_items(
    plan: PlanDocument, doc: dict[str, Any], today: date, report: CheckReport | None = None
) -> list[ReportItem]:
    """The plan page's check list; ``report``: the plan's check when the caller has it."""
    planning = {item.path: item for item in planning_items(plan)}
    report = report if report is not None else check_plan(plan, today=today)
    problems = list(report.problems)
    known = {problem.path for problem in problems}
    problems += [problem for problem in blank_required(doc) if problem.path not in known]
    return report_items(doc, problems, planning)


def problem_message(problem: Problem) -> str:
    """A problem of reading or storing a plan in the user's language: a ``format`` problem by
    its reason, another by its code (in its own words when the code has none here)."""
    return format_message(problem) if problem.code == "format" else _sentence(problem)


def format_message(problem: Problem) -> str:
    """Why a value of a plan file or form cannot be read, in the user's language (by the
    problem's code and reason: nothing parses the English message)."""
    message = PLAN_MESSAGES.get(problem.text_code)
    if message is None or not problem.text_code.startswith("format."):
        message = PLAN_MESSAGES["format.unreadable"]
        problem = Problem(problem.path, problem.severity, "format", problem.message)
    sentence = _in_words(message, problem)
    return problem.message if sentence is None else sentence
