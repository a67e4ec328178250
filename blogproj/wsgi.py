"""WSGI entry point: served by `python -m blogproj.server` (Granian with this app's
defaults, docs/deploy.md), or by any WSGI server."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blogproj.settings")

application = get_wsgi_application()

# Everything loaded so far (Django, the app) lives as long as the worker: frozen, the
# garbage collector no longer walks it on every full collection. And it runs less often:
# a 500-post list makes thousands of short-lived objects, and at Python's default (every
# 700 allocations) collecting them took a tenth of the list's time (docs/performance.md).
gc.collect()
gc.freeze()
gc.set_threshold(10_000, 20, 20)
