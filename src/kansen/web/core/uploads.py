"""Limits on uploads: the largest file accepted per kind, enforced while the file arrives.

The limits are settings (``KANSEN_UPLOAD_MAX_BYTES``, one per kind, each configurable through
``KANSEN_UPLOAD_MB_<KIND>``; docs/security.md, "Limits on uploads"). Two layers enforce them:

* :class:`LimitedUploadHandler`, the first upload handler, stops keeping a file once it passes
  the largest limit of the page it is sent to: the rest of the request is read and thrown away,
  so a 2 GB upload costs neither memory nor disk. The form then gets a :class:`RefusedUpload`
  that knows only its name and that it was too large.
* :func:`check_upload_size` (in the forms) compares the size with the limit of the kind of file
  chosen, before a byte of it is read, and says both in the error.

:func:`read_limits` gives the library's :class:`kansen.io.ReadLimits` for a kind: the same size
limit, and what an Excel file may unpack to.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from kansen.io import ReadLimits

#: The kinds of file each upload page takes (by URL name); the handler keeps at most the largest.
PAGE_KINDS: dict[str, tuple[str, ...]] = {
    "areas:import": ("boundaries", "values", "facilities", "opportunity"),
    "plans:import": ("plan",),
    "providers:import": ("offers",),
}


def upload_limit(kind: str) -> int:
    """The largest file in bytes accepted for ``kind`` (a key of KANSEN_UPLOAD_MAX_BYTES)."""
    limits: dict[str, int] = settings.KANSEN_UPLOAD_MAX_BYTES
    return limits.get(kind, max(limits.values()))


def megabytes(size: int) -> str:
    """A limit as users read it: ``"20 MB"``, ``"2.5 MB"``, ``"64 KB"``."""
    value = size / (1024 * 1024)
    if value < 1:
        return f"{size / 1024:.0f} KB"
    return f"{value:.0f} MB" if value == int(value) else f"{value:.1f} MB"


def read_limits(kind: str) -> ReadLimits:
    """The library's reading limits for an upload of ``kind``."""
    return ReadLimits(
        max_bytes=upload_limit(kind),
        max_unpacked_bytes=settings.KANSEN_UPLOAD_MAX_UNPACKED_BYTES,
        max_cells=settings.KANSEN_UPLOAD_MAX_CELLS,
    )


# Generic in django-stubs only: not subscriptable at run time.
if TYPE_CHECKING:
    _BytesUpload = UploadedFile[bytes]
else:
    _BytesUpload = UploadedFile


class RefusedUpload(_BytesUpload):
    """A file that was larger than the page accepts: its name and size, none of its content."""

    def __init__(self, name: str, size: int, content_type: str | None, charset: str | None):
        super().__init__(io.BytesIO(), name, content_type, size, charset)


def check_upload_size(upload: Any, kind: str) -> None:
    """Refuse a file larger than the limit of ``kind``, naming the limit.

    Raises
    ------
    ValidationError
        For a file over the limit (also one the handler already stopped keeping).
    """
    limit = upload_limit(kind)
    if isinstance(upload, RefusedUpload) or upload.size > limit:
        raise ValidationError(
            _(
                "The file is larger than %(limit)s, the most accepted for this kind of file. "
                "Split it, or leave out what is not needed."
            )
            % {"limit": megabytes(limit)},
            code="file_too_large",
        )


def limit_text(kind: str) -> str:
    """What a form says about the limit: "At most 20 MB."."""
    return _("At most %(limit)s.") % {"limit": megabytes(upload_limit(kind))}


class LimitedUploadHandler(FileUploadHandler):
    """Keeps no more of an uploaded file than the largest limit of the page it is sent to.

    Chunks within the limit pass on to Django's own handlers (memory or a temporary file);
    once a file passes the limit its chunks are dropped, and :class:`RefusedUpload` takes its
    place in ``request.FILES``.
    """

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.limit = self._page_limit(request)
        self.received = 0
        self.over = False

    @staticmethod
    def _page_limit(request: Any) -> int:
        limits: dict[str, int] = settings.KANSEN_UPLOAD_MAX_BYTES
        try:
            match = resolve(request.path_info) if request is not None else None
        except Resolver404:
            match = None
        kinds = PAGE_KINDS.get(match.view_name, ()) if match is not None else ()
        return max((upload_limit(k) for k in kinds), default=max(limits.values()))

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        self.over = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.over = True
            return None
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile[bytes] | None:
        if not self.over:
            return None
        return RefusedUpload(self.file_name or "", self.received, self.content_type, self.charset)
