"""The protection that the intruder audit drives, proved on 200,000 synthetic pupils.

200,000 pupils of one school year in 100 buurten (wijken of five buurten, gemeenten of eight
wijken, pc4 areas of four consecutive buurten that cut across wijken), by gender, every outcome:
the kansenkaart table at buurt, wijk, gemeente and pc4 level as it leaves the method with its
default rules. An intruder holds that table and the public register of which buurten make up
each pc4 area, wijk and gemeente. The guarantee of ``docs/disclosure.md`` must hold for it:

* no published cell gives its exact ``n`` (every count of its rounding window stays possible
  for at least two values);
* no suppressed cell has its ``n`` pinned within a width of 10, nor its pupils with or without
  the outcome within 10 and away from 0, by linear programming over every relation of the table
  and the register (``kansen.opportunity.audit_published``, HiGHS);
* every suppressed cell is decided (none left unchecked).

The audit here is run afresh on the published table, independently of the audits inside the
protection. This file is its own so that the test runner can run it beside the others (it
takes a few minutes of processor time: the figures are in ADR 0023).
"""

from __future__ import annotations

import pytest

from kansen.demo import synthetic_pupils
from kansen.opportunity import DisclosureRules, audit_published, estimate_opportunity
from kansen.opportunity._protect import public_hierarchy

LEVELS = ["buurt", "wijk", "gemeente", "pc4"]


@pytest.fixture(scope="module")
def pupils():
    return synthetic_pupils(200_000, 100, seed=3)


def test_no_cell_of_the_protected_table_is_pinned_at_200000_pupils(pupils) -> None:
    hierarchy = public_hierarchy(pupils, LEVELS)
    # the register links pc4 areas to the buurten that make them up, across wijken
    pc4_links = hierarchy[(hierarchy["level"] == "buurt") & (hierarchy["parent_level"] == "pc4")]
    assert len(pc4_links) == 100
    plain = estimate_opportunity(
        pupils, levels=LEVELS, subgroups=["gender"], disclosure=DisclosureRules(audited=False)
    )
    # no time budget: the test proves the guarantee, however long the audits take here
    result = estimate_opportunity(
        pupils, levels=LEVELS, subgroups=["gender"], disclosure=DisclosureRules(audit_seconds=None)
    )
    assert result.summary.audit == "passed"
    assert result.summary.audit_rounds >= 2
    # the group rules alone left cells that the audit pins: the protection suppressed more
    assert result.summary.suppressed_by_reason["audit"] > 0
    assert result.summary.published < plain.summary.published
    assert result.summary.cells == plain.summary.cells

    audit = audit_published(result.published, hierarchy=hierarchy)
    assert audit.summary() | {"seconds": 0, "solves": 0} == {
        "cells": result.summary.cells,
        "suppressed": result.summary.cells - result.summary.published,
        "n_pinned": 0,
        "k_pinned": 0,
        "published": result.summary.published,
        "exact_n_published": 0,
        "unchecked": 0,
        "passes": True,
        "seconds": 0,
        "solves": 0,
    }
