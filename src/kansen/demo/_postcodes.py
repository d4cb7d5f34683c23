"""The fictional four-digit postcode areas (PC4) of Demostad, for sorting offers by distance.

Demostad's buurten fall into ten postcode areas ``9990``-``9999`` (see :mod:`kansen.demo._pupils`:
five columns of buurten from west to east, each split north/south). The centre of a postcode
area is the mean of the inside points (``representative_point``) of its buurten, which is what
a search "near 9994" measures from.
"""

from __future__ import annotations

from kansen.demo._build import build_demostad
from kansen.demo._model import Demostad
from kansen.demo._pupils import _pc4_of_buurten


def demo_buurt_postcodes(demo: Demostad | None = None) -> dict[str, str]:
    """The postcode area (PC4) of every buurt of Demostad.

    Parameters
    ----------
    demo : Demostad, optional
        The town; default :func:`build_demostad` with its default seed.

    Returns
    -------
    dict of str to str
        Buurt code -> four-digit postcode, in buurt order.

    Examples
    --------
    >>> from kansen.demo import demo_buurt_postcodes
    >>> demo_buurt_postcodes()["BU99990101"]
    '9994'
    """
    demo = demo or build_demostad()
    return dict(zip((b.code for b in demo.buurten), _pc4_of_buurten(demo), strict=True))


def demo_postcode_areas(demo: Demostad | None = None) -> dict[str, tuple[float, float]]:
    """The centre of every postcode area (PC4) of Demostad in RD New (EPSG:28992).

    Parameters
    ----------
    demo : Demostad, optional
        The town; default :func:`build_demostad` with its default seed.

    Returns
    -------
    dict of str to (float, float)
        PC4 code -> (x, y): the mean of the inside points of the area's buurten, by code.

    Examples
    --------
    >>> from kansen.demo import demo_postcode_areas
    >>> areas = demo_postcode_areas()
    >>> sorted(areas) == [str(code) for code in range(9990, 10000)]
    True
    """
    demo = demo or build_demostad()
    points: dict[str, list[tuple[float, float]]] = {}
    for buurt, pc4 in zip(demo.buurten, _pc4_of_buurten(demo), strict=True):
        point = buurt.geometry_rd.representative_point()
        points.setdefault(pc4, []).append((float(point.x), float(point.y)))
    return {
        pc4: (
            sum(x for x, _ in members) / len(members),
            sum(y for _, y in members) / len(members),
        )
        for pc4, members in sorted(points.items())
    }
