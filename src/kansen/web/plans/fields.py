"""The field types of the part editor: one class per type, registered once.

Everything about a type of field is in its class (as open-forms keeps everything about a form
component in one registered plugin): the input the form shows (:attr:`FieldType.input` and the
attributes beside it, read by ``_edit_node.html``), the value shown in the form
(:meth:`FieldType.form_value`), the choices it offers (:meth:`FieldType.fill`), how a submitted
value is read (:meth:`FieldType.parse`), what it expects when it cannot be read
(:attr:`FieldType.message`), the value as a reader sees it on the plan page
(:meth:`FieldType.text`) and in the history (:meth:`FieldType.history_text`).

Which type a field of the schema gets is decided in one place, :func:`kansen.web.plans.editor.
widget`, by the schema's kind and, for a few fields, by its place (a theme's stakeholders are
chosen from the plan's organisations). :func:`field_type` gives the registered type by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, ClassVar

from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _

from kansen.plans import MISSING, load_templates

from .constants import choice_label, template_name

if TYPE_CHECKING:
    from .form_parse import Parsed
    from .form_tree import Node, Options
    from .parts import Spec


# ---------------------------------------------------------------------------------------------
# Money as users type it


_DUTCH_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d{1,2})?$")
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d{1,2}$")
_PLAIN = re.compile(r"^-?\d+(\.\d{1,2})?$")
_STORED_CENTS = re.compile(r"^-?\d+\.\d{1,2}$")


def parse_euros(text: str) -> int | str:
    """An amount as typed (``60000``, ``60.000``, ``60.000,50``, ``€ 1250,5``) as plan data.

    Raises
    ------
    ValueError
        When the text is not an amount of euros.
    """
    value = text.replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
    if _DUTCH_THOUSANDS.match(value):
        value = value.replace(".", "").replace(",", ".")
    elif _DECIMAL_COMMA.match(value):
        value = value.replace(",", ".")
    elif not _PLAIN.match(value):
        raise ValueError(f"not an amount of euros: {text!r}")
    try:
        amount = Decimal(value)
    except InvalidOperation as error:  # pragma: no cover - the patterns above exclude it
        raise ValueError(f"not an amount of euros: {text!r}") from error
    if amount == amount.to_integral_value():
        return int(amount)
    return f"{amount:.2f}"


def euro_text(value: Any) -> str:
    """Plan data for money (``60000``, ``"173.5"``, ``"PM"``) as Dutch text (``€ 60.000``)."""
    if value is None or value is MISSING or value == "":
        return ""
    if value == "PM":
        return "PM"
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    whole = int(amount)
    cents = amount - whole
    text = f"{whole:,}".replace(",", ".")
    if cents:
        text += "," + f"{cents:.2f}"[2:]
    return f"{sign}€ {text}"


# ---------------------------------------------------------------------------------------------
# The registry


_REGISTRY: dict[str, FieldType] = {}


def register(cls: type[FieldType]) -> type[FieldType]:
    """Register a field type under its :attr:`~FieldType.name` (once)."""
    if cls.name in _REGISTRY:
        raise ValueError(f"the field type {cls.name!r} is registered twice")
    _REGISTRY[cls.name] = cls()
    return cls


def field_type(name: str) -> FieldType:
    """The registered field type of this name; plain text for a name not registered (a value
    whose place in the plan is unknown, such as an old path in the history)."""
    return _REGISTRY.get(name) or _REGISTRY["text"]


def registered() -> dict[str, FieldType]:
    """Every registered field type by name."""
    return dict(_REGISTRY)


@dataclass
class Submitted:
    """One field of a submitted form, with where it is and what the form found so far."""

    post: Any
    rel: str
    owner: str
    name: str
    required: bool
    nullable: bool
    result: Parsed
    state: dict[str, Any]

    @property
    def raw(self) -> str:
        raw = self.post.get(self.rel, "")
        return raw.replace("\r\n", "\n") if isinstance(raw, str) else ""

    @property
    def optional(self) -> bool:
        return self.nullable or not self.required

    def chosen(self) -> list[str]:
        return [v for v in self.post.getlist(self.rel) if v]

    def typed_lines(self) -> list[str]:
        return _lines(self.post.get(f"{self.rel}#new", ""))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


class FieldType:
    """A type of field of the part editor; subclasses are registered with :func:`register`."""

    #: The name the schema's kind and place give (:func:`~kansen.web.plans.editor.widget`).
    name: ClassVar[str] = ""
    #: The input the form shows: "text", "date", "textarea", "select" or "checkboxes".
    input: ClassVar[str] = "text"
    #: A short input (a quarter, a year, an amount).
    short: ClassVar[bool] = False
    #: Money: right-aligned in tables, typed with a decimal keyboard.
    money: ClassVar[bool] = False
    #: Rows of a textarea.
    rows: ClassVar[int] = 4
    #: An amount that may be PM (not known yet): the form has a PM box.
    can_be_pending: ClassVar[bool] = False

    @property
    def message(self) -> str:
        """What the field expects, in the user's language, when its value cannot be read."""
        return _("This value cannot be read.")

    @property
    def has_message(self) -> bool:
        """Whether the type says what it expects in its own words; where it does not (plain
        text), a value the plan refuses is explained by the plan's own reason."""
        return type(self).message is not FieldType.message

    def form_value(self, value: Any) -> tuple[Any, bool]:
        """The value as the form shows it, and whether PM is ticked."""
        if value is MISSING or value is None:
            return "", False
        return str(value), False

    def fill(self, node: Node, spec: Spec, data: Any, options: Options) -> None:
        """Set the choices the field offers and the values chosen."""

    def parse(self, field: Submitted) -> Any:
        """The plan data of the submitted field (:data:`MISSING` when left empty); what could
        not be read is kept as typed, with an error in ``field.result``."""
        text = field.raw.strip()
        if not text and field.optional:
            return MISSING
        return text

    def text(self, node: Node, names: dict[str, str]) -> str:
        """The value as a reader of the plan sees it; ``names``: organisations by id."""
        return str(node.value)

    def history_text(self, value: Any, names: dict[str, dict[str, str]]) -> str:
        """A stored value as the history shows it; ``names``: names of organisations (by id)
        and neighbourhoods (by CBS code), by field type."""
        labels = names.get(self.name, {})
        if isinstance(value, list):
            return "; ".join(labels.get(str(v), str(v)) for v in value)
        return labels.get(str(value), str(value))


