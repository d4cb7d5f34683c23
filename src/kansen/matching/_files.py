"""Read requests and supply from CSV, Excel or JSON files, and write the proposals as CSV.

The fields of each file are defined once, by the JSON Schemas in ``kansen/matching/schemas``
(``requests.schema.json``, ``supply.schema.json``). A JSON file is an array of objects with those
fields; a CSV or Excel file has them as columns, with lists separated by ``;`` (quote the cell in
a file separated by ``;``) and an empty cell for no value. Every row is checked against the
schema by a small interpreter of the keywords the schemas use (``jsonschema`` itself takes more
than a second for 10,000 rows; a test keeps both in agreement), then for what a schema cannot say
(unique references, dates that exist, ages and dates in order, a known postcode area). Every
problem is reported with its file, row (spreadsheet row, header = 1; for JSON the item, first =
1) and column, and the file is rejected if there is any: a partial waiting list would silently
leave children out.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

from kansen.io import DEFAULT_LIMITS, ImportRejected, LimitExceeded, Problem, ReadLimits
from kansen.io._limits import check_size, load_json
from kansen.io._problems import ProblemLog
from kansen.io._tables import read_table
from kansen.problems import ProblemText

from ._explain import explain
from ._model import MatchResult, Supply, SupportRequest

Kind = Literal["requests", "supply"]

#: Rows read from one file at most (a municipality's waiting list is a few thousand).
MAX_ROWS = 100_000

#: The English wording of every problem of a matching file (ADR 0015).
FILE_TEXTS: dict[str, ProblemText] = {
    "matching.json": ProblemText("the file is not JSON: {detail}", "a JSON array of objects"),
    "matching.not_a_list": ProblemText(
        "the file holds {found}, not a list", "a JSON array of objects, one per {what}"
    ),
    "matching.not_an_object": ProblemText("the item is {found}, not an object", "an object"),
    "matching.no_rows": ProblemText("the file has no rows", "one row per {what}"),
    "matching.too_many_rows": ProblemText(
        "the file has {rows} rows; at most {limit} are read", "a smaller file"
    ),
    "matching.missing_column": ProblemText(
        "the column '{column}' is missing", "the columns {columns}"
    ),
    "matching.unknown_column": ProblemText(
        "'{column}' is not a field of a {what}", "fields from: {columns}"
    ),
    "matching.required": ProblemText("this field is empty", "{description}"),
    "matching.not_integer": ProblemText("'{value}' is not a whole number", "{description}"),
    "matching.not_number": ProblemText("'{value}' is not a number", "{description}"),
    "matching.not_text": ProblemText("'{value}' is not text", "{description}"),
    "matching.not_list": ProblemText("'{value}' is not a list", "{description}"),
    "matching.range": ProblemText("{value} is outside {minimum} to {maximum}", "{description}"),
    "matching.length": ProblemText("the text is {length} characters long", "{description}"),
    "matching.unknown_code": ProblemText("unknown code '{value}'", "one of: {codes}"),
    "matching.repeated_code": ProblemText("'{value}' is given more than once", "each code once"),
    "matching.empty_list": ProblemText("no codes given", "{description}"),
    "matching.pattern": ProblemText("'{value}' is not valid here", "{description}"),
    "matching.bad_date": ProblemText(
        "'{value}' is not a date", "a date as YYYY-MM-DD, e.g. 2026-03-15"
    ),
    "matching.repeated": ProblemText("'{value}' is also in row {first}", "each {field} once"),
    "matching.age_order": ProblemText(
        "min_age {min_age} is above max_age {max_age}", "min_age at most max_age"
    ),
    "matching.date_order": ProblemText(
        "available_from {start} is after available_until {end}",
        "available_from on or before available_until",
    ),
    "matching.unknown_pc4": ProblemText(
        "the postcode area {value} is not in the postcode table",
        "a PC4 of the postcode table (kansen match solve --postcodes FILE)",
    ),
}

#: The Dutch wording of every problem of a matching file (the command line's; the platform
#: translates :data:`FILE_TEXTS` with gettext). ``{description}`` takes the field's Dutch
#: description (``x-description-nl`` in the schema).
DUTCH_FILE_TEXTS: dict[str, ProblemText] = {
    "matching.json": ProblemText(
        "het bestand is geen JSON: {detail}", "een JSON-lijst van objecten"
    ),
    "matching.not_a_list": ProblemText(
        "het bestand bevat {found}, geen lijst", "een JSON-lijst van objecten, een per {what}"
    ),
    "matching.not_an_object": ProblemText("het item is {found}, geen object", "een object"),
    "matching.no_rows": ProblemText("het bestand heeft geen rijen", "een rij per {what}"),
    "matching.too_many_rows": ProblemText(
        "het bestand heeft {rows} rijen; er worden er hoogstens {limit} gelezen",
        "een kleiner bestand",
    ),
    "matching.missing_column": ProblemText(
        "de kolom '{column}' ontbreekt", "de kolommen {columns}"
    ),
    "matching.unknown_column": ProblemText(
        "'{column}' is geen veld van een {what}", "velden uit: {columns}"
    ),
    "matching.required": ProblemText("dit veld is leeg", "{description}"),
    "matching.not_integer": ProblemText("'{value}' is geen geheel getal", "{description}"),
    "matching.not_number": ProblemText("'{value}' is geen getal", "{description}"),
    "matching.not_text": ProblemText("'{value}' is geen tekst", "{description}"),
    "matching.not_list": ProblemText("'{value}' is geen lijst", "{description}"),
    "matching.range": ProblemText("{value} ligt buiten {minimum} tot {maximum}", "{description}"),
    "matching.length": ProblemText("de tekst is {length} tekens lang", "{description}"),
    "matching.unknown_code": ProblemText("onbekende code '{value}'", "een van: {codes}"),
    "matching.repeated_code": ProblemText("'{value}' staat er meer dan eens", "elke code eenmaal"),
    "matching.empty_list": ProblemText("geen codes gegeven", "{description}"),
    "matching.pattern": ProblemText("'{value}' is hier niet geldig", "{description}"),
    "matching.bad_date": ProblemText(
        "'{value}' is geen datum", "een datum als JJJJ-MM-DD, bijvoorbeeld 2026-03-15"
    ),
    "matching.repeated": ProblemText("'{value}' staat ook in rij {first}", "elke {field} eenmaal"),
    "matching.age_order": ProblemText(
        "min_age {min_age} is hoger dan max_age {max_age}", "min_age hoogstens max_age"
    ),
    "matching.date_order": ProblemText(
        "available_from {start} ligt na available_until {end}",
        "available_from op of voor available_until",
    ),
    "matching.unknown_pc4": ProblemText(
        "het postcodegebied {value} staat niet in de postcodetabel",
        "een PC4 uit de postcodetabel (kansen match solve --postcodes BESTAND)",
    ),
}

_WHAT_NL = {"request": "hulpvraag", "volunteer or offer": "vrijwilliger of aanbod"}


def file_problem_words(problem: Problem, language: Literal["nl", "en"]) -> tuple[str, str]:
    """The message and what was expected of a problem of a matching file, in ``language``.

    A problem of another code (a size limit of :mod:`kansen.io`) keeps its English words.

    >>> params = {"value": "negen", "description": "Age in years.", "kind": "requests"}
    >>> problem = Problem("v.csv", 2, "age", "", None, "error", "matching.not_integer", params)
    >>> file_problem_words(problem, "nl")
    ("'negen' is geen geheel getal", 'de leeftijd van het kind in hele jaren, 0 tot en met 23')
    """
    if language == "en" or problem.code not in DUTCH_FILE_TEXTS:
        return problem.message, problem.expected or ""
    params = dict(problem.params)
    kind = params.get("kind")
    if "description" in params and kind in ("requests", "supply") and problem.column:
        spec = schema(kind)["items"]["properties"].get(problem.column, {})
        params["description"] = spec.get("x-description-nl", params["description"])
    if "what" in params:
        params["what"] = _WHAT_NL.get(params["what"], params["what"])
    text = DUTCH_FILE_TEXTS[problem.code]
    return text.message.format(**params), text.expected.format(**params)


_LIST_SEPARATOR = ";"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@cache
def schema(kind: Kind) -> dict[str, Any]:
    """The JSON Schema of a requests or supply file (``kansen/matching/schemas``)."""
    text = files("kansen.matching").joinpath("schemas", f"{kind}.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


class _Log:
    """Problems of one file by code, in English from :data:`FILE_TEXTS`."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.omitted = 0

    def add(self, code: str, row: int | None, column: str | None, /, **params: Any) -> None:
        if len(self.problems) >= ProblemLog.limit:
            self.omitted += 1
            return
        text = FILE_TEXTS[code]
        self.problems.append(
            Problem(
                self.file,
                row,
                column,
                text.message.format(**params),
                text.expected.format(**params) or None,
                "error",
                code,
                dict(params),
            )
        )

    def raise_if_any(self) -> None:
        if self.problems:
            raise ImportRejected(self.problems)


