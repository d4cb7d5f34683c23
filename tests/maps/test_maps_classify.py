"""Class breaks against independent computations, and the rendered figures."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import box

from kansen.maps import MapFeature, classify, render_map, render_table

VALUES = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0, None, float("nan")]


def test_quantile_breaks_are_numpys_quantiles():
    c = classify(VALUES, "quantiles", k=4)
    clean = np.array([v for v in VALUES if v is not None and v == v])
    expected = np.quantile(clean, [0.25, 0.5, 0.75, 1.0])
    assert c.uppers == tuple(float(q) for q in expected)
    assert sum(c.counts) == clean.size == 11


def test_equal_intervals_split_the_range_evenly():
    c = classify(VALUES, "equal_interval", k=4)
    assert c.uppers == (3.0, 5.0, 7.0, 9.0)  # (9 - 1) / 4 = 2
    assert c.counts == (5, 4, 1, 1)  # each class is (lower, upper]: 1,1,2,3,3 | 4,5,5,5 | 6 | 9


def test_natural_breaks_separate_the_clear_groups():
    c = classify([1, 1.1, 1.2, 5, 5.1, 5.2, 10, 10.2], "natural_breaks", k=3)
    assert c.uppers == (1.2, 5.2, 10.2)


def test_fewer_distinct_values_make_fewer_classes():
    c = classify([2.0, 2.0, 7.0], "quantiles", k=5)
    assert c.k == 2
    assert c.colours == ("#cbc9e2", "#54278f")


def test_no_value_has_no_class_and_is_white():
    c = classify(VALUES, "quantiles", k=3)
    assert c.class_of(None) is None
    assert c.class_of(float("nan")) is None
    assert c.colour(None) == "#ffffff"
    assert c.class_of(1.0) == 0
    assert c.class_of(9.0) == c.k - 1


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="expected one of"):
        classify([1.0], "jenks")  # type: ignore[arg-type]


def test_map_and_table_render_as_svg_with_text_and_as_png():
    features = [
        MapFeature(box(5.0 + i / 100, 52.0, 5.01 + i / 100, 52.01), v)
        for i, v in enumerate([1.0, 2.0, None])
    ]
    c = classify([f.value for f in features], "quantiles", k=2)
    svg = render_map(
        features, c, title="Proef", legend_title="%", no_value_label="geen waarde", fmt="svg"
    ).decode()
    assert "Proef" in svg
    assert "geen waarde" in svg
    png = render_map(
        features, c, title="Proef", legend_title="%", no_value_label="geen waarde", fmt="png"
    )
    assert png[:4] == b"\x89PNG"
    table = render_table(["Gebied", "Waarde"], [["Noord", "1,5"]], title="Tabel", fmt="svg")
    assert "Noord" in table.decode()
    assert render_table(["A"], [["x"]], title="T", fmt="svg") == render_table(
        ["A"], [["x"]], title="T", fmt="svg"
    )
