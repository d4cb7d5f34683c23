"""Limits that keep a hostile file from taking the reader down.

Every upload is read by code that trusts nothing about it: a file may be far larger than any real
one, an Excel workbook may be a zip bomb (a few hundred MB of zeros packed into 1 MB), a YAML file
may use nested aliases that multiply on every level ("billion laughs"), a JSON file may be nested
so deeply that Python's parser runs out of stack. Each of these is refused here, before the
expensive work starts, with a message that says what was found and what the limit is.

The limits are plain data (:class:`ReadLimits`); the platform builds them from its settings, the
command line uses :data:`DEFAULT_LIMITS`.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kansen.problems import ProblemText

MB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    """How much a reader accepts from one file.

    Attributes
    ----------
    max_bytes : int
        The size of the file itself.
    max_unpacked_bytes : int
        The sum of the uncompressed sizes that an Excel (zip) file declares for its parts. Python's
        zip reader never unpacks more than a part declares, so checking the declarations is
        enough.
    max_ratio : int
        The largest uncompressed / compressed ratio of one part of an Excel file larger than
        1 MB unpacked (real sheets pack 5 to 30 times; a zip bomb hundreds of times).
    max_parts : int
        The number of parts in an Excel file.
    max_cells : int
        The cells of the worksheet read (empty cells that Excel fills in included).
    max_nesting : int
        How deeply JSON or YAML lists and mappings may be nested (GeoJSON needs 8).
    """

    max_bytes: int = 50 * MB
    max_unpacked_bytes: int = 250 * MB
    max_ratio: int = 100
    max_parts: int = 10_000
    max_cells: int = 2_000_000
    max_nesting: int = 64


#: The limits of the command line and of code that passes none.
DEFAULT_LIMITS = ReadLimits()

#: Parts smaller than this are not checked for their compression ratio: a small XML part of
#: repeated empty cells packs very well and unpacks to little.
_RATIO_FLOOR = 1 * MB


_XLSX = "an .xlsx file as Excel saves it, or a CSV file"

#: The wording of every limit (ADR 0015): a code of :class:`LimitExceeded`, with its
#: parameters; ``{limit}`` and ``{size}`` are numbers in ``{unit}`` (MB or KB).
LIMIT_TEXTS: dict[str, ProblemText] = {
    "limit.file_size": ProblemText(
        "the file is larger than the {limit} {unit} accepted for this kind of file",
        "a smaller file: split it, or leave out columns",
    ),
    "limit.zip_parts": ProblemText(
        "the Excel file has {parts} parts; at most {limit} are accepted", _XLSX
    ),
    "limit.zip_ratio": ProblemText(
        "the Excel file part '{part}' unpacks from {packed} to {unpacked} ({ratio} times); at "
        "most {limit} times is accepted (a zip bomb, or a sheet of mostly empty cells)",
        _XLSX,
    ),
    "limit.unpacked": ProblemText(
        "the Excel file unpacks to {size} {unit}; at most {limit} {unit} is accepted", _XLSX
    ),
    "limit.nesting": ProblemText(
        "the file is nested more than {limit} levels deep; a real file is nested a few levels"
    ),
    "limit.nesting_line": ProblemText(
        "the file is nested more than {limit} levels deep (line {line}); a real file is nested "
        "a few levels"
    ),
    "limit.yaml_alias": ProblemText(
        "line {line}: the alias *{anchor} is not allowed: aliases (& and *) can make a small "
        "file unpack to gigabytes; write the part out in full"
    ),
}


class LimitExceeded(ValueError):
    """A file, or what it unpacks or nests to, is beyond a :class:`ReadLimits` limit.

    It carries a code of :data:`LIMIT_TEXTS` with its parameters, so that a reader reports it
    by code (translated where it is shown); its text is the English wording.

    >>> error = LimitExceeded("limit.file_size", limit="1.0", unit="MB")
    >>> str(error), error.code, error.params
    ('the file is larger than the 1.0 MB accepted for this kind of file', \
'limit.file_size', {'limit': '1.0', 'unit': 'MB'})
    """

    def __init__(self, code: str, /, **params: Any) -> None:
        super().__init__(LIMIT_TEXTS[code].message.format(**params))
        self.code = code
        self.params: dict[str, Any] = params


def megabytes(size: int) -> str:
    """A size for a message: ``"200.0 MB"``, or ``"25 KB"`` below a megabyte."""
    return f"{size / MB:.1f} MB" if size >= MB else f"{max(size, 1) / 1024:.0f} KB"


def _in_unit(size: int, unit: str) -> str:
    """A size as a number of ``unit`` (``"MB"`` with one decimal, or ``"KB"``)."""
    return f"{size / MB:.1f}" if unit == "MB" else f"{max(size, 1) / 1024:.0f}"


def _unit_of(limit: int) -> str:
    return "MB" if limit >= MB else "KB"


def check_size(size: int, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """Refuse a file larger than ``limits.max_bytes``.

    Raises
    ------
    LimitExceeded
        With the size found and the limit.
    """
    if size > limits.max_bytes:
        unit = _unit_of(limits.max_bytes)
        raise LimitExceeded("limit.file_size", limit=_in_unit(limits.max_bytes, unit), unit=unit)


def check_zip(data: bytes, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """Refuse a zip (Excel) file whose parts would unpack to too much, before anything unpacks.

    A file that is not a readable zip passes: the Excel reader reports it in its own words.

    Raises
    ------
    LimitExceeded
        When there are too many parts, a part packs more tightly than ``max_ratio`` or all parts
        together declare more than ``max_unpacked_bytes``.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    with archive:
        parts = archive.infolist()
        if len(parts) > limits.max_parts:
            raise LimitExceeded("limit.zip_parts", parts=len(parts), limit=limits.max_parts)
        total = 0
        for part in parts:
            total += part.file_size
            packed = max(part.compress_size, 1)
            if part.file_size > _RATIO_FLOOR and part.file_size / packed > limits.max_ratio:
                raise LimitExceeded(
                    "limit.zip_ratio",
                    part=part.filename,
                    packed=megabytes(part.compress_size),
                    unpacked=megabytes(part.file_size),
                    ratio=part.file_size // packed,
                    limit=limits.max_ratio,
                )
        if total > limits.max_unpacked_bytes:
            unit = _unit_of(limits.max_unpacked_bytes)
            raise LimitExceeded(
                "limit.unpacked",
                size=_in_unit(total, unit),
                limit=_in_unit(limits.max_unpacked_bytes, unit),
                unit=unit,
            )


