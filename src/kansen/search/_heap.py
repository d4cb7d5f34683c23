"""Memory around an index build: the C library's heap (glibc; elsewhere it is left as it is)
and Python's cyclic garbage collector."""

from __future__ import annotations

import ctypes
import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import numpy as np

__all__ = ["building", "trim_heap"]

# glibc's malloc.h
_M_TRIM_THRESHOLD = -1
_M_MMAP_MAX = -4
_M_ARENA_MAX = -8
_DEFAULT_TRIM_THRESHOLD = 128 * 1024
_DEFAULT_MMAP_MAX = 65536
_NO_TRIM = 2**31 - 1

_lock = threading.Lock()
_builds = 0  # builds under way (in threads of this process)
_collecting = False  # whether the garbage collector ran before the first of them
_huge_pages = True  # whether numpy asked for huge pages before the first of them


@cache
def _libc() -> Any | None:
    """The C library of this process, or None where it cannot be loaded."""
    try:
        return ctypes.CDLL(None)
    except OSError:
        return None


def _numpy_huge_pages(enabled: bool) -> bool:
    """Whether numpy asks the kernel for huge pages for its big arrays from now on; what it
    did before (numpy's ``_set_madvise_hugepage``, Linux; True where it has none)."""
    setter = getattr(
        getattr(getattr(np, "_core", None), "multiarray", None), "_set_madvise_hugepage", None
    )
    return True if setter is None else bool(setter(enabled))


def _mallopt(parameter: int, value: int) -> bool:
    mallopt = getattr(_libc(), "mallopt", None)
    return mallopt is not None and bool(mallopt(parameter, value))


@contextmanager
def building() -> Iterator[None]:
    """While an index is built: one heap for every thread, every block from it and none given
    back to the system until the build ends, in pages of the usual size; no cyclic garbage
    collection. When the last build under way ends, what was freed is given back
    (:func:`trim_heap`), and numpy's huge pages and the collector are as they were before.

    Why, measured on the index of 100,000 offers in every language (ADR 0031, session 12):

    * the build allocates some gigabytes of temporary arrays in turn, each a few megabytes to
      a few tens. Fresh memory from the system is zeroed by the kernel on first touch (on a
      virtual machine slowly): with those arrays mapped on their own and given back when
      freed, 500,000 page faults cost 2.5-3.3 s of system time; reused from one heap that does
      not shrink, 80,000 cost 1.1 s (the peak grows from 1.3 to 1.4 GiB);
    * glibc gives each thread a heap of its own, and ``malloc_trim`` does not give back the
      free top of those: after the build a process kept 240-270 MiB instead of 195. With one
      heap for every thread (``M_ARENA_MAX`` 1, kept for the process: a later build's threads
      would otherwise get heaps of their own) everything freed goes back: +195.3 MiB;
    * numpy asks the kernel for huge pages (2 MiB) for its big arrays; in the one heap that
      made the kernel find and zero huge pages again and again: 2.2-3.2 s of system time
      against 0.7-0.8 without (same memory after);
    * the build makes millions of small objects (the documents, the words); Python's cyclic
      collector walked every object of the process again and again meanwhile: 0.4-0.7 s.

    Builds may overlap (threads); the settings hold until the last ends.
    """
    global _builds, _collecting, _huge_pages
    with _lock:
        _builds += 1
        if _builds == 1:
            _collecting = gc.isenabled()
            gc.disable()
            _huge_pages = _numpy_huge_pages(False)
            _mallopt(_M_ARENA_MAX, 1)
            _mallopt(_M_MMAP_MAX, 0)
            _mallopt(_M_TRIM_THRESHOLD, _NO_TRIM)
    try:
        yield
    finally:
        with _lock:
            _builds -= 1
            if _builds == 0:
                _mallopt(_M_MMAP_MAX, _DEFAULT_MMAP_MAX)
                _mallopt(_M_TRIM_THRESHOLD, _DEFAULT_TRIM_THRESHOLD)
                trim_heap()
                _numpy_huge_pages(_huge_pages)
                if _collecting:
                    gc.enable()


def trim_heap() -> bool:
    """Give the heap's freed memory back to the system (glibc's ``malloc_trim``); False where
    the C library has none (macOS, musl)."""
    trim = getattr(_libc(), "malloc_trim", None)
    if trim is None:
        return False
    trim(0)
    return True
