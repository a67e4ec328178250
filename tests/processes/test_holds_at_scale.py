"""What only shows with many workers and servers, against real server processes: rate
limits that hold exactly under concurrency, no worker held hostage by a locked row, a
signing key rotated without logging anyone out, and PgBouncer in front of PostgreSQL."""

import os
import shutil
import sqlite3
import subprocess
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from http import HTTPStatus
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.servers import (
    PASSWORD,
    ServerError,
    database_url_of_test_run,
    free_port,
    production_env,
    production_server,
    sqlite_env,
)

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
REDIS_URL = os.environ.get("REDIS_URL")
UNAVAILABLE = {"detail": "Service temporarily unavailable"}
needs_postgres = pytest.mark.skipif(
    not ON_POSTGRES, reason="needs DATABASE_URL (PostgreSQL), as CI sets it"
)
pytestmark = pytest.mark.django_db(transaction=True)  # the servers see what is committed


def app_env(tmp_path: Path, url_options: str = "", **overrides) -> dict:
    """Production settings on the test run's PostgreSQL database, or on a fresh SQLite file."""
    if ON_POSTGRES:
        return production_env(
            DATABASE_URL=database_url_of_test_run() + url_options,
            DJANGO_SECURE_SSL_REDIRECT="false",  # plain HTTP on loopback
            **overrides,
        )
    return sqlite_env(tmp_path, url_options, **overrides)


def at_once(count: int, concurrency: int, action) -> Counter:
    """action(i) for i in range(count), `concurrency` at a time; a Counter of the statuses."""
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return Counter(pool.map(action, range(count)))


# ---- Limits that hold across workers -------------------------------------------------------


@pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL: workers share counts through Redis")
@pytest.mark.parametrize("workers", [3, 8])
def test_limits_hold_exactly_across_workers_sharing_redis(tmp_path, workers):
    env = app_env(
        tmp_path,
        REDIS_URL=REDIS_URL,
        THROTTLE_LOGIN_RATE="20/min",
        THROTTLE_SIGNUP_RATE="30/min",
    )
    with production_server(env, tmp_path, workers=workers) as server:
        # Every request comes from 127.0.0.1, each on its own connection, so the workers
        # take them in turn. The counts start empty (conftest clears the cache).
        body = {"username": "victim", "email": "victim@example.com", "password": PASSWORD}
        assert server.request("POST", "/api/users", body)[0] == HTTPStatus.CREATED

        def wrong_password(i):
            form = {"username": "victim@example.com", "password": f"guess-{i}"}
            return server.request("POST", "/api/users/token", form=form)[0]

        logins = at_once(120, 24, wrong_password)

        def sign_up(i):
            body = {"username": f"new{i}", "email": f"new{i}@example.com", "password": PASSWORD}
            return server.request("POST", "/api/users", body)[0]

        signups = at_once(81, 24, sign_up)

    # Exactly the limit was tried; every other request was refused before its password
    # was checked (or its account made).
    assert logins == {HTTPStatus.UNAUTHORIZED: 20, HTTPStatus.TOO_MANY_REQUESTS: 100}
    # 30 sign-ups a minute, the victim's among them.
    assert signups == {HTTPStatus.CREATED: 29, HTTPStatus.TOO_MANY_REQUESTS: 52}
    assert "Traceback" not in server.log.read_text()


# ---- No worker held hostage by a lock --------------------------------------------------------


def write_a_post(server) -> tuple[dict, str]:
    auth = server.sign_up_and_log_in()
    status, _, post = server.request(
        "POST", "/api/posts", {"title": "Held", "content": "C"}, headers=auth
    )
    assert status == HTTPStatus.CREATED
    return auth, f"/api/posts/{post['id']}"


def patch_while_held(server, auth, url) -> tuple[tuple, float, list[int]]:
    """PATCH the post while its row is held elsewhere; the list is read meanwhile."""
    answers: list[int] = []
    with ThreadPoolExecutor(max_workers=1) as pool:
        started = time.monotonic()
        patch = pool.submit(server.request, "PATCH", url, {"title": "Changed"}, None, auth)
        while not patch.done():
            answers.append(server.request("GET", "/api/posts")[0])
            time.sleep(0.1)
        return patch.result(), time.monotonic() - started, answers


