"""The intruder audit, checked against brute-force enumeration and against the truth."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from kansen.opportunity import DisclosureRules, audit_published
from kansen.opportunity._audit import DISJOINT_BANDS, hierarchy_from_pupils

_KEYS = dict(year=2024, subgroup="all", subgroup_value="all", outcome="at_least_havo")


def _row(level, code, parent, published, n=None, mean=None, band="all", **extra):
    return {
        **_KEYS,
        "level": level,
        "area_code": code,
        "parent_code": parent,
        "band": band,
        "outcome_kind": "share",
        "published": published,
        "n": n,
        "mean": mean,
        "estimate": mean,
        **extra,
    }


def _tiny() -> pd.DataFrame:
    """A wijk of three buurten: the wijk and one buurt published, two buurten suppressed."""
    return pd.DataFrame(
        [
            _row("wijk", "WK01", None, True, 40, 0.5, precision=0.05),
            _row("buurt", "BU0101", "WK01", True, 20, 0.5, precision=0.05),
            _row("buurt", "BU0102", "WK01", False),
            _row("buurt", "BU0103", "WK01", False),
        ]
    )


def _brute_force() -> dict[str, list[tuple[int, int]]]:
    """Every whole (n, k) of the two suppressed buurten that the tiny table allows."""
    rules = DisclosureRules()
    feasible: dict[str, list[tuple[int, int]]] = {"BU0102": [], "BU0103": []}

    def fits(n: int, k: int) -> bool:  # a published share cell: rounding, precision, rules
        return (
            abs(k / n - 0.5) <= 0.025 + 1e-12
            and k >= rules.min_share_count
            and n - k >= rules.min_share_count
            and n >= rules.min_n_mean
        )

    for n_w, n_1 in itertools.product(range(35, 45), range(15, 25)):
        for k_w, k_1 in itertools.product(range(n_w + 1), range(n_1 + 1)):
            if not (fits(n_w, k_w) and fits(n_1, k_1)):
                continue
            for n_2 in range(n_w - n_1 + 1):
                n_3 = n_w - n_1 - n_2
                for k_2 in range(n_2 + 1):
                    k_3 = k_w - k_1 - k_2
                    if 0 <= k_3 <= n_3:
                        feasible["BU0102"].append((n_2, k_2))
                        feasible["BU0103"].append((n_3, k_3))
    return feasible


@pytest.fixture(scope="module")
def enumerated():
    return _brute_force()


@pytest.mark.parametrize("integer", [True, False])
def test_intervals_hold_every_feasible_value_and_integer_bounds_are_attained(enumerated, integer):
    audit = audit_published(_tiny(), exact=True, integer=integer)
    by_code = audit.suppressed.set_index("area_code")
    for code, pairs in enumerated.items():
        n = [p[0] for p in pairs]
        k = [p[1] for p in pairs]
        without = [a - b for a, b in pairs]
        shares = [b / a for a, b in pairs if a > 0]
        row = by_code.loc[code]
        # every feasible value lies inside (valid for the relaxation and the integer program)
        assert row.n_min <= min(n) <= max(n) <= row.n_max
        assert row.k_min <= min(k) <= max(k) <= row.k_max
        assert row.without_min <= min(without) <= max(without) <= row.without_max
        assert row.share_min - 1e-9 <= min(shares) <= max(shares) <= row.share_max + 1e-9
        if integer:  # the integer program's bounds are attained by a feasible assignment
            assert (row.n_min, row.n_max) == (min(n), max(n))
            assert (row.k_min, row.k_max) == (min(k), max(k))
            assert (row.without_min, row.without_max) == (min(without), max(without))
        assert [bool(row.n_exact), bool(row.k_exact), bool(row.without_exact)] == [True] * 3


def test_the_tiny_table_figures(enumerated):
    # n of a suppressed buurt: 0..(44 - 20); k: 0..(22 - 10); both buurten alike
    assert {code: (min(p)[0], max(p)[0]) for code, p in enumerated.items()} == {
        "BU0102": (0, 24),
        "BU0103": (0, 24),
    }
    exact = audit_published(_tiny(), exact=True)
    assert exact.suppressed[["n_min", "n_max"]].to_numpy().tolist() == [[0, 24], [0, 24]]
    # the screen stops at feasible solutions that show the cells wide: inner bounds
    screened = audit_published(_tiny())
    assert screened.summary()["n_pinned"] == 0
    inner = screened.suppressed
    assert ((inner["n_max"] - inner["n_min"]) >= 10).all()
    assert ((inner["n_min"] >= 0) & (inner["n_max"] <= 24)).all()


def _share_with_se(level, code, parent, n, k):
    p = k / n
    return _row(level, code, parent, True, round(n, -1), p, se=math.sqrt(p * (1 - p) / (n - 1)))


def test_exact_counts_behind_rounded_ones_pin_the_remaining_part():
    # with the standard error published, the wijk has 37 pupils (18 with the outcome) and the
    # published buurt 23 (11): the other buurt has exactly 14 (7), which the audit finds
    table = pd.DataFrame(
        [
            _share_with_se("wijk", "WK01", None, 37, 18),
            _share_with_se("buurt", "BU0101", "WK01", 23, 11),
            _row("buurt", "BU0102", "WK01", False),
        ]
    )
    exact = audit_published(table, exact=True)
    screened = audit_published(table)
    for audit in (exact, screened):
        row = audit.suppressed.iloc[0]
        assert (row.n_min, row.n_max, row.k_min, row.k_max) == (14, 14, 7, 7)
        assert (bool(row.n_pinned), bool(row.k_pinned)) == (True, True)
        assert (row.without_min, row.without_max) == (7, 7)
        assert audit.exact_n_published == 2
    # without the counts derived first, the full-precision shares as fractions k / n (whole k)
    # still pin it
    alone = audit_published(table, use_derived_n=False, exact=True).suppressed.iloc[0]
    assert (alone.n_min, alone.n_max) == (14, 14)
    # shares at two decimals and no standard error: within n in 35-44 minus 20-24 (a published
    # share needs 20 pupils), only counts whose k / n rounds to the published share
    table["mean"] = table["estimate"] = table["mean"].round(2)
    table = table.drop(columns="se")
    rounded = audit_published(table, exact=True).suppressed.iloc[0]
    assert 11 <= rounded.n_min <= 14 <= rounded.n_max <= 24
    assert rounded.n_max - rounded.n_min >= 10
    assert not rounded.n_pinned


def test_disjoint_bands_are_the_maximal_sets_that_share_no_pupil():
    assert DISJOINT_BANDS == (
        ("low", "middle", "high"),
        ("low", "middle", "very_high"),
        ("very_low", "middle", "high"),
        ("very_low", "middle", "very_high"),
    )


def test_band_inequalities_bound_a_suppressed_band():
    # "all" has 30 pupils (25..34); very low and middle are disjoint: middle <= 34 - 20
    rows = [
        _row("gemeente", "GM01", None, True, 30, 0.5, precision=0.05),
        _row("gemeente", "GM01", None, True, 20, 0.5, band="very_low", precision=0.05),
        _row("gemeente", "GM01", None, False, band="middle"),
        _row("gemeente", "GM01", None, False, band="low"),
    ]
    audit = audit_published(pd.DataFrame(rows), exact=True, integer=True)
    bounds = audit.suppressed.set_index("band")[["n_min", "n_max"]]
    assert bounds.loc["middle"].tolist() == [0, 14]
    # low overlaps very low: only "low <= all" holds
    assert bounds.loc["low"].tolist() == [0, 34]


def test_exact_n_from_the_standard_error_of_a_share():
    # 12 of 37 pupils at full precision with its standard error: only n = 37 fits
    p = 12 / 37
    se = math.sqrt(p * (1 - p) / 36)
    row = _row("gemeente", "GM01", None, True, 40, p, se=se)
    audit = audit_published(pd.DataFrame([row]))
    assert audit.published[["n_candidates", "n_low", "n_high", "exact_n"]].iloc[0].tolist() == [
        1,
        37,
        37,
        True,
    ]


def test_a_mean_rounded_to_its_precision_leaves_every_count_of_the_window():
    # 0.30 with precision 0.05: every n from 35 to 44 has a whole k within 0.275..0.325
    row = _row("gemeente", "GM01", None, True, 40, 0.3, precision=0.05)
    audit = audit_published(pd.DataFrame([row]))
    assert audit.published[["n_candidates", "n_low", "n_high", "exact_n"]].iloc[0].tolist() == [
        10,
        35,
        44,
        False,
    ]


def test_the_audit_never_excludes_the_truth_on_demostad():
    from kansen.demo import build_pupils
    from kansen.opportunity import estimate_opportunity

    pupils = build_pupils().pupils
    pupils = pupils[pupils["year"] == 2024]
    result = estimate_opportunity(
        pupils,
        levels=["wijk", "gemeente", "pc4"],
        outcomes=["under_advice", "over_advice"],
        shrinkage=False,
    )
    audit = audit_published(result.published, exact=True)
    truth = result.confidential.reset_index(drop=True)["n"].to_numpy()
    hidden = audit.suppressed
    inside = (hidden["n_min"] <= truth[hidden["row"]]) & (truth[hidden["row"]] <= hidden["n_max"])
    assert inside.all()
    shown = audit.published
    fits = (shown["n_low"] <= truth[shown["row"]]) & (truth[shown["row"]] <= shown["n_high"])
    assert fits.all()


def test_hierarchy_keeps_only_parents_that_are_unions_of_children():
    pupils = pd.DataFrame(
        {"year": [1, 1, 1, 1], "buurt": ["a", "b", "b", "c"], "pc4": ["1", "1", "2", "3"]}
    )
    links = hierarchy_from_pupils(pupils)
    # b is split over 1 and 2, so neither is a union of whole buurten
    assert links[["area_code", "parent_code"]].to_numpy().tolist() == [["c", "3"]]
    assert np.all(links["parent_level"] == "pc4")


def test_a_count_is_shown_wide_only_by_the_whole_numbers_between_its_values():
    # Feasible solutions with n = 0.2 and n = 10.3 leave the whole counts 1..10 (9 apart): not
    # wide; k seen at 0.4 and 5 is 1..5, away from 0; n - k seen at 0 reaches 0 (protected).
    from kansen.opportunity._audit import _narrow

    widths = np.array([10.0, 10.0, 10.0])
    low = np.array([[0.2], [0.4], [0.0]])
    high = np.array([[10.3], [5.0], [3.0]])
    assert _narrow(low, high, widths)[:, 0].tolist() == [True, True, False]
    # a whole-number interval 10 wide is wide; a tolerance absorbs the solver's rounding
    wide = _narrow(
        np.array([[1e-9], [3.0], [3.0]]), np.array([[9.9999999], [13.0], [12.0]]), widths
    )
    assert wide[:, 0].tolist() == [False, False, True]


@pytest.fixture(scope="module")
def twenty_thousand():
    """20,000 synthetic pupils in 10 buurten (buurt 4 is wijk WK000000 minus pc4 area 1000),
    by gender, with the group rules only: the published table and the public hierarchy."""
    from kansen.demo import synthetic_pupils
    from kansen.opportunity import estimate_opportunity

    pupils = synthetic_pupils(20_000, 10, seed=3)
    plain = estimate_opportunity(
        pupils,
        levels=["buurt", "wijk", "gemeente", "pc4"],
        subgroups=["gender"],
        disclosure=DisclosureRules(audited=False),
    )
    return plain.published, hierarchy_from_pupils(pupils)


def test_small_programs_around_a_cell_pin_exactly_the_cells_the_whole_program_pins(
    twenty_thousand,
):
    # 20,000 synthetic pupils in 10 buurten, group rules only: the audit pins cells through a
    # buurt that is a wijk minus a pc4 area. Proving pins on small programs around each cell
    # (valid outer bounds) decides every cell as solving each on the whole program does.
    published, hierarchy = twenty_thousand
    whole = audit_published(published, hierarchy=hierarchy, exact=True).suppressed
    fast = audit_published(published, hierarchy=hierarchy).suppressed
    assert fast["row"].tolist() == whole["row"].tolist()
    assert (fast["n_pinned"].sum(), fast["k_pinned"].sum()) == (11, 34)
    assert fast["n_pinned"].tolist() == whole["n_pinned"].tolist()
    assert fast["k_pinned"].tolist() == whole["k_pinned"].tolist()
    # where a cell is pinned, the bounds reported hold the whole program's (they are valid)
    pinned = fast["n_pinned"].to_numpy()
    assert (fast["n_min"][pinned] <= whole["n_min"][pinned]).all()
    assert (fast["n_max"][pinned] >= whole["n_max"][pinned]).all()


def test_pinned_is_judged_on_the_whole_numbers_the_bounds_hold():
    # Values seen in feasible solutions carry the solver's rounding: n seen at 93.0000001 and
    # 102.9999999 is every count from 93 to 103 (10 apart, protected), not 9.9999998 apart.
    # k seen at 16.0000001 and 25.9999999 likewise; 93 to 102 is pinned; a share whose k
    # reaches 0 is protected, and a mean (no k) is judged on n alone.
    from kansen.opportunity._audit import _pinned

    nan = math.nan
    bounds = {
        "n_min": [93.0000001, 93.0, 93.0, 20.0],
        "n_max": [102.9999999, 102.0, 120.0, 40.0],
        "k_min": [16.0000001, 16.0, 0.0, nan],
        "k_max": [25.9999999, 26.0, 5.0, nan],
        "without_min": [70.0, 70.0, 80.0, nan],
        "without_max": [90.0, 90.0, 120.0, nan],
    }
    share = np.array([True, True, True, False])
    n_pinned, k_pinned = _pinned(bounds, share, np.array([10.0, 10.0, 10.0]))
    assert n_pinned.tolist() == [False, True, False, False]
    assert k_pinned.tolist() == [False, False, False, False]
    bounds["k_max"][1] = 25.0
    assert _pinned(bounds, share, np.array([10.0, 10.0, 10.0]))[1].tolist() == [
        False,
        True,
        False,
        False,
    ]


def test_the_small_programs_that_show_cells_wide_give_solutions_of_the_whole_part(
    monkeypatch, twenty_thousand
):
    # A program around a cell with the rest of the part held at a feasible solution: each of its
    # solutions, completed with that solution, must satisfy every row and bound of the part
    # (else a cell could be shown wide by a point the table does not allow).
    from kansen.opportunity import _audit

    worst: list[float] = []
    make_inner = _audit._Neighbourhoods.inner

    def inner(self, cell, radius, lo, hi, centre):
        made = make_inner(self, cell, radius, lo, hi, centre)
        if made is None:
            return None
        program, variables = made
        solve = program.solve

        def checked(objective, integral=False, warm=False):
            value, y = solve(objective, integral, warm)
            if y is not None:
                x = centre.copy()
                x[variables] = y
                activity = self.solver.matrix @ x
                worst.append(
                    max(
                        float(np.max(self.solver.lb - activity)),
                        float(np.max(activity - self.solver.ub)),
                        float(np.max(lo - x)),
                        float(np.max(x - hi)),
                    )
                )
            return value, y

        program.solve = checked
        return made

    monkeypatch.setattr(_audit._Neighbourhoods, "inner", inner)
    # this table's parts are small: let the programs around a cell be as large as they come
    monkeypatch.setattr(_audit, "_SMALL_SHARE", 1.0)
    monkeypatch.setattr(_audit, "_INNER_RADIUS", 2)
    published, hierarchy = twenty_thousand
    audit = audit_published(published, hierarchy=hierarchy)
    assert (audit.n_pinned, audit.k_pinned) == (11, 34)
    assert len(worst) > 20
    assert max(worst) < 1e-6


def test_a_row_reaching_outside_a_small_program_is_kept_with_the_range_of_the_outside(
    monkeypatch, twenty_thousand
):
    # A program around a cell keeps a row that also reaches variables outside it, with their
    # share replaced by the range their bounds allow. Its bounds must stay valid (hold the whole
    # part's exact minimum and maximum) and be at least as tight as with the row left out; on
    # this table they are tighter for some cells (else the relaxed rows would add nothing).
    from kansen.opportunity import _audit

    captured = []
    audit_part = _audit._audit_part

    def capture(solver, targets, *args, **kwargs):
        result = audit_part(solver, targets, *args, **kwargs)
        captured.append((solver, targets))
        return result

    monkeypatch.setattr(_audit, "_audit_part", capture)
    published, hierarchy = twenty_thousand
    audit_published(published, hierarchy=hierarchy, workers=1)
    solver, targets = max(captured, key=lambda part: part[1].size)
    local = _audit._Neighbourhoods(solver)
    objective = np.zeros(len(solver.lo))
    tighter = 0
    for cell in targets[:: max(1, targets.size // 40)].tolist():
        _audit._set_objective(objective, 0, cell, local.size)
        exact = _audit._min_max(solver, objective)
        widths = {}
        for relax in (False, True):
            made = local.program(cell, 1, solver.lo, solver.hi, relax=relax)
            assert made is not None
            program, variables, _ = made
            low, high = _audit._min_max(program, local.objective(variables, cell, 0))
            assert low <= exact[0] + 1e-6
            assert high >= exact[1] - 1e-6
            widths[relax] = high - low
        assert widths[True] <= widths[False] + 1e-6
        tighter += widths[True] < widths[False] - 0.5
    assert tighter > 0


def test_an_audit_started_from_an_earlier_solution_decides_every_cell_alike(
    monkeypatch, twenty_thousand
):
    # The protection starts each audit from the mean of the last audit's solutions: suppressing
    # more cells only removes constraints, so it is still feasible. Started from it (no first
    # exploration), the audit must decide every cell as one started from scratch; a point that
    # breaks the table's relations (all zeros) is not used.
    from kansen.opportunity import _audit

    explorations = []
    explore = _audit._explore

    def counted(*args, **kwargs):
        explorations.append(1)
        return explore(*args, **kwargs)

    monkeypatch.setattr(_audit, "_explore", counted)
    published, hierarchy = twenty_thousand
    first = audit_published(published, hierarchy=hierarchy, workers=1)
    assert first.solution is not None
    assert np.isfinite(first.solution[first.suppressed["row"].to_numpy()]).all()
    # suppress the ten smallest published buurt cells, as the protection would
    more = published.copy()
    buurten = more[more["published"] & (more["level"] == "buurt")]
    rows = buurten.sort_values(["n", "area_code"]).index[:10]
    numbers = ["n", "precision", "mean", "estimate", "ci_low", "ci_high", "slope"]
    numbers += ["estimate_shrunk"] if "estimate_shrunk" in more.columns else []
    more.loc[rows, numbers] = np.nan
    more.loc[rows, "published"] = False
    more.loc[rows, "status"] = published.loc[~published["published"], "status"].iloc[0]

    def audit(start):
        explorations.clear()
        result = audit_published(more, hierarchy=hierarchy, workers=1, start=start)
        return result.suppressed, len(explorations)

    scratch, scratch_explorations = audit(None)
    started, started_explorations = audit(first.solution)
    zeros, zero_explorations = audit(np.zeros_like(first.solution))
    for columns in (["row", "n_pinned", "k_pinned", "checked"],):
        assert started[columns].to_dict("list") == scratch[columns].to_dict("list")
        assert zeros[columns].to_dict("list") == scratch[columns].to_dict("list")
    assert scratch["n_pinned"].sum() > 0  # the table still leaks: a cell is decided both ways
    assert started_explorations < scratch_explorations
    assert zero_explorations == scratch_explorations
