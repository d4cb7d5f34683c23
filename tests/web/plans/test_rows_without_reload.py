"""Adding or removing a row of the editor without a page load (ADR 0018): asked by htmx, the edit
view answers with only the list, rendered by the same template as the page; without JavaScript
the same buttons submit the form and the whole page comes back."""

from __future__ import annotations

import lxml.html

from ..factories import client_for
from ..html import as_post, form_values

HTMX = {"HTTP_HX_REQUEST": "true"}


def _edit(agenda, lead):
    client = client_for(lead)
    url = f"/plannen/demostad/{agenda.slug}/bewerken/?deel=interventions[0]"
    return client, url, form_values(client.get(url).content.decode())


def _fragment(response):
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    html = response.content.decode()
    assert "<html" not in html
    assert "<form" not in html
    return lxml.html.fragment_fromstring(html.strip())


def test_adding_a_row_answers_with_the_list_only_the_new_row_focused(agenda, lead):
    client, url, fields = _edit(agenda, lead)
    post = as_post(fields, {"_add": "budget", "budget[0].description": "Inzet, getypt"})
    fieldset = _fragment(client.post(url, post, **HTMX))
    assert (fieldset.tag, fieldset.get("id")) == ("fieldset", "f-budget")
    assert fieldset.get("autofocus") is None
    # what was typed in the list is kept; the new row is empty and its first field has the focus
    assert fieldset.get_element_by_id("f-budget-0-description").get("value") == "Inzet, getypt"
    new = fieldset.get_element_by_id("f-budget-1-description")
    assert (new.get("value"), new.get("autofocus")) == ("", "")
    assert [e.get("id") for e in fieldset.xpath(".//*[@autofocus]")] == ["f-budget-1-description"]
    assert fieldset.xpath(".//input[@name='budget#n']/@value") == ["2"]
    # the buttons of the new list post to the same editor, and swap their list
    buttons = fieldset.xpath(".//button[@hx-post]")
    assert {b.get("hx-post") for b in buttons} == {url}
    assert {b.get("hx-target") for b in buttons} == {"closest .plan-fieldset--list"}


def test_removing_a_row_answers_with_the_list_focused(agenda, lead):
    client, url, fields = _edit(agenda, lead)
    fieldset = _fragment(client.post(url, as_post(fields, {"_remove": "budget[0]"}), **HTMX))
    assert (fieldset.get("id"), fieldset.get("tabindex"), fieldset.get("autofocus")) == (
        "f-budget",
        "-1",
        "",
    )
    assert fieldset.xpath(".//input[@name='budget#n']/@value") == ["0"]
    assert fieldset.xpath(".//*[starts-with(@name, 'budget[')]") == []
    # nothing is saved: the plan still has its budget line
    agenda.refresh_from_db()
    assert len(agenda.document["interventions"][0]["budget"]) == 1


def test_without_javascript_the_same_buttons_load_the_whole_form(agenda, lead):
    client, url, fields = _edit(agenda, lead)
    response = client.post(url, as_post(fields, {"_add": "budget", "name": "Nieuwe naam"}))
    assert response.status_code == 200
    page = lxml.html.document_fromstring(response.content.decode())
    # the whole page, with what was typed elsewhere in the form and nothing focused by force
    assert page.get_element_by_id("f-name").get("value") == "Nieuwe naam"
    assert page.get_element_by_id("f-budget-1-description").get("value") == ""
    assert page.xpath("//*[@autofocus]") == []
    add = page.xpath("//button[@name='_add'][@value='budget']")[0]
    assert (add.get("type"), add.get("hx-post")) == ("submit", url)
    assert page.xpath("//script/@src")[0].endswith("/vendor/htmx/htmx.min.js")


def test_a_history_restore_by_htmx_gets_the_whole_page(agenda, lead):
    client, url, fields = _edit(agenda, lead)
    response = client.post(
        url,
        as_post(fields, {"_add": "budget"}),
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
        **HTMX,
    )
    assert "<html" in response.content.decode()


def test_a_row_of_no_list_of_the_form_is_refused(agenda, lead):
    client, url, fields = _edit(agenda, lead)
    response = client.post(url, as_post(fields, {"_add": "nothing"}), **HTMX)
    assert response.status_code == 400


def _three_rows_without(client, url, fields, row):
    typed = {
        "budget#n": "3",
        "budget[0].description": "Inzet",
        "budget[1].description": "Coaching",
        "budget[2].description": "Evaluatie",
    }
    post = as_post(fields, {**typed, "_remove": row})
    return _fragment(client.post(url, post, **HTMX))


def test_removing_a_row_focuses_the_row_that_took_its_place(agenda, lead):
    # the list's top may be far above the screen on a phone: the reader stays where they were
    client, url, fields = _edit(agenda, lead)
    fieldset = _three_rows_without(client, url, fields, "budget[1]")
    assert fieldset.xpath(".//input[contains(@name, 'description')]/@value") == [
        "Inzet",
        "Evaluatie",
    ]
    assert fieldset.get("autofocus") is None
    assert [e.get("id") for e in fieldset.xpath(".//*[@autofocus]")] == ["f-budget-1-description"]


def test_removing_the_last_row_focuses_the_row_before_it(agenda, lead):
    client, url, fields = _edit(agenda, lead)
    fieldset = _three_rows_without(client, url, fields, "budget[2]")
    assert fieldset.xpath(".//input[contains(@name, 'description')]/@value") == [
        "Inzet",
        "Coaching",
    ]
    assert [e.get("id") for e in fieldset.xpath(".//*[@autofocus]")] == ["f-budget-1-description"]
