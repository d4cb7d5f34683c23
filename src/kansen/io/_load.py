"""One reader for the YAML and JSON files people write by hand (regulations, directories).

PyYAML builds dates while it loads, so an impossible date (``2026-02-30``) fails with a bare
``ValueError`` that says neither what nor where; :func:`impossible_date` finds it. The limits of
:mod:`kansen.io._limits` (no aliases, no deep nesting) are checked before anything is built.
Every reader of such files goes through :func:`load_yaml_or_json`, so each says the same.
"""

from __future__ import annotations

import json
from typing import Any

from ._limits import DEFAULT_LIMITS, LimitExceeded, ReadLimits, check_yaml, load_json
from ._yaml_dates import impossible_date


class NotYamlOrJson(ValueError):
    """Text that is not valid YAML or JSON.

    Attributes
    ----------
    detail : str
        What the parser found and where (``"line 3: 2026-02-30 is not a date that exists"``).
    """

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def load_yaml_or_json(
    text: str, *, is_json: bool, limits: ReadLimits | None = DEFAULT_LIMITS
) -> Any:
    """The data of a YAML or JSON text, read safely.

    Parameters
    ----------
    text : str
        The file's text.
    is_json : bool
        JSON when true (``.json`` files), else YAML (JSON is YAML too, but JSON's own parser
        says more precisely where a JSON file is broken).
    limits : ReadLimits or None
        Aliases and nesting are refused beyond these; None reads a trusted file without them.

    Raises
    ------
    NotYamlOrJson
        When the text cannot be read; ``detail`` says why and, where it can, on which line.
    LimitExceeded
        When the text is beyond ``limits`` (with its own code, so a reader reports it as such).

    Examples
    --------
    >>> load_yaml_or_json("checked: 2026-02-28", is_json=False)
    {'checked': datetime.date(2026, 2, 28)}
    >>> load_yaml_or_json("a: 1\\nchecked: 2026-02-30\\n", is_json=False)
    Traceback (most recent call last):
    ...
    kansen.io._load.NotYamlOrJson: line 2: 2026-02-30 is not a date that exists
    """
    import yaml

    try:
        if is_json:
            return load_json(text, limits) if limits is not None else json.loads(text)
        if limits is not None:
            check_yaml(text, limits)
        # libyaml reads the demo directory in a tenth of the time of the pure-Python loader
        return yaml.load(text, getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise NotYamlOrJson(str(error)) from None
    except LimitExceeded:
        raise
    except ValueError as error:  # PyYAML builds dates while loading: 2026-02-30 fails there
        raise NotYamlOrJson(impossible_date(text) or str(error)) from None
