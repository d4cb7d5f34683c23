"""The C library's heap around an index build (glibc; elsewhere nothing is changed)."""

from __future__ import annotations

import ctypes
from functools import cache
from typing import Any

__all__ = ["LARGE_ALLOCATION", "map_large_allocations", "trim_heap"]

LARGE_ALLOCATION = 4 << 20
"""Bytes from which an allocation gets memory of its own from the system (``mmap``)."""

_M_MMAP_THRESHOLD = -3  # glibc's malloc.h


@cache
def _libc() -> Any | None:
    """The C library of this process, or None where it cannot be loaded."""
    try:
        return ctypes.CDLL(None)
    except OSError:
        return None


@cache
def map_large_allocations() -> bool:
    """Give every allocation of :data:`LARGE_ALLOCATION` or more memory of its own, given back
    to the system when it is freed: for a process that builds an index and then keeps it.

    The index is built in threads (:class:`~kansen.search.SearchIndex`), and glibc gives each
    thread a heap of its own and raises the size from which it maps memory (to 32 MiB) as big
    blocks are freed, so the build's big temporary arrays came from those heaps, between the
    arrays the index keeps: after ``malloc_trim`` a process still held 218-298 MiB for the
    index of 100,000 offers instead of 196-198 (and grew by 0.9-1.1 GiB while building,
    against 0.3 GiB now). The price is the page faults of fresh memory for every big
    temporary array: 1.0-1.5 s more processor time for that build (ADR 0031, session 11).
    Process-wide, once; True where the C library has ``mallopt`` (glibc), else False and
    nothing changes.
    """
    mallopt = getattr(_libc(), "mallopt", None)
    return mallopt is not None and bool(mallopt(_M_MMAP_THRESHOLD, LARGE_ALLOCATION))


def trim_heap() -> bool:
    """Give the heap's freed memory back to the system (glibc's ``malloc_trim``); False where
    the C library has none (macOS, musl)."""
    trim = getattr(_libc(), "malloc_trim", None)
    if trim is None:
        return False
    trim(0)
    return True
