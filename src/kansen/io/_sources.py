"""Turn the sources the importers accept (a path, bytes or a binary file) into bytes and a name."""

from __future__ import annotations

import os
from pathlib import Path, PurePath
from typing import BinaryIO

#: What the importers accept: a path (``str`` is always a path, never file content), the file's
#: content as bytes, or a binary file object.
Source = str | os.PathLike[str] | bytes | BinaryIO


def read_source(source: Source, filename: str | None, default_name: str) -> tuple[bytes, str]:
    """Read the whole source and decide the file name used in problem reports.

    Parameters
    ----------
    source : str, os.PathLike, bytes or binary file
        Where to read from.
    filename : str or None
        The name to report (e.g. the name of an uploaded file); directories are dropped.
    default_name : str
        The name when neither ``filename`` nor the source gives one.

    Returns
    -------
    tuple of (bytes, str)
        The content and the file name.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        data, name = bytes(source), None
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        data, name = path.read_bytes(), path.name
    else:
        data = source.read()
        raw_name = getattr(source, "name", None)
        name = raw_name if isinstance(raw_name, str) else None
    chosen = filename or name or default_name
    return data, PurePath(chosen.replace("\\", "/")).name or default_name
