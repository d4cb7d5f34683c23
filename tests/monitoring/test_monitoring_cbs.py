"""A CBS open-data table through ``cbsodata`` into the CSV the area-values import reads.

No network in tests: ``responses`` answers with files in CBS's OData v3 format
(fixtures/cbs-85318NED, see its README for where the format comes from).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import requests
import responses

from kansen.io import read_area_values
from kansen.monitoring import (
    CbsColumn,
    CbsMapping,
    CbsUnavailable,
    MonitorRejected,
    cbs_message,
    cbs_values_csv,
    fetch_cbs,
    packaged_mapping,
    read_cbs_mapping,
)

FIXTURES = Path(__file__).parent / "fixtures" / "cbs-85318NED"
ROOT = "https://opendata.cbs.nl/ODataFeed/odata/85318NED/"


def _serve_table(mock: responses.RequestsMock) -> None:
    mock.add(responses.GET, ROOT, json=json.loads((FIXTURES / "index.json").read_text()))
    for name in ("TableInfos", "TypedDataSet", "DataProperties", "CategoryGroups"):
        mock.add(
            responses.GET, ROOT + name, json=json.loads((FIXTURES / f"{name}.json").read_text())
        )
    mock.add(
        responses.GET,
        ROOT + "WijkenEnBuurten",
        json=json.loads((FIXTURES / "WijkenEnBuurten.json").read_text()),
    )


@pytest.fixture
def mapping() -> CbsMapping:
    path = packaged_mapping("85318NED")
    assert path is not None
    return read_cbs_mapping(path)


def test_the_packaged_mappings_name_their_table_year_and_source(mapping):
    assert (mapping.table, mapping.year, mapping.code_key) == ("85318NED", 2022, "Codering_3")
    assert mapping.source.startswith("CBS StatLine 85318NED")
    assert [c.key for c in mapping.columns] == [
        "AantalInwoners_5",
        "k_0Tot15Jaar_8",
        "k_15Tot25Jaar_9",
    ]
    later = read_cbs_mapping(packaged_mapping("85618NED"))  # type: ignore[arg-type]
    assert (later.table, later.year) == ("85618NED", 2023)


@responses.activate
def test_a_table_is_fetched_for_one_municipality(mapping):
    _serve_table(responses.mock)
    rows = fetch_cbs(mapping, "GM0546")
    # Rotterdam, and a Rotterdam neighbourhood whose code contains 0546, are left out; the
    # padding CBS gives codes is gone
    assert rows == [
        {
            "WijkenEnBuurten": "Leiden",
            "Codering_3": "GM0546",
            "AantalInwoners_5": 125574,
            "k_0Tot15Jaar_8": 17400,
            "k_15Tot25Jaar_9": 24125,
        },
        {
            "WijkenEnBuurten": "Binnenstad-Noord",
            "Codering_3": "WK054601",
            "AantalInwoners_5": 8615,
            "k_0Tot15Jaar_8": 695,
            "k_15Tot25Jaar_9": 2380,
        },
        {
            "WijkenEnBuurten": "Levendaal-West",
            "Codering_3": "BU05460101",
            "AantalInwoners_5": 1470,
            "k_0Tot15Jaar_8": None,
            "k_15Tot25Jaar_9": 245,
        },
    ]
    data_request = next(c.request for c in responses.calls if "DataSet" in c.request.url)
    query = parse_qs(urlparse(data_request.url).query)
    assert query["$filter"] == ["substringof('0546',WijkenEnBuurten)"]
    assert query["$select"] == [
        "WijkenEnBuurten,Codering_3,AantalInwoners_5,k_0Tot15Jaar_8,k_15Tot25Jaar_9"
    ]


@responses.activate
def test_the_rows_become_a_file_the_area_values_import_reads(mapping):
    _serve_table(responses.mock)
    csv_bytes = cbs_values_csv(fetch_cbs(mapping, "GM0546"), mapping)
    assert csv_bytes.decode().splitlines() == [
        "Wijken en buurten;Codering;Perioden;Aantal inwoners (aantal);"
        "Inwoners 0 tot 15 jaar (aantal);Inwoners 15 tot 25 jaar (aantal)",
        "Leiden;GM0546;2022;125574;17400;24125",
        "Binnenstad-Noord;WK054601;2022;8615;695;2380",
        "Levendaal-West;BU05460101;2022;1470;.;245",
    ]
    values = read_area_values(csv_bytes, filename="85318NED.csv")
    assert list(values.areas["code"]) == ["GM0546", "WK054601", "BU05460101"]
    assert [(i.code, i.unit) for i in values.indicators] == [
        ("aantal_inwoners", "aantal"),
        ("inwoners_0_tot_15_jaar", "aantal"),
        ("inwoners_15_tot_25_jaar", "aantal"),
    ]
    unknown = values.observations[
        (values.observations.area_code == "BU05460101")
        & (values.observations.indicator_code == "inwoners_0_tot_15_jaar")
    ]
    assert list(unknown.status) == ["suppressed"]  # never stored as zero
    assert set(values.observations.year) == {2022}


def test_figures_with_decimals_keep_their_text():
    mapping = CbsMapping("85318NED", 2022, "t", (CbsColumn("G_1", "Huishoudensgrootte", "getal"),))
    rows = [{"WijkenEnBuurten": "Leiden", "Codering_3": "GM0546", "G_1": 2.1}]
    assert cbs_values_csv(rows, mapping).decode().splitlines()[1] == "Leiden;GM0546;2022;2.1"


@responses.activate
def test_without_a_network_the_command_says_so(mapping):
    responses.add(responses.GET, ROOT, body=requests.ConnectionError("no route to host"))
    with pytest.raises(CbsUnavailable) as caught:
        fetch_cbs(mapping)
    assert (caught.value.code, caught.value.params) == (
        "cbs.no_network",
        {"host": "opendata.cbs.nl"},
    )
    assert cbs_message(caught.value, "nl") == (
        "CBS open data (opendata.cbs.nl) is niet bereikbaar: er is geen netwerkverbinding",
        "een verbinding met internet; of download de tabel als CSV van StatLine en gebruik "
        "kansen import values",
    )
    assert cbs_message(caught.value, "en")[0] == (
        "CBS open data (opendata.cbs.nl) cannot be reached: there is no network connection"
    )


@responses.activate
def test_a_table_cbs_does_not_know_is_an_http_error(mapping):
    # every entity set of a table CBS does not know answers 404
    anything = re.compile(re.escape(ROOT) + ".*")
    responses.add(responses.GET, anything, status=404, json={"odata.error": {"code": "404"}})
    with pytest.raises(CbsUnavailable) as caught:
        fetch_cbs(mapping)
    assert (caught.value.code, caught.value.params) == (
        "cbs.http_error",
        {"status": 404, "table": "85318NED"},
    )


@responses.activate
def test_a_column_the_table_lacks_is_named(mapping):
    _serve_table(responses.mock)
    wrong = CbsMapping("85318NED", 2022, "t", (CbsColumn("Inwoners_99", "Inwoners", "aantal"),))
    with pytest.raises(CbsUnavailable) as caught:
        fetch_cbs(wrong)
    assert (caught.value.code, caught.value.params) == (
        "cbs.missing_column",
        {"table": "85318NED", "key": "Inwoners_99"},
    )


@responses.activate
def test_a_key_that_is_another_column_in_this_table_is_refused_before_any_figure(mapping):
    # 85318NED's key of the 0-15 year olds, mapped with the title the column has in another
    # table: the import stops at the table's DataProperties, before its data set is read
    _serve_table(responses.mock)
    other = CbsColumn("k_0Tot15Jaar_8", "Inwoners 15 tot 25 jaar", "aantal", title="15 tot 25 jaar")
    wrong = CbsMapping("85318NED", 2022, "t", (other,))
    with pytest.raises(CbsUnavailable) as caught:
        fetch_cbs(wrong, "GM0546")
    assert (caught.value.code, caught.value.params) == (
        "cbs.other_column",
        {
            "table": "85318NED",
            "key": "k_0Tot15Jaar_8",
            "found": "0 tot 15 jaar",
            "title": "15 tot 25 jaar",
        },
    )
    assert not any("DataSet" in c.request.url for c in responses.calls)
    assert cbs_message(caught.value, "nl") == (
        "in tabel 85318NED is kolom k_0Tot15Jaar_8 „0 tot 15 jaar”, niet „15 tot 25 jaar” zoals "
        "de koppeling zegt (tabellen van andere jaren nummeren hun kolommen anders)",
        "de code van de kolom „15 tot 25 jaar” in de DataProperties van deze tabel",
    )


@pytest.mark.parametrize("table", ["85318NED", "85618NED"])
def test_each_packaged_mapping_is_its_tables_own_with_the_titles_it_checks(table):
    own = read_cbs_mapping(packaged_mapping(table))  # type: ignore[arg-type]
    assert own.table == table
    assert own.source.startswith(f"CBS StatLine {table} ")
    assert [(c.key, c.title) for c in own.columns] == [
        ("AantalInwoners_5", "Aantal inwoners"),
        ("k_0Tot15Jaar_8", "0 tot 15 jaar"),
        ("k_15Tot25Jaar_9", "15 tot 25 jaar"),
    ]


@responses.activate
def test_the_2023_table_is_read_with_its_own_mapping():
    # the fixture of 85318NED served as 85618NED (their first columns have the same keys and
    # titles; the figures are made up), read with 85618NED's mapping: its titles are checked
    later = read_cbs_mapping(packaged_mapping("85618NED"))  # type: ignore[arg-type]
    root = ROOT.replace("85318NED", "85618NED")
    for name in (
        "",
        "TableInfos",
        "TypedDataSet",
        "DataProperties",
        "CategoryGroups",
        "WijkenEnBuurten",
    ):
        text = (FIXTURES / f"{name or 'index'}.json").read_text().replace("85318NED", "85618NED")
        responses.add(responses.GET, root + name, json=json.loads(text))
    rows = fetch_cbs(later, "GM0546")
    assert [r["Codering_3"] for r in rows] == ["GM0546", "WK054601", "BU05460101"]
    properties = next(c.request.url for c in responses.calls if "DataProperties" in c.request.url)
    assert properties.startswith(root + "DataProperties")
    assert (
        cbs_values_csv(rows, later).decode().splitlines()[1]
        == "Leiden;GM0546;2023;125574;17400;24125"
    )


@responses.activate
def test_a_municipality_without_rows_is_said(mapping):
    _serve_table(responses.mock)
    with pytest.raises(CbsUnavailable) as caught:
        fetch_cbs(mapping, "GM0363")
    assert caught.value.code == "cbs.no_rows"


def test_a_bad_mapping_file_is_refused_with_its_lines(tmp_path):
    path = tmp_path / "mapping.yaml"
    path.write_text(
        "table: 85318ned\nyear: 2022\nsource: CBS\ncolumns:\n"
        "  - {key: AantalInwoners_5, name: Inwoners}\n",
        encoding="utf-8",
    )
    with pytest.raises(MonitorRejected) as caught:
        read_cbs_mapping(path)
    assert [(p.path, p.line, p.text_code) for p in caught.value.problems] == [
        ("columns[0].unit", 5, "format.missing-field"),
        ("table", 1, "format.monitor-table"),
    ]