@register
class TextField(FieldType):
    """A line of text."""

    name = "text"

    def parse(self, field: Submitted) -> Any:
        text = field.raw.strip() if self.input == "text" else field.raw.rstrip()
        if not text and field.optional:
            return MISSING
        if not text and field.owner == "Plan" and field.name in ("title", "municipality"):
            # the plan is listed and found by these; other parts may stay blank (ADR 0006)
            field.result.error(field.rel, _("Fill this in: the plan is listed by it."))
        return text


@register
class TextareaField(TextField):
    """Text of several paragraphs."""

    name = "textarea"
    input = "textarea"


@register
class LinesField(FieldType):
    """A list of texts, one per line."""

    name = "lines"
    input = "textarea"
    rows = 3

    def form_value(self, value: Any) -> tuple[Any, bool]:
        if isinstance(value, list):
            return "\n".join(str(v) for v in value), False
        return super().form_value(value)

    def parse(self, field: Submitted) -> Any:
        lines = _lines(field.raw)
        return lines if lines else MISSING


@register
class EnumField(FieldType):
    """One of the schema's choices."""

    name = "enum"
    input = "select"

    @property
    def message(self) -> str:
        return _("Choose one of the options.")

    def fill(self, node: Node, spec: Spec, data: Any, options: Options) -> None:
        node.choices = [(v, choice_label(v)) for v in spec.enum]

    def text(self, node: Node, names: dict[str, str]) -> str:
        # the choices of the field (a template reads as its name, not its id)
        labels = dict(node.choices)
        return str(labels.get(node.value) or choice_label(node.value)) if node.value else ""

    def history_text(self, value: Any, names: dict[str, dict[str, str]]) -> str:
        return str(capfirst(choice_label(str(value))))


@register
class TemplateField(EnumField):
    """The template a plan follows: one of those on record (kept when it is not any more)."""

    name = "template"

    def fill(self, node: Node, spec: Spec, data: Any, options: Options) -> None:
        node.choices = [(t.id, template_name(t.id, t.name)) for t in load_templates().values()]
        if node.value and node.value not in dict(node.choices):
            node.choices.append((node.value, node.value))

    def history_text(self, value: Any, names: dict[str, dict[str, str]]) -> str:
        template = load_templates().get(str(value))
        return template_name(template.id, template.name) if template else str(value)


class _Short(FieldType):
    short = True


@register
class QuarterField(_Short):
    name = "quarter"

    @property
    def message(self) -> str:
        return _("Enter a quarter such as Q1 2025.")


