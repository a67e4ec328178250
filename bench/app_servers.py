"""The servers the benchmark measures, each on a fresh database: ours under its production
server (Granian, blogproj/server.py) or another serving stack, the FastAPI original under
uvicorn, and the ceiling (a bare WSGI callable under ours)."""

import json
import os
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from blogproj.server import DEFAULTS as GRANIAN_DEFAULTS
from tests.servers import Server, manage, production_env, serve

HERE = Path(__file__).resolve().parent
# As the original runs (--no-access-log), and no worker recycling during a measurement.
GUNICORN_OPTIONS = ("--access-logfile=/dev/null", "--max-requests=0")
GRANIAN_OPTIONS = ("--no-access-log", "--log-level=warning")
SECRET = "benchmark-secret-" + "x" * 50


class Database:
    """A fresh database for one server, dropped afterwards: a SQLite file, or, when
    `server_url` (DATABASE_URL) names a PostgreSQL database, a new database beside it."""

    def __init__(self, workdir: Path, label: str, server_url: str = ""):
        self.server_url = server_url
        self.on_postgres = server_url.startswith("postgres")
        self.name = f"bench_{os.getpid()}_{label}".replace("-", "_")
        self.file = workdir / f"{label}.sqlite3"

    @property
    def django_url(self) -> str:
        if self.on_postgres:
            return self._postgres_url(self.name, "postgres")
        return f"sqlite:///{self.file}"

    @property
    def sqlalchemy_url(self) -> str:
        """The same database, named as the original's async SQLAlchemy engine wants it."""
        if self.on_postgres:
            return self._postgres_url(self.name, "postgresql+psycopg")
        return f"sqlite+aiosqlite:///{self.file}"

    def checkpoint(self) -> None:
        """Flush PostgreSQL's dirty pages now, so that no measurement meets a checkpoint
        that earlier work left due (nothing to do for SQLite)."""
        if self.on_postgres:
            self._admin("CHECKPOINT")

    def __enter__(self) -> "Database":
        if self.on_postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')
            self._admin(f'CREATE DATABASE "{self.name}"')
        return self

    def __exit__(self, *exc) -> None:
        if self.on_postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _admin(self, statement: str) -> None:
        import psycopg  # only needed on PostgreSQL

        with psycopg.connect(self._postgres_url("postgres", "postgresql"), autocommit=True) as c:
            c.execute(statement)

    def _postgres_url(self, database: str, scheme: str) -> str:
        parts = urllib.parse.urlsplit(self.server_url)
        return parts._replace(scheme=scheme, path="/" + database).geturl()


def checked(result: subprocess.CompletedProcess) -> None:
    if result.returncode:
        raise RuntimeError(f"{' '.join(result.args)} failed:\n{result.stdout}{result.stderr}")


# The serving stacks ours can be measured under, the production server's first: each a
# command that serves the WSGI app `app` with `workers` processes (and threads where the
# stack has them), and the environment it adds.
SERVERS = ("granian", "gunicorn", "gthread")
# Granian's blocking threads a worker (blogproj/server.py's default unless set), and a
# gthread worker's threads (4 unless set).
THREADS = os.environ.get("BENCH_THREADS")


def server_command(server: str, app: str, workers: int) -> tuple[list[str], dict]:
    if server == "granian":  # blogproj/server.py's defaults, serving `app`
        command = [sys.executable, "-m", "granian", f"{app}:application", *GRANIAN_OPTIONS]
        command += ["--host=127.0.0.1", "--port={port}", f"--workers={workers}"]
        if THREADS:
            command.append(f"--blocking-threads={THREADS}")
        defaults = {f"GRANIAN_{name}": value for name, value in GRANIAN_DEFAULTS.items()}
        del defaults["GRANIAN_WORKERS_MAX_RSS"]  # no worker replaced during a measurement
        return command, defaults
    threads = (THREADS or "4") if server == "gthread" else "1"
    command = [sys.executable, "-m", "gunicorn", app, "--bind=127.0.0.1:{port}"]
    return [*command, f"--workers={workers}", f"--threads={threads}", *GUNICORN_OPTIONS], {}


