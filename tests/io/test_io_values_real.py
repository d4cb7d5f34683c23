"""Specification of ``read_area_values`` on a raw CBS StatLine export: SES-WOA Amsterdam 2019.

The file has a UTF-8 BOM, ``;`` separators, quoted cells padded with spaces and ``.`` for
suppressed values. The expectations are counted independently with the csv module.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from kansen.io import AreaValues, IndicatorColumn, read_area_values

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def ses_file(shared_data: Path) -> Path:
    return shared_data / "nl" / "ses_woa_amsterdam_2019.csv"


@pytest.fixture(scope="module")
def ses(ses_file: Path) -> AreaValues:
    return read_area_values(ses_file)


def value(result: AreaValues, code: str, indicator: str) -> tuple[float, str]:
    observations = result.observations
    selected = observations[
        (observations.area_code == code) & (observations.indicator_code == indicator)
    ]
    [(number, status)] = zip(selected.value.tolist(), selected.status.tolist(), strict=True)
    return float(number), str(status)


def test_the_file_is_read_as_a_statline_export(ses: AreaValues) -> None:
    assert (ses.encoding, ses.delimiter, ses.format) == ("utf-8-sig", ";", "csv")
    assert ses.warnings == []
    assert set(ses.decimal.values()) == {"."}


def test_amsterdam_its_99_districts_and_479_neighbourhoods(ses: AreaValues) -> None:
    assert len(ses.areas) == 579
    assert ses.areas.level.value_counts().to_dict() == {"buurt": 479, "wijk": 99, "gemeente": 1}
    assert ses.areas.iloc[0].to_dict() == {
        "code": "GM0363",
        "name": "Amsterdam",
        "level": "gemeente",
    }
    assert set(ses.observations.year) == {2019}


def test_the_six_indicators_with_their_units(ses: AreaValues) -> None:
    assert ses.indicators == [
        IndicatorColumn(
            "Particuliere huishoudens (Aantal)",
            "particuliere_huishoudens",
            "Particuliere huishoudens",
            "Aantal",
        ),
        IndicatorColumn(
            "Opleidingsniveau/Laag/Waarde (%)",
            "opleidingsniveau_laag_waarde",
            "Opleidingsniveau/Laag/Waarde",
            "%",
        ),
        IndicatorColumn(
            "Opleidingsniveau/Middelbaar/Waarde (%)",
            "opleidingsniveau_middelbaar_waarde",
            "Opleidingsniveau/Middelbaar/Waarde",
            "%",
        ),
        IndicatorColumn(
            "Opleidingsniveau/Hoog/Waarde (%)",
            "opleidingsniveau_hoog_waarde",
            "Opleidingsniveau/Hoog/Waarde",
            "%",
        ),
        IndicatorColumn(
            "SES-WOA/Totaalscore/Gemiddelde score (Getal)",
            "ses_woa_totaalscore_gemiddelde_score",
            "SES-WOA/Totaalscore/Gemiddelde score",
            "Getal",
        ),
        IndicatorColumn(
            "Spreiding/Spreiding totaal/Waarde (Getal)",
            "spreiding_spreiding_totaal_waarde",
            "Spreiding/Spreiding totaal/Waarde",
            "Getal",
        ),
    ]


def test_suppressed_values_are_counted_as_in_the_file(ses: AreaValues, ses_file: Path) -> None:
    with ses_file.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    dots = sum(cell.strip() == "." for row in rows[1:] for cell in row[3:])
    assert dots == 450  # 90 areas with all five shares and scores suppressed
    statuses = ses.observations.status.value_counts().to_dict()
    assert statuses == {"ok": 579 * 6 - dots, "suppressed": dots}
    suppressed = ses.observations[ses.observations.status == "suppressed"]
    assert suppressed.value.isna().all()
    assert ses.observations[ses.observations.status == "ok"].value.notna().all()


def test_known_values(ses: AreaValues) -> None:
    assert value(ses, "GM0363", "particuliere_huishoudens") == (457400.0, "ok")
    assert value(ses, "GM0363", "ses_woa_totaalscore_gemiddelde_score") == (-0.1, "ok")
    assert value(ses, "BU03630000", "ses_woa_totaalscore_gemiddelde_score") == (0.045, "ok")
    assert value(ses, "BU03630000", "opleidingsniveau_hoog_waarde") == (60.6, "ok")


def test_a_neighbourhood_without_households_is_suppressed_not_zero(ses: AreaValues) -> None:
    station = ses.areas[ses.areas.code == "BU03630100"].iloc[0]
    assert station["name"] == "Stationsplein e.o."
    score, status = value(ses, "BU03630100", "ses_woa_totaalscore_gemiddelde_score")
    assert status == "suppressed"
    assert math.isnan(score)
    assert value(ses, "BU03630100", "particuliere_huishoudens") == (0.0, "ok")
    assert ses.observations[ses.observations.area_code == "BU03630100"].row.unique().tolist() == [
        10
    ]
