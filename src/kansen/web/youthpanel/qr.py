"""QR codes of class links, drawn by segno (an optional dependency: without it the sheet shows
the link and the code only)."""

from __future__ import annotations

import importlib.util


def available() -> bool:
    return importlib.util.find_spec("segno") is not None


def data_uri(url: str) -> str:
    """The QR code of ``url`` as an SVG data URI (an ``<img src>``; empty without segno)."""
    if not available():
        return ""
    import segno

    code = segno.make(url, error="m")
    uri: str = code.svg_data_uri(scale=6, border=2, title="")
    return uri
