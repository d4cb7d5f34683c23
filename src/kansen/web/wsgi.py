"""WSGI entry point (gunicorn ``kansen.web.wsgi``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansen.web.settings")
application = get_wsgi_application()