class Ours:
    name = "django"
    pages = True

    def __init__(self, workdir: Path, server: str = SERVERS[0]):
        self.workdir = workdir
        self.server = server
        self.static_collected = False

    def env(self, database_url: str, **overrides) -> dict:
        return production_env(
            DATABASE_URL=database_url,
            DJANGO_SECURE_SSL_REDIRECT="false",  # plain HTTP on loopback
            DJANGO_STATIC_ROOT=str(self.workdir / "static"),
            THROTTLE_LOGIN_RATE="1000000/min",
            THROTTLE_SIGNUP_RATE="1000000/min",
            **overrides,
        )

    def prepare(self, database: Database) -> dict:
        """Migrate the database (and collect the static files once); the server's env."""
        env = self.env(database.django_url)
        checked(manage("migrate", "--noinput", env=env, timeout=300))
        if not self.static_collected:
            checked(manage("collectstatic", "--noinput", env=env, timeout=300))
            self.static_collected = True
        return env

    def seed(self, database: Database, users: int, posts: int) -> dict:
        """Many posts fast, with `manage.py seed` (not through the API); the server's env."""
        env = self.prepare(database)
        seed = ("--users", str(users), "--posts", str(posts), "--seed", "1")
        checked(manage("seed", *seed, env=env, timeout=600))
        return env

    @contextmanager
    def serve(self, workers: int, database: Database) -> Iterator[Server]:
        command, server_env = server_command(self.server, "blogproj.wsgi", workers)
        env = {**server_env, **self.prepare(database)}
        with serve(command, env, self.workdir, name=self.server) as server:
            yield server

    @contextmanager
    def serve_ceiling(self, workers: int, responses: list) -> Iterator[Server]:
        """The same server, serving `responses` from bench/ceiling.py."""
        recorded = self.workdir / "responses.json"
        recorded.write_text(json.dumps(responses))
        command, server_env = server_command(self.server, "bench.ceiling", workers)
        env = {**server_env, **self.env("", CEILING_RESPONSES=str(recorded))}
        with serve(command, env, self.workdir, name=f"{self.server}-ceiling") as server:
            yield server


class Peer:
    """The FastAPI original, from its folder, in its own virtual environment."""

    name = "fastapi"
    pages = False  # an API only

    def __init__(self, workdir: Path, path: Path):
        self.workdir, self.path = workdir, path.resolve()
        self.venv = HERE / ".venvs" / "peer"
        self.python = str(self.venv / "bin" / "python")

    def install(self) -> None:
        """Its requirements.txt, installed once (again only when the file changes)."""
        requirements = (self.path / "requirements.txt").read_text()
        stamp = self.venv / ".requirements"
        if stamp.exists() and stamp.read_text() == requirements:
            return
        if not (self.venv / "bin" / "python").exists():
            subprocess.run([sys.executable, "-m", "venv", str(self.venv)], check=True)
        pip = [self.python, "-m", "pip", "install", "-q", "-r", str(self.path / "requirements.txt")]
        subprocess.run(pip, check=True)
        stamp.write_text(requirements)

    @contextmanager
    def serve(self, workers: int, database: Database) -> Iterator[Server]:
        env = {
            **os.environ,
            "DATABASE_URL": database.sqlalchemy_url,
            "SECRET_KEY": SECRET,
            "PYTHONPATH": str(self.path),  # for bench/peer_tables.py
        }
        subprocess.run(
            [self.python, str(HERE / "peer_tables.py")], env=env, check=True, timeout=120
        )
        command = [self.python, "-m", "uvicorn", "main:app", "--host=127.0.0.1", "--port={port}"]
        command += [f"--workers={workers}", "--log-level=warning", "--no-access-log"]
        with serve(
            command, env, self.workdir, name="uvicorn", cwd=self.path, ready_path="/api/posts"
        ) as server:
            yield server
