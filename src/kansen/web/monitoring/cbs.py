"""The CBS import on the platform: ``kansen import cbs TABLE`` from a page.

A programme lead or analyst who may import area data chooses a CBS table (one whose mapping
comes with kansen, or any table with a mapping file of their own); the table is fetched for
their municipality through the CBS OData API (:func:`kansen.monitoring.fetch_cbs`), written as
the CSV a StatLine export is (:func:`kansen.monitoring.cbs_values_csv`), and imported by
:func:`kansen.web.areas.services.import_values`: the same checks and the same all-or-nothing
import as an uploaded file, recorded among the municipality's imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kansen.monitoring import (
    CbsMapping,
    CbsUnavailable,
    MonitorRejected,
    cbs_message,
    cbs_values_csv,
    fetch_cbs,
    packaged_mapping,
    read_cbs_mapping,
)
from kansen.problems import localized, translations
from kansen.web.core.forms import describe

from .progress import language

#: The tables whose mapping comes with kansen, with what they are.
TABLES = (
    ("85318NED", _("85318NED: Key figures of districts and neighbourhoods 2022")),
    ("85618NED", _("85618NED: Key figures of districts and neighbourhoods 2023")),
)

#: The largest mapping file read (a mapping names a few dozen columns).
MAX_MAPPING_BYTES = 256 * 1024


class CbsImportForm(forms.Form):
    table = forms.CharField(
        label=_("CBS table"),
        max_length=8,
        help_text=_("Its identifier on CBS open data, such as 85318NED (2022) or 85618NED (2023)."),
        widget=forms.TextInput(attrs={"class": "utrecht-textbox", "list": "cbs-tables"}),
    )
    mapping = forms.FileField(
        label=_("Mapping of its columns (optional)"),
        required=False,
        help_text=_(
            "YAML or JSON: which columns become which figures, with their units. Without "
            "one, the mapping that comes with kansen for the table."
        ),
    )
    publish = forms.BooleanField(label=_("Make the figures public"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        describe(self)

    def clean_table(self) -> str:
        table = str(self.cleaned_data["table"]).strip().upper()
        if not re.fullmatch(r"[0-9]{5}[A-Z]{3}", table):
            raise forms.ValidationError(
                _("Expected a CBS table identifier: five digits and three letters, such as "
                  "85318NED; got “%(table)s”."),
                params={"table": self.cleaned_data["table"].strip()[:40]},
            )  # fmt: skip
        return table

    def clean_mapping(self) -> CbsMapping | None:
        upload = self.cleaned_data.get("mapping")
        if upload is None:
            return None
        name = upload.name or "mapping.yaml"
        if upload.size > MAX_MAPPING_BYTES:
            raise forms.ValidationError(
                _("%(file)s is larger than %(size)d kB; a mapping is a short YAML or JSON file."),
                params={"file": name, "size": MAX_MAPPING_BYTES // 1024},
            )
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("%(file)s is not a text file in UTF-8; expected YAML or JSON."),
                params={"file": name},
            ) from None
        try:
            return read_cbs_mapping(name, text)
        except MonitorRejected as rejected:
            raise forms.ValidationError(
                [forms.ValidationError(_where(name, problem)) for problem in rejected.problems[:20]]
            ) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        table, own = data.get("table"), data.get("mapping")
        if table and own is not None and own.table != table:
            self.add_error(
                "mapping",
                _("The mapping is for table %(mapping)s, not %(table)s.")
                % {"mapping": own.table, "table": table},
            )
        elif table and own is None and packaged_mapping(table) is None:
            self.add_error(
                "mapping",
                _("No mapping comes with kansen for table %(table)s; give one.") % {"table": table},
            )
        return data

    def columns(self) -> CbsMapping:
        """The mapping to import with: the one given, else the packaged one of the table."""
        own: CbsMapping | None = self.cleaned_data.get("mapping")
        if own is not None:
            return own
        path = packaged_mapping(self.cleaned_data["table"])
        assert path is not None  # clean() refused a table without one
        return read_cbs_mapping(path)


def _where(name: str, problem: Any) -> str:
    """A problem of a mapping file with its place: the file, the line, what is wrong."""
    message = localized(problem, translations(language()))[0]
    if problem.line:
        return _("%(file)s, line %(line)s: %(message)s") % {
            "file": name,
            "line": problem.line,
            "message": message,
        }
    return _("%(file)s: %(message)s") % {"file": name, "message": message}


@dataclass(frozen=True)
class Fetched:
    """A table fetched for a municipality: the CSV to import, or why there is none."""

    filename: str
    data: bytes | None
    problem: str = ""
    expected: str = ""
    #: CBS could not be reached or answered with an error (not: the table is not as expected).
    unreachable: bool = False


def fetch(columns: CbsMapping, municipality_code: str) -> Fetched:
    """The table's rows of the municipality as the CSV of a StatLine export; without a
    network, or when CBS refuses, what went wrong in the reader's language."""
    name = f"{columns.table}.csv"
    try:
        rows = fetch_cbs(columns, municipality_code)
    except CbsUnavailable as error:
        message, expected = cbs_message(error, language())
        unreachable = error.code in ("cbs.no_network", "cbs.http_error", "cbs.not_json")
        return Fetched(name, None, message, expected or "", unreachable)
    return Fetched(name, cbs_values_csv(rows, columns))