def check_nesting(data: Any, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """Refuse JSON-like data nested deeper than ``limits.max_nesting`` (without recursion).

    Raises
    ------
    LimitExceeded
        With the limit.
    """
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Iterable[Any] = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limits.max_nesting:
            raise _too_deep(limits)
        stack.extend((child, depth + 1) for child in children)


def _too_deep(limits: ReadLimits, line: int | None = None) -> LimitExceeded:
    if line is None:
        return LimitExceeded("limit.nesting", limit=limits.max_nesting)
    return LimitExceeded("limit.nesting_line", limit=limits.max_nesting, line=line)


def load_json(text: str | bytes, limits: ReadLimits = DEFAULT_LIMITS) -> Any:
    """``json.loads`` that refuses data nested deeper than ``limits.max_nesting``.

    Raises
    ------
    json.JSONDecodeError
        When the text is not JSON.
    LimitExceeded
        When it is nested too deeply (Python's parser would otherwise raise RecursionError, or
        hand code that walks the data a structure it cannot walk).
    """
    try:
        data = json.loads(text)
    except RecursionError:
        raise _too_deep(limits) from None
    check_nesting(data, limits)
    return data


def check_yaml(text: str, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """Refuse YAML with aliases (``*name``) or nested deeper than ``limits.max_nesting``.

    Aliases are refused outright rather than counted: each level of nested aliases multiplies
    what a reader builds (a 400-byte file becomes gigabytes), and a file typed by hand has no
    need for them. Only the parser's events are read, so this is fast on any file. Syntax errors
    are left to the loader, which reports them in its own words.

    Raises
    ------
    LimitExceeded
        With the line of the first alias, or of the first part nested too deeply.
    """
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            mark: Any = event.start_mark
            if isinstance(event, yaml.AliasEvent):
                raise LimitExceeded("limit.yaml_alias", line=mark.line + 1, anchor=event.anchor)
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                depth += 1
                if depth > limits.max_nesting:
                    raise _too_deep(limits, mark.line + 1)
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                depth -= 1
    except yaml.YAMLError as error:
        # libyaml's scanner stops at 1,000 levels before the events above count them
        if "nesting depth" in str(getattr(error, "problem", "")):
            mark = getattr(error, "problem_mark", None)
            raise _too_deep(limits, mark.line + 1 if mark else None) from None


@dataclass(frozen=True)
class ProblemCount:
    """How many problems of one kind were left out of a capped list.

    Attributes
    ----------
    column : str or None
        The column the problems are in.
    kind : str
        What they have in common: what was expected, or else the message.
    count : int
        How many there were beyond the ones kept in full.
    """

    column: str | None
    kind: str
    count: int


def cap_problems(problems: Sequence[Any], keep: int) -> tuple[list[Any], list[ProblemCount]]:
    """The first ``keep`` problems in full and, for the rest, a count per kind of problem.

    A kind is a column with the problem's code (when problems have one) or else what was
    expected there (``expected``), or the message when nothing was expected; it is described by
    what was expected, or else by its first message. Counts come in the order each kind first
    appears.

    Parameters
    ----------
    problems : sequence of Problem
        Problems with ``column``, ``message`` and ``expected`` attributes (or keys).
    keep : int
        How many to keep in full.

    Returns
    -------
    tuple of (list, list of ProblemCount)
        The kept problems and the counts of the others.
    """

    def field(problem: Any, name: str) -> Any:
        return problem.get(name) if isinstance(problem, dict) else getattr(problem, name, None)

    counts: Counter[tuple[str | None, str]] = Counter()
    texts: dict[tuple[str | None, str], str] = {}
    for problem in problems[keep:]:
        text = str(field(problem, "expected") or field(problem, "message"))
        key = (field(problem, "column"), str(field(problem, "code") or text))
        counts[key] += 1
        texts.setdefault(key, text)
    return list(problems[:keep]), [ProblemCount(k[0], texts[k], n) for k, n in counts.items()]
