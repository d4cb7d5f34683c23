"""Offers as a CSV or Excel table: round trips, every problem by row and column, all-or-nothing."""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from kansen.io import ImportRejected
from kansen.offers import (
    OFFER_COLUMNS,
    LocationRecord,
    OfferRecord,
    demo_directory,
    read_offers_table,
    write_offers_table,
)

HEADER = (
    "id",
    "provider",
    "title",
    "support_types",
    "age_min",
    "age_max",
    "audiences",
    "cost",
    "cost_amount",
    "languages",
    "apply_route",
    "last_checked",
)
GOOD = {
    "id": "huiswerkklas",
    "provider": "bibliotheek",
    "title": "Huiswerkklas",
    "support_types": "huiswerk;taal",
    "age_min": "10",
    "age_max": "15",
    "audiences": "kind;jongere",
    "cost": "contribution",
    "cost_amount": "12,50",
    "languages": "nl;tr",
    "apply_route": "self",
    "last_checked": "2026-03-15",
}


def _csv(*rows: dict[str, str], header: tuple[str, ...] = HEADER, delimiter: str = ";") -> bytes:
    """A CSV file as Excel saves it: cells with the delimiter in them are quoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([row.get(name, "") for name in header] for row in rows)
    return buffer.getvalue().encode("utf-8")


def _problems(data: bytes, filename: str = "aanbod.csv", **kwargs: object) -> list[tuple]:
    with pytest.raises(ImportRejected) as caught:
        read_offers_table(data, filename, **kwargs)  # type: ignore[arg-type]
    return [(p.row, p.column, p.message, p.expected) for p in caught.value.errors]


def test_a_good_row_gives_the_record() -> None:
    [offer] = read_offers_table(_csv(GOOD), "aanbod.csv", providers={"bibliotheek"})
    assert offer == OfferRecord(
        id="huiswerkklas",
        provider="bibliotheek",
        title="Huiswerkklas",
        summary="",
        description="",
        support_types=("huiswerk", "taal"),
        age_min=10,
        age_max=15,
        audiences=("kind", "jongere"),
        cost="contribution",
        cost_amount=Decimal("12.50"),
        cost_note="",
        languages=("nl", "tr"),
        apply_route="self",
        how_to_apply="",
        email="",
        phone="",
        website="",
        capacity=None,
        regulation="",
        last_checked=date(2026, 3, 15),
        locations=(),
    )


# Each case: what changes in the good row, then the expected (row, column) and words of the
# message. Row 2 is the first row under the header, as Excel shows it.
BAD_CELLS = [
    # a support type that is not a code, named with the allowed codes
    ({"support_types": "huiswerkhulp"}, "support_types", "onbekende code 'huiswerkhulp'"),
    # the bounds the wrong way round
    ({"age_min": "12", "age_max": "8"}, "age_max", "lager dan de minimumleeftijd 12"),
    # an age that is not a whole number
    ({"age_min": "tien"}, "age_min", "'tien' is geen geldig getal"),
    # 31 February does not exist
    ({"last_checked": "2026-02-31"}, "last_checked", "'2026-02-31' is geen geldige datum"),
    # not a date at all
    ({"last_checked": "vorige week"}, "last_checked", "'vorige week' is geen geldige datum"),
    ({"last_checked": ""}, "last_checked", "de datum ontbreekt"),
    # letters in an amount
    ({"cost_amount": "12,5x"}, "cost_amount", "'12,5x' is geen bedrag"),
    # three decimals are not cents
    ({"cost_amount": "1,255"}, "cost_amount", "'1,255' is geen bedrag"),
    # free but with an amount
    ({"cost": "free", "cost_amount": "5"}, "cost_amount", "een gratis aanbod heeft een bedrag"),
    # a price without an amount
    ({"cost": "price", "cost_amount": ""}, "cost_amount", "het bedrag ontbreekt"),
    ({"cost": "gratis"}, "cost", "onbekende code 'gratis'"),
    ({"title": ""}, "title", "dit veld is leeg"),
    ({"audiences": ""}, "audiences", "dit veld is leeg"),
    ({"id": "Huiswerk Klas"}, "id", "'Huiswerk Klas' is geen geldige code"),
    ({"languages": "nl;xx"}, "languages", "onbekende code 'xx'"),
    ({"apply_route": "intermediary"}, "apply_route", "onbekende code 'intermediary'"),
]


@pytest.mark.parametrize(("change", "column", "message"), BAD_CELLS)
def test_a_bad_cell_is_reported_with_its_row_and_column(
    change: dict[str, str], column: str, message: str
) -> None:
    problems = _problems(_csv(GOOD | change))
    assert [(row, col) for row, col, _, _ in problems] == [(2, column)]
    assert message in problems[0][2]
    assert problems[0][3]  # every error says what was expected


def test_an_unknown_support_type_lists_the_allowed_codes() -> None:
    [(_, _, _, expected)] = _problems(_csv(GOOD | {"support_types": "huiswerkhulp"}))
    assert expected == (
        "codes uit: taal, huiswerk, talentontwikkeling, sociaal-emotioneel, cognitief, "
        "opvoeding, sport, cultuur, schoolkosten, voeding, geldzaken (gescheiden door ;)"
    )


def test_an_unknown_provider_is_an_error_when_the_providers_are_given() -> None:
    problems = _problems(_csv(GOOD), providers={"leergeld", "jeugdfonds"})
    assert problems == [
        (
            2,
            "provider",
            "onbekende aanbieder 'bibliotheek'",
            "een van: jeugdfonds, leergeld",
        )
    ]


def test_a_duplicate_id_names_the_row_it_repeats() -> None:
    problems = _problems(_csv(GOOD, GOOD | {"title": "Andere titel"}))
    assert problems == [
        (3, "id", "de id 'huiswerkklas' staat ook in rij 2", "een unieke id per aanbod")
    ]


LOCATION_HEADER = (
    *HEADER,
    "location1_name",
    "location1_address",
    "location1_postcode",
    "location1_buurt",
    "location1_x",
    "location1_y",
    "location2_buurt",
)


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({"location1_postcode": "99941AB"}, "location1_postcode", "is geen postcode"),
        ({"location1_buurt": "9999-01"}, "location1_buurt", "'9999-01' is geen buurtcode"),
        ({"location1_y": ""}, "location1_y", "x en y horen samen"),
        # latitude/longitude instead of metres
        ({"location1_y": "52,1"}, "location1_y", "'52,1' is geen RD-coördinaat"),
        ({"location2_buurt": "BU99990202"}, "location2_address", "geen naam en geen adres"),
    ],
)
def test_bad_locations_are_reported_in_their_own_columns(
    change: dict[str, str], column: str, message: str
) -> None:
    location = {
        "location1_name": "Bibliotheek",
        "location1_address": "Grote Markt 12",
        "location1_postcode": "9994 cl",
        "location1_buurt": "BU99990101",
        "location1_x": "155260,9",
        "location1_y": "462898.4",
    }
    [offer] = read_offers_table(_csv(GOOD | location, header=LOCATION_HEADER), "a.csv")
    assert offer.locations == (
        LocationRecord(
            "Bibliotheek", "Grote Markt 12", "9994 CL", "", "BU99990101", 155260.9, 462898.4
        ),
    )
    problems = _problems(_csv(GOOD | location | change, header=LOCATION_HEADER))
    assert [(row, col) for row, col, _, _ in problems] == [(2, column)]
    assert message in problems[0][2]


def test_a_fourth_location_is_impossible() -> None:
    header = (*HEADER, "location4_name")
    problems = _problems(_csv(GOOD | {"location4_name": "Buurthuis"}, header=header))
    assert [(row, col) for row, col, _, _ in problems] == [(1, "location4_name")]
    assert "hoogstens 3 locaties" in problems[0][2]


def test_header_problems_come_first_and_stop_the_reading() -> None:
    header = (*(name for name in HEADER if name != "last_checked"), "suport_types")
    problems = _problems(_csv(GOOD | {"title": ""}, header=header))
    assert problems == [
        (
            1,
            "suport_types",
            "onbekende kolom 'suport_types'",
            "de kolomnamen van de kopregel van een export van het aanbod",
        ),
        (1, None, "de kolom 'last_checked' ontbreekt", "een kolom 'last_checked'"),
    ]


def test_a_translation_needs_its_title() -> None:
    header = (*HEADER, "title_en", "summary_en")
    problems = _problems(_csv(GOOD | {"summary_en": "Homework class"}, header=header))
    assert problems == [(2, "title_en", "de vertaling heeft geen titel", "een titel in deze taal")]
    [offer] = read_offers_table(_csv(GOOD | {"title_en": "Homework class"}, header=header), "a.csv")
    assert offer.text("title", "en") == "Homework class"
    assert offer.text("summary", "en") == ""


def test_every_problem_of_every_row_is_reported_and_nothing_is_returned() -> None:
    rows = [
        GOOD,
        GOOD | {"id": "taalcafe", "age_min": "20", "age_max": "18", "cost_amount": "veel"},
        GOOD | {"id": "bijles"},
        GOOD | {"id": "zwemles", "support_types": "zwemmen"},
    ]
    problems = _problems(_csv(*rows))
    assert [(row, col) for row, col, _, _ in problems] == [
        (3, "age_max"),
        (3, "cost_amount"),
        (5, "support_types"),
    ]
    assert str(_problem_text(rows)).startswith("aanbod.csv was rejected with 3 error(s):")


def _problem_text(rows: list[dict[str, str]]) -> str:
    try:
        read_offers_table(_csv(*rows), "aanbod.csv")
    except ImportRejected as rejected:
        return str(rejected)
    raise AssertionError("not rejected")


def test_an_empty_file_and_a_file_without_offers_are_rejected() -> None:
    assert _problems(b"", "leeg.csv")[0][2] == "het bestand is leeg"
    assert _problems(_csv())[0][2] == "het bestand bevat geen aanbod"


def test_utf8_with_bom_semicolons_decimal_commas_and_dutch_dates() -> None:
    row = GOOD | {"title": "Taalcafé", "last_checked": "15-03-2026", "cost_amount": "1.250,00"}
    data = codecs.BOM_UTF8 + _csv(row)
    [offer] = read_offers_table(data, "aanbod.csv")
    assert offer.id == "huiswerkklas"
    assert offer.title == "Taalcafé"
    assert offer.last_checked == date(2026, 3, 15)
    assert offer.cost_amount == Decimal("1250.00")


def test_commas_as_separator_and_blank_rows_are_read() -> None:
    data = _csv(GOOD, {}, GOOD | {"id": "bijles", "cost_amount": "12.50"}, delimiter=",")
    data = data.replace(b"12,50", b"12.50")
    offers = read_offers_table(data, "aanbod.csv")
    assert [(o.id, o.cost_amount) for o in offers] == [
        ("huiswerkklas", Decimal("12.50")),
        ("bijles", Decimal("12.50")),
    ]


def test_an_excel_sheet_with_numbers_and_dates_as_excel_stores_them(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([*HEADER, "capacity", "location1_name", "location1_postcode"])
    sheet.append(
        [
            "huiswerkklas",
            "bibliotheek",
            "Huiswerkklas",
            "huiswerk",
            10,
            15.0,
            "kind",
            "price",
            12.5,
            None,
            "professional",
            datetime(2026, 3, 15),
            30,
            "Bibliotheek",
            9994,
        ]
    )
    path = tmp_path / "aanbod.xlsx"
    workbook.save(path)
    [offer] = read_offers_table(path, "aanbod.xlsx")
    assert (offer.age_min, offer.age_max, offer.cost_amount) == (10, 15, Decimal("12.50"))
    assert offer.languages == ("nl",)
    assert offer.last_checked == date(2026, 3, 15)
    assert offer.capacity == 30
    assert offer.locations[0].postcode == "9994"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_demo_directory_round_trips(fmt: str) -> None:
    offers = list(demo_directory().offers)
    offers[0] = replace(offers[0], is_published=False, cost_amount=None, capacity=0)
    data = write_offers_table(offers, fmt)  # type: ignore[arg-type]
    assert read_offers_table(data, f"aanbod.{fmt}") == offers


def test_the_written_csv_has_a_bom_semicolons_and_every_column() -> None:
    data = write_offers_table(demo_directory().offers[:2], "csv")
    assert data.startswith(codecs.BOM_UTF8)
    header = data[len(codecs.BOM_UTF8) :].decode("utf-8").splitlines()[0]
    assert tuple(header.split(";")) == OFFER_COLUMNS
    assert len(OFFER_COLUMNS) == 22 + 3 * 7 + 5 * 4


def test_the_written_workbook_has_one_sheet_with_a_row_per_offer() -> None:
    offers = demo_directory().offers
    workbook = openpyxl.load_workbook(io.BytesIO(write_offers_table(offers, "xlsx")))
    assert workbook.sheetnames == ["Aanbod"]
    assert workbook["Aanbod"].max_row == len(offers) + 1


def test_question_marks_left_by_a_windows_1252_save_reject_the_file() -> None:
    # Excel's "CSV" type turns every letter outside Windows-1252 into '?'.
    rows = [GOOD, GOOD | {"id": "b", "title": "????? ????"}, GOOD | {"id": "c", "title": "Wat?"}]
    header = (*HEADER, "title_pl")
    rows[2] = rows[2] | {"title_pl": "Kawa i herbata dla ucznia???"}
    problems = _problems(_csv(*rows, header=header))
    assert [(row, column) for row, column, _, _ in problems] == [(3, "title"), (4, "title_pl")]
    assert problems[0][2] == (
        "er staat '???' in de cel: bij het opslaan van het bestand zijn letters verloren gegaan "
        "(Arabisch, Oekraïens, Pools ł); sla het bestand op als CSV UTF-8 (door komma's "
        "gescheiden)"
    )


def test_a_windows_1252_file_is_rejected_not_read() -> None:
    data = _csv(GOOD | {"title": "Taalcafé"}).decode().encode("cp1252")
    [(row, column, message, _)] = _problems(data)
    assert (row, column) == (2, None)
    assert message.startswith("het bestand is niet opgeslagen als UTF-8 (regel 2)")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"not a zip", "aanbod.xlsx", "het bestand is geen leesbaar Excel-werkboek"),
        (b"\xd0\xcf\x11\xe0old", "aanbod.xls", "oude Excel-bestanden (.xls) kunnen niet"),
        (b"id;title\n\x00\x01", "aanbod.csv", "het bestand is geen tekstbestand (CSV): regel 2"),
    ],
)
def test_problems_reading_the_file_are_in_dutch(content: bytes, name: str, message: str) -> None:
    # Found in review: the Dutch import page showed kansen.io's English ("File is not a zip file").
    with pytest.raises(ImportRejected) as rejected:
        read_offers_table(content, name)
    [problem] = rejected.value.problems
    assert problem.message.startswith(message)
    assert "zip" not in problem.message


def test_coordinates_are_written_to_the_centimetre_without_float_noise() -> None:
    # Found in review: an export showed 155260,90000000002 where the provider typed 155260,9.
    [offer] = read_offers_table(
        _csv(
            GOOD
            | {
                "location1_name": "Bibliotheek",
                "location1_x": "155260,9",
                "location1_y": "462898,456",
            },
            header=LOCATION_HEADER,
        ),
        "a.csv",
    )
    noisy = dataclasses.replace(offer.locations[0], x=155260.90000000002, y=462898.456)
    offer = dataclasses.replace(offer, locations=(noisy,))
    text = write_offers_table([offer], "csv").decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text), delimiter=";"))[:2]
    cells = dict(zip(header, row, strict=True))
    assert (cells["location1_x"], cells["location1_y"]) == ("155260,9", "462898,46")
