"""The index's big temporary arrays go back to the system when freed (issue 21): after
:func:`map_large_allocations`, memory of 4 MiB and more is mapped on its own."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from kansen.search._heap import LARGE_ALLOCATION

# In a fresh process, as a web worker that builds its index: a long-lived process (the test
# run itself) may have free memory of its own in its heap, which serves a big array first.
_SCRIPT = """
import os, sys
import numpy as np
from kansen.search import map_large_allocations

def resident():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

if sys.argv[1] == "map":
    assert map_large_allocations() is True
# glibc's own threshold rises to the size of a mapped block once it is freed (24 MiB here):
# without the setting, the array below comes from the heap and stays there when freed
for _ in range(3):
    big = np.ones(24 * 2**20 // 8)
    del big
before = resident()
array = np.ones(int(sys.argv[2]) // 8)  # every page touched
grown = resident() - before
del array
print(grown, resident() - before)
"""


def _run(mode: str) -> tuple[int, int]:
    size = str(3 * LARGE_ALLOCATION)  # 12 MiB
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, mode, size], capture_output=True, text=True, check=True
    )
    grown, kept = map(int, done.stdout.split())
    return grown, kept


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's mallopt only")
def test_a_freed_big_array_is_given_back_at_once() -> None:
    grown, kept = _run("map")
    assert grown >= 11 * 2**20  # 12 MiB of its own
    assert kept < 2**20  # and none of it kept once freed
    grown, kept = _run("default")  # glibc alone: the heap's, and kept
    assert kept >= 11 * 2**20 or grown < 2**20
