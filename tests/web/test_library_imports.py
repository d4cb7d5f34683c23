"""The platform uses the library through its public names, never through its private modules.

A private module (``kansen.io._tables``) may be renamed or split at any time; what the platform
needs of it belongs in the package's ``__all__``, where the library promises to keep it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import kansen.web

WEB = Path(kansen.web.__file__).parent

# Known leftovers, each to be made public by its owner (none left).
KNOWN: dict[str, set[str]] = {}


def _private_library_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            library = parts[0] == "kansen" and parts[1:2] != ["web"]
            if library and any(part.startswith("_") for part in parts[1:]):
                found.add(name)
    return found


def test_the_platform_imports_no_private_module_of_the_library():
    found = {
        path.relative_to(WEB).as_posix(): imports
        for path in sorted(WEB.rglob("*.py"))
        if (imports := _private_library_imports(path))
    }

    assert found == KNOWN
