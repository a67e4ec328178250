"""The production server: Granian serving `blogproj.wsgi`, with this app's defaults.

    python -m blogproj.server --host 127.0.0.1 --port 8000

Granian's HTTP layer is Rust; each worker process runs the Django app on a few threads,
so one request's wait for the database overlaps another's work. Measured against
gunicorn's sync workers, it serves the small API requests about twice as fast
(docs/performance.md, "Serving stacks").

These are defaults only: each can be overridden by Granian's own option on the command
line (`--workers 8`) or by its environment variable (`GRANIAN_WORKERS=8`); `granian
--help` lists them all.
"""

import os
import sys

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")

DEFAULTS = {
    "INTERFACE": "wsgi",
    # A process per core. On PostgreSQL each runs the app on two threads: while one
    # waits for the database server, the other uses the core (with four, the writes
    # gained a little more and the reads lost).
    # On SQLite one thread: the database runs inside the process, and reading a row
    # hands Python's lock to the other thread and back, so two threads served the
    # 500-post list 30% slower. Every thread keeps its own database connection.
    "WORKERS": os.environ.get("WEB_CONCURRENCY", str(os.cpu_count() or 1)),
    "BLOCKING_THREADS": "2" if ON_POSTGRES else "1",
    # A worker that dies (killed, out of memory) is replaced straight away.
    "RESPAWN_FAILED_WORKERS": "true",
    "RESPAWN_INTERVAL": "0.1",
    # A worker that grows past 1 GiB is replaced (its requests finish first), so that a
    # slow leak can never take the server down. One uses about 75 MiB.
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
