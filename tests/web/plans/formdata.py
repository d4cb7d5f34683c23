"""Submit a page's form as a browser would: every input, textarea and select with its value."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


class _FormParser(HTMLParser):
    def __init__(self, form_class: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_class = form_class
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self.textarea: str | None = None
        self.text = ""
        self.select: str | None = None
        self.option: tuple[str, bool] | None = None
        self.selected: list[tuple[str, str]] = []
        self.first_option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and self.form_class in a.get("class", "").split():
            self.inside = True
        if not self.inside:
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button") or "name" not in a:
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self.textarea, self.text = a.get("name"), ""
        elif tag == "select":
            self.select, self.selected, self.first_option = a.get("name"), [], None
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            if self.first_option is None:
                self.first_option = value
            if "selected" in a:
                self.selected.append((self.select, value))

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            # A browser drops the first newline right after <textarea>.
            self.fields.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            if self.selected:
                self.fields += self.selected
            elif self.first_option is not None:
                self.fields.append((self.select, self.first_option))
            self.select = None


def form_fields(html: str, form_class: str = "plan-form") -> list[tuple[str, str]]:
    """The (name, value) pairs a browser would submit from the form with this class."""
    parser = _FormParser(form_class)
    parser.feed(html)
    return parser.fields


def as_post(fields: list[tuple[str, str]], changes: dict[str, Any] | None = None) -> dict[str, Any]:
    """Fields as a POST dict (lists for repeated names), with some values replaced."""
    data: dict[str, Any] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    for name, value in (changes or {}).items():
        data[name] = value if isinstance(value, list) else [value]
    return data
