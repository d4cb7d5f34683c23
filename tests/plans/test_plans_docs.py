"""The examples in the docstrings of kansen.plans run and give what they show."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

import kansen.plans
from kansen.plans import _calendar, _finance, _values


@pytest.mark.parametrize(
    "module", [kansen.plans, _calendar, _finance, _values], ids=lambda m: m.__name__
)
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
