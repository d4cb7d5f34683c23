"""Turn the sources the importers accept (a path, bytes or a binary file) into bytes and a name."""

from __future__ import annotations

import os
from pathlib import Path, PurePath
from typing import BinaryIO

#: What the importers accept: a path (``str`` is always a path, never file content), the file's
#: content as bytes, or a binary file object.
Source = str | os.PathLike[str] | bytes | BinaryIO


def read_source(
    source: Source, filename: str | None, default_name: str, max_bytes: int | None = None
) -> tuple[bytes, str]:
    """Read the whole source and decide the file name used in problem reports.

    Parameters
    ----------
    source : str, os.PathLike, bytes or binary file
        Where to read from.
    filename : str or None
        The name to report (e.g. the name of an uploaded file); directories are dropped.
    default_name : str
        The name when neither ``filename`` nor the source gives one.
    max_bytes : int, optional
        Read at most one byte more than this from a path or file, so that a reader can refuse
        a file that is too large without holding all of it.

    Returns
    -------
    tuple of (bytes, str)
        The content and the file name.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        data, name = bytes(source), None
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        with path.open("rb") as file:
            data = file.read() if max_bytes is None else file.read(max_bytes + 1)
        name = path.name
    else:
        data = source.read() if max_bytes is None else source.read(max_bytes + 1)
        raw_name = getattr(source, "name", None)
        name = raw_name if isinstance(raw_name, str) else None
    chosen = filename or name or default_name
    return data, PurePath(chosen.replace("\\", "/")).name or default_name
