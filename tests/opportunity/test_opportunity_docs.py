"""The docstrings of kansen.opportunity (and the demo pupils) carry examples.

The examples themselves run with the library's other docstring examples (``src/conftest.py``
collects every module of ``src/kansen``): here only that these modules still have them.
"""

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
    examples = sum(len(test.examples) for test in doctest.DocTestFinder().find(module))
    assert examples > 0
