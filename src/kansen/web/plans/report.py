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

from django.utils.translation import gettext as _

from kansen.plans import CheckReport, Problem, check_plan, load_templates, planning_items
from kansen.plans import Plan as PlanDocument

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


#: A sentence per problem code; %(expected)s and %(found)s are the figures in euros.
def _sentence(problem: Problem) -> str:
    values = {
        "expected": euros(problem.expected),
        "found": euros(problem.found),
        "difference": euros(abs(problem.difference)) if problem.difference is not None else "",
    }
    code = problem.code
    if code == "total-mismatch":
        return (
            _(
                "The rows add up to %(expected)s, but the stated total is %(found)s "
                "(a difference of %(difference)s)."
            )
            % values
        )
    if code == "carry-over":
        return (
            _("The year before leaves %(expected)s, but this year carries over %(found)s.") % values
        )
    if code == "means-short":
        return _("The means do not cover the costs: short by %(difference)s.") % values
    if code == "financing-short":
        return (
            _(
                "The financing (%(found)s) does not cover the budget (%(expected)s): short by "
                "%(difference)s."
            )
            % values
        )
    if code == "financing-surplus":
        return _("The financing (%(found)s) is more than the budget (%(expected)s).") % values
    if code == "ceiling-exceeded":
        return (
            _(
                "The contribution of %(found)s is above the ceiling of %(expected)s (by "
                "%(difference)s)."
            )
            % values
        )
    if code == "ceiling-unknown":
        return (
            _("No ceiling is on record for this contribution (%(found)s), so it was not checked.")
            % values
        )
    messages = {
        "format": _("The value does not fit the plan's layout."),
        "year-sequence": _("The years of the financial overview are not consecutive."),
        "pm-open": _("The amount is still PM (not known yet)."),
        "budget-year": _(
            "No year, or a year outside the period (of the plan, or of its template: then it "
            "cannot be submitted)."
        ),
        "negative-amount": _("The amount is below zero: a cost or a contribution is 0 or more."),
        "outside-period": _("It is planned outside the plan's period."),
        "duplicate-code": _("The code is used twice."),
        "behind-schedule": _("Its end quarter is past and it is not done."),
        "planning-order": _("It ends before it starts."),
        "planning-outside-theme": _("The effort is planned outside its theme's quarters."),
        "code-mismatch": _("The code does not belong under its parent."),
        "unknown-reference": _("It refers to an organisation or action line the plan lacks."),
        "duplicate-id": _("Two organisations share the same short name (id)."),
        "frequency-unknown": _("The frequency cannot be turned into calendar entries."),
        "area-code": _("This is not a CBS neighbourhood code (such as BU99990101)."),
        "required-empty": _("Still empty, but required for submission."),
        "blank-required": _("Still empty: fill this in, so that it can be recognised."),
        "unknown-template": _(
            "The template is not on record: required fields and ceilings were not checked."
        ),
    }
    return str(messages.get(code, problem.message))


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


_FORMAT_MESSAGES = [
    (r"^expected text; got (.*)$", "expected text; got %(1)s"),
    (r"^expected a whole number; got (.*)$", "expected a whole number; got %(1)s"),
    (r"^expected one of (.*); got (.*)$", "expected one of %(1)s; got %(2)s"),
    (
        r"^unknown field '(\w+)' in (\w+); expected one of (.*)$",
        "unknown field %(1)s; expected one of %(3)s",
    ),
    (r"^(\w+) needs the field '(\w+)'$", "the field %(2)s is missing"),
    (r"^expected a list; got (.*)$", "expected a list; got %(1)s"),
    (r"^expected a mapping.*; got (.*)$", "expected fields (a mapping); got %(1)s"),
    (
        r"^expected a date such as '2021-03-01'; got (.*)$",
        "expected a date such as 2021-03-01; got %(1)s",
    ),
    (r"^expected schema_version (\d+); got (.*)$", "expected schema_version %(1)s; got %(2)s"),
    (
        r"^expected a quarter such as 'Q1 2024'; got (.*)$",
        "expected a quarter such as Q1 2024; got %(1)s",
    ),
    (
        r"^expected a quarter such as 'Q4 2026', 'Lopend' \(ongoing\), or 'Q3 2024/Lopend'; "
        r"got (.*)$",
        "expected a quarter such as Q4 2026, Lopend or Q3 2024/Lopend; got %(1)s",
    ),
    (
        r"^expected euros\b.*; got '?([-0-9.,]+)'?(?:, which YAML reads as the number \S+)? "
        r"\(thousands separators are not allowed: write (-?[0-9]+), not [^)]*\)"
        r"(; or 'PM' when the amount is not known yet)?$",
        "%(1)s has a thousands separator: write %(2)s (no dots or commas between thousands)",
    ),
    (
        r"^the key '(.*)' is given twice in the same part \(lines (\d+) and (\d+)\); give it once$",
        "the key %(1)s is given twice (lines %(2)s and %(3)s); give it once",
    ),
    (
        r"^expected euros\b.*?; got (.*?)( \(.*\))?(; or 'PM' when the amount is not known yet)?$",
        "expected an amount in euros such as 210000 or 173.00, or PM; got %(1)s",
    ),
    (
        r"^expected years such as '2021-2024'(?:, or one year such as '2027')?; got (.*)$",
        "expected years such as 2021-2024; got %(1)s",
    ),
    (
        r"^expected year (\d+) after (\d+); got (.*)$",
        "expected the year %(1)s after %(2)s; got %(3)s",
    ),
    (
        r"^expected a CBS neighbourhood code such as '\w+'; got (.*)$",
        "expected a CBS neighbourhood code such as BU99990101; got %(1)s",
    ),
    (r"^expected true or false; got (.*)$", "expected yes or no; got %(1)s"),
    (
        r"^expected a frequency such as .*; got (.*)$",
        "expected a frequency such as 2 keer per jaar, elk kwartaal or maandelijks; got %(1)s",
    ),
]


