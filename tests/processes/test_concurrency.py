"""Concurrent use against a real server (the production server, 4 processes × 4 threads) on a file
database: clients released together by a barrier, so their requests really overlap.
On SQLite by default, on PostgreSQL when DATABASE_URL points at it."""

import os
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus

import pytest

from tests.servers import database_url_of_test_run, production_env, production_server, sqlite_env

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
pytestmark = pytest.mark.django_db(transaction=True)  # the server sees committed data
PASSWORD = "concurrent-password"


@pytest.fixture(scope="module")
def server(tmp_path_factory, django_db_setup):
    """One server for the module (starting one takes seconds): each test uses users and
    posts of its own, and counts only those."""
    tmp_path = tmp_path_factory.mktemp("concurrency")
    if ON_POSTGRES:  # the test run's own database
        env = production_env(
            DATABASE_URL=database_url_of_test_run(), DJANGO_SECURE_SSL_REDIRECT="false"
        )
    else:
        env = sqlite_env(tmp_path)
    with production_server(env, tmp_path, workers=4, threads=4) as running:
        yield running


def together(count, action):
    """Run action(i) in `count` threads released at once; return the results."""
    barrier = threading.Barrier(count, timeout=30)

    def run(i):
        barrier.wait()
        return action(i)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def register(server, username, email):
    body = {"username": username, "email": email, "password": PASSWORD}
    return server.request("POST", "/api/users", body)


def login(server, email):
    status, _, token = server.request(
        "POST", "/api/users/token", form={"username": email, "password": PASSWORD}
    )
    assert status == HTTPStatus.OK
    return {"Authorization": f"Bearer {token['access_token']}"}


def test_fifty_clients_registering_one_username_one_wins(server):
    statuses = together(
        50, lambda i: register(server, "TakenName" if i % 2 else "takenname", f"c{i}@ex.com")[0]
    )

    assert Counter(statuses) == {HTTPStatus.CREATED: 1, HTTPStatus.BAD_REQUEST: 49}


def test_fifty_clients_registering_one_email_one_wins(server):
    statuses = together(50, lambda i: register(server, f"client{i}", "SAME@example.com")[0])

    assert Counter(statuses) == {HTTPStatus.CREATED: 1, HTTPStatus.BAD_REQUEST: 49}


def test_twenty_clients_writing_twenty_posts_each_lose_nothing(server):
    users = []
    for i in range(20):
        status, _, user = register(server, f"writer{i}", f"writer{i}@example.com")
        assert status == HTTPStatus.CREATED
        users.append((user["id"], login(server, f"writer{i}@example.com")))

    def write_twenty(i):
        user_id, auth = users[i]
        return [
            server.request(
                "POST", "/api/posts", {"title": f"{i}-{n}", "content": "x"}, headers=auth
            )[0]
            for n in range(20)
        ]

    statuses = [status for batch in together(20, write_twenty) for status in batch]

    assert Counter(statuses) == {HTTPStatus.CREATED: 400}
    for i, (user_id, _) in enumerate(users):
        titles = [p["title"] for p in server.request("GET", f"/api/users/{user_id}/posts")[2]]
        assert sorted(titles) == sorted(f"{i}-{n}" for n in range(20))  # none lost, none twice
    writers = {user_id for user_id, _ in users}
    everyone = server.request("GET", "/api/posts")[2]
    assert sum(post["author"]["id"] in writers for post in everyone) == 400


def test_a_post_edited_and_deleted_at_once_never_fails(server):
    register(server, "racer", "racer@example.com")
    auth = login(server, "racer@example.com")
    requests = [
        ("PATCH", {"title": "patched"}),
        ("PUT", {"title": "put", "content": "put"}),
        ("DELETE", None),
        ("PATCH", {"content": "patched again"}),
        ("GET", None),
        ("DELETE", None),
    ]
    seen: Counter[int] = Counter()
    for _ in range(10):
        _, _, post = server.request(
            "POST", "/api/posts", {"title": "T", "content": "C"}, headers=auth
        )
        url = f"/api/posts/{post['id']}"
        results = together(
            len(requests),
            lambda i, url=url: server.request(*requests[i][:1], url, requests[i][1], headers=auth)[
                0
            ],
        )
        seen.update(results)
        assert server.request("GET", url)[0] == HTTPStatus.NOT_FOUND

    assert set(seen) <= {HTTPStatus.OK, HTTPStatus.NO_CONTENT, HTTPStatus.NOT_FOUND}, seen


RACING_A_LOGOUT = [
    ("POST", "/api/users/logout", None),
    ("POST", "/api/users/logout", None),
    ("GET", "/api/users/me", None),
    ("POST", "/api/posts", {"title": "T", "content": "C"}),
    ("GET", "/api/users/me", None),
    ("POST", "/api/users/logout", None),
]


def test_a_logout_racing_requests_with_the_same_token_never_fails(server):
    register(server, "leaver", "leaver@example.com")
    seen: Counter[int] = Counter()
    for _ in range(5):
        auth = login(server, "leaver@example.com")
        results = together(
            len(RACING_A_LOGOUT),
            lambda i, auth=auth: server.request(*RACING_A_LOGOUT[i], headers=auth)[0],
        )
        seen.update(results)
        # Once the dust settles, the token is refused.
        assert server.request("GET", "/api/users/me", headers=auth)[0] == 401

    assert HTTPStatus.NO_CONTENT in seen
    allowed = {HTTPStatus.OK, HTTPStatus.CREATED, HTTPStatus.NO_CONTENT, HTTPStatus.UNAUTHORIZED}
    assert set(seen) <= allowed, seen
