"""Where the platform's secret key comes from (read by ``settings.py`` before Django starts).

Production sets ``KANSEN_SECRET_KEY``. Without it the platform uses the key of this
installation, a random key in ``<data folder>/secret_key`` readable by its owner only
(mode 0600), which is created:

* by ``kansen setup-demo`` (so ``make demo`` works on a fresh clone),
* in development (``KANSEN_DEBUG=true``),
* during a test run (pytest sets ``PYTEST_VERSION`` while it runs).

Otherwise there is no key: commands that do not need one (migrations, messages) still run,
but the server refuses to start (:func:`require`), naming the variable. No key is ever in the
repository: a key that is public lets anyone sign cookies and tokens the platform trusts.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

VARIABLE = "KANSEN_SECRET_KEY"
FILE_NAME = "secret_key"


class MissingSecretKey(RuntimeError):
    """No ``KANSEN_SECRET_KEY`` and no key of this installation: production must set one."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__(
            f"{VARIABLE} is not set. In production, set {VARIABLE} to a long random value "
            '(at least 50 characters, e.g. the output of `python -c "import secrets; '
            'print(secrets.token_urlsafe(50))"`), see docs/security.md. For a demo, run '
            f"`kansen setup-demo` first: it creates a key for this installation in "
            f"{data_dir / FILE_NAME}."
        )


def data_dir() -> Path:
    """The data folder: ``KANSEN_DATA_DIR``, or ``var/`` in the working directory."""
    return Path(os.environ.get("KANSEN_DATA_DIR", Path.cwd() / "var")).resolve()


def key_file(folder: Path) -> Path:
    return folder / FILE_NAME


def installation_key(folder: Path, *, create: bool) -> str:
    """The key in ``folder/secret_key``; with ``create``, made first if there is none.

    Several processes may start at once (test workers, server workers): the key is written
    to a temporary file and linked into place, so every one of them reads the same whole key.
    Returns ``""`` when there is no key file and ``create`` is false.
    """
    path = key_file(folder)
    if not path.exists() and create:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{FILE_NAME}.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(50) + "\n")
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process was first: use its key
        finally:
            temporary.unlink()
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        return ""


def secret_key(folder: Path, *, debug: bool) -> str:
    """The key to use: ``KANSEN_SECRET_KEY``, else this installation's key ("" if none).

    The installation's key is created when developing (``debug``) or testing.
    """
    configured = os.environ.get(VARIABLE, "").strip()
    if configured:
        return configured
    testing = "PYTEST_VERSION" in os.environ
    return installation_key(folder, create=debug or testing)


def require(key: str, folder: Path) -> None:
    """Refuse to serve without a key.

    Raises
    ------
    MissingSecretKey
        With what to set, when ``key`` is empty.
    """
    if not key:
        raise MissingSecretKey(folder)


def check_production_key(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    """``check --deploy``: production signs with ``KANSEN_SECRET_KEY``, not a demo's key file.

    (An empty key is Django's own ``security.W009``.)
    """
    from django.conf import settings
    from django.core.checks import Warning as CheckWarning

    if os.environ.get(VARIABLE, "").strip() or settings.DEBUG:
        return []
    return [
        CheckWarning(
            f"{VARIABLE} is not set: the platform signs with the key of a demo installation "
            f"({key_file(Path(settings.DATA_DIR))}).",
            hint=f"Set {VARIABLE} in production (docs/security.md, Production settings).",
            id="kansen.W001",
        )
    ]
