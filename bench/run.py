"""Benchmark the blog under gunicorn, side by side with the FastAPI original.

    .venv/bin/python bench/run.py                                # ours, 1 and 2 workers
    .venv/bin/python bench/run.py --peer path/to/fastapi_ref     # and the original
    .venv/bin/python bench/run.py --quick                        # shorter runs

For each worker count and round: start the server on a fresh database (SQLite, or a
fresh PostgreSQL database when DATABASE_URL points at one), seed 20 users and 500 posts
through the API, then drive each endpoint with wrk and record req/s, p50, p99 and errors.
With --peer, the FastAPI original is measured in the same run, alternating with ours,
and the median ratio ours / FastAPI is printed per endpoint and worker count. The
ceiling (a bare WSGI app under the same gunicorn serving the recorded bytes) and the
growth at 100 / 1,000 / 10,000 posts, with a profile, complete the picture.

Loopback only; every server is stopped by its PID; each wrk run is bounded.
See docs/performance.md.
"""

import argparse
import base64
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
PASSWORD = "bench-password"

# name, method, paths, body, content type, token; in this order: the writes go last, and
# the logins at the very end (the Argon2 hashes still queued when wrk stops would delay
# whatever came next).
ENDPOINTS = [
    ("GET /api/posts", "GET", "list", None, None, None),
    ("GET /api/posts/{id}", "GET", "detail", None, None, None),
    ("GET /api/users/me", "GET", "me", None, None, "me"),
    ("GET / (page)", "GET", "home", None, None, None),
    ("GET /posts/{id} (page)", "GET", "post_page", None, None, None),
    (
        "PATCH /api/posts/{id}",
        "PATCH",
        "owned",
        '{"title": "Patched by the benchmark"}',
        None,
        "me",
    ),
    (
        "POST /api/posts",
        "POST",
        "list",
        '{"title": "Bench post", "content": "Written by wrk."}',
        None,
        "me",
    ),
    ("POST /api/users/token", "POST", "token", "login", "application/x-www-form-urlencoded", None),
]
PAGES = {"GET / (page)", "GET /posts/{id} (page)"}  # the FastAPI original has no pages


# ---- servers ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds}s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


class Ours:
    name = "django"

    def __init__(self, workdir: Path):
        self.workdir = workdir

    def env(self, database_url: str) -> dict:
        return {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "THROTTLE_"))},
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "benchmark-secret-" + "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback
            "DJANGO_STATIC_ROOT": str(self.workdir / "static"),
            "DATABASE_URL": database_url,
            "THROTTLE_LOGIN_RATE": "1000000/min",
            "THROTTLE_SIGNUP_RATE": "1000000/min",
        }

    def start(self, workers: int, database_url: str, app: str = "blogproj.wsgi", extra_env=None):
        env = {**self.env(database_url), **(extra_env or {})}
        if app == "blogproj.wsgi":
            for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
                subprocess.run(
                    [PYTHON, "manage.py", *command],
                    cwd=ROOT,
                    env=env,
                    check=True,
                    capture_output=True,
                    timeout=300,
                )
        port = free_port()
        log = open(self.workdir / f"{self.name}-{port}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                app,
                f"--bind=127.0.0.1:{port}",
                f"--workers={workers}",
                "--access-logfile=/dev/null",  # as the peer runs: --no-access-log
                "--max-requests=0",  # no worker recycling in the middle of a measurement
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{port}"
        wait_for(base_url + ("/healthz" if app == "blogproj.wsgi" else "/api/posts"), process)
        return process, base_url


class Peer:
    name = "fastapi"

    def __init__(self, workdir: Path, path: Path):
        self.workdir, self.path = workdir, path.resolve()
        self.venv = HERE / ".venvs" / "peer"

    def install(self) -> None:
        requirements = self.path / "requirements.txt"
        stamp = self.venv / ".requirements"
        if stamp.exists() and stamp.read_text() == requirements.read_text():
            return
        if not (self.venv / "bin" / "python").exists():
            subprocess.run([PYTHON, "-m", "venv", str(self.venv)], check=True)
        subprocess.run(
            [str(self.venv / "bin" / "pip"), "install", "-q", "-r", str(requirements)], check=True
        )
        stamp.write_text(requirements.read_text())

    def start(self, workers: int, database_file: Path):
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite+aiosqlite:///{database_file}",
            "SECRET_KEY": "benchmark-secret-" + "x" * 50,
        }
        create_tables = (
            "import asyncio, models\nfrom database import Base, engine\n"
            "async def main():\n    async with engine.begin() as c:\n"
            "        await c.run_sync(Base.metadata.create_all)\n    await engine.dispose()\n"
            "asyncio.run(main())\n"
        )
        python = str(self.venv / "bin" / "python")
        subprocess.run([python, "-c", create_tables], cwd=self.path, env=env, check=True)
        port = free_port()
        log = open(self.workdir / f"{self.name}-{port}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [
                python,
                "-m",
                "uvicorn",
                "main:app",
                "--host=127.0.0.1",
                f"--port={port}",
                f"--workers={workers}",
                "--log-level=warning",
                "--no-access-log",
            ],
            cwd=self.path,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{port}"
        wait_for(base_url + "/api/posts", process)
        return process, base_url


