"""The OpenAPI document behind /api/docs: every operation, the OAuth2 password scheme."""

import re
from collections import defaultdict
from http import HTTPStatus
from pathlib import Path

import pytest

from tests.api_answers import API_ANSWERS
from tests.operations import OPERATIONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == HTTPStatus.OK
    return response.json()


def test_every_operation_of_the_contract_is_documented(schema):
    documented = {(method, path) for path, item in schema["paths"].items() for method in item}
    assert documented == {(operation.method, operation.path) for operation in OPERATIONS}


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_protected_operations_declare_the_scheme(schema, operation):
    security = schema["paths"][operation.path][operation.method].get("security")
    assert security == ([{"JWTAuth": []}] if operation.auth else None)


def test_security_scheme_is_oauth2_password_flow_at_the_token_url(schema):
    assert schema["components"]["securitySchemes"] == {
        "JWTAuth": {
            "type": "oauth2",
            "flows": {"password": {"tokenUrl": "/api/users/token", "scopes": {}}},
        }
    }


def test_schemas_carry_the_fastapi_names(schema):
    names = set(schema["components"]["schemas"])
    assert {
        "UserCreate",
        "UserPublic",
        "UserPrivate",
        "UserUpdate",
        "Token",
        "PostCreate",
        "PostUpdate",
        "PostResponse",
    } <= names
    assert "user_id" not in schema["components"]["schemas"]["PostCreate"]["properties"]


def test_token_endpoint_takes_a_form(schema):
    body = schema["paths"]["/api/users/token"]["post"]["requestBody"]["content"]
    assert list(body) == ["application/x-www-form-urlencoded"]


def test_docs_page_loads_its_assets_locally(client):
    response = client.get("/api/docs")

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "/static/ninja/swagger-ui" in html
    assert "cdn" not in html.lower()


@pytest.mark.last
def test_every_answer_is_documented_and_every_documented_answer_is_seen(schema, request):
    """Each status the tests saw an operation answer is in its documented responses, and,
    when the whole suite ran, each documented status was seen: no guessing either way."""
    documented = {
        (method, path): {int(status) for status in operation["responses"]}
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    }
    seen = answers_by_operation(documented)

    # A 500 is a bug, never documented: only the tests that crash on purpose see one.
    undocumented = {
        operation: sorted(statuses - documented[operation] - {500})
        for operation, statuses in seen.items()
        if statuses - documented[operation] - {500}
    }
    assert not undocumented, f"answered, but not in the docs: {undocumented}"

    test_files = {item.path.name for item in request.session.items}
    if test_files >= {path.name for path in Path(__file__).parent.glob("test_*.py")}:
        never_seen = {
            operation: sorted(statuses - seen[operation])
            for operation, statuses in documented.items()
            if statuses - seen[operation]
        }
        assert not never_seen, f"in the docs, but no test saw it: {never_seen}"


def answers_by_operation(documented) -> dict[tuple[str, str], set[int]]:
    """The recorded answers, each under the operation whose path its URL is: a literal
    path first (/api/users/me), else the template it fits (/api/posts/7 and
    /api/posts/abc under /api/posts/{post_id}). A method an operation lacks (a 405)
    belongs to no operation."""
    paths = {path for _, path in documented}
    templates = [
        (re.compile("^" + re.sub(r"\{\w+\}", "[^/]+", path) + "$"), path)
        for path in paths
        if "{" in path
    ]
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    for (method, url), statuses in API_ANSWERS.items():
        if url in paths:
            path = url
        else:
            path = next((path for pattern, path in templates if pattern.match(url)), "")
        if (method, path) in documented:
            seen[method, path] |= statuses
    return seen
