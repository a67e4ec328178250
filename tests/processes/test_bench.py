"""The benchmark's own parts (bench/): the endpoint records, reading wrk's output, the
report, and one short wrk run against the ceiling app when wrk is installed."""

import base64
import json
import shutil
from pathlib import Path

import pytest

from bench.app_servers import Database, server_command
from bench.endpoints import ENDPOINTS, HOME_PAGE, PASSWORD, Seeded
from bench.report import format_summary, home_page_shares, summarize
from bench.wrk import parse, run_wrk
from tests.servers import production_env, serve

SEEDED = Seeded(post_ids=(7, 8, 9), own_post_id=8, email="ann@example.com", token="tok")


def by_name(name):
    return next(e for e in ENDPOINTS if e.name == name)


def test_the_endpoints_keep_their_reported_names_and_order():
    assert [e.name for e in ENDPOINTS] == [
        "GET /api/posts",
        "GET /api/posts/{id}",
        "GET /api/users/me",
        "GET / (page)",
        "GET /posts/{id} (page)",
        "PATCH /api/posts/{id}",
        "POST /api/posts",
        "POST /api/users/token",  # last: its queued hashes would delay what came next
    ]
    assert HOME_PAGE.name == "GET / (page)"


def test_an_endpoint_turns_into_the_requests_wrk_sends():
    one_post = by_name("GET /api/posts/{id}").load(SEEDED)
    assert one_post.paths == ("/api/posts/7", "/api/posts/8", "/api/posts/9")
    assert (one_post.body, one_post.token) == ("", "")

    patch = by_name("PATCH /api/posts/{id}").load(SEEDED)
    assert patch.paths == ("/api/posts/8",)  # only the user's own post
    assert json.loads(patch.body) == {"title": "T"}  # the table of operations' body
    assert (patch.content_type, patch.token) == ("application/json", "tok")

    login = by_name("POST /api/users/token").load(SEEDED)
    assert login.body == f"username=ann%40example.com&password={PASSWORD}"
    assert login.content_type == "application/x-www-form-urlencoded"
    assert login.token == ""

    assert by_name("GET /api/users/me").load(SEEDED).token == "tok"


def test_only_pages_are_left_out_for_the_fastapi_original():
    assert {e.name for e in ENDPOINTS if e.page} == {"GET / (page)", "GET /posts/{id} (page)"}


def test_wrk_output_is_read_from_its_bench_json_line():
    output = (
        "Running 4s test @ http://127.0.0.1:1\n"
        'BENCH_JSON {"requests": 2000, "duration_us": 4000000, "bytes": 1000000, '
        '"errors": {"connect": 0, "read": 1, "write": 0, "status": 2, "timeout": 0}, '
        '"latency_us": {"p50": 7500, "p90": 9000, "p99": 12345, "mean": 7600.0, "max": 20000}}\n'
    )
    measured = parse(output)
    assert (measured.rps, measured.p50_ms, measured.p99_ms) == (500.0, 7.5, 12.35)
    assert (measured.errors, measured.requests, measured.bytes_per_request) == (3, 2000, 500)
    with pytest.raises(ValueError, match="no BENCH_JSON"):
        parse("wrk: connection refused")


def measurement(rps, p99=10.0, errors=0):
    return {"rps": rps, "p50_ms": p99 / 2, "p99_ms": p99, "errors": errors}


def test_the_report_gives_median_ratios_their_spread_and_the_home_pages_share():
    api, page = "GET /api/posts/{id}", "GET / (page)"
    ours = [
        {api: measurement(900), page: measurement(200)},
        {api: measurement(600, errors=1), page: measurement(180)},
        {api: measurement(1000), page: measurement(220)},
    ]
    theirs = [{api: measurement(300, p99=50)} for _ in range(3)]
    ceiling = {"1w": {api: measurement(4000), page: measurement(2000)}}

    summary = summarize({"django-1w": ours, "fastapi-1w": theirs}, ceiling, [1])

    row = summary["1w"][api]
    assert (row["django_rps"], row["fastapi_rps"]) == (900, 300)
    assert (row["ratio"], row["ratio_min"], row["ratio_max"]) == (3.0, 2.0, 3.33)
    assert (row["django_p99_ms"], row["fastapi_p99_ms"]) == (10.0, 50.0)
    assert (row["django_errors"], row["fastapi_errors"]) == (1, 0)
    assert row["of_ceiling"] == 0.225
    assert "ratio" not in summary["1w"][page]  # the original has no pages
    assert home_page_shares(summary) == {"1w": {"rps": 200, "ceiling_rps": 2000, "share": 0.1}}

    table = format_summary(summary, rounds=3)
    assert "3.00x   2.00-3.33" in table
    assert "Home page (GET /), 1 worker(s): 200.0 req/s, 10.0% of the bare WSGI ceiling" in table


def test_each_app_gets_its_own_fresh_postgresql_database_beside_the_named_one(tmp_path):
    database = Database(tmp_path, "django-1w-r1", "postgres://pg@db.example:5433/blog")
    assert database.name.startswith("bench_")
    assert database.name.endswith("_django_1w_r1")
    assert database.django_url == f"postgres://pg@db.example:5433/{database.name}"
    assert database.sqlalchemy_url == f"postgresql+psycopg://pg@db.example:5433/{database.name}"

    on_sqlite = Database(tmp_path, "fastapi-2w-r1")
    assert on_sqlite.django_url == f"sqlite:///{tmp_path / 'fastapi-2w-r1.sqlite3'}"
    assert on_sqlite.sqlalchemy_url == f"sqlite+aiosqlite:///{tmp_path / 'fastapi-2w-r1.sqlite3'}"
    on_sqlite.checkpoint()  # nothing to do, nothing to connect to


@pytest.mark.skipif(not shutil.which("wrk"), reason="needs wrk")
def test_a_short_wrk_run_against_the_ceiling_app(tmp_path: Path):
    body = b'{"id": 1}'
    answer = ["GET", "/api/posts/", "200 OK", "application/json", base64.b64encode(body).decode()]
    (tmp_path / "responses.json").write_text(json.dumps([answer]))
    command, server_env = server_command("granian", "bench.ceiling", workers=1)
    env = production_env(CEILING_RESPONSES=str(tmp_path / "responses.json"), **server_env)

    with serve(command, env, tmp_path) as s:
        measured = run_wrk(s.url, by_name("GET /api/posts/{id}").load(SEEDED), 1, 2)

    assert measured.requests > 0
    assert measured.errors == 0
    assert measured.bytes_per_request > len(body)  # the body and its headers
