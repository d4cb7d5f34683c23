"""No public secret key: production refuses to start without ``KANSEN_SECRET_KEY``; the demo
and tests use a random key of the installation; a cookie signed with the key that used to be
in the repository is not accepted."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core import signing
from django.http import HttpRequest
from django.test import Client, override_settings

from kansen.web import secret_key

# The fallback key that was in the repository until this fix: public, so never to be trusted.
OLD_PUBLIC_KEY = "insecure-demo-key-set-KANSEN_SECRET_KEY-in-production"
KANSEN = str(Path(sys.executable).with_name("kansen"))


def _production_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a production start: no key, no debugging, not a test run (nor the
    browser tests' DJANGO_ALLOW_ASYNC_UNSAFE, which a test worker may have set)."""
    left_out = ("PYTEST_VERSION", "KANSEN_SECRET_KEY", "KANSEN_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in left_out}
    env.update({"KANSEN_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "kansen.web.settings"})
    env.update(extra)
    return env


def test_production_without_a_key_refuses_to_start_naming_the_variable(tmp_path):
    started = subprocess.run(
        [sys.executable, "-c", "import kansen.web.wsgi"],
        env=_production_env(tmp_path / "var"),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert started.returncode != 0
    assert "MissingSecretKey: KANSEN_SECRET_KEY is not set." in started.stderr
    assert not (tmp_path / "var" / "secret_key").exists()


def test_kansen_serve_without_a_key_says_what_to_set_and_does_not_start(tmp_path):
    served = subprocess.run(
        [KANSEN, "serve", "--port", "8999"],
        env={**_production_env(tmp_path / "var"), "COLUMNS": "200"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert served.returncode == 2
    assert "The platform does not start: KANSEN_SECRET_KEY is not set." in served.stdout
    assert "kansen setup-demo" in served.stdout


def test_the_installation_key_is_random_private_and_kept(tmp_path):
    first = secret_key.installation_key(tmp_path / "a", create=True)
    assert len(first) >= 50
    assert first == secret_key.installation_key(tmp_path / "a", create=True)
    assert first != secret_key.installation_key(tmp_path / "b", create=True)
    mode = stat.S_IMODE((tmp_path / "a" / "secret_key").stat().st_mode)
    assert mode == 0o600
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["secret_key"]


def test_without_a_key_file_and_not_asked_to_create_one_there_is_no_key(tmp_path):
    assert secret_key.installation_key(tmp_path, create=False) == ""
    assert not tmp_path.joinpath("secret_key").exists()


def test_the_tests_run_with_the_installation_key_not_the_old_public_one():
    assert settings.SECRET_KEY != OLD_PUBLIC_KEY
    assert (settings.DATA_DIR / "secret_key").read_text().strip() == settings.SECRET_KEY


def test_a_value_signed_with_the_old_public_key_is_refused():
    forged = signing.dumps({"user": 1}, key=OLD_PUBLIC_KEY)
    with pytest.raises(signing.BadSignature):
        signing.loads(forged)


@pytest.mark.django_db
def test_a_messages_cookie_signed_with_the_old_public_key_is_not_shown():
    """The messages cookie is signed with the secret key: one signed offline with the old public
    key carried any text (here a phishing link) onto the platform's own pages."""
    with override_settings(SECRET_KEY=OLD_PUBLIC_KEY):
        storage = CookieStorage(HttpRequest())
        forged = storage._encode([Message(constants.ERROR, "Log opnieuw in op evil.example")])
    client = Client()
    client.cookies[CookieStorage.cookie_name] = forged
    page = client.get("/")
    assert page.status_code == 200
    assert "evil.example" not in page.text
    # the same cookie signed with the platform's key is shown: the test can tell the difference
    storage = CookieStorage(HttpRequest())
    genuine = storage._encode([Message(constants.ERROR, "Log opnieuw in op evil.example")])
    client.cookies[CookieStorage.cookie_name] = genuine
    assert "evil.example" in client.get("/").text


def test_the_deployment_check_is_clean_under_the_documented_production_settings(tmp_path):
    env = _production_env(
        tmp_path / "var",
        KANSEN_SECRET_KEY="x" * 10 + "production-key-with-enough-different-characters-0123456789",
        KANSEN_HTTPS="true",
        KANSEN_PROXY_SSL_HEADER="X-Forwarded-Proto",
        KANSEN_ALLOWED_HOSTS="kansen.example.nl",
        KANSEN_CSRF_TRUSTED_ORIGINS="https://kansen.example.nl",
    )
    checked = subprocess.run(
        [KANSEN, "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert checked.returncode == 0, checked.stderr
    assert "System check identified no issues" in checked.stdout


def test_https_settings_come_from_the_environment(tmp_path):
    script = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
        "s.SECURE_PROXY_SSL_HEADER, s.CSRF_TRUSTED_ORIGINS)"
    )
    env = _production_env(
        tmp_path / "var",
        KANSEN_SECRET_KEY="k" * 60,
        KANSEN_HTTPS="true",
        KANSEN_PROXY_SSL_HEADER="X-Forwarded-Proto",
        KANSEN_CSRF_TRUSTED_ORIGINS="https://a.example.nl, https://b.example.nl",
        KANSEN_HSTS_SECONDS="600",
    )
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + script],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout.strip()
    assert out == (
        "True True True 600 True True ('HTTP_X_FORWARDED_PROTO', 'https') "
        "['https://a.example.nl', 'https://b.example.nl']"
    )


def test_the_deployment_check_warns_when_production_signs_with_a_demo_key(tmp_path):
    data = tmp_path / "var"
    secret_key.installation_key(data, create=True)  # as `kansen setup-demo` leaves it
    env = _production_env(
        data,
        KANSEN_HTTPS="true",
        KANSEN_PROXY_SSL_HEADER="X-Forwarded-Proto",
        KANSEN_ALLOWED_HOSTS="kansen.example.nl",
    )
    checked = subprocess.run(
        [KANSEN, "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert checked.returncode != 0
    assert "(kansen.W001) KANSEN_SECRET_KEY is not set" in checked.stderr
