"""The production server: Granian serving `blogproj.wsgi`, with this app's defaults.

    python -m blogproj.server --host 127.0.0.1 --port 8000

Granian's HTTP layer is Rust; each worker process runs the Django app on a few threads,
so one request's wait for the database overlaps another's work. Measured against
gunicorn's sync workers, it serves the small API requests about twice as fast
(docs/performance.md, "Serving stacks").

These are defaults only: each can be overridden by Granian's own option on the command
line (`--workers 8`) or by its environment variable (`GRANIAN_WORKERS=8`); `granian
--help` lists them all. The app is given here, so the command takes no APP argument.
"""

import os
import sys

import dj_database_url

ENGINE = dj_database_url.parse(os.environ.get("DATABASE_URL") or "sqlite://")["ENGINE"]
ON_POSTGRES = "postgresql" in ENGINE or "postgis" in ENGINE
# The cores this process may run on (a container's or a cpuset's, not the host's).
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()

DEFAULTS = {
    "INTERFACE": "wsgi",
    # A process per core. On PostgreSQL each runs the app on two threads: while one
    # waits for the database server, the other uses the core (with four, the writes
    # gained a little more and /me lost). On SQLite one thread: the database runs inside
    # the process, and reading each row lets go of Python's global interpreter lock (the
    # GIL) and takes it back, so with a second thread the two hand it back and forth:
    # two threads served the 500-post list 30% slower. Every thread keeps its own
    # database connection, and an idle thread is kept as long as that connection
    # (conn_max_age).
    "WORKERS": os.environ.get("WEB_CONCURRENCY", str(CORES or 1)),
    "BLOCKING_THREADS": "2" if ON_POSTGRES else "1",
    "BLOCKING_THREADS_IDLE_TIMEOUT": "600",
    # A worker that dies (killed, out of memory) is replaced straight away; one that
    # dies again within 5.5 s of that makes Granian exit (a crash loop): run it under a
    # supervisor that restarts it (docs/deploy.md).
    "RESPAWN_FAILED_WORKERS": "true",
    # A worker that grows past 1 GiB is replaced: its successor starts, and after
    # Granian's respawn interval (3.5 s) the old one finishes its requests and stops. So
    # a slow leak can never take the server down. One uses about 75 MiB.
    "WORKERS_MAX_RSS": "1024",
    # On a restart or a stop, requests in flight get 30 s to finish.
    "WORKERS_KILL_TIMEOUT": "30",
    # The access log on stdout, where systemd or the container runtime collects it.
    "LOG_ACCESS_ENABLED": "true",
    "LOG_ACCESS_FMT": '%(addr)s "%(method)s %(path)s %(protocol)s" %(status)d %(dt_ms).0fms',
}


def main(argv: list[str]) -> None:
    for name, value in DEFAULTS.items():
        os.environ.setdefault(f"GRANIAN_{name}", value)
    from granian.cli import entrypoint

    sys.argv = ["granian", *argv, "blogproj.wsgi:application"]
    entrypoint()


if __name__ == "__main__":
    main(sys.argv[1:])