def _items(
    data: bytes, filename: str, kind: Kind, log: _Log, limits: ReadLimits
) -> list[tuple[int, dict[str, Any]]]:
    """(row, raw item) from a JSON, CSV or Excel file; CSV cells typed by the schema."""
    what = "request" if kind == "requests" else "volunteer or offer"
    properties: dict[str, Any] = schema(kind)["items"]["properties"]
    fields = _fields(kind)
    if filename.lower().endswith(".json"):
        try:
            check_size(len(data), limits)
            loaded = load_json(data, limits)
        except LimitExceeded as exc:
            log.problems.append(
                Problem(filename, None, None, str(exc), None, "error", exc.code, exc.params)
            )
            log.raise_if_any()
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            log.add("matching.json", None, None, detail=str(exc))
            log.raise_if_any()
        if not isinstance(loaded, list):
            log.add("matching.not_a_list", None, None, found=type(loaded).__name__, what=what)
            log.raise_if_any()
        _check_count(len(loaded), log, what)
        result = []
        for number, element in enumerate(loaded, start=1):
            if not isinstance(element, dict):
                log.add("matching.not_an_object", number, None, found=type(element).__name__)
            else:
                result.append((number, element))
        return result
    table_log = ProblemLog(filename)
    table = read_table(data, filename, None, table_log, limits=limits)
    filled = [i for i, row in enumerate(table.rows) if any(_cell_text(c) for c in row)]
    if not filled:
        log.add("matching.no_rows", None, None, what=what)
        log.raise_if_any()
    header_at = filled[0]
    header = [_cell_text(c) for c in table.rows[header_at]]
    required = schema(kind)["items"]["required"]
    for column in required:
        if column not in header:
            log.add(
                "matching.missing_column", 1, column, column=column, columns=", ".join(properties)
            )
    for column in header:
        if column and column not in properties:
            log.add(
                "matching.unknown_column",
                1,
                column,
                column=column,
                what=what,
                columns=", ".join(properties),
            )
    log.raise_if_any()
    _check_count(len(filled) - 1, log, what)
    result = []
    for index in filled[1:]:
        item: dict[str, Any] = {}
        for column, cell in zip(header, table.rows[index], strict=False):
            text = _cell_text(cell)
            if text and column in fields:  # a cell under an empty header is ignored
                item[column] = fields[column].typed(text)
        result.append((index + 1, item))  # spreadsheet row: header = 1
    return result


