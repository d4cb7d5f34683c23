"""The logs of ``kansen serve``, without the pupils of the youth panel.

gunicorn writes one line per request: the client's address, the time and the path. A pupil's
path holds the class code (``/jeugdpanel/k/CODE/...``), so such a line would say that someone at
an address answered in a class at a time: the very link the youth panel leaves out by design
(ADR 0026). :class:`AccessLogWithoutPupils` writes every other request as gunicorn does and no
line for the pupil's pages; :class:`PupilPathsRedacted` keeps the platform's own error and
warning lines (Django names the path of a request that failed or was not found) but writes a
pupil's path without its code. (A reverse proxy in front of the platform keeps its own log: see
docs/security.md.)
"""

from __future__ import annotations

import logging
from typing import Any

from gunicorn.glogging import Logger

#: Paths of the pupil's pages (the youth panel's form without an account), and of the
#: participants of a live poll (``/stem/CODE/``: the poll's code, ADR 0028).
PUPIL_PATHS: tuple[str, ...] = ("/jeugdpanel/k/", "/jeugdpanel/doe-mee/", "/stem/")


def is_pupil_path(path: str) -> bool:
    """True for a page a pupil opens to answer (no access line is written for it)."""
    return path.startswith(PUPIL_PATHS)


class AccessLogWithoutPupils(Logger):
    """gunicorn's logger, writing no access line for :data:`PUPIL_PATHS`."""

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if is_pupil_path(str(environ.get("PATH_INFO", ""))):
            return
        super().access(resp, req, environ, request_time)


def redact(path: str) -> str:
    """A pupil's path without what follows the youth panel's prefix (the class code)."""
    for prefix in PUPIL_PATHS:
        if path.startswith(prefix):
            return prefix + "..."
    return path


class PupilPathsRedacted(logging.Filter):
    """Rewrites log records about a pupil's page: the path loses its code, the request goes."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = str(getattr(request, "path", "") or "")
        if not is_pupil_path(path):
            return True
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact(a) if isinstance(a, str) and is_pupil_path(a) else a for a in record.args
            )
        record.request = None
        return True
