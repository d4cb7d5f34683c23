"""School advice levels: the ordered scale, accepted spellings and the advice outcomes.

The scale has nine ordered levels: five pure levels and the four mixed (dual) advices between
neighbours::

    vmbo-b < vmbo-b/k < vmbo-k < vmbo-k/gt < vmbo-gt < vmbo-gt/havo < havo < havo/vwo < vwo
    0        1          2        3           4         5              6      7          8

Accepted spellings (case-insensitive)
-------------------------------------
Spaces, hyphens, underscores, dots and brackets are ignored and ``+``, ``&`` and ``,`` count as
``/``. A value is one part or several parts separated by ``/``; each part may start with ``vmbo``
and is one of

* vmbo-b: ``b``, ``bb``, ``bbl``, ``basis``, ``basisberoepsgericht(e leerweg)``;
* vmbo-k: ``k``, ``kb``, ``kbl``, ``kader``, ``kaderberoepsgericht(e leerweg)``;
* vmbo-gt: ``g``, ``t``, ``gt``, ``gl``, ``tl``, ``gtl``, ``gl/tl``, ``(g)t``, ``mavo``,
  ``theoretisch``, ``gemengd``, ``gemengde leerweg``, ``theoretische leerweg``;
* havo: ``havo``;
* vwo: ``vwo``, ``atheneum``, ``gymnasium``.

Parts that name one level give that level (``vmbo gl/tl`` is vmbo-gt); parts that name two
neighbouring levels give the mixed level between them (``vmbo-kb/gt``, ``VMBO-T / HAVO``,
``mavo/havo``, ``havo-vwo``, ``havovwo``). A value written without a separator is split where both
halves are levels (``vmbogthavo``). Anything else is not on the scale and rejected, for instance
``pro`` (praktijkonderwijs), ``vso`` or a bare ``vmbo``: remove those pupils or recode them first.

Outcomes
--------
The *effective advice* is the revised advice when the school revised it after the test, else the
school advice (:attr:`AdviceRule.use_revised`). With ``mixed="ordinal"`` (the default, the total
order of the method) advices are compared by their position on the nine-level scale:

* under-advice: effective advice < test advice (``vmbo-gt/havo`` against test ``havo`` is
  under-advice; ``havo`` against ``havo/vwo`` too);
* over-advice: effective advice > test advice;
* at least havo: effective advice >= ``havo`` (``havo``, ``havo/vwo``, ``vwo``; a mixed
  ``vmbo-gt/havo`` is not).

With ``mixed="overlap"`` a mixed advice stands for both of its levels and two advices agree when
they share a level: under-advice when the highest level of the school advice is below the lowest
level of the test advice (``vmbo-gt/havo`` against ``havo`` is *not* under-advice, ``vmbo-gt``
against ``vmbo-gt/havo`` is not either, ``vmbo-gt/havo`` against ``havo/vwo`` is not, ``vmbo-gt``
against ``havo`` is), over-advice the other way round. At least havo is the same under both rules.
Under- and over-advice are only defined for pupils with both an (effective) school advice and a
test advice; at least havo for pupils with a school advice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

#: The nine levels in order; a level's position in this tuple is its value on the scale.
ADVICE_LEVELS: tuple[str, ...] = (
    "vmbo-b",
    "vmbo-b/k",
    "vmbo-k",
    "vmbo-k/gt",
    "vmbo-gt",
    "vmbo-gt/havo",
    "havo",
    "havo/vwo",
    "vwo",
)
#: Position of havo on the scale: "at least havo" is a position >= this.
HAVO_POSITION = ADVICE_LEVELS.index("havo")

_B, _K, _GT, _HAVO, _VWO = 0, 2, 4, 6, 8
_PART_TOKENS: dict[str, int] = {
    **dict.fromkeys(
        ("b", "bb", "bbl", "basis", "basisberoepsgericht", "basisberoepsgerichteleerweg"), _B
    ),
    **dict.fromkeys(
        ("k", "kb", "kbl", "kader", "kaderberoepsgericht", "kaderberoepsgerichteleerweg"), _K
    ),
    **dict.fromkeys(
        (
            "g",
            "t",
            "gt",
            "gl",
            "tl",
            "gtl",
            "mavo",
            "theoretisch",
            "theoretischeleerweg",
            "gemengd",
            "gemengdeleerweg",
        ),
        _GT,
    ),
    "havo": _HAVO,
    **dict.fromkeys(("vwo", "atheneum", "gymnasium"), _VWO),
}
_IGNORED = re.compile(r"[\s\-_.()]+")
_SEPARATORS = re.compile(r"[+&,]")

MixedAdviceRule = Literal["ordinal", "overlap"]


@dataclass(frozen=True)
class AdviceRule:
    """How the advice outcomes are defined (see the module documentation).

    Attributes
    ----------
    mixed : {"ordinal", "overlap"}, default "ordinal"
        ``"ordinal"`` compares positions on the nine-level scale; ``"overlap"`` lets a mixed
        advice agree with both of its levels.
    use_revised : bool, default True
        Whether a revised advice replaces the school advice, as the method prescribes.
    """

    mixed: MixedAdviceRule = "ordinal"
    use_revised: bool = True

    def __post_init__(self) -> None:
        if self.mixed not in ("ordinal", "overlap"):
            raise ValueError(f"mixed must be 'ordinal' or 'overlap', not {self.mixed!r}")


def _part_level(part: str) -> int | None:
    """The pure level (0, 2, 4, 6, 8) of one part such as ``vmbokb`` or ``havo``."""
    if part in _PART_TOKENS:
        return _PART_TOKENS[part]
    if part.startswith("vmbo") and part[4:] in _PART_TOKENS and _PART_TOKENS[part[4:]] <= _GT:
        return _PART_TOKENS[part[4:]]
    return None


def _combine(levels: set[int]) -> int | None:
    if len(levels) == 1:
        return next(iter(levels))
    low, high = min(levels), max(levels)
    if len(levels) == 2 and high - low == 2:
        return low + 1
    return None


def _unseparated_position(text: str) -> int | None:
    """Position of a value without separators, e.g. ``havovwo``; None when unknown or ambiguous."""
    single = _part_level(text)
    if single is not None:
        return single
    found: set[int] = set()
    for cut in range(1, len(text)):
        left, right = _part_level(text[:cut]), _part_level(text[cut:])
        if left is not None and right is not None:
            combined = _combine({left, right})
            if combined is not None:
                found.add(combined)
    return found.pop() if len(found) == 1 else None


def advice_position(value: str) -> int | None:
    """Position of an advice on the nine-level scale (0 = vmbo-b, 8 = vwo).

    Parameters
    ----------
    value : str
        An advice in any accepted spelling (see the module documentation).

    Returns
    -------
    int or None
        The position, or None when the value is not on the scale.

    Examples
    --------
    >>> advice_position("VMBO-GT / HAVO"), advice_position("havo-vwo"), advice_position("pro")
    (5, 7, None)
    """
    text = _IGNORED.sub("", _SEPARATORS.sub("/", value.lower()))
    parts = [part for part in text.split("/") if part]
    if not parts:
        return None
    if len(parts) == 1:
        return _unseparated_position(parts[0])
    levels = [_part_level(part) for part in parts]
    if any(level is None for level in levels):
        return None
    return _combine({level for level in levels if level is not None})


def parse_advice(value: str) -> str | None:
    """The canonical spelling of an advice, or None when it is not on the scale.

    Parameters
    ----------
    value : str
        An advice in any accepted spelling.

    Returns
    -------
    str or None
        One of :data:`ADVICE_LEVELS`.

    Examples
    --------
    >>> parse_advice("VMBO-KB/GT"), parse_advice("vmbo gl/tl"), parse_advice("Atheneum")
    ('vmbo-k/gt', 'vmbo-gt', 'vwo')
    >>> parse_advice("vmbo") is None
    True
    """
    position = advice_position(value)
    return None if position is None else ADVICE_LEVELS[position]


def overlap_bounds(position: int) -> tuple[int, int]:
    """The lowest and highest pure level (0-4) a position stands for under the overlap rule.

    Parameters
    ----------
    position : int
        Position on the nine-level scale.

    Returns
    -------
    tuple of int
        ``(lowest, highest)`` on the five pure levels vmbo-b=0 .. vwo=4.

    Examples
    --------
    >>> overlap_bounds(6), overlap_bounds(5)
    ((3, 3), (2, 3))
    """
    return position // 2, (position + 1) // 2
