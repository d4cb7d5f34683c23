"""The examples in the docstrings of kansen.demo run and give what they show."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

import kansen.demo
from kansen.demo import _build, _write


@pytest.mark.parametrize("module", [kansen.demo, _build, _write], ids=lambda m: m.__name__)
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
