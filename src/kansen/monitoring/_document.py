"""Read a monitoring document (YAML or JSON) into a :class:`Monitor`, checked against its
JSON Schema (``schema/monitor-v1.schema.json``), every problem with its path and line.

The text is read by :func:`kansen.plans.read_plan_text` (kansen.io's limits: no YAML aliases,
no deep nesting, a key given twice named with both lines), so a monitoring document is read
exactly as carefully as a plan, and its problems are :class:`kansen.plans.Problem` s.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, cast

from kansen.io import DEFAULT_LIMITS, ReadLimits, normalise_area_code
from kansen.plans import PlanFormatError, PlanText, Problem, read_plan_text
from kansen.problems import ProblemText, fill

from ._model import Baseline, Goal, Indicator, Measurement, Monitor, Target

Format = Literal["yaml", "json"]

#: The largest monitoring document read (a plan's goals fit in a few hundred KB).
MONITOR_LIMITS = ReadLimits(max_bytes=5 * 1024 * 1024, max_nesting=DEFAULT_LIMITS.max_nesting)

#: The wording of the problems a document can have besides the plans' reader's (``format.*``
#: of :data:`kansen.plans.PROBLEM_TEXTS`).
DOCUMENT_TEXTS: dict[str, ProblemText] = {
    "format.monitor-figure": ProblemText(
        "expected a figure such as 2.4; got {got}",
        "a number, or a text with a decimal point such as '2.4' (a relative change may be "
        "a percentage such as '-15%')",
    ),
    "format.monitor-table": ProblemText(
        "expected a CBS table identifier such as 85318NED; got {got}"
    ),
    "format.monitor-year": ProblemText("expected a year from 1900 to 2100; got {got}"),
    "format.monitor-empty": ProblemText("the field {field} is empty", "a text"),
    "monitor-link": ProblemText(
        "the link {id} is to no item of {plan}",
        "the id of an action line, effort or intervention of the plan",
    ),
    "format.monitor-area": ProblemText(
        "expected a CBS area code such as GM0546, WK054601 or BU05460101; got {got}"
    ),
    "format.monitor-target-both": ProblemText(
        "the target has both a value and a relative change",
        "either value (the figure to reach) or relative_change (such as -15%)",
    ),
    "format.monitor-target-none": ProblemText(
        "the target has no value and no relative change",
        "value (the figure to reach) or relative_change (such as -15%)",
    ),
    "format.monitor-target-year": ProblemText(
        "the target year {target_year} is not after the baseline year {baseline_year}",
        "a target year after the baseline year",
    ),
    "format.monitor-relative": ProblemText(
        "a relative change of {got} leaves nothing of the baseline",
        "a change above -100%, such as -15%",
    ),
    "format.monitor-when": ProblemText(
        "the measurement has no year and no date",
        "a year such as 2024 or a date such as 2024-03-01",
    ),
    "format.monitor-date-year": ProblemText(
        "the date {date} is not in the year {year}", "a date in the measurement's year"
    ),
    "format.monitor-interval": ProblemText(
        "the interval {low} to {high} does not contain the value {value}",
        "ci_low at most the value and ci_high at least the value",
    ),
    "format.monitor-same-time": ProblemText(
        "a second measurement of {when} (the first is {other})",
        "one measurement per year or date",
    ),
    "format.monitor-code-twice": ProblemText(
        "the indicator code {code} is used twice (also at {other})",
        "a code of its own for every indicator",
    ),
}


class MonitorRejected(ValueError):
    """A monitoring document that cannot be read; :attr:`problems` says every reason, each with
    the path of the value (``goals[0].indicators[1].target.year``) and its line in YAML.

    Attributes
    ----------
    problems : tuple of kansen.plans.Problem
        ``format`` problems: the reasons of the plans' reader (``missing-field``,
        ``unknown-field``, ``choice``, ``whole-number``, ...) and those of
        :data:`DOCUMENT_TEXTS` (``format.monitor-...``).
    source : str
        The file's name.
    """

    def __init__(self, problems: Iterable[Problem], source: str = "data") -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        lines = [f"{source} is not a monitoring document ({len(self.problems)} problem(s)):"]
        lines += [f"  {p.location}: {p.message}" for p in self.problems]
        super().__init__("\n".join(lines))


def too_large(source: str) -> MonitorRejected:
    """The refusal of a file larger than :data:`MONITOR_LIMITS` allows (kansen.io's wording)."""
    limit = MONITOR_LIMITS.max_bytes // (1024 * 1024)
    problem = Problem(
        "",
        "error",
        "format",
        f"the file is larger than the {limit} MB accepted for this kind of file",
        reason="limit.file_size",
        params={"limit": limit, "unit": "MB"},
    )
    return MonitorRejected([problem], source)


@cache
def _schema_text() -> str:
    return (
        resources.files("kansen.monitoring")
        .joinpath("schema", "monitor-v1.schema.json")
        .read_text("utf-8")
    )


def monitor_schema() -> dict[str, Any]:
    """The JSON Schema of a monitoring document (draft 2020-12), as packaged.

    >>> monitor_schema()["required"]
    ['title', 'goals']
    """
    return cast(dict[str, Any], json.loads(_schema_text()))


def read_monitor(text: str, format: Format = "yaml", source: str = "data") -> Monitor:
    """Read a monitoring document from its text.

    Parameters
    ----------
    text : str
        The document.
    format : {"yaml", "json"}
        Its format.
    source : str
        Its name in messages.

    Raises
    ------
    MonitorRejected
        With every problem: not YAML/JSON, too large or nested too deeply (kansen.io's limits),
        a YAML alias, a key given twice, a violation of the schema, two measurements of the
        same time, a target with both a value and a relative change, an interval that does
        not contain its value.
    """
    if len(text.encode("utf-8")) > MONITOR_LIMITS.max_bytes:
        raise too_large(source)
    try:
        document = read_plan_text(text, format, source, MONITOR_LIMITS)
    except PlanFormatError as error:
        raise MonitorRejected(error.problems, source) from None
    problems = _schema_problems(document.data)
    if not problems:
        reader = _Reader(document)
        monitor = reader.monitor(document.data)
        if not reader.problems:
            return monitor
        problems = reader.problems
    # the line of each (not PlanText.explain: that words a thousands separator as euros)
    explained = [replace(p, line=document.line_of(p.path)) for p in problems]
    raise MonitorRejected(sorted(explained, key=lambda p: (p.line or 0, p.path)), source)


def load_monitor(path: str | Path) -> Monitor:
    """Read a monitoring document from a file (``.json``: JSON, else YAML).

    Raises
    ------
    MonitorRejected
        As :func:`read_monitor`; also when the file is too large (checked before reading) or
        not UTF-8 text.
    """
    path = Path(path)
    size = path.stat().st_size
    if size > MONITOR_LIMITS.max_bytes:
        raise too_large(path.name)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problem = Problem(
            "", "error", "format", f"not valid UTF-8 text: {error}", reason="unreadable",
            params={"detail": f"not valid UTF-8 text (byte {error.start})"},
        )  # fmt: skip
        raise MonitorRejected([problem], path.name) from None
    format: Format = "json" if path.suffix.lower() == ".json" else "yaml"
    return read_monitor(text, format, path.name)


def demostad_monitor() -> Monitor:
    """The goals of Demostad's execution plan (synthetic): one indicator on track, one needing
    acceleration, one within the margin and one moving away (``data/demostad-monitor.yaml``)."""
    text = resources.files("kansen.monitoring").joinpath("data", "demostad-monitor.yaml")
    return read_monitor(text.read_text("utf-8"), "yaml", "demostad-monitor.yaml")


# The schema -----------------------------------------------------------------------------------

#: The reason of a value of the wrong JSON type, by the type the schema expects (as the plans'
#: reader words them).
_TYPE_REASONS = {
    "string": "text",
    "integer": "whole-number",
    "array": "list",
    "object": "mapping",
}


def _iso(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON data: {value!r}")


def _schema_problems(data: Any) -> list[Problem]:
    """Every violation of the schema as a ``format`` problem, in path order."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(
        monitor_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    # YAML reads 2024-03-01 as a date; in the file it is the text the schema describes.
    data = json.loads(json.dumps(data, default=_iso))
    errors = sorted(validator.iter_errors(data), key=lambda e: (e.json_path, e.validator))
    return [_schema_problem(error) for error in errors]


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "fields (a mapping)"
    if isinstance(value, list):
        return "a list"
    return json.dumps(value)


def _schema_problem(error: Any) -> Problem:
    path = str(error.json_path).removeprefix("$").lstrip(".")
    message, instance, rule = str(error.message), error.instance, error.validator

    def problem(at: str, reason: str, **params: Any) -> Problem:
        text = _wording(f"format.{reason}")
        words = fill(text.message, params) if text else message
        return Problem(at, "error", "format", words, reason=reason, params=params)

    if rule == "required" and isinstance(instance, dict):
        field = next(str(name) for name in error.validator_value if name not in instance)
        return problem(_joined(path, field), "missing-field", field=field)
    if rule == "additionalProperties" and isinstance(instance, dict):
        known = error.schema.get("properties", {})
        extra = next(str(name) for name in instance if name not in known)
        return problem(_joined(path, extra), "unknown-field", field=extra, fields=", ".join(known))
    if rule == "type" and error.validator_value in _TYPE_REASONS:
        return problem(path, _TYPE_REASONS[error.validator_value], got=_describe(instance))
    if rule == "enum":
        return problem(path, "choice", allowed=list(error.validator_value), got=_describe(instance))
    if rule == "format" and error.validator_value == "date":
        return problem(path, "date", got=_describe(instance))
    if rule == "pattern" and path == "table":  # a CBS mapping file
        return problem(path, "monitor-table", got=_describe(instance))
    if (rule == "type" and "number" in error.validator_value) or rule == "pattern":
        return problem(path, "monitor-figure", got=_describe(instance))
    if rule in ("minimum", "maximum") and path.endswith("year"):
        return problem(path, "monitor-year", got=_describe(instance))
    if rule == "minLength":
        return problem(path, "monitor-empty", field=path.rsplit(".", 1)[-1])
    return problem(path, "unreadable", detail=message)


def _wording(code: str) -> ProblemText | None:
    from kansen.plans import PROBLEM_TEXTS as PLAN_TEXTS

    return DOCUMENT_TEXTS.get(code) or PLAN_TEXTS.get(code)


def _joined(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


# From checked data to the model ---------------------------------------------------------------

#: The most digits a figure may have (and the largest power of ten it may reach).
MAX_DIGITS = 30

#: A number with a Dutch thousands separator as YAML reads it: "100.000".
_THOUSANDS = re.compile(r"^-?[0-9]{1,3}(\.[0-9]{3})+$")
#: A string the schema lets through as a figure.
_PERCENT = re.compile(r"^(?P<number>[+-]?[0-9]+(\.[0-9]+)?)%$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class _Reader:
    """Builds the model from data that passed the schema, collecting the problems the schema
    cannot express."""

    def __init__(self, document: PlanText) -> None:
        self.document = document
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str, reason: str, **params: Any) -> None:
        self.problems.append(
            Problem(path, "error", "format", message, reason=reason, params=params)
        )

    def figure(self, value: Any, path: str) -> Decimal:
        """A figure exactly as written: YAML's text of a fraction, not the float it reads.

        Infinity, NaN and figures of more than :data:`MAX_DIGITS` digits (which no statistic
        has, and whose exact arithmetic would take long) are problems; 0 stands in for them.
        """
        if isinstance(value, bool):  # pragma: no cover - the schema refuses it
            raise TypeError(path)
        text = str(value)
        if isinstance(value, float):
            text = self.document.numbers.get(path, repr(value))
            if _THOUSANDS.match(text):
                written = text.replace(".", "").lstrip("-")
                self.fail(
                    path,
                    f"{text} has a thousands separator: write {written}",
                    "thousands",
                    got=text,
                    digits=written,
                )
                return Decimal(0)
        try:
            figure = Decimal(text)
        except InvalidOperation:
            figure = Decimal("NaN")
        length = len(figure.as_tuple().digits) if figure.is_finite() else 0
        if not figure.is_finite() or length > MAX_DIGITS or abs(figure.adjusted()) > MAX_DIGITS:
            self.fail(
                path, f"expected a figure such as 2.4; got {text}", "monitor-figure", got=text
            )
            return Decimal(0)
        return figure

    def optional(self, data: dict[str, Any], key: str, path: str) -> Decimal | None:
        return None if data.get(key) is None else self.figure(data[key], f"{path}.{key}")

    def monitor(self, data: dict[str, Any]) -> Monitor:
        codes: dict[str, str] = {}
        goals = tuple(
            self.goal(goal, f"goals[{i}]", codes) for i, goal in enumerate(data.get("goals", []))
        )
        return Monitor(str(data["title"]), goals, str(data.get("plan", "")))

    def links(self, data: dict[str, Any], path: str) -> tuple[str, ...]:
        links = tuple(str(link) for link in data.get("links", []))
        for i, link in enumerate(links):
            if not _UUID.match(link):
                example = "3f2b9c1e-8d4a-4c1b-9a7e-2d5f6b8c0a1d"
                self.fail(
                    f"{path}.links[{i}]",
                    f"expected an id such as '{example}'; got {link!r}",
                    "item-id",
                    example=example,
                    got=repr(link),
                )
        return links

    def goal(self, data: dict[str, Any], path: str, codes: dict[str, str]) -> Goal:
        indicators = []
        for i, item in enumerate(data.get("indicators", [])):
            at = f"{path}.indicators[{i}]"
            code = str(item["code"])
            if code in codes:
                self.fail(
                    f"{at}.code",
                    f"the indicator code {code!r} is used twice (also at {codes[code]})",
                    "monitor-code-twice",
                    code=repr(code),
                    other=codes[code],
                )
            codes.setdefault(code, f"{at}.code")
            indicators.append(self.indicator(item, at))
        return Goal(
            str(data["name"]),
            tuple(indicators),
            str(data.get("description", "")),
            self.links(data, path),
            str(data.get("uuid", "")),
        )

    def indicator(self, data: dict[str, Any], path: str) -> Indicator:
        baseline = (
            self.baseline(data["baseline"], f"{path}.baseline") if "baseline" in data else None
        )
        target = self.target(data["target"], f"{path}.target") if "target" in data else None
        if baseline is not None and target is not None and target.year <= baseline.year:
            self.fail(
                f"{path}.target.year",
                f"the target year {target.year} is not after the baseline year {baseline.year}",
                "monitor-target-year",
                target_year=target.year,
                baseline_year=baseline.year,
            )
        measurements = tuple(
            self.measurement(item, f"{path}.measurements[{i}]")
            for i, item in enumerate(data.get("measurements", []))
        )
        self.check_times(measurements, data.get("measurements", []), path)
        return Indicator(
            code=str(data["code"]),
            name=str(data["name"]),
            unit=str(data["unit"]),
            direction=data["direction"],
            source=str(data.get("source", "")),
            baseline=baseline,
            target=target,
            measurements=measurements,
            areas=self.areas(data, path),
            group=str(data.get("group", "")),
            links=self.links(data, path),
            uuid=str(data.get("uuid", "")),
        )

    def areas(self, data: dict[str, Any], path: str) -> tuple[str, ...]:
        codes = []
        for i, raw in enumerate(data.get("areas", [])):
            try:
                codes.append(normalise_area_code(str(raw)))
            except ValueError:
                self.fail(
                    f"{path}.areas[{i}]",
                    f"expected a CBS area code such as GM0546, WK054601 or BU05460101; got {raw!r}",
                    "monitor-area",
                    got=repr(raw),
                )
        return tuple(codes)

    def check_times(
        self, measurements: tuple[Measurement, ...], data: list[Any], path: str
    ) -> None:
        seen: dict[Any, str] = {}
        for i, measurement in enumerate(measurements):
            at = f"{path}.measurements[{i}]"
            time = measurement.time
            when = measurement.date.isoformat() if measurement.date else str(measurement.year)
            if time in seen:
                self.fail(
                    at,
                    f"a second measurement of {when} (the first is {seen[time]})",
                    "monitor-same-time",
                    when=when,
                    other=seen[time],
                )
            seen.setdefault(time, at)

    def baseline(self, data: dict[str, Any], path: str) -> Baseline:
        value = self.figure(data["value"], f"{path}.value")
        low, high = self.optional(data, "ci_low", path), self.optional(data, "ci_high", path)
        self.check_interval(low, value, high, path)
        source, n = str(data.get("source", "")), data.get("n")
        return Baseline(value, int(data["year"]), source, low, high, n)

    def target(self, data: dict[str, Any], path: str) -> Target:
        value = self.optional(data, "value", path)
        relative = None
        if data.get("relative_change") is not None:
            raw = data["relative_change"]
            match = _PERCENT.match(raw) if isinstance(raw, str) else None
            if match:
                relative = self.figure(match["number"], f"{path}.relative_change") / 100
            else:
                relative = self.figure(raw, f"{path}.relative_change")
            if relative <= -1:
                self.fail(
                    f"{path}.relative_change",
                    f"a relative change of {raw} leaves nothing of the baseline",
                    "monitor-relative",
                    got=str(raw),
                )
        if value is not None and relative is not None:
            self.fail(
                path,
                "the target has both a value and a relative change",
                "monitor-target-both",
            )
        elif value is None and relative is None:
            self.fail(path, "the target has no value and no relative change", "monitor-target-none")
        return Target(int(data["year"]), value, relative)

    def measurement(self, data: dict[str, Any], path: str) -> Measurement:
        value = self.figure(data["value"], f"{path}.value")
        date = _date(data.get("date"))
        year = data.get("year")
        if year is None and date is None:
            self.fail(path, "the measurement has no year and no date", "monitor-when")
        if year is not None and date is not None and date.year != year:
            self.fail(
                f"{path}.date",
                f"the date {date.isoformat()} is not in the year {year}",
                "monitor-date-year",
                date=date.isoformat(),
                year=year,
            )
        low, high = self.optional(data, "ci_low", path), self.optional(data, "ci_high", path)
        self.check_interval(low, value, high, path)
        return Measurement(
            value=value,
            year=int(year) if year is not None else (date.year if date else 0),
            source=str(data.get("source", "")),
            date=date,
            n=data.get("n"),
            ci_low=low,
            ci_high=high,
            note=str(data.get("note", "")),
        )

    def check_interval(
        self, low: Decimal | None, value: Decimal, high: Decimal | None, path: str
    ) -> None:
        if (low is not None and low > value) or (high is not None and high < value):
            shown: Callable[[Decimal | None], str] = lambda d: "-" if d is None else str(d)  # noqa: E731
            self.fail(
                f"{path}.ci_low" if low is not None and low > value else f"{path}.ci_high",
                f"the interval {shown(low)} to {shown(high)} does not contain the value {value}",
                "monitor-interval",
                low=shown(low),
                high=shown(high),
                value=value,
            )


def _date(value: Any) -> dt.date | None:
    """A date the schema accepted: YAML's date, or JSON's ISO text."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
