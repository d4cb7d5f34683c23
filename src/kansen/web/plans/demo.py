"""The demo plans of Demostad (filled in by the plans app)."""

from __future__ import annotations

from kansen.web.accounts.models import Municipality


def load_demo_plans(municipality: Municipality) -> int:
    """Load the demo plans unless they are there; return how many were created."""
    return 0