@register
class EndField(_Short):
    """The end of a planning: a quarter, ongoing (Lopend), or both."""

    name = "end"

    @property
    def message(self) -> str:
        return _("Enter a quarter such as Q4 2026, or Lopend (ongoing), or Q3 2024/Lopend.")


@register
class PeriodField(_Short):
    name = "period"

    @property
    def message(self) -> str:
        return _("Enter one year, such as 2027, or the years, such as 2025-2028.")


@register
class DateField(_Short):
    name = "date"
    input = "date"

    @property
    def message(self) -> str:
        return _("Enter a date such as 2025-03-01.")


@register
class IntegerField(_Short):
    name = "integer"

    @property
    def message(self) -> str:
        return _("Enter a whole number, such as 2025.")

    def parse(self, field: Submitted) -> Any:
        text = field.raw.strip()
        if not text and not field.required:
            return MISSING
        try:
            return int(text)
        except ValueError:
            field.result.error(field.rel, self.message)
            return text


@register
class MoneyField(_Short):
    """Euros, typed the Dutch way."""

    name = "money"
    money = True

    @property
    def message(self) -> str:
        return _("Enter an amount in euros, such as 60000 or 60.000,50.")

    def form_value(self, value: Any) -> tuple[Any, bool]:
        if value is not MISSING and value is not None and _STORED_CENTS.match(str(value)):
            # Cents with a decimal comma, as typed in Dutch ("1250,50"; "1250.50" reads as a
            # thousands separator); whole euros without a separator. Text that is not an amount
            # (what the user typed, shown with its error) is left as typed.
            return str(value).replace(".", ","), False
        return super().form_value(value)

    def parse(self, field: Submitted) -> Any:
        text = field.raw.strip()
        if not text and field.optional:
            return MISSING
        try:
            return parse_euros(text)
        except ValueError:
            field.result.error(field.rel, self.message)
            return text

    def text(self, node: Node, names: dict[str, str]) -> str:
        return euro_text(node.value)

    def history_text(self, value: Any, names: dict[str, dict[str, str]]) -> str:
        return euro_text(value)


@register
class AmountField(MoneyField):
    """Euros, or PM (not known yet, which is not zero)."""

    name = "amount"
    can_be_pending = True

    @property
    def message(self) -> str:
        return _("Enter an amount in euros, such as 60000 or 60.000,50, or tick PM.")

    def form_value(self, value: Any) -> tuple[Any, bool]:
        if value == "PM":
            return "", True
        return super().form_value(value)

    def parse(self, field: Submitted) -> Any:
        if field.post.get(f"{field.rel}#pm"):
            return "PM"
        return super().parse(field)

    def text(self, node: Node, names: dict[str, str]) -> str:
        return "PM" if node.pm else euro_text(node.value)


@register
class YearsField(FieldType):
    """Years, separated by commas."""

    name = "array-int"

    @property
    def message(self) -> str:
        return _("Enter years separated by commas, such as 2025, 2026.")

    def form_value(self, value: Any) -> tuple[Any, bool]:
        if isinstance(value, list):
            return ", ".join(str(v) for v in value), False
        return super().form_value(value)

    def parse(self, field: Submitted) -> Any:
        raw = field.raw
        years = []
        for part in (p for p in re.split(r"[,;\s]+", raw.strip()) if p):
            if not part.isdigit():
                field.result.error(field.rel, self.message)
                return raw.strip()
            years.append(int(part))
        return years if years else MISSING


class _Checkboxes(FieldType):
    """Several of a list of choices, ticked."""

    input = "checkboxes"
    #: The label of the textarea for new names, one per line ("" for none).
    new_label: ClassVar[str] = ""
    #: Whether an empty list of choices says so.
    says_when_empty: ClassVar[bool] = False

    @property
    def new_names_label(self) -> str:
        return _("New organisations, one per line (added to the municipality's list)")

    def form_value(self, value: Any) -> tuple[Any, bool]:
        if isinstance(value, list):
            return "\n".join(str(v) for v in value), False
        return super().form_value(value)

    def parse(self, field: Submitted) -> Any:
        chosen = field.chosen()
        return chosen if chosen else MISSING


@register
class ChoicesField(_Checkboxes):
    """Several of the schema's choices."""

    name = "array-enum"

    @property
    def message(self) -> str:
        return _("Choose from the options.")

    def fill(self, node: Node, spec: Spec, data: Any, options: Options) -> None:
        node.choices = [(v, choice_label(v)) for v in spec.enum]
        node.values = [str(v) for v in (data if isinstance(data, list) else [])]

    def text(self, node: Node, names: dict[str, str]) -> str:
        return ", ".join(choice_label(v) for v in node.values)

    def history_text(self, value: Any, names: dict[str, dict[str, str]]) -> str:
        if isinstance(value, list):
            return "; ".join(choice_label(str(v)) for v in value)
        return super().history_text(value, names)


