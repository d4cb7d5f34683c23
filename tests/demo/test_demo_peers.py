"""The fictional municipalities beside Demostad, for peer comparison."""

from __future__ import annotations

import csv

from kansen.demo import PEER_INDICATORS, build_demostad, build_peer_figures, write_demostad


def test_demostad_keeps_its_own_figures():
    demo = build_demostad()
    figures = build_peer_figures(demo)
    assert len(figures) == 25
    year = demo.years[-1]
    for code in PEER_INDICATORS:
        assert figures.loc["GM9999", code] == demo.values(code, year)["GM9999"]


def test_peer_figures_are_plausible_and_deterministic():
    demo = build_demostad()
    figures = build_peer_figures(demo)
    assert figures.equals(build_peer_figures(build_demostad()))
    for code in PEER_INDICATORS:
        if demo.indicator(code).unit == "%":
            assert figures[code].between(0, 100).all(), code
    assert figures["population"].between(15_000, 260_000).all()
    assert figures.index.is_unique


def test_written_as_a_statline_export(tmp_path):
    files = write_demostad(build_demostad(), tmp_path)
    with files.peers_csv.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0][2] == "Regiocode (gemeente, wijk, buurt) (code)"
    assert len(rows) == 26
    assert {row[2].strip() for row in rows[1:]} >= {"GM9999", "GM9901"}
    assert rows[1][3].strip().replace(",", "").isdigit()
