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

import dataclasses
import io
import re
from collections.abc import Collection, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import openpyxl

from kansen.io import DEFAULT_LIMITS, ImportRejected, Problem, ReadLimits
from kansen.io._problems import ProblemLog
from kansen.io._sheets import append_row, read_spreadsheet_text, write_csv
from kansen.io._tables import EXCEL_UTF8, read_table

from ._model import TEXT_FIELDS, TRANSLATION_LANGUAGES, OfferRecord
from ._validate import MAX_LOCATIONS, build_offer

#: What Excel writes for letters that its Windows-1252 "CSV" type cannot hold; three in a row
#: are not in any real text of an offer.
_LOST_LETTERS = "???"
_LOST_MESSAGE = (
    "er staat '???' in de cel: bij het opslaan van het bestand zijn letters verloren gegaan "
    f"(Arabisch, Oekraïens, Pools ł); sla het bestand op als {EXCEL_UTF8}"
)

_CSV_EXPECTED = "een CSV-bestand met ; , of tab als scheidingsteken en aanhalingstekens in paren"
#: The problems of reading the file (kansen.io speaks English to analysts and the command line) as
#: providers read them on the Dutch import page: (pattern, message, expected).
_READING_IN_DUTCH: tuple[tuple[re.Pattern[str], str, str | None], ...] = (
    (
        re.compile(r"old Excel \.xls files cannot be read"),
        "oude Excel-bestanden (.xls) kunnen niet worden gelezen",
        "een .xlsx- of CSV-bestand",
    ),
    (
        re.compile(r"the file cannot be read as an Excel workbook"),
        "het bestand is geen leesbaar Excel-werkboek",
        "een .xlsx- of CSV-bestand",
    ),
    (
        re.compile(r"the workbook has (?P<n>\d+) sheets; read '(?P<sheet>.*)'"),
        "het werkboek heeft {n} tabbladen; alleen het eerste, '{sheet}', is gelezen",
        None,
    ),
    (
        re.compile(r"the file is not valid UTF-16 text"),
        "het bestand is geen geldige UTF-16-tekst",
        f"een bestand opgeslagen als {EXCEL_UTF8}",
    ),
    (
        re.compile(r"the file is not a text \(CSV\) file: line (?P<n>\d+)"),
        "het bestand is geen tekstbestand (CSV): regel {n} bevat binaire gegevens",
        "een CSV- of .xlsx-bestand",
    ),
    (
        re.compile(r"the file is not UTF-8 \(line (?P<n>\d+)"),
        "het bestand is niet opgeslagen als UTF-8 (regel {n}); letters buiten Windows-1252 zijn "
        f'dan al verloren. Kies in Excel "Opslaan als", "{EXCEL_UTF8}"',
        f"een CSV-bestand opgeslagen als {EXCEL_UTF8}",
    ),
    (
        re.compile(r"line (?P<n>\d+) cannot be read as CSV"),
        "regel {n} is niet als CSV te lezen",
        _CSV_EXPECTED,
    ),
)


def _in_dutch(problem: Problem) -> Problem:
    """A problem of reading the file with its message and expectation in Dutch."""
    for pattern, message, expected in _READING_IN_DUTCH:
        found = pattern.match(problem.message)
        if found:
            return dataclasses.replace(
                problem, message=message.format(**found.groupdict()), expected=expected
            )
    return problem


