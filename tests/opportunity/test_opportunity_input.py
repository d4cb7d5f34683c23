"""Reading pupil data: every source, and every problem reported with counts and examples."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from conftest import GROUP_RULES_ONLY
from kansen.demo import DemoPupils
from kansen.opportunity import (
    PUPIL_SCHEMA,
    ColumnProblem,
    PupilDataRejected,
    estimate_opportunity,
)


def _small(demo_pupils: DemoPupils) -> pd.DataFrame:
    return demo_pupils.pupils[demo_pupils.pupils["year"] == 2024].reset_index(drop=True)


def _rejected(pupils: object, **options: object) -> list[ColumnProblem]:
    with pytest.raises(PupilDataRejected) as caught:
        estimate_opportunity(pupils, **options)  # type: ignore[arg-type]
    return caught.value.problems


def _problem(problems: list[ColumnProblem], column: str | None) -> ColumnProblem:
    found = [p for p in problems if p.column == column]
    assert len(found) == 1, problems
    return found[0]


def test_the_schema_documents_every_standard_column() -> None:
    names = [column.name for column in PUPIL_SCHEMA]
    assert names == [
        "buurt",
        "wijk",
        "gemeente",
        "pc4",
        "year",
        "parent_income",
        "parent_rank",
        "school_advice",
        "test_advice",
        "revised_advice",
    ]


def test_missing_columns_are_listed_with_what_is_there(demo_pupils: DemoPupils) -> None:
    pupils = _small(demo_pupils).drop(columns=["wijk", "year", "parent_income"])
    problems = _rejected(pupils, levels=["buurt", "wijk"])
    assert {p.column for p in problems} == {"wijk", "year", "parent_income"}
    wijk = _problem(problems, "wijk")
    assert "missing column" in wijk.message
    assert wijk.expected is not None
    assert "buurt" in wijk.expected


def test_mistyped_columns(demo_pupils: DemoPupils) -> None:
    pupils = _small(demo_pupils).assign(
        year=lambda f: f["year"].astype(str),
        parent_income=lambda f: f["parent_income"].astype(str),
        buurt=1,
        test_score=lambda f: f["test_score"].astype(str),
    )
    problems = _rejected(pupils, levels=["buurt"], outcomes=["at_least_havo", "test_score"])
    assert {p.column for p in problems} == {"year", "parent_income", "buurt", "test_score"}
    assert _problem(problems, "year").message == "has type string"


def test_invalid_values_are_counted_with_examples(demo_pupils: DemoPupils) -> None:
    pupils = _small(demo_pupils)
    pupils.loc[:2, "parent_income"] = [-100.0, -5.0, -5.0]
    pupils.loc[3, "parent_income"] = np.inf
    pupils.loc[10:14, "school_advice"] = ["pro", "pro", "vso", "pro", "praktijk"]
    pupils.loc[20, "test_advice"] = "havo-ish"
    pupils.loc[30:31, "buurt"] = [None, " "]
    problems = _rejected(pupils, levels=["buurt", "wijk"])

    negative = next(p for p in problems if p.message.endswith("negative incomes"))
    assert negative.column == "parent_income"
    assert negative.count == 3
    assert negative.message.startswith(f"3 of {len(pupils)} ")
    assert set(negative.examples) == {"-100.0", "-5.0"}
    infinite = next(p for p in problems if "finite" in p.message)
    assert infinite.count == 1

    school = _problem(problems, "school_advice")
    assert school.count == 5
    assert school.examples == ("'pro'", "'praktijk'", "'vso'")  # most frequent first
    assert "vmbo-b" in (school.expected or "")
    assert _problem(problems, "test_advice").count == 1
    assert _problem(problems, "buurt").count == 2  # empty and blank codes
    assert "e.g. 'pro'" in str(school)


def _with_nan(pupils: pd.DataFrame) -> pa.Table:
    """The pupils as an Arrow table in which NaN stays NaN (from a DataFrame it is missing)."""
    table = pa.Table.from_pandas(pupils, preserve_index=False)
    for name in ("parent_income", "parent_rank"):
        if name in pupils.columns:
            column = pa.array(pupils[name].to_numpy(dtype=np.float64), from_pandas=False)
            table = table.set_column(table.schema.get_field_index(name), name, column)
    return table


@pytest.mark.parametrize("bad", [np.nan, np.inf])  # -inf is also a negative income
def test_a_non_finite_income_alone_is_found_by_the_sum_query(
    demo_pupils: DemoPupils, bad: float
) -> None:
    # Alone, the not-a-number check is left to the sum query (the check's scan skips it); the
    # error is the one the scan gives: the count and the value as an example.
    pupils = _small(demo_pupils)
    pupils.loc[[5, 7], "parent_income"] = bad
    problems = _rejected(_with_nan(pupils), levels=["buurt", "wijk"])
    assert len(problems) == 1, problems
    problem = _problem(problems, "parent_income")
    assert problem.message == f"2 of {len(pupils)} values are not finite numbers"
    assert problem.expected == "a finite number"
    assert problem.count == 2
    assert problem.examples == (str(bad),)


def test_a_non_finite_income_beside_another_problem_is_listed_with_it(
    demo_pupils: DemoPupils,
) -> None:
    pupils = _small(demo_pupils)
    pupils.loc[5, "parent_income"] = np.nan
    pupils.loc[9, "school_advice"] = "pro"
    problems = _rejected(_with_nan(pupils), levels=["buurt"])
    assert [p.column for p in problems] == ["parent_income", "school_advice"]
    assert problems[0].message == f"1 of {len(pupils)} values are not finite numbers"
    assert problems[1].count == 1


def test_a_given_rank_that_is_not_a_number_is_rejected(demo_pupils: DemoPupils) -> None:
    # DuckDB sorts NaN above every number, so it is also outside 0-1: both, as before the
    # not-a-number check moved into the sum query.
    pupils = _small(demo_pupils).drop(columns="parent_income")
    pupils["parent_rank"] = np.linspace(0, 1, len(pupils))
    pupils.loc[3, "parent_rank"] = np.nan
    problems = _rejected(_with_nan(pupils), levels=["gemeente"])
    assert [(p.column, p.message, p.examples) for p in problems] == [
        ("parent_rank", f"1 of {len(pupils)} values are not finite numbers", ("nan",)),
        ("parent_rank", f"1 of {len(pupils)} ranks outside 0-1", ("nan",)),
    ]


def test_a_code_is_blank_only_when_nothing_but_whitespace_is_left(
    demo_pupils: DemoPupils,
) -> None:
    # Blank: empty, or only the characters str.strip removes (tab, newline, carriage return,
    # vertical tab, form feed, space). Not blank: a code with whitespace around it, or a
    # control character or "!" that strip keeps.
    pupils = _small(demo_pupils)
    pupils["buurt"] = pupils["buurt"].astype(object)
    blank = ["", " ", "\t", "\n\r", "\x0b\x0c ", " \t "]
    kept = [" BU1", "\tx", "\x01", "!", "BU2 "]
    pupils.loc[: len(blank) - 1, "buurt"] = blank
    pupils.loc[100 : 100 + len(kept) - 1, "buurt"] = kept
    problems = _rejected(pupils, levels=["buurt", "wijk"])
    assert _problem(problems, "buurt").count == len(blank)
    assert _problem(problems, "buurt").message.startswith(f"{len(blank)} of {len(pupils)} ")


def test_ranks_outside_zero_to_one(demo_pupils: DemoPupils) -> None:
    pupils = _small(demo_pupils).drop(columns="parent_income")
    pupils["parent_rank"] = np.linspace(0, 1, len(pupils))
    pupils.loc[:1, "parent_rank"] = [1.5, -0.25]
    problems = _rejected(pupils, levels=["gemeente"])
    problem = _problem(problems, "parent_rank")
    assert problem.count == 2
    assert set(problem.examples) == {"1.5", "-0.25"}


def test_areas_that_do_not_nest(demo_pupils: DemoPupils) -> None:
    pupils = _small(demo_pupils)
    first = pupils.index[pupils["buurt"] == "BU99990101"][0]
    pupils.loc[first, "wijk"] = "WK999902"
    problems = _rejected(pupils, levels=["buurt", "wijk"])
    problem = _problem(problems, "buurt")
    assert problem.count == 1
    assert problem.examples == ("'BU99990101 in 2024: WK999901, WK999902'",)


def test_no_rows_and_no_outcomes(demo_pupils: DemoPupils) -> None:
    pupils = _small(demo_pupils)
    assert _rejected(pupils.iloc[:0], levels=["gemeente"])[0].message == "the table has no rows"
    bare = pupils[["gemeente", "year", "parent_income"]]
    problem = _rejected(bare, levels=["gemeente"])[0]
    assert problem.message.startswith("no outcome to estimate")


def test_requests_that_make_no_sense(demo_pupils: DemoPupils) -> None:
    pupils = _small(demo_pupils)
    with pytest.raises(ValueError, match="levels must be"):
        estimate_opportunity(pupils, levels=["provincie"])
    with pytest.raises(ValueError, match="subgroups must be"):
        estimate_opportunity(pupils, subgroups=["year"])
    with pytest.raises(ValueError, match="rank must be"):
        estimate_opportunity(pupils, rank="percentile")  # type: ignore[arg-type]


def test_every_source_gives_the_same_table(demo_pupils: DemoPupils, tmp_path: Path) -> None:
    pupils = _small(demo_pupils)
    options = {
        "levels": ["wijk", "gemeente", "pc4"],
        "shrinkage": False,
        "disclosure": GROUP_RULES_ONLY,
    }
    expected = estimate_opportunity(pupils, **options).published  # type: ignore[arg-type]

    parquet = tmp_path / "pupils.parquet"
    pupils.to_parquet(parquet)
    csv = tmp_path / "pupils.csv"
    pupils.to_csv(csv, index=False)  # pc4 comes back as an integer
    database = tmp_path / "pupils.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.register("frame", pupils)
        connection.execute("CREATE TABLE pupils AS SELECT * FROM frame")

    class PolarsLike:
        """Stands in for a Polars DataFrame (not installed here): only ``to_arrow`` is used."""

        __module__ = "polars.dataframe.frame"

        def to_arrow(self) -> pa.Table:
            return pa.Table.from_pandas(pupils)

    sources: list[object] = [
        parquet,
        str(csv),
        pa.Table.from_pandas(pupils),
        PolarsLike(),
    ]
    for source in sources:
        result = estimate_opportunity(source, **options)  # type: ignore[arg-type]
        pd.testing.assert_frame_equal(result.published, expected, check_exact=False, rtol=1e-12)
    from_database = estimate_opportunity(database, table="pupils", **options)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(from_database.published, expected, check_exact=False, rtol=1e-12)


def test_unknown_sources(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        estimate_opportunity(tmp_path / "nowhere.parquet")
    (tmp_path / "pupils.xlsx").write_bytes(b"")
    with pytest.raises(ValueError, match=r"expected \.parquet"):
        estimate_opportunity(tmp_path / "pupils.xlsx")
    (tmp_path / "pupils.duckdb").write_bytes(b"")
    with pytest.raises(ValueError, match="table="):
        estimate_opportunity(tmp_path / "pupils.duckdb")
    with pytest.raises(TypeError, match="pupil data must be"):
        estimate_opportunity(42)  # type: ignore[arg-type]


def test_a_column_without_any_value(demo_pupils: DemoPupils) -> None:
    pupils = _small(demo_pupils).assign(revised_advice=None, gender=None)
    result = estimate_opportunity(
        pupils, levels=["wijk"], subgroups=["gender"], disclosure=GROUP_RULES_ONLY
    )
    assert set(result.published["subgroup_value"]) == {"all", "unknown"}
    problems = _rejected(pupils.assign(parent_income=None), levels=["wijk"])
    message = _problem(problems, "parent_income").message
    assert message == f"{len(pupils)} of {len(pupils)} rows without a value"


def test_narrow_integer_types_give_the_same_table(demo_pupils: DemoPupils) -> None:
    # A cast in a join key once made Ibis join the ranks with themselves; int32 years (as Spark
    # reads them from CSV) and integer incomes must give exactly the same result.
    pupils = demo_pupils.pupils
    expected = estimate_opportunity(
        pupils, levels=["buurt", "pc4"], disclosure=GROUP_RULES_ONLY
    ).confidential
    narrow = pupils.astype({"year": "int32", "parent_income": "int64"}).assign(
        pc4=lambda f: f["pc4"].astype("int16")
    )
    result = estimate_opportunity(
        narrow, levels=["buurt", "pc4"], disclosure=GROUP_RULES_ONLY
    ).confidential
    pd.testing.assert_frame_equal(result, expected)
