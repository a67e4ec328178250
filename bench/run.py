"""Benchmark the blog under its production server, side by side with the FastAPI original.

    .venv/bin/python bench/run.py                                # ours, 1 and 2 workers
    .venv/bin/python bench/run.py --peer path/to/fastapi_ref     # and the original
    .venv/bin/python bench/run.py --quick                        # shorter runs, 1 round

For each round and worker count: start each app on a fresh database (a SQLite file, or,
when DATABASE_URL names a PostgreSQL server, a fresh PostgreSQL database beside it, for
both apps), seed 20 users and 500 posts through the API, then drive each endpoint with
wrk (after a CHECKPOINT on PostgreSQL) and record req/s, p50, p99 and errors. The apps
alternate which goes first from round to round; the summary gives the median ratio
ours / FastAPI per endpoint and its spread across rounds. Then the ceiling (a bare WSGI
callable under the same server serving the recorded bytes: how much of the server the
app leaves, the home page's share included) and the growth at 100 / 1,000 / 10,000
posts, with a profile.

Loopback only; every server is stopped by its PID; each wrk run is bounded.
See docs/performance.md.
"""

import argparse
import importlib.metadata
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run as a script: import bench.* and tests.servers

from bench.app_servers import SERVERS, Database, Ours, Peer  # noqa: E402
from bench.client import record_responses, seed  # noqa: E402
from bench.endpoints import ENDPOINTS, HOME_PAGE, POSTS_LIST, Endpoint, Seeded  # noqa: E402
from bench.report import Runs, format_summary, home_page_shares, summarize  # noqa: E402
from bench.wrk import run_wrk  # noqa: E402

DATABASE_URL = os.environ.get("DATABASE_URL", "")


def measure(
    base_url: str,
    seeded: Seeded,
    endpoints: Iterable[Endpoint],
    args: argparse.Namespace,
    before_each: Callable[[], None] = lambda: None,
) -> dict[str, dict]:
    results = {}
    for endpoint in endpoints:
        load = endpoint.load(seeded)
        if args.warmup:
            before_each()
            run_wrk(base_url, load, args.warmup, args.connections)
        before_each()
        measured = run_wrk(base_url, load, args.duration, args.connections)
        results[endpoint.name] = asdict(measured)
        print(
            f"    {endpoint.name:<26} {measured.rps:>8.1f} req/s  p50 {measured.p50_ms:>7.1f} ms  "
            f"p99 {measured.p99_ms:>7.1f} ms  errors {measured.errors}",
            flush=True,
        )
    return results


def compare(args, workdir: Path, endpoints: list[Endpoint]) -> tuple[Runs, list | None]:
    """Each app, each worker count, each round; the first answers of ours, recorded."""
    ours = Ours(workdir, args.server)
    apps: list[Ours | Peer] = [ours]
    if args.peer:
        peer = Peer(workdir, Path(args.peer))
        peer.install()
        apps.append(peer)
    runs: Runs = {}
    responses = None
    for round_number in range(1, args.rounds + 1):
        for workers in args.workers:
            # Alternate who goes first, so neither always meets the other's leftovers.
            for app in apps if round_number % 2 else apps[::-1]:
                label = f"{app.name}-{workers}w-r{round_number}"
                print(f"== round {round_number}: {app.name}, {workers} worker(s)", flush=True)
                with (
                    Database(workdir, label, DATABASE_URL) as database,
                    app.serve(workers, database) as server,
                ):
                    seeded = seed(server.url, args.users, args.posts)
                    measured = measure(
                        server.url,
                        seeded,
                        [e for e in endpoints if app.pages or not e.page],
                        args,
                        before_each=database.checkpoint,
                    )
                    runs.setdefault(f"{app.name}-{workers}w", []).append(measured)
                    if app is ours and responses is None:
                        responses = record_responses(server.url, seeded)
    return runs, responses


def ceiling(args, workdir: Path, endpoints: list[Endpoint], responses: list) -> dict:
    """The same server serving the recorded bytes from a bare WSGI callable."""
    anyone = Seeded(post_ids=(1,), own_post_id=1, email="x@example.com", token="x")
    results = {}
    for workers in args.workers:
        print(f"== ceiling: bare WSGI under {args.server}, {workers} worker(s)", flush=True)
        with Ours(workdir, args.server).serve_ceiling(workers, responses) as server:
            results[f"{workers}w"] = measure(server.url, anyone, endpoints, args)
    return results


