"""The examples in the docstrings of kansen.monitoring run and give what they show."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

import kansen.monitoring
from kansen.monitoring import _cbs, _document, _model, _progress, _text


@pytest.mark.parametrize(
    "module",
    [kansen.monitoring, _cbs, _document, _model, _progress, _text],
    ids=lambda m: m.__name__,
)
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
