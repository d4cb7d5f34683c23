"""QR codes of class links, drawn by segno."""

from __future__ import annotations

import segno


def data_uri(url: str) -> str:
    """The QR code of ``url`` as an SVG data URI (an ``<img src>``)."""
    code = segno.make(url, error="m")
    uri: str = code.svg_data_uri(scale=6, border=2, title="")
    return uri
