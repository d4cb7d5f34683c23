"""Pages read as a browser reads them: parsed HTML, asked for elements, attributes and text.

A substring of raw HTML breaks on an attribute's order or an added class and passes on a match
in the wrong element; these helpers name the element and compare what it says.
"""

from __future__ import annotations

import copy
from typing import Any

import lxml.html


def parse(response: Any) -> lxml.html.HtmlElement:
    """The page of a test client's response as an element tree."""
    return lxml.html.document_fromstring(response.content.decode())


def one(root: lxml.html.HtmlElement, xpath: str) -> Any:
    """The one element (or attribute) ``xpath`` finds; fails when there are none or several."""
    found = root.xpath(xpath)
    assert len(found) == 1, f"{xpath}: {len(found)} found"
    return found[0]


def text(element: lxml.html.HtmlElement) -> str:
    """The element's text as a reader sees it: white space folded, a ``<br>`` a space."""
    element = copy.deepcopy(element)
    for br in element.iter("br"):
        br.tail = " " + (br.tail or "")
    return " ".join(element.text_content().split())


def attributes(element: lxml.html.HtmlElement, *names: str) -> tuple[str | None, ...]:
    """The values of the named attributes, None for one that is absent."""
    return tuple(element.get(name) for name in names)


def field_value(root: lxml.html.HtmlElement, name: str) -> str | None:
    """The value the one form field named ``name`` shows (an input's ``value``, a textarea's
    text); None for an input without a value. Fails when no field or several have the name."""
    field = one(root, f"//*[self::input or self::textarea or self::select][@name={_quoted(name)}]")
    if field.tag == "textarea":
        return str(field.text or "").removeprefix("\n")
    if field.tag == "select":
        chosen = field.xpath(".//option[@selected]")
        return chosen[0].get("value") if chosen else None
    return field.get("value")


def _quoted(value: str) -> str:
    """``value`` as an XPath string literal."""
    if "'" not in value:
        return f"'{value}'"
    return f'"{value}"'


def form_values(page: str, form_class: str = "plan-form") -> list[tuple[str, str]]:
    """The (name, value) pairs a browser submits from the page's forms with this class.

    lxml's ``form_values`` reads the form; two places where libxml2 differs from a browser are
    set right: an input without a ``value`` is sent empty (lxml leaves it out), and the newline
    right after ``<textarea>`` is not part of its value.
    """
    fields: list[tuple[str, str]] = []
    for form in lxml.html.document_fromstring(page).find_class(form_class):
        if form.tag != "form":
            continue
        for element in form.inputs:
            if element.tag == "input" and not element.checkable and "value" not in element.attrib:
                element.set("value", "")
            elif element.tag == "textarea" and element.text:
                element.text = element.text.removeprefix("\n")
        fields += form.form_values()
    return fields


def as_post(fields: list[tuple[str, str]], changes: dict[str, Any] | None = None) -> dict[str, Any]:
    """Fields as a test client's POST data (lists for repeated names), some values replaced."""
    data: dict[str, Any] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    for name, value in (changes or {}).items():
        data[name] = value if isinstance(value, list) else [value]
    return data
