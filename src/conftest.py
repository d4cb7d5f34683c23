"""The library's docstring examples run with the tests (``pytest`` collects ``src`` too).

Only the library (``src/kansen``, Django-free): the platform (``kansen.web``) is tested by
``tests/``. Collected here rather than with ``--doctest-modules``, which would also collect
every module of ``tests/`` (and trip over its several ``conftest.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from _pytest.doctest import DoctestModule

collect_ignore = ["kansen/web"]


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix != ".py" or file_path.name in ("__main__.py", "conftest.py"):
        return None
    if parent.config.option.doctestmodules:
        return None  # pytest's own doctest plugin collects it already
    return DoctestModule.from_parent(parent, path=file_path)
