"""A plan for one year ("2027") can be made, like one for several years ("2027-2028")."""

from __future__ import annotations

import pytest

from kansen.web.plans.models import Plan

from ..factories import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("period", "years"), [("2027", (2027, 2027)), ("2027-2028", (2027, 2028))])
def test_a_new_plan_for_one_year_or_more(lead, period, years):
    response = client_for(lead).post(
        "/plannen/nieuw/",
        {"kind": "plan", "title": "Kansrijk 2027", "period": period, "template": ""},
    )
    assert response.status_code == 302, response.context["form"].errors
    plan = Plan.objects.get()
    assert (plan.first_year, plan.last_year) == years
    assert plan.document["period"] == period
    page = client_for(lead).get(response["Location"])
    assert page.status_code == 200
