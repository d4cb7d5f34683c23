"""The index's big temporary arrays go back to the system when freed (issue 21): after
:func:`map_large_allocations`, memory of 4 MiB and more is mapped on its own."""

from __future__ import annotations

import os
import platform

import numpy as np
import pytest

from kansen.search import map_large_allocations
from kansen.search._heap import LARGE_ALLOCATION


def _resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's mallopt only")
def test_a_freed_big_array_is_given_back_at_once() -> None:
    assert map_large_allocations() is True
    # glibc's own threshold rises to the size of a mapped block once it is freed (24 MiB
    # here): without the setting, the array below would come from the heap and stay there
    for _ in range(3):
        big = np.ones(24 * 2**20 // 8)
        del big
    before = _resident_bytes()
    array = np.ones(3 * LARGE_ALLOCATION // 8)  # 12 MiB, every page touched
    assert _resident_bytes() - before >= 11 * 2**20
    del array
    assert _resident_bytes() - before < 2**20
