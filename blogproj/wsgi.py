"""WSGI entry point: `gunicorn blogproj.wsgi` (see docs/deploy.md)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blogproj.settings")

application = get_wsgi_application()
