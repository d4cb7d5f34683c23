"""The examples in the docstrings of kansen.index run and give what they show."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

import kansen.index
from kansen.index import _mdi


@pytest.mark.parametrize("module", [kansen.index, _mdi], ids=lambda m: m.__name__)
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
