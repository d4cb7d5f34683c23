"""The platform re-checks the disclosure rules on a kansenkaart table, and hostile files end
in a clear message by row and column (in Dutch on the page), never a 500.

Every table here is a variation of one small table that passes (docs/disclosure.md,
"Published table"); each test changes one thing.
"""

from __future__ import annotations

import io
import json
from types import SimpleNamespace

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kansen.web.accounts.constants import Role
from kansen.web.areas import services
from kansen.web.areas.models import ImportRun, Observation
from kansen.web.areas.opportunity import import_opportunity_results

from .factories import PASSWORD, MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    """A municipality with the code of Demostad (without the demo's data: fast)."""
    municipality = MunicipalityFactory(code="GM9999", name="Demostad", slug="demostad")
    UserFactory(username="analist", municipality=municipality, role=Role.ANALYST)
    return SimpleNamespace(municipality=municipality)


def _cell(band: str, outcome: str, published: bool, **numbers: object) -> dict[str, object]:
    row: dict[str, object] = {
        "year": 2024,
        "level": "gemeente",
        "area_code": "GM9999",
        "parent_code": None,
        "subgroup": "all",
        "subgroup_value": "all",
        "band": band,
        "band_point": None if band == "all" else 0.1,
        "outcome": outcome,
        "outcome_kind": "share",
        "published": published,
        "status": "ok" if published else "onvoldoende waarnemingen",
        "n": None,
        "precision": None,
        "mean": None,
        "estimate": None,
        "ci_low": None,
        "ci_high": None,
        "slope": None,
        "estimate_shrunk": None,
    }
    row.update(numbers)
    return row


def _good() -> pd.DataFrame:
    """40 pupils with a share of 0.5 (35-44 pupils, precision 0.05) and a suppressed band."""
    shown = {"n": 40, "precision": 0.05, "mean": 0.5, "estimate": 0.5, "ci_low": 0.3}
    return pd.DataFrame(
        [
            _cell("all", "at_least_havo", True, **shown, ci_high=0.7),
            _cell("very_low", "at_least_havo", False),
        ]
    )


def _parquet(frame: pd.DataFrame, rules: dict[str, object] | None = None) -> bytes:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if rules is not None:
        metadata = dict(table.schema.metadata or {})
        metadata[b"kansen.disclosure"] = json.dumps(rules).encode()
        table = table.replace_schema_metadata(metadata)
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def _refused(demo, data: bytes, filename: str = "kansen.parquet", **options):
    with pytest.raises(services.ImportFailed) as failed:
        import_opportunity_results(
            data, filename=filename, municipality=demo.municipality, **options
        )
    assert not Observation.objects.filter(import_run=failed.value.run).exists()
    return [(p.row, p.column, p.code) for p in failed.value.problems], failed.value.problems


def test_a_table_that_keeps_the_rules_loads_and_the_rules_are_recorded(demo):
    rules = {"min_n_mean": 11, "min_n_regression": 12, "min_share_count": 10.0}
    run = import_opportunity_results(
        _parquet(_good(), rules), filename="kansen.parquet", municipality=demo.municipality
    )
    assert run.summary["cells"] == 2
    assert run.summary["rules"]["min_n_mean"] == 11
    assert run.summary["rules"]["rounding_base"] == 10
    assert run.summary["audit"]["n_pinned"] == 0
    assert run.summary["audit"]["exact_n_published"] == 0


def test_the_audit_is_skipped_only_when_asked_and_the_rule_checks_still_run(demo, monkeypatch):
    from kansen.web.areas import opportunity

    def no_audit(*args, **kwargs):
        raise AssertionError("the audit ran")

    monkeypatch.setattr(opportunity, "audit_table", no_audit)
    run = import_opportunity_results(
        _parquet(_good()), filename="demo.parquet", municipality=demo.municipality, audit=False
    )
    assert run.summary["audit"] == {"skipped": True}
    assert _refused(demo, _parquet(_good().assign(bsn="1")), audit=False)[0]


def test_columns_outside_the_contract_are_refused_by_name(demo):
    frame = _good().assign(bsn="123456782", geboortedatum="2012-01-01", n_exact=37)
    located, problems = _refused(demo, _parquet(frame))
    assert located == [
        (1, "bsn", "opportunity.column_not_allowed"),
        (1, "geboortedatum", "opportunity.column_not_allowed"),
        (1, "n_exact", "opportunity.column_not_allowed"),
    ]
    assert "bsn is not part of the published table" in problems[0].message


@pytest.mark.parametrize(
    ("column", "value", "problems"),
    [
        ("n", 0, [("n", "opportunity.n_zero")]),  # stored as 100% before
        ("n", 37, [("n", "opportunity.n_not_rounded")]),
        ("n", 10, [("n", "opportunity.n_below_minimum")]),  # a share needs 20 pupils
        ("mean", 0.0, [("mean", "opportunity.zero_estimate")]),
        (
            "estimate",
            0.0,
            [("estimate", "opportunity.zero_estimate"), ("ci_low", "opportunity.interval_order")],
        ),
        (
            "estimate",
            1.5,
            [
                ("estimate", "opportunity.share_out_of_range"),
                ("ci_low", "opportunity.interval_order"),
            ],
        ),
        ("status", "onvoldoende waarnemingen", [("status", "opportunity.status")]),
        ("precision", 0.001, [("precision", "opportunity.precision_too_fine")]),
        ("ci_low", 0.3141, [("ci_low", "opportunity.not_rounded")]),
        ("ci_high", 0.45, [("ci_low", "opportunity.interval_order")]),
    ],
)
def test_a_published_cell_that_breaks_a_rule_is_refused_in_its_row(demo, column, value, problems):
    frame = _good()
    frame[column] = frame[column].astype(object)
    frame.loc[0, column] = value
    located, _ = _refused(demo, _parquet(frame))
    assert located == [(2, where, code) for where, code in problems]


