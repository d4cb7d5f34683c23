"""The nearest facility through the KD-tree: hand-made cases, ties, errors, and brute force."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from kansen.access import (
    RESULT_COLUMNS,
    AccessInputError,
    FacilityIndex,
    MissingCoordinates,
    distance_to_nearest,
    nearest_facilities,
)

BruteForce = Callable[[pd.DataFrame, pd.DataFrame], pd.DataFrame]

#: A point in the middle of the Netherlands (Amersfoort) in EPSG:28992.
X0, Y0 = 155_000.0, 463_000.0


def schools(rows: list[tuple[str, float, float, bool]]) -> pd.DataFrame:
    """Facilities from (id, dx, dy, offers_havo_vwo) relative to (X0, Y0)."""
    return pd.DataFrame(
        {
            "id": [r[0] for r in rows],
            "name": [f"School {r[0]}" for r in rows],
            "x": [X0 + r[1] for r in rows],
            "y": [Y0 + r[2] for r in rows],
            "offers_havo_vwo": [r[3] for r in rows],
        }
    )


def points(rows: list[tuple[str, float, float]]) -> pd.DataFrame:
    """Origins from (code, dx, dy) relative to (X0, Y0)."""
    return pd.DataFrame(
        {
            "code": [r[0] for r in rows],
            "x": [X0 + r[1] for r in rows],
            "y": [Y0 + r[2] for r in rows],
        }
    )


def test_hand_made_distances_and_kind_selection() -> None:
    facilities = schools(
        [
            ("A", 0, 0, True),  # havo/vwo at the reference point
            ("B", 1_000, 0, False),  # vmbo, nearer to the second origin but not selected
            ("C", 0, 5_000, True),
        ]
    )
    origins = points([("BU1", 300, 400), ("BU2", 1_000, 100), ("BU3", 0, 4_000)])
    result = nearest_facilities(origins, facilities, kind="offers_havo_vwo")
    assert list(result.columns) == list(RESULT_COLUMNS)
    assert result["distance_m"].tolist() == [500.0, pytest.approx(np.hypot(1_000, 100)), 1_000.0]
    assert result["facility_id"].tolist() == ["A", "A", "C"]
    assert result["facility_name"].tolist() == ["School A", "School A", "School C"]
    assert result["origin"].tolist() == ["given"] * 3
    every_kind = nearest_facilities(origins, facilities, kind=None)
    assert every_kind["facility_id"].tolist() == ["A", "B", "C"]
    assert every_kind["distance_m"].tolist()[1] == 100.0


def test_the_result_keeps_the_order_of_the_areas() -> None:
    facilities = schools([("A", 0, 0, True), ("B", 10_000, 0, True)])
    origins = points([("z", 9_000, 0), ("a", 1_000, 0), ("m", 6_000, 0)])
    result = nearest_facilities(origins, facilities, kind="offers_havo_vwo")
    assert result["code"].tolist() == ["z", "a", "m"]
    assert result["facility_id"].tolist() == ["B", "A", "B"]


def test_two_locations_at_one_point_go_to_the_first_id_whatever_the_row_order() -> None:
    # Two school locations in one postcode share the PC4 point: a tie on the distance.
    rows = [("20LO01", 0, 0, True), ("20LO00", 0, 0, True), ("99ZZ00", 2_000, 0, True)]
    origins = points([("BU1", 100, 0), ("BU2", 0, 0)])
    for order in ([0, 1, 2], [1, 0, 2], [2, 1, 0]):
        result = nearest_facilities(
            origins, schools([rows[i] for i in order]), kind="offers_havo_vwo"
        )
        assert result["facility_id"].tolist() == ["20LO00", "20LO00"]
        assert result["distance_m"].tolist() == [100.0, 0.0]


def test_more_ties_than_the_first_query_asks_for() -> None:
    # Eight schools at exactly 5 m ((3, 4) triangles) and one at 5.000001 m: all eight tie.
    ring = [(3, 4), (4, 3), (-3, 4), (-4, 3), (3, -4), (4, -3), (-3, -4), (-4, -3)]
    ids = ["H", "C", "F", "A2", "G", "D", "B", "E"]
    rows = [(i, dx, dy, True) for i, (dx, dy) in zip(ids, ring, strict=True)]
    rows.append(("A1", 5.000001, 0, True))
    result = nearest_facilities(points([("o", 0, 0)]), schools(rows), kind="offers_havo_vwo")
    assert result["distance_m"].tolist() == [5.0]
    assert result["facility_id"].tolist() == ["A2"]


def test_a_single_facility() -> None:
    result = nearest_facilities(
        points([("a", 30, 40), ("b", 0, 0)]),
        schools([("A", 0, 0, True)]),
        kind="offers_havo_vwo",
    )
    assert result["distance_m"].tolist() == [50.0, 0.0]


@pytest.mark.parametrize("grid", [False, True])
def test_random_cases_equal_brute_force(grid: bool, brute_force: BruteForce) -> None:
    """Random towns; on a 100 m grid many distances tie, which must not change the answer."""
    rng = np.random.default_rng(7 if grid else 8)
    for _ in range(40):
        n_facilities = int(rng.integers(1, 60))
        n_origins = int(rng.integers(1, 300))
        xy_f = rng.uniform(-5_000, 5_000, size=(n_facilities, 2))
        xy_o = rng.uniform(-5_000, 5_000, size=(n_origins, 2))
        if grid:
            xy_f, xy_o = np.round(xy_f, -2), np.round(xy_o, -2)
        facilities = pd.DataFrame(
            {
                "id": rng.permutation([f"F{i:03d}" for i in range(n_facilities)]),
                "x": X0 + xy_f[:, 0],
                "y": Y0 + xy_f[:, 1],
            }
        )
        origins = pd.DataFrame(
            {
                "code": [f"O{i}" for i in range(n_origins)],
                "x": X0 + xy_o[:, 0],
                "y": Y0 + xy_o[:, 1],
            }
        )
        result = nearest_facilities(origins, facilities, kind=None)
        expected = brute_force(origins, facilities)
        assert np.array_equal(result["distance_m"], expected["distance_m"])
        assert result["facility_id"].tolist() == expected["facility_id"].tolist()


def test_an_index_can_be_reused() -> None:
    facilities = schools([("A", 0, 0, True), ("B", 900, 0, False)])
    index = FacilityIndex.from_frame(facilities, kind="offers_havo_vwo")
    assert len(index) == 1
    assert index.ids.tolist() == ["A"]
    first = nearest_facilities(points([("a", 0, 10)]), index, kind="offers_havo_vwo")
    assert first["distance_m"].tolist() == [10.0]
    areas = pd.DataFrame({"code": ["b"], "x": [X0 + 800], "y": [Y0]})
    assert distance_to_nearest(areas, index, kind="offers_havo_vwo")["facility_id"].tolist() == [
        "A"
    ]
    with pytest.raises(AccessInputError, match="built for kind='offers_havo_vwo', not kind=None"):
        nearest_facilities(points([("a", 0, 0)]), index, kind=None)


def test_facilities_without_coordinates_are_listed() -> None:
    facilities = schools([("A", 0, 0, True), ("B", 0, 0, True), ("C", 0, 0, True)])
    facilities.loc[1, "x"] = np.nan
    facilities.loc[2, "y"] = None
    with pytest.raises(MissingCoordinates, match="2 facilities have no x/y") as caught:
        nearest_facilities(points([("a", 0, 0)]), facilities, kind="offers_havo_vwo")
    assert caught.value.rows == ["row 2 (id 'B')", "row 3 (id 'C')"]
    assert "locate or drop them first" in str(caught.value)


def test_facilities_without_coordinates_of_another_kind_are_no_problem() -> None:
    facilities = schools([("A", 0, 0, True), ("B", 0, 0, False)])
    facilities.loc[1, "x"] = np.nan
    result = nearest_facilities(points([("a", 0, 7)]), facilities, kind="offers_havo_vwo")
    assert result["distance_m"].tolist() == [7.0]


def test_origins_without_coordinates_are_listed() -> None:
    origins = points([("BU1", 0, 0), ("BU2", 0, 0)])
    origins.loc[1, "y"] = np.nan
    with pytest.raises(MissingCoordinates, match=r"1 origin\(s\) have no x/y: row 2 \(code 'BU2'"):
        nearest_facilities(origins, schools([("A", 0, 0, True)]), kind=None)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # no facility of the kind
        (lambda f: f.assign(offers_havo_vwo=False), "no rows with offers_havo_vwo = True among 2"),
        # a flag that is not a boolean (a text "ja" would silently count as True)
        (
            lambda f: f.assign(offers_havo_vwo=["ja", True]),
            r"must hold True or False; other values in row 1 \(id 'A'\)",
        ),
        # the kind column is absent
        (lambda f: f.drop(columns="offers_havo_vwo"), "must have the column.*'offers_havo_vwo'"),
        # a repeated id
        (lambda f: f.assign(id=["A", "A"]), "must be unique; repeated: row 1 .*row 2"),
        # coordinates in longitude/latitude by mistake
        (lambda f: f.assign(x=[5.1, 5.2], y=[52.1, 52.0]), "lonlat_to_rd"),
        # text in a coordinate column
        (lambda f: f.assign(x=["155000", "oops"]), r"must hold numbers; not a number in row 2"),
    ],
)
def test_unusable_facilities_are_refused_with_a_reason(
    change: Callable[[pd.DataFrame], pd.DataFrame], message: str
) -> None:
    facilities = change(schools([("A", 0, 0, True), ("B", 10, 0, True)]))
    with pytest.raises(AccessInputError, match=message):
        nearest_facilities(points([("a", 0, 0)]), facilities, kind="offers_havo_vwo")
