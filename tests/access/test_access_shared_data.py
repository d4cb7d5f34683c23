"""Distance to the nearest havo/vwo school on real data: DUO school locations placed at their
four-digit postcode (PC4) centroid, measured from PC4 centroids and CBS wijken, checked against
brute force and compared with the road distances CBS publishes.

Data (``../shared/data/nl``): ``schools_vo_2024.csv`` (DUO, 1,231 locations with a type
HAVO/VWO or VMBO derived from exam data), ``pc4_coordinates.csv`` (4,699 PC4 centroids, 2019
vintage), ``wijken_2024_wgs84.geojson`` (CBS wijken with population) and
``cbs_proximity_aa_en_hunze_2021.csv`` (CBS StatLine, transposed export).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kansen.access import (
    NO_POSTCODE,
    UNKNOWN_PC4,
    PostcodeLocations,
    distance_to_nearest,
    locate_by_postcode,
    lonlat_to_rd,
)
from kansen.io import read_boundaries

pytestmark = pytest.mark.shared_data

BruteForce = Callable[[pd.DataFrame, pd.DataFrame], pd.DataFrame]
HAVO_VWO = "offers_havo_vwo"
#: PC4 kinds where people live; "Postbus" (PO boxes only) and "Onbekend" are left out as
#: origins: their coordinates are often a placeholder shared with other postcodes.
RESIDENTIAL = ("Adres", "Adres + Postbus")


@pytest.fixture(scope="module")
def pc4(shared_data: Path) -> pd.DataFrame:
    """PC4 centroids with RD coordinates: pc4, place, municipality (2019 names), kind, x, y."""
    raw = pd.read_csv(shared_data / "nl" / "pc4_coordinates.csv", dtype={"postcode": str})
    x, y = lonlat_to_rd(raw["longitude"], raw["latitude"])
    return pd.DataFrame(
        {
            "pc4": raw["postcode"],
            "place": raw["woonplaats"],
            "municipality": raw["gemeente"],
            "province": raw["provincie"],
            "kind": raw["soort"],
            "x": x,
            "y": y,
        }
    )


@pytest.fixture(scope="module")
def located(shared_data: Path, pc4: pd.DataFrame) -> PostcodeLocations:
    schools = pd.read_csv(shared_data / "nl" / "schools_vo_2024.csv", dtype=str)
    # X_linear/Y_linear/X_log/Y_log are scores (0-100), not coordinates: drop them.
    schools = schools.rename(columns={"BRIN": "id", "vestigingsnaam": "name"})[
        ["id", "name", "gemeente", "postcode", "type"]
    ]
    schools[HAVO_VWO] = schools["type"] == "HAVO/VWO"
    return locate_by_postcode(schools, pc4[["pc4", "x", "y"]])


@pytest.fixture(scope="module")
def facilities(located: PostcodeLocations) -> pd.DataFrame:
    return located.located


def residential_pc4(pc4: pd.DataFrame, municipality: str | None = None) -> pd.DataFrame:
    rows = pc4[pc4["kind"].isin(RESIDENTIAL)]
    if municipality is not None:
        rows = rows[rows["municipality"] == municipality]
    return rows.rename(columns={"pc4": "code"})[
        ["code", "place", "municipality", "province", "x", "y"]
    ]


def test_school_rows_that_cannot_be_located(located: PostcodeLocations) -> None:
    """73 of 1,231 rows cannot be placed: 72 have no postcode, 1 has a PC4 newer than 2019."""
    assert len(located.located) + len(located.unlocated) == 1_231
    assert len(located.located) == 1_158
    assert located.reasons() == {NO_POSTCODE: 72, UNKNOWN_PC4: 1}
    unlocated = located.unlocated
    no_postcode = unlocated[unlocated["reason"] == NO_POSTCODE]
    assert no_postcode["type"].value_counts().to_dict() == {"VMBO": 58, "HAVO/VWO": 14}
    newer = unlocated[unlocated["reason"] == UNKNOWN_PC4].iloc[0]
    assert (newer["id"], newer["postcode"], newer["gemeente"]) == (
        "21GD02",
        "1114 BD",
        "OUDER-AMSTEL",
    )
    # Of 618 havo/vwo locations, 603 can be placed.
    assert located.located[HAVO_VWO].sum() == 603
    assert (located.located["type"] == "HAVO/VWO").sum() + 15 == 618


def test_many_havo_vwo_locations_share_a_pc4_point(facilities: pd.DataFrame) -> None:
    """Locations in one PC4 get the same point: ties that the id order must break."""
    havo_vwo = facilities[facilities[HAVO_VWO]]
    per_point = havo_vwo.groupby(["x", "y"]).size()
    assert (per_point > 1).sum() == 93
    assert per_point[per_point > 1].sum() == 211


@pytest.mark.parametrize(
    ("municipality", "count", "median_m", "max_m", "farthest"),
    [
        # rural Drenthe: villages 3-13 km from the nearest havo/vwo location (PC4 9443 Schoonloo)
        ("Aa en Hunze", 34, 7_862, 13_199, "9443"),
        # a compact city with schools in most postcodes; the farthest is 2331 (Stevenshof)
        ("Leiden", 16, 933, 1_899, "2331"),
        # the farthest is 1028 (Durgerdam/Holysloot, rural Amsterdam-Noord)
        ("Amsterdam", 82, 971, 5_451, "1028"),
    ],
)
def test_distances_from_the_pc4_centroids_of_a_municipality(
    pc4: pd.DataFrame,
    facilities: pd.DataFrame,
    brute_force: BruteForce,
    municipality: str,
    count: int,
    median_m: float,
    max_m: float,
    farthest: str,
) -> None:
    areas = residential_pc4(pc4, municipality)
    result = distance_to_nearest(areas, facilities, kind=HAVO_VWO)
    assert len(result) == count
    assert set(result["origin"]) == {"given"}
    assert result["distance_m"].median() == pytest.approx(median_m, abs=1)
    assert result["distance_m"].max() == pytest.approx(max_m, abs=1)
    assert result.loc[result["distance_m"].idxmax(), "code"] == farthest
    expected = brute_force(areas, facilities[facilities[HAVO_VWO]])
    assert np.array_equal(result["distance_m"], expected["distance_m"])
    assert result["facility_id"].tolist() == expected["facility_id"].tolist()


def test_all_residential_pc4_of_the_country_equal_brute_force(
    pc4: pd.DataFrame, facilities: pd.DataFrame, brute_force: BruteForce
) -> None:
    areas = residential_pc4(pc4)
    assert len(areas) == 4_066
    result = distance_to_nearest(areas, facilities, kind=HAVO_VWO)
    expected = brute_force(areas, facilities[facilities[HAVO_VWO]])
    assert np.array_equal(result["distance_m"], expected["distance_m"])
    assert result["facility_id"].tolist() == expected["facility_id"].tolist()
    # 485 postcodes have a havo/vwo location in them; the median postcode is 3.4 km away.
    assert (result["distance_m"] == 0).sum() == 485
    assert result["distance_m"].median() == pytest.approx(3_387, abs=1)
    # Beyond 20 km: 21 postcodes, all in Friesland: 17 on the Wadden islands, where the
    # straight line crosses the sea (the trip takes a ferry), and 4 in the south-west corner.
    far = areas[(result["distance_m"] > 20_000).to_numpy()]
    assert len(far) == 21
    assert set(far["province"]) == {"Friesland"}
    islands = {"Terschelling", "Ameland", "Vlieland", "Schiermonnikoog"}
    assert far["municipality"].isin(islands).sum() == 17


def read_cbs_havo_vwo_road_km(path: Path) -> pd.DataFrame:
    """The transposed StatLine export: one column per area, one row per figure.

    Returns code, name, kind (Gemeente/Wijk/Buurt) and road_km, the average road distance of
    the residents of the area to the nearest school location offering havo/vwo.
    """
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = {row[0]: row[2:] for row in csv.reader(file, delimiter=";") if len(row) > 2}
    figure = rows["Onderwijs|Voortgezet onderwijs|Havo/vwo|Afstand tot school"]
    return pd.DataFrame(
        {
            "code": rows["Regioaanduiding|Codering"],
            "name": rows["Onderwerp"],
            "kind": rows["Regioaanduiding|Soort regio"],
            "road_km": [float(v.replace(",", ".")) if v.strip() != "." else np.nan for v in figure],
        }
    ).query("kind != 'Land'")


def test_road_distance_is_about_a_quarter_to_a_half_longer_than_the_straight_line(
    shared_data: Path, pc4: pd.DataFrame, facilities: pd.DataFrame
) -> None:
    """Compare our straight-line distances with CBS road distances for Aa en Hunze (2021).

    What CBS publishes: for the municipality, 2 of its 21 wijken (Annen, Eext) and their 4
    buurten, the average over the residents' addresses of the distance by road to the nearest
    location offering havo/vwo (km, 1 decimal).

    What we can compute: the buurten Annen and Eext match a PC4 of the same place name (9468,
    9463), measured from its centroid; the 2 wijken are measured from a point inside their 2024
    boundary (same codes; no population within the wijk is known); the municipality is the
    population-weighted mean (2024 population) of the distances of its 21 wijken. The buurten
    "Verspreide huizen" (scattered houses) have no matching postcode and are left out.

    Measured: road / straight line = 1.27 (median of 5), from 1.15 (wijk Eext) to 1.61 (wijk
    Annen). Annen has the largest ratio: its nearest school in a straight line is in Hoogezand
    (9 km north); the 13.7 km by road may well lead to another school.

    Limits: the schools are those of 2024 (from exam data, placed at their PC4 centroid, which
    in the countryside can be kilometres off), CBS used its own 2020/2021 register of school
    locations; one origin point stands for an average over addresses; CBS rounds to 100 m.
    The ratio is indicative; it is not a correction factor to apply elsewhere.
    """
    cbs = read_cbs_havo_vwo_road_km(shared_data / "nl" / "cbs_proximity_aa_en_hunze_2021.csv")
    assert dict(zip(cbs["code"], cbs["road_km"], strict=True)) == {
        "GM1680": 11.3,
        "WK168000": 13.7,
        "BU16800000": 13.7,
        "BU16800009": 12.8,
        "WK168001": 15.0,
        "BU16800100": 15.0,
        "BU16800109": 14.6,
    }
    straight: dict[str, float] = {}

    # Buurten: the PC4 of the place with the buurt's name.
    places = residential_pc4(pc4, "Aa en Hunze")
    buurten = cbs[cbs["kind"] == "Buurt"].merge(places, left_on="name", right_on="place")
    assert buurten[["code_x", "code_y"]].values.tolist() == [
        ["BU16800000", "9468"],
        ["BU16800100", "9463"],
    ]
    from_pc4 = distance_to_nearest(
        buurten[["code_x", "x", "y"]].rename(columns={"code_x": "code"}), facilities, kind=HAVO_VWO
    )
    straight |= dict(zip(from_pc4["code"], from_pc4["distance_m"], strict=True))

    # Wijken: a point inside the 2024 boundary; the municipality: weighted by population.
    boundaries = read_boundaries(shared_data / "nl" / "wijken_2024_wgs84.geojson")
    wijken = pd.DataFrame(
        [
            {
                "code": f.code,
                "geometry": f.geometry_rd,
                "population": f.properties["aantal_inwoners"],
            }
            for f in boundaries.features
            if f.code.startswith("WK1680")
        ]
    )
    assert len(wijken) == 21
    from_wijken = distance_to_nearest(wijken, facilities, kind=HAVO_VWO)
    assert set(from_wijken["origin"]) == {"point inside area"}
    straight |= dict(zip(from_wijken["code"], from_wijken["distance_m"], strict=True))
    weights = wijken["population"] / wijken["population"].sum()
    straight["GM1680"] = float((from_wijken["distance_m"] * weights).sum())

    compared = cbs[cbs["code"].isin(list(straight))].assign(
        straight_km=lambda d: d["code"].map(straight) / 1_000
    )
    compared["ratio"] = compared["road_km"] / compared["straight_km"]
    measured = dict(zip(compared["code"], compared["straight_km"].round(2), strict=True))
    assert measured == pytest.approx(
        {
            "GM1680": 8.91,
            "WK168000": 8.53,
            "BU16800000": 8.95,
            "WK168001": 13.04,
            "BU16800100": 12.91,
        },
        abs=0.03,
    )
    print(compared.to_string())  # shown with pytest -s
    ratio = compared.set_index("code")["ratio"]
    assert ratio.median() == pytest.approx(1.27, abs=0.01)
    assert ratio.min() == pytest.approx(1.15, abs=0.01)
    assert ratio.idxmin() == "WK168001"
    assert ratio.max() == pytest.approx(1.61, abs=0.01)
    assert ratio.idxmax() == "WK168000"
    # Roads are never shorter than the straight line; a ratio below 1 would mean a mismatch.
    assert (ratio > 1.0).all()