def test_a_share_that_no_whole_number_of_pupils_gives_is_refused(demo):
    # 40 pupils (35-44) and at least 10 without the outcome: at most 34/44 = 0.77
    frame = _good()
    frame.loc[0, ["mean", "estimate", "ci_high"]] = [0.95, 0.95, 1.0]
    located, problems = _refused(demo, _parquet(frame))
    assert located == [(2, "n", "opportunity.n_inconsistent")]
    assert "from 35 to 44" in problems[0].message


def test_a_suppressed_cell_with_numbers_is_refused_per_number(demo):
    frame = _good()
    frame.loc[1, ["n", "mean", "ci_low"]] = [10, 0.4, 0.1]
    located, _ = _refused(demo, _parquet(frame))
    assert located == [
        (3, "n", "opportunity.suppressed_number"),
        (3, "mean", "opportunity.suppressed_number"),
        (3, "ci_low", "opportunity.suppressed_number"),
    ]


def test_an_exact_count_that_follows_from_the_numbers_is_refused(demo):
    # 12 of 37 at full precision (a table without the precision column): only 37 pupils give it
    frame = _good().drop(columns="precision")
    frame.loc[0, ["mean", "estimate"]] = [12 / 37, 12 / 37]
    located, problems = _refused(demo, _parquet(frame))
    assert located == [(2, "n", "opportunity.n_derivable")]
    assert "(37)" in problems[0].message


def test_a_table_without_complementary_suppression_is_refused(demo):
    # under- and over-advice count the same pupils: a published twin pins the suppressed one
    shown = {"n": 40, "precision": 0.05, "mean": 0.5, "estimate": 0.5, "ci_low": 0.3}
    frame = pd.DataFrame(
        [
            _cell("all", "under_advice", True, **shown, ci_high=0.7),
            _cell("all", "over_advice", False),
        ]
    )
    located, problems = _refused(demo, _parquet(frame))
    assert located == [(3, "published", "opportunity.pinned")]
    assert "35 to 44 pupils" in problems[0].message


def test_rules_weaker_than_the_platform_s_are_refused(demo):
    located, _ = _refused(demo, _parquet(_good(), {"min_n_mean": 5, "complementary": False}))
    assert located == [
        (None, None, "opportunity.rules_weaker"),
        (None, None, "opportunity.rules_weaker"),
    ]


def _nested() -> bytes:
    table = pa.table({"year": [2024], "area_code": [{"a": {"b": [1, 2]}}]})
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (bytes(range(256)) * 40, "kansen.csv", "opportunity.binary"),
        (_good().to_csv(index=False).encode("utf-16"), "kansen.csv", "opportunity.not_utf8"),
        (b"year,level\n2024,\xff\xfe\xfa\n", "kansen.csv", "opportunity.not_utf8"),
        (
            b"PAR1" + b"\x00garbage" * 100 + b"PAR1",
            "kansen.parquet",
            "opportunity.unreadable_parquet",
        ),
        (b"", "kansen.csv", "opportunity.empty"),
        (b'year,level\n2024,"gemeente\n', "kansen.csv", "opportunity.unreadable_csv"),
    ],
)
def test_hostile_files_are_problems_not_errors(demo, data, filename, code):
    located, _ = _refused(demo, data, filename)
    assert [c for _, _, c in located] == [code]


def test_a_nested_parquet_column_is_refused_by_name(demo):
    located, _ = _refused(demo, _nested())
    assert located == [(1, "area_code", "opportunity.nested")]


def test_non_numbers_and_an_empty_level_are_refused_by_row_and_column(demo):
    frame = _good().astype(str).replace({"None": "", "nan": ""})
    frame.loc[0, "n"] = "veertig"
    frame.loc[1, "level"] = ""
    located, _ = _refused(demo, frame.to_csv(index=False).encode(), "kansen.csv")
    assert located == [
        (2, "n", "opportunity.not_a_number"),
        (3, "level", "opportunity.empty_value"),
    ]


def test_a_file_over_the_limit_is_refused_before_it_is_read(demo):
    data = _parquet(_good())
    located, _ = _refused(demo, data, max_bytes=len(data) - 1)
    assert located == [(None, None, "opportunity.too_large")]


def test_the_import_page_shows_the_problems_in_dutch(demo):
    client = Client()
    client.login(username="analist", password=PASSWORD)
    frame = _good().assign(bsn="123456782")
    response = client.post(
        "/gebieden/importeren/",
        {"kind": "opportunity", "file": SimpleUploadedFile("kansen.parquet", _parquet(frame))},
    )
    assert response.status_code == 400
    assert "bsn maakt geen deel uit van de gepubliceerde tabel" in response.text
    garbage = client.post(
        "/gebieden/importeren/",
        {"kind": "opportunity", "file": SimpleUploadedFile("kansen.csv", bytes(range(256)))},
    )
    assert garbage.status_code == 400
    assert ImportRun.objects.filter(status="rejected").count() == 2
