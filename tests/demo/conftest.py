"""Fixtures for the Demostad tests: one town per session, written once."""

from __future__ import annotations

from pathlib import Path

import pytest

from kansen.demo import DemoFiles, Demostad, build_demostad, write_demostad


@pytest.fixture(scope="session")
def demo() -> Demostad:
    """Demostad with the default seed."""
    return build_demostad()


@pytest.fixture(scope="session")
def demo_files(demo: Demostad, tmp_path_factory: pytest.TempPathFactory) -> DemoFiles:
    """The default Demostad written to a temporary folder."""
    return write_demostad(demo, Path(tmp_path_factory.mktemp("demostad")))
