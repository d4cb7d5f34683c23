"""Offers as a table: CSV or Excel, one row per offer, for import and export.

Layout
------
The header row names the columns below, in any order; only ``id``, ``provider``, ``title``,
``support_types``, ``audiences``, ``cost``, ``apply_route`` and ``last_checked`` must be there.

=================================  ==========================================================
column                             content
=================================  ==========================================================
id                                 code of the offer: lowercase letters, digits, hyphens
provider                           code (id) of the provider
title, summary, description        Dutch texts
support_types                      codes joined with ``;``, e.g. ``huiswerk;taal``
age_min, age_max                   whole years, inclusive; empty for no bound
audiences                          codes joined with ``;``: kind, jongere, ouder, professional
cost                               free, contribution or price
cost_amount                        euros: ``12,50`` or ``12.50``; empty when free
cost_note                          text, e.g. "per seizoen"
languages                          codes joined with ``;`` (empty: nl)
apply_route                        self or professional
how_to_apply, email, phone,        text
website
capacity                           number of places, or empty
regulation                         id of a regulation, or empty
last_checked                       date, ``2026-03-15`` (``15-03-2026`` is read too)
is_published                       ja/nee (empty: ja)
location1_name ... location3_y     per location (up to 3): name, address, postcode, city,
                                   buurt (CBS code), x and y (RD New metres, may be empty)
title_en ... how_to_apply_uk       translations: title, summary, description and how_to_apply
                                   for en, tr, ar, pl and uk
=================================  ==========================================================

CSV files are read as UTF-8 (with or without BOM; a file in another encoding is rejected) with
``;``, ``,`` or tab; Excel ``.xlsx`` files from their first sheet. A text cell with ``???`` is
rejected: that is what Excel leaves of letters its "CSV" (Windows-1252) type cannot hold.
Reading is all-or-nothing: every problem is reported with its spreadsheet row (header = row 1)
and column before anything is returned. Writing gives UTF-8 with BOM and ``;`` (what Dutch
Excel opens directly) or ``.xlsx``. A text that a spreadsheet would run as a formula (it starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written as text: in CSV with a
leading ``'``, which reading takes off again (:mod:`kansen.io._sheets`).
"""

from __future__ import annotations

import io
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any, Literal

import openpyxl

from kansen.io import DEFAULT_LIMITS, ImportRejected, Problem, ReadLimits
from kansen.io._problems import ProblemLog
from kansen.io._sheets import append_row, read_spreadsheet_text, write_csv
from kansen.io._tables import EXCEL_UTF8, read_table

from ._kinds import kind_of
from ._model import OfferRecord
from ._problems import offer_problem, reading_in_dutch
from ._schema import (
    LOCATION_SCHEMA,
    MAX_LOCATIONS,
    OFFER_SCHEMA,
    TEXT_FIELDS,
    TRANSLATION_LANGUAGES,
    FieldSpec,
)
from ._validate import build_offer

#: What Excel writes for letters that its Windows-1252 "CSV" type cannot hold; three in a row
#: are not in any real text of an offer.
_LOST_LETTERS = "???"

#: Location field -> column suffix.
_LOCATION_COLUMNS = {spec.name: spec.column_name for spec in LOCATION_SCHEMA}
#: Every column of the table, in the order written.
OFFER_COLUMNS: tuple[str, ...] = (
    *(spec.name for spec in OFFER_SCHEMA),
    *(
        f"location{i}_{suffix}"
        for i in range(1, MAX_LOCATIONS + 1)
        for suffix in _LOCATION_COLUMNS.values()
    ),
    *(f"{name}_{language}" for language in TRANSLATION_LANGUAGES for name in TEXT_FIELDS),
)
_REQUIRED_COLUMNS = tuple(spec.name for spec in OFFER_SCHEMA if spec.required)


def _column_of(path: str) -> str:
    """The table column of a field path of :func:`build_offer`."""
    if path.startswith("locations["):
        index, _, field = path.removeprefix("locations[").partition("].")
        if not field:
            return "locations"
        return f"location{int(index) + 1}_{_LOCATION_COLUMNS.get(field, field)}"
    if path.startswith("translations."):
        _, language, field = path.split(".", 2) + [""] * (3 - len(path.split(".", 2)))
        return f"{field}_{language}" if field else "translations"
    return path


def _cell(value: Any) -> Any:
    """A cell as build_offer takes it: text stripped (without the quote an export puts before a
    formula-like text), Excel numbers kept."""
    if isinstance(value, str):
        return read_spreadsheet_text(value.strip())
    return value


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _OffersLog(ProblemLog):
    """The problems of one offers file, by code with their Dutch words, kept up to the limit."""

    def add(self, code: str, row: int | None, column: str | None, /, **params: Any) -> None:
        def make() -> Problem:
            return offer_problem(code, self.file, row, column, **params)

        if not self._full("error", column, code, make):
            self.problems.append(make())


