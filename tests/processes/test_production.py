"""Production mode, for real: settings from the environment, `check --deploy`, and
the production server (Granian) serving pages, hashed static files and the docs with
debug off."""

import re
import shutil
import subprocess
import sys
import time
from http import HTTPStatus

import pytest

from tests.servers import (
    BASE_DIR,
    collected_static_root,
    manage,
    migrated_sqlite_file,
    production_env,
    production_server,
    sqlite_env,
    worker_pids,
)

HTTPS = {"X-Forwarded-Proto": "https"}  # what the TLS-terminating proxy adds


def test_check_deploy_has_no_warnings_and_silences_nothing():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_nothing_is_silenced():
    from django.conf import settings

    assert settings.SILENCED_SYSTEM_CHECKS == []


@pytest.mark.parametrize(
    ("missing", "named"),
    [("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY"), ("DJANGO_ALLOWED_HOSTS", "DJANGO_ALLOWED_HOSTS")],
)
def test_a_missing_required_variable_stops_start_up_naming_it(missing, named):
    env = production_env()
    del env[missing]

    result = manage("check", env=env)

    assert result.returncode != 0
    assert f"Set the environment variable {named}" in result.stderr


def test_debug_is_on_by_default_for_local_development():
    env = production_env()
    for name in ("DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"):
        del env[name]

    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", env=env
    )

    assert result.stdout.strip().endswith("True"), result.stderr


def test_sqlite_is_set_up_for_a_web_server(tmp_path):
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'blog.sqlite3'}")
    code = (
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    print(*(c.execute(f'PRAGMA {p}').fetchone()[0]"
        " for p in ('journal_mode', 'busy_timeout', 'synchronous')))\n"
        "print(connection.transaction_mode)"
    )

    result = manage("shell", "-c", code, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-4:] == ["wal", "5000", "1", "IMMEDIATE"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The production server, debug off, on a fresh SQLite file after migrate and
    collectstatic."""
    tmp = tmp_path_factory.mktemp("production")
    # The run's one `migrate`, with these settings, copied (tests/servers.py).
    shutil.copyfile(migrated_sqlite_file(), tmp / "blog.sqlite3")
    env = production_env(
        DATABASE_URL=f"sqlite:///{tmp / 'blog.sqlite3'}",
        DJANGO_STATIC_ROOT=str(collected_static_root()),  # the run's one `collectstatic`
    )
    with production_server(env, tmp) as running:
        yield running


def test_pages_are_served_with_hashed_compressed_static_files(server):
    status, _, html = server.request("GET", "/", headers=HTTPS)
    assert status == HTTPStatus.OK
    html = html.decode()
    assert "No posts yet." in html

    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    assert any(re.search(r"bootstrap\.min\.[0-9a-f]{12}\.css$", a) for a in assets), assets
    for asset in assets:
        status, headers, _ = server.request(
            "GET", asset, headers={**HTTPS, "Accept-Encoding": "gzip"}
        )
        assert status == HTTPStatus.OK, asset
        assert "immutable" in headers["Cache-Control"], asset
        if asset.endswith((".css", ".js")):
            assert headers["Content-Encoding"] == "gzip", asset


def test_es_module_imports_point_at_hashed_files(server):
    _, _, html = server.request("GET", "/", headers=HTTPS)
    [layout] = re.findall(r'src="(/static/js/layout\.[0-9a-f]{12}\.js)"', html.decode())

    _, _, script = server.request("GET", layout, headers=HTTPS)

    assert re.search(rb'from "\./api\.[0-9a-f]{12}\.js"', script)


def test_the_default_profile_picture_is_served_at_its_contract_path(server):
    status, headers, _ = server.request("GET", "/static/profile_pics/default.jpg", headers=HTTPS)

    assert status == HTTPStatus.OK
    assert headers["Content-Type"] == "image/jpeg"


def test_api_docs_and_their_assets_are_served(server):
    status, _, html = server.request("GET", "/api/docs", headers=HTTPS)
    assert status == HTTPStatus.OK
    assets = re.findall(r'(?:href|src)="(/static/ninja/[^"]+)"', html.decode())
    assert assets
    for asset in assets:
        assert server.request("GET", asset, headers=HTTPS)[0] == HTTPStatus.OK, asset


def test_plain_http_is_redirected_to_https_but_health_checks_are_not(server):
    status, headers, _ = server.request("GET", "/")
    assert status == HTTPStatus.MOVED_PERMANENTLY
    assert headers["Location"] == server.url.replace("http:", "https:") + "/"

    status, _, body = server.request("GET", "/healthz")
    assert status == HTTPStatus.OK
    assert body == {"status": "ok", "database": "ok", "cache": "ok"}


def test_https_responses_carry_hsts(server):
    _, headers, _ = server.request("GET", "/", headers=HTTPS)

    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_errors_are_pages_and_json_without_debug_details(server):
    status, _, html = server.request("GET", "/posts/999", headers=HTTPS)
    assert status == HTTPStatus.NOT_FOUND
    assert b"Page not found" in html
    assert b"Traceback" not in html
    assert b"urlpatterns" not in html

    status, _, body = server.request("GET", "/api/nope", headers=HTTPS)
    assert (status, body) == (HTTPStatus.NOT_FOUND, {"detail": "Not Found"})


def test_the_api_works_under_the_production_server(server):
    body = {"username": "prod", "email": "prod@example.com", "password": "password-123"}
    assert server.request("POST", "/api/users", body, headers=HTTPS)[0] == 201
    status, _, token = server.request(
        "POST",
        "/api/users/token",
        form={"username": "prod@example.com", "password": "password-123"},
        headers=HTTPS,
    )
    assert status == HTTPStatus.OK
    auth = {**HTTPS, "Authorization": f"Bearer {token['access_token']}"}
    status, _, post = server.request(
        "POST", "/api/posts", {"title": "Live", "content": "From Granian"}, headers=auth
    )
    assert status == HTTPStatus.CREATED
    assert post["author"]["username"] == "prod"


def test_the_server_writes_access_logs(server):
    server.request("GET", "/healthz")

    assert re.search(r'"GET /healthz HTTP/1\.1" 200', server.log.read_text())


def test_web_concurrency_sets_the_number_of_workers(tmp_path):
    env = sqlite_env(tmp_path, WEB_CONCURRENCY="3")

    with production_server(env, tmp_path, workers=None) as running:
        deadline = time.monotonic() + 10
        while len(worker_pids(running.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)  # and no more than that
        assert len(worker_pids(running.pid)) == 3


@pytest.mark.parametrize(
    ("database_url", "threads"), [("sqlite:///blog.sqlite3", "1"), ("postgres://db/blog", "2")]
)
def test_the_server_runs_two_threads_a_worker_on_postgresql_one_on_sqlite(database_url, threads):
    code = "from blogproj.server import DEFAULTS; print(DEFAULTS['BLOCKING_THREADS'])"
    env = production_env(DATABASE_URL=database_url)

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )

    assert result.stdout.strip() == threads, result.stderr
