"""The C library's heap while an index is built (glibc; elsewhere nothing is changed)."""

from __future__ import annotations

import ctypes
from functools import cache

__all__ = ["LARGE_ALLOCATION", "map_large_allocations"]

LARGE_ALLOCATION = 4 << 20
"""Bytes from which an allocation gets memory of its own from the system (``mmap``)."""

_M_MMAP_THRESHOLD = -3  # glibc's malloc.h


@cache
def map_large_allocations() -> bool:
    """Give every allocation of :data:`LARGE_ALLOCATION` or more memory of its own, given back
    to the system when it is freed: for a process that builds an index and then keeps it.

    The index is built in threads (:class:`~kansen.search.SearchIndex`), and glibc gives each
    thread a heap of its own and raises the size from which it maps memory (to 32 MiB) as big
    blocks are freed, so the build's big temporary arrays came from those heaps, between the
    arrays the index keeps: after ``malloc_trim`` a process still held 218-298 MiB for the
    index of 100,000 offers instead of 193-198 (and grew by 0.9-1.1 GiB while building,
    against 0.3 GiB now). A fixed size (4 MiB) keeps the big arrays out of the heaps; arrays
    of the index's size are few, so the system calls cost little. Process-wide, once; True
    where the C library has ``mallopt`` (glibc), else False and nothing changes.
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, LARGE_ALLOCATION))