def assert_busy_within(server, auth, url, low: float, high: float) -> None:
    """A PATCH of the held post answers 503 between `low` and `high` seconds, while the
    list goes on answering."""
    (status, headers, body), seconds, meanwhile = patch_while_held(server, auth, url)
    assert (status, body) == (HTTPStatus.SERVICE_UNAVAILABLE, UNAVAILABLE)
    assert int(headers["Retry-After"]) > 0
    assert low <= seconds < high
    assert set(meanwhile) == {HTTPStatus.OK}  # the others carry on meanwhile


def assert_logged_as_busy(log: str, reason: str) -> None:
    """One warning that says why, no traceback."""
    assert "WARNING blogproj.outages: Database busy: PATCH" in log
    assert f"timed out ({reason}" in log
    assert "Traceback" not in log


@needs_postgres
def test_a_row_locked_elsewhere_answers_503_within_the_bound_then_succeeds(tmp_path):
    # The default bounds: lock_timeout 2 s (statement_timeout 5 s).
    with production_server(app_env(tmp_path), tmp_path, workers=2) as server:
        auth, url = write_a_post(server)
        post_id = int(url.rsplit("/", 1)[1])
        with psycopg.connect(database_url_of_test_run()) as holder:
            # A long transaction, a migration or an operator's psql holding the row.
            holder.execute("SELECT * FROM posts_post WHERE id = %s FOR UPDATE", [post_id])

            assert_busy_within(server, auth, url, 2, 4)
            holder.rollback()

        status, _, post = server.request("PATCH", url, {"title": "Changed"}, headers=auth)
        assert (status, post["title"]) == (HTTPStatus.OK, "Changed")
    log = server.log.read_text()
    assert_logged_as_busy(log, "canceling statement due to lock timeout")


