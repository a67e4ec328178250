"""The serving stacks the benchmark can measure ours under (`bench/run.py --server`)."""

import base64
import importlib.metadata
import platform
import urllib.request
from pathlib import Path

import pytest

from bench.app_servers import SERVERS, Database, Ours
from bench.run import what_was_measured


@pytest.mark.parametrize("server", SERVERS)
def test_each_serving_stack_serves_the_ceilings_recorded_bytes(tmp_path: Path, server: str):
    body = b'{"id": 1}'
    answer = ["GET", "/api/posts/", "200 OK", "application/json", base64.b64encode(body).decode()]

    with (
        Ours(tmp_path, server).serve_ceiling(1, [answer]) as ceiling,
        urllib.request.urlopen(ceiling.url + "/api/posts/1", timeout=10) as response,
    ):
        assert (response.status, response.read()) == (200, body)


def test_ours_under_granian_signs_up_logs_in_and_answers_me(tmp_path: Path):
    with (
        Database(tmp_path, "granian") as database,
        Ours(tmp_path, "granian").serve(1, database) as server,
    ):
        authorization = server.sign_up_and_log_in("granian")
        status, _, me = server.request("GET", "/api/users/me", headers=authorization)
        assert (status, me["username"]) == (200, "granian")
        status, _, post = server.request(
            "POST", "/api/posts", {"title": "Threads", "content": "Served."}, headers=authorization
        )
        assert status == 201
        assert server.request("GET", "/api/posts")[2] == [post]


def test_a_results_file_records_the_commit_python_and_versions():
    measured = what_was_measured("granian")

    assert measured["commit"].removesuffix("-dirty").isalnum()
    assert measured["python"] == platform.python_version()
    assert measured["server"] == "granian"
    assert measured["versions"]["django"] == importlib.metadata.version("django")
    assert measured["versions"]["django-ninja"] == importlib.metadata.version("django-ninja")
    assert set(measured["versions"]) >= {"pydantic", "psycopg", "granian"}