def _cell_text(cell: Any) -> str:
    """A cell as text: Excel's dates as YYYY-MM-DD and whole numbers without ``.0``."""
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _check_count(count: int, log: _Log, what: str) -> None:
    if count == 0:
        log.add("matching.no_rows", None, None, what=what)
    elif count > MAX_ROWS:
        log.add("matching.too_many_rows", None, None, rows=count, limit=MAX_ROWS)
    log.raise_if_any()


@dataclass(frozen=True)
class _Field:
    """What the schema says about one field, looked up once (the reader checks ~100,000 cells)."""

    name: str
    kinds: frozenset[str]  # JSON types without "null"
    nullable: bool
    required: bool
    enum: tuple[Any, ...] | None  # the field's own enum (urgency, kind)
    codes: frozenset[str] | None  # the enum of a list's items
    min_items: int
    unique: bool
    minimum: float | None
    maximum: float | None
    min_length: int
    max_length: int
    pattern: re.Pattern[str] | None
    date_pattern: bool
    description: str

    def typed(self, text: str) -> Any:
        """A CSV cell as the JSON value the field wants; the text itself when it is none."""
        if "array" in self.kinds:
            return [part.strip() for part in text.split(_LIST_SEPARATOR) if part.strip()]
        if "integer" in self.kinds or (self.enum and all(isinstance(c, int) for c in self.enum)):
            try:
                return int(text)
            except ValueError:
                return text
        if "number" in self.kinds:
            try:
                return float(text.replace(",", "."))
            except ValueError:
                return text
        return text


