"""HTML to PDF with WeasyPrint, fetching nothing but the platform's own static files.

The page's stylesheet and fonts (``/static/...``) are read from the static files finders; any
other address is refused, so rendering never reaches the network.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

_BASE_URL = "https://kansen.invalid/"


class StaticFilesFetcher(URLFetcher):
    """Serves ``/static/...`` from the static files finders; refuses everything else."""

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        static = str(settings.STATIC_URL)
        path = unquote(parts.path)
        if (
            f"{parts.scheme}://{parts.netloc}/" != _BASE_URL
            or not path.startswith(static)
            or ".." in PurePosixPath(path).parts
        ):
            raise ValueError(f"the PDF may only use the platform's static files, not {url}")
        found = finders.find(path.removeprefix(static))
        if not found or isinstance(found, list):
            raise ValueError(f"no static file at {url}")
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(url, Path(found).read_bytes(), {"Content-Type": content_type})


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1) of an HTML document whose static files are the platform's."""
    document = weasyprint.HTML(string=html, base_url=_BASE_URL, url_fetcher=StaticFilesFetcher())
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    return pdf
