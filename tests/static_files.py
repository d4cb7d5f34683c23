"""WhiteNoise lists the static files once per test process, not once per test client.

WhiteNoise's middleware walks every static file the finders know (about 1,200: the platform's,
Swagger UI's and the npm packages', most of them font files) and reads their sizes when it is
made. A server makes it once; Django's test client makes its middleware anew for every
``Client``, so every test paid for the walk again: 0.1 to 0.6 s a client, 98 of the 104 s of
the page-by-role test for one role. The list depends only on the settings read below, so one
list per combination of them serves every client in the process; a test that changes one of
them gets a list of its own.
"""

from __future__ import annotations

from typing import Any

from whitenoise.middleware import WhiteNoiseMiddleware

_LISTED: dict[tuple[Any, ...], dict[str, Any]] = {}
_ORIGINAL = WhiteNoiseMiddleware.add_files_from_finders


def _settings_of(middleware: WhiteNoiseMiddleware) -> tuple[Any, ...]:
    """What the list of a middleware depends on: its own options and the finders' folders."""
    from django.conf import settings

    return (
        middleware.static_prefix,
        middleware.max_age,
        middleware.allow_all_origins,
        middleware.charset,
        middleware.add_headers_function,
        middleware.index_file,
        repr(settings.STATICFILES_DIRS),
        tuple(settings.STATICFILES_FINDERS),
        tuple(settings.INSTALLED_APPS),
    )


def _add_files_once(middleware: WhiteNoiseMiddleware) -> None:
    key = _settings_of(middleware)
    listed = _LISTED.get(key)
    if listed is None:
        _ORIGINAL(middleware)
        _LISTED[key] = listed = dict(middleware.files)
    else:
        middleware.files.update(listed)


def list_static_files_once() -> None:
    """From now on, WhiteNoise middlewares made with the same settings share one list."""
    setattr(WhiteNoiseMiddleware, "add_files_from_finders", _add_files_once)  # noqa: B010


def lists_made() -> int:
    """How many lists were made in this process (one per combination of settings)."""
    return len(_LISTED)
