"""Start Django for a command of ``kansen`` (the platform's commands import nothing of Django
before they run, so that ``kansen --help`` and the library's commands stay fast)."""

from __future__ import annotations

import os


def setup_django() -> None:
    """Configure Django with the platform's settings, once per process."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansen.web.settings")
    import django

    django.setup()
