"""Hostile and broken input: each answers a clear 4xx and changes nothing."""

from http import HTTPStatus

import pytest

from accounts.models import User
from posts.models import Post
from tests.factories import PASSWORD, bearer

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything the API can change, to compare before and after a request."""
    return (
        list(User.objects.order_by("pk").values()),
        list(Post.objects.order_by("pk").values()),
    )


@pytest.fixture
def unchanged(user, post, other_user):
    """Asserts, after the test, that the data is exactly as it was."""
    before = snapshot()
    yield
    assert snapshot() == before


def assert_422_naming(response, *loc):
    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY, response.content
    assert list(loc) in [error["loc"] for error in response.json()["detail"]]


def test_malformed_json(json_client, user, unchanged):
    response = json_client.post("/api/posts", '{"title": "x", "content": ', user=user)

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY
    [error] = response.json()["detail"]
    assert error["type"] == "json_invalid"
    assert error["loc"][0] == "body"


def test_invalid_utf8(json_client, user, unchanged):
    response = json_client.post("/api/posts", b'{"title": "\xff\xfe", "content": "x"}', user=user)

    assert response.status_code == HTTPStatus.UNPROCESSABLE_ENTITY


@pytest.mark.parametrize("body", ["[]", '["title", "content"]', '"a string"', "42", "null"])
def test_json_that_is_not_an_object(json_client, user, post, unchanged, body):
    response = json_client.patch(f"/api/posts/{post.pk}", body, user=user)

    assert_422_naming(response, "body")


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_wrong_content_type(json_client, user, unchanged, content_type):
    response = json_client.post(
        "/api/posts", '{"title": "T", "content": "C"}', user=user, content_type=content_type
    )

    assert_422_naming(response, "body")
    assert "application/json" in response.json()["detail"][0]["msg"]


def test_token_endpoint_sent_json_instead_of_a_form(json_client, user, unchanged):
    response = json_client.post("/api/users/token", {"username": user.email, "password": PASSWORD})

    assert_422_naming(response, "body", "username")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"content": "C"}, "title"),  # missing
        ({"title": None, "content": "C"}, "title"),  # null
        ({"title": "", "content": "C"}, "title"),  # empty
        ({"title": " \t\n ", "content": "C"}, "title"),  # whitespace only
        ({"title": "\u3000\u00a0", "content": "C"}, "title"),  # Unicode spaces only
        ({"title": "x" * 101, "content": "C"}, "title"),  # overlong
        ({"title": "T", "content": "   "}, "content"),
        ({"title": 42, "content": "C"}, "title"),  # wrong type
        ({"title": ["T"], "content": "C"}, "title"),
    ],
)
def test_bad_post_fields(json_client, user, unchanged, body, field):
    assert_422_naming(json_client.post("/api/posts", body, user=user), "body", field)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"username": None}, "username"),
        ({"username": ""}, "username"),
        ({"username": "   "}, "username"),
        ({"username": "x" * 51}, "username"),
        ({"email": None}, "email"),
        ({"email": ""}, "email"),
        ({"email": "no-at-sign"}, "email"),
        ({"email": "a@b"}, "email"),
        ({"email": "x" * 120 + "@example.com"}, "email"),
    ],
)
def test_bad_user_fields(json_client, user, unchanged, change, field):
    assert_422_naming(json_client.patch(f"/api/users/{user.pk}", change, user=user), "body", field)


@pytest.mark.parametrize("field", ["title", "content"])
def test_nul_bytes_in_a_post(json_client, user, post, unchanged, field):
    body = {"title": "T", "content": "C", field: "before\x00after"}

    assert_422_naming(json_client.put(f"/api/posts/{post.pk}", body, user=user), "body", field)


def test_nul_bytes_in_a_username(json_client, unchanged):
    body = {"username": "nul\x00name", "email": "nul@example.com", "password": PASSWORD}

    assert_422_naming(json_client.post("/api/users", body), "body", "username")


NON_ASCII = {
    "username": "Ñandú 🦤 Zoë",
    "email": "zoë@exämple.com",
    "title": "こんにちは 👋 — «ça va?» עברית",
    "content": "Emoji 👩‍👩‍👧‍👦🏳️‍🌈, combining é (e\u0301), RTL שלום, math 𝔘𝔫𝔦𝔠𝔬𝔡𝔢\nand a new line.",
}


def test_emoji_and_other_non_ascii_text_is_stored_and_returned_intact(json_client, client):
    registered = json_client.post(
        "/api/users",
        {"username": NON_ASCII["username"], "email": NON_ASCII["email"], "password": PASSWORD},
    )
    assert registered.status_code == HTTPStatus.CREATED, registered.content
    assert registered.json()["username"] == NON_ASCII["username"]
    user = User.objects.get(pk=registered.json()["id"])

    created = json_client.post(
        "/api/posts", {"title": NON_ASCII["title"], "content": NON_ASCII["content"]}, user=user
    )

    assert created.status_code == HTTPStatus.CREATED
    fetched = json_client.get(f"/api/posts/{created.json()['id']}").json()
    assert (fetched["title"], fetched["content"]) == (NON_ASCII["title"], NON_ASCII["content"])
    assert fetched["author"]["username"] == NON_ASCII["username"]
    assert Post.objects.get().content == NON_ASCII["content"]
    assert NON_ASCII["title"] in client.get("/").content.decode()


@pytest.mark.parametrize(
    "post_id", ["-1", "0", "9223372036854775808", "1" + "0" * 30, "1.5", "1e3"]
)
@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_odd_post_ids(json_client, user, unchanged, method, post_id):
    kwargs = {} if method in ("get", "delete") else {"json": {"title": "T", "content": "C"}}

    response = getattr(json_client, method)(f"/api/posts/{post_id}", user=user, **kwargs)

    assert response.status_code in (HTTPStatus.NOT_FOUND, HTTPStatus.UNPROCESSABLE_ENTITY)
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("user_id", ["-1", "0", "9223372036854775808", "9" * 40])
@pytest.mark.parametrize("path", ["/api/users/{}", "/api/users/{}/posts"])
def test_odd_user_ids(json_client, unchanged, path, user_id):
    response = json_client.get(path.format(user_id))

    assert response.status_code in (HTTPStatus.NOT_FOUND, HTTPStatus.UNPROCESSABLE_ENTITY)


def test_a_body_over_the_size_limit_is_a_json_413(json_client, user, unchanged, settings):
    too_big = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
    body = '{"title": "T", "content": "' + "x" * too_big + '"}'

    response = json_client.post("/api/posts", body, user=user)

    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert response.json() == {"detail": "Request body too large"}


def test_a_form_over_the_size_limit_is_a_json_413(client, user, unchanged, settings):
    too_big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = client.post("/api/users/token", {"username": user.email, "password": too_big})

    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer ",
        "Bearer  ",
        "Bearer a b c",
        "Bearer\ttoken",
        "Bearer " + "A" * 10_000,
        "Bearer e30.e30.",
        "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.",
        "Bearer ..",
        "Bearer ünïcödé",
        "bearer",
        "Basic dXNlcjpwYXNz",
        "Digest username=x",
        "Token abc",
        "abc",
        ",",
    ],
)
def test_malformed_authorization_headers(json_client, unchanged, header):
    response = json_client.post(
        "/api/posts", {"title": "T", "content": "C"}, headers={"Authorization": header}
    )

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response["WWW-Authenticate"] == "Bearer"


def test_smuggled_fields_in_a_new_post_are_ignored(json_client, user, other_user):
    smuggled = {"id": 999, "user_id": other_user.pk, "author": {"id": other_user.pk},
                "author_id": other_user.pk, "date_posted": "2000-01-01T00:00:00Z"}  # fmt: skip

    response = json_client.post("/api/posts", {"title": "T", "content": "C", **smuggled}, user=user)

    assert response.status_code == HTTPStatus.CREATED
    post = Post.objects.get(title="T")
    assert post.pk != 999
    assert post.author == user
    assert post.date_posted.year > 2000


@pytest.mark.parametrize("method", ["put", "patch"])
def test_smuggled_fields_in_a_post_update_are_ignored(json_client, user, other_user, post, method):
    body = {"title": "T", "content": "C", "id": 999, "user_id": other_user.pk,
            "author_id": other_user.pk, "author": {"id": other_user.pk}}  # fmt: skip

    response = getattr(json_client, method)(f"/api/posts/{post.pk}", body, user=user)

    assert response.status_code == HTTPStatus.OK
    post.refresh_from_db()
    assert (post.pk, post.author_id) == (response.json()["id"], user.pk)


def test_smuggled_fields_in_a_profile_update_are_ignored(json_client, user):
    body = {"username": "alicia", "id": 999, "is_staff": True, "is_superuser": True,
            "is_active": False, "password": "hacked-pass", "image_file": "../x.png"}  # fmt: skip

    response = json_client.patch(f"/api/users/{user.pk}", body, user=user)

    assert response.status_code == HTTPStatus.OK
    user.refresh_from_db()
    assert user.username == "alicia"
    assert (user.is_staff, user.is_superuser, user.is_active) == (False, False, True)
    assert user.check_password(PASSWORD)
    assert user.image_file is None


def test_smuggled_fields_in_a_registration_are_ignored(json_client):
    body = {"username": "mallory", "email": "m@example.com", "password": PASSWORD,
            "is_staff": True, "is_superuser": True, "id": 1}  # fmt: skip

    assert json_client.post("/api/users", body).status_code == HTTPStatus.CREATED
    mallory = User.objects.get(username="mallory")
    assert (mallory.is_staff, mallory.is_superuser) == (False, False)


# ---- Malformed framing: every body-taking endpoint answers 4xx and changes nothing -----

FRAMING = {
    "multipart without a boundary": ("multipart/form-data", b"username=a&password=b"),
    "multipart with an empty boundary": ("multipart/form-data; boundary=", b"--\r\n"),
    "multipart that does not match its boundary": (
        "multipart/form-data; boundary=xyz",
        b"--abc\r\nContent-Disposition: form-data; name=title\r\n\r\nT\r\n--abc--\r\n",
    ),
    "an unknown charset": ("application/x-www-form-urlencoded; charset=no-such", b"title=T"),
    "a charset the bytes are not in": ("application/json; charset=utf-16", b'{"title": "T"}'),
    "a form where JSON is expected, or JSON where a form is": (
        "application/x-www-form-urlencoded",
        b'{"title": "T", "content": "C", "username": "u", "password": "p"}',
    ),
    "a type that is no media type": ("nonsense", b"{}"),
    "no type at all": ("", b"title=T&content=C"),
}


def body_endpoints(user, post):
    return [
        ("POST", "/api/users"),
        ("POST", "/api/users/token"),
        ("PATCH", f"/api/users/{user.pk}"),
        ("POST", "/api/posts"),
        ("PUT", f"/api/posts/{post.pk}"),
        ("PATCH", f"/api/posts/{post.pk}"),
    ]


@pytest.mark.parametrize(("content_type", "body"), FRAMING.values(), ids=FRAMING.keys())
def test_malformed_framing_is_a_4xx_everywhere(client, user, post, unchanged, content_type, body):
    for method, path in body_endpoints(user, post):
        response = client.generic(
            method, path, body, content_type=content_type, headers=bearer(user)
        )

        assert 400 <= response.status_code < 500, (method, path, response.content)
        assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("content_length", ["99999999999999999999", "2621441", "-1", "abc"])
def test_an_absurd_content_length_is_a_4xx_everywhere(
    client, user, post, unchanged, content_length
):
    for method, path in body_endpoints(user, post):
        response = client.generic(
            method,
            path,
            b'{"title": "T", "content": "C"}',
            content_type="application/json",
            headers=bearer(user),
            CONTENT_LENGTH=content_length,
        )

        assert 400 <= response.status_code < 500, (method, path, response.content)
