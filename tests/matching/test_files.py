"""Reading requests and supply files: one schema per file, every problem with row and column."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import kansen.matching._files as files_module
from kansen.io import ImportRejected, ReadLimits
from kansen.matching import (
    DUTCH_TEXTS,
    EXPLANATION_TEXTS,
    SLOTS,
    WAITING_LABELS,
    read_pc4_points,
    read_requests,
    read_supply,
    requests_csv,
    schema,
    solve_matching,
    supply_csv,
    synthetic_instance,
    write_matches,
)
from kansen.matching._files import _Log, check_item
from kansen.offers import Language, SupportType

from .factories import ON, POINTS, request, supply

REQUEST_HEADER = "reference,age,pc4,needs,languages,slots,urgency,filed,deprivation\n"
GOOD_REQUEST = "R-1,9,1000,taal;huiswerk,ar;nl,wo-middag,2,2026-09-01,84\n"
SUPPLY_HEADER = (
    "id,kind,provider,support_types,languages,slots,pc4,max_km,capacity,min_age,max_age\n"
)
GOOD_SUPPLY = "V-1,volunteer,Taalmaatjes,taal,any,wo-middag;do-avond,1001,5,2,6,12\n"


def problems_of(read: Any, text: str, name: str = "f.csv", **kwargs: Any) -> list[tuple]:
    with pytest.raises(ImportRejected) as rejected:
        read(text.encode(), name, **kwargs)
    return [(p.row, p.column, p.code, p.params.get("value")) for p in rejected.value.problems]


def test_round_trip_csv_and_json() -> None:
    requests, supply_ = synthetic_instance(40, 12, sorted(POINTS), on=ON, seed=5)
    assert read_requests(requests_csv(requests).encode(), "r.csv") == requests
    assert read_supply(supply_csv(supply_).encode(), "s.csv") == supply_
    as_json = json.dumps(
        [
            {
                "reference": r.reference, "age": r.age, "pc4": r.pc4, "needs": sorted(r.needs),
                "languages": sorted(r.languages), "slots": sorted(r.slots), "urgency": r.urgency,
                "filed": r.filed.isoformat(), "deprivation": r.deprivation,
            }
            for r in requests
        ]
    )  # fmt: skip
    assert read_requests(as_json.encode(), "r.json") == requests


def test_a_semicolon_separated_file_with_quoted_lists() -> None:
    text = (
        REQUEST_HEADER.replace(",", ";") + 'R-1;9;1000;"taal;huiswerk";nl;wo-middag;1;2026-09-01;\n'
    )
    (read,) = read_requests(text.encode(), "r.csv")
    assert (read.needs, read.deprivation) == (frozenset({"taal", "huiswerk"}), None)


BAD_REQUESTS = [
    # (the row's cells, expected (row, column, code, value))
    ("R-1,nine,1000,taal,nl,wo-middag,1,2026-09-01,", (2, "age", "matching.not_integer", "nine")),
    ("R-1,30,1000,taal,nl,wo-middag,1,2026-09-01,", (2, "age", "matching.range", 30)),
    ("R-1,9,0123,taal,nl,wo-middag,1,2026-09-01,", (2, "pc4", "matching.pattern", "0123")),
    (
        "R-1,9,1000,zwemmen,nl,wo-middag,1,2026-09-01,",
        (2, "needs", "matching.unknown_code", "zwemmen"),
    ),
    (
        "R-1,9,1000,taal;taal,nl,wo-middag,1,2026-09-01,",
        (2, "needs", "matching.repeated_code", "taal"),
    ),
    ("R-1,9,1000,taal,xx,wo-middag,1,2026-09-01,", (2, "languages", "matching.unknown_code", "xx")),
    (
        "R-1,9,1000,taal,nl,woensdag,1,2026-09-01,",
        (2, "slots", "matching.unknown_code", "woensdag"),
    ),
    ("R-1,9,1000,taal,nl,wo-middag,4,2026-09-01,", (2, "urgency", "matching.unknown_code", 4)),
    ("R-1,9,1000,taal,nl,wo-middag,1,1-9-2026,", (2, "filed", "matching.bad_date", "1-9-2026")),
    ("R-1,9,1000,taal,nl,wo-middag,1,2026-02-30,", (2, "filed", "matching.bad_date", "2026-02-30")),
    ("R-1,9,1000,taal,nl,wo-middag,1,2026-09-01,101", (2, "deprivation", "matching.range", 101.0)),
    ("R-1,9,1000,,nl,wo-middag,1,2026-09-01,", (2, "needs", "matching.required", None)),
    (",9,1000,taal,nl,wo-middag,1,2026-09-01,", (2, "reference", "matching.required", None)),
    ("R 1,9,1000,taal,nl,wo-middag,1,2026-09-01,", (2, "reference", "matching.pattern", "R 1")),
]


@pytest.mark.parametrize(
    ("cells", "problem"), BAD_REQUESTS, ids=[p[2] + ":" + p[1] for _, p in BAD_REQUESTS]
)
def test_bad_request_cells(cells: str, problem: tuple) -> None:
    assert problems_of(read_requests, REQUEST_HEADER + cells + "\n") == [problem]


def test_every_problem_of_a_file_is_reported_and_nothing_is_read() -> None:
    text = (
        REQUEST_HEADER
        + GOOD_REQUEST
        + "R-2,x,1000,taal,nl,wo-middag,1,2026-09-01,\n"
        + GOOD_REQUEST
    )
    assert problems_of(read_requests, text) == [
        (3, "age", "matching.not_integer", "x"),
    ]
    text = REQUEST_HEADER + GOOD_REQUEST + GOOD_REQUEST.replace("1000", "1999")
    assert problems_of(read_requests, text, pc4_points=POINTS) == [
        (3, "reference", "matching.repeated", "R-1"),
        (3, "pc4", "matching.unknown_pc4", "1999"),
    ]


def test_missing_and_unknown_columns() -> None:
    text = "reference,age,pc4,needs,languages,slots,filed,naam\n"
    assert problems_of(read_requests, text + "R-1,9,1000,taal,nl,wo-middag,2026-09-01,Sam\n") == [
        (1, "naam", "matching.unknown_column", None)
    ]
    assert problems_of(read_requests, "reference,age\nR-1,9\n") == [
        (1, column, "matching.missing_column", None)
        for column in ("pc4", "needs", "languages", "slots", "filed")
    ]


BAD_SUPPLY = [
    (
        "V-1,maatje,T,taal,nl,wo-middag,1001,5,2,6,12",
        (2, "kind", "matching.unknown_code", "maatje"),
    ),
    (
        "V-1,volunteer,T,taal,nl,wo-middag,1001,vijf,2,6,12",
        (2, "max_km", "matching.not_number", "vijf"),
    ),
    ("V-1,volunteer,T,taal,nl,wo-middag,1001,5,-1,6,12", (2, "capacity", "matching.range", -1)),
    ("V-1,volunteer,T,taal,nl,wo-middag,1001,5,2,12,6", (2, "min_age", "matching.age_order", None)),
    ("V-1,volunteer,,taal,nl,wo-middag,1001,5,2,6,12", (2, "provider", "matching.required", None)),
]


@pytest.mark.parametrize(
    ("cells", "problem"), BAD_SUPPLY, ids=[p[2] + ":" + p[1] for _, p in BAD_SUPPLY]
)
def test_bad_supply_cells(cells: str, problem: tuple) -> None:
    assert problems_of(read_supply, SUPPLY_HEADER + cells + "\n") == [problem]


def test_supply_dates_in_order() -> None:
    text = SUPPLY_HEADER.strip() + ",available_from,available_until\n" + GOOD_SUPPLY.strip()
    assert problems_of(read_supply, text + ",2027-01-01,2026-01-01\n") == [
        (2, "available_from", "matching.date_order", None)
    ]


def test_json_problems_by_item_and_field() -> None:
    assert problems_of(read_supply, '{"id": "V-1"}', "s.json") == [
        (None, None, "matching.not_a_list", None)
    ]
    assert problems_of(read_supply, "[1, 2", "s.json")[0][2] == "matching.json"
    item = {"id": "V-1", "kind": "offer", "provider": "T", "support_types": ["taal"],
            "languages": ["any"], "slots": ["wo-middag"], "pc4": "1001", "max_km": 5,
            "capacity": True}  # fmt: skip
    assert problems_of(read_supply, json.dumps([item, "x"]), "s.json") == [
        (1, "capacity", "matching.not_integer", True),
        (2, None, "matching.not_an_object", None),
    ]


def test_size_limits() -> None:
    small = ReadLimits(max_bytes=100)
    text = REQUEST_HEADER + GOOD_REQUEST * 3
    assert problems_of(read_requests, text, limits=small)[0][2] == "limit.file_size"
    assert (
        problems_of(read_requests, "[" + text.replace("\n", "") + "]", "r.json", limits=small)[0][2]
        == "limit.file_size"
    )


def test_row_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files_module, "MAX_ROWS", 2)
    text = REQUEST_HEADER + "".join(GOOD_REQUEST.replace("R-1", f"R-{i}") for i in range(3))
    assert problems_of(read_requests, text) == [(None, None, "matching.too_many_rows", None)]


# --- the schemas are the one definition of the fields ----------------------------------------
def test_schemas_are_valid_and_use_the_code_lists() -> None:
    for kind in ("requests", "supply"):
        Draft202012Validator.check_schema(schema(kind))
    requests, supply_ = (schema(k)["items"]["properties"] for k in ("requests", "supply"))
    assert requests["needs"]["items"]["enum"] == [m.value for m in SupportType]
    assert supply_["support_types"]["items"]["enum"] == [m.value for m in SupportType]
    assert requests["languages"]["items"]["enum"] == [m.value for m in Language]
    assert supply_["languages"]["items"]["enum"] == [m.value for m in Language] + ["any"]
    assert requests["slots"]["items"]["enum"] == list(SLOTS) == supply_["slots"]["items"]["enum"]


GOOD_ITEM = {
    "reference": "R-1",
    "age": 9,
    "pc4": "1000",
    "needs": ["taal"],
    "languages": ["nl"],
    "slots": ["wo-middag"],
    "urgency": 1,
    "filed": "2026-09-01",
    "deprivation": None,
}
CHANGES: list[dict[str, Any]] = [
    {}, {"age": -1}, {"age": 24}, {"age": 9.5}, {"age": "9"}, {"age": True}, {"pc4": "999"},
    {"pc4": 1000}, {"needs": []}, {"needs": "taal"}, {"needs": ["taal", "taal"]},
    {"languages": ["nl", "zz"]}, {"slots": ["wo-nacht"]}, {"urgency": 0}, {"urgency": "1"},
    {"urgency": None}, {"filed": "2026-9-1"}, {"deprivation": 50}, {"deprivation": -0.1},
    {"deprivation": "hoog"}, {"reference": ""}, {"reference": "x" * 41}, {"extra": 1},
]  # fmt: skip


@pytest.mark.parametrize("change", CHANGES, ids=[json.dumps(c) for c in CHANGES])
def test_the_checker_agrees_with_jsonschema(change: dict[str, Any]) -> None:
    item = {**GOOD_ITEM, **change}
    log = _Log("f.json")
    check_item(item, "requests", 1, log)
    valid = Draft202012Validator(schema("requests")["items"]).is_valid(item)
    assert (not log.problems) == valid


def test_missing_required_fields_agree_with_jsonschema() -> None:
    for name in schema("requests")["items"]["required"]:
        item = {k: v for k, v in GOOD_ITEM.items() if k != name}
        log = _Log("f.json")
        check_item(item, "requests", 1, log)
        assert [(p.column, p.code) for p in log.problems] == [(name, "matching.required")]
        assert not Draft202012Validator(schema("requests")["items"]).is_valid(item)


def test_postcode_centres_from_the_public_list_format() -> None:
    text = b"id,postcode,woonplaats,latitude,longitude\n1,3511,Utrecht,52.0907,5.1214\n"
    points = read_pc4_points(text, "pc4.csv")
    assert {k: (round(x), round(y)) for k, (x, y) in points.items()} == {"3511": (136784, 455860)}
    with pytest.raises(ImportRejected) as rejected:
        read_pc4_points(b"postcode,latitude,longitude\n351,5.12,52.09\n", "pc4.csv")
    assert [(p.row, p.column) for p in rejected.value.problems] == [
        (2, "postcode"),
        (2, "latitude"),
    ]


def test_matches_file() -> None:
    result = solve_matching(
        [request("A"), request("B", languages=["ar"])], [supply(capacity=2)], POINTS, on=ON
    )
    assert write_matches(result, ["B", "A"]) == (
        "reference,status,supply_id,needs_covered,distance_km,priority,waiting_days,reason\n"
        "B,waiting,,,,15,30,waiting.no_language\n"
        "A,proposed,V1,taal,0.0,15,30,\n"
    )
    explained = write_matches(result, explanations=True, language="en").splitlines()
    assert explained[2] == (
        "B,waiting,,,,15,30,waiting.no_language,no volunteer or offer for language within "
        "reach of 1000 speaks Arabic"
    )


# --- the explanation texts --------------------------------------------------------------------
def test_every_code_has_english_and_dutch_with_the_same_placeholders() -> None:
    assert set(EXPLANATION_TEXTS) == set(DUTCH_TEXTS)
    for code, english in EXPLANATION_TEXTS.items():
        assert set(re.findall(r"{(\w+)}", english)) == set(
            re.findall(r"{(\w+)}", DUTCH_TEXTS[code])
        ), code
    assert set(WAITING_LABELS) == {c for c in EXPLANATION_TEXTS if c.startswith("waiting.")}


def test_json_nan_is_not_a_number() -> None:
    item = {**GOOD_ITEM, "deprivation": float("nan")}
    text = json.dumps([item])  # Python writes NaN, which json.loads reads back
    assert problems_of(read_requests, text, "r.json")[0][:3] == (
        1,
        "deprivation",
        "matching.not_number",
    )


def test_an_excel_file_with_dates_and_whole_numbers(tmp_path: Any) -> None:
    from datetime import datetime

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(REQUEST_HEADER.strip().split(","))
    sheet.append(["R-1", 9.0, "1000", "taal", "nl", "wo-middag", 2, datetime(2026, 9, 1), 84.5])
    path = tmp_path / "vragen.xlsx"
    book.save(path)
    (read,) = read_requests(path)
    assert (read.age, read.urgency, read.filed, read.deprivation) == (
        9,
        2,
        ON.replace(month=9, day=1),
        84.5,
    )


def test_blank_lines_before_the_header_keep_spreadsheet_rows() -> None:
    text = "\n,,\n" + REQUEST_HEADER + "R-1,x,1000,taal,nl,wo-middag,1,2026-09-01,\n"
    assert problems_of(read_requests, text) == [(4, "age", "matching.not_integer", "x")]


def test_dutch_file_texts_match_the_english_ones() -> None:
    from kansen.matching import DUTCH_FILE_TEXTS, FILE_TEXTS

    assert set(DUTCH_FILE_TEXTS) == set(FILE_TEXTS)
    for code, english in FILE_TEXTS.items():
        dutch = DUTCH_FILE_TEXTS[code]
        for a, b in ((english.message, dutch.message), (english.expected, dutch.expected)):
            assert set(re.findall(r"{(\w+)}", a)) == set(re.findall(r"{(\w+)}", b)), code


def test_every_field_has_a_dutch_description() -> None:
    for kind in ("requests", "supply"):
        for name, spec in schema(kind)["items"]["properties"].items():
            assert spec.get("x-description-nl"), (kind, name)
