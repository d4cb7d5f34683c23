"""A directory of providers and offers in YAML or JSON, and the Demostad directory.

Schema
------
::

    version: 1
    municipality: {code: GM9999, name: Demostad}     # optional, informative
    providers:
      - id: bibliotheek-demostad                    # slug, unique
        name: Bibliotheek Demostad
        description: ...                            # optional: description, website, email,
                                                    #   phone
    offers:
      - id: voorleesexpress                         # slug, unique
        provider: bibliotheek-demostad              # a provider's id
        title: VoorleesExpress
        summary: ...
        description: ...
        support_types: [taal]                       # codes of SUPPORT_TYPES
        age_min: 2                                  # optional, inclusive
        age_max: 8
        audiences: [kind, ouder]                    # codes of AUDIENCES
        cost: free                                  # free | contribution | price
        cost_amount: null                           # euros; required for price
        cost_note: ""
        languages: [nl, ar]                         # codes of LANGUAGES (default [nl])
        apply_route: self                           # self | professional
        how_to_apply: ...
        email: / phone: / website:                  # optional
        capacity: 20                                # optional
        regulation: ""                              # id of a regulation, optional
        last_checked: 2026-05-04
        is_published: true                          # optional (true)
        locations:                                  # 0 to 3
          - {name: .., address: .., postcode: 9994 AB, city: Demostad,
             buurt_code: BU99990101, x: 155231.0, y: 462970.0}
        translations:                               # en, tr, ar, pl, uk; title required
          en: {title: .., summary: .., description: .., how_to_apply: ..}

Unknown fields are refused, so a typo cannot silently drop information.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from kansen.io import (
    ImportRejected,
    LimitExceeded,
    NotYamlOrJson,
    Problem,
    load_yaml_or_json,
)

from ._model import Directory, OfferRecord, ProviderRecord
from ._problems import offer_problem
from ._validate import Report, build_offer, build_provider

_TOP_FIELDS = ("version", "municipality", "providers", "offers")
DEMO_FILE = "demostad_aanbod.yaml"


def _load(source: str | os.PathLike[str] | Traversable) -> tuple[str, Any]:
    """Return (file name for problems, parsed data)."""
    if isinstance(source, str) and ("\n" in source or source.lstrip().startswith(("{", "["))):
        name, text = "aanbod", source
    else:
        path = source if isinstance(source, Traversable) else Path(source)
        name, text = path.name, path.read_text(encoding="utf-8")
    try:
        data = load_yaml_or_json(text, is_json=name.endswith(".json"))
    except NotYamlOrJson as error:
        problem = offer_problem("directory.not_yaml", name, None, None, error=error.detail)
        raise ImportRejected([problem]) from None
    except LimitExceeded as error:
        raise ImportRejected([Problem.of(error.code, name, None, None, **error.params)]) from None
    return name, data


def read_directory(source: str | os.PathLike[str] | Traversable) -> Directory:
    """Read and check a directory of providers and offers from YAML or JSON.

    Parameters
    ----------
    source : str, path or Traversable
        A path to a ``.yaml``/``.yml``/``.json`` file, or the text itself.

    Returns
    -------
    Directory

    Raises
    ------
    kansen.io.ImportRejected
        With every problem; a problem's ``column`` is the path of the field, e.g.
        ``offers[3] (zwemles).age_max``.

    Examples
    --------
    >>> directory = read_directory('''
    ... providers: [{id: bieb, name: Bibliotheek}]
    ... offers:
    ...   - {id: taalcafe, provider: bieb, title: Taalcafé, support_types: [taal],
    ...      audiences: [ouder], cost: free, apply_route: self, last_checked: 2026-03-01}
    ... ''')
    >>> directory.offers[0].title
    'Taalcafé'
    """
    name, data = _load(source)
    problems: list[Problem] = []

    def add(code: str, column: str | None, **params: Any) -> None:
        problems.append(offer_problem(code, name, None, column, **params))

    def reporter(prefix: str) -> Report:
        def report(path: str, code: str, params: dict[str, Any]) -> None:
            add(code, f"{prefix}.{path}", **params)

        return report

    if not isinstance(data, Mapping):
        add("directory.not_a_mapping", None)
        raise ImportRejected(problems)
    for key in data:
        if key not in _TOP_FIELDS:
            add("offer.unknown_field", str(key), fields=", ".join(_TOP_FIELDS))
    providers: list[ProviderRecord] = []
    raw_providers = data.get("providers") or []
    raw_offers = data.get("offers") or []
    for key, value in (("providers", raw_providers), ("offers", raw_offers)):
        if not isinstance(value, list):
            add("directory.not_a_list", key)
    if problems:
        raise ImportRejected(problems)
    for i, item in enumerate(raw_providers):
        where = f"providers[{i}]"
        if not isinstance(item, Mapping):
            add("directory.not_a_provider", where)
            continue
        record = build_provider(item, reporter(f"{where} ({item.get('id', '?')})"))
        if record is not None:
            providers.append(record)
    provider_ids = [p.id for p in providers]
    for duplicate in sorted({i for i in provider_ids if provider_ids.count(i) > 1}):
        add("directory.duplicate_id", "providers", id=duplicate)
    known = {item.get("id") for item in raw_providers if isinstance(item, Mapping)}
    offers: list[OfferRecord] = []
    for i, item in enumerate(raw_offers):
        where = f"offers[{i}]"
        if not isinstance(item, Mapping):
            add("directory.not_an_offer", where)
            continue
        offer = build_offer(
            item,
            reporter(f"{where} ({item.get('id', '?')})"),
            providers={str(k) for k in known if k},
        )
        if offer is not None:
            offers.append(offer)
    offer_ids = [o.id for o in offers]
    for duplicate in sorted({i for i in offer_ids if offer_ids.count(i) > 1}):
        add("directory.duplicate_id", "offers", id=duplicate)
    if problems:
        raise ImportRejected(problems)
    return Directory(providers=tuple(providers), offers=tuple(offers))


@cache
def demo_directory() -> Directory:
    """The directory of Demostad: about 80 offers of about 30 providers, from package data.

    Returns
    -------
    Directory

    Examples
    --------
    >>> directory = demo_directory()
    >>> directory.provider(directory.offer("voorleesexpress").provider).name
    'Bibliotheek Demostad'
    """
    return read_directory(files("kansen.offers").joinpath("data", DEMO_FILE))
