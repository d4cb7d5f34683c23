"""Maps and tables for screens and council documents: class breaks, choropleths, exports.

``classify`` cuts values into classes (quantiles, equal intervals or natural breaks, via
mapclassify); ``render_map`` draws a choropleth with its legend and ``render_table`` a table,
both as SVG or PNG with matplotlib, so a figure on screen can go into a council document as
it is. Areas without a value (suppressed or unknown) are drawn hatched and named in the legend.
"""

from ._classify import CLASS_METHODS, PALETTE, Classification, ClassMethod, classify
from ._render import (
    IMAGE_FORMATS,
    ImageFormat,
    MapFeature,
    render_intervals,
    render_map,
    render_table,
)

__all__ = [
    "CLASS_METHODS",
    "IMAGE_FORMATS",
    "PALETTE",
    "ClassMethod",
    "Classification",
    "ImageFormat",
    "MapFeature",
    "classify",
    "render_intervals",
    "render_map",
    "render_table",
]