@cache
def _fields(kind: Kind) -> dict[str, _Field]:
    items = schema(kind)["items"]
    fields = {}
    for name, spec in items["properties"].items():
        kinds = spec.get("type", [])
        kinds = set(kinds) if isinstance(kinds, list) else {kinds}
        pattern = spec.get("pattern")
        codes = spec.get("items", {}).get("enum")
        fields[name] = _Field(
            name=name,
            kinds=frozenset(kinds - {"null"}),
            nullable="null" in kinds,
            required=name in items["required"],
            enum=tuple(spec["enum"]) if "enum" in spec else None,
            codes=frozenset(codes) if codes is not None else None,
            min_items=spec.get("minItems", 0),
            unique=bool(spec.get("uniqueItems")),
            minimum=spec.get("minimum"),
            maximum=spec.get("maximum"),
            min_length=spec.get("minLength", 0),
            max_length=spec.get("maxLength", 10**9),
            pattern=re.compile(pattern) if pattern else None,
            date_pattern=pattern == r"^\d{4}-\d{2}-\d{2}$",
            description=str(spec.get("description", "")),
        )
    return fields


def check_item(item: Mapping[str, Any], kind: Kind, row: int, log: _Log) -> None:
    """Check one item against its schema (the keywords the schemas use), reporting by code."""
    fields = _fields(kind)
    for field in fields.values():
        if field.required and item.get(field.name) is None:
            log.add("matching.required", row, field.name, description=field.description, kind=kind)
    for name, value in item.items():
        spec = fields.get(name)
        if spec is None:
            log.add(
                "matching.unknown_column", row, name, column=name,
                what="request" if kind == "requests" else "volunteer or offer",
                columns=", ".join(fields),
            )  # fmt: skip
        elif value is not None or not (spec.nullable or spec.required):
            _check_value(value, spec, row, log, kind)


def _check_value(value: Any, field: _Field, row: int, log: _Log, kind: Kind) -> None:
    name, kinds = field.name, field.kinds
    about = {"description": field.description, "kind": kind}
    if field.enum is not None and not kinds:
        if isinstance(value, bool) or value not in field.enum:
            codes = ", ".join(str(code) for code in field.enum)
            log.add("matching.unknown_code", row, name, value=value, codes=codes)
        return
    if "array" in kinds:
        if not isinstance(value, list):
            log.add("matching.not_list", row, name, value=value, **about)
            return
        if len(value) < field.min_items:
            log.add("matching.empty_list", row, name, **about)
        seen: set[Any] = set()
        for code in value:
            if field.codes is not None and (not isinstance(code, str) or code not in field.codes):
                codes = ", ".join(sorted(field.codes))
                log.add("matching.unknown_code", row, name, value=code, codes=codes)
            elif field.unique and code in seen:
                log.add("matching.repeated_code", row, name, value=code)
            seen.add(code)
        return
    if "integer" in kinds:
        if isinstance(value, bool) or not (
            isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        ):
            log.add("matching.not_integer", row, name, value=value, **about)
            return
    elif "number" in kinds:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            log.add("matching.not_number", row, name, value=value, **about)
            return
    elif "string" in kinds:
        if not isinstance(value, str):
            log.add("matching.not_text", row, name, value=value, **about)
        elif not field.min_length <= len(value) <= field.max_length:
            log.add("matching.length", row, name, length=len(value), **about)
        elif field.pattern is not None and not field.pattern.search(value):
            code = "matching.bad_date" if field.date_pattern else "matching.pattern"
            log.add(code, row, name, value=value, **about)
        return
    low, high = field.minimum, field.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        log.add("matching.range", row, name, value=value, minimum=low, maximum=high, **about)


def _date(value: Any, row: int, column: str, log: _Log) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        log.add("matching.bad_date", row, column, value=value)
        return None


def _unique(rows: Iterable[tuple[int, Any]], column: str, log: _Log) -> None:
    first: dict[Any, int] = {}
    for row, value in rows:
        if value in first:
            log.add("matching.repeated", row, column, value=value, first=first[value], field=column)
        else:
            first[value] = row


def _known_pc4(
    rows: Iterable[tuple[int, str]], points: Mapping[str, Any] | None, log: _Log
) -> None:
    if points is None:
        return
    for row, code in rows:
        if code not in points:
            log.add("matching.unknown_pc4", row, "pc4", value=code)


