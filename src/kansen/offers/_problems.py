"""The problems of offers files as codes with parameters, in English and in Dutch.

A problem of an offer travels as a :class:`kansen.io.Problem` with a code (``"offer.bad_date"``)
and parameters (``{"value": "31-02-2026"}``), like the problems of :mod:`kansen.io`.
:data:`PROBLEM_TEXTS` holds the English wording of every code (the message ids the platform
translates, ``kansen.web.directory.problems``). The readers of offers fill in the Dutch wording of
:data:`DUTCH_TEXTS`: the people who fix offers files are Dutch-speaking providers, and the
command line and the platform's stored reports have always shown them Dutch. A test checks that
both tables have the same codes and placeholders, and that the platform's Dutch catalog says
what :data:`DUTCH_TEXTS` says.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from kansen.io import Problem
from kansen.io._tables import EXCEL_UTF8
from kansen.problems import ProblemText

_DATE = "een datum als JJJJ-MM-DD, bijvoorbeeld 2026-03-15"
_HEADER = "de kolomnamen van de kopregel van een export van het aanbod"

#: Every problem code of reading and checking offers, with its Dutch wording; ``{name}``
#: placeholders take the problem's parameters.
DUTCH_TEXTS: dict[str, ProblemText] = {
    # One field of an offer, a location, a translation or a provider.
    "offer.empty": ProblemText("dit veld is leeg", "een tekst"),
    "offer.codes_empty": ProblemText("dit veld is leeg", "een of meer van: {codes}"),
    "offer.not_text": ProblemText("'{value}' is geen tekst", "een tekst"),
    "offer.too_long": ProblemText("de tekst is {length} tekens lang", "hoogstens {limit} tekens"),
    "offer.bad_slug": ProblemText(
        "'{value}' is geen geldige code",
        "kleine letters, cijfers en streepjes, hoogstens {limit} tekens, "
        "bijvoorbeeld 'huiswerkklas-centrum'",
    ),
    "offer.not_a_list": ProblemText("'{value}' is geen lijst", "codes gescheiden door ;"),
    "offer.unknown_code_in_list": ProblemText(
        "onbekende code {unknown}", "codes uit: {codes} (gescheiden door ;)"
    ),
    "offer.unknown_codes_in_list": ProblemText(
        "onbekende codes {unknown}", "codes uit: {codes} (gescheiden door ;)"
    ),
    "offer.unknown_code": ProblemText("onbekende code '{value}'", "een van: {codes}"),
    "offer.bad_age": ProblemText(
        "'{value}' is geen geldig getal", "een leeftijd in hele jaren van 0 tot en met {max_age}"
    ),
    "offer.bad_count": ProblemText(
        "'{value}' is geen geldig getal", "een aantal plaatsen (0 of meer), of leeg"
    ),
    "offer.bad_amount": ProblemText(
        "'{value}' is geen bedrag", "een bedrag in euro's, bijvoorbeeld 12,50 of 12.50"
    ),
    "offer.bad_coordinate": ProblemText(
        "'{value}' is geen RD-coördinaat in Nederland",
        "meters in RD New (EPSG:28992) tussen {low} en {high}",
    ),
    "offer.date_missing": ProblemText("de datum ontbreekt", _DATE),
    "offer.bad_date": ProblemText("'{value}' is geen geldige datum", _DATE),
    "offer.not_yes_no": ProblemText("'{value}' is geen ja of nee", "ja of nee"),
    "offer.bad_email": ProblemText("'{value}' is geen e-mailadres", "bijvoorbeeld info@club.nl"),
    "offer.bad_website": ProblemText(
        "'{value}' is geen webadres", "een adres dat begint met https://"
    ),
    "offer.unknown_field": ProblemText("onbekend veld", "een van: {fields}"),
    # Rules of an offer.
    "offer.unknown_provider": ProblemText("onbekende aanbieder '{value}'", "een van: {providers}"),
    "offer.no_providers": ProblemText(
        "onbekende aanbieder '{value}'", "een van: (nog geen aanbieders)"
    ),
    "offer.ages_reversed": ProblemText(
        "de maximumleeftijd {age_max} is lager dan de minimumleeftijd {age_min}",
        "age_min kleiner dan of gelijk aan age_max",
    ),
    "offer.free_with_amount": ProblemText(
        "een gratis aanbod heeft een bedrag ({amount})",
        "geen bedrag bij cost 'free', of cost 'contribution' of 'price'",
    ),
    "offer.price_without_amount": ProblemText(
        "het bedrag ontbreekt", "een bedrag in euro's bij cost 'price'"
    ),
    "offer.bad_regulation": ProblemText(
        "'{value}' is geen code van een regeling",
        "de id van een regeling, bijvoorbeeld 'stadspas', of leeg",
    ),
    # Locations.
    "offer.locations_not_a_list": ProblemText(
        "dit is geen lijst van locaties", "een lijst (0 tot {max} locaties)"
    ),
    "offer.too_many_locations": ProblemText(
        "het aanbod heeft {count} locaties", "hoogstens {max} locaties"
    ),
    "offer.not_a_location": ProblemText("dit is geen locatie", "velden name, address, ..."),
    "offer.location_unnamed": ProblemText(
        "de locatie heeft geen naam en geen adres", "een adres of naam"
    ),
    "offer.bad_postcode": ProblemText(
        "'{value}' is geen postcode", "een postcode als 9994 AB (of alleen de vier cijfers)"
    ),
    "offer.bad_buurt": ProblemText(
        "'{value}' is geen buurtcode", "een CBS-buurtcode als BU99990101, of leeg"
    ),
    "offer.half_coordinate": ProblemText("x en y horen samen", "beide of geen van beide"),
    # Translations.
    "offer.translations_not_a_mapping": ProblemText(
        "dit zijn geen vertalingen", "taalcode -> {{title, ...}}"
    ),
    "offer.untranslatable_language": ProblemText(
        "geen vertaling mogelijk in taal '{value}'", "een van: {languages}"
    ),
    "offer.not_a_translation": ProblemText("dit is geen vertaling", "{{title, summary}}"),
    "offer.translation_untitled": ProblemText(
        "de vertaling heeft geen titel", "een titel in deze taal"
    ),
    # The table (CSV or Excel).
    "offers.empty_file": ProblemText(
        "het bestand is leeg", "een kopregel met kolomnamen en een regel per aanbod"
    ),
    "offers.column_twice": ProblemText("deze kolom staat er twee keer in", "elke kolom één keer"),
    "offers.location_column_beyond": ProblemText(
        "kolom '{column}': een aanbod heeft hoogstens {max} locaties", _HEADER
    ),
    "offers.unknown_column": ProblemText("onbekende kolom '{column}'", _HEADER),
    "offers.missing_column": ProblemText("de kolom '{column}' ontbreekt", "een kolom '{column}'"),
    "offers.lost_letters": ProblemText(
        "er staat '???' in de cel: bij het opslaan van het bestand zijn letters verloren gegaan "
        "(Arabisch, Oekraïens, Pools ł); sla het bestand op als {excel}",
        "een bestand opgeslagen als {excel}",
    ),
    "offers.duplicate_id": ProblemText(
        "de id '{id}' staat ook in rij {row}", "een unieke id per aanbod"
    ),
    "offers.no_offers": ProblemText(
        "het bestand bevat geen aanbod", "een regel per aanbod onder de kopregel"
    ),
    # A directory in YAML or JSON.
    "directory.not_yaml": ProblemText("geen geldige YAML of JSON: {error}"),
    "directory.not_a_mapping": ProblemText(
        "het bestand is geen mapping", "een mapping met providers en offers"
    ),
    "directory.not_a_list": ProblemText("dit is geen lijst", "een lijst"),
    "directory.not_a_provider": ProblemText("dit is geen aanbieder", "een mapping"),
    "directory.not_an_offer": ProblemText("dit is geen aanbod", "een mapping"),
    "directory.duplicate_id": ProblemText("de id '{id}' komt dubbel voor"),
}

_DATE_EN = "a date as YYYY-MM-DD, for example 2026-03-15"
_HEADER_EN = "the column names of the header of an export of the offers"

#: The English wording of every code of :data:`DUTCH_TEXTS`.
PROBLEM_TEXTS: dict[str, ProblemText] = {
    "offer.empty": ProblemText("this field is empty", "a text"),
    "offer.codes_empty": ProblemText("this field is empty", "one or more of: {codes}"),
    "offer.not_text": ProblemText("'{value}' is not a text", "a text"),
    "offer.too_long": ProblemText(
        "the text is {length} characters long", "at most {limit} characters"
    ),
    "offer.bad_slug": ProblemText(
        "'{value}' is not a valid code",
        "lowercase letters, digits and hyphens, at most {limit} characters, "
        "for example 'huiswerkklas-centrum'",
    ),
    "offer.not_a_list": ProblemText("'{value}' is not a list", "codes separated by ;"),
    "offer.unknown_code_in_list": ProblemText(
        "unknown code {unknown}", "codes from: {codes} (separated by ;)"
    ),
    "offer.unknown_codes_in_list": ProblemText(
        "unknown codes {unknown}", "codes from: {codes} (separated by ;)"
    ),
    "offer.unknown_code": ProblemText("unknown code '{value}'", "one of: {codes}"),
    "offer.bad_age": ProblemText(
        "'{value}' is not a valid number", "an age in whole years from 0 to {max_age}"
    ),
    "offer.bad_count": ProblemText(
        "'{value}' is not a valid number", "a number of places (0 or more), or empty"
    ),
    "offer.bad_amount": ProblemText(
        "'{value}' is not an amount", "an amount in euros, for example 12,50 or 12.50"
    ),
    "offer.bad_coordinate": ProblemText(
        "'{value}' is not an RD coordinate in the Netherlands",
        "metres in RD New (EPSG:28992) between {low} and {high}",
    ),
    "offer.date_missing": ProblemText("the date is missing", _DATE_EN),
    "offer.bad_date": ProblemText("'{value}' is not a valid date", _DATE_EN),
    "offer.not_yes_no": ProblemText("'{value}' is not yes or no", "ja or nee"),
    "offer.bad_email": ProblemText(
        "'{value}' is not an e-mail address", "for example info@club.nl"
    ),
    "offer.bad_website": ProblemText(
        "'{value}' is not a web address", "an address that starts with https://"
    ),
    "offer.unknown_field": ProblemText("unknown field", "one of: {fields}"),
    "offer.unknown_provider": ProblemText("unknown provider '{value}'", "one of: {providers}"),
    "offer.no_providers": ProblemText("unknown provider '{value}'", "one of: (no providers yet)"),
    "offer.ages_reversed": ProblemText(
        "the highest age {age_max} is below the lowest age {age_min}",
        "age_min less than or equal to age_max",
    ),
    "offer.free_with_amount": ProblemText(
        "a free offer has an amount ({amount})",
        "no amount with cost 'free', or cost 'contribution' or 'price'",
    ),
    "offer.price_without_amount": ProblemText(
        "the amount is missing", "an amount in euros with cost 'price'"
    ),
    "offer.bad_regulation": ProblemText(
        "'{value}' is not the code of a regulation",
        "the id of a regulation, for example 'stadspas', or empty",
    ),
    "offer.locations_not_a_list": ProblemText(
        "this is not a list of locations", "a list (0 to {max} locations)"
    ),
    "offer.too_many_locations": ProblemText(
        "the offer has {count} locations", "at most {max} locations"
    ),
    "offer.not_a_location": ProblemText("this is not a location", "fields name, address, ..."),
    "offer.location_unnamed": ProblemText(
        "the location has no name and no address", "an address or a name"
    ),
    "offer.bad_postcode": ProblemText(
        "'{value}' is not a postcode", "a postcode such as 9994 AB (or only the four digits)"
    ),
    "offer.bad_buurt": ProblemText(
        "'{value}' is not a neighbourhood code",
        "a CBS neighbourhood code such as BU99990101, or empty",
    ),
    "offer.half_coordinate": ProblemText("x and y go together", "both or neither"),
    "offer.translations_not_a_mapping": ProblemText(
        "these are not translations", "language code -> {{title, ...}}"
    ),
    "offer.untranslatable_language": ProblemText(
        "no translation possible in language '{value}'", "one of: {languages}"
    ),
    "offer.not_a_translation": ProblemText("this is not a translation", "{{title, summary}}"),
    "offer.translation_untitled": ProblemText(
        "the translation has no title", "a title in this language"
    ),
    "offers.empty_file": ProblemText(
        "the offers file is empty", "a header with column names and a row per offer"
    ),
    "offers.column_twice": ProblemText("this column is there twice", "every column once"),
    "offers.location_column_beyond": ProblemText(
        "column '{column}': an offer has at most {max} locations", _HEADER_EN
    ),
    "offers.unknown_column": ProblemText("unknown column '{column}'", _HEADER_EN),
    "offers.missing_column": ProblemText("the column '{column}' is missing", "a column '{column}'"),
    "offers.lost_letters": ProblemText(
        "the cell holds '???': letters were lost when the file was saved (Arabic, Ukrainian, "
        "Polish ł); save the file as {excel}",
        "a file saved as {excel}",
    ),
    "offers.duplicate_id": ProblemText(
        "the id '{id}' is also in row {row}", "a unique id per offer"
    ),
    "offers.no_offers": ProblemText("the file holds no offers", "a row per offer under the header"),
    "directory.not_yaml": ProblemText("not valid YAML or JSON: {error}"),
    "directory.not_a_mapping": ProblemText(
        "the file is not a mapping", "a mapping with providers and offers"
    ),
    "directory.not_a_list": ProblemText("this is not a list", "a list"),
    "directory.not_a_provider": ProblemText("this is not a provider", "a mapping"),
    "directory.not_an_offer": ProblemText("this is not an offer", "a mapping"),
    "directory.duplicate_id": ProblemText("the id '{id}' is there twice"),
}

_CSV_EXPECTED = "een CSV-bestand met ; , of tab als scheidingsteken en aanhalingstekens in paren"

#: The problems of reading a CSV or Excel file (codes of :data:`kansen.io.PROBLEM_TEXTS`, whose
#: texts are English for analysts and the command line) as providers read them.
READING_TEXTS: dict[str, ProblemText] = {
    "table.old_xls": ProblemText(
        "oude Excel-bestanden (.xls) kunnen niet worden gelezen", "een .xlsx- of CSV-bestand"
    ),
    "table.bad_workbook": ProblemText(
        "het bestand is geen leesbaar Excel-werkboek", "een .xlsx- of CSV-bestand"
    ),
    "table.sheets": ProblemText(
        "het werkboek heeft {count} tabbladen; alleen het eerste, '{sheet}', is gelezen"
    ),
    "table.bad_utf16": ProblemText(
        "het bestand is geen geldige UTF-16-tekst", "een bestand opgeslagen als {excel}"
    ),
    "table.binary": ProblemText(
        "het bestand is geen tekstbestand (CSV): regel {line} bevat binaire gegevens",
        "een CSV- of .xlsx-bestand",
    ),
    "table.not_utf8": ProblemText(
        "het bestand is niet opgeslagen als UTF-8 (regel {line}); letters buiten Windows-1252 "
        'zijn dan al verloren. Kies in Excel "Opslaan als", "{excel}"',
        "een CSV-bestand opgeslagen als {excel}",
    ),
    "table.csv_line": ProblemText("regel {line} is niet als CSV te lezen", _CSV_EXPECTED),
}


def offer_problem(
    code: str, file: str, row: int | None, column: str | None, /, **params: Any
) -> Problem:
    """An error of an offers file by code, its Dutch text filled in.

    >>> offer_problem("offer.bad_date", "aanbod.csv", 2, "last_checked", value="gisteren").message
    "'gisteren' is geen geldige datum"
    """
    return Problem.worded(DUTCH_TEXTS[code], code, file, row, column, **params)


def reading_in_dutch(problem: Problem) -> Problem:
    """A problem of reading the file with its message and expectation in Dutch (by its code);
    a problem without a Dutch text is returned as it is."""
    text = READING_TEXTS.get(problem.code)
    if text is None:
        return problem
    params = {"excel": EXCEL_UTF8, **problem.params}
    return dataclasses.replace(
        problem,
        message=text.message.format(**params),
        expected=text.expected.format(**params) or None,
    )
