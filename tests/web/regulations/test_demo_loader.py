"""The platform's demo loader publishes Demostad's regulations, once: on the demo the tests
share (loaded once per process), not on one of its own."""

from __future__ import annotations

import pytest

from kansen.web.core.demo import load_demo
from kansen.web.regulations.models import Regulation

pytestmark = pytest.mark.django_db


def test_the_demo_loader_publishes_the_regulations_once(shared_demo):
    first = shared_demo  # what the first load_demo() of this process returned
    assert Regulation.objects.filter(
        municipality=first.municipality, is_published=True
    ).count() == (10)
    Regulation.objects.filter(code="zwemles").update(is_published=False)
    load_demo()  # the demo is there already: nothing is loaded again
    assert Regulation.objects.count() == 10
    assert not Regulation.objects.get(code="zwemles").is_published
