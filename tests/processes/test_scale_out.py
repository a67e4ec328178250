"""Two app servers, one PostgreSQL, one Redis: the app is stateless, so either server
serves any request. Runs when DATABASE_URL and REDIS_URL are set (CI sets both)."""

import os
from http import HTTPStatus

import pytest
from django.db import connection

from tests.servers import production_env, production_server

pytestmark = [
    pytest.mark.skipif(
        not (
            os.environ.get("DATABASE_URL", "").startswith("postgres")
            and os.environ.get("REDIS_URL")
        ),
        reason="needs DATABASE_URL (PostgreSQL) and REDIS_URL, as CI sets them",
    ),
    pytest.mark.django_db(transaction=True),  # the servers see what is committed
]


def servers_database_url():
    """The test run's own database, where the servers write what this test inspects."""
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def two_servers(tmp_path):
    env = production_env(
        DATABASE_URL=servers_database_url(),
        REDIS_URL=os.environ["REDIS_URL"],
        DJANGO_SECURE_SSL_REDIRECT="false",  # plain HTTP on loopback
        THROTTLE_LOGIN_RATE="3/min",
    )
    with production_server(env, tmp_path) as one, production_server(env, tmp_path) as two:
        yield one, two


def test_two_servers_share_users_posts_and_rate_limits(two_servers):
    one, two = two_servers
    assert one.pid != two.pid

    # A token issued by one server is accepted by the other (stateless JWT, shared secret).
    body = {"username": "shared", "email": "shared@example.com", "password": "password-123"}
    assert one.request("POST", "/api/users", body)[0] == HTTPStatus.CREATED
    form = {"username": "shared@example.com", "password": "password-123"}
    status, _, token = one.request("POST", "/api/users/token", form=form)
    assert status == HTTPStatus.OK
    auth = {"Authorization": f"Bearer {token['access_token']}"}
    status, _, me = two.request("GET", "/api/users/me", headers=auth)
    assert (status, me["username"]) == (HTTPStatus.OK, "shared")

    # A post created through one is read, edited and deleted through the other.
    status, _, post = one.request(
        "POST", "/api/posts", {"title": "T", "content": "C"}, headers=auth
    )
    assert status == HTTPStatus.CREATED
    url = f"/api/posts/{post['id']}"
    assert two.request("GET", url)[2]["title"] == "T"
    status, _, edited = two.request("PATCH", url, {"title": "Edited on two"}, headers=auth)
    assert (status, edited["title"]) == (HTTPStatus.OK, "Edited on two")
    assert one.request("GET", url)[2]["title"] == "Edited on two"
    assert two.request("DELETE", url, headers=auth)[0] == HTTPStatus.NO_CONTENT
    assert one.request("GET", url)[0] == HTTPStatus.NOT_FOUND

    # A value cached through one is seen by the other: failed logins counted on
    # server one (3/min) lock the address out on server two as well.
    wrong = {"username": "shared@example.com", "password": "wrong-password"}
    for _ in range(3):
        assert one.request("POST", "/api/users/token", form=wrong)[0] == 401
    status, headers, _ = two.request("POST", "/api/users/token", form=wrong)
    assert status == HTTPStatus.TOO_MANY_REQUESTS
    assert int(headers["Retry-After"]) > 0

    # Logged out on one server, refused on the other: the revocation is in the database.
    assert one.request("POST", "/api/users/logout", headers=auth)[0] == HTTPStatus.NO_CONTENT
    status, headers, body = two.request("GET", "/api/users/me", headers=auth)
    assert (status, body) == (HTTPStatus.UNAUTHORIZED, {"detail": "Could not validate credentials"})
    assert headers["WWW-Authenticate"] == "Bearer"

    # Both report the same, healthy, shared database and cache.
    for server in (one, two):
        assert server.request("GET", "/healthz")[2] == {
            "status": "ok",
            "database": "ok",
            "cache": "ok",
        }
