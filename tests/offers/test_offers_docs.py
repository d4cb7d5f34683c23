"""The examples in the docstrings of kansen.offers and the demo postcodes run and show the truth."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

import kansen.offers
from kansen.demo import _postcodes
from kansen.offers import _directory, _model, _problems, _schema, _table, _validate


@pytest.mark.parametrize(
    "module",
    [kansen.offers, _model, _schema, _problems, _directory, _table, _validate, _postcodes],
    ids=lambda m: m.__name__,
)
def test_docstring_examples(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
