"""Search quality over the Demostad directory: recall@5 of realistic Dutch queries.

The queries and their expected offers are in ``quality_queries.yaml``, written before the search
was tuned. Run with ``-s`` to see the table of every query, its expected ids and the top 5.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from kansen.offers import demo_directory

QUERIES_FILE = Path(__file__).with_name("quality_queries.yaml")
TOP = 5
MIN_RECALL = 0.9


def _queries() -> list[dict[str, Any]]:
    data = yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))
    queries: list[dict[str, Any]] = data["queries"]
    return queries


def test_the_suite_has_enough_queries_with_existing_offers() -> None:
    queries = _queries()
    ids = {offer.id for offer in demo_directory().offers}
    assert len(queries) >= 40
    for entry in queries:
        assert set(entry) == {"query", "expect", "why"}, entry
        assert entry["query"].strip(), entry
        assert entry["why"].strip(), entry
        assert 1 <= len(entry["expect"]) <= 3, entry
        assert len(set(entry["expect"])) == len(entry["expect"]), entry
        assert set(entry["expect"]) <= ids, set(entry["expect"]) - ids
    texts = [entry["query"].lower() for entry in queries]
    assert len(texts) == len(set(texts)), "a query is listed twice"


def test_recall_at_5_is_at_least_0_9() -> None:
    search = pytest.importorskip("kansen.search")
    index = search.SearchIndex([search.offer_document(o) for o in demo_directory().offers])
    rows = []
    recalls = []
    for entry in _queries():
        expected = list(entry["expect"])
        top = [hit.id for hit in index.search(entry["query"], limit=TOP).hits]
        recall = len(set(expected) & set(top)) / len(expected)
        recalls.append(recall)
        rows.append((recall, entry["query"], expected, top))
    mean = sum(recalls) / len(recalls)

    print(f"\n{'recall':>6}  {'query':<28} expected -> top {TOP}")
    for recall, query, expected, top in rows:
        missing = [i for i in expected if i not in top]
        flag = "" if not missing else f"   MISSING {', '.join(missing)}"
        print(f"{recall:6.2f}  {query:<28} {', '.join(top)}{flag}")
    print(f"recall@{TOP} = {mean:.3f} over {len(rows)} queries")

    assert mean >= MIN_RECALL
