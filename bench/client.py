"""The benchmark as an API client: it seeds a server as a person's client would, and
records one real answer per endpoint for the ceiling (bench/ceiling.py) to replay."""

import base64
import json
import os
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from bench.endpoints import ENDPOINTS, PASSWORD, Seeded


def call(base_url: str, method: str, path: str, body: str = "", content_type="", token=""):
    """(status line, content type, bytes) of one request; raises on an error status."""
    headers = {}  # as wrk sends them
    if body:
        headers["Content-Type"] = content_type or "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(base_url + path, body.encode() or None, headers, method=method)
    with urllib.request.urlopen(request, timeout=60) as response:
        status = f"{response.status} {response.reason}"
        return status, response.headers["Content-Type"], response.read()


def call_json(base_url: str, method: str, path: str, body: dict, token="") -> dict:
    return json.loads(call(base_url, method, path, json.dumps(body), token=token)[2])


def seed(base_url: str, users: int, posts: int) -> Seeded:
    """Through the API: register and log in `users` users, then write `posts` posts."""
    run = os.urandom(3).hex()

    def make_user(i: int) -> tuple[str, str]:
        email = f"bench_{run}_{i}@example.com"
        signup = {"username": f"bench_{run}_{i}", "email": email, "password": PASSWORD}
        call_json(base_url, "POST", "/api/users", signup)
        form = urllib.parse.urlencode({"username": email, "password": PASSWORD})
        login = call(
            base_url, "POST", "/api/users/token", form, "application/x-www-form-urlencoded"
        )
        return email, json.loads(login[2])["access_token"]

    def make_post(i: int) -> int:
        _, token = made[i % len(made)]
        post = {"title": f"Seed post {i}", "content": f"Seeded content number {i}. " * 5}
        return call_json(base_url, "POST", "/api/posts", post, token)["id"]

    with ThreadPoolExecutor(8) as pool:
        made = list(pool.map(make_user, range(users)))
        post_ids = tuple(pool.map(make_post, range(posts)))
    email, token = made[0]  # the first user wrote the first post
    return Seeded(post_ids=post_ids, own_post_id=post_ids[0], email=email, token=token)


def record_responses(base_url: str, seeded: Seeded) -> list[list[str]]:
    """[method, path prefix, status line, content type, base64 body] per endpoint, most
    specific first: the format bench/ceiling.py reads."""
    recorded = []
    for endpoint in ENDPOINTS:
        load = endpoint.load(seeded)
        path = load.paths[0]
        status, content_type, body = call(
            base_url, load.method, path, load.body, load.content_type, load.token
        )
        if "{id}" in endpoint.path:
            path = path.rsplit("/", 1)[0] + "/"  # answers for any id
        recorded.append([load.method, path, status, content_type, base64.b64encode(body).decode()])
    # "/api/posts/" before "/api/posts".
    return sorted(recorded, key=lambda answer: -len(answer[1]))
