"""Official figures from a CBS open-data table (OData v3) as the area-values import reads them.

:func:`fetch_cbs` downloads a table with ``cbsodata`` (CBS's own well-kept client) and
:func:`cbs_values_csv` turns its rows into the CSV that :func:`kansen.io.read_area_values`
reads, so the figures go through the same all-or-nothing import as a StatLine export. Which
columns become which indicators (with unit and direction) is a mapping file with a source:
:func:`read_cbs_mapping`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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
    """

    key: str
    name: str
    unit: str
    direction: Direction | None = None


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


def read_cbs_mapping(source: str | Path, text: str | None = None) -> CbsMapping:
    """Read a mapping file (YAML or JSON) of a CBS table; ``text`` instead of reading
    ``source`` (then only its name in messages).

    Raises
    ------
    kansen.monitoring.MonitorRejected
        With every problem and its path and line.
    """
    raise NotImplementedError


def fetch_cbs(
    mapping: CbsMapping, municipality: str | None = None, *, catalog_url: str | None = None
) -> list[dict[str, Any]]:
    """The rows of the mapping's table, through ``cbsodata.get_data``, with the area code, the
    name and the mapped columns only; with ``municipality`` (``"GM0546"``) only the rows of the
    municipality, its districts and neighbourhoods.

    Raises
    ------
    CbsUnavailable
        When there is no network, CBS answers with an error or not with JSON.
    """
    raise NotImplementedError


def cbs_values_csv(rows: Sequence[Mapping[str, Any]], mapping: CbsMapping) -> bytes:
    """The rows as the CSV that :func:`kansen.io.read_area_values` reads: a column of codes,
    names, the year, then one ``Name (unit)`` column per indicator; a value CBS does not give
    (null) becomes ``.`` (suppressed, never zero)."""
    raise NotImplementedError
