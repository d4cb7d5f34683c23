"""Pages of the plans app, a module for each thing they serve: the list and a new plan
(:mod:`.lists`), an import (:mod:`.imports`), the plan page with its check, money and planning
(:mod:`.page`), the part editor (:mod:`.edit`), the history (:mod:`.history`), publishing
(:mod:`.publishing`) and the downloads (:mod:`.downloads`)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone


def today() -> date:
    """The date the planning is judged by (a function of this package, so tests can fix it:
    the pages look it up here each time)."""
    return timezone.localdate()


from .downloads import DOWNLOADS, download  # noqa: E402 (the pages use today above)
from .edit import edit  # noqa: E402
from .history import history  # noqa: E402
from .imports import import_plan  # noqa: E402
from .lists import create, plan_list  # noqa: E402
from .page import detail  # noqa: E402
from .publishing import publish  # noqa: E402

__all__ = [
    "DOWNLOADS",
    "create",
    "detail",
    "download",
    "edit",
    "history",
    "import_plan",
    "plan_list",
    "publish",
    "today",
]
