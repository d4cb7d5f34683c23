"""Import problems in the user's language.

The library reports a problem as a code with parameters (:class:`kansen.io.Problem`) and an
English text for the command line; here every code has a gettext message with the same
``{name}`` placeholders, so the platform shows it in the language of whoever reads the report,
also for an import run stored long ago. A problem without a known code keeps its English text.
A test checks that every library code has a message here with the same English wording, and a
Dutch translation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from kansen.io import Problem

_POINT = _(
    "a number such as 12.5 or 12,5, or '.' for a suppressed value ('x' secret, '-' zero, "
    "empty or '?' missing)"
)
_COMMA = _(
    "a number with a decimal comma such as 12,5 or 1.234,5 (this column uses decimal commas), "
    "or '.' for a suppressed value"
)
_YEAR = _("a year from 1900 to 2100, such as 2019 or the StatLine period 2019JJ00")
_CODE = _(
    "a CBS area code: GM and 4 digits (municipality, e.g. GM0546), WK and 6 (district, "
    "e.g. WK054601) or BU and 8 (neighbourhood, e.g. BU05460101)"
)

_LARGER = _("the file is larger than the {limit} {unit} accepted for this kind of file")
_DEEP = _("the file is nested more than {limit} levels deep; a real file is nested a few levels")
_XLSX = _("an .xlsx file as Excel saves it, or a CSV file")

#: Problem code -> (message, expected or None), English msgids as in kansen.io.PROBLEM_TEXTS.
PROBLEM_MESSAGES: dict[str, tuple[Promise, Promise | None]] = {
    "file.year_out_of_range": (_("the year given ({year}) is outside 1900-2100"), _YEAR),
    "file.no_header": (_("the file has no header row"), _("a header row with column names")),
    "file.text_above_header": (_("text above the header skipped: '{text}'"), None),
    "header.missing": (
        _("column {letter} has values but no header"),
        _("a name for every column"),
    ),
    "header.twice": (_("this header is used twice (columns {first} and {second})"), None),
    "file.no_code_column": (_("no column with CBS area codes found"), _CODE),
    "file.no_period": (
        _("the file has no period column and no year was given"),
        _("a column 'Perioden', 'jaar' or 'year', or the year of the file"),
    ),
    "column.descriptive": (_("descriptive column, not read as indicator"), None),
    "file.no_indicators": (
        _("the file has no indicator columns"),
        _("a column per indicator next to the area code"),
    ),
    "row.after_data": (_("row after the data skipped: '{text}'"), None),
    "code.invalid": (_("value '{value}' is not a CBS area code"), _CODE),
    "code.empty": (_("the area code is empty"), _CODE),
    "row.width": (
        _("the row has {cells} cells but the header has {width}"),
        _("one cell per column"),
    ),
    "row.duplicate": (
        _("{code} for {year} also appears in row {row}"),
        _("one row per area and year"),
    ),
    "year.invalid": (_("value '{value}' is not a year"), _YEAR),
    "year.empty": (_("the period is empty"), _YEAR),
    "year.out_of_range": (_("year {year} is outside 1900-2100"), _YEAR),
    "year.differs": (_("year {year} differs from the year given ({given})"), None),
    "unit.percent_assumed": (_("no unit in the header; '%' assumed"), None),
    "column.code_taken": (_("code '{base}' was taken; '{code}' is used"), None),
    "column.text": (
        _("the column holds text, not numbers (e.g. {examples})"),
        _("numbers; leave out text columns"),
    ),
    "value.not_a_number": (_("value '{value}' is not a number"), _POINT),
    "value.not_a_number_comma": (_("value '{value}' is not a number"), _COMMA),
    "value.share_out_of_range": (
        _("{value} is not a share (the column's unit is %)"),
        _("a share from 0 to 100"),
    ),
    "column.thousands": (
        _(
            "values such as '{example}' were read with '.' as decimal point, but other columns "
            "use decimal commas: check whether '.' is a thousands separator here"
        ),
        None,
    ),
    "column.excel_percent": (
        _(
            "Excel shows these numbers as percentages; the stored fractions were used "
            "(0.125 for 12.5%)"
        ),
        None,
    ),
    # Reading a CSV or Excel file (every importer).
    "table.old_xls": (_("old Excel .xls files cannot be read"), _("an .xlsx or CSV file")),
    "table.csv_line": (
        _("line {line} cannot be read as CSV ({detail})"),
        _("a CSV file with a delimiter ; , or tab and balanced quotes"),
    ),
    "table.bad_utf16": (_("the file is not valid UTF-16 text ({detail})"), _("{excel}")),
    "table.binary": (
        _("the file is not a text (CSV) file: line {line} has binary data"),
        _("a CSV or .xlsx file"),
    ),
    "table.not_utf8": (
        _(
            "the file is not UTF-8 (line {line} has a byte that is not UTF-8); letters outside "
            'Windows-1252 may already have been lost. In Excel choose Save as, "{excel}"'
        ),
        _("a CSV file saved as {excel}"),
    ),
    "table.bad_workbook": (
        _("the file cannot be read as an Excel workbook ({detail})"),
        _(".xlsx"),
    ),
    "table.sheets": (_("the workbook has {count} sheets; read '{sheet}'"), None),
    "table.no_sheet": (_("the workbook has no sheet {sheet}"), _("one of {sheets}")),
    "table.bad_row": (
        _("row {row} of the sheet cannot be read ({detail})"),
        _(".xlsx as Excel saves it"),
    ),
    # School locations.
    "facilities.empty": (_("the file is empty"), _("a header row and one row per location")),
    "facilities.no_code_column": (_("no code column"), _("one of the columns {columns}")),
    "facilities.no_name_column": (_("no name column"), _("one of the columns {columns}")),
    "facilities.no_coordinates": (
        _("no coordinates"),
        _("columns x and y (EPSG:28992) or lat and lon"),
    ),
    "facilities.no_levels": (
        _("nothing says what the school offers"),
        _("a column offers_havo_vwo (ja/nee) or type (e.g. HAVO/VWO, VMBO)"),
    ),
    "facilities.code_empty": (_("the location code is empty"), _("a code")),
    "facilities.code_twice": (_("{code} is also on row {row}"), _("one row per location")),
    "facilities.not_yes_no": (_("'{value}' is not yes or no"), _("ja/nee, true/false or 1/0")),
    "facilities.rd_outside": (
        _("{location} is not a location in the Netherlands"),
        _("x 0-300,000 and y 289,000-629,000 metres (EPSG:28992)"),
    ),
    "facilities.wgs_outside": (
        _("{location} is not a location in the Netherlands"),
        _("latitude 50-54 and longitude 3-8 degrees"),
    ),
    # Boundaries (GeoJSON).
    "geo.dropped": (_("{code} '{name}' is left out (drop_codes)"), None),
    "geo.code_twice": (_("code {code} also appears in feature {feature}"), None),
    "geo.no_areas": (_("the file contains no areas"), None),
    "geo.not_utf8": (_("the file is not UTF-8 text (byte {byte})"), _("UTF-8 GeoJSON")),
    "geo.bad_json": (
        _("the file is not valid JSON: {detail} at line {line}, column {column}"),
        _("a GeoJSON FeatureCollection"),
    ),
    "geo.no_feature_list": (
        _("the FeatureCollection has no list of features"),
        _("a GeoJSON FeatureCollection"),
    ),
    "geo.other_type": (_("the file is a GeoJSON {kind}"), _("a GeoJSON FeatureCollection")),
    "geo.not_geojson": (_("the file is JSON but not GeoJSON"), _("a GeoJSON FeatureCollection")),
    "geo.no_features": (_("the file contains no features"), _("one feature per area")),
    "geo.no_code_field": (_("no feature has the property '{field}' (code_field)"), None),
    "geo.no_code_property": (
        _("no property with area codes found"),
        _("one of the properties {names}, or give code_field"),
    ),
    "geo.no_name_field": (_("no feature has the property '{field}' (name_field)"), None),
    "geo.no_names": (_("no property with area names found; names are left empty"), None),
    "geo.not_a_feature": (_("this is not a GeoJSON Feature"), _("a Feature with properties")),
    "geo.code_missing": (_("the area code is missing"), _CODE),
    "geo.code_invalid": (_("value {value} is not a CBS area code"), _CODE),
    "geo.no_geometry": (_("{code} has no geometry"), _("a Polygon or MultiPolygon")),
    "geo.geometry_kind": (_("the geometry of {code} is a {kind}"), _("a Polygon or MultiPolygon")),
    "geo.geometry_empty": (_("the geometry of {code} is empty"), _("a Polygon or MultiPolygon")),
    "geo.too_large": (_LARGER, _("a GeoJSON FeatureCollection")),
    "geo.too_deep": (_DEEP, _("a GeoJSON FeatureCollection")),
    # A file beyond a reading limit (kansen.io.LIMIT_TEXTS: every upload).
    "limit.file_size": (_LARGER, _("a smaller file: split it, or leave out columns")),
    "limit.zip_parts": (_("the Excel file has {parts} parts; at most {limit} are accepted"), _XLSX),
    "limit.zip_ratio": (
        _(
            "the Excel file part '{part}' unpacks from {packed} to {unpacked} ({ratio} times); "
            "at most {limit} times is accepted (a zip bomb, or a sheet of mostly empty cells)"
        ),
        _XLSX,
    ),
    "limit.unpacked": (
        _("the Excel file unpacks to {size} {unit}; at most {limit} {unit} is accepted"),
        _XLSX,
    ),
    "limit.nesting": (_DEEP, None),
    "limit.nesting_line": (
        _(
            "the file is nested more than {limit} levels deep (line {line}); a real file is "
            "nested a few levels"
        ),
        None,
    ),
    "limit.yaml_alias": (
        _(
            "line {line}: the alias *{anchor} is not allowed: aliases (& and *) can make a small "
            "file unpack to gigabytes; write the part out in full"
        ),
        None,
    ),
    # The platform's own checks.
    "import.not_allowed": (
        _("you may not import area data for this municipality"),
        _("an analyst or administrator of the municipality"),
    ),
    "area.outside_municipality": (
        _("{code} lies outside {name} ({municipality})"),
        _("codes of {municipality} and its wijken and buurten"),
    ),
    "area.parent_unknown": (
        _("the parent area {parent} of {code} is not known for {year}"),
        _("the parent area in the same file or imported before"),
    ),
}


#: The wordings of problems that other apps keep in the list of imports by their code (the
#: plans' reading problems, ``format.euros``): each app adds its own when it is ready.
RECORDED_MESSAGES: dict[str, Promise] = {}


def platform_problem(
    code: str, file: str, row: int | None, column: str | None, /, **params: Any
) -> Problem:
    """A problem found by the platform, by code; its stored text is English."""
    message, expected = PROBLEM_MESSAGES[code]
    with override("en"):
        return Problem(
            file,
            row,
            column,
            str(message).format(**params),
            str(expected).format(**params) if expected is not None else None,
            code=code,
            params=dict(params),
        )


def translated(problem: Mapping[str, Any]) -> dict[str, Any]:
    """A stored problem (a dict as in ``ImportRun.problems``) in the active language."""
    code = str(problem.get("code") or "")
    known = PROBLEM_MESSAGES.get(code)
    if known is None and code in RECORDED_MESSAGES:
        known = (RECORDED_MESSAGES[code], None)
    if known is None:
        return dict(problem)
    params = problem.get("params") or {}
    message, expected = known
    try:
        return {
            **problem,
            "message": str(message).format(**params),
            "expected": str(expected).format(**params) if expected is not None else None,
        }
    except (KeyError, IndexError, ValueError):  # a translation with a wrong placeholder
        return dict(problem)
