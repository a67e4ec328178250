"""Every error under /api is JSON, as in the FastAPI app: {"detail": ...}."""

from http import HTTPStatus

import pytest
from django.urls import path

from blogproj.urls import urlpatterns as project_urlpatterns
from posts.models import Post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/api/nope", "/api/posts/abc", "/api/users/abc", "/api/posts/-1", "/api/"]
)
def test_unknown_api_url_is_json_404(api, url):
    response = api.get(url)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not Found"}


def test_post_id_zero_is_post_not_found(api):
    response = api.get("/api/posts/0")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json() == {"detail": "Post not found"}


@pytest.mark.parametrize("url", ["/api/posts/99999999999999999999", "/api/users/" + "9" * 40])
def test_id_beyond_64_bits_is_422(api, url):
    response = api.get(url)

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
def test_wrong_method_is_json_405_with_allow(api, method, url, allow):
    response = getattr(api.client, method)(url)

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response.json() == {"detail": "Method Not Allowed"}
    assert set(response["Allow"].split(", ")) == allow


def test_malformed_json_is_422(api, user):
    response = api.post("/api/posts", '{"title": "x", ', user=user)

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    [error] = response.json()["detail"]
    assert error["type"] == "json_invalid"
    assert error["loc"][0] == "body"
    assert not Post.objects.exists()


def test_missing_body_is_422(api, user):
    response = api.post("/api/posts", user=user)

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert [(e["type"], e["loc"]) for e in response.json()["detail"]] == [
        ("missing", ["body", "title"]),
        ("missing", ["body", "content"]),
    ]


def crash(request):
    raise RuntimeError("boom")


@pytest.fixture
def crashing_api_url(settings):
    """A URL under /api/ whose view fails, outside any Ninja operation."""

    class Urls:
        urlpatterns = [path("api/crash", crash), *project_urlpatterns]

    settings.ROOT_URLCONF = Urls
    return "/api/crash"


def test_server_error_under_api_is_json_500(client, crashing_api_url):
    client.raise_request_exception = False

    response = client.get(crashing_api_url)

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert response.json() == {"detail": "Internal Server Error"}
    assert "boom" not in response.content.decode()


def test_server_error_inside_an_operation_is_json_500(api, monkeypatch, db):
    def broken(*args, **kwargs):
        raise RuntimeError("database exploded")

    monkeypatch.setattr("posts.api.post_rows", broken)
    api.client.raise_request_exception = False

    response = api.get("/api/posts")

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert response.json() == {"detail": "Internal Server Error"}
