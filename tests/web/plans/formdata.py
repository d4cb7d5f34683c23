"""Submit a page's form as a browser would: every input, textarea and select with its value."""

from __future__ import annotations

from typing import Any

import lxml.html


def form_fields(html: str, form_class: str = "plan-form") -> list[tuple[str, str]]:
    """The (name, value) pairs a browser would submit from the forms with this class."""
    fields: list[tuple[str, str]] = []
    for form in lxml.html.document_fromstring(html).find_class(form_class):
        if form.tag != "form":
            continue
        for element in form.inputs:
            if element.tag == "input" and not element.checkable and "value" not in element.attrib:
                element.set("value", "")  # a browser sends it empty; lxml would leave it out
            elif element.tag == "textarea" and element.text:
                # A browser drops the first newline right after <textarea>; libxml2 keeps it.
                element.text = element.text.removeprefix("\n")
        fields += form.form_values()
    return fields


def as_post(fields: list[tuple[str, str]], changes: dict[str, Any] | None = None) -> dict[str, Any]:
    """Fields as a POST dict (lists for repeated names), with some values replaced."""
    data: dict[str, Any] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    for name, value in (changes or {}).items():
        data[name] = value if isinstance(value, list) else [value]
    return data
