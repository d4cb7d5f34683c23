"""Names for the few statements the youth panel writes as SQL of its own (a pupil's send and
the class a pupil's code opens: a whole school may send at once, ADR 0026): quoted for the
database at hand, taken from the models so a renamed field or table follows."""

from __future__ import annotations

from typing import Any, cast

from django.db import models


def quoted(connection: Any, name: str | None) -> str:
    """``name`` quoted as an identifier for ``connection``'s database."""
    return str(connection.ops.quote_name(str(name)))


def column(model: type[models.Model], name: str) -> str:
    """The column of a model's field (``pk``: its primary key)."""
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    return str(cast("models.Field[Any, Any]", field).column)
