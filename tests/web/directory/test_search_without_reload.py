"""The search page without a page load (ADR 0018): asked by htmx, /aanbod/ answers with its
content (the same template, on a base without the page around it) and the address of the search
for the browser's history; without JavaScript the form submits and the whole page comes back."""

from __future__ import annotations

import re

import lxml.html
import pytest

pytestmark = pytest.mark.django_db

URL = "/aanbod/"
HTMX = {"HTTP_HX_REQUEST": "true"}
# what htmx sends for the search form: every field, the empty ones too
FORM = {"q": "", "leeftijd": "", "postcode": "", "sorteer": "relevantie"}


def _title(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
    assert found is not None
    return found.group(1)


def _ids(response) -> list[str]:
    html = lxml.html.document_fromstring(response.content.decode())
    return [
        a.get("href").split("/")[2] for a in html.xpath("//ol[@class='directory-results']//h3/a")
    ]


def test_a_facet_by_htmx_answers_with_the_content_and_the_address(client, demostad):
    response = client.get(URL, {**FORM, "soort": "sport"}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Push-Url"] == "/aanbod/?soort=sport&sorteer=relevantie"
    assert "HX-Request" in response["Vary"]
    html = response.content.decode()
    assert "<html" not in html
    assert "<header" not in html
    # the page's title, for htmx to set
    page = client.get(URL, {"soort": "sport", "sorteer": "relevantie"})
    assert _title(html) == _title(page.content.decode())
    # the same content as the page: the results, the facets, the map's data
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    (content,) = fragment.xpath("//div[@id='directory-page']")
    (whole,) = lxml.html.document_fromstring(page.content.decode()).xpath(
        "//div[@id='directory-page']"
    )
    assert lxml.html.tostring(content, with_tail=False) == lxml.html.tostring(
        whole, with_tail=False
    )
    assert _ids(response) == ["voetbal-noord", "zwemles"]
    assert content.xpath(".//script[@id='directory-map-data']")


def test_the_page_itself_carries_no_address_header(client, demostad):
    response = client.get(URL, {**FORM, "soort": "sport"})
    assert "HX-Push-Url" not in response
    assert "HX-Request" in response["Vary"]
    assert "<html" in response.content.decode()


@pytest.mark.parametrize("first_by_htmx", [True, False])
def test_a_kept_page_is_served_as_page_or_content_as_asked(client, demostad, first_by_htmx):
    # the rendered content is kept per search: whoever asks first, each gets their own answer
    first = client.get(URL, {"soort": "taal"}, **(HTMX if first_by_htmx else {}))
    second = client.get(URL, {"soort": "taal"}, **({} if first_by_htmx else HTMX))
    assert ("<html" in first.content.decode()) is not first_by_htmx
    assert ("<html" in second.content.decode()) is first_by_htmx
    assert _ids(first) == _ids(second) == ["huiswerk-bieb", "taalcafe", "voorleesexpress"]


def test_an_empty_search_by_htmx_goes_to_the_bare_address(client, demostad):
    response = client.get(URL, {"q": "", "leeftijd": "", "postcode": ""}, **HTMX)
    assert response["HX-Push-Url"] == "/aanbod/"


def test_the_form_works_without_javascript_and_asks_htmx_for_the_content(client, demostad):
    html = lxml.html.document_fromstring(client.get(URL).content.decode())
    (form,) = html.xpath("//form[@id='directory-form']")
    assert (form.get("method"), form.get("action")) == ("get", URL)
    assert (form.get("hx-get"), form.get("hx-target"), form.get("hx-select")) == (
        URL,
        "#directory-page",
        "#directory-page",
    )
    assert form.get("hx-push-url") == "true"
    # the live region that says how many offers were found stays outside what is replaced
    (status,) = html.xpath("//*[@id='directory-status']")
    assert status.get("aria-live") == "polite"
    assert not status.xpath("ancestor::*[@id='directory-page']")
