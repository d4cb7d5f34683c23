"""Each test client serves the static files from one list per process (tests/static_files.py):
the walk of the finders is not repeated, and what is served is the same as from a list of its
own."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db

CSS = "/static/ninja/swagger-ui.css"


@pytest.fixture
def walks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The finders WhiteNoise walks from now on, in order."""
    walked: list[str] = []
    original = finders.get_finders

    def get_finders() -> Any:
        for finder in original():
            walked.append(type(finder).__name__)
            yield finder

    monkeypatch.setattr(finders, "get_finders", get_finders)
    return walked


def _served(client: Client, url: str) -> tuple[int, bytes, str]:
    response = client.get(url)
    return response.status_code, b"".join(response.streaming_content), response["Content-Type"]


def test_a_second_client_serves_the_static_files_without_walking_them_again(walks):
    Client().get("/")  # the list of this process's settings exists after the first client
    walks.clear()
    first = _served(Client(), CSS)
    second = _served(Client(), CSS)
    assert walks == []
    assert first == second
    assert first[0] == 200
    assert first[2] == 'text/css; charset="utf-8"'
    assert b"swagger-ui" in first[1]


def test_other_static_settings_get_a_list_of_their_own(walks, settings):
    settings.STATIC_URL = "/statisch/"
    status, content, _type = _served(Client(), "/statisch/ninja/swagger-ui.css")
    assert walks == ["FileSystemFinder", "AppDirectoriesFinder"]
    assert (status, b"swagger-ui" in content) == (200, True)
    assert Client().get(CSS).status_code == 404
