"""Where one request's time goes: `python bench/profile_requests.py /api/posts`.

Runs 20 requests in-process (after 3 to warm up) under pyinstrument against the
database DATABASE_URL names, and prints the time per request and the call tree.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blogproj.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

path = sys.argv[1] if len(sys.argv) > 1 else "/api/posts"
count = int(sys.argv[2]) if len(sys.argv) > 2 else 20
client = Client(HTTP_HOST="127.0.0.1")
for _ in range(3):
    client.get(path)

profiler = Profiler(interval=0.0005)
started = time.perf_counter()
profiler.start()
for _ in range(count):
    response = client.get(path)
profiler.stop()
per_request = (time.perf_counter() - started) / count
print(
    f"GET {path}: {per_request * 1000:.1f} ms a request (profiled), "
    f"{len(response.content):,} bytes, status {response.status_code}"
)
# Paths relative to the project: no local paths in the results.
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
print(profiler.output_text(unicode=False, color=False).replace(root, ""))
