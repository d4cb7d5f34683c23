"""The examples in the docstrings of kansen.opportunity (and the demo pupils) run."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

import kansen.opportunity
from kansen.demo import _pupils
from kansen.opportunity import _advice, _bands, _disclosure, _run

MODULES = [kansen.opportunity, _advice, _bands, _disclosure, _run, _pupils]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
