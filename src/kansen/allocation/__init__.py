"""Allocation: split a budget over areas or schools by need ("ongelijk investeren").

This is the library layer of kansen and imports nothing from Django. Money is
:class:`~decimal.Decimal` euros in whole cents; the split is computed exactly with fractions
and rounded once, so the amounts always add up to the budget to the cent.

* :func:`allocate` weighs each unit by need x population, applies a threshold on the decile,
  a floor per eligible unit and a cap per unit, redistributes what floors take and caps free
  up, and rounds with the largest-remainder method;
* :class:`Allocation` holds the result with one :class:`UnitShare` per unit that explains
  itself in a Dutch sentence;
* :func:`read_units_csv`, :func:`write_allocation_csv` and :func:`read_allocation_csv` are the
  CSV files of the command line.

Examples
--------
>>> import pandas as pd
>>> units = pd.DataFrame({"code": ["BU01", "BU02"], "need": [61.3, 20], "population": [2140, 900]})
>>> result = allocate(units, "10000.00")
>>> result.total
Decimal('10000.00')
>>> result.share("BU01").explanation
'Buurt BU01 krijgt EUR 8.793,42: 87,9% van het gewicht (behoefte 61,3 x 2.140 inwoners).'
"""

from ._allocate import allocate
from ._csv import read_allocation_csv, read_units_csv, write_allocation_csv
from ._model import ALLOCATION_COLUMNS, Allocation, AllocationError, UnitShare

__all__ = [
    "ALLOCATION_COLUMNS",
    "Allocation",
    "AllocationError",
    "UnitShare",
    "allocate",
    "read_allocation_csv",
    "read_units_csv",
    "write_allocation_csv",
]
