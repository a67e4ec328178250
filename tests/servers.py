"""Real server processes, for the tests that need them and for the benchmark (bench/).

The production server (Granian, blogproj/server.py), or any other server command (the
benchmark's FastAPI peer), on a free loopback port, stopped by its PID on the way out. No
pytest here: a server that does not come up raises ServerError, with its log.
"""

import atexit
import functools
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET = "production-like-secret-for-tests-0123456789abcdefghijklmnop"
PASSWORD = "server-test-password"


class ServerError(RuntimeError):
    """A server exited or did not answer in time."""


def production_env(**overrides) -> dict:
    """The environment docs/deploy.md describes, for a server on loopback."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("DJANGO_", "DATABASE_URL", "REDIS_URL", "THROTTLE_", "GRANIAN_", "WEB_CONCURRENCY")
        )
    }
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        THROTTLE_LOGIN_RATE="10000/min",
        THROTTLE_SIGNUP_RATE="10000/min",
    )
    env.update(overrides)
    return env


def manage(*args, env: dict, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def sqlite_env(tmp_path: Path, url_options: str = "", **overrides) -> dict:
    """A production-like environment on a fresh, migrated SQLite file: tmp_path/blog.sqlite3."""
    shutil.copyfile(migrated_sqlite_file(), tmp_path / "blog.sqlite3")
    return production_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'blog.sqlite3'}{url_options}",
        DJANGO_SECURE_SSL_REDIRECT="false",  # plain HTTP on loopback
        **overrides,
    )


@functools.cache
def migrated_sqlite_file() -> Path:
    """An empty database with every migration applied, made once per run (a `migrate`
    takes seconds) and copied for each server that needs one."""
    folder = Path(tempfile.mkdtemp(prefix="blog-migrated-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    file = folder / "blog.sqlite3"
    result = manage("migrate", "--noinput", env=production_env(DATABASE_URL=f"sqlite:///{file}"))
    if result.returncode:
        raise ServerError(f"migrate failed:\n{result.stderr}")
    # One file, as a copy must be: the write-ahead log folded back into the database.
    with sqlite3.connect(file) as database:
        database.execute("PRAGMA journal_mode=DELETE")
    return file


@functools.cache
def collected_static_root() -> Path:
    """The static files as `collectstatic` leaves them with production settings (hashed,
    compressed), collected once per run (it takes seconds): the pages need them with
    debug off. Servers only read them."""
    folder = Path(tempfile.mkdtemp(prefix="blog-static-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    env = production_env(DJANGO_STATIC_ROOT=str(folder))
    result = manage("collectstatic", "--noinput", env=env)
    if result.returncode:
        raise ServerError(f"collectstatic failed:\n{result.stderr}")
    return folder


def database_url_of_test_run(host=None, port=None) -> str:
    """The test run's own PostgreSQL database, optionally reached through another address."""
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    host = host or s["HOST"] or "127.0.0.1"
    port = port or s["PORT"] or 5432
    return f"postgres://{auth}@{host}:{port}/{s['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    pid: int
    log: Path

    def request(self, method, path, body=None, form=None, headers=None):
        """(status, headers, body) of one request; JSON bodies are decoded."""
        headers = dict(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
        request = urllib.request.Request(self.url + path, data, headers, method=method)
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, response.headers, decode(response)
        except urllib.error.HTTPError as error:
            return error.code, error.headers, decode(error)

    def sign_up_and_log_in(self, name="writer") -> dict:
        """A new user `name` (password PASSWORD), logged in: its Authorization header."""
        body = {"username": name, "email": f"{name}@example.com", "password": PASSWORD}
        assert self.request("POST", "/api/users", body)[0] == 201
        form = {"username": f"{name}@example.com", "password": PASSWORD}
        status, _, token = self.request("POST", "/api/users/token", form=form)
        assert status == 200
        return {"Authorization": f"Bearer {token['access_token']}"}


def decode(response):
    raw = response.read()
    if response.headers.get("Content-Type", "").startswith("application/json") and raw:
        return json.loads(raw)
    return raw


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a test looks at the redirect itself


opener = urllib.request.build_opener(NoRedirect)


@contextmanager
def production_server(
    env: dict,
    log_dir: Path,
    workers: int | None = 2,
    threads: int | None = None,
    startup_seconds=30,
    options: Sequence[str] = (),
) -> Iterator[Server]:
    """The production server (`python -m blogproj.server`: Granian, with its defaults),
    with `workers` and `threads` a worker unless None (the defaults), and `options`."""
    command = [sys.executable, "-m", "blogproj.server", "--host=127.0.0.1", "--port={port}"]
    command += [*options]
    if workers is not None:
        command.append(f"--workers={workers}")
    if threads is not None:
        command.append(f"--blocking-threads={threads}")
    with serve(command, env, log_dir, name="granian", startup_seconds=startup_seconds) as server:
        yield server


@contextmanager
def serve(
    command: Sequence[str],
    env: dict,
    log_dir: Path,
    name="server",
    cwd: Path = BASE_DIR,
    ready_path="/healthz",
    startup_seconds=30,
) -> Iterator[Server]:
    """Any server `command` on a free loopback port ("{port}" in it), up once `ready_path`
    answers with any status; stopped by its PID on the way out, errors included."""
    port = free_port()
    log = log_dir / f"{name}-{port}.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [part.replace("{port}", str(port)) for part in command],
            cwd=cwd,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop() can end its workers too
        )
    server = Server(f"http://127.0.0.1:{port}", process.pid, log)
    try:
        wait_until_up(server, process, ready_path, startup_seconds)
        yield server
    finally:
        stop(process)


def wait_until_up(server: Server, process: subprocess.Popen, path: str, seconds: int):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"server exited with {process.returncode}:\n{server.log.read_text()}")
        try:
            with urllib.request.urlopen(server.url + path, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise ServerError(f"server did not answer within {seconds}s:\n{server.log.read_text()}")


def worker_pids(server_pid: int) -> list[int]:
    """The server's worker processes: its children (Linux's /proc), other than the
    helpers multiprocessing may start beside them (a fork server, a resource tracker)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == server_pid and b"multiprocessing." not in command:
            pids.append(int(stat.parent.name))
    return pids


def stop(process: subprocess.Popen):
    """SIGTERM, then, if it has not stopped within the 30 s the production server gives
    requests in flight, SIGKILL to its whole process group (its workers too)."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=35)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
