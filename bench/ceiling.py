"""The ceiling: a bare WSGI app, under the same server as ours, that answers each benchmarked
request with the exact bytes the blog answered (recorded by bench/run.py). No Django, no
database: what the server alone can do with responses of that size.

    CEILING_RESPONSES=responses.json granian --interface wsgi bench.ceiling:application
"""

import base64
import json
import os

with open(os.environ["CEILING_RESPONSES"]) as recorded:
    # [[method, path prefix, status line, content type, base64 body], ...], most specific first
    RESPONSES = [
        (method, prefix, status, content_type, base64.b64decode(body))
        for method, prefix, status, content_type, body in json.load(recorded)
    ]


def application(environ, start_response):
    method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
    if method in ("POST", "PATCH", "PUT"):
        environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    for want_method, prefix, status, content_type, body in RESPONSES:
        if method == want_method and (
            path == prefix or prefix.endswith("/") and path.startswith(prefix)
        ):
            start_response(
                status, [("Content-Type", content_type), ("Content-Length", str(len(body)))]
            )
            return [body]
    start_response("404 Not Found", [("Content-Length", "0")])
    return [b""]
