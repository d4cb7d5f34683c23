"""Write or check the committed OpenAPI document (``docs/openapi.json``).

``python -m kansen.web.openapi --write`` regenerates it; ``--check`` (in ``make lint``)
fails when the API changed without the document.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

DOCUMENT = Path(__file__).resolve().parents[3] / "docs" / "openapi.json"


def generate() -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansen.web.settings")
    import django

    django.setup()
    from kansen.web.api import api

    schema = api.get_openapi_schema(path_prefix="/api")
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", action="store_true")
    group.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    text = generate()
    if args.write:
        DOCUMENT.write_text(text, encoding="utf-8")
        print(f"wrote {DOCUMENT}")
        return 0
    if not DOCUMENT.exists() or DOCUMENT.read_text(encoding="utf-8") != text:
        print(f"{DOCUMENT} is out of date: run `make openapi` and commit it", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
