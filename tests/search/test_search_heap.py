"""Memory around an index build (issue 21, :func:`kansen.search._heap.building`): what the
build's threads freed goes back to the system when it ends, and the garbage collector runs
again as before."""

from __future__ import annotations

import gc
import platform
import subprocess
import sys
import threading

import pytest

from kansen.search import Document, SearchIndex
from kansen.search._heap import building

# In a fresh process, as a web worker that builds its index: a long-lived process (the test
# run itself) may have heaps of other threads with free memory of their own.
_SCRIPT = """
import os, sys, threading
import numpy as np
from kansen.search._heap import building, trim_heap

MIB = 2**20

def resident():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

def work():  # as a thread of the build: big temporary arrays, then one of 12 MiB, all freed
    for _ in range(3):
        big = np.ones(24 * MIB // 8)
        del big
    array = np.ones(12 * MIB // 8)  # every page touched
    del array

def build():
    thread = threading.Thread(target=work)
    thread.start()
    thread.join()

before = resident()
if sys.argv[1] == "building":
    with building():
        build()
else:  # glibc alone, then its malloc_trim
    build()
    trim_heap()
print(resident() - before)
"""


def _kept(mode: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, mode], capture_output=True, text=True, check=True
    )
    return int(done.stdout)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's mallopt only")
def test_what_the_builds_threads_freed_goes_back_to_the_system() -> None:
    assert _kept("building") < 2 * 2**20
    # glibc alone: the thread's heap keeps its free top, which malloc_trim does not give back
    assert _kept("glibc") >= 11 * 2**20


def test_the_collector_pauses_while_building_and_runs_again_after() -> None:
    assert gc.isenabled()
    seen: list[bool] = []
    started, finish = threading.Event(), threading.Event()

    def other_build() -> None:
        with building():
            started.set()
            finish.wait(10)
            seen.append(gc.isenabled())

    thread = threading.Thread(target=other_build)
    thread.start()
    started.wait(10)
    with building():
        seen.append(gc.isenabled())
    seen.append(gc.isenabled())  # the other build still under way
    finish.set()
    thread.join()
    assert seen == [False, False, False]
    assert gc.isenabled()
    # a build that fails leaves it running too
    with pytest.raises(ValueError, match="unique"):
        SearchIndex([Document("a", {"title": "x"}), Document("a", {"title": "y"})])
    assert gc.isenabled()


def test_numpy_asks_for_huge_pages_again_after_the_build() -> None:
    from kansen.search._heap import _numpy_huge_pages

    before = _numpy_huge_pages(True)
    try:
        with building():
            assert _numpy_huge_pages(False) is False  # (what it was: off while building)
        assert _numpy_huge_pages(True) is True
    finally:
        _numpy_huge_pages(before)


def test_a_collector_switched_off_stays_off() -> None:
    gc.disable()
    try:
        with building():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
