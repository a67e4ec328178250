"""The OpenAPI document behind /api/docs: every operation, the OAuth2 password scheme."""

from http import HTTPStatus

import pytest

pytestmark = pytest.mark.django_db

OPERATIONS = {
    ("post", "/api/users"): None,
    ("post", "/api/users/token"): None,
    ("get", "/api/users/me"): "JWTAuth",
    ("get", "/api/users/{user_id}"): None,
    ("get", "/api/users/{user_id}/posts"): None,
    ("patch", "/api/users/{user_id}"): "JWTAuth",
    ("delete", "/api/users/{user_id}"): "JWTAuth",
    ("get", "/api/posts"): None,
    ("post", "/api/posts"): "JWTAuth",
    ("get", "/api/posts/{post_id}"): None,
    ("put", "/api/posts/{post_id}"): "JWTAuth",
    ("patch", "/api/posts/{post_id}"): "JWTAuth",
    ("delete", "/api/posts/{post_id}"): "JWTAuth",
}


@pytest.fixture
def schema(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == HTTPStatus.OK
    return response.json()


def test_every_operation_of_the_contract_is_documented(schema):
    documented = {(method, path) for path, item in schema["paths"].items() for method in item}
    assert documented == set(OPERATIONS)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_protected_operations_declare_the_scheme(schema, method, path):
    security = schema["paths"][path][method].get("security")
    scheme = OPERATIONS[method, path]
    assert security == ([{scheme: []}] if scheme else None)


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
