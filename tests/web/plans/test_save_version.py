"""A save that does not say which version it started from is refused (400): it could not tell
that someone else saved in between, and would overwrite their changes (issue 14, item 10)."""

from __future__ import annotations

import pytest

from kansen.web.plans.models import Plan

from ..factories import client_for
from ..html import as_post, form_values


def _url(plan, part):
    return f"/plannen/{plan.municipality.slug}/{plan.slug}/bewerken/?deel={part}"


def _state(plan):
    stored = Plan.objects.get(pk=plan.pk)
    return stored.version, stored.document


@pytest.mark.parametrize("version", [None, "", "nieuwste", "2.0"])
def test_a_save_without_its_version_is_refused_and_changes_nothing(agenda, lead, version):
    client = client_for(lead)
    page = client.get(_url(agenda, "interventions[0]"))
    fields = [(k, v) for k, v in form_values(page.content.decode()) if k != "version"]
    if version is not None:
        fields.append(("version", version))
    before = _state(agenda)
    response = client.post(_url(agenda, "interventions[0]"), as_post(fields, {"goal": "Ouders"}))
    assert response.status_code == 400
    assert response.content.decode() == (
        "Deze wijziging zegt niet van welke versie van het plan ze uitgaat."
    )
    assert _state(agenda) == before


def test_a_removal_without_its_version_is_refused(agenda, lead):
    before = _state(agenda)
    response = client_for(lead).post(
        _url(agenda, "interventions[0]"), {"_delete": "1", "_confirm": "1"}
    )
    assert response.status_code == 400
    assert _state(agenda) == before


def test_the_same_save_with_its_version_is_saved(agenda, lead):
    client = client_for(lead)
    page = client.get(_url(agenda, "interventions[0]"))
    fields = form_values(page.content.decode())
    assert ("version", "1") in fields
    response = client.post(_url(agenda, "interventions[0]"), as_post(fields, {"goal": "Ouders"}))
    assert response.status_code == 302
    version, document = _state(agenda)
    assert (version, document["interventions"][0]["goal"]) == (2, "Ouders")
