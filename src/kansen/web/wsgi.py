"""WSGI entry point (gunicorn ``kansen.web.wsgi``).

Refuses to start without a secret key (:mod:`kansen.web.secret_key`), then loads Django and
warms what the first requests would otherwise build (:mod:`kansen.web.warm`): ``kansen serve``
loads this module once in gunicorn's master process (``--preload``), so that every worker
starts warm.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansen.web.settings")

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from kansen.web import secret_key

try:
    _key = settings.SECRET_KEY
except ImproperlyConfigured:  # Django's "must not be empty": say which variable to set
    _key = ""
secret_key.require(_key, settings.DATA_DIR)
application = get_wsgi_application()

if os.environ.get("KANSEN_WARM_UP", "true").lower() not in {"0", "false", "no", "off"}:
    from kansen.web.warm import warm_up

    warm_up()
