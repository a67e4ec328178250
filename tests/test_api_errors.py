"""Every error under /api is JSON, as in the FastAPI app: {"detail": ...}."""

from http import HTTPStatus

import pytest

from tests.factories import bearer
from tests.operations import WITH_AN_ID

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/api/nope", "/api/posts/abc", "/api/users/abc", "/api/posts/-1", "/api/"]
)
def test_unknown_api_url_is_json_404(json_client, url):
    response = json_client.get(url)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not Found"}


@pytest.mark.parametrize("operation", WITH_AN_ID, ids=str)
@pytest.mark.parametrize("not_an_id", ["abc", "1.5", "-1", "null"])
def test_an_id_that_is_not_a_whole_number_is_json_404(client, user, operation, not_an_id):
    url = operation.url(user_id=not_an_id, post_id=not_an_id)
    response = operation.send(client, url, bearer(user))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json() == {"detail": "Not Found"}


def test_post_id_zero_is_post_not_found(json_client):
    response = json_client.get("/api/posts/0")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json() == {"detail": "Post not found"}


BEYOND_64_BITS = "9" * 20


@pytest.mark.parametrize("operation", WITH_AN_ID, ids=str)
def test_id_beyond_64_bits_is_422(client, user, operation):
    url = operation.url(user_id=BEYOND_64_BITS, post_id=BEYOND_64_BITS)
    response = operation.send(client, url, bearer(user))

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert response.json()["detail"][0]["loc"][0] == "path"


@pytest.mark.parametrize(
    ("method", "url", "allow"),
    [
        ("put", "/api/posts", {"GET", "POST"}),
        ("post", "/api/posts/1", {"GET", "PUT", "PATCH", "DELETE"}),
        ("get", "/api/users/token", {"POST"}),
    ],
)
def test_wrong_method_is_json_405_with_allow(json_client, method, url, allow):
    response = getattr(json_client.client, method)(url)

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response.json() == {"detail": "Method Not Allowed"}
    assert set(response["Allow"].split(", ")) == allow


def test_missing_body_is_422(json_client, user):
    response = json_client.post("/api/posts", user=user)

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert [(e["type"], e["loc"]) for e in response.json()["detail"]] == [
        ("missing", ["body", "title"]),
        ("missing", ["body", "content"]),
    ]


def test_server_error_under_api_is_json_500(crashing_urls):
    response = crashing_urls.get("/api/boom")

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert response.json() == {"detail": "Internal Server Error"}
    assert "secret detail" not in response.content.decode()


def test_server_error_inside_an_operation_is_json_500(json_client, monkeypatch, db):
    def broken(*args, **kwargs):
        raise RuntimeError("database exploded")

    monkeypatch.setattr("posts.api.post_rows", broken)
    json_client.client.raise_request_exception = False

    response = json_client.get("/api/posts")

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert response.json() == {"detail": "Internal Server Error"}
