"""Findings of the review on the plan pages: the calendar link, links from the check to the
editor, the ceiling and duplicate-code sentences, the history's words, the import's lines."""

from __future__ import annotations

import re
from datetime import date

import icalendar
import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kansen.plans import plan_to_data, read_plan
from kansen.web.accounts.constants import Role
from kansen.web.plans import services
from kansen.web.plans.models import Plan

from ..factories import MunicipalityFactory, UserFactory, client_for
from ..html import one, parse, text
from .conftest import AMERSFOORT, LEIDEN

pytestmark = pytest.mark.django_db


def _url(plan, suffix=""):
    return f"/plannen/{plan.municipality.slug}/{plan.slug}/{suffix}"


def _meetings(*frequencies):
    return {
        "meetings": [
            {"kind": f"Overleg {i}", "goal": "doel", "frequency": f, "composition": "wie"}
            for i, f in enumerate(frequencies)
        ]
    }


def _store(plan, document):
    """Put a whole document in place (as an import would), bypassing the editor."""
    Plan.objects.filter(pk=plan.pk).update(document=document)
    plan.refresh_from_db()
    return plan


def test_a_meeting_every_six_weeks_gives_a_calendar(agenda, lead):
    # Found in review: "elke 6 weken" gave a 404 on the calendar link.
    plan = _store(agenda, {**agenda.document, "agreements": _meetings("elke 6 weken")})
    client = client_for(lead)
    assert "download/ics/" in client.get(_url(plan)).content.decode()
    response = client.get(_url(plan, "download/ics/"))
    assert response.status_code == 200
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert (event["rrule"]["FREQ"], event["rrule"]["INTERVAL"]) == (["WEEKLY"], [6])
    # The UID names the plan, so two plans of Demostad 2025-2028 do not overwrite each other.
    assert str(event["uid"]) == f"demostad-2025-2028-plan{plan.pk}-meeting-0@kansen"


def test_an_unreadable_frequency_is_a_warning_not_a_404(agenda, lead):
    plan = _store(agenda, {**agenda.document, "agreements": _meetings("af en toe", "jaarlijks")})
    client = client_for(lead)
    html = client.get(_url(plan)).content.decode()
    assert "af en toe is niet om te zetten in afspraken in de agenda" in html
    response = client.get(_url(plan, "download/ics/"))
    assert response.status_code == 200
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Overleg 1 (Demostad)"]


def test_no_calendar_link_when_no_frequency_can_be_read(agenda, lead):
    plan = _store(agenda, {**agenda.document, "agreements": _meetings("af en toe")})
    client = client_for(lead)
    assert "download/ics/" not in client.get(_url(plan)).content.decode()
    assert client.get(_url(plan, "download/ics/")).status_code == 404


@pytest.fixture
def imported(db):
    """The Amersfoort and Leiden fixtures as plans of their municipalities."""
    plans = []
    for path, code, name in (
        (AMERSFOORT, "GM0307", "Amersfoort"),
        (LEIDEN, "GM0546", "Leiden"),
    ):
        municipality = MunicipalityFactory(code=code, name=name, slug=name.lower())
        user = UserFactory(
            username=f"lead-{code}", municipality=municipality, role=Role.PROGRAMME_LEAD
        )
        plan = services.create_plan(municipality, user, plan_to_data(read_plan(path)))
        plans.append((plan, user))
    return plans


def test_every_link_from_the_check_reaches_an_id_on_the_editor_page(imported):
    # Found in review: links such as "#f-part" pointed to no element of the editor page.
    checked = 0
    for plan, user in imported:
        client = client_for(user)
        hrefs = parse(client.get(_url(plan))).xpath("//a/@href")
        links = {h for h in hrefs if re.fullmatch(r"/plannen/[^#]+/bewerken/\?deel=[^#]*#.+", h)}
        assert links
        for link in links:
            path, anchor = link.split("#")
            page = parse(client.get(path))
            assert page.xpath("//*[@id=$anchor]", anchor=anchor) != [], link
            checked += 1
    assert checked > 10