_SCALARS = (
    "id",
    "provider",
    "title",
    "summary",
    "description",
    "support_types",
    "age_min",
    "age_max",
    "audiences",
    "cost",
    "cost_amount",
    "cost_note",
    "languages",
    "apply_route",
    "how_to_apply",
    "email",
    "phone",
    "website",
    "capacity",
    "regulation",
    "last_checked",
    "is_published",
)
#: Location field -> column suffix.
_LOCATION_COLUMNS = {
    "name": "name",
    "address": "address",
    "postcode": "postcode",
    "city": "city",
    "buurt_code": "buurt",
    "x": "x",
    "y": "y",
}
#: Every column of the table, in the order written.
OFFER_COLUMNS: tuple[str, ...] = (
    *_SCALARS,
    *(
        f"location{i}_{suffix}"
        for i in range(1, MAX_LOCATIONS + 1)
        for suffix in _LOCATION_COLUMNS.values()
    ),
    *(f"{name}_{language}" for language in TRANSLATION_LANGUAGES for name in TEXT_FIELDS),
)
_REQUIRED_COLUMNS = (
    "id",
    "provider",
    "title",
    "support_types",
    "audiences",
    "cost",
    "apply_route",
    "last_checked",
)


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
    log = ProblemLog(Path(filename).name)
    reading = ProblemLog(log.file)
    try:
        table = read_table(data, filename, None, reading, limits=limits)
    except ImportRejected as rejected:
        raise ImportRejected([_in_dutch(p) for p in rejected.problems]) from rejected
    finally:
        log.problems.extend(_in_dutch(p) for p in reading.problems)
    rows = table.rows
    while rows and all(_is_blank(cell) for cell in rows[-1]):
        rows.pop()
    if not rows:
        expected = "een kopregel met kolomnamen en een regel per aanbod"
        log.error(None, None, "het bestand is leeg", expected)
        log.raise_if_errors()
    header = [str(cell).strip().lower() if cell is not None else "" for cell in rows[0]]
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        if not name:
            continue
        if name in columns:
            log.error(1, name, "deze kolom staat er twee keer in", "elke kolom één keer")
        elif name not in OFFER_COLUMNS:
            if name.startswith("location") and name[8:9].isdigit() and int(name[8:9]) > 3:
                message = f"kolom '{name}': een aanbod heeft hoogstens {MAX_LOCATIONS} locaties"
            else:
                message = f"onbekende kolom '{name}'"
            log.error(
                1,
                name,
                message,
                "de kolomnamen van de kopregel van een export van het aanbod",
            )
        else:
            columns[name] = index
    for name in _REQUIRED_COLUMNS:
        if name not in columns:
            log.error(1, None, f"de kolom '{name}' ontbreekt", f"een kolom '{name}'")
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

        raw: dict[str, Any] = {name: get(name) for name in _SCALARS if name in columns}
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
                log.error(index, name, _LOST_MESSAGE, f"een bestand opgeslagen als {EXCEL_UTF8}")

        def report(path: str, message: str, expected: str | None, row: int = index) -> None:
            log.error(row, _column_of(path), message, expected)

        offer = build_offer(raw, report, providers=providers)
        offer_id = str(raw.get("id") or "")
        if offer_id:
            if offer_id in first_row:
                log.error(
                    index,
                    "id",
                    f"de id '{offer_id}' staat ook in rij {first_row[offer_id]}",
                    "een unieke id per aanbod",
                )
            else:
                first_row[offer_id] = index
        if offer is not None:
            offers.append(offer)
    log.raise_if_errors()
    if not offers:
        expected = "een regel per aanbod onder de kopregel"
        log.error(None, None, "het bestand bevat geen aanbod", expected)
        raise ImportRejected(log.problems)
    return offers


def _row(offer: OfferRecord, fmt: str) -> list[Any]:
    def number(value: float | Decimal | None) -> Any:
        if value is None:
            return ""
        if fmt == "xlsx":
            return float(value)
        return str(value).replace(".", ",")

    def integer(value: int | None) -> Any:
        if value is None:
            return ""
        return value if fmt == "xlsx" else str(value)

    values: dict[str, Any] = {
        "id": offer.id,
        "provider": offer.provider,
        "title": offer.title,
        "summary": offer.summary,
        "description": offer.description,
        "support_types": ";".join(offer.support_types),
        "age_min": integer(offer.age_min),
        "age_max": integer(offer.age_max),
        "audiences": ";".join(offer.audiences),
        "cost": offer.cost,
        "cost_amount": number(offer.cost_amount),
        "cost_note": offer.cost_note,
        "languages": ";".join(offer.languages),
        "apply_route": offer.apply_route,
        "how_to_apply": offer.how_to_apply,
        "email": offer.email,
        "phone": offer.phone,
        "website": offer.website,
        "capacity": integer(offer.capacity),
        "regulation": offer.regulation,
        "last_checked": offer.last_checked.isoformat(),
        "is_published": "ja" if offer.is_published else "nee",
    }
    for i, location in enumerate(offer.locations, start=1):
        for field, suffix in _LOCATION_COLUMNS.items():
            value = getattr(location, field)
            if field in ("x", "y"):  # RD metres to the centimetre, without float noise
                value = number(None if value is None else round(value, 2))
            values[f"location{i}_{suffix}"] = value
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
