"""/api/docs works without the internet: Swagger UI's files come from the platform (django-ninja
ships them), in the platform's layout and language, with no inline script."""

from __future__ import annotations

import pytest

from .html import attributes, one, parse, text

pytestmark = pytest.mark.django_db


def test_the_api_documentation_loads_nothing_from_another_host(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    root = parse(response)
    assert root.get("lang") == "nl"
    assert text(one(root, "//h1[@class='utrecht-heading-1']")) == "API-documentatie"
    sources = [str(source) for source in root.xpath("//@src | //@href")]
    assert [s for s in sources if "//" in s] == []
    assert "/static/ninja/swagger-ui-bundle.js" in sources
    assert "/static/ninja/swagger-ui.css" in sources
    # Swagger UI's settings travel as JSON data, not as a script: the validator (a server of
    # swagger.io) is off
    settings = one(root, "//script[@id='swagger-settings']")
    assert settings.get("type") == "application/json"
    assert '"validatorUrl": null' in html
    scripts = root.xpath("//script[not(@src)][not(@type='application/json')]")
    assert scripts == []
    # the reference itself is English, and says so
    section = one(root, "//section[@class='api-docs']")
    assert attributes(section, "aria-labelledby", "lang") == ("api-reference-heading", "en")


def test_swagger_ui_files_are_served(client):
    for name in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"):
        assert client.get(f"/static/ninja/{name}").status_code == 200, name
