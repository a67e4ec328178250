"""Parts taken away from real servers while they run: Redis at a closed port or
hung, PostgreSQL cut and restored through a proxy, SQLite locked past its busy timeout,
and workers killed with SIGKILL in the middle of writes."""

import os
import signal
import sqlite3
import threading
import time
from collections import Counter
from http import HTTPStatus
from http.client import HTTPException
from urllib.parse import urlsplit

import pytest

from tests.faults import closed_port, silent_server, tcp_proxy
from tests.servers import (
    collected_static_root,
    database_url_of_test_run,
    production_env,
    production_server,
    sqlite_env,
    worker_pids,
)

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
UNAVAILABLE = {"detail": "Service temporarily unavailable"}


@pytest.fixture(scope="module")
def static_root() -> str:
    """Collected static files: the pages (the 503 page too) need them with debug off."""
    return str(collected_static_root())


def all_titles(server) -> Counter:
    status, _, posts = server.request("GET", "/api/posts")
    assert status == HTTPStatus.OK
    return Counter(post["title"] for post in posts)


# ---- Redis -----------------------------------------------------------------------------


def test_with_redis_down_sign_up_and_login_work_and_healthz_says_so(tmp_path):
    env = sqlite_env(tmp_path, REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0")
    with production_server(env, tmp_path, workers=1) as server:
        server.sign_up_and_log_in("first")
        wrong = {"username": "first@example.com", "password": "not-the-password"}
        for _ in range(3):
            assert server.request("POST", "/api/users/token", form=wrong)[0] == 401
        server.sign_up_and_log_in("second")

        status, _, health = server.request("GET", "/healthz")
        assert status == HTTPStatus.OK
        assert health == {"status": "ok", "database": "ok", "cache": "unavailable"}

    log = server.log.read_text()
    warnings = [line for line in log.splitlines() if "cache is unavailable" in line]
    assert len(warnings) == 1, log  # once, not once per request
    assert "Connection" in warnings[0]  # it names the cause
    assert "Traceback" not in log


def test_a_hung_redis_cannot_hang_a_login(tmp_path):
    with silent_server() as port:
        env = sqlite_env(tmp_path, REDIS_URL=f"redis://127.0.0.1:{port}/0")
        with production_server(env, tmp_path, workers=1) as server:
            # Server.request gives up after 30 s; the Redis client after 0.5 s a call.
            headers = server.sign_up_and_log_in()
            assert server.request("GET", "/api/users/me", headers=headers)[0] == HTTPStatus.OK
            status, _, health = server.request("GET", "/healthz")
            assert (status, health["cache"]) == (HTTPStatus.OK, "unavailable")
    assert "TimeoutError" in server.log.read_text()


# ---- The database ------------------------------------------------------------------------


@pytest.mark.skipif(not ON_POSTGRES, reason="needs DATABASE_URL (PostgreSQL), as CI sets it")
@pytest.mark.django_db(transaction=True)  # the servers see what is committed
def test_postgres_cut_and_restored(tmp_path, static_root):
    target = urlsplit(database_url_of_test_run())
    assert target.hostname
    assert target.port
    with tcp_proxy(target.hostname, target.port) as proxy:
        env = production_env(
            DATABASE_URL=database_url_of_test_run("127.0.0.1", proxy.port),
            DJANGO_SECURE_SSL_REDIRECT="false",
            DJANGO_STATIC_ROOT=static_root,
        )
        with production_server(env, tmp_path, workers=2) as server:
            auth = server.sign_up_and_log_in()
            status, _, post = server.request(
                "POST", "/api/posts", {"title": "before", "content": "C"}, headers=auth
            )
            assert status == HTTPStatus.CREATED

            proxy.cut()
            during = outage_requests(server, auth, post["id"], rounds=3)

            proxy.restore()
            after = [
                server.request(
                    "POST", "/api/posts", {"title": f"after {i}", "content": "C"}, headers=auth
                )[0]
                for i in range(10)
            ]
            after += [server.request("GET", f"/api/posts/{post['id']}")[0] for _ in range(10)]
            after += [server.request("GET", "/")[0] for _ in range(4)]
            titles = all_titles(server)

    # During the outage: 503 with Retry-After, JSON under /api, the HTML page elsewhere.
    assert Counter(status for status, _, _ in during) == {503: len(during)}, server.log.read_text()
    for _, headers, body in during:
        assert int(headers["Retry-After"]) > 0
        if headers["Content-Type"].startswith("application/json"):
            assert body == UNAVAILABLE
        else:
            assert b"reach its database" in body
    # After it: every request succeeds at once, with no restart.
    assert set(after) <= {HTTPStatus.OK, HTTPStatus.CREATED}, Counter(after)
    # Nothing answered with a 5xx was stored; everything answered 201 was.
    assert not any(title.startswith("during") for title in titles)
    assert titles["before"] == 1
    assert all(titles[f"after {i}"] == 1 for i in range(10))


def outage_requests(server, auth, post_id, rounds):
    answers = []
    for i in range(rounds):
        answers += [
            server.request("GET", "/api/posts"),
            server.request("GET", f"/api/posts/{post_id}"),
            server.request("GET", "/api/users/me", headers=auth),
            server.request(
                "POST", "/api/posts", {"title": f"during {i}", "content": "C"}, headers=auth
            ),
            server.request("POST", "/api/users/token", form={"username": "a@b.c", "password": "p"}),
            server.request("GET", "/"),
            server.request("GET", f"/posts/{post_id}"),
        ]
    # /healthz says so too (a 503 for the load balancer).
    status, headers, body = server.request("GET", "/healthz")
    assert (status, body["database"]) == (HTTPStatus.SERVICE_UNAVAILABLE, "unavailable")
    return answers


def test_sqlite_locked_past_its_busy_timeout(tmp_path):
    env = sqlite_env(tmp_path, url_options="?timeout=1")
    with production_server(env, tmp_path, workers=1) as server:
        auth = server.sign_up_and_log_in()
        lock = sqlite3.connect(tmp_path / "blog.sqlite3", isolation_level=None)
        try:
            lock.execute("BEGIN IMMEDIATE")  # another writer holds the database
            status, headers, body = server.request(
                "POST", "/api/posts", {"title": "while locked", "content": "C"}, headers=auth
            )
            assert (status, body) == (HTTPStatus.SERVICE_UNAVAILABLE, UNAVAILABLE)
            assert int(headers["Retry-After"]) > 0
            # Readers are not blocked by a writer (WAL).
            assert server.request("GET", "/api/posts")[0] == HTTPStatus.OK
        finally:
            lock.execute("ROLLBACK")
            lock.close()

        status, _, _ = server.request(
            "POST", "/api/posts", {"title": "after the lock", "content": "C"}, headers=auth
        )
        assert status == HTTPStatus.CREATED
        assert all_titles(server) == {"after the lock": 1}
    assert "Traceback" not in server.log.read_text()


# ---- Workers killed mid-write ------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_write_loses_nothing_acknowledged(tmp_path):
    if ON_POSTGRES:
        env = production_env(
            DATABASE_URL=database_url_of_test_run(), DJANGO_SECURE_SSL_REDIRECT="false"
        )
    else:
        env = sqlite_env(tmp_path)
    acknowledged: list[str] = []
    failed: Counter[int | str] = Counter()  # by status, or "no answer"
    stop = threading.Event()

    with production_server(env, tmp_path, workers=2) as server:
        auth = server.sign_up_and_log_in()

        def write(client: int):
            n = 0
            while not stop.is_set():
                title = f"client {client} post {n}"
                n += 1
                try:
                    status, _, _ = server.request(
                        "POST", "/api/posts", {"title": title, "content": "C"}, headers=auth
                    )
                except (OSError, HTTPException):  # the worker died with the request
                    failed["no answer"] += 1
                    continue
                if status == HTTPStatus.CREATED:
                    acknowledged.append(title)
                else:
                    failed[status] += 1

        writers = [threading.Thread(target=write, args=(i,)) for i in range(4)]
        for writer in writers:
            writer.start()
        kills = 0
        try:
            deadline = time.monotonic() + 4
            while time.monotonic() < deadline:
                time.sleep(0.4)
                for pid in worker_pids(server.pid)[:1]:
                    os.kill(pid, signal.SIGKILL)
                    kills += 1
        finally:
            stop.set()
            for writer in writers:
                writer.join(timeout=30)
        time.sleep(1)  # the server replaces the killed workers
        titles = all_titles(server)

    print(f"{kills} workers killed; {len(acknowledged)} writes acknowledged; others: {failed}")
    assert kills >= 5
    assert len(acknowledged) > 20, (len(acknowledged), failed)
    lost = [title for title in acknowledged if titles[title] != 1]
    assert lost == [], f"{len(lost)} acknowledged writes missing or doubled"
    assert all(
        status == "no answer" or isinstance(status, int) and status < 500 for status in failed
    ), failed
