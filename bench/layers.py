"""Where an authenticated request's time goes, layer by layer, in-process:
`python bench/layers.py` (on the database DATABASE_URL names; SQLite in a temporary file
otherwise).

For `GET /api/users/me` and `PATCH /api/posts/{id}` it times, each alone, many times over
(the fastest of 7 batches, in microseconds a request):

- the whole request through Django's WSGI handler, as a server calls it;
- the middleware, one at a time: the whole request again without it;
- Ninja's view without any middleware or URL resolving (the operation: parameters, auth,
  the function, the response's validation and rendering);
- the token check: the signature (PyJWT) and the token user's query;
- the operation's own work: reading the post, and saving it (the UPDATE and its commit);
- the response: validating the returned value against the schema and rendering it.

Numbers from a quiet machine only; compare them run against run on one machine.
"""

import io
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blogproj.settings")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "layers-" + "x" * 50)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/layers.sqlite3"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import resolve  # noqa: E402

BATCHES, PER_BATCH = 7, 300
# Each removed alone, except the ones that need each other.
MIDDLEWARE_GROUPS = [
    ["SecurityMiddleware"],
    ["ContentSecurityPolicyMiddleware"],
    ["WhiteNoiseMiddleware"],
    ["api_errors_as_json"],
    ["DatabaseOutageMiddleware"],
    ["SessionMiddleware", "AuthenticationMiddleware", "MessageMiddleware"],
    ["CommonMiddleware"],
    ["CsrfViewMiddleware"],
    ["XFrameOptionsMiddleware"],
]


def timed(work: Callable[[], object]) -> float:
    """Microseconds one call of `work` takes: the median of BATCHES batches."""
    for _ in range(50):
        work()
    results = []
    for _ in range(BATCHES):
        started = time.perf_counter()
        for _ in range(PER_BATCH):
            work()
        results.append((time.perf_counter() - started) / PER_BATCH * 1e6)
    return min(results)  # the least disturbed batch: other work only ever adds time


def environ(method: str, path: str, token: str, body: bytes = b"") -> dict:
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1:8000",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_AUTHORIZATION": f"Bearer {token}",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }


def start_response(status, headers, exc_info=None):
    assert status.startswith(("200", "201")), status


def whole(handler: WSGIHandler, make_environ: Callable[[], dict]) -> Callable[[], object]:
    def run():
        response = handler(make_environ(), start_response)
        response.close()  # as a server does: ends the request (and its connection checks)

    return run


def main() -> None:
    call_command("migrate", verbosity=0)
    from accounts.auth import create_access_token
    from accounts.models import User
    from posts.models import Post

    user = User.objects.filter(username="layers").first() or User.objects.create_user(
        username="layers", email="layers@example.com", password="layers-password-1"
    )
    post = Post.objects.create(author=user, title="A title", content="Some content")
    token = create_access_token(user)
    patch_body = json.dumps({"title": "Another title"}).encode()

    def me_environ():
        return environ("GET", "/api/users/me", token)

    def patch_environ():
        return environ("PATCH", f"/api/posts/{post.pk}", token, patch_body)

    report = {
        "GET /api/users/me": layers(me_environ, token),
        "PATCH /api/posts/{id}": layers(patch_environ, token),
    }
    from posts.api import get_post_or_404

    rows = report["PATCH /api/posts/{id}"]
    rows["    read the post (get_post_or_404)"] = timed(lambda: get_post_or_404(post.pk))
    loaded = get_post_or_404(post.pk)
    rows["    save (UPDATE, commit)"] = timed(lambda: loaded.save(update_fields=["title"]))

    for name, rows in report.items():
        print(f"\n{name} ({connection.vendor}), µs a request, the fastest of {BATCHES} batches:")
        whole_request = rows["whole request (WSGI handler)"]
        for label, value in rows.items():
            delta = f" ({whole_request - value:+.0f})" if label.startswith("  without") else ""
            print(f"  {label:<70} {value:8.0f}{delta}")


def layers(make_environ: Callable[[], dict], token: str) -> dict[str, float]:
    """One request's layers, each timed alone."""
    from accounts.auth import JWTAuth, verify_access_token
    from accounts.token_user import token_user

    rows = {"whole request (WSGI handler)": timed(whole(WSGIHandler(), make_environ))}
    for group in MIDDLEWARE_GROUPS:
        everything = settings.MIDDLEWARE
        settings.MIDDLEWARE = [m for m in everything if m.rsplit(".", 1)[-1] not in group]
        try:
            trimmed = WSGIHandler()  # reads settings.MIDDLEWARE once, here
        finally:
            settings.MIDDLEWARE = everything
        rows[f"  without {' + '.join(group)}"] = timed(whole(trimmed, make_environ))

    match = resolve(make_environ()["PATH_INFO"])

    def view_only():
        match.func(WSGIRequest(make_environ()), *match.args, **match.kwargs)
        connection.close_if_unusable_or_obsolete()

    rows["Ninja's view, no middleware"] = timed(view_only)
    auth = JWTAuth()
    rows["  auth: header, signature, token user"] = timed(lambda: auth(WSGIRequest(make_environ())))
    rows["    signature (PyJWT)"] = timed(lambda: verify_access_token(token))
    checked = verify_access_token(token)
    assert checked is not None
    rows["    token user's query"] = timed(
        lambda: token_user(checked.user_id, checked.jti, checked.version)
    )
    return rows


if __name__ == "__main__":
    main()