class FreshDatabase:
    """A fresh SQLite file, or a fresh PostgreSQL database when DATABASE_URL says so."""

    def __init__(self, workdir: Path, label: str):
        self.workdir, self.label = workdir, label
        self.server_url = os.environ.get("DATABASE_URL", "")

    def __enter__(self) -> str:
        if not self.server_url.startswith("postgres"):
            return f"sqlite:///{self.workdir / (self.label + '.sqlite3')}"
        import psycopg

        self.name = f"blog_bench_{os.getpid()}_{self.label}".replace("-", "_")
        with psycopg.connect(self._url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
            conn.execute(f'CREATE DATABASE "{self.name}"')
        return self._url(self.name)

    def __exit__(self, *exc):
        if self.server_url.startswith("postgres"):
            import psycopg

            with psycopg.connect(self._url("postgres"), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _url(self, database: str) -> str:
        return urllib.parse.urlsplit(self.server_url)._replace(path="/" + database).geturl()


# ---- seeding and measuring ---------------------------------------------------------------


def call(base_url, method, path, json_body=None, form=None, token=None):
    headers = {"Accept": "application/json"}
    data = None
    if json_body is not None:
        data, headers["Content-Type"] = json.dumps(json_body).encode(), "application/json"
    elif form is not None:
        data = urllib.parse.urlencode(form).encode()
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(base_url + path, data, headers, method=method)
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, response.headers.get("Content-Type"), response.read()


def seed(base_url: str, users: int, posts: int) -> dict:
    """Through the API, as a client would: register, log in, write posts."""
    run = os.urandom(3).hex()

    def make_user(i):
        name = f"bench_{run}_{i}"
        email = f"{name}@example.com"
        _, _, body = call(
            base_url, "POST", "/api/users", {"username": name, "email": email, "password": PASSWORD}
        )
        _, _, token = call(
            base_url, "POST", "/api/users/token", form={"username": email, "password": PASSWORD}
        )
        return {
            "id": json.loads(body)["id"],
            "email": email,
            "token": json.loads(token)["access_token"],
        }

    def make_post(i):
        owner = made[i % len(made)]
        body = {"title": f"Seed post {i}", "content": f"Seeded content number {i}. " * 5}
        _, _, answer = call(base_url, "POST", "/api/posts", body, token=owner["token"])
        return json.loads(answer)["id"]

    with ThreadPoolExecutor(8) as pool:
        made = list(pool.map(make_user, range(users)))
        post_ids = list(pool.map(make_post, range(posts)))
    return {"users": made, "post_ids": post_ids, "owned": post_ids[0], "me": made[0]}


def paths_for(kind: str, seeded: dict) -> list[str]:
    return {
        "list": ["/api/posts"],
        "detail": [f"/api/posts/{i}" for i in seeded["post_ids"]],
        "me": ["/api/users/me"],
        "token": ["/api/users/token"],
        "home": ["/"],
        "post_page": [f"/posts/{i}" for i in seeded["post_ids"]],
        "owned": [f"/api/posts/{seeded['owned']}"],
    }[kind]


def body_for(body, seeded):
    if body == "login":
        return urllib.parse.urlencode({"username": seeded["me"]["email"], "password": PASSWORD})
    return body


def wrk(base_url, method, paths, body, content_type, token, seconds, connections):
    with tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False) as fh:
        fh.write("\n".join(paths) + "\n")
    env = dict(
        os.environ,
        BENCH_METHOD=method,
        BENCH_PATHS=fh.name,
        BENCH_BODY=body or "",
        BENCH_CONTENT_TYPE=content_type or "",
        BENCH_TOKEN=token or "",
    )
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(HERE / "wrk.lua"),
        base_url,
    ]
    try:
        out = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=seconds + 30, check=True
        ).stdout
    finally:
        os.unlink(fh.name)
    raw = json.loads(re.search(r"^BENCH_JSON (.*)$", out, re.M).group(1))
    secs = raw["duration_us"] / 1e6
    return {
        "rps": round(raw["requests"] / secs, 1),
        "p50_ms": round(raw["latency_us"]["p50"] / 1000, 2),
        "p99_ms": round(raw["latency_us"]["p99"] / 1000, 2),
        "errors": sum(raw["errors"].values()),
        "requests": raw["requests"],
        "bytes_per_request": round(raw["bytes"] / max(raw["requests"], 1)),
    }


