"""Protection that the intruder audit drives: suppress until no suppressed cell is pinned.

The group rules of :func:`kansen.opportunity._disclosure.complementary_suppression` keep every
suppressed cell from following from *one* relation. Relations combine, though: where two area
levels cut across each other (wijken and pc4 areas, both unions of buurten) a buurt can be a
wijk minus a pc4 area, and bands, subgroups and outcomes on the same pupils add inequalities.
This step closes what the groups leave open:

1. write the published table as it would leave (rounded, at its precision);
2. audit it as an intruder would (:func:`kansen.opportunity.audit_published`, linear
   programming over every relation, with the public hierarchy of every pair of levels where
   areas of one are unions of areas of the other);
3. for every suppressed cell whose ``n``, ``k`` or ``n - k`` the audit pins, suppress the
   published cell with the fewest pupils among those whose numbers bind the pinned bounds
   (read from the duals of the programs that pin it), then apply the group rules again;

and repeat until the audit pins nothing. Suppressing a cell only removes constraints from the
intruder's program (its rounding window, its share's precision, the rules it passed), so every
cell shown wide stays wide: after the first round only the cells pinned before and the cells
suppressed since are audited again. Cells suppressed in step 3 carry the confidential
reason ``audit``, those the group rules add after them ``complementary``.

Every round suppresses at least one more cell, so the loop ends; it stops with
:class:`ProtectionFailed` when a pinned cell has no published cell left to suppress among those
that bind it (never seen in the tests), and after ``max_rounds``. With a time budget
(``DisclosureRules.audit_seconds``) it stops when the budget is spent and says so
(``Protection.complete`` False): the audit is the cost (minutes for tens of thousands of cells).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._audit import Audit, audit_published
from ._disclosure import DisclosureRules, complementary_suppression
from ._estimates import CellTable


class ProtectionFailed(RuntimeError):
    """The audit still pins a cell that no further suppression can protect."""


@dataclass(frozen=True)
class Protection:
    """What the audit-driven protection did.

    Attributes
    ----------
    complete : bool
        The last audit pinned nothing and decided every cell; False when the time budget ran
        out first (the table then has the cells suppressed so far, and the guarantee of the
        audit does not hold for it: audit it with ``kansen opportunity audit``).
    rounds : int
        Audits run.
    added : int
        Cells suppressed by this step (``audit`` and the ``complementary`` ones after them).
    by_audit : numpy.ndarray of bool
        The cells suppressed because the audit pinned another cell through them.
    seconds : float
        Time taken, audits included.
    audits : tuple of dict
        :meth:`Audit.summary` of every round.
    """

    complete: bool
    rounds: int
    added: int
    by_audit: np.ndarray
    seconds: float
    audits: tuple[dict[str, int | float | bool], ...] = field(default_factory=tuple)


def public_hierarchy(fine: pd.DataFrame, levels: Sequence[str]) -> pd.DataFrame:
    """The area links an intruder can take from public registers, for every pair of levels.

    For each ordered pair of requested levels (child, parent), every parent area that is a
    union of child areas (each child area of the year lies wholly in it) with its children:
    what :func:`kansen.opportunity.hierarchy_from_pupils` gives for one pair.
    """
    from ._audit import hierarchy_from_pupils

    frames = [
        hierarchy_from_pupils(fine, child=child, parent=parent)
        for child in levels
        for parent in levels
        if child != parent
    ]
    columns = ["year", "level", "area_code", "parent_level", "parent_code"]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def _choose(audit: Audit, hidden: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, int]:
    """One published cell to suppress per pinned cell; and how many pinned cells had none."""
    pinned = audit.suppressed[audit.suppressed["n_pinned"] | audit.suppressed["k_pinned"]]
    chosen: set[int] = set()
    stuck = 0
    for binding in pinned["binding"]:
        candidates = [int(row) for row in binding if not hidden[row]]
        if not candidates:
            stuck += 1
            continue
        chosen.add(min(candidates, key=lambda row: (n[row], row)))
    return np.array(sorted(chosen), dtype=np.int64), stuck


def protect(
    table: CellTable,
    hidden: np.ndarray,
    publish: Callable[[np.ndarray], pd.DataFrame],
    rules: DisclosureRules,
    hierarchy: pd.DataFrame | None,
    max_rounds: int = 50,
    seconds: float | None = None,
) -> tuple[np.ndarray, Protection]:
    """Suppress further cells until the intruder audit pins none (see the module).

    Parameters
    ----------
    table : CellTable
        The cells (exact ``n``).
    hidden : numpy.ndarray of bool
        Cells suppressed so far (primary and complementary).
    publish : callable
        The published table for a mask of published cells.
    rules : DisclosureRules
        The rules (the audit reads the table as they prescribe).
    hierarchy : pandas.DataFrame, optional
        The public area links (:func:`public_hierarchy`).
    max_rounds : int, default 50
        Audits at most.
    seconds : float, optional
        Time budget for all audits; when it runs out the step stops with what it has
        (``complete`` False).

    Returns
    -------
    (numpy.ndarray of bool, Protection)
        The cells suppressed now (a superset of ``hidden``) and what the step did.
    """
    started = time.perf_counter()
    hidden = hidden.copy()
    before = hidden.copy()
    by_audit = np.zeros(len(hidden), dtype=bool)
    n = table.cells["n"].to_numpy()
    summaries: list[dict[str, int | float | bool]] = []
    check: np.ndarray | None = None  # the first audit checks every suppressed cell
    start: np.ndarray | None = None  # a feasible point of the last audit: still feasible

    def outcome(complete: bool) -> tuple[np.ndarray, Protection]:
        return hidden, Protection(
            complete=complete,
            rounds=len(summaries),
            added=int((hidden & ~before).sum()),
            by_audit=by_audit,
            seconds=time.perf_counter() - started,
            audits=tuple(summaries),
        )

    for _ in range(max_rounds):
        left = None if seconds is None else seconds - (time.perf_counter() - started)
        if left is not None and left <= 0:
            return outcome(False)
        audit = audit_published(
            publish(~hidden),
            hierarchy=hierarchy,
            rules=rules,
            explain=True,
            check=check,
            budget=left,
            start=start,
        )
        summaries.append(audit.summary())
        if audit.n_pinned == 0 and audit.k_pinned == 0 and audit.unchecked == 0:
            return outcome(True)
        if audit.n_pinned == 0 and audit.k_pinned == 0:
            return outcome(False)  # out of time with cells undecided
        chosen, stuck = _choose(audit, hidden, n)
        if chosen.size == 0:
            raise ProtectionFailed(
                f"{stuck} suppressed cells stay pinned and no published cell binds them"
            )
        was = hidden.copy()
        hidden[chosen] = True
        by_audit[chosen] = True
        hidden |= complementary_suppression(table, hidden)
        # Suppressing only removes constraints: a cell shown wide stays wide. Audit again the
        # cells pinned or left undecided now and the cells suppressed now.
        suppressed = audit.suppressed
        again = suppressed.loc[
            suppressed["n_pinned"] | suppressed["k_pinned"] | ~suppressed["checked"], "row"
        ]
        check = np.union1d(again.to_numpy(dtype=np.int64), np.flatnonzero(hidden & ~was))
        if audit.solution is not None:
            # parts not audited this round keep the point of an earlier one
            start = (
                audit.solution
                if start is None
                else np.where(np.isnan(audit.solution), start, audit.solution)
            )
    raise ProtectionFailed(f"the audit still pins cells after {max_rounds} rounds")