@register
class PartyNamesField(_Checkboxes):
    """Organisations by name: the municipality's, or new ones typed one per line."""

    name = "party-names"
    new_label = "organisations"

    def fill(self, node: Node, spec: Spec, data: Any, options: Options) -> None:
        current = [str(v) for v in (data if isinstance(data, list) else [])]
        names = list(dict.fromkeys([*options.organisations, *current]))
        node.choices = [(n, n) for n in names]
        node.values = current
        if isinstance(data, str):  # typed new names kept after an error
            node.new_text = data

    def parse(self, field: Submitted) -> Any:
        typed = field.typed_lines()
        field.result.new_organisations += typed
        names = list(dict.fromkeys(field.chosen() + typed))
        return names if names else MISSING

    def text(self, node: Node, names: dict[str, str]) -> str:
        return "; ".join(node.values)


@register
class StakeholderIdsField(_Checkboxes):
    """Organisations of the plan by id (a theme's stakeholders); a new one is added to the
    plan's stakeholders when the form is saved."""

    name = "stakeholder-ids"
    new_label = "organisations"

    def fill(self, node: Node, spec: Spec, data: Any, options: Options) -> None:
        current = data if isinstance(data, list) else []
        known = dict(options.plan_stakeholders)
        pending = {i: n for i, n in options.pending_stakeholders if i not in known}
        choices = list(options.plan_stakeholders)
        organisations = list(dict.fromkeys([*options.organisations, *pending.values()]))
        for organisation in organisations:
            if organisation not in known.values():
                choices.append(("new:" + organisation, organisation))
        values = []
        for value_id in (str(v) for v in current):
            if value_id in pending:
                # Not saved yet: still a new organisation, created when the form is saved.
                values.append("new:" + pending[value_id])
                continue
            if value_id not in known and not value_id.startswith("new:"):
                choices.append((value_id, value_id))
            values.append(value_id)
        node.choices = choices
        node.values = values

    def parse(self, field: Submitted) -> Any:
        state, result = field.state, field.result
        chosen = field.chosen()
        new_names = [v.removeprefix("new:") for v in chosen if v.startswith("new:")]
        new_names += field.typed_lines()
        ids = [v for v in chosen if not v.startswith("new:")]
        for new_name in new_names:
            known = state["stakeholders"].get(new_name)
            if known is None:
                known = _new_id(new_name, state["ids"])
                state["stakeholders"][new_name] = known
                state["ids"].add(known)
                result.new_stakeholders.append((known, new_name))
            result.new_organisations.append(new_name)
            ids.append(known)
        ids = list(dict.fromkeys(ids))
        return ids if ids else MISSING

    def text(self, node: Node, names: dict[str, str]) -> str:
        return ", ".join(names.get(v, v) for v in node.values)


def _new_id(name: str, taken: set[str]) -> str:
    base = slugify(name)[:40] or "organisatie"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


@register
class NeighbourhoodsField(_Checkboxes):
    """Neighbourhoods of the municipality by CBS code, shown by name."""

    name = "neighbourhoods"
    says_when_empty = True

    def fill(self, node: Node, spec: Spec, data: Any, options: Options) -> None:
        current = data if isinstance(data, list) else []
        choices = list(options.neighbourhoods)
        codes = {code for code, _label in choices}
        choices += [(str(v), str(v)) for v in current if v not in codes]
        node.choices = choices
        node.values = [str(v) for v in current]

    def text(self, node: Node, names: dict[str, str]) -> str:
        labels = dict(node.choices)
        return ", ".join(labels.get(v, v) for v in node.values)


@register
class SchoolsField(_Checkboxes):
    """Schools by name: the municipality's, or others typed one per line."""

    name = "schools"
    new_label = "schools"

    @property
    def new_names_label(self) -> str:
        return _("Other schools, one per line")

    def fill(self, node: Node, spec: Spec, data: Any, options: Options) -> None:
        current = [str(v) for v in (data if isinstance(data, list) else [])]
        names = list(dict.fromkeys([*options.schools, *current]))
        node.choices = [(n, n) for n in names]
        node.values = current

    def parse(self, field: Submitted) -> Any:
        chosen = list(dict.fromkeys(field.chosen() + field.typed_lines()))
        return chosen if chosen else MISSING

    def text(self, node: Node, names: dict[str, str]) -> str:
        return "; ".join(node.values)
