"""Official figures from a CBS open-data table (OData v3) as the area-values import reads them.

:func:`fetch_cbs` downloads a table with ``cbsodata`` (CBS's own well-kept client) and
:func:`cbs_values_csv` turns its rows into the CSV that :func:`kansen.io.read_area_values`
reads, so the figures go through the same all-or-nothing import as a StatLine export. Which
columns become which indicators (with unit and direction) is a mapping file with a source:
:func:`read_cbs_mapping`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from kansen.problems import ProblemText

from ._model import Direction

#: The wording of what can go wrong while fetching a CBS table.
CBS_TEXTS: dict[str, ProblemText] = {
    "cbs.no_network": ProblemText(
        "CBS open data ({host}) cannot be reached: there is no network connection",
        "a connection to the internet; or download the table from StatLine as CSV and use "
        "kansen import values",
    ),
    "cbs.http_error": ProblemText(
        "CBS open data answered {status} for table {table}",
        "an existing table identifier such as 85318NED",
    ),
    "cbs.not_json": ProblemText("CBS open data did not answer with JSON for table {table}"),
    "cbs.no_rows": ProblemText(
        "table {table} has no rows for {municipality}", "a municipality code such as GM0546"
    ),
    "cbs.missing_column": ProblemText(
        "table {table} has no column {key} (the mapping names it)",
        "a column key of the table, such as AantalInwoners_5",
    ),
    "cbs.other_column": ProblemText(
        "in table {table} the column {key} is “{found}”, not “{title}” as the mapping says "
        "(tables of other years number their columns differently)",
        "the key of the column “{title}” in this table's DataProperties",
    ),
}


@dataclass(frozen=True)
class CbsColumn:
    """A column of a CBS table that becomes an indicator.

    Attributes
    ----------
    key : str
        The column's key in the table (e.g. ``"AantalInwoners_5"``).
    name : str
        The indicator's name in the platform (e.g. ``"Aantal inwoners"``).
    unit : str
        Its unit (e.g. ``"aantal"``, ``"%"``).
    direction : {"higher", "lower"} or None
        Which way is better, when the figure is used as a monitoring indicator.
    title : str
        The column's title in the table's DataProperties (``"Aantal inwoners"``); when given,
        :func:`fetch_cbs` checks that the key is that column in this table ("" : not checked).
    """

    key: str
    name: str
    unit: str
    direction: Direction | None = None
    title: str = ""


@dataclass(frozen=True)
class CbsMapping:
    """Which columns of a CBS table become which indicators.

    Attributes
    ----------
    table : str
        The table's identifier (e.g. ``"85318NED"``).
    year : int
        The year its figures describe (a Kerncijfers table is one year).
    source : str
        Where the mapping (and the meaning of the columns) comes from.
    columns : tuple of CbsColumn
        The indicators.
    code_key : str
        The column with the CBS area code (``"Codering_3"`` in the Kerncijfers tables; the
        client replaces the key of the area dimension by its name).
    name_key : str
        The column with the area's name (``"WijkenEnBuurten"``: the client gives its title).
    """

    table: str
    year: int
    source: str
    columns: tuple[CbsColumn, ...]
    code_key: str = "Codering_3"
    name_key: str = "WijkenEnBuurten"


class CbsUnavailable(RuntimeError):
    """CBS could not be reached or answered with an error; ``code`` and ``params`` say which
    (``cbs.no_network``, ``cbs.http_error``, ``cbs.not_json``), see :data:`CBS_TEXTS`."""

    def __init__(self, code: str, /, **params: Any) -> None:
        self.code = code
        self.params: dict[str, Any] = params
        super().__init__(code)


#: The host of CBS's OData v3 feeds (``cbsodata``'s default catalog).
CBS_HOST = "opendata.cbs.nl"

#: How long to wait for CBS before saying it does not answer (seconds).
TIMEOUT = 60

_TABLE = re.compile(r"^[0-9]{5}[A-Z]{3}$")


def packaged_mapping(table: str) -> Path | None:
    """The mapping that comes with kansen for a table (``data/cbs-<table>.yaml``), if any.

    >>> packaged_mapping("85318NED").name, packaged_mapping("00000XXX")
    ('cbs-85318NED.yaml', None)
    """
    path = Path(str(resources.files("kansen.monitoring").joinpath("data", f"cbs-{table}.yaml")))
    return path if path.is_file() else None


def read_cbs_mapping(source: str | Path, text: str | None = None) -> CbsMapping:
    """Read a mapping file (YAML or JSON) of a CBS table; ``text`` instead of reading
    ``source`` (then only its name in messages).

    The file names the table, the year its figures describe, where the mapping comes from and
    one entry per column: its key in the table, the indicator's name and unit, and optionally
    which direction is better::

        table: 85318NED
        year: 2022
        source: CBS StatLine 85318NED, column keys from its DataProperties
        columns:
          - {key: AantalInwoners_5, name: Aantal inwoners, unit: aantal}

    Raises
    ------
    kansen.monitoring.MonitorRejected
        With every problem and its path and line.
    """
    import jsonschema

    from kansen.plans import PlanFormatError, Problem, read_plan_text

    from ._document import MONITOR_LIMITS, Format, MonitorRejected, _schema_problem, too_large

    path = Path(source)
    name = path.name
    if text is None:
        if path.stat().st_size > MONITOR_LIMITS.max_bytes:
            raise too_large(name)
        text = path.read_text("utf-8-sig")
    format: Format = "json" if path.suffix.lower() == ".json" else "yaml"
    try:
        document = read_plan_text(text, format, name, MONITOR_LIMITS)
    except PlanFormatError as error:
        raise MonitorRejected(error.problems, name) from None
    validator = jsonschema.Draft202012Validator(_MAPPING_SCHEMA)
    errors = sorted(validator.iter_errors(document.data), key=lambda e: e.json_path)
    problems: list[Problem] = [_schema_problem(error) for error in errors]
    if not problems:
        seen: dict[str, int] = {}
        for i, column in enumerate(document.data["columns"]):
            if column["key"] in seen:
                problems.append(
                    Problem(
                        f"columns[{i}].key",
                        "error",
                        "format",
                        f"the column {column['key']} is mapped twice",
                        reason="unreadable",
                        params={"detail": f"the column {column['key']} is mapped twice"},
                    )
                )
            seen[column["key"]] = i
    if problems:
        from dataclasses import replace

        located = [replace(p, line=document.line_of(p.path)) for p in problems]
        raise MonitorRejected(located, name)
    data = document.data
    return CbsMapping(
        table=str(data["table"]),
        year=int(data["year"]),
        source=str(data["source"]),
        columns=tuple(
            CbsColumn(
                str(c["key"]),
                str(c["name"]),
                str(c["unit"]),
                c.get("direction"),
                str(c.get("title", "")),
            )
            for c in data["columns"]
        ),
        code_key=str(data.get("code_key", "Codering_3")),
        name_key=str(data.get("name_key", "WijkenEnBuurten")),
    )


#: The JSON Schema of a mapping file.
_MAPPING_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["table", "year", "source", "columns"],
    "properties": {
        "table": {"type": "string", "pattern": "^[0-9]{5}[A-Z]{3}$"},
        "title": {"type": "string"},
        "year": {"type": "integer", "minimum": 1900, "maximum": 2100},
        "source": {"type": "string", "minLength": 1},
        "code_key": {"type": "string", "minLength": 1},
        "name_key": {"type": "string", "minLength": 1},
        "columns": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["key", "name", "unit"],
                "properties": {
                    "key": {"type": "string", "minLength": 1},
                    "name": {"type": "string", "minLength": 1},
                    "unit": {"type": "string", "minLength": 1},
                    "direction": {"enum": ["higher", "lower"]},
                    "title": {"type": "string", "minLength": 1},
                },
            },
        },
    },
}


def fetch_cbs(
    mapping: CbsMapping, municipality: str | None = None, *, catalog_url: str | None = None
) -> list[dict[str, Any]]:
    """The rows of the mapping's table, through ``cbsodata.get_data``, with the area code, the
    name and the mapped columns only; with ``municipality`` (``"GM0546"``) only the rows of the
    municipality, its districts and neighbourhoods.

    ``cbsodata.get_data`` reads the table's TypedDataSet by default (its ``typed`` flag reads
    the opposite way): figures come as JSON numbers, a figure CBS does not give as null. A
    fraction is written back by its shortest text (``2.4``), which is the text CBS sent. Texts
    are stripped of the padding CBS gives them.

    Raises
    ------
    CbsUnavailable
        When there is no network (``cbs.no_network``), CBS answers with an error
        (``cbs.http_error``) or not with JSON (``cbs.not_json``), the table lacks a column of
        the mapping (``cbs.missing_column``), has a column of the mapping's key under another
        title than the mapping's (``cbs.other_column``), or has no rows for the municipality
        (``cbs.no_rows``).
    """
    import cbsodata
    import requests

    if not _TABLE.match(mapping.table):  # pragma: no cover - the mapping's schema checks it
        raise ValueError(f"not a CBS table identifier: {mapping.table!r}")
    host = catalog_url or CBS_HOST
    select = [mapping.name_key, mapping.code_key, *(c.key for c in mapping.columns)]
    filters = None
    digits = ""
    if municipality:
        digits = municipality.strip().upper().removeprefix("GM")
        if not re.fullmatch(r"[0-9]{4}", digits):
            raise ValueError(f"expected a municipality code such as GM0546; got {municipality!r}")
        # a superset on the server (the digits anywhere in the code), exact here
        filters = f"substringof('{digits}',{mapping.name_key})"
    try:
        if any(c.title for c in mapping.columns):
            properties = cbsodata.get_meta(
                mapping.table, "DataProperties", catalog_url=catalog_url, timeout=TIMEOUT
            )
            _check_titles(mapping, properties)
        rows = cbsodata.get_data(
            mapping.table,
            select=select,
            filters=filters,
            catalog_url=catalog_url,
            timeout=TIMEOUT,
        )
    except requests.HTTPError as error:
        # cbsodata raises a new HTTPError from the one with the response (a Response of an
        # error is falsy: compare with None)
        response = getattr(error.__cause__, "response", None)
        if response is None:
            response = error.response
        status = getattr(response, "status_code", None) or "an error"
        raise CbsUnavailable("cbs.http_error", status=status, table=mapping.table) from error
    except (requests.ConnectionError, requests.Timeout) as error:
        raise CbsUnavailable("cbs.no_network", host=host) from error
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise CbsUnavailable("cbs.not_json", table=mapping.table) from error
    cleaned = [{k: v.strip() if isinstance(v, str) else v for k, v in r.items()} for r in rows]
    for key in select:
        if cleaned and key not in cleaned[0]:
            raise CbsUnavailable("cbs.missing_column", table=mapping.table, key=key)
    if municipality:
        prefixes = tuple(f"{level}{digits}" for level in ("GM", "WK", "BU"))
        cleaned = [r for r in cleaned if str(r.get(mapping.code_key, "")).startswith(prefixes)]
        if not cleaned:
            raise CbsUnavailable("cbs.no_rows", table=mapping.table, municipality=f"GM{digits}")
    return [{key: row.get(key) for key in select} for row in cleaned]


def _check_titles(mapping: CbsMapping, properties: Sequence[Mapping[str, Any]]) -> None:
    """Every column of the mapping with a title is that column in the table: the keys number
    the columns of one table, and the tables of other years number them differently (public
    code that reads these tables has the population density as ``Bevolkingsdichtheid_33`` in
    one year and ``Bevolkingsdichtheid_34`` in another), so a key is never assumed to mean in
    one table what it means in another."""
    titles = {str(p.get("Key")): str(p.get("Title") or "").strip() for p in properties}
    for column in mapping.columns:
        if not column.title:
            continue
        if column.key not in titles:
            raise CbsUnavailable("cbs.missing_column", table=mapping.table, key=column.key)
        if titles[column.key].casefold() != column.title.strip().casefold():
            raise CbsUnavailable(
                "cbs.other_column",
                table=mapping.table,
                key=column.key,
                found=titles[column.key],
                title=column.title,
            )


def cbs_values_csv(rows: Sequence[Mapping[str, Any]], mapping: CbsMapping) -> bytes:
    """The rows as the CSV that :func:`kansen.io.read_area_values` reads: a column of codes,
    names, the year, then one ``Name (unit)`` column per indicator; a value CBS does not give
    (null) becomes ``.`` (suppressed, never zero).

    The layout is that of a StatLine export (``;`` between cells, a decimal point), so the
    figures go through exactly the checks of ``kansen import values``.

    >>> mapping = CbsMapping("85318NED", 2022, "test", (CbsColumn("A_1", "Inwoners", "aantal"),))
    >>> rows = [{"WijkenEnBuurten": "Leiden", "Codering_3": "GM0546", "A_1": "125574"},
    ...         {"WijkenEnBuurten": "Binnenstad", "Codering_3": "WK054601", "A_1": None}]
    >>> print(cbs_values_csv(rows, mapping).decode())
    Wijken en buurten;Codering;Perioden;Inwoners (aantal)
    Leiden;GM0546;2022;125574
    Binnenstad;WK054601;2022;.
    <BLANKLINE>
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(
        [
            "Wijken en buurten",
            "Codering",
            "Perioden",
            *(f"{c.name} ({c.unit})" for c in mapping.columns),
        ]
    )
    for row in rows:
        values = [_cell(row.get(c.key)) for c in mapping.columns]
        writer.writerow(
            [
                row.get(mapping.name_key) or "",
                row.get(mapping.code_key) or "",
                mapping.year,
                *values,
            ]
        )
    return out.getvalue().encode("utf-8")


def _cell(value: Any) -> str:
    """A figure as StatLine writes it: its text, ``.`` when unknown."""
    if value is None:
        return "."
    if isinstance(value, float):
        return repr(value)
    return str(value).strip() or "."


def cbs_message(error: CbsUnavailable, language: str = "en") -> tuple[str, str | None]:
    """What went wrong fetching from CBS, and what is needed instead, in ``language``."""
    from kansen.problems import fill, translations

    text = CBS_TEXTS[error.code]
    catalog = translations(language)
    expected = fill(catalog.gettext(text.expected), error.params) if text.expected else None
    return fill(catalog.gettext(text.message), error.params), expected