def format_message(message: str) -> str:
    """A reading problem of the library (a plan file or a form) in the user's language."""
    translations = {
        "expected text; got %(1)s": _("expected text; got %(1)s"),
        "expected a whole number; got %(1)s": _("expected a whole number; got %(1)s"),
        "expected one of %(1)s; got %(2)s": _("expected one of %(1)s; got %(2)s"),
        "unknown field %(1)s; expected one of %(3)s": _(
            "unknown field %(1)s; expected one of %(3)s"
        ),
        "the field %(2)s is missing": _("the field %(2)s is missing"),
        "expected a list; got %(1)s": _("expected a list; got %(1)s"),
        "expected fields (a mapping); got %(1)s": _("expected fields (a mapping); got %(1)s"),
        "expected a date such as 2021-03-01; got %(1)s": _(
            "expected a date such as 2021-03-01; got %(1)s"
        ),
        "expected schema_version %(1)s; got %(2)s": _("expected schema_version %(1)s; got %(2)s"),
        "expected a quarter such as Q1 2024; got %(1)s": _(
            "expected a quarter such as Q1 2024; got %(1)s"
        ),
        "expected a quarter such as Q4 2026, Lopend or Q3 2024/Lopend; got %(1)s": _(
            "expected a quarter such as Q4 2026, Lopend or Q3 2024/Lopend; got %(1)s"
        ),
        "expected an amount in euros such as 210000 or 173.00, or PM; got %(1)s": _(
            "expected an amount in euros such as 210000 or 173.00, or PM; got %(1)s"
        ),
        "expected years such as 2021-2024; got %(1)s": _(
            "expected years such as 2021-2024; got %(1)s"
        ),
        "expected the year %(1)s after %(2)s; got %(3)s": _(
            "expected the year %(1)s after %(2)s; got %(3)s"
        ),
        "expected a CBS neighbourhood code such as BU99990101; got %(1)s": _(
            "expected a CBS neighbourhood code such as BU99990101; got %(1)s"
        ),
        "expected yes or no; got %(1)s": _("expected yes or no; got %(1)s"),
        "%(1)s has a thousands separator: write %(2)s (no dots or commas between thousands)": _(
            "%(1)s has a thousands separator: write %(2)s (no dots or commas between thousands)"
        ),
        "the key %(1)s is given twice (lines %(2)s and %(3)s); give it once": _(
            "the key %(1)s is given twice (lines %(2)s and %(3)s); give it once"
        ),
        "expected a frequency such as 2 keer per jaar, elk kwartaal or maandelijks; got %(1)s": _(
            "expected a frequency such as 2 keer per jaar, elk kwartaal or maandelijks; got %(1)s"
        ),
    }
    for pattern, key in _FORMAT_MESSAGES:
        match = re.match(pattern, message)
        if match:
            groups = {str(i + 1): g for i, g in enumerate(match.groups())}
            return translations[key] % groups
    return _("cannot be read: %(detail)s") % {"detail": message}
