"""ASGI entry point, for completeness: the app is synchronous and served over WSGI
(blogproj/server.py)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blogproj.settings")

application = get_asgi_application()