def growth(args, workdir: Path) -> dict:
    """GET /api/posts and GET / at 100, 1,000 and 10,000 posts, with a profile."""
    ours = Ours(workdir, args.server)
    nobody = Seeded(post_ids=(), own_post_id=0, email="", token="")
    results: dict[int | str, dict] = {}
    for posts in (100, 1_000, 10_000):
        print(f"== growth: {posts} posts, 1 worker", flush=True)
        with Database(workdir, f"growth-{posts}", DATABASE_URL) as database:
            env = ours.seed(database, users=20, posts=posts)
            with ours.serve(1, database) as server:
                row = {}
                for endpoint in (POSTS_LIST, HOME_PAGE):
                    database.checkpoint()
                    m = run_wrk(server.url, endpoint.load(nobody), args.growth_duration, 4)
                    row[endpoint.name] = {
                        "ms_per_request": round(1000 / m.rps, 2) if m.rps else None,
                        "bytes": m.bytes_per_request,
                        "rps": m.rps,
                        "errors": m.errors,
                    }
                    print(
                        f"    {endpoint.name:<16} {row[endpoint.name]['ms_per_request']:>8} "
                        f"ms/request  {m.bytes_per_request:>10,} bytes",
                        flush=True,
                    )
            results[posts] = row
            if posts == 10_000:
                results["profile"] = profile(env)
    return results


def profile(env: dict) -> dict[str, str]:
    """Where the time goes, in-process, under pyinstrument (written beside the results)."""
    out = {}
    for path in ("/api/posts", "/"):
        out[path] = subprocess.run(
            [sys.executable, str(HERE / "profile_requests.py"), path],
            cwd=HERE.parent,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        ).stdout
    return out


def what_was_measured(server: str) -> dict:
    """The code and the versions behind the numbers: the commit (with "-dirty" when the
    tree had changes), Python, and the packages that matter most for speed."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=HERE.parent, capture_output=True, text=True)
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    if git("status", "--porcelain", "--untracked-files=no"):
        commit += "-dirty"
    packages = ("django", "django-ninja", "pydantic", "pydantic-core", "psycopg", "orjson", "pyjwt")
    return {
        "commit": commit,
        "python": platform.python_version(),
        "server": server,
        "versions": {name: installed_version(name) for name in (*packages, server_package(server))},
    }


def server_package(server: str) -> str:
    return "granian" if server == "granian" else "gunicorn"


def installed_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--peer", help="folder of the FastAPI original, to compare with")
    parser.add_argument("--rounds", type=int, help="alternating rounds (default 3; 1 if --quick)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per endpoint")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--growth-duration", type=int, default=5)
    parser.add_argument(
        "--endpoint",
        action="append",
        choices=[e.name for e in ENDPOINTS],
        help="measure only this endpoint (repeatable; default all)",
    )
    parser.add_argument(
        "--server", choices=SERVERS, default=SERVERS[0], help="ours served by (default %(default)s)"
    )
    parser.add_argument("--quick", action="store_true", help="4 s runs, 1 round unless --rounds")
    parser.add_argument("--no-ceiling", action="store_true")
    parser.add_argument("--no-growth", action="store_true")
    parser.add_argument("--out", help="results file (default bench/results/<time>.json)")
    args = parser.parse_args(argv)
    if args.quick:
        args.duration, args.warmup, args.growth_duration = 4, 1, 3
    args.rounds = args.rounds or (1 if args.quick else 3)
    return args


def main() -> None:
    args = parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk not found: sudo apt-get install wrk")
    # A plain kill stops the servers and drops the databases too, as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    endpoints = [e for e in ENDPOINTS if not args.endpoint or e.name in args.endpoint]
    database = "postgresql" if DATABASE_URL.startswith("postgres") else "sqlite"
    print(f"database: {database}", flush=True)

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="blog-bench-") as tmp:
        workdir = Path(tmp)
        runs, responses = compare(args, workdir, endpoints)
        ceiling_results = (
            {}
            if args.no_ceiling or responses is None  # None: no round of ours ran
            else ceiling(args, workdir, endpoints, responses)
        )
        growth_results = {} if args.no_growth else growth(args, workdir)
    summary = summarize(runs, ceiling_results, args.workers)
    print(format_summary(summary, args.rounds))

    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "host": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "measured": what_was_measured(args.server),
        "database": database,
        "settings": {
            **{k: v for k, v in vars(args).items() if k not in ("out", "peer")},
            "peer": Path(args.peer).name if args.peer else None,  # no local paths in results
        },
        "summary": summary,
        "home_page_ceiling_share": home_page_shares(summary),
        "runs": runs,
        "ceiling": ceiling_results,
        "growth": {k: v for k, v in growth_results.items() if k != "profile"},
        "minutes": round((time.monotonic() - started) / 60, 1),
    }
    out = Path(args.out) if args.out else HERE / "results" / f"{datetime.now():%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    for path, text in growth_results.get("profile", {}).items():
        name = "api-posts" if path == "/api/posts" else "home"
        (out.parent / f"{out.stem}-profile-{name}.txt").write_text(text)
    print(f"\nresults -> {out} ({result['minutes']} min)")


if __name__ == "__main__":
    main()
