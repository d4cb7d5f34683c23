"""/api/docs works without the internet: Swagger UI's files come from the platform (django-ninja
ships them), in the platform's layout and language, with no inline script."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_api_documentation_loads_nothing_from_another_host(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl"' in html
    assert '<h1 class="utrecht-heading-1">API-documentatie</h1>' in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert [s for s in sources if "//" in s] == []
    assert "/static/ninja/swagger-ui-bundle.js" in sources
    assert "/static/ninja/swagger-ui.css" in sources
    # Swagger UI's settings travel as JSON data, not as a script: the validator (a server of
    # swagger.io) is off
    assert '<script id="swagger-settings" type="application/json">' in html
    assert '"validatorUrl": null' in html
    scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    assert scripts == []
    # the reference itself is English, and says so
    assert '<section class="api-docs" aria-labelledby="api-reference-heading" lang="en"' in html


def test_swagger_ui_files_are_served(client):
    for name in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"):
        assert client.get(f"/static/ninja/{name}").status_code == 200, name
