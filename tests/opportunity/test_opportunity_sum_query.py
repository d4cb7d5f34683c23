"""The shape of the sum query on DuckDB: no table used twice, advice looked up in a list."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import ibis
import pandas as pd

from kansen.demo import DemoPupils
from kansen.opportunity import AdviceRule, advice_position
from kansen.opportunity._schema import resolve_request
from kansen.opportunity._sums import _position, check_values, grouped_sums, with_parental_rank


def test_the_sum_query_uses_no_table_twice(demo_pupils: DemoPupils, tmp_path: Path) -> None:
    # A common table expression used twice is kept in memory whole by DuckDB: at 40M pupils
    # that was most of a 4.55 GiB peak (ADR 0032, session 10).
    path = tmp_path / "pupils.parquet"
    demo_pupils.pupils.to_parquet(path, index=False)
    backend = ibis.duckdb.connect()
    pupils = backend.read_parquet(str(path))
    request = resolve_request(
        dict(pupils.schema().items()),
        levels=["buurt", "wijk"],
        subgroups=["gender"],
        outcomes=None,
        rank="auto",
    )
    request, _ = check_values(pupils, request)
    sql = ibis.to_sql(grouped_sums(pupils, request, AdviceRule()))
    assert "WITH" not in sql.upper()
    assert "LIST_POSITION" in sql.upper()
    assert sql.upper().count("READ_PARQUET") == 2  # the pupils, and their incomes again


def test_rank_is_the_same_with_the_incomes_counted_in_the_source(
    demo_pupils: DemoPupils,
) -> None:
    pupils = demo_pupils.pupils.copy()
    pupils.loc[:50, "parent_income"] = 30_000.0  # ties
    source = ibis.memtable(pupils)
    request = resolve_request(
        dict(source.schema().items()), levels=["buurt"], subgroups=[], outcomes=None, rank="auto"
    )
    selected = source.select("year", "buurt", "parent_income", "test_score")
    alone = with_parental_rank(selected, request).to_pandas()
    counted = with_parental_rank(selected, request, source).to_pandas()
    keys = ["year", "buurt", "parent_income", "test_score"]
    alone = alone.sort_values(keys).reset_index(drop=True)
    counted = counted.sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(alone, counted, check_exact=True)


def test_advice_spellings_looked_up_as_parse_advice_reads_them() -> None:
    spellings = ["havo", "HAVO", " vwo ", "vmbo gl/tl", "vmbo-gt/havo", "", "  ", None, "pro"]
    pupils = pd.DataFrame(
        {
            "year": 2024,
            "buurt": "BU1",
            "parent_income": 1.0,
            "school_advice": spellings,
            "test_advice": "havo",
        }
    )
    table = ibis.memtable(pupils)
    mapping = {raw: advice_position(raw) for raw in spellings if raw and raw.strip()}
    request = resolve_request(
        dict(table.schema().items()), levels=["buurt"], subgroups=[], outcomes=None, rank="auto"
    )
    request = replace(request, advice_positions={"school_advice": mapping, "test_advice": {}})
    assert table.get_backend().name == "duckdb"
    found = table.select(p=_position(table, "school_advice", request)).to_pandas()["p"]
    expected = [None if raw is None else mapping.get(raw) for raw in spellings]
    assert [None if pd.isna(p) else int(p) for p in found] == expected
    assert expected[:5] == [6, 6, 8, 4, 5]
    assert expected[5:] == [None, None, None, None]