def measure(base_url, seeded, args, skip=()):
    results = {}
    for name, method, kind, body, content_type, token in ENDPOINTS:
        if name in skip:
            continue
        arguments = (
            base_url,
            method,
            paths_for(kind, seeded),
            body_for(body, seeded),
            content_type,
            seeded["me"]["token"] if token else None,
        )
        if args.warmup:
            wrk(*arguments, args.warmup, args.connections)
        results[name] = wrk(*arguments, args.duration, args.connections)
        m = results[name]
        print(
            f"    {name:<26} {m['rps']:>8.1f} req/s  p50 {m['p50_ms']:>7.1f} ms  "
            f"p99 {m['p99_ms']:>7.1f} ms  errors {m['errors']}",
            flush=True,
        )
    return results


def record_responses(base_url, seeded) -> list:
    """One real answer per endpoint, for the ceiling app to replay byte for byte."""
    recorded = []
    for _name, method, kind, body, content_type, token in ENDPOINTS:
        path = paths_for(kind, seeded)[0]
        headers = {"Authorization": f"Bearer {seeded['me']['token']}"} if token else {}
        data = body_for(body, seeded)
        if data:
            headers["Content-Type"] = content_type or "application/json"
        request = urllib.request.Request(
            base_url + path, data and data.encode(), headers, method=method
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            status = f"{response.status} {response.reason}"
            answer = [
                method,
                path,
                status,
                response.headers["Content-Type"],
                base64.b64encode(response.read()).decode(),
            ]
        if kind in ("detail", "post_page", "owned"):
            answer[1] = path.rsplit("/", 1)[0] + "/"  # any id
        recorded.append(answer)
    # Most specific first: "/api/posts/" before "/api/posts".
    return sorted(recorded, key=lambda r: -len(r[1]))


# ---- the three parts ----------------------------------------------------------------------


def compare(args, workdir: Path) -> dict:
    ours = Ours(workdir)
    peer = Peer(workdir, Path(args.peer)) if args.peer else None
    if peer:
        peer.install()
    runs = {}  # (server, workers) -> [results per round]
    responses = None
    for round_number in range(1, args.rounds + 1):
        for workers in args.workers:
            order = [ours, peer] if round_number % 2 else [peer, ours]
            for server in filter(None, order):
                label = f"{server.name}-{workers}w-r{round_number}"
                print(f"== round {round_number}: {server.name}, {workers} worker(s)", flush=True)
                with FreshDatabase(workdir, label) as database_url:
                    if server is ours:
                        process, base_url = ours.start(workers, database_url)
                    else:
                        process, base_url = peer.start(workers, workdir / f"{label}.db")
                    try:
                        seeded = seed(base_url, args.users, args.posts)
                        skip = PAGES if server is peer else ()
                        runs.setdefault(f"{server.name}-{workers}w", []).append(
                            measure(base_url, seeded, args, skip)
                        )
                        if server is ours and responses is None:
                            responses = record_responses(base_url, seeded)
                    finally:
                        stop(process)
    return {"runs": runs, "responses": responses}


def ceiling(args, workdir: Path, responses: list) -> dict:
    """The same gunicorn serving the recorded bytes from a bare WSGI callable."""
    recorded = workdir / "responses.json"
    recorded.write_text(json.dumps(responses))
    fake = {"post_ids": [1], "owned": 1, "me": {"email": "x@example.com", "token": "x"}}
    results = {}
    for workers in args.workers:
        print(f"== ceiling: bare WSGI under gunicorn, {workers} worker(s)", flush=True)
        process, base_url = Ours(workdir).start(
            workers, "", app="bench.ceiling", extra_env={"CEILING_RESPONSES": str(recorded)}
        )
        try:
            results[f"{workers}w"] = measure(base_url, fake, args)
        finally:
            stop(process)
    return results


def growth(args, workdir: Path) -> dict:
    """GET /api/posts and GET / at 100, 1,000 and 10,000 posts, with a profile."""
    ours = Ours(workdir)
    results = {}
    for posts in (100, 1_000, 10_000):
        print(f"== growth: {posts} posts, 1 worker", flush=True)
        with FreshDatabase(workdir, f"growth-{posts}") as database_url:
            env = ours.env(database_url)
            subprocess.run(
                [PYTHON, "manage.py", "migrate", "--noinput"],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
            )
            subprocess.run(
                [
                    PYTHON,
                    "manage.py",
                    "seed",
                    "--users",
                    "20",
                    "--posts",
                    str(posts),
                    "--seed",
                    "1",
                ],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
            )
            process, base_url = ours.start(1, database_url)
            try:
                row = {}
                for name, path in (("GET /api/posts", "/api/posts"), ("GET / (page)", "/")):
                    m = wrk(base_url, "GET", [path], None, None, None, args.growth_duration, 4)
                    row[name] = {
                        "ms_per_request": round(1000 / m["rps"], 2) if m["rps"] else None,
                        "bytes": m["bytes_per_request"],
                        "rps": m["rps"],
                        "errors": m["errors"],
                    }
                    print(
                        f"    {name:<16} {row[name]['ms_per_request']:>8} ms/request  "
                        f"{row[name]['bytes']:>10,} bytes",
                        flush=True,
                    )
                results[posts] = row
                if posts == 10_000:
                    results["profile"] = profile(env)
            finally:
                stop(process)
    return results


def profile(env: dict) -> dict:
    """Where the time goes, in-process, under pyinstrument (written to results/)."""
    script = HERE / "profile_requests.py"
    out = {}
    for path in ("/api/posts", "/"):
        result = subprocess.run(
            [PYTHON, str(script), path],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        out[path] = result.stdout
    return out


# ---- reporting ---------------------------------------------------------------------------


def median(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 2) if values else None


def summarize(compared: dict, ceiling_results: dict, workers_list) -> dict:
    summary = {}
    for workers in workers_list:
        ours_runs = compared["runs"].get(f"django-{workers}w", [])
        peer_runs = compared["runs"].get(f"fastapi-{workers}w", [])
        for name, *_ in ENDPOINTS:
            row = {
                "django_rps": median([r[name]["rps"] for r in ours_runs]),
                "django_p50_ms": median([r[name]["p50_ms"] for r in ours_runs]),
                "django_p99_ms": median([r[name]["p99_ms"] for r in ours_runs]),
                "django_errors": sum(r[name]["errors"] for r in ours_runs),
            }
            if peer_runs and name not in PAGES:
                pairs = list(zip(ours_runs, peer_runs, strict=False))
                row |= {
                    "fastapi_rps": median([r[name]["rps"] for r in peer_runs]),
                    "fastapi_p99_ms": median([r[name]["p99_ms"] for r in peer_runs]),
                    "fastapi_errors": sum(r[name]["errors"] for r in peer_runs),
                    "ratio": median([o[name]["rps"] / p[name]["rps"] for o, p in pairs]),
                }
            top = ceiling_results.get(f"{workers}w", {}).get(name)
            if top and row["django_rps"]:
                row["ceiling_rps"] = top["rps"]
                row["of_ceiling"] = round(row["django_rps"] / top["rps"], 3)
            summary.setdefault(f"{workers}w", {})[name] = row
    return summary


def print_summary(summary: dict) -> None:
    for workers, rows in summary.items():
        print(f"\n{workers}: medians over the rounds")
        print(
            f"{'endpoint':<26} {'django':>9} {'p50':>7} {'p99':>7} {'err':>4} | "
            f"{'fastapi':>8} {'p99':>7} {'err':>4} | {'ratio':>6} | {'ceiling':>8} {'share':>6}"
        )
        for name, row in rows.items():
            peer = (
                f"{row['fastapi_rps']:>8.1f} {row['fastapi_p99_ms']:>7.1f} "
                f"{row['fastapi_errors']:>4} | {row['ratio']:>5.2f}x"
                if "ratio" in row
                else f"{'-':>8} {'':>7} {'':>4} | {'':>6}"
            )
            top = (
                f"{row['ceiling_rps']:>8.0f} {row['of_ceiling']:>6.1%}"
                if "ceiling_rps" in row
                else ""
            )
            print(
                f"{name:<26} {row['django_rps']:>9.1f} {row['django_p50_ms']:>7.1f} "
                f"{row['django_p99_ms']:>7.1f} {row['django_errors']:>4} | {peer} | {top}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--peer", help="folder of the FastAPI original, to compare with")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds (default 3)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per endpoint")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--growth-duration", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="1 round, 4 s runs")
    parser.add_argument("--no-ceiling", action="store_true")
    parser.add_argument("--no-growth", action="store_true")
    parser.add_argument("--out", help="results file (default bench/results/<time>.json)")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.duration, args.warmup, args.growth_duration = 1, 4, 1, 3
    if not shutil.which("wrk"):
        sys.exit("wrk not found: sudo apt-get install wrk")

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="blog-bench-") as tmp:
        workdir = Path(tmp)
        compared = compare(args, workdir)
        ceiling_results = {} if args.no_ceiling else ceiling(args, workdir, compared["responses"])
        growth_results = {} if args.no_growth else growth(args, workdir)
    summary = summarize(compared, ceiling_results, args.workers)
    print_summary(summary)

    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "host": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "database": "postgresql"
        if os.environ.get("DATABASE_URL", "").startswith("postgres")
        else "sqlite",
        "settings": {
            **{k: v for k, v in vars(args).items() if k not in ("out", "peer")},
            "peer": Path(args.peer).name if args.peer else None,  # no local paths in results
        },
        "summary": summary,
        "runs": compared["runs"],
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