def read_offers_table(
    data: bytes | Path,
    filename: str,
    *,
    providers: Collection[str] | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> list[OfferRecord]:
    """Read offers from a CSV or Excel table (see the module docstring for the layout).

    Parameters
    ----------
    data : bytes or Path
        The file's content, or its path.
    filename : str
        The file name as the user knows it; ``.xlsx`` means Excel.
    providers : collection of str, optional
        The provider ids offers may name; not checked when None.
    limits : ReadLimits, optional
        How large the file may be and what an Excel file may unpack to.

    Returns
    -------
    list of OfferRecord
        In the order of the rows.

    Raises
    ------
    kansen.io.ImportRejected
        With every problem, each with its row (header = row 1) and column; nothing is returned
        when any row is wrong.

    Examples
    --------
    >>> table = b"id;provider;title;support_types;audiences;cost;apply_route;last_checked\\n"
    >>> table += b"taalcafe;bieb;Taalcaf\\xc3\\xa9;taal;ouder;free;self;2026-03-01\\n"
    >>> [offer.title for offer in read_offers_table(table, "aanbod.csv")]
    ['Taalcafé']
    """
    if isinstance(data, Path):
        data = data.read_bytes()
    log = _OffersLog(Path(filename).name)
    reading = ProblemLog(log.file)
    try:
        table = read_table(data, filename, None, reading, limits=limits)
    except ImportRejected as rejected:
        raise ImportRejected([reading_in_dutch(p) for p in rejected.problems]) from rejected
    finally:
        log.problems.extend(reading_in_dutch(p) for p in reading.problems)
    rows = table.rows
    while rows and all(_is_blank(cell) for cell in rows[-1]):
        rows.pop()
    if not rows:
        log.add("offers.empty_file", None, None)
        log.raise_if_errors()
    header = [str(cell).strip().lower() if cell is not None else "" for cell in rows[0]]
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        if not name:
            continue
        if name in columns:
            log.add("offers.column_twice", 1, name)
        elif name not in OFFER_COLUMNS:
            beyond = name[8:9].isdigit() and int(name[8:9]) > MAX_LOCATIONS
            if name.startswith("location") and beyond:
                log.add("offers.location_column_beyond", 1, name, column=name, max=MAX_LOCATIONS)
            else:
                log.add("offers.unknown_column", 1, name, column=name)
        else:
            columns[name] = index
    for name in _REQUIRED_COLUMNS:
        if name not in columns:
            log.add("offers.missing_column", 1, None, column=name)
    log.raise_if_errors()

    offers: list[OfferRecord] = []
    first_row: dict[str, int] = {}
    for index, cells in enumerate(rows[1:], start=2):
        if all(_is_blank(cell) for cell in cells):
            continue

        def get(name: str, cells: list[Any] = cells) -> Any:
            position = columns.get(name)
            if position is None or position >= len(cells):
                return None
            return _cell(cells[position])

        raw: dict[str, Any] = {
            spec.name: get(spec.name) for spec in OFFER_SCHEMA if spec.name in columns
        }
        raw["locations"] = []
        for i in range(1, MAX_LOCATIONS + 1):
            location = {
                field: get(f"location{i}_{suffix}") for field, suffix in _LOCATION_COLUMNS.items()
            }
            if any(not _is_blank(value) for value in location.values()):
                raw["locations"].append(location)
        raw["translations"] = {
            language: {name: get(f"{name}_{language}") for name in TEXT_FIELDS}
            for language in TRANSLATION_LANGUAGES
        }

        for name, position in columns.items():
            if position < len(cells) and _LOST_LETTERS in str(cells[position] or ""):
                log.add("offers.lost_letters", index, name, excel=EXCEL_UTF8)

        def report(path: str, code: str, params: dict[str, Any], row: int = index) -> None:
            log.add(code, row, _column_of(path), **params)

        offer = build_offer(raw, report, providers=providers)
        offer_id = str(raw.get("id") or "")
        if offer_id:
            if offer_id in first_row:
                log.add("offers.duplicate_id", index, "id", id=offer_id, row=first_row[offer_id])
            else:
                first_row[offer_id] = index
        if offer is not None:
            offers.append(offer)
    log.raise_if_errors()
    if not offers:
        log.add("offers.no_offers", None, None)
        raise ImportRejected(log.problems)
    return offers


def _cell_of(spec: FieldSpec, value: Any, fmt: str) -> Any:
    """How a value of a field is written in a cell: by its kind (numbers as numbers in Excel
    and with a decimal comma in CSV, lists of codes joined with ``;``, dates in ISO, yes/no in
    Dutch); empty for None."""
    return "" if value is None else kind_of(spec).cell(value, fmt)


def _row(offer: OfferRecord, fmt: str) -> list[Any]:
    values: dict[str, Any] = {
        spec.name: _cell_of(spec, getattr(offer, spec.name), fmt) for spec in OFFER_SCHEMA
    }
    for i, location in enumerate(offer.locations, start=1):
        for spec in LOCATION_SCHEMA:
            cell = _cell_of(spec, getattr(location, spec.name), fmt)
            values[f"location{i}_{spec.column_name}"] = cell
    for language, translation in offer.translations.items():
        for name in TEXT_FIELDS:
            values[f"{name}_{language}"] = getattr(translation, name)
    return [values.get(column, "") for column in OFFER_COLUMNS]


def write_offers_table(offers: Iterable[OfferRecord], fmt: Literal["csv", "xlsx"]) -> bytes:
    """Write offers as a table that :func:`read_offers_table` reads back to the same records.

    Parameters
    ----------
    offers : iterable of OfferRecord
    fmt : {"csv", "xlsx"}
        CSV (UTF-8 with BOM, ``;``, decimal commas) or an Excel workbook with one sheet.

    Returns
    -------
    bytes

    Examples
    --------
    >>> from kansen.offers import demo_directory
    >>> offers = list(demo_directory().offers)
    >>> read_offers_table(write_offers_table(offers, "csv"), "aanbod.csv") == offers
    True
    """
    rows = [_row(offer, fmt) for offer in offers]
    if fmt == "csv":
        return write_csv(OFFER_COLUMNS, rows).encode("utf-8-sig")
    if fmt == "xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        assert sheet is not None  # a new workbook always has one sheet
        sheet.title = "Aanbod"
        append_row(sheet, OFFER_COLUMNS)
        for row in rows:
            append_row(sheet, [None if value == "" else value for value in row])
        sheet.freeze_panes = "B2"
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    raise ValueError(f"fmt must be 'csv' or 'xlsx', got {fmt!r}")
