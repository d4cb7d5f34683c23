"""Timing shared by the benchmarks: best of several runs, and peak traced memory of one more."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from typing import Any


def measure(
    label: str, func: Callable[[], Any], repeat: int = 3, width: int = 58
) -> tuple[float, float]:
    """Run ``func`` ``repeat`` times; print and return the best time (s) and peak MiB."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    mib = peak / 2**20
    print(f"{label:<{width}} {best:9.4f} s   peak {mib:8.1f} MiB")
    return best, mib
