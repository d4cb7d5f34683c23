"""The public check with amounts the check cannot use: a message by the field, never a 500."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client

from kansen.web.regulations import check
from kansen.web.regulations.services import load_demo_regulations

from ..factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

URL = "/regelingen/check/"
SINGLE = {
    "household": "single",
    "age": "38",
    "partner_age": "",
    "child_ages": "",
    "income": "1500",
    "savings": "0",
    "lives_here": "yes",
    "bijstand": "no",
}


@pytest.fixture
def demostad(monkeypatch):
    monkeypatch.setattr(check, "today", lambda: date(2026, 9, 1))
    municipality = MunicipalityFactory(code="GM9999", name="Demostad", slug="demostad")
    load_demo_regulations(municipality)
    return municipality


@pytest.mark.parametrize("field", ["income", "savings"])
@pytest.mark.parametrize(
    "value", ["1e28", "1e999999", "NaN", "Infinity", "-Infinity", "9" * 40, "1" + "0" * 28]
)
def test_an_amount_the_check_cannot_use_is_a_form_error(demostad, field, value):
    response = Client().post(URL, {**SINGLE, field: value}, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    html = response.text
    assert "Uw uitkomst" not in html
    error = re.search(rf'<div class="[^"]*" id="id_{field}_error">(.*?)</div>', html, re.S)
    assert error is not None
    assert f"“{value}”" in error.group(1)


def test_the_same_form_with_a_usable_amount_gives_a_result(demostad):
    response = Client().post(URL, SINGLE, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    assert "Uw uitkomst" in response.text
