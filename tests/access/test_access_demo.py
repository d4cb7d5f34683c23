"""Distance to the nearest havo/vwo school in Demostad, the synthetic town."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from shapely import Point

from kansen.access import choose_origins, distance_to_nearest
from kansen.demo import Demostad

BruteForce = Callable[[pd.DataFrame, pd.DataFrame], pd.DataFrame]


@pytest.fixture(scope="module")
def schools(demo: Demostad) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [s.location_code for s in demo.schools],
            "name": [s.name for s in demo.schools],
            "x": [s.x for s in demo.schools],
            "y": [s.y for s in demo.schools],
            "offers_havo_vwo": [s.offers_havo_vwo for s in demo.schools],
            "area_code": [s.area_code for s in demo.schools],
        }
    )


@pytest.fixture(scope="module")
def buurten(demo: Demostad) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": [b.code for b in demo.buurten],
            "geometry": [b.geometry_rd for b in demo.buurten],
            "population": [b.population for b in demo.buurten],
        }
    )


def test_every_buurt_gets_a_distance_from_a_point_inside_it(
    buurten: pd.DataFrame, schools: pd.DataFrame, brute_force: BruteForce
) -> None:
    result = distance_to_nearest(buurten, schools, kind="offers_havo_vwo")
    assert len(result) == 40
    assert result["code"].tolist() == buurten["code"].tolist()
    assert set(result["origin"]) == {"point inside area"}
    for geometry, x, y in zip(
        buurten["geometry"], result["origin_x"], result["origin_y"], strict=True
    ):
        assert geometry.contains(Point(x, y))
    havo_vwo = set(schools.loc[schools["offers_havo_vwo"], "id"])
    assert set(result["facility_id"]) <= havo_vwo
    # The town is about 8 x 6 km and has 4 havo/vwo locations: nobody is far away.
    assert result["distance_m"].between(0, 4_500).all()
    origins = result.rename(columns={"origin_x": "x", "origin_y": "y"})
    expected = brute_force(origins, schools[schools["offers_havo_vwo"]])
    assert np.array_equal(result["distance_m"], expected["distance_m"])
    assert result["facility_id"].tolist() == expected["facility_id"].tolist()


def test_buurten_with_a_havo_vwo_school_are_close_to_one(
    buurten: pd.DataFrame, schools: pd.DataFrame
) -> None:
    result = distance_to_nearest(buurten, schools, kind="offers_havo_vwo").set_index("code")
    with_school = schools[schools["offers_havo_vwo"]]
    assert len(with_school) == 4
    for school in with_school.itertuples():
        row = result.loc[school.area_code]
        origin = np.array([row["origin_x"], row["origin_y"]])
        to_own_school = float(np.hypot(school.x - origin[0], school.y - origin[1]))
        buurt = buurten.set_index("code").loc[school.area_code, "geometry"]
        # The school lies inside the buurt, so no farther than the buurt's farthest corner.
        farthest_corner = np.hypot(*(np.asarray(buurt.exterior.coords) - origin).T).max()
        assert row["distance_m"] <= to_own_school <= farthest_corner
        assert row["distance_m"] < 1_000


def test_measured_from_the_school_itself_the_distance_is_zero(schools: pd.DataFrame) -> None:
    at_schools = schools[["id", "x", "y"]].rename(columns={"id": "code"})
    result = distance_to_nearest(at_schools, schools, kind="offers_havo_vwo")
    havo_vwo = schools["offers_havo_vwo"].to_numpy()
    assert (result["distance_m"][havo_vwo] == 0.0).all()
    assert (result["facility_id"][havo_vwo] == schools["id"][havo_vwo]).all()
    assert (result["distance_m"][~havo_vwo] > 0).all()


def test_wijken_are_measured_from_where_their_people_live(
    demo: Demostad, buurten: pd.DataFrame, schools: pd.DataFrame, brute_force: BruteForce
) -> None:
    points = choose_origins(buurten)
    subareas = pd.DataFrame(
        {
            "area_code": [b.parent_code for b in demo.buurten],
            "x": points["x"],
            "y": points["y"],
            "population": buurten["population"],
        }
    )
    wijken = pd.DataFrame(
        {"code": [w.code for w in demo.wijken], "geometry": [w.geometry_rd for w in demo.wijken]}
    )
    result = distance_to_nearest(wijken, schools, kind="offers_havo_vwo", subareas=subareas)
    assert set(result["origin"]) == {"population-weighted"}
    for wijk, row in zip(demo.wijken, result.itertuples(), strict=True):
        members = subareas[subareas["area_code"] == wijk.code]
        weights = members["population"] / members["population"].sum()
        assert row.origin_x == pytest.approx((members["x"] * weights).sum())
        assert wijk.geometry_rd.convex_hull.contains(Point(row.origin_x, row.origin_y))
    origins = result.rename(columns={"origin_x": "x", "origin_y": "y"})
    expected = brute_force(origins, schools[schools["offers_havo_vwo"]])
    assert np.array_equal(result["distance_m"], expected["distance_m"])
    assert result["facility_id"].tolist() == expected["facility_id"].tolist()
