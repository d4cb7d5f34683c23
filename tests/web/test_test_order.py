"""The order the tests run in (tests/conftest.py): the modules of the shared demo first, so that
each process loads the demo about once, and within each group the modules with the most tests
first; pytest-xdist keeps that order instead of making its own."""

from __future__ import annotations

from itertools import groupby

import pytest

SHARED_DEMO_FIXTURE = "shared_demo"


def _modules(request: pytest.FixtureRequest) -> list[tuple[bool, int]]:
    """Per module in the order they run: whether one of its tests uses the shared demo (then
    all of them run with it), how many tests."""
    return [
        (
            any(SHARED_DEMO_FIXTURE in getattr(test, "fixturenames", ()) for test in tests),
            len(tests),
        )
        for _path, tests in (
            (path, list(group)) for path, group in groupby(request.session.items, lambda i: i.path)
        )
    ]


def test_the_modules_of_the_shared_demo_run_first(request):
    modules = _modules(request)
    assert len({item.path for item in request.session.items}) == len(modules)
    demo = [uses for uses, _size in modules]
    assert demo == sorted(demo, reverse=True)


def test_within_each_group_the_biggest_modules_run_first(request):
    modules = _modules(request)
    for uses in (True, False):
        sizes = [size for demo, size in modules if demo is uses]
        assert sizes == sorted(sizes, reverse=True), uses


def test_pytest_xdist_hands_out_the_files_in_this_order(request):
    assert getattr(request.config.option, "loadscopereorder", False) is False