def test_a_database_locked_elsewhere_answers_503_within_the_bound_on_sqlite(tmp_path):
    env = sqlite_env(tmp_path, "?timeout=1")
    with production_server(env, tmp_path, workers=2) as server:
        auth, url = write_a_post(server)
        holder = sqlite3.connect(tmp_path / "blog.sqlite3", isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")  # another writer holds the database

            assert_busy_within(server, auth, url, 1, 3)  # readers are not blocked
        finally:
            holder.execute("ROLLBACK")
            holder.close()

        status, _, post = server.request("PATCH", url, {"title": "Changed"}, headers=auth)
        assert (status, post["title"]) == (HTTPStatus.OK, "Changed")
    assert_logged_as_busy(server.log.read_text(), "database is locked)")


# ---- A signing key rotated without logging anyone out --------------------------------------


def test_a_rotated_key_accepts_old_tokens_until_its_fallback_is_removed(tmp_path):
    env = app_env(tmp_path)
    old, new = "old-signing-key-" + "o" * 40, "new-signing-key-" + "n" * 40
    with (
        production_server({**env, "JWT_SECRET_KEY": old}, tmp_path, workers=1) as before,
        production_server(
            {**env, "JWT_SECRET_KEY": new, "JWT_SECRET_KEY_FALLBACKS": old}, tmp_path, workers=1
        ) as rotating,
        production_server({**env, "JWT_SECRET_KEY": new}, tmp_path, workers=1) as after,
    ):
        old_token = before.sign_up_and_log_in("early")
        form = {"username": "early@example.com", "password": PASSWORD}
        new_token = {
            "Authorization": "Bearer "
            + rotating.request("POST", "/api/users/token", form=form)[2]["access_token"]
        }

        def me(server, token):
            return server.request("GET", "/api/users/me", headers=token)[0]

        # While the old key is a fallback: its tokens still work, new ones use the new key.
        assert me(rotating, old_token) == HTTPStatus.OK
        assert me(rotating, new_token) == HTTPStatus.OK
        assert me(before, new_token) == HTTPStatus.UNAUTHORIZED  # not signed with the old key
        # Once the fallback is removed: the old tokens are refused, the new ones are not.
        assert me(after, old_token) == HTTPStatus.UNAUTHORIZED
        assert me(after, new_token) == HTTPStatus.OK


# ---- PgBouncer in front of PostgreSQL --------------------------------------------------------


@contextmanager
def pgbouncer(tmp_path: Path, pool_size: int, connect_query: str):
    """PgBouncer in transaction mode on a free loopback port, in front of the test run's
    PostgreSQL server. Run as the postgres user if we are root (PgBouncer refuses root)."""
    s = connection.settings_dict
    folder = Path(tmp_path / "pgbouncer")
    folder.mkdir()
    port = free_port()
    (folder / "users.txt").write_text(f'"{s["USER"]}" ""\n')
    (folder / "pgbouncer.ini").write_text(
        f"""[databases]
* = host={s["HOST"] or "127.0.0.1"} port={s["PORT"] or 5432} connect_query='{connect_query}'
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {folder / "users.txt"}
pool_mode = transaction
default_pool_size = {pool_size}
max_client_conn = 200
"""
    )
    command = ["pgbouncer", str(folder / "pgbouncer.ini")]
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        folder.chmod(0o755)
        tmp_path.chmod(0o755)
        command[1:1] = ["-u", "postgres"]
    log = (folder / "pgbouncer.log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                psycopg.connect(database_url_of_test_run(port=port), connect_timeout=2).close()
                break
            except psycopg.OperationalError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise ServerError((folder / "pgbouncer.log").read_text()) from None
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@needs_postgres
@pytest.mark.skipif(
    not shutil.which("pgbouncer"), reason="needs PgBouncer (Debian's pgbouncer package)"
)
def test_behind_pgbouncer_in_transaction_mode_nothing_fails(tmp_path):
    # What docs/deploy.md asks of the app behind PgBouncer: no server-side binding, and
    # the time limits set by PgBouncer (or on the role), since it refuses startup options.
    with pgbouncer(tmp_path, pool_size=2, connect_query="SET lock_timeout = 2000") as port:
        options = "?server_side_binding=false&statement_timeout=0&lock_timeout=0"
        env = production_env(
            DATABASE_URL=database_url_of_test_run(port=port) + options,
            DJANGO_SECURE_SSL_REDIRECT="false",
        )
        with production_server(env, tmp_path, workers=4) as server:

            def session(i):
                """One client's mixed requests; the statuses it got."""
                auth = server.sign_up_and_log_in(f"pooled{i}")
                body: dict[str, str] | None = {"title": f"T{i}", "content": "C"}
                status, _, post = server.request("POST", "/api/posts", body, headers=auth)
                statuses = [status]
                url = f"/api/posts/{post['id']}"
                for method, path, body in [
                    ("GET", "/api/posts", None),
                    ("GET", url, None),
                    ("GET", "/api/users/me", None),
                    ("PATCH", url, {"title": "Edited"}),
                    ("DELETE", url, None),
                ]:
                    statuses.append(server.request(method, path, body, headers=auth)[0])
                return statuses

            with ThreadPoolExecutor(max_workers=8) as pool:
                answers = Counter(
                    status for result in pool.map(session, range(16)) for status in result
                )

            # The time limit holds through the pool too.
            auth, url = write_a_post(server)
            with psycopg.connect(database_url_of_test_run()) as holder:
                post_id = int(url.rsplit("/", 1)[1])
                holder.execute("SELECT * FROM posts_post WHERE id = %s FOR UPDATE", [post_id])
                (status, _, _), seconds, _ = patch_while_held(server, auth, url)
                holder.rollback()

    assert answers == {HTTPStatus.CREATED: 16, HTTPStatus.OK: 16 * 4, HTTPStatus.NO_CONTENT: 16}
    assert (status, seconds < 4) == (HTTPStatus.SERVICE_UNAVAILABLE, True)
    assert "Traceback" not in server.log.read_text()
