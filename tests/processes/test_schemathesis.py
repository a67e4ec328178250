"""Property-based API testing: Schemathesis generates requests from the app's own OpenAPI
document and checks every answer against it: no 5xx; status codes, headers and bodies as
documented; schema-valid input accepted, invalid input (wrong types, missing fields,
malformed framing) refused.

Every phase (the schema's examples, coverage, fuzzing, stateful sequences) and every check,
as an outside fuzzer would run it: the `st` command against a live server, with the
settings in tests/schemathesis.toml. Bounded and deterministic: the same cases each run.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from accounts.auth import create_access_token
from blogproj.api import api
from tests.factories import PASSWORD, make_post, make_user
from tests.servers import BASE_DIR

pytestmark = pytest.mark.django_db(transaction=True)  # the live server sees committed data


def disposable_users(count: int) -> list:
    return [make_user(f"disposable{i}") for i in range(count)]


def test_every_phase_and_every_check_pass(live_server):
    owner = make_user("owner")
    post = make_post(owner)
    env = {
        **os.environ,
        "SCHEMATHESIS_OWNER_USER_ID": str(owner.pk),
        "SCHEMATHESIS_OWNER_POST_ID": str(post.pk),
        "SCHEMATHESIS_OWNER_EMAIL": owner.email,
        "SCHEMATHESIS_OWNER_PASSWORD": PASSWORD,
        "SCHEMATHESIS_OWNER_TOKEN": create_access_token(owner),
        "SCHEMATHESIS_OWNER_BYSTANDER_ID": str(make_user("bystander").pk),
        "SCHEMATHESIS_SPARE_TOKENS": json.dumps([create_access_token(owner) for _ in range(20)]),
        "SCHEMATHESIS_DISPOSABLE_USERS": json.dumps(
            [[user.pk, create_access_token(user)] for user in disposable_users(5)]
        ),
    }
    command = [
        str(Path(sys.executable).parent / "st"),
        "--config-file=tests/schemathesis.toml",
        "--no-color",
        "run",
        f"{live_server.url}/api/openapi.json",
    ]

    result = subprocess.run(
        command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=600
    )

    assert result.returncode == 0, result.stdout[-20_000:] + result.stderr[-5_000:]
    operations = sum(len(item) for item in api.get_openapi_schema()["paths"].values())
    assert f"{operations} selected / {operations} total" in result.stdout