def test_the_ceiling_sentence_names_the_funder_and_the_template(agenda, lead):
    doc = agenda.document
    doc["interventions"][0]["budget"][0]["amount"] = 140000
    doc["interventions"][0]["financing"][0]["amount"] = 140000
    plan = _store(agenda, doc)
    html = client_for(lead).get(_url(plan)).content.decode()
    assert (
        "De bijdrage van GKA (ministerie van OCW), € 140.000, is hoger dan het plafond van "
        "€ 100.000 voor GKA (ministerie van OCW) in GKA-agenda 2021-2024 (Gelijke Kansen "
        "Alliantie, ministerie van OCW) (€ 40.000 te veel)."
    ) in html


def test_a_duplicate_code_sentence_names_the_other_place(demostad, lead):
    doc = services.new_document(
        demostad, kind="plan", title="Plan", period="2025-2026", template="uitvoeringsplan"
    )
    doc["action_lines"] = [
        {"code": "1", "title": "Ouders", "themes": [{"code": "1.1", "title": "Brug"}]},
        {"code": "2", "title": "School", "themes": [{"code": "1.1", "title": "Klas"}]},
    ]
    plan = services.create_plan(demostad, lead, doc)
    html = client_for(lead).get(_url(plan)).content.decode()
    assert "De code 1.1 komt ook voor bij" in html
    item = one(
        lxml.html.document_fromstring(html), "//li[contains(., 'De code 1.1 komt ook voor bij')]"
    )
    sentence = text(item).split("De code 1.1 komt ook voor bij ", 1)[1]
    assert "Actielijn 1" in sentence
    assert "Thema 1.1" in sentence


def test_the_history_shows_words_not_internal_values(agenda, lead):
    # Found in review: "draft → published", "in_progress", "uitvoeringsplan" in the history.
    services.publish(agenda, lead, today=date(2025, 7, 1))
    history = parse(client_for(lead).get(_url(agenda, "geschiedenis/")))
    cells = [text(td) for td in history.xpath("//td[starts-with(@class, 'utrecht-table__cell')]")]
    assert cells[:3] == ["Status", "Concept", "Gepubliceerd"]
    assert "draft" not in cells
    assert "published" not in cells


def test_the_history_names_statuses_kinds_and_templates(agenda, lead):
    from kansen.web.plans.views.history import _value_text

    assert _value_text("interventions[0].status", "in_progress") == "In uitvoering"
    assert _value_text("kind", "plan") == "Uitvoeringsplan"
    assert _value_text("template", "uitvoeringsplan").startswith("Uitvoeringsplan")
    assert _value_text("status", "draft") == "Concept"


def test_an_import_with_a_key_twice_is_refused_with_its_lines(lead):
    text = (
        "schema_version: 1\nkind: agenda\nmunicipality: Demostad\ntitle: Agenda\n"
        "title: Tweede titel\nperiod: 2025-2028\n"
    )
    upload = SimpleUploadedFile("agenda.yaml", text.encode(), content_type="application/yaml")
    response = client_for(lead).post("/plannen/importeren/", {"file": upload})
    html = response.content.decode()
    assert parse(response).xpath("//td/code/text()") == ["title"]
    assert (
        "de sleutel title staat twee keer in hetzelfde deel (regels 4 en 5); geef hem één keer"
    ) in html
    assert not Plan.objects.exists()


def test_an_import_with_an_impossible_date_says_where(lead):
    text = (
        "schema_version: 1\nkind: agenda\nmunicipality: Demostad\ntitle: Agenda\n"
        "period: 2025-2028\nsignatories:\n  - name: A\n    date: 2025-13-01\n"
    )
    upload = SimpleUploadedFile("agenda.yaml", text.encode(), content_type="application/yaml")
    response = client_for(lead).post("/plannen/importeren/", {"file": upload})
    row = one(parse(response), '//tr[.//code="signatories[0].date"]')
    cells = [" ".join(cell.text_content().split()) for cell in row.xpath("./td")]
    assert cells == [
        "signatories[0].date",
        "8",  # the line
        "verwacht een datum zoals 2021-03-01; gevonden: '2025-13-01'",
    ]
    assert not Plan.objects.exists()
