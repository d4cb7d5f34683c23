"""What the machine gives this process (shared by the library and the platform)."""

from __future__ import annotations

import os

__all__ = ["cores"]


def cores() -> int:
    """The processor cores this process may run on (a container or ``taskset`` may give fewer
    than the machine has; the machine's count where the system cannot tell; at least one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)
