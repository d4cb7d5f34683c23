"""The examples in the docstrings of kansen.eligibility run."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

import kansen.eligibility
from kansen.eligibility import _check, _norms

MODULES = [kansen.eligibility, _check, _norms]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