def _read(source: str | Path | bytes, filename: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, filename or "input"
    path = Path(source)
    return path.read_bytes(), filename or path.name


def read_requests(
    source: str | Path | bytes,
    filename: str | None = None,
    *,
    pc4_points: Mapping[str, Any] | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> list[SupportRequest]:
    """Read support requests from a JSON, CSV or Excel file (``requests.schema.json``).

    Parameters
    ----------
    source : path or bytes
        The file, or its content (then give ``filename``; ``.json`` means JSON).
    filename : str, optional
        The name used in problems; default the file's name.
    pc4_points : mapping, optional
        Postcode-area centres: every ``pc4`` must be one of them.
    limits : kansen.io.ReadLimits
        Size and nesting limits.

    Raises
    ------
    kansen.io.ImportRejected
        With every problem, by row and column.

    Examples
    --------
    >>> text = (b"reference,age,pc4,needs,languages,slots,urgency,filed,deprivation\\n"
    ...         b"R-1,9,3511,taal;huiswerk,ar;nl,wo-middag,2,2026-09-01,84\\n")
    >>> [(r.reference, sorted(r.needs), r.urgency) for r in read_requests(text, "vragen.csv")]
    [('R-1', ['huiswerk', 'taal'], 2)]
    """
    data, name = _read(source, filename)
    log = _Log(name)
    items = _items(data, name, "requests", log, limits)
    for row, item in items:
        check_item(item, "requests", row, log)
    log.raise_if_any()
    _unique(((row, item["reference"]) for row, item in items), "reference", log)
    _known_pc4(((row, item["pc4"]) for row, item in items), pc4_points, log)
    result = []
    for row, item in items:
        filed = _date(item["filed"], row, "filed", log)
        deprivation = item.get("deprivation")
        result.append(
            SupportRequest(
                reference=item["reference"],
                age=int(item["age"]),
                pc4=item["pc4"],
                needs=frozenset(item["needs"]),
                languages=frozenset(item["languages"]),
                slots=frozenset(item["slots"]),
                urgency=int(item.get("urgency", 1)),
                filed=filed or date.min,
                deprivation=None if deprivation is None else float(deprivation),
            )
        )
    log.raise_if_any()
    return result


def read_supply(
    source: str | Path | bytes,
    filename: str | None = None,
    *,
    pc4_points: Mapping[str, Any] | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> list[Supply]:
    """Read volunteers and offers with places from a JSON, CSV or Excel file
    (``supply.schema.json``); parameters and problems as :func:`read_requests`.

    Examples
    --------
    >>> text = (b'[{"id": "V-1", "kind": "volunteer", "provider": "Taalmaatjes",'
    ...         b' "support_types": ["taal"], "languages": ["nl", "ar"], "slots": ["wo-middag"],'
    ...         b' "pc4": "3512", "max_km": 5, "capacity": 2, "min_age": 6, "max_age": 12}]')
    >>> [(s.id, s.capacity, s.max_km) for s in read_supply(text, "maatjes.json")]
    [('V-1', 2, 5.0)]
    """
    data, name = _read(source, filename)
    log = _Log(name)
    items = _items(data, name, "supply", log, limits)
    for row, item in items:
        check_item(item, "supply", row, log)
    log.raise_if_any()
    _unique(((row, item["id"]) for row, item in items), "id", log)
    _known_pc4(((row, item["pc4"]) for row, item in items), pc4_points, log)
    result = []
    for row, item in items:
        start = _date(item.get("available_from"), row, "available_from", log)
        end = _date(item.get("available_until"), row, "available_until", log)
        if start and end and start > end:
            log.add("matching.date_order", row, "available_from", start=start, end=end)
        low, high = int(item.get("min_age", 0)), int(item.get("max_age", 23))
        if low > high:
            log.add("matching.age_order", row, "min_age", min_age=low, max_age=high)
        result.append(
            Supply(
                id=item["id"],
                kind=item["kind"],
                provider=item["provider"],
                support_types=frozenset(item["support_types"]),
                languages=frozenset(item["languages"]),
                slots=frozenset(item["slots"]),
                pc4=item["pc4"],
                max_km=float(item["max_km"]),
                capacity=int(item["capacity"]),
                min_age=low,
                max_age=high,
                available_from=start,
                available_until=end,
            )
        )
    log.raise_if_any()
    return result


def read_pc4_points(
    source: str | Path | bytes, filename: str | None = None
) -> dict[str, tuple[float, float]]:
    """Postcode-area centres in RD New from a CSV of PC4 centres in WGS 84.

    The public PC4 lists' format, as the directory reads it: columns ``postcode``, ``latitude``,
    ``longitude`` (others ignored); converted with :func:`kansen.access.lonlat_to_rd` and rounded
    to 0.1 m as the directory stores them. (The directory's reader lives in the platform, which
    the library may not import; a shared reader in :mod:`kansen.io` would serve both.)

    Raises
    ------
    kansen.io.ImportRejected
        With every problem by row and column.

    Examples
    --------
    >>> points = read_pc4_points(b"postcode,latitude,longitude\\n3511,52.0907,5.1214\\n", "pc4.csv")
    >>> {code: (round(x), round(y)) for code, (x, y) in points.items()}
    {'3511': (136784, 455860)}
    """
    from kansen.access import lonlat_to_rd

    data, name = _read(source, filename)
    log = ProblemLog(name)
    table = read_table(data, name, None, log)
    header = [str(c).strip() for c in (table.rows[0] if table.rows else [])]
    missing = [c for c in ("postcode", "latitude", "longitude") if c not in header]
    for column in missing:
        log.error(1, column, f"the column {column!r} is missing", "postcode, latitude, longitude")
    log.raise_if_errors()
    at = {column: header.index(column) for column in ("postcode", "latitude", "longitude")}
    codes, lons, lats = [], [], []
    for row_number, row in enumerate(table.rows[1:], start=2):
        cells = {
            k: (str(row[i]).strip() if i < len(row) and row[i] is not None else "")
            for k, i in at.items()
        }
        if not any(cells.values()):
            continue
        code = cells["postcode"]
        if not re.fullmatch(r"[1-9]\d{3}", code):
            log.error(
                row_number,
                "postcode",
                f"{code!r} is not a four-digit postcode",
                "four digits from 1000 to 9999",
            )
        try:
            lat, lon = float(cells["latitude"]), float(cells["longitude"])
        except ValueError:
            log.error(
                row_number,
                "latitude",
                "latitude and longitude must be numbers",
                "degrees (WGS 84) with a decimal point",
            )
            continue
        if not (50.6 <= lat <= 53.7 and 3.2 <= lon <= 7.3):
            log.error(
                row_number,
                "latitude",
                f"({lat}, {lon}) is not in the Netherlands",
                "latitude 50.6-53.7, longitude 3.2-7.3",
            )
            continue
        codes.append(code)
        lats.append(lat)
        lons.append(lon)
    log.raise_if_errors()
    x, y = lonlat_to_rd(lons, lats)
    # to 0.1 m, as the platform stores them (PostcodeArea): the same distances either way
    return {
        code: (round(float(a), 1), round(float(b), 1))
        for code, a, b in zip(codes, x, y, strict=True)
    }


#: Columns of the matches file.
MATCH_COLUMNS = (
    "reference", "status", "supply_id", "needs_covered", "distance_km", "priority",
    "waiting_days", "reason",
)  # fmt: skip


def write_matches(
    result: MatchResult,
    requests_order: Sequence[str] | None = None,
    *,
    explanations: bool = False,
    language: Literal["nl", "en"] = "nl",
) -> str:
    """The proposals and the waiting list as CSV text, one row per request.

    ``status`` is ``proposed`` or ``waiting``; ``reason`` the code of why a request waits;
    with ``explanations`` a column ``explanation`` says it in ``language`` (for a proposal:
    every constraint it meets and its cost, separated by `` | ``).
    """
    rows: dict[str, list[Any]] = {}
    texts: dict[str, str] = {}
    for p in result.proposals:
        rows[p.reference] = [
            p.reference, "proposed", p.supply_id, ";".join(p.needs_covered),
            f"{p.distance_km:.1f}", p.priority, p.waiting_days, "",
        ]  # fmt: skip
        if explanations:
            texts[p.reference] = " | ".join(explain(r, language) for r in p.reasons)
    for w in result.waiting:
        rows[w.reference] = [
            w.reference,
            "waiting",
            "",
            "",
            "",
            w.priority,
            w.waiting_days,
            w.reason.code,
        ]
        if explanations:
            texts[w.reference] = explain(w.reason, language)
    order = list(requests_order) if requests_order is not None else sorted(rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*MATCH_COLUMNS, "explanation"] if explanations else MATCH_COLUMNS)
    for reference in order:
        writer.writerow([*rows[reference], texts[reference]] if explanations else rows[reference])
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, frozenset | set):
        return ";".join(sorted(value))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def requests_csv(requests: Iterable[SupportRequest]) -> str:
    """Requests as a CSV file that :func:`read_requests` reads back."""
    columns = list(schema("requests")["items"]["properties"])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for r in requests:
        writer.writerow([_cell(getattr(r, c)) for c in columns])
    return out.getvalue()


def supply_csv(supply: Iterable[Supply]) -> str:
    """Supply as a CSV file that :func:`read_supply` reads back."""
    columns = list(schema("supply")["items"]["properties"])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for s in supply:
        writer.writerow([_cell(getattr(s, c)) for c in columns])
    return out.getvalue()
