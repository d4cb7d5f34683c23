"""Forms of the areas pages."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kansen.web.core.uploads import check_upload_size, megabytes, upload_limit

from .constants import AREA_IMPORT_KINDS, ImportKind

CRS_CHOICES = [
    ("", _("Detect automatically")),
    ("EPSG:4326", _("EPSG:4326 (WGS 84, degrees)")),
    ("EPSG:28992", _("EPSG:28992 (Amersfoort / RD New, metres)")),
]


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What does the file contain?"),
        choices=[(kind.value, kind.label) for kind in AREA_IMPORT_KINDS],
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "Boundaries: GeoJSON in EPSG:4326 or EPSG:28992. Values: CSV (CBS StatLine export) "
            "or Excel (.xlsx), one row per area and year, one column per indicator. School "
            "locations: CSV or Excel with code, name, type or offers_havo_vwo, and x/y "
            "(EPSG:28992) or lat/lon. Outcomes by parental income: the disclosed Parquet or "
            "CSV file of `kansen opportunity run` (never pupil-level data)."
        ),
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=1900,
        max_value=2100,
        required=False,
        help_text=_(
            "The year of the boundaries; for values only when the file has no period column."
        ),
    )
    crs = forms.ChoiceField(label=_("Coordinate system"), choices=CRS_CHOICES, required=False)
    publish = forms.BooleanField(
        label=_("Publish the figures (visible to everyone)"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sizes = {kind.value: megabytes(upload_limit(kind)) for kind in AREA_IMPORT_KINDS}
        self.fields["file"].help_text = format_lazy(
            "{} {}",
            self.fields["file"].help_text,
            _(
                "At most %(boundaries)s for boundaries, %(values)s for values, %(facilities)s "
                "for school locations and %(opportunity)s for outcomes by parental income."
            )
            % sizes,
        )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("kind") and data.get("file") is not None:
            try:
                check_upload_size(data["file"], str(data["kind"]))
            except forms.ValidationError as error:
                self.add_error("file", error)
        if data.get("kind") in (ImportKind.BOUNDARIES, ImportKind.FACILITIES) and not data.get(
            "year"
        ):
            self.add_error("year", _("Enter the year the boundaries or locations belong to."))
        return data

    @staticmethod
    def default_year() -> int:
        return datetime.date.today().year
